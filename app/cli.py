"""Command line: `chainrule serve` and `chainrule export`."""

import argparse
import os
import sys
from pathlib import Path

from pydantic import ValidationError

from chainrule.app.views.options import add_flags, from_flags, offline_file
from chainrule.engine import GraphError
from chainrule.engine.catalogs import i18n
from chainrule.engine.document.build import build


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
    add_connection_flags(serve)
    export = sub.add_parser("export", help="write a graph as offline HTML, SVG, PPTX or PDF")
    export.add_argument("source", help="the program, or a file holding it")
    export.add_argument("-o", "--output", default="graph.html",
                        help="graph.html (steppable, offline), graph.svg (final step), or "
                             "lecture.pptx / lecture.pdf (a slide per step)")
    add_flags(export)  # --step, --theme, --palette, --collapsed, --practice, --ask, --explain
    export.add_argument("--steps", default="", help="slides (.pptx, .pdf): the counts of steps "
                        "shown, e.g. 0-4,9 (default: every one)")
    export.add_argument("--lang", choices=i18n.LANGUAGES, default=None,
                        help="language of the messages and the HTML (default: the locale's)")
    return parser


def add_connection_flags(serve: argparse.ArgumentParser) -> None:
    """--timeout-idle, --timeout-head, --timeout-body, --max-connections (app/connections.py)."""
    from chainrule.app.connections import ConnectionLimits

    default = ConnectionLimits()
    for name, value, text in [
        ("timeout-idle", default.idle, "close a connection with no request under way"),
        ("timeout-head", default.head, "a request line and headers must arrive within this"),
        ("timeout-body", default.body, "a request body must arrive within this"),
    ]:
        serve.add_argument(f"--{name}", type=int, default=value, metavar="S",
                           help=f"{text} (seconds, default {value})")
    serve.add_argument("--max-connections", type=int, default=default.connections, metavar="N",
                       help="open connections per server process; more are answered 503 "
                            f"(default {default.connections:,})")


def serve(args: argparse.Namespace) -> int:
    import uvicorn

    from chainrule.app.connections import ENV, ConnectionLimits, GuardedH11Protocol
    from chainrule.app.runner.results import POOL_ENV

    if args.pool:
        os.environ[POOL_ENV] = str(args.pool)  # read by each server process (app.runner.results)
    limits = ConnectionLimits(idle=args.timeout_idle, head=args.timeout_head,
                              body=args.timeout_body, connections=args.max_connections)
    os.environ[ENV] = limits.to_env()  # read by each server process's connections
    uvicorn.run("chainrule.app.main:create_app", factory=True, host=args.host, port=args.port,
                workers=args.workers, http=GuardedH11Protocol, timeout_keep_alive=limits.idle)
    return 0


def read_source(text: str) -> str:
    """The argument itself, or the contents of the file it names."""
    path = Path(text)
    if "\n" not in text and len(text) < 4096 and path.is_file():
        return path.read_text(encoding="utf-8")
    return text


def export(args: argparse.Namespace) -> int:
    source = read_source(args.source)
    lang = args.lang or i18n.system_language()
    try:
        options = from_flags(args)
    except ValidationError as e:
        wrong = e.errors()[0]
        print(f"chainrule: --{wrong['loc'][0]}: {wrong['msg']}", file=sys.stderr)
        return 2
    out = Path(args.output)
    if out.suffix.lower() in (".pptx", ".pdf"):
        from chainrule.app.views.slides import write_deck

        return write_deck(source, out, options, args.steps, lang)
    try:
        document = build(source, code=out.suffix.lower() != ".svg", lang=lang)  # HTML: + code
    except GraphError as e:
        print(f"chainrule: {e.describe(lang)}", file=sys.stderr)
        return 2
    if out.suffix.lower() == ".svg":
        from chainrule.app.views.svg import render_svg

        text = render_svg(document, theme=args.theme, palette=args.palette)
    else:
        text = offline_file(source, document, options, lang, title=f"chainrule — {out.stem}")
    out.write_text(text, encoding="utf-8")
    print(i18n.t(lang, "cli.wrote", path=out, nodes=len(document["nodes"]),
                 steps=len(document["steps"])))
    return 0


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "export":
        return export(args)
    return serve(args)


if __name__ == "__main__":
    sys.exit(main())
