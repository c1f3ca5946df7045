"""GET /replay: the offline viewer of a training run or an optimizer race, for the page to fill
with what it recorded (engine/export/replay.py) and save as one HTML file."""

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from chainrule.app.lang import page_language
from chainrule.engine.catalogs import i18n
from chainrule.engine.export.replay import replay_html

router = APIRouter(tags=["pages"])


@router.get("/replay", response_class=HTMLResponse)
def replay(
    request: Request, mode: Literal["train", "race"],
    theme: Annotated[Literal["light", "dark"], Query()] = "light",
    palette: Annotated[Literal["classic", "cb"], Query()] = "classic",
) -> HTMLResponse:
    """The shell: every module, library and font inlined; its record still 0 (none)."""
    lang = page_language(request)
    title = i18n.t(lang, f"replay.title_{mode}")
    return HTMLResponse(replay_html(mode, theme=theme, palette=palette, title=title, lang=lang))
