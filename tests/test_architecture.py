"""The architecture as the folders show it: no import circle between modules (imports inside
functions and under TYPE_CHECKING counted too), the core on NumPy alone, nothing but the web app
importing the web app, no module past ~300 lines."""

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LONGEST = 320  # "no module over ~300 lines"


def modules() -> dict[str, Path]:
    """chainrule.* module name → file, for the root's __init__.py, engine/ and app/."""
    found = {"chainrule": ROOT / "__init__.py"}
    for folder in ("engine", "app"):
        for path in (ROOT / folder).rglob("*.py"):
            parts = path.relative_to(ROOT).with_suffix("").parts
            if parts[-1] == "__init__":
                parts = parts[:-1]
            found[".".join(("chainrule", *parts))] = path
    return found


def imports(name: str, path: Path, known: dict[str, Path]) -> set[str]:
    """The chainrule modules `name` imports anywhere in its file (lazy ones too)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: resolved against this module's package
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            targets = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base
                       for alias in node.names]
        else:
            continue
        found |= {target for target in targets if target in known and target != name}
    return found


def graph() -> dict[str, set[str]]:
    known = modules()
    return {name: imports(name, path, known) for name, path in known.items()}


def cycle(edges: dict[str, set[str]]) -> list[str]:
    """One import circle (its modules in order), or [] when there is none."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str]:
        state[node] = 1
        path.append(node)
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt):], nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        path.pop()
        state[node] = 2
        return []

    for node in sorted(edges):
        if node not in state and (found := visit(node)):
            return found
    return []


def test_no_module_imports_itself_round_a_circle() -> None:
    assert cycle(graph()) == []


def test_the_cycle_finder_finds_one() -> None:
    assert cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == ["a", "b", "c", "a"]
    assert cycle({"a": {"b"}, "b": set()}) == []


def test_the_core_imports_numpy_and_the_standard_library_only() -> None:
    outside = set()
    for name, path in modules().items():
        if not name.startswith("chainrule.engine.core"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import) else
                     [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            for module in names:
                top = module.split(".")[0]
                if module.startswith("chainrule.engine.core") or top in ("numpy", "__future__"):
                    continue
                if top not in sys.stdlib_module_names or top in ("json", "pathlib", "gettext"):
                    outside.add((name, module))
    assert outside == set()


def test_nothing_imports_the_web_app_but_the_web_app() -> None:
    wrong = {(name, target) for name, targets in graph().items() for target in targets
             if target.startswith("chainrule.app") and not name.startswith("chainrule.app")}
    assert wrong == set()


def test_no_module_is_long() -> None:
    long = {name: n for name, path in modules().items()
            if (n := len(path.read_text(encoding="utf-8").splitlines())) > LONGEST}
    assert long == {}
