"""The slides' colours: the page's own, read from the custom properties of static/css/chainrule.css
and learn.css (the update phase's new values) under `:root`, `[data-theme="dark"]`,
`[data-palette="cb"]` and their pair, so a theme or palette changed there changes the slides too."""

import re
from functools import cache

from chainrule.engine.catalogs.files import asset_dir

STYLES = ("chainrule.css", "learn.css")
_BLOCK = re.compile(r"^(:root|\[data-[^{]*\])\s*\{([^}]*)\}", re.MULTILINE)
_COLOUR = re.compile(r"--([\w-]+):\s*(#[0-9a-fA-F]{6})\s*;")
Colours = dict[str, str]  # custom property ("fwd", "bwd", "bg", …) → "#rrggbb"


@cache
def _blocks() -> dict[str, Colours]:
    blocks: dict[str, Colours] = {}
    for name in STYLES:
        text = (asset_dir("static") / "css" / name).read_text(encoding="utf-8")
        for selector, body in _BLOCK.findall(text):
            blocks.setdefault(selector.strip(), {}).update(_COLOUR.findall(body))
    return blocks


def colours(theme: str, palette: str) -> Colours:
    """The page's colours under `theme` ("light" | "dark") and `palette` ("classic" | "cb")."""
    blocks = _blocks()
    chosen = [":root"]
    if theme == "dark":
        chosen.append('[data-theme="dark"]')
    if palette == "cb":
        chosen.append('[data-palette="cb"]')
        if theme == "dark":
            chosen.append('[data-theme="dark"][data-palette="cb"]')
    merged: Colours = {}
    for selector in chosen:
        merged |= blocks.get(selector, {})
    return merged


def rgb(colour: str) -> tuple[int, int, int]:
    """"#12813a" → (18, 129, 58)."""
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)
