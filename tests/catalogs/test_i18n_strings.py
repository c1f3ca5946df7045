"""No user-facing words outside the catalogs (static/i18n/<lang>.json), and no id missing from one.

Rules of the walk over templates/*.html and static/js/**/*.js (static/vendor is not ours):

Templates. Jinja `{{ ... }}` and `{% ... %}` are cut out first (an expression holding a quoted
string with a space in it, other than a `t("id")`, fails). Then every text node outside
<script>/<style>, and every title, aria-label, placeholder and alt attribute, may hold only
symbols, digits and the names in NAMES ("⇤", "0.5×", "chainrule"); words come from `{{ t("id") }}`.

JavaScript. Every string literal ('…', "…", `…` with its ${} parts cut out) is read with its
escapes decoded. It is a user-facing string, and fails, when
- it holds any Hangul, or
- two or more of its whitespace-separated tokens hold two letters or more (`x = -2; y = 5` is
  code, not words), unless the whole literal has one of these shapes: a CSS selector list (tag
  names from TAGS, .class, #id, [attr], :pseudo), HTML/XML markup whose text and
  title/alt/aria-label values have no words, `name=value` pairs (attributes, a cookie), a media
  query, a `data:`/URL string, or a CSS class list given to `class`/`className`/`classList`; or
- it holds a letter at all and is written straight into the page: `.textContent =`,
  `.title =`, `.placeholder =`, d3's `.text("…")`, `setAttribute("title"|"aria-label", "…")`.
The first argument of `t(…)` is a message id, not text; a template-literal id
(t(`player.progress_${p.phase}`)) must be listed with all its expansions in TEMPLATE_IDS.

Every id so used must be in both catalogs, and the offline file (engine.export.viewer) must fill
every `{{ t("id") }}` of the templates it includes.
"""

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from chainrule.engine.document.build import build
from chainrule.engine.export.viewer import standalone_html

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = sorted((ROOT / "templates").glob("*.html"))
SCRIPTS = sorted((ROOT / "static" / "js").rglob("*.js"))
LANGUAGES = ("en", "ko")
NAMES = {"chainrule"}  # the product's name stays as it is in every language
CHECKED_ATTRIBUTES = {"title", "aria-label", "placeholder", "alt"}
TAGS = {
    "a", "button", "canvas", "circle", "details", "div", "g", "input", "label", "mark", "option",
    "p", "path", "rect", "select", "span", "summary", "svg", "table", "td", "text", "textarea",
    "th", "tr", "title",
}
TEMPLATE_IDS = {
    "player.progress_${}": ["start", "forward", "backward", "update"],
    "inspector.kind_${}": ["input", "const", "data"],
    "check.${}": ["input", "analytic", "numeric", "rel_error"],
    "graph.${}": ["value", "grad"],
    "graph.${}_pending": ["value", "grad"],
    "gate.${}": ["distributor", "swap", "router", "adder"],
    "share.copied_${}": ["link", "embed", "code"],
    "share.by_hand_${}": ["link", "embed", "code"],
    "caption.${}": ["input", "forward", "seed", "chain", "update"],
    "practice.shape_form.${}": ["vector", "matrix", "tensor"],
    "practice.shape_placeholder_${}": ["vector", "tensor"],
    "practice.rank.${}": ["vector", "matrix", "tensor"],
}
SINKS = re.compile(
    r"(?:\.textContent\s*=|\.title\s*=|\.placeholder\s*=|\.text\(|"
    r"setAttribute\(\s*[\"'](?:title|aria-label|placeholder|alt)[\"']\s*,)[^;]*$"
)
CLASS_CONTEXT = re.compile(r"(?:[\"']class[\"']\s*,|className\s*=|classList\.\w+\()[^;]*$")
HANGUL = re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]")


def catalog(lang: str) -> dict[str, str]:
    return json.loads((ROOT / "static" / "i18n" / f"{lang}.json").read_text(encoding="utf-8"))


def has_words(text: str) -> bool:
    """Letters that are not one of NAMES (symbols, digits, ×, → are not words)."""
    return any(ch.isalpha() for ch in re.sub("|".join(NAMES), " ", text))


# --- templates -----------------------------------------------------------------------------

