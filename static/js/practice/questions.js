// Which numbers a practice asks for, and what the graph may show while they are open. Pure data
// over the model (model.js) and its collapsed view (groups.js): a question is one edge's value
// or gradient; a collapsed group asks only the edges that cross its border.
import { OUT_EDGE } from "chainrule/graph/model.js";
import { gradAnswers } from "chainrule/practice/answers.js";
import * as lines from "chainrule/practice/lines.js";

/** What each `practice=` asks: values (green, above the line), gradients (red, below), or both. */
export const KINDS = { grad: ["grad"], value: ["value"], both: ["value", "grad"] };
const MATRIX_MAX = 9; // tensors up to 3×3 are asked whole; larger ones by one element

/** "grad" | "value" | "both" from a URL parameter, else null (practice off). */
export function practiceKind(text) {
  return Object.hasOwn(KINDS, text ?? "") ? text : null;
}

function finite(v) {
  return Array.isArray(v) ? v.flat(Infinity).every(finite) : typeof v === "number";
}

/** Could `what` be asked on this (full-model) edge? Values: of gates; gradients: not the seed. */
function askable(model, edge, what) {
  const source = model.nodes.get(edge.source);
  if (what === "value") return source.kind === "op" && finite(edge.value);
  return edge.id !== OUT_EDGE && edge.grad !== null && finite(edge.grad)
    && (source.kind === "input" || source.kind === "op");
}

/** The drawn edges that could be asked for `what` (values: one edge per gate, its first). */
export function candidates(model, view, what) {
  const seen = new Set();
  return view.edges.filter((e) => {
    const edge = model.edgeById.get(e.id);
    if (!askable(model, edge, what)) return false;
    if (what === "grad") return true;
    const first = !seen.has(edge.source);
    seen.add(edge.source);
    return first;
  }).map((e) => e.id);
}

/** Every question of this view, in step order; `ask` (a Set of edge ids) or null for all. */
export function questions(model, view, kind, ask) {
  const list = [];
  for (const what of KINDS[kind] ?? []) {
    for (const id of candidates(model, view, what)) {
      if (!ask || ask.has(id)) list.push(question(model, model.edgeById.get(id), what));
    }
  }
  return list.sort((a, b) => a.step - b.step || a.order - b.order);
}

function question(model, edge, what) {
  const source = model.nodes.get(edge.source);
  const step = model.steps.findIndex((s) => (what === "grad"
    ? s.phase === "backward" && s.edges.includes(edge.id)
    : s.phase === "forward" && s.node === edge.source));
  const answer = what === "grad" ? edge.grad : edge.value;
  const shape = source.shape;
  const q = {
    id: `${edge.id}:${what === "grad" ? "g" : "v"}`, edge: edge.id, what, step, answer, shape,
    order: Number(edge.id.slice(1)) || 0, ...label(model, edge, what, step),
  };
  const size = shape.reduce((n, d) => n * d, 1);
  if (!shape.length) {
    const upstream = edge.target ? model.nodes.get(edge.target).grad : null;
    q.mode = "scalar";
    q.answers = what === "grad" ? gradAnswers(answer, upstream) : [answer];
  } else if (size <= MATRIX_MAX && shape.length <= 2) {
    q.mode = "matrix";
  } else {
    q.mode = "element";
    q.element = pickElement(answer, shape, edge.id);
  }
  return q;
}

/** The question's name as the captions write it: ∂f/∂w0 (plain and TeX), or the gate's symbol. */
function label(model, edge, what, stepIndex) {
  const step = model.steps[stepIndex];
  const source = model.nodes.get(edge.source);
  const out = model.nodes.get(model.output).symbol;
  const text = what === "grad" ? `∂${out}/∂${source.symbol}` : source.symbol;
  if (!step) return { text, tex: null };
  const i = lines.rowIndex(step, edge.id, model.edgeById);
  const row = lines.rows(step).tex[i] ?? "";
  return { text, tex: row.split(" = ")[0] || null };
}

/** One element of a large tensor, the same every time for an edge: [i, j, …]. */
function pickElement(answer, shape, edgeId) {
  const flat = answer.flat(Infinity);
  const nonzero = flat.map((x, i) => [x, i]).filter(([x]) => Math.abs(x) > 1e-9).map(([, i]) => i);
  const pool = nonzero.length ? nonzero : flat.map((_, i) => i);
  let h = 7;
  for (const ch of edgeId) h = (h * 31 + ch.charCodeAt(0)) % 9973;
  let rest = pool[h % pool.length];
  return shape.map((_, k) => {
    const stride = shape.slice(k + 1).reduce((n, d) => n * d, 1);
    const index = Math.floor(rest / stride);
    rest %= stride;
    return index;
  });
}

/** The element of `v` at `index` ([] for a scalar). */
export function at(v, index) {
  return index.reduce((x, i) => x[i], v);
}

export function isDone(progress, q) {
  const status = progress.get(q.id)?.status;
  return status === "right" || status === "revealed";
}

/** Questions whose number a step shows: its own rows, its gate's upstream and inputs. */
function involved(model, step, q) {
  const edge = model.edgeById.get(q.edge);
  const node = model.nodes.get(step.node);
  if (step.phase === "forward") {
    return q.what === "value" && (edge.source === step.node || edge.target === step.node);
  }
  if (q.what === "grad") return step.edges.includes(q.edge) || node.out.includes(q.edge);
  return edge.target === step.node || edge.source === step.node;
}

/**
 * The player state with open questions hidden and answered ones shown (even before the player
 * gets there); a current step that would give an open number away shows "= ?" rows instead.
 */
export function filterState(model, list, progress, state) {
  const gradEdges = new Set(state.gradEdges);
  const computed = new Set(state.computed);
  for (const q of list) {
    const done = isDone(progress, q);
    if (q.what === "grad") gradEdges[done ? "add" : "delete"](q.edge);
    else computed[done ? "add" : "delete"](model.edgeById.get(q.edge).source);
  }
  const step = state.current;
  const open = step ? list.filter((q) => !isDone(progress, q) && involved(model, step, q)) : [];
  const current = open.length ? masked(model, step, list, progress) : step;
  return { ...state, gradEdges, computed, current, open };
}

function masked(model, step, list, progress) {
  const { text, tex } = lines.rows(step);
  const shown = step.phase === "backward"
    ? step.edges.filter((id) => model.edgeById.get(id)?.grad !== null) : [null];
  const keep = (i) => shown[i] !== null
    && list.some((q) => q.edge === shown[i] && q.what === "grad" && isDone(progress, q));
  const update = step.phase === "update";
  return {
    ...step,
    text: text.map((row, i) => (keep(i) ? row : lines.question(row, false, update))).join("\n"),
    tex: lines.joinTex(tex.map((row, i) => (keep(i) ? row : lines.question(row, true, update)))),
  };
}
