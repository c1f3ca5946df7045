// What practice keeps off the rest of the page while a question is open (the graph's labels and
// the caption are questions.js filterState's): the gate's local-gradient formula and walk-through
// in the inspector, the question's line of the NumPy code (the code tab, the offline file's
// panel), and while gradients are asked, the gradient check's numbers that the graph does not
// show yet (they give the answers, or lead back to them). Each comes back when the question's
// hint ladder (hints.js) reaches the rung that shows as much, when it is answered or revealed,
// and when practice ends. Published on the stage's root, so that views made before or after the
// practice hear the latest.
import { isDone } from "chainrule/practice/questions.js";

const EVENT = "chainrule:practice-secrets";
// The rung from which each is shown: 2 is the formula in the node's symbols (a code line is that
// formula), 3 the same with numbers (a walk-through works the numbers); Infinity: once answered.
const SHOWN_FROM = {
  formula: 2, code: 2, walkthrough: { grad: 3, value: Infinity },
};
const SETS = ["formulas", "walkthroughs", "values", "grads"];
const latest = new WeakMap(); // stage root → its secrets

/**
 * What the open questions of `list` hide, or null when nothing: {model, formulas, walkthroughs
 * (node ids: gates), values (node ids: forward code lines), grads (edge ids: backward code
 * lines), gradsAsked (a gradient question is open)}. A gate's formula, once a hint showed it for
 * one question (rung 2 shows the whole of it), stays shown.
 */
export function secrets(model, list, progress) {
  const out = {
    model, formulas: new Set(), walkthroughs: new Set(), values: new Set(), grads: new Set(),
    gradsAsked: false,
  };
  const hinted = new Set(); // gates whose formula a hint showed
  for (const q of list) {
    const rung = progress.get(q.id)?.hints ?? 0;
    const edge = model.edgeById.get(q.edge);
    const grad = q.what === "grad";
    const gate = grad ? edge.target : edge.source;
    if (rung >= SHOWN_FROM.formula) hinted.add(gate);
    if (isDone(progress, q)) continue;
    if (rung < SHOWN_FROM.formula) out.formulas.add(gate);
    if (rung < SHOWN_FROM.code) (grad ? out.grads.add(q.edge) : out.values.add(edge.source));
    if (rung < SHOWN_FROM.walkthrough[q.what]) out.walkthroughs.add(gate);
    out.gradsAsked ||= grad;
  }
  for (const gate of hinted) out.formulas.delete(gate);
  return out.gradsAsked || SETS.some((name) => out[name].size) ? out : null;
}

/** A key that changes when what is hidden does (so unchanged secrets are not sent again). */
export function secretsKey(value) {
  if (!value) return "";
  const list = (set) => [...set].sort().join(",");
  return [...SETS.map((name) => list(value[name])), value.gradsAsked].join("|");
}

/** Tell the views of the stage at `root` what to hide now (null: nothing). */
export function publish(root, value) {
  latest.set(root, value);
  root.dispatchEvent(new CustomEvent(EVENT, { detail: value }));
}

/** Call `onChange(secrets|null)` now and whenever the practice on the stage at `root` changes. */
export function watchSecrets(root, onChange) {
  root.addEventListener(EVENT, (event) => onChange(event.detail));
  onChange(latest.get(root) ?? null);
}