JINJA = re.compile(r"\{\{(.*?)\}\}|\{%.*?%\}|\{#.*?#\}", re.S)
T_CALL = re.compile(r"""\bt\(\s*"([\w.]+)"\s*\)""")


class TemplateWords(HTMLParser):
    """Collects text nodes and checked attribute values that hold words."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.raw = 0  # inside <script> or <style>

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.raw += tag in ("script", "style")
        for name, value in attrs:
            if name in CHECKED_ATTRIBUTES and value and has_words(value):
                self.found.append(f"<{tag} {name}={value!r}>")

    def handle_endtag(self, tag: str) -> None:
        self.raw -= tag in ("script", "style")

    def handle_data(self, data: str) -> None:
        if not self.raw and has_words(data):
            self.found.append(data.strip())


def template_problems(text: str) -> list[str]:
    problems = []
    for match in JINJA.finditer(text):
        expression = match[1] or ""
        quoted = re.findall(r""""[^"]*"|'[^']*'""", T_CALL.sub("", expression))
        if any(" " in q for q in quoted):
            problems.append(f"literal text in Jinja: {match[0]}")
    parser = TemplateWords()
    parser.feed(JINJA.sub(" ", text))
    return problems + parser.found


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: p.name)
def test_templates_have_no_literal_words(path: Path) -> None:
    assert template_problems(path.read_text(encoding="utf-8")) == []


def test_template_walk_catches_words() -> None:
    sample = '<p title="copy it">Hi there</p><b>{{ t("a.b") }} ⇤ 0.5×</b><i>{{ "two words" }}</i>'
    assert template_problems(sample) == [
        "literal text in Jinja: {{ \"two words\" }}", "<p title='copy it'>", "Hi there"]


# --- JavaScript ----------------------------------------------------------------------------

REGEX_BEFORE = set("(,=:[!&|?{};+-*%<>~^") | {"return", "typeof", "case", "", "=>"}
HOLE = "\x00"  # where a template literal's ${…} was


def js_tokens(source: str) -> list[tuple[str, str, int]]:
    """(kind, text, offset) of each token: "str" (decoded literal, ${…} as HOLE), "id", "p"."""
    tokens: list[tuple[str, str, int]] = []
    holes: list[list[int]] = []  # [brace depth, its literal's token index] per open ${ … }
    i, n = 0, len(source)
    while i < n:
        ch = source[i]
        if source.startswith("//", i):
            end = source.find("\n", i)
            i = n if end < 0 else end
        elif source.startswith("/*", i):
            i = source.index("*/", i) + 2
        elif ch.isspace():
            i += 1
        elif ch in "'\"":
            end = _string_end(source, i, ch)
            tokens.append(("str", _decode(source[i + 1:end]), i))
            i = end + 1
        elif ch == "`":
            tokens.append(("str", "", i))
            i = _template(source, i + 1, tokens, len(tokens) - 1, holes)
        elif ch == "}" and holes and holes[-1][0] == 0:
            index = holes.pop()[1]
            tokens[index] = ("str", tokens[index][1] + HOLE, tokens[index][2])
            i = _template(source, i + 1, tokens, index, holes)
        elif ch == "/" and (tokens[-1][1] if tokens else "") in REGEX_BEFORE:
            i = _regex_end(source, i)
        elif ch.isalnum() or ch in "_$":
            match = re.compile(r"[\w$]+").match(source, i)
            assert match
            tokens.append(("id", match[0], i))
            i = match.end()
        else:
            if holes and ch in "{}":
                holes[-1][0] += 1 if ch == "{" else -1
            op = "=>" if source.startswith("=>", i) else ch
            tokens.append(("p", op, i))
            i += len(op)
    return tokens


def _string_end(source: str, i: int, quote: str) -> int:
    j = i + 1
    while source[j] != quote:
        j += 2 if source[j] == "\\" else 1
    return j


def _template(source: str, i: int, tokens: list[tuple[str, str, int]], index: int,
              holes: list[list[int]]) -> int:
    """Add a template literal's text from `i` to its token `index`, up to its end or next ${."""
    j = i
    while source[j] != "`" and not source.startswith("${", j):
        j += 2 if source[j] == "\\" else 1
    kind, text, at = tokens[index]
    tokens[index] = (kind, text + _decode(source[i:j]), at)
    if source[j] == "`":
        return j + 1
    holes.append([0, index])
    return j + 2


