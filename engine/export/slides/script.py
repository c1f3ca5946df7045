"""The page's own ES modules (static/js) run on the server, in QuickJS, as one script.

QuickJS's Python binding evaluates scripts and lone modules but resolves no imports, so the
modules an entry imports are joined here in dependency order, each as a function whose result
is its exports; an import becomes a lookup in that table. The page's modules use only named
imports and exports (`import { a, b as c } from`, `import * as m from`, `export function`,
`export const`, `export class`), which is all this handles; tests/export/test_slides_layout.py
runs the slides' entry through it. The vendored libraries load as the page loads them, as classic
scripts whose globals vendor.js reads from `window`.
"""

import re
from functools import cache
from pathlib import Path

from chainrule.engine.catalogs.files import asset_dir

PREFIX = "chainrule/"  # the import map's name for static/js/
VENDORED = ("dagre-3.1.3/dagre.min.js", "d3-7.9.2/d3.min.js")
_IMPORT = re.compile(r'^import\s+(?:\{([^}]*)\}|\*\s+as\s+(\w+))\s+from\s+"([^"]+)";?[ \t]*$',
                     re.MULTILINE)
_EXPORT = re.compile(r"^export\s+(?:async\s+)?(function\*?|const|let|class)\s+(\w+)", re.MULTILINE)


def bundle(entry: str) -> str:
    """One script defining `globalThis.__modules[name]` for `entry` and everything it imports."""
    order: list[str] = []
    texts: dict[str, str] = {}
    _visit(entry, order, texts, ())
    parts = ["globalThis.window = globalThis; globalThis.__modules = {};"]
    parts += [vendored(path) for path in VENDORED]
    parts += [_wrapped(name, texts[name]) for name in order]
    return "\n".join(parts)


def _visit(name: str, order: list[str], texts: dict[str, str], path: tuple[str, ...]) -> None:
    if name in texts:
        return
    if name in path:
        raise ValueError(f"import circle: {' → '.join((*path, name))}")
    text = _module_path(name).read_text(encoding="utf-8")
    for match in _IMPORT.finditer(text):
        _visit(match.group(3), order, texts, (*path, name))
    texts[name] = text
    order.append(name)


def _module_path(name: str) -> Path:
    if not name.startswith(PREFIX):
        raise ValueError(f"not one of the page's modules: {name}")
    return asset_dir("static") / "js" / name.removeprefix(PREFIX)


def _wrapped(name: str, text: str) -> str:
    """The module as `__modules[name] = (() => { …; return {exports}; })();`."""
    exported = [m.group(2) for m in _EXPORT.finditer(text)]
    body = _IMPORT.sub(_lookup, text)
    body = _EXPORT.sub(lambda m: m.group(0).removeprefix("export").lstrip(), body)
    if re.search(r"^export\b", body, re.MULTILINE):
        raise ValueError(f"{name}: an export form the slides' bundler does not read")
    names = ", ".join(exported)
    return f"__modules[{name!r}] = (() => {{\n{body}\nreturn {{ {names} }};\n}})();"


def _lookup(match: re.Match[str]) -> str:
    named, star, source = match.groups()
    if star:
        return f"const {star} = __modules[{source!r}];"
    pairs = [part.split(" as ") for part in named.replace("\n", " ").split(",") if part.strip()]
    fields = ", ".join(p[0].strip() if len(p) == 1 else f"{p[0].strip()}: {p[1].strip()}"
                       for p in pairs)
    return f"const {{ {fields} }} = __modules[{source!r}];"


@cache
def vendored(path: str) -> str:
    """A vendored library's source (static/vendor/<name>-<version>/<file>)."""
    return (asset_dir("static") / "vendor" / path).read_text(encoding="utf-8")
