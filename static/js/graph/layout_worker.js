// dagre off the main thread: a Web Worker built from a Blob of dagre's own source (a <script
// id="dagre-source">, by URL on served pages, inline in the offline file) and the few functions
// below, so the page answers clicks and keys while a big graph is laid out.
import { dagre } from "chainrule/vendor.js";

let worker = null; // made at the first big graph; null again after it failed
let asked = 0;
const waiting = new Map(); // request id → {resolve, reject}

/** A dagre graph as structured-cloneable data (graphlib has no JSON module in this bundle). */
export function toPlain(g) {
  return {
    options: { multigraph: g.isMultigraph(), compound: g.isCompound() },
    graph: g.graph(),
    nodes: g.nodes().map((v) => [v, g.node(v), g.isCompound() ? g.parent(v) ?? null : null]),
    edges: g.edges().map((e) => [e.v, e.w, e.name, g.edge(e)]),
  };
}

/** The dagre graph `toPlain` wrote; `lib` is dagre (passed: the worker has no modules). */
export function fromPlain(plain, lib) {
  const g = new lib.graphlib.Graph(plain.options);
  g.setGraph(plain.graph);
  for (const [v, label] of plain.nodes) g.setNode(v, label);
  for (const [v, , parent] of plain.nodes) if (parent) g.setParent(v, parent);
  for (const [v, w, name, label] of plain.edges) g.setEdge(v, w, label, name);
  return g;
}

/** The worker's whole program (runs there, as source text: it sees only dagre and fromPlain). */
function serve() {
  self.onmessage = ({ data }) => {
    const g = fromPlain(data.graph, self.dagre);
    try {
      self.dagre.layout(g, data.options);
      self.postMessage({ id: data.id, graph: toPlain(g) });
    } catch (error) {
      self.postMessage({ id: data.id, error: error instanceof RangeError ? "range" : String(error) });
    }
  };
}

/** dagre's source for the worker: an importScripts of its URL, or its inline text. */
function dagreSource() {
  const script = document.getElementById("dagre-source");
  if (!script) return null;
  if (script.src) return `importScripts(${JSON.stringify(script.src)});`;
  return script.textContent;
}

function startWorker() {
  const source = dagreSource();
  if (!source || typeof Worker === "undefined") return null;
  const program = `${source}\n;${toPlain}\n${fromPlain}\n(${serve})();`;
  const url = URL.createObjectURL(new Blob([program], { type: "text/javascript" }));
  const made = new Worker(url);
  URL.revokeObjectURL(url);
  made.onmessage = ({ data }) => {
    const pending = waiting.get(data.id);
    waiting.delete(data.id);
    if (data.error) pending?.reject(data.error === "range" ? new RangeError(data.error) : new Error(data.error));
    else pending?.resolve(fromPlain(data.graph, dagre));
  };
  made.onerror = (event) => { // the worker could not start (a sandbox, a policy): no more worker
    event.preventDefault?.();
    worker = null;
    for (const pending of waiting.values()) pending.reject(new Error("layout_worker_failed"));
    waiting.clear();
  };
  return made;
}

/** Whether big graphs can be laid out in a worker on this page. */
export function workerAvailable() {
  try {
    worker ??= startWorker();
  } catch {
    worker = null;
  }
  return worker !== null;
}

/** Lay out dagre graph `g` in the worker: a promise of the laid-out graph (RangeError: the
 *  worker's stack ran out, as dagre recurses along long paths). */
export function layoutInWorker(g, options) {
  if (!workerAvailable()) return Promise.reject(new Error("no_layout_worker"));
  const id = ++asked;
  return new Promise((resolve, reject) => {
    waiting.set(id, { resolve, reject });
    worker.postMessage({ id, graph: toPlain(g), options });
  });
}
