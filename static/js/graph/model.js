// Graph model: the API's JSON plus what the player has revealed at a step position.
// Kept free of DOM and layout so the renderer and the inspector read the same facts.
import { t } from "chainrule/i18n/i18n.js";

export const OUT_EDGE = "__out";

/** Build the model from a `POST /api/graph` response. */
export function buildModel(data) {
  const nodes = new Map(data.nodes.map((n) => [n.id, { ...n, out: [] }]));
  const edges = data.edges.map((e) => ({ ...e, dangling: false }));
  for (const e of edges) nodes.get(e.source).out.push(e.id);
  const output = nodes.get(data.output);
  const outEdge = {
    id: OUT_EDGE, source: output.id, target: null, index: 0,
    value: output.value, grad: output.grad, dangling: true,
  };
  output.out.push(OUT_EDGE);
  edges.push(outEdge);
  return {
    nodes, edges,
    edgeById: new Map(edges.map((e) => [e.id, e])),
    steps: data.steps,
    output: data.output,
    check: data.check ?? null,
    groups: data.groups ?? [],
    source: data.request ? data : null, // what fetchTensor needs (null: no server to ask)
  };
}

/** "add" for a gate; "input", "const" or "data" (in the page's language) for a leaf. */
export function kindText(node) {
  return node.kind === "op" ? node.op : t(`inspector.kind_${node.kind}`);
}

/** What is known after steps[0..pos] ran (pos = -1: nothing yet). */
export function stateAt(model, pos) {
  const computed = new Set();
  const gradEdges = new Set();
  const last = Math.min(pos, model.steps.length - 1);
  for (let i = 0; i <= last; i++) applyStep(model, model.steps[i], computed, gradEdges);
  const current = last >= 0 ? model.steps[last] : null;
  return { pos: last, computed, gradEdges, current };
}

function applyStep(model, step, computed, gradEdges) {
  if (step.phase === "forward") {
    computed.add(step.node);
  } else if (isSeed(model, step)) {
    gradEdges.add(OUT_EDGE);
  } else {
    for (const id of step.edges) gradEdges.add(id);
  }
}

/** The edge's forward value is known once its source node ran. */
export function valueKnown(state, edge) {
  return state.computed.has(edge.source);
}

/** A node's gradient is known once every outgoing edge carries its gradient. */
export function nodeGradKnown(model, state, nodeId) {
  const node = model.nodes.get(nodeId);
  return node.out.length > 0 && node.out.every((id) => state.gradEdges.has(id));
}

/** Step-phase counters for the progress label: {phase, index, total}. */
export function progress(model, pos) {
  if (pos < 0) return { phase: "start", index: 0, total: model.steps.length };
  const { index, totals } = phaseCounts(model.steps);
  const phase = model.steps[pos].phase;
  return { phase, index: index[pos], total: totals[phase] };
}

const counted = new WeakMap(); // steps → phaseCounts(steps), counted once, not at every step

/** Each step's number within its phase (from 1) and each phase's number of steps. */
function phaseCounts(steps) {
  let counts = counted.get(steps);
  if (!counts) {
    const totals = {};
    const index = steps.map((s) => (totals[s.phase] = (totals[s.phase] ?? 0) + 1));
    counts = { index, totals };
    counted.set(steps, counts);
  }
  return counts;
}

/** The first backward step: the output's gradient set to 1, before any chain rule. */
export function isSeed(model, step) {
  return step.phase === "backward" && step.node === model.output && step.edges.length === 0;
}

/** What a step does, for its caption's header: "input", "forward", "seed", "chain", "update". */
export function stepKind(model, step) {
  if (step.phase === "backward") return isSeed(model, step) ? "seed" : "chain";
  if (step.phase === "forward" && model.nodes.get(step.node)?.kind !== "op") return "input";
  return step.phase;
}

/** Steps' edges, for the pulse: the seed step pulses along the dangling output edge. */
export function pulseEdges(model, step) {
  if (!step) return [];
  return isSeed(model, step) ? [OUT_EDGE] : step.edges;
}
