"""Where static/ and templates/ live: inside the installed package, or beside it in a checkout."""

from pathlib import Path

_HERE = Path(__file__).resolve().parent


def asset_dir(name: str) -> Path:
    """Return the `static` or `templates` folder for an installed wheel or a source checkout."""
    for candidate in (_HERE / name, _HERE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"chainrule cannot find its {name}/ folder next to {_HERE}")


STATIC_DIR = asset_dir("static")
TEMPLATES_DIR = asset_dir("templates")
