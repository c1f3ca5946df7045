// What a player state marks on a drawn graph: each edge label's number or "?", each gate's classes
// (computed, grad-known, current, selected) and the step's active edges. A state is written over
// the last one only where they differ, found from their sets: a step touches a few labels and
// gates whatever the size (a pass over every label and gate took 3.3 ms a step at 2,000 nodes).
import { edgeText } from "chainrule/graph/boxes.js";
import { full } from "chainrule/graph/format.js";
import { nodeGradKnown, pulseEdges } from "chainrule/graph/model.js";
import { t } from "chainrule/i18n/i18n.js";

const PENDING = "?";

export class Marks {
  /** The elements of `model`'s drawing in its d3 layers {labels, nodes, edges}. */
  constructor(model, layers, selected = null) {
    this.model = model;
    this.values = new Map(); // node id → the value labels of the edges out of it
    this.grads = new Map(); // edge id → its gradient label
    layers.labels.selectAll("text.value, text.grad").each((edge, i, els) => {
      const el = els[i];
      const [words, title] = el.childNodes; // render.js withTitle(): a text node, a title
      const grad = el.classList.contains("grad");
      const label = { el, words, title: title.firstChild, edge, grad, known: undefined };
      if (grad) this.grads.set(edge.id, label);
      else this.values.set(edge.source, [...(this.values.get(edge.source) ?? []), label]);
    });
    this.gates = new Map();
    layers.nodes.selectAll("g.node").each((node, i, els) => {
      this.gates.set(node.id, { el: els[i], shown: {} });
    });
    this.paths = new Map();
    layers.edges.selectAll("path.edge").each((edge, i, els) => this.paths.set(edge.id, els[i]));
    this.sources = new Map(model.edges.map((e) => [e.id, e.source]));
    this.active = new Set();
    this.selected = selected;
    this.written = null; // the state last written
  }

  /** Show player state `state`: what it knows, its current gate and its step's edges. */
  write(state) {
    const { nodes, edges } = this.written
      ? changes(this.written, state, this.sources)
      : { nodes: new Set([...this.gates.keys(), ...this.values.keys()]), edges: this.grads.keys() };
    this.written = state;
    for (const id of edges) {
      const label = this.grads.get(id);
      if (label) setLabel(label, state.gradEdges.has(id));
    }
    for (const id of nodes) {
      for (const label of this.values.get(id) ?? []) setLabel(label, state.computed.has(id));
      const gate = this.gates.get(id);
      if (!gate) continue;
      setClass(gate, "computed", state.computed.has(id));
      setClass(gate, "grad-known", nodeGradKnown(this.model, state, id));
      setClass(gate, "current", state.current?.node === id);
      setClass(gate, "selected", id === this.selected);
    }
    this.activate(state.current);
  }

  /** Mark gate `id` (or none) as the selected one. */
  select(id) {
    const was = this.gates.get(this.selected);
    if (was) setClass(was, "selected", false);
    this.selected = id;
    const gate = this.gates.get(id);
    if (gate) setClass(gate, "selected", true);
  }

  /** The step's edges highlighted, forward or backward; the last step's no longer. */
  activate(step) {
    const backward = step?.phase === "backward";
    const active = new Set(pulseEdges(this.model, step));
    for (const id of new Set([...this.active, ...active])) {
      const path = this.paths.get(id);
      if (!path) continue;
      path.classList.toggle("active", active.has(id));
      path.classList.toggle("backward", active.has(id) && backward);
    }
    this.active = active;
  }
}

/** The nodes and edges whose marks may differ between states `a` and `b`. */
function changes(a, b, sources) {
  const edges = differing(a.gradEdges, b.gradEdges);
  const nodes = new Set(differing(a.computed, b.computed));
  for (const id of edges) nodes.add(sources.get(id)); // its gate's gradient known or not
  for (const step of [a.current, b.current]) if (step) nodes.add(step.node);
  return { nodes, edges };
}

/** What is in one set and not in the other. */
function differing(a, b) {
  const out = [];
  for (const id of a) if (!b.has(id)) out.push(id);
  for (const id of b) if (!a.has(id)) out.push(id);
  return out;
}

/** Toggle a gate's class only when it changes (a class write restyles the gate). */
function setClass(gate, name, on) {
  if (gate.shown[name] === on) return;
  gate.shown[name] = on;
  gate.el.classList.toggle(name, on);
}

/**
 * A label's number (or "?") and title, when known changed. Each is one text node written in place:
 * replacing them (d3's text()) put nodes into the page, which Chrome restyled whole at each step
 * for the :has() rules around the stage (explain.css): 4–5 ms at 2,000 nodes, 0.4 ms in place.
 */
function setLabel(label, known) {
  if (known === label.known) return;
  label.known = known;
  const what = label.grad ? "grad" : "value";
  const v = label.grad ? label.edge.grad : label.edge.value;
  label.el.classList.toggle("pending", !known);
  label.words.data = known ? edgeText(v) : PENDING;
  label.title.data = known ? t(`graph.${what}`, { value: full(v) }) : t(`graph.${what}_pending`);
}
