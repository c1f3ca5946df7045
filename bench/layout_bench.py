"""Layout + paint time of the front end in headless chromium for synthetic 50/500/2000-node graphs.

Usage: python bench/layout_bench.py [--sizes 50 500 2000] [--repeat 3]

No server: Playwright serves static/ from disk on a made-up origin. For each size it times
`buildModel + layoutGraph` (dagre), then `build + update + fit` up to two animation frames
(paint), and a paint-only pass that redraws the same layout. Ratios are against the 50-node
graph measured in the same run, so machines of different speed can be compared.
"""

import argparse
import random
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STATIC = ROOT / "static"
ORIGIN = "http://bench.chainrule.invalid"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
LABELS = [("add", "+"), ("mul", "×"), ("exp", "exp"), ("max", "max"), ("sigmoid", "σ")]
GOAL_MS_500 = 1000.0

PAGE = """<!doctype html><html><head><meta charset="utf-8">
<link rel="stylesheet" href="/static/css/chainrule.css">
<script type="importmap">{"imports": {"chainrule/": "/static/js/"}}</script>
<script src="/static/vendor/d3-7.9.2/d3.min.js"></script>
<script src="/static/vendor/dagre-3.1.3/dagre.min.js"></script>
<script src="/static/vendor/katex-0.19.1/katex.min.js"></script>
</head><body><div class="stage" style="position:fixed;inset:0">
<div class="graph-wrap" style="height:100%"><svg class="graph"></svg></div></div>
<script type="module">
import { buildModel, stateAt } from "chainrule/graph/model.js";
import { layoutGraph } from "chainrule/graph/layout.js";
import { GraphView } from "chainrule/graph/render.js";
const frames = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
const view = new GraphView(document.querySelector("svg.graph"));
window.measure = async (data, ranker) => {
  const t0 = performance.now();
  const model = buildModel(data);
  const layout = layoutGraph(model, ranker ? { ranker } : undefined);
  const t1 = performance.now();
  view.build(model, layout);
  view.update(stateAt(model, model.steps.length - 1));
  view.fit();
  await frames();
  const t2 = performance.now();
  view.build(model, layout);
  view.update(stateAt(model, model.steps.length - 1));
  await frames();
  const t3 = performance.now();
  return { layout: t1 - t0, paint: t2 - t1, total: t2 - t0, paintOnly: t3 - t2 };
};
window.benchReady = true;
</script></body></html>"""


