"""Where static/ and templates/ live: in the `chainrule` package's root, in a checkout (the
repository's root) and in an installed wheel alike (pyproject.toml's package-data)."""

from pathlib import Path

_ROOT = Path(__file__).resolve().parents[2]  # engine/catalogs/files.py → the package's root


def asset_dir(name: str) -> Path:
    """`static` or `templates`, at the package's root."""
    folder = _ROOT / name
    if not folder.is_dir():
        raise FileNotFoundError(f"chainrule cannot find its {name}/ folder in {_ROOT}")
    return folder
