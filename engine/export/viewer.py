"""One self-contained HTML file that steps through a traced graph offline (notebooks, exports).

The viewer is the web app's own ES modules, served from an import map of data: URLs, with the
vendored libraries and KaTeX fonts inlined; it needs no server and no network.
"""

import base64
import json
import re
from collections.abc import Sequence
from functools import cache, partial
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from chainrule.engine.catalogs import i18n
from chainrule.engine.catalogs.files import asset_dir
from chainrule.engine.core import limits
from chainrule.engine.learning import optim

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
        "collapsed": ",".join(collapsed), "practice": practice or "", "ask": ",".join(ask),
        "explain": explain,
        "variants": Markup(script_json(list(variants))), "graph": Markup(script_json(document)),
    }
    return offline_page("standalone.html", fields, title=title, theme=theme, palette=palette,
                        lang=lang)


def offline_page(
    template: str, fields: dict[str, Any], *, title: str, theme: str, palette: str,
    lang: str | None,
) -> str:
    """`templates/<template>` rendered by Jinja2 with `fields` and what every offline page has:
    its language and catalog, title, theme, palette, the import map of static/js, and
    `inline(path)`, a static file's text put into the page."""
    static = asset_dir("static")
    lang = i18n.match(lang) or i18n.system_language()
    return _environment().get_template(template).render(
        fields, lang=lang, t=partial(i18n.t, lang), title=title, theme=theme, palette=palette,
        messages=Markup(script_json(i18n.catalog(lang))), facts=Markup(script_json(facts())),
        importmap=Markup(script_json({"imports": _modules(static)})),
        inline=partial(_inline, static))


@cache
def _environment() -> jinja2.Environment:
    """The offline pages' Jinja2: the served pages' templates folder, escaping on."""
    return jinja2.Environment(loader=jinja2.FileSystemLoader(asset_dir("templates")),
                              autoescape=True, keep_trailing_newline=True)


def facts() -> dict[str, Any]:
    """What the page must agree on with the server, embedded in every page beside the messages
    (static/js/train/facts.js reads it): the limits, and the optimizer table."""
    return {"limits": limits.page()} | optim.table()


def script_json(value: Any) -> str:
    """`value` as JSON that can sit inside a <script> element (and still parse as JSON).

    Every "<" is written \\u003c, so neither "</script>" nor "<!--" can occur; JSON.parse
    reads it back as "<" (a `<\\!--` escape, fine in JavaScript, is not valid JSON)."""
    return json.dumps(value, ensure_ascii=False, allow_nan=False).replace("<", "\\u003c")


def _inline(static: Path, name: str) -> Markup:
    """static/<name> as text for a <style> or <script> element: a style sheet with its woff2
    fonts as data: URLs, a script unable to end its element."""
    path = static / name
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".css":
        fonts = path.parent
        text = _FALLBACK_FONT.sub("", text)  # only woff2 is vendored, and every browser reads it
        text = _FONT.sub(lambda m: f"url({_data_url(fonts / m.group(1), 'font/woff2')})", text)
        return Markup(text)
    return Markup(_script_safe(text))


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