def _regex_end(source: str, i: int) -> int:
    j, in_class = i + 1, False
    while source[j] != "/" or in_class:
        if source[j] == "\\":
            j += 1
        elif source[j] in "[]":
            in_class = source[j] == "["
        j += 1
    match = re.compile(r"[a-z]*").match(source, j + 1)
    return match.end() if match else j + 1


def _decode(text: str) -> str:
    return re.sub(r"\\(u\{?[0-9a-fA-F]+\}?|x[0-9a-fA-F]{2}|.)", _escape, text, flags=re.S)


def _escape(match: re.Match[str]) -> str:
    code = match[1]
    if code[0] in "ux" and len(code) > 1:
        return chr(int(code[1:].strip("{}"), 16))
    return {"n": "\n", "t": "\t", "r": "\r"}.get(code, code)


SELECTOR_PART = re.compile(
    r"^(?P<tag>[a-z][a-z0-9-]*|\*)?(?P<rest>(?:[.#][\w-]+|\[[^\]]+\]|::?[\w-]+(?:\([^)]*\))?)*)$")


def is_selector(text: str) -> bool:
    """A CSS selector list: each part a known tag and/or .class, #id, [attr], :pseudo."""
    parts = [p for p in re.split(r"[\s,>+~]+", text.strip()) if p]
    matches = [SELECTOR_PART.match(p) for p in parts]
    known = (m and (m["tag"] in TAGS | {"*"} or (not m["tag"] and m["rest"])) for m in matches)
    return bool(parts) and all(known)


def is_markup(text: str) -> bool:
    """HTML/XML markup whose text and titles (the user-facing parts) hold no words."""
    if not text.lstrip().startswith("<"):
        return False
    titles = re.findall(r"""\b(?:title|alt|aria-label)=["']([^"']*)["']""", text)
    outside = re.sub(r"<[^>]*(?:>|$)", " ", text)
    return not any(has_words(x.replace(HOLE, "")) for x in [*titles, outside])


def is_key_values(text: str) -> bool:
    """Attributes or a cookie: every token with letters is a `name=value` pair."""
    return all("=" in token for token in text.split() if has_words(token))


def is_media_query(text: str) -> bool:
    """matchMedia's `(max-width: 600px)`, `(hover: none) and (pointer: coarse)`, or a list of
    them separated by commas (a part of one such list split over two literals included)."""
    feature = r"\(\s*[a-z-]+\s*(?::\s*[\w.-]+\s*)?\)"
    query = rf"{feature}(?:\s+and\s+{feature})*"
    parts = [part.strip() for part in text.split(",")]
    return any(parts) and all(re.fullmatch(query, part) for part in parts if part)


def is_url(text: str) -> bool:
    return re.match(r"^(?:[a-z]+:|/|\?)\S*$", text.strip()) is not None


def word_tokens(text: str) -> int:
    """Whitespace-separated tokens with two letters or more (`x = -2` is code, not words)."""
    letters = (sum(ch.isalpha() for ch in token) for token in text.replace(HOLE, "").split())
    return sum(count >= 2 for count in letters)


def literal_problem(text: str, before: str) -> str | None:
    """Why this literal (with the code before it on its statement) is user-facing, or None."""
    if HANGUL.search(text):
        return "Hangul"
    if SINKS.search(before) and has_words(text.replace(HOLE, "")):
        return "written into the page"
    shapes = (is_selector, is_markup, is_key_values, is_media_query, is_url)
    if word_tokens(text) < 2 or any(shape(text) for shape in shapes):
        return None
    if CLASS_CONTEXT.search(before):
        return None
    return "words"


def t_arguments(tokens: list[tuple[str, str, int]]) -> set[int]:
    """Indices of the literals that make up the first argument of a `t(…)` call."""
    found: set[int] = set()
    for k, (kind, text, _) in enumerate(tokens[:-1]):
        if kind != "id" or text != "t" or tokens[k + 1][1] != "(" or tokens[k - 1][1] == ".":
            continue
        depth = 0
        for j in range(k + 1, len(tokens)):
            text_j = tokens[j][1]
            depth += text_j in "([{" if tokens[j][0] == "p" else 0
            depth -= text_j in ")]}" if tokens[j][0] == "p" else 0
            if depth == 0 or (depth == 1 and tokens[j] == ("p", ",", tokens[j][2])):
                break
            if tokens[j][0] == "str":
                found.add(j)
    return found


