"""One self-contained HTML file that replays a training run or an optimizer race offline.

The page records what the server answered (the /api/train documents, the boundary frames, the
graphs it scrubbed to, the race's paths and contour grid) and puts it into this shell's
`<script id="chainrule-replay">`; `replay_html(mode, record)` does the same from Python.
"""

from typing import Any

from chainrule.engine.export.viewer import offline_page, script_json

MODES = ("train", "race")
PLACEHOLDER = '<script type="application/json" id="chainrule-replay">0</script>'


def replay_html(mode: str, record: dict[str, Any] | None = None, *, theme: str = "light",
                palette: str = "classic", title: str = "chainrule",
                lang: str | None = None) -> str:
    """The viewer of `mode` ("train" or "race") with `record` inside; None leaves the
    placeholder that the page fills in the browser."""
    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}, got {mode!r}")
    page = offline_page("replay.html", {"mode": mode}, title=title, theme=theme,
                        palette=palette, lang=lang)
    if record is None:
        return page
    return page.replace(PLACEHOLDER, PLACEHOLDER.replace(">0<", f">{script_json(record)}<"))

