"""Message catalogs: one flat JSON file per language, `static/i18n/<lang>.json`.

The same files serve the engine (error messages), the server (pages, examples, the op catalog)
and the browser (every string in static/js). Ids are dotted (`err.name.undefined`); text holds
named placeholders (`{name}`) that `t` fills, as the browser's `t` does.
"""

import contextlib
import json
import locale
import os
import re
from functools import cache
from typing import Any

from chainrule.engine.catalogs.files import asset_dir

LANGUAGES = ("en", "ko")
DEFAULT = "en"
PLACEHOLDER = re.compile(r"\{(\w+)\}")


@cache
def catalog(lang: str) -> dict[str, str]:
    """Every message of `lang` (one of LANGUAGES) by id."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; chainrule speaks {', '.join(LANGUAGES)}")
    path = asset_dir("static") / "i18n" / f"{lang}.json"
    messages: dict[str, str] = json.loads(path.read_text(encoding="utf-8"))
    return messages


def t(lang: str, msgid: str, **params: Any) -> str:
    """The message `msgid` in `lang` (else English, else the id itself) with its placeholders."""
    text = catalog(lang).get(msgid) or catalog(DEFAULT).get(msgid, msgid)
    return PLACEHOLDER.sub(lambda m: str(params.get(m[1], m[0])), text)


def known(msgid: str) -> bool:
    return msgid in catalog(DEFAULT)


def match(tag: str | None) -> str | None:
    """The language chainrule speaks that `tag` names (`ko-KR`, `ko_KR.UTF-8` → "ko"), or None."""
    code = (tag or "").strip().lower().replace("_", "-").split("-")[0].split(".")[0]
    return code if code in LANGUAGES else None


def pick(*tags: str | None) -> str:
    """The first of `tags` that chainrule speaks, else the default."""
    return next((lang for lang in map(match, tags) if lang), DEFAULT)


def system_language() -> str:
    """The language of this machine's locale (for notebooks and the command line)."""
    names = [os.environ.get(key) for key in ("LC_ALL", "LC_MESSAGES", "LANG")]
    with contextlib.suppress(ValueError):
        names.append(locale.getlocale()[0])
    return pick(*names)
