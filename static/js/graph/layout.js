// Layout: dagre places nodes left to right (inputs left, output right) and reserves room for
// every edge's two labels (value above the line, gradient below). Pure geometry, no DOM writes.
import { anchor, clipToCircle, edgeLabelBox, nodeBox } from "chainrule/graph/boxes.js";
import { drawnParent, groupIndex, visibleGroups } from "chainrule/graph/groups.js";
import { dummyCount, fallbackLayout } from "chainrule/graph/layout_fallback.js";
import { layoutInWorker, workerAvailable } from "chainrule/graph/layout_worker.js";
import { OUT_EDGE } from "chainrule/graph/model.js";
import { dagre } from "chainrule/vendor.js";

const LARGE = 300; // above ~300 nodes network-simplex gets slow; use tight-tree
const DUMMIES = 2000; // dagre past this many edge dummies (and twice the nodes) takes seconds
const SINK = "__sink";
const WORKER = 120; // from this many nodes dagre takes a noticeable pause: it runs in a worker

/** dagre options for a graph of this size: large graphs trade crossing quality for speed. */
export function dagreOptions(nodeCount) {
  const large = nodeCount > LARGE;
  return {
    ranker: large ? "tight-tree" : "network-simplex",
    disableOptimalOrderHeuristic: large,
  };
}

/** Expanded groups become dagre clusters (compound nodes) that keep other nodes out. */
function addClusters(g, model) {
  const index = model.index ?? groupIndex(model.groups);
  const collapsed = model.collapsed ?? new Set();
  const shown = visibleGroups(index, collapsed);
  for (const gid of shown) g.setNode(gid, { cluster: true });
  for (const gid of shown) {
    const parent = drawnParent(index, index.get(gid).parent, collapsed);
    if (parent) g.setParent(gid, parent);
  }
  for (const node of model.nodes.values()) {
    const parent = drawnParent(index, node.group, collapsed);
    if (parent) g.setParent(node.id, parent);
  }
}

function buildDagreGraph(model, ranker) {
  const compound = (model.groups?.length ?? 0) > 0;
  const g = new dagre.graphlib.Graph({ multigraph: true, compound });
  g.setGraph({
    rankdir: "LR", nodesep: 18, ranksep: 28, edgesep: 12, marginx: 16, marginy: 16, ranker,
  });
  g.setDefaultEdgeLabel(() => ({}));
  for (const node of model.nodes.values()) g.setNode(node.id, nodeBox(node));
  g.setNode(SINK, { width: 1, height: 1 });
  if (compound) addClusters(g, model);
  for (const edge of model.edges) {
    g.setEdge(edge.source, edge.target ?? SINK, edgeLabelBox(model, edge), edge.id);
  }
  return g;
}

/** Keep the line level under its label, as on the slides: texts sit above and below it. */
function levelUnderLabel(points, e) {
  const half = e.width / 2;
  const first = points[0];
  const last = points[points.length - 1];
  const inner = points.slice(1, -1).filter((p) => Math.abs(p.x - e.x) >= half);
  const level = [{ x: e.x - half, y: e.y }, { x: e.x, y: e.y }, { x: e.x + half, y: e.y }]
    .filter((p) => p.x > first.x + 1 && p.x < last.x - 1); // equal x would break the curve
  const before = inner.filter((p) => p.x < e.x);
  const after = inner.filter((p) => p.x > e.x);
  return [first, ...before, ...level, ...after, last];
}

function edgeGeometry(g, edge) {
  const e = g.edge(edge.source, edge.target ?? SINK, edge.id);
  const points = levelUnderLabel(e.points.map((p) => ({ x: p.x, y: p.y })), e);
  const from = anchor(g.node(edge.source));
  if (from) points[0] = clipToCircle(from, from.r, points[1]);
  const to = edge.target ? anchor(g.node(edge.target)) : null;
  if (to) points[points.length - 1] = clipToCircle(to, to.r + 2, points[points.length - 2]);
  return { points, lx: e.x, ly: e.y };
}

/** The layout read from a graph dagre laid out. */
function readLayout(model, g) {
  const nodes = new Map();
  for (const node of model.nodes.values()) {
    const box = g.node(node.id);
    nodes.set(node.id, { ...box, anchor: anchor(box) ?? { x: box.x, y: box.y } });
  }
  const edges = new Map(model.edges.map((e) => [e.id, edgeGeometry(g, e)]));
  const graph = g.graph();
  const clusters = new Map();
  for (const id of g.nodes()) {
    const box = g.node(id);
    if (box.cluster) clusters.set(id, { x: box.x, y: box.y, width: box.width, height: box.height });
  }
  return { width: graph.width, height: graph.height, nodes, edges, clusters, outEdge: OUT_EDGE };
}

/** [dagre's graph of the model, dagre's layout options] for this size and `options`. */
function dagreInput(model, options) {
  const { ranker, ...rest } = { ...dagreOptions(model.nodes.size), ...options };
  return [buildDagreGraph(model, ranker), rest];
}

/** Whether dagre can take the model: edges across many ranks make it crawl (see below). */
function dagreCan(model) {
  return dummyCount(model) <= Math.max(DUMMIES, 2 * model.nodes.size);
}

/**
 * Lay the model out: {width, height, nodes: Map(id → box), edges: Map(id → geometry)}.
 * dagre recurses along paths, so a very long chain can overflow the stack, and edges across
 * many ranks (a value reused along a long sum) make it crawl; then a plain layered layout
 * takes over.
 */
export function layoutGraph(model, options = {}) {
  if (!dagreCan(model)) return fallbackLayout(model);
  const [g, rest] = dagreInput(model, options);
  try {
    dagre.layout(g, rest);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    return fallbackLayout(model);
  }
  return readLayout(model, g);
}

/** Whether laying this model out would pause the page: then layoutLater runs it in a worker. */
export function layoutTakesLong(model) {
  return model.nodes.size >= WORKER && dagreCan(model) && workerAvailable();
}

/** layoutGraph in the layout worker: a promise of the same layout, the page free meanwhile. */
export async function layoutLater(model, options = {}) {
  try {
    return readLayout(model, await layoutInWorker(...dagreInput(model, options)));
  } catch (error) {
    return error instanceof RangeError ? fallbackLayout(model) : layoutGraph(model, options);
  }
}
