"""A non-editable install must carry static/ and templates/ inside the app package."""

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from app.cli import build_parser

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> zipfile.ZipFile:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "--no-build-isolation",
         "--quiet", "-w", str(out)],
        check=True,
    )
    (path,) = out.glob("chainrule-*.whl")
    return zipfile.ZipFile(path)


def test_wheel_holds_pages_scripts_and_vendored_libraries(wheel: zipfile.ZipFile) -> None:
    names = set(wheel.namelist())
    expected = {"app/templates/index.html", "app/templates/base.html", "app/static/js/page/app.js",
                "engine/__init__.py", "app/api.py"}
    assert expected <= names
    assert any(n.startswith("app/static/vendor/katex-") and n.endswith(".woff2") for n in names)
    assert not any(n.startswith(("tests/", "bench/")) for n in names)


def test_wheel_declares_the_console_script(wheel: zipfile.ZipFile) -> None:
    (entry,) = [n for n in wheel.namelist() if n.endswith("entry_points.txt")]
    assert "chainrule = app.cli:main" in wheel.read(entry).decode()


def test_cli_serve_options() -> None:
    args = build_parser().parse_args(["serve", "--host", "0.0.0.0", "--port", "9000"])
    assert (args.command, args.host, args.port) == ("serve", "0.0.0.0", 9000)
