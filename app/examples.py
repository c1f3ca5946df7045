"""The gallery: every preset of app/presets as GET /api/examples serves it, in one language.

Each one's title and note live in the catalogs as `example.<id>.title` and `example.<id>.note`,
its lecture's name as `gallery.group.<group>`."""

from chainrule.app.presets import PRESETS
from chainrule.app.schemas import Example
from chainrule.engine.catalogs import i18n


def examples_in(lang: str) -> list[Example]:
    """Every preset in gallery order, titled and described in `lang`."""
    return [
        Example(id=key, title=i18n.t(lang, f"example.{key}.title"), source=preset.text,
                description=i18n.t(lang, f"example.{key}.note"), group=group,
                group_title=i18n.t(lang, f"gallery.group.{group}"), mode=preset.mode,
                check=preset.check, optimizer=preset.optimizer, settings=preset.settings)
        for key, (group, preset) in PRESETS.items()
    ]


EXAMPLES = examples_in(i18n.DEFAULT)
