"""One self-contained HTML file that steps through a traced graph offline (notebooks, exports).

The viewer is the web app's own ES modules, served from an import map of data: URLs, with the
vendored libraries and KaTeX fonts inlined; it needs no server and no network.
"""

import base64
import html
import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from chainrule.engine.catalogs import i18n
from chainrule.engine.catalogs.files import asset_dir
from chainrule.engine.core import limits
from chainrule.engine.learning import optim

# One pass over the template: inlined files are never scanned for markers themselves; an
# included template (_stage.html, shared with Jinja) only for its words, {{ t("id") }}.
_WORDS = r"\{\{ t\(\"(?P<msgid>[\w.]+)\"\) \}\}"
_MARKER = re.compile(
    r"/\*\s*inline:\s*(?P<inline>\S+)\s*\*/|<!--\s*include:\s*(?P<include>\S+)\s*-->"
    r"|\{\{ (?P<field>\w+) \}\}|" + _WORDS
)
_FONT = re.compile(r"url\((fonts/[^)]+\.woff2)\)")
_FALLBACK_FONT = re.compile(r',url\(fonts/[^)]+\.(?:woff|ttf)\) format\("(?:woff|truetype)"\)')


def standalone_html(
    document: dict[str, Any], *, step: int | None = None, theme: str = "light",
    palette: str = "classic", controls: bool = True, title: str = "chainrule",
    collapsed: Sequence[str] = (), lang: str | None = None, practice: str | None = None,
    ask: Sequence[str] = (), variants: Sequence[dict[str, Any]] = (), explain: str = "",
) -> str:
    """The whole viewer and `document` (a trace) in one HTML string; step None means the end.

    `collapsed` lists the groups (def calls, e.g. "g0") drawn shut as one gate; `lang` is the
    language of every word in it (default: this machine's locale). `practice` ("grad", "value",
    "both") opens practice mode asking the edges in `ask` (all when empty); `variants` are the
    same graph with other input numbers, for its "new numbers" button (engine.document.renumber).
    `explain` names a gate (name or id) whose explainer opens with the file, if it has one."""
    fields = {
        "step": "" if step is None else str(int(step)), "controls": "1" if controls else "0",
        "collapsed": html.escape(",".join(collapsed)),
        "practice": html.escape(practice or ""), "ask": html.escape(",".join(ask)),
        "explain": html.escape(explain),
        "variants": script_json(list(variants)), "graph": script_json(document),
    }
    return offline_page("standalone.html", fields, title=title, theme=theme, palette=palette,
                        lang=lang)


def offline_page(
    template: str, fields: dict[str, str], *, title: str, theme: str, palette: str,
    lang: str | None,
) -> str:
    """`templates/<template>` with its markers filled: `fields` plus what every offline page
    has (language and catalog, title, theme, palette, the import map of static/js)."""
    static, templates = asset_dir("static"), asset_dir("templates")
    lang = i18n.match(lang) or i18n.system_language()
    fields = fields | {
        "lang": lang, "messages": script_json(i18n.catalog(lang)), "facts": script_json(facts()),
        "title": html.escape(title), "theme": html.escape(theme), "palette": html.escape(palette),
        "importmap": script_json({"imports": _modules(static)}),
    }
    page = (templates / template).read_text(encoding="utf-8")
    return _MARKER.sub(lambda m: _fill(static, templates, fields, m), page)


def facts() -> dict[str, Any]:
    """What the page must agree on with the server, embedded in every page beside the messages
    (static/js/train/facts.js reads it): the limits, and the optimizer table."""
    return {"limits": limits.page()} | optim.table()


def script_json(value: Any) -> str:
    """`value` as JSON that can sit inside a <script> element (and still parse as JSON).

    Every "<" is written \\u003c, so neither "</script>" nor "<!--" can occur; JSON.parse
    reads it back as "<" (a `<\\!--` escape, fine in JavaScript, is not valid JSON)."""
    return json.dumps(value, ensure_ascii=False, allow_nan=False).replace("<", "\\u003c")


def _fill(static: Path, templates: Path, fields: dict[str, str], match: re.Match[str]) -> str:
    if match["field"]:
        return fields[match["field"]]
    if match["msgid"]:
        return _words(fields["lang"], match)
    if match["include"]:  # <!-- include: _stage.html -->
        text = (templates / match["include"]).read_text(encoding="utf-8")
        return re.sub(_WORDS, lambda m: _words(fields["lang"], m), text)
    path = static / match["inline"]
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".css":
        fonts = path.parent
        text = _FALLBACK_FONT.sub("", text)  # only woff2 is vendored, and every browser reads it
        return _FONT.sub(lambda m: f"url({_data_url(fonts / m.group(1), 'font/woff2')})", text)
    return _script_safe(text)


def _words(lang: str, match: re.Match[str]) -> str:
    """{{ t("player.next") }} in `lang`, as Jinja fills it on served pages."""
    return html.escape(i18n.t(lang, match["msgid"]))


def _modules(static: Path) -> dict[str, str]:
    """Every ES module under static/js (feature folders too) as chainrule/<path> → data: URL."""
    js = static / "js"
    return {
        f"chainrule/{path.relative_to(js).as_posix()}": _data_url(path, "text/javascript")
        for path in sorted(js.rglob("*.js"))
    }


def _data_url(path: Path, mime: str) -> str:
    return f"data:{mime};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"


def _script_safe(text: str) -> str:
    """Text that cannot end the <script> element it sits in."""
    return text.replace("</", "<\\/").replace("<!--", "<\\!--")
