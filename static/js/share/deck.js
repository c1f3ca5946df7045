// What each slide of a deck shows (GET /slides, `chainrule export -o *.pptx|*.pdf`): the graph
// laid out and marked as the page lays it out and marks it, at each asked player position. Pure
// data: the server runs this module in QuickJS (engine/export/slides/script.py) with the page's
// own model, groups, layout, number format and practice rules, and draws what it answers.
import { edgeShape, edgeText, groupLabels, labelOffsets, leafName, SIZES } from "chainrule/graph/boxes.js";
import { preview } from "chainrule/graph/format.js";
import { collapseModel, collapsedState, groupIndex } from "chainrule/graph/groups.js";
import { layoutGraph } from "chainrule/graph/layout.js";
import { buildModel, nodeGradKnown, progress, pulseEdges, stateAt, stepKind } from "chainrule/graph/model.js";
import { filterState, questions } from "chainrule/practice/questions.js";
import { d3 } from "chainrule/vendor.js";

const line = d3.line().x((p) => p.x).y((p) => p.y).curve(d3.curveMonotoneX); // as render.js

/**
 * The deck of graph response `data` after each count of steps in `shown` (0: none yet, as the
 * page's ?step=), with
 * groups `collapsed`, and in practice mode (`practice` "grad" | "value" | "both") the questions
 * of `ask` (all when empty) kept "?" on every slide: {sizes, width, height, nodes, edges, groups,
 * frames, questions, reveal: the last step with every number, for the answers}.
 */
export function deck(data, { shown, collapsed = [], practice = null, ask = [] }) {
  const model = buildModel(data);
  const view = collapseModel(model, new Set(collapsed));
  const layout = layoutGraph(view);
  const list = practice ? questions(model, view, practice, ask.length ? new Set(ask) : null) : [];
  const hidden = new Map(); // no question answered: every asked number stays "?"
  const frames = shown.map((count) => {
    const full = stateAt(model, count - 1); // the player's position: the last step shown
    const state = practice ? filterState(model, list, hidden, full) : full;
    return frame(model, view, collapsedState(view, state), state, count);
  });
  const end = stateAt(model, model.steps.length - 1); // every number, for the answers
  return {
    sizes: SIZES, width: layout.width, height: layout.height,
    nodes: [...view.nodes.values()].map((node) => drawnNode(node, layout)),
    edges: view.edges.map((edge) => drawnEdge(view, edge, layout)),
    groups: groupLabels(layout.clusters ?? new Map(), view.index ?? groupIndex(view.groups))
      .map(({ id, box, text, x, y }) => ({ id, box, text, x, y })),
    frames,
    reveal: practice ? { ...frame(model, view, collapsedState(view, end), end, model.steps.length),
      current: null, active: [] } : null, // no gate is the current one on the answers
    questions: list.map((q) => ({ edge: q.edge, what: q.what, text: q.text, answer: q.answer,
      shown: edgeText(q.answer) })),
  };
}

function drawnNode(node, layout) {
  const box = layout.nodes.get(node.id);
  return {
    id: node.id, kind: node.kind, op: node.op, label: node.label, symbol: node.symbol ?? null,
    name: leafName(node), group: node.op === "group", shape: box.shape, x: box.x, y: box.y,
    width: box.gateWidth ?? box.width, r: box.r, anchor: box.anchor,
  };
}

function drawnEdge(view, edge, layout) {
  const geometry = layout.edges.get(edge.id);
  const shape = edgeShape(view, edge);
  return {
    id: edge.id, source: edge.source, target: edge.target, dangling: edge.dangling,
    value: edgeText(edge.value), grad: edge.grad === null ? null : edgeText(edge.grad),
    shape, offsets: labelOffsets(Boolean(shape)), lx: geometry.lx, ly: geometry.ly,
    path: line(geometry.points),
  };
}

/** One slide's marks: the known numbers, the current gate, the active edges, the caption. */
function frame(model, view, shown, state, count) {
  const step = state.current;
  const p = progress(model, count - 1);
  return {
    step: count, phase: p.phase, index: p.index, total: p.total,
    values: [...shown.computed], grads: [...shown.gradEdges],
    current: shown.current?.node ?? null,
    active: pulseEdges(view, shown.current),
    backward: step?.phase === "backward",
    kind: step ? stepKind(model, step) : null,
    caption: step?.text ?? null,
    updates: model.steps.slice(0, state.pos + 1)
      .filter((s) => s.phase === "update" && nodeGradKnown(model, state, s.node))
      .map((s) => ({ node: s.node, text: `→ ${preview(s.value, 1)}`, current: s === step })),
  };
}
