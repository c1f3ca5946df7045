"""One place per fact in static/js: the view parameters are read and written only by url.js (its
one table), and the server is asked only by api.js. Read from the files, not run: identifiers are
found with the JavaScript tokenizer of tests/catalogs/test_i18n_strings.py, so comments and strings
that name them do not count."""

import re
from pathlib import Path

from tests.catalogs.test_i18n_strings import js_tokens

ROOT = Path(__file__).resolve().parents[2]
JS = ROOT / "static" / "js"
SCRIPTS = sorted(JS.rglob("*.js"))
URL_MODULE = "url.js"  # the view parameters' table, with their read and write functions
API_MODULE = "api.js"  # every request to the server
# Modules that may still do what a rule below keeps to one module: {rule: {module: reason}}.
EXCEPTIONS: dict[str, dict[str, str]] = {"address": {}, "requests": {}}


def address_uses(source: str) -> list[str]:
    """What `source` does with a URL's query, fragment or the address bar."""
    tokens = [text for kind, text, _ in js_tokens(source) if kind != "str"]
    found = [t for t in tokens if t in ("URLSearchParams", "searchParams", "replaceState",
                                        "pushState")]
    found += [f"location.{tokens[i + 2]}" for i, t in enumerate(tokens[:-2])
              if t == "location" and tokens[i + 1] == "." and tokens[i + 2] in ("search", "hash")]
    return found


def requests(source: str) -> list[str]:
    """The server requests `source` makes: fetch(…) (not a method named fetch), XMLHttpRequest,
    EventSource, sendBeacon, and the strings naming an /api/ route."""
    tokens = js_tokens(source)
    found = ["fetch(" for i, (kind, text, _) in enumerate(tokens[:-1])
             if kind == "id" and text == "fetch" and tokens[i + 1][1] == "("
             and (i == 0 or tokens[i - 1][1] != ".") and not defines(tokens, i)]
    found += [text for kind, text, _ in tokens
              if kind == "id" and text in ("XMLHttpRequest", "EventSource", "sendBeacon")]
    found += [text for kind, text, _ in tokens if kind == "str" and "/api/" in text]
    return found


def defines(tokens: list[tuple[str, str, int]], i: int) -> bool:
    """Whether the name at `i` starts a function or method definition (`async fetch(…) {`)."""
    depth = 0
    for j in range(i + 1, len(tokens)):
        kind, text, _ = tokens[j]
        depth += (text == "(") - (text == ")") if kind == "p" else 0
        if depth == 0:
            return j + 1 < len(tokens) and tokens[j + 1][1] == "{"
    return False


def name(path: Path) -> str:
    return path.relative_to(JS).as_posix()


def test_only_url_js_touches_the_address() -> None:
    assert len(SCRIPTS) > 50
    found = {name(p): address_uses(p.read_text("utf-8")) for p in SCRIPTS}
    others = {path: uses for path, uses in found.items()
              if uses and path != URL_MODULE and path not in EXCEPTIONS["address"]}
    assert others == {}
    assert "URLSearchParams" in found[URL_MODULE]


def test_only_api_js_asks_the_server() -> None:
    found = {name(p): requests(p.read_text("utf-8")) for p in SCRIPTS}
    others = {path: calls for path, calls in found.items()
              if calls and path != API_MODULE and path not in EXCEPTIONS["requests"]}
    assert others == {}
    assert "fetch(" in found[API_MODULE] and "/api/graph" in found[API_MODULE]


def test_the_finders_find() -> None:
    assert address_uses('const q = new URLSearchParams(location.search).get("src");') == [
        "URLSearchParams", "location.search"]
    assert address_uses("url.searchParams.set(k, v); history.replaceState(null, '', url);") == [
        "searchParams", "replaceState"]
    assert address_uses("const h = location.hash; // not location.search") == ["location.hash"]
    assert address_uses('location.assign(href); const s = "location.search";') == []
    assert requests('await fetch("/api/graph", { method: "POST" });') == ["fetch(", "/api/graph"]
    assert requests("fetch(`/replay?${query}`); new EventSource(u);") == [
        "fetch(", "EventSource"]
    assert requests('this.updateBar.fetch(source); // fetch("/api/x")') == []
    assert requests("class Bar { async fetch(source, options = {}) { return 1; } }") == []


# --- templates: the one inline reader of the address, and the documented parameters -----------

def table_values(key: str) -> list[str]:
    """The `values` of url.js's row `key` (an enum of literal strings)."""
    source = (JS / URL_MODULE).read_text("utf-8")
    row = re.search(rf'\{{ key: "{key}", kind: "enum", values: \[([^\]]*)\]', source)
    assert row, key
    return re.findall(r'"([^"]*)"', row[1])


def test_only_base_html_reads_the_address_before_first_paint() -> None:
    """Module scripts run after parsing; only the theme and palette must apply before the first
    paint, so base.html's classic script reads them, with url.js's values."""
    readers = [p.name for p in (ROOT / "templates").glob("*.html")
               if re.search(r"URLSearchParams|location\.(search|hash)", p.read_text("utf-8"))]
    assert readers == ["base.html"]
    script = (ROOT / "templates" / "base.html").read_text("utf-8")
    allowed = re.search(r"const allowed = \{(.*?)\};", script, re.S)
    assert allowed
    inline = {key: re.findall(r'"([^"]*)"', values)
              for key, values in re.findall(r"(\w+): \[([^\]]*)\]", allowed[1])}
    assert inline == {"theme": table_values("theme"), "palette": table_values("palette")}


def test_every_documented_parameter_is_in_the_table() -> None:
    """docs/api.md's view parameters and the learning views' settings are url.js's rows."""
    doc = (ROOT / "docs" / "api.md").read_text("utf-8")
    pages = doc[doc.index("## Pages and their view parameters"):]
    rows = re.findall(r"^\| `(\w+)` \|", pages, re.M)
    settings = pages[pages.index("The learning views' settings"):]
    settings = re.findall(r"`([a-z_<>]+)`", settings[:settings.index("\n\n")])
    source = (JS / URL_MODULE).read_text("utf-8")
    keys = set(re.findall(r'\{ key: "(\w+)"', source))
    assert len(rows) == 12 and len(settings) == 13
    assert [key for key in rows + settings if key not in keys] == ["lr_<optimizer>"]
    assert "key: `lr_${name}`" in source  # one row per optimizer
