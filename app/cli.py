"""Command line: `chainrule serve` and `chainrule export`."""

import argparse
import os
import sys
from functools import partial
from pathlib import Path

from chainrule.engine import GraphError
from chainrule.engine.catalogs import i18n
from chainrule.engine.document.build import build
from chainrule.engine.document.renumber import variants
from chainrule.engine.export.viewer import standalone_html


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="chainrule", description="Backpropagation, gate by gate.")
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="serve the web app")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--workers", type=int, default=1,
                       help="server processes (the API keeps no state; 2 suit a 2-core machine)")
    serve.add_argument("--pool", type=int, default=None, metavar="N",
                       help="worker processes kept ready per server process (default 2)")
    export = sub.add_parser("export", help="write a graph as offline HTML or SVG")
    export.add_argument("source", help="the program, or a file holding it")
    export.add_argument("-o", "--output", default="graph.html",
                        help="graph.html (steppable, offline) or graph.svg (final step)")
    export.add_argument("--step", type=int, default=None,
                        help="steps shown when the HTML opens (default: all)")
    export.add_argument("--theme", choices=["light", "dark"], default="light")
    export.add_argument("--palette", choices=["classic", "cb"], default="classic")
    export.add_argument("--collapsed", default="", metavar="g0,g2",
                        help="def-call groups drawn shut as one gate (HTML only)")
    export.add_argument("--lang", choices=i18n.LANGUAGES, default=None,
                        help="language of the messages and the HTML (default: the locale's)")
    export.add_argument("--practice", choices=["grad", "value", "both"], default=None,
                        help="practice mode: students fill in these numbers (HTML only)")
    export.add_argument("--ask", default="", metavar="e3,e5",
                        help="with --practice: the edges asked (default: all)")
    export.add_argument("--explain", default="", metavar="Y",
                        help="a gate (name or id) whose explainer opens with the file (HTML only)")
    return parser


def read_source(text: str) -> str:
    """The argument itself, or the contents of the file it names."""
    path = Path(text)
    if "\n" not in text and len(text) < 4096 and path.is_file():
        return path.read_text(encoding="utf-8")
    return text


def export(args: argparse.Namespace) -> int:
    source = read_source(args.source)
    lang = args.lang or i18n.system_language()
    out = Path(args.output)
    try:
        document = build(source, code=out.suffix.lower() != ".svg", lang=lang)  # HTML: + code
    except GraphError as e:
        print(f"chainrule: {e.describe(lang)}", file=sys.stderr)
        return 2
    if out.suffix.lower() == ".svg":
        from chainrule.app.views.svg import render_svg

        text = render_svg(document, theme=args.theme, palette=args.palette)
    else:
        collapsed = [g for g in args.collapsed.split(",") if g]
        remake = partial(build, code=True, lang=lang)
        others = variants(source, document, remake) if args.practice else []
        text = standalone_html(document, step=args.step, theme=args.theme, palette=args.palette,
                               title=f"chainrule — {out.stem}", collapsed=collapsed, lang=lang,
                               practice=args.practice, ask=[e for e in args.ask.split(",") if e],
                               variants=others, explain=args.explain)
    out.write_text(text, encoding="utf-8")
    print(i18n.t(lang, "cli.wrote", path=out, nodes=len(document["nodes"]),
                 steps=len(document["steps"])))
    return 0


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "export":
        return export(args)
    import uvicorn

    from chainrule.app.runner.results import POOL_ENV

    if args.pool:
        os.environ[POOL_ENV] = str(args.pool)  # read by each server process (app.runner.results)
    uvicorn.run("chainrule.app.main:create_app", factory=True, host=args.host, port=args.port,
                workers=args.workers)
    return 0


if __name__ == "__main__":
    sys.exit(main())