def synthetic_graph(n: int, seed: int = 0, chain: bool = False) -> dict:
    """A random expression-like DAG in the API's JSON shape: ~10% inputs, ops of 1–2 inputs.

    Layered (default): each op reads from about the previous √n nodes, so depth grows like √n,
    as in a network. `chain`: every op reads the one before it (depth n, the worst case).
    """
    rng = random.Random(seed)
    n_inputs = max(2, n // 10)
    window = 1 if chain else max(4, round(n**0.5))
    nodes, edges = [], []
    for i in range(n):
        node = {"id": f"n{i}", "inputs": [], "shape": [], "value": rng.uniform(-3, 3),
                "grad": rng.uniform(-1, 1), "span": None, "gate": None, "formula": None}
        if i < n_inputs:
            node.update(kind="input", op=None, label=f"x{i}", name=f"x{i}")
        else:
            op, label = rng.choice(LABELS)
            arity = 1 if op in ("exp", "sigmoid") else 2
            first = i - 1 if chain else rng.randrange(max(0, i - window), i)
            sources = [first] + [rng.randrange(max(0, i - 30), i) for _ in range(arity - 1)]
            node.update(kind="op", op=op, label=label, name=None, inputs=[f"n{s}" for s in sources])
            for index, s in enumerate(sources):
                edges.append({"id": f"e{len(edges)}", "source": f"n{s}", "target": f"n{i}",
                              "index": index, "value": nodes[s]["value"],
                              "grad": rng.uniform(-1, 1)})
        nodes.append(node)
    return {"output": f"n{n - 1}", "nodes": nodes, "edges": edges,
            "steps": synthetic_steps(nodes, edges), "check": None}


def synthetic_steps(nodes: list[dict], edges: list[dict]) -> list[dict]:
    incoming: dict[str, list[str]] = {}
    for e in edges:
        incoming.setdefault(e["target"], []).append(e["id"])
    forward = [{"phase": "forward", "node": n["id"], "edges": incoming.get(n["id"], []),
                "text": "", "tex": ""} for n in nodes]
    seed = [{"phase": "backward", "node": nodes[-1]["id"], "edges": [], "text": "", "tex": ""}]
    backward = [{"phase": "backward", "node": n["id"], "edges": incoming[n["id"]],
                 "text": "", "tex": ""} for n in reversed(nodes) if n["kind"] == "op"]
    return forward + seed + backward


def serve_static(route) -> None:
    path = route.request.url.removeprefix(ORIGIN).split("?")[0]
    if path == "/":
        route.fulfill(body=PAGE, content_type="text/html")
        return
    file = (STATIC / path.removeprefix("/static/")).resolve()
    if not file.is_relative_to(STATIC) or not file.is_file():
        route.fulfill(status=404, body="")
        return
    types = {".js": "text/javascript", ".css": "text/css", ".woff2": "font/woff2"}
    route.fulfill(body=file.read_bytes(), content_type=types.get(file.suffix, "text/plain"))


def run(sizes: list[int], repeat: int, rankers: list[str | None], chain: bool) -> list[dict]:
    from playwright.sync_api import sync_playwright

    rows = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1600, "height": 900})
        page.route(f"{ORIGIN}/**", serve_static)
        page.goto(f"{ORIGIN}/")
        page.wait_for_function("window.benchReady === true")
        page.evaluate("(d) => measure(d)", synthetic_graph(20, seed=99))  # warm-up (JIT, fonts)
        for n in sizes:
            data = synthetic_graph(n, chain=chain)
            for ranker in rankers:
                runs = [page.evaluate("([d, r]) => measure(d, r)", [data, ranker])
                        for _ in range(repeat)]
                row = {key: statistics.median(r[key] for r in runs) for key in runs[0]}
                rows.append({"nodes": n, "edges": len(data["edges"]),
                             "ranker": ranker or "auto", **row})
        browser.close()
    return rows


def report(rows: list[dict]) -> None:
    base = next(r for r in rows if r["nodes"] == min(x["nodes"] for x in rows))
    print(f"{'nodes':>6} {'edges':>6} {'ranker':>16} {'layout ms':>10} {'paint ms':>9} "
          f"{'total ms':>9} {'paint-only':>10} {'× total(base)':>14} {'layout/paint-only':>18}")
    for r in rows:
        print(f"{r['nodes']:>6} {r['edges']:>6} {r['ranker']:>16} {r['layout']:>10.1f} "
              f"{r['paint']:>9.1f} {r['total']:>9.1f} {r['paintOnly']:>10.1f} "
              f"{r['total'] / base['total']:>14.1f} {r['layout'] / r['paintOnly']:>18.1f}")
    goal = [r for r in rows if r["nodes"] == 500 and r["ranker"] == "auto"]
    if goal:
        verdict = "met" if goal[0]["total"] < GOAL_MS_500 else "NOT met"
        print(f"goal: 500 nodes laid out and painted < {GOAL_MS_500:.0f} ms: {verdict} "
              f"({goal[0]['total']:.0f} ms)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[50, 500, 2000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--compare-rankers", action="store_true",
                        help="also time network-simplex and tight-tree at every size")
    parser.add_argument("--chain", action="store_true",
                        help="worst case: every op reads the previous one (depth = size)")
    args = parser.parse_args(argv)
    if not Path(CHROMIUM).exists():
        print(f"{CHROMIUM} missing: apt-get install chromium", file=sys.stderr)
        return 1
    rankers = [None, "network-simplex", "tight-tree"] if args.compare_rankers else [None]
    report(run(args.sizes, args.repeat, rankers, args.chain))
    return 0


if __name__ == "__main__":
    sys.exit(main())