def script_findings(source: str) -> tuple[list[str], set[str]]:
    """(problems, message ids used) of one JavaScript file."""
    tokens = js_tokens(source)
    ids_at = t_arguments(tokens)
    problems, ids = [], set()
    for k, (kind, text, at) in enumerate(tokens):
        if kind != "str":
            continue
        if k in ids_at:
            ids |= expand_id(text)
            continue
        statement = re.split(r"[;{}\n]\s*(?=\S)", source[max(0, at - 200):at])[-1]
        line = source.count("\n", 0, at) + 1
        if why := literal_problem(text, statement):
            problems.append(f"line {line}: {why}: {text.replace(HOLE, '${…}')!r}")
    return problems, ids


def expand_id(text: str) -> set[str]:
    if HOLE not in text:
        return {text}
    pattern = text.replace(HOLE, "${}")
    assert pattern in TEMPLATE_IDS, f"list the expansions of t(`{pattern}`) in TEMPLATE_IDS"
    return {pattern.replace("${}", part) for part in TEMPLATE_IDS[pattern]}


@pytest.mark.parametrize("path", SCRIPTS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_scripts_have_no_literal_words(path: Path) -> None:
    problems, _ = script_findings(path.read_text(encoding="utf-8"))
    assert problems == []


CAUGHT = [
    ('el.textContent = "Click a gate to see it";', "written into the page"),
    ('const hint = "checking the gradients";', "words"),
    ('button.title = "close";', "written into the page"),
    ('node.append("title").text("collapse");', "written into the page"),
    ("const s = `line ${n}, column ${c}`;", "words"),
    ('const k = "역전파";', "Hangul"),
    ("const x = '<iframe title=\"my graph\"></iframe>';", "words"),
]
LET_THROUGH = [
    'root.querySelector("textarea, input, select, [contenteditable]");',
    'svg.selectAll("g.edge-label text.value");',
    'el.setAttribute("aria-pressed", "true");',
    "g.attr(\"class\", (n) => `node kind-${n.kind}`);",
    'const mime = "data:image/svg+xml;charset=utf-8,";',
    'const phone = matchMedia("(max-width: 600px)");',
    "const head = `<?xml version=\"1.0\" encoding=\"UTF-8\"?>`;",
    'el.textContent = t("inspector.hint"); const r = /"/g; const s = "two words";',
]


@pytest.mark.parametrize(("code", "why"), CAUGHT)
def test_script_walk_catches(code: str, why: str) -> None:
    problems, _ = script_findings(code)
    assert len(problems) == 1 and f": {why}:" in problems[0], problems


def test_script_walk_lets_through() -> None:
    for code in LET_THROUGH[:-1]:
        assert script_findings(code)[0] == [], code
    problems, ids = script_findings(LET_THROUGH[-1])
    assert ids == {"inspector.hint"} and len(problems) == 1  # the regex's quote opens no string


def test_template_literal_ids_expand() -> None:
    _, ids = script_findings("el.textContent = t(`share.copied_${kind}`, { n });")
    assert ids == {"share.copied_link", "share.copied_embed", "share.copied_code"}


# --- catalogs ------------------------------------------------------------------------------

def used_ids() -> dict[str, set[str]]:
    """Every message id the templates and scripts ask for, with the files that ask."""
    used: dict[str, set[str]] = {}
    for path in TEMPLATES:
        for msgid in T_CALL.findall(path.read_text(encoding="utf-8")):
            used.setdefault(msgid, set()).add(path.name)
    for path in SCRIPTS:
        for msgid in script_findings(path.read_text(encoding="utf-8"))[1]:
            used.setdefault(msgid, set()).add(path.name)
    return used


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_used_id_is_in_the_catalog(lang: str) -> None:
    messages = catalog(lang)
    used = used_ids()
    assert len(used) > 60
    assert {msgid: sorted(files) for msgid, files in used.items() if msgid not in messages} == {}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_offline_file_fills_every_word(lang: str) -> None:
    page = standalone_html(build("x = 1\nf = x * 2"), lang=lang)
    assert '{{ t("' not in page
    assert f'<span class="legend-fwd">{catalog(lang)["stage.legend_forward"]}</span>' in page
