"""The wheel installs one import package, `chainrule` (engine/ as chainrule.engine, app/ as
chainrule.app, static/ and templates/ inside it), and `from chainrule import
Tensor` works from it."""

import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

from chainrule.app.cli import build_parser

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


def test_wheel_installs_only_chainrule(wheel: zipfile.ZipFile) -> None:
    tops = {n.split("/")[0] for n in wheel.namelist()}
    assert tops == {"chainrule", "chainrule-0.1.0.dist-info"}


def test_wheel_holds_every_module_pages_scripts_and_vendored_libraries(
        wheel: zipfile.ZipFile) -> None:
    names = set(wheel.namelist())
    tracked = subprocess.run(["git", "ls-files", "engine", "app", "__init__.py"], cwd=ROOT,
                             capture_output=True, text=True, check=True).stdout.split()
    modules = {f"chainrule/{path}" for path in tracked if path.endswith(".py")}
    assert modules - names == set()
    expected = {"chainrule/templates/index.html", "chainrule/templates/base.html",
                "chainrule/static/js/page/app.js", "chainrule/static/i18n/ko.json"}
    assert expected <= names
    assert any(n.startswith("chainrule/static/vendor/katex-") and n.endswith(".woff2")
               for n in names)
    assert not any("/tests/" in n or "/bench/" in n for n in names)


def test_pyproject_lists_every_package() -> None:
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"][
        "packages"])
    found = {"chainrule", *("chainrule." + str(p.parent.relative_to(ROOT)).replace("/", ".")
                            for folder in ("engine", "app") for p in (ROOT / folder).rglob(
                                "__init__.py"))}
    assert listed == found


def test_the_installed_wheel_imports_and_serves(wheel: zipfile.ZipFile, tmp_path: Path) -> None:
    """Unpacked alone (as pip installs it), the face and the app import from it, not from the
    checkout, and the app finds its pages."""
    wheel.extractall(tmp_path)
    code = ("import sys; sys.path.insert(0, sys.argv[1]); "
            "from chainrule import Tensor, exp, relu; import chainrule, chainrule.app.main as m; "
            "from fastapi.testclient import TestClient; "
            "page = TestClient(m.create_app()).get('/'); "
            "print(chainrule.__file__, page.status_code, 'chainrule' in page.text, "
            "relu(exp(Tensor(0.0))).value)")
    out = subprocess.run([sys.executable, "-c", code, str(tmp_path)], cwd=tmp_path,
                         capture_output=True, text=True, check=True).stdout.split()
    assert out == [str(tmp_path / "chainrule" / "__init__.py"), "200", "True", "1.0"]


def test_wheel_declares_the_console_script(wheel: zipfile.ZipFile) -> None:
    (entry,) = [n for n in wheel.namelist() if n.endswith("entry_points.txt")]
    assert "chainrule = chainrule.app.cli:main" in wheel.read(entry).decode()


def test_cli_serve_options() -> None:
    args = build_parser().parse_args(["serve", "--host", "0.0.0.0", "--port", "9000"])
    assert (args.command, args.host, args.port) == ("serve", "0.0.0.0", 9000)
