// A plain layered layout for graphs dagre cannot take (its recursion overflows on very long
// chains; values reused along long chains cost it minutes): rank = longest path from the
// inputs, each input one column before its first use, one column per rank, straight edges.
import { anchor, clipToCircle, edgeLabelBox, nodeBox } from "chainrule/graph/boxes.js";
import { OUT_EDGE } from "chainrule/graph/model.js";

const GAP = 16;
const MARGIN = 16;

/** Longest-path rank of every node, iteratively (Kahn's order), never recursively. */
function ranks(model) {
  const rank = new Map();
  const pending = new Map();
  const queue = [];
  for (const node of model.nodes.values()) {
    pending.set(node.id, node.inputs.length);
    if (node.inputs.length === 0) queue.push(node.id);
  }
  for (const id of queue) rank.set(id, 0);
  for (let i = 0; i < queue.length; i++) {
    const id = queue[i];
    for (const edgeId of model.nodes.get(id).out) {
      const target = model.edgeById.get(edgeId).target;
      if (!target) continue;
      rank.set(target, Math.max(rank.get(target) ?? 0, rank.get(id) + 1));
      pending.set(target, pending.get(target) - 1);
      if (pending.get(target) === 0) queue.push(target);
    }
  }
  return rank;
}

/** Inputs moved next to their first use (one rank before it) rather than all in rank 0. */
function pullInputs(model, rank) {
  const pulled = new Map(rank);
  for (const node of model.nodes.values()) {
    if (node.inputs.length > 0) continue;
    let use = Infinity;
    for (const edgeId of node.out) {
      const target = model.edgeById.get(edgeId).target;
      if (target) use = Math.min(use, rank.get(target) ?? 0);
    }
    pulled.set(node.id, Number.isFinite(use) ? Math.max(0, use - 1) : 0);
  }
  return pulled;
}

/**
 * About how many nodes dagre would lay out: the graph's own plus one dummy per rank an edge
 * crosses. A value reused all along a chain (a + b + a + b …) crosses n²/2 ranks: 5,000
 * dummies and 10 s of dagre for 100 terms, 4.5 million for 3,000.
 */
export function dummyCount(model) {
  const rank = pullInputs(model, ranks(model));
  let dummies = 0;
  for (const e of model.edges) {
    if (e.target) dummies += Math.max(0, rank.get(e.target) - rank.get(e.source) - 1);
  }
  return dummies;
}

function placeNodes(model, rank, column, row) {
  const rows = [];
  const nodes = new Map();
  const all = [...model.nodes.values()];
  const gatesFirst = [...all.filter((n) => n.inputs.length), ...all.filter((n) => !n.inputs.length)];
  for (const node of gatesFirst) { // a chain's gates on one row, its inputs below
    const r = rank.get(node.id) ?? 0;
    rows[r] = (rows[r] ?? 0) + 1;
    const box = { ...nodeBox(node), x: MARGIN + column * r + column / 2, y: MARGIN + row * rows[r] };
    nodes.set(node.id, { ...box, anchor: anchor(box) ?? { x: box.x, y: box.y } });
  }
  return { nodes, height: 2 * MARGIN + row * (Math.max(...rows.filter(Boolean)) + 1) };
}

function straightEdge(from, to, column) {
  const a = clipToCircle(from.anchor, from.anchor.r ?? 0, to.anchor);
  const b = to.anchor.r ? clipToCircle(to.anchor, to.anchor.r + 2, from.anchor) : to.anchor;
  const lx = Math.max(b.x - column / 2, (a.x + b.x) / 2); // by the input it feeds, not its source
  const t = b.x === a.x ? 0.5 : (lx - a.x) / (b.x - a.x);
  return { points: [a, b], lx, ly: a.y + t * (b.y - a.y) };
}

export function fallbackLayout(model) {
  const rank = pullInputs(model, ranks(model));
  const boxes = [...model.nodes.values()].map(nodeBox);
  const labels = model.edges.map((e) => edgeLabelBox(model, e));
  const column = Math.max(...boxes.map((b) => b.width)) + Math.max(...labels.map((l) => l.width)) + GAP;
  const row = Math.max(...boxes.map((b) => b.height), labels[0].height) + GAP;
  const { nodes, height } = placeNodes(model, rank, column, row);
  const width = 2 * MARGIN + column * (Math.max(...rank.values()) + 2);
  const edges = new Map();
  for (const e of model.edges) {
    const from = nodes.get(e.source);
    const to = e.target ? nodes.get(e.target) : { anchor: { x: from.anchor.x + column, y: from.y } };
    edges.set(e.id, straightEdge(from, to, column));
  }
  return { width, height, nodes, edges, outEdge: OUT_EDGE };
}
