// Layout: dagre places nodes left to right (inputs left, output right) and reserves room for
// every edge's two labels (value above the line, gradient below). Pure geometry, no DOM writes.
import { dagre } from "./vendor.js";
import { fmt, preview } from "./format.js";
import { OUT_EDGE } from "./model.js";

export const SIZES = { label: 15, symbol: 17, name: 18, radius: 22, inputRadius: 5 };
const TIGHT_TREE_ABOVE = 300; // DESIGN: network-simplex gets slow on large graphs
const SINK = "__sink";
const DANGLING_LENGTH = 70;

let context = null;
function textWidth(text, size) {
  context ??= document.createElement("canvas").getContext("2d");
  context.font = `${size}px system-ui, sans-serif`;
  return context.measureText(text).width;
}

/** Text shown on an edge for a value or gradient (tensors as shape + preview). */
export function edgeText(v, shape) {
  return preview(v, shape);
}

function nodeBox(node) {
  if (node.kind !== "op") {
    const w = textWidth(node.name ?? fmt(node.value), SIZES.name) + 10 + 2 * SIZES.inputRadius;
    return { width: w, height: 2 * SIZES.radius, shape: "input", r: SIZES.inputRadius };
  }
  const tw = textWidth(node.label, SIZES.symbol);
  if (tw <= 2 * SIZES.radius - 10) {
    return { width: 2 * SIZES.radius, height: 2 * SIZES.radius, shape: "circle", r: SIZES.radius };
  }
  return { width: tw + 24, height: 2 * SIZES.radius, shape: "pill", r: SIZES.radius };
}

function edgeLabelBox(model, edge) {
  const shape = model.nodes.get(edge.source).shape;
  const widest = Math.max(
    textWidth(edgeText(edge.value, shape), SIZES.label),
    textWidth(edge.grad === null ? "" : edgeText(edge.grad, shape), SIZES.label),
  );
  const minimum = edge.dangling ? DANGLING_LENGTH : 24;
  return { width: Math.max(widest + 12, minimum), height: 2 * SIZES.label + 12, labelpos: "c" };
}

function buildDagreGraph(model) {
  const g = new dagre.graphlib.Graph({ multigraph: true });
  const big = model.nodes.size > TIGHT_TREE_ABOVE;
  g.setGraph({
    rankdir: "LR", nodesep: 18, ranksep: 28, edgesep: 12, marginx: 16, marginy: 16,
    ranker: big ? "tight-tree" : "network-simplex",
  });
  g.setDefaultEdgeLabel(() => ({}));
  for (const node of model.nodes.values()) g.setNode(node.id, nodeBox(node));
  g.setNode(SINK, { width: 1, height: 1 });
  for (const edge of model.edges) {
    g.setEdge(edge.source, edge.target ?? SINK, edgeLabelBox(model, edge), edge.id);
  }
  return g;
}

/** Point on the boundary of a circle centred at c (radius r) towards p. */
function clipToCircle(c, r, p) {
  const dx = p.x - c.x;
  const dy = p.y - c.y;
  const d = Math.hypot(dx, dy) || 1;
  return { x: c.x + (dx / d) * r, y: c.y + (dy / d) * r };
}

/** Where edges attach: the circle's centre (inputs: the dot at the right end). */
function anchor(box) {
  if (box.shape === "input") return { x: box.x + box.width / 2 - box.r, y: box.y, r: box.r };
  if (box.shape === "circle") return { x: box.x, y: box.y, r: box.r };
  return null;
}

function edgeGeometry(g, edge) {
  const e = g.edge(edge.source, edge.target ?? SINK, edge.id);
  const points = e.points.map((p) => ({ x: p.x, y: p.y }));
  const from = anchor(g.node(edge.source));
  if (from) points[0] = clipToCircle(from, from.r, points[1]);
  const to = edge.target ? anchor(g.node(edge.target)) : null;
  if (to) points[points.length - 1] = clipToCircle(to, to.r + 2, points[points.length - 2]);
  return { points, lx: e.x, ly: e.y };
}

/** Lay the model out: {width, height, nodes: Map(id → box), edges: Map(id → geometry)}. */
export function layoutGraph(model) {
  const g = buildDagreGraph(model);
  dagre.layout(g);
  const nodes = new Map();
  for (const node of model.nodes.values()) {
    const box = g.node(node.id);
    nodes.set(node.id, { ...box, anchor: anchor(box) ?? { x: box.x, y: box.y } });
  }
  const edges = new Map(model.edges.map((e) => [e.id, edgeGeometry(g, e)]));
  const graph = g.graph();
  return { width: graph.width, height: graph.height, nodes, edges, outEdge: OUT_EDGE };
}
