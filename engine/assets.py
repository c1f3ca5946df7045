"""Where static/ and templates/ live: beside engine/ in a checkout, under app/ in a wheel."""

from pathlib import Path

_ROOT = Path(__file__).resolve().parent.parent


def asset_dir(name: str) -> Path:
    """`static` or `templates`: beside engine/ in a checkout, under app/ in an installed wheel."""
    for candidate in (_ROOT / name, _ROOT / "app" / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"chainrule cannot find its {name}/ folder near {_ROOT}")
