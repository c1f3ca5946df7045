"""The catalogs (static/i18n/<lang>.json) as files, and every message id the server code uses.

The walk over engine/ and app/ reads the code with `ast`: a GraphError (or subclass) built with a
string literal must name a catalog id, never an f-string or a sentence; its keyword arguments must
fill the message's placeholders; and any other "err.…" literal (tables of ids) must be an id too.
"""

import ast
import json
import re
from pathlib import Path

import pytest

from chainrule.engine.catalogs import i18n

ROOT = Path(__file__).resolve().parents[2]
CODE = sorted([*(ROOT / "engine").rglob("*.py"), *(ROOT / "app").rglob("*.py")])
ERRORS = {"GraphError", "SyntaxErr", "NameErr", "ShapeError", "ValueErr", "LimitError"}
PLACE = {"line", "column", "end_line", "end_column"}  # GraphError's own parameters
PLACEHOLDER = re.compile(r"\{(\w+)\}")
HANGUL = re.compile(r"[\uac00-\ud7a3]")
# Korean values that may hold Latin letters and no Hangul, each with its reason (a value of
# placeholders and symbols only, such as err.http's "{detail}", passes by itself).
OPTIMIZER_NAME = "an optimizer's name as the Korean lecture notes write it"
NOT_TRANSLATED: dict[str, str] = {
    "optim.sgd": OPTIMIZER_NAME, "optim.adagrad": OPTIMIZER_NAME,
    "optim.rmsprop": OPTIMIZER_NAME, "optim.adam": OPTIMIZER_NAME,
}


def read(lang: str) -> str:
    return (ROOT / "static" / "i18n" / f"{lang}.json").read_text(encoding="utf-8")


def placeholders(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text))


Site = tuple[int, str, ast.expr | None, ast.Call]


def raise_sites(code: str) -> list[Site]:
    """(line, error class, first argument, call) of every GraphError construction in `code`."""
    sites = []
    for node in ast.walk(ast.parse(code)):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name | ast.Attribute):
            name = node.func.id if isinstance(node.func, ast.Name) else node.func.attr
            if name in ERRORS:
                sites.append((node.lineno, name, node.args[0] if node.args else None, node))
    return sites


def problems(code: str, label: str, messages: dict[str, str]) -> list[str]:
    """What is wrong with the error constructions in `code`."""
    found = []
    for line, name, first, call in raise_sites(code):
        where = f"{label}:{line}: {name}"
        if isinstance(first, ast.JoinedStr):
            found.append(f"{where} takes an f-string; use an id with named placeholders")
        elif isinstance(first, ast.Constant) and isinstance(first.value, str):
            if first.value not in messages:
                found.append(f"{where}({first.value!r}) is not a catalog id")
                continue
            wanted = placeholders(messages[first.value])
            given = {k.arg for k in call.keywords if k.arg}
            if wanted & PLACE:
                found.append(f"{where}: {first.value} has a placeholder named like a place")
            elif not any(k.arg is None for k in call.keywords) and wanted != given - PLACE:
                found.append(f"{where}: {first.value} wants {sorted(wanted)}, gets {sorted(given)}")
    return found


def test_json_files_are_valid_flat_and_sorted() -> None:
    for lang in i18n.LANGUAGES:
        text = read(lang)
        messages = json.loads(text)
        assert all(isinstance(v, str) and v for v in messages.values()), lang
        dumped = json.dumps(messages, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
        assert text == dumped, f"{lang}.json: write it with sort_keys=True, indent=2"


def test_every_id_in_both_languages_with_the_same_placeholders() -> None:
    en, ko = (json.loads(read(lang)) for lang in ("en", "ko"))
    assert sorted(set(en) ^ set(ko)) == []
    differ = [msgid for msgid in en if placeholders(en[msgid]) != placeholders(ko[msgid])]
    assert differ == []


def test_korean_values_are_korean() -> None:
    ko = json.loads(read("ko"))
    latin_only = {
        msgid for msgid, text in ko.items()
        if re.search("[A-Za-z]", PLACEHOLDER.sub("", text)) and not HANGUL.search(text)
    }
    assert sorted(latin_only - set(NOT_TRANSLATED)) == []
    assert sorted(set(NOT_TRANSLATED) - latin_only) == []  # no stale entries


@pytest.mark.parametrize("path", CODE, ids=lambda p: str(p.relative_to(ROOT)))
def test_errors_are_raised_with_catalog_ids(path: Path) -> None:
    code = path.read_text(encoding="utf-8")
    assert problems(code, str(path.relative_to(ROOT)), i18n.catalog("en")) == []


@pytest.mark.parametrize("path", CODE, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_error_id_literal_is_in_the_catalog(path: Path) -> None:
    """Ids kept in tables (Python's syntax messages, refused expressions) exist too."""
    literals = {
        node.value for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
        and re.fullmatch(r"err(\.\w+)+", node.value)
    }
    assert sorted(literals - set(i18n.catalog("en"))) == []


@pytest.mark.parametrize(("code", "why"), [
    ('raise ValueErr(f"{name} is bad")', "f-string"),
    ('raise SyntaxErr("imports are not allowed")', "not a catalog id"),
    ('raise ShapeError("err.shape.reshape", shape="(2,)")', "wants ['shape', 'target']"),
    ('raise errors.LimitError("err.limit.nodez", limit="5")', "not a catalog id"),
    ('raise GraphError("err.at", kind="k", line=1, column=1, message="m")', "like a place"),
    ('raise NameErr("err.name.undefined", 3, 4, name="x")', None),
    ('raise LimitError("err.limit.tensor", **params)', None),
    ('raise ValueErr(msgid, **params)', None),
])
def test_the_walk_catches(code: str, why: str | None) -> None:
    found = " ".join(problems(code, "probe", i18n.catalog("en")))
    assert (why in found) if why else found == ""
