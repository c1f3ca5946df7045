// Which explainer the inspector shows under a node's rows: the conv, convolve and pooling
// walk-throughs, the activation plot of a unary gate, and the per-layer gradient bars of a chain
// of sigmoid/tanh gates. Each is built once per graph and node and keeps its own state (tab,
// window position) while the player steps; it only learns what the player has revealed. A
// walk-through whose numbers the document only summarises (README "Big tensors") says so.
import { ActivationPlot, plotsOp } from "chainrule/explain/activation.js";
import { ConvExplainer } from "chainrule/explain/conv.js";
import { ConvolveExplainer } from "chainrule/explain/convolve.js";
import { PoolExplainer } from "chainrule/explain/pool.js";
import { VanishingChart, chainLayers } from "chainrule/explain/vanishing.js";
import { para, section } from "chainrule/explain/panel.js";
import { isCompact, shapeText } from "chainrule/graph/format.js";
import { t } from "chainrule/i18n/i18n.js";

/** The walk-throughs by op, with their headings (also over the note of a summarised one). */
const KINDS = {
  conv2d: [ConvExplainer, "explain.conv.heading"], conv1d: [ConvExplainer, "explain.conv.heading"],
  convolve: [ConvolveExplainer, "explain.convolve.heading"],
  maxpool2d: [PoolExplainer, "explain.pool.heading_max"],
  avgpool2d: [PoolExplainer, "explain.pool.heading_avg"],
};

/** Whether gate `node` has a walk-through or plot of its own (what `explain=` can open). */
export function hasExplainer(node) {
  return Boolean(node && (KINDS[node.op] || plotsOp(node)));
}

export class Explainers {
  /** `scroll`: bring a walk-through just picked into view (the inspector, under its rows). */
  constructor({ scroll = true } = {}) {
    this.cache = new Map(); // node id → explainer, for this.model only
    this.model = null;
    this.scroll = scroll;
  }

  /** The elements to add under the inspector's rows (`node` null: nothing is selected). */
  elements(model, state, node) {
    if (model !== this.model) {
      this.model = model;
      this.cache.clear();
      this.layers = model ? chainLayers(model) : [];
    }
    if (!model) return [];
    const out = [];
    const own = node && this.explainer(node, state);
    if (own) out.push(own.el);
    if (own && KINDS[node.op] && node.id !== this.picked && this.scroll) reveal(own.el);
    this.picked = node?.id ?? null;
    if (this.layers.length >= 2 && (!node || this.layers.some((l) => l.node.id === node.id))) {
      const make = () => new VanishingChart(this.layers);
      const chart = this.explainer({ id: "__layers" }, state, make);
      chart.select(node?.id ?? null);
      out.push(chart.el);
    }
    return out;
  }

  explainer(node, state, make = () => this.make(node, state)) {
    if (!this.cache.has(node.id)) this.cache.set(node.id, safely(make));
    const explainer = this.cache.get(node.id);
    explainer?.update(node.id === "__layers" ? state : readiness(this.model, state, node));
    return explainer;
  }

  make(node, state) {
    const edges = inputEdges(this.model, node);
    const inputs = edges.map((e) => this.model.nodes.get(e.source));
    const ready = readiness(this.model, state, node);
    const values = [node.value, node.grad, ...inputs.map((n) => n.value)];
    const big = [...values, ...edges.map((e) => e.grad)].find(isCompact); // not all here
    const [Walkthrough, headingId] = KINDS[node.op] ?? [];
    if (Walkthrough && big) return new Summarised(headingId, big);
    if (Walkthrough) return new Walkthrough(node, inputs, edges.map((e) => e.grad), ready);
    if (plotsOp(node)) return new ActivationPlot(node, inputs[0], edges[0], ready);
    return null;
  }
}

/** In place of a walk-through that needs every number: which tensor is only summarised. */
class Summarised {
  constructor(headingId, big) {
    this.el = section(headingId, "explain-summarised");
    const count = big.shape.reduce((n, d) => n * d, 1);
    this.el.append(para(t("explain.summarised", { shape: shapeText(big.shape), count }), "why"));
  }

  update() {} // nothing the player reveals changes it
}

/** A walk-through was just picked: scroll the panel to it (it sits under the node's rows). */
function reveal(el) {
  requestAnimationFrame(() => el.isConnected && el.scrollIntoView({ block: "start" }));
}

/** The node's incoming edges in input order. */
export function inputEdges(model, node) {
  return model.edges.filter((e) => e.target === node.id).sort((a, b) => a.index - b.index);
}

/** What the player has shown of the node: its value (forward), its inputs' gradients (backward). */
function readiness(model, state, node) {
  const edges = inputEdges(model, node);
  return {
    forward: state.computed.has(node.id),
    backward: edges.length > 0 && edges.every((e) => e.grad === null || state.gradEdges.has(e.id)),
  };
}

/** An explainer that fails to build must not take the inspector down; the error still surfaces. */
function safely(make) {
  try {
    return make();
  } catch (error) {
    setTimeout(() => { throw error; });
    return null;
  }
}
