"""The catalogs of words: one message file per language (static/i18n/<lang>.json)."""

from chainrule.engine.catalogs import i18n
from chainrule.engine.core.errors import use_translator


def _words(lang: str | None, msgid: str, **params: object) -> str:
    return i18n.t(lang or i18n.DEFAULT, msgid, **params)


use_translator(_words)  # every GraphError now reads in the catalogs' words
