"""One self-contained HTML file that replays a training run or an optimizer race offline.

The page records what the server answered (the /api/train documents, the boundary frames, the
graphs it scrubbed to, the race's paths and contour grid) and puts it into this shell's
`<script id="chainrule-replay">`; `replay_html(mode, record)` does the same from Python.
"""

import html
import json
from typing import Any

from engine import i18n
from engine.assets import asset_dir
from engine.viewer import _MARKER, _fill, _modules, script_json

MODES = ("train", "race")
PLACEHOLDER = '<script type="application/json" id="chainrule-replay">0</script>'


def replay_html(mode: str, record: dict[str, Any] | None = None, *, theme: str = "light",
                palette: str = "classic", title: str = "chainrule",
                lang: str | None = None) -> str:
    """The viewer of `mode` ("train" or "race") with `record` inside; None leaves the
    placeholder that the page fills in the browser."""
    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}, got {mode!r}")
    static, templates = asset_dir("static"), asset_dir("templates")
    lang = i18n.match(lang) or i18n.system_language()
    fields = {
        "lang": lang, "mode": mode, "messages": script_json(i18n.catalog(lang)),
        "title": html.escape(title), "theme": html.escape(theme), "palette": html.escape(palette),
        "importmap": script_json({"imports": _modules(static)}),
    }
    page = (templates / "replay.html").read_text(encoding="utf-8")
    page = _MARKER.sub(lambda m: _fill(static, templates, fields, m), page)
    if record is None:
        return page
    return page.replace(PLACEHOLDER, PLACEHOLDER.replace(">0<", f">{record_json(record)}<"))


def record_json(record: dict[str, Any]) -> str:
    """The record as JSON that can sit in a <script>: every "<" (inside strings) as a JSON
    unicode escape."""
    return json.dumps(record, ensure_ascii=False, allow_nan=False).replace("<", "\\u003c")

