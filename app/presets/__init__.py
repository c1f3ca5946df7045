"""The gallery's presets, one module per lecture note (CS231n, 밑바닥 2, the blog, the course
deck, the CNN notes, and learning). Titles and notes live in the catalogs as
`example.<id>.title` / `example.<id>.note`, group names as `gallery.group.<group>`."""

from chainrule.app.presets.blog import PRESETS as BLOG
from chainrule.app.presets.cnn import PRESETS as CNN
from chainrule.app.presets.cs231n import PRESETS as CS231N
from chainrule.app.presets.deck import PRESETS as DECK
from chainrule.app.presets.dlfs2 import PRESETS as DLFS2
from chainrule.app.presets.learning import PRESETS as LEARNING
from chainrule.app.presets.preset import Preset

GROUPS = {  # gallery order; each module holds one lecture note's presets in its order
    "cs231n": CS231N,
    "dlfs2": DLFS2,
    "blog": BLOG,
    "deck": DECK,
    "cnn": CNN,
    "learning": LEARNING,
}

PRESETS: dict[str, tuple[str, Preset]] = {
    key: (group, preset) for group, presets in GROUPS.items() for key, preset in presets.items()
}

__all__ = ["GROUPS", "PRESETS", "Preset"]
