// The vanishing gradient of a chain of sigmoid/tanh layers (the course deck's point): one bar
// per layer, the mean |gradient| flowing into that gate's input, first layer on the left, on a
// log scale so that a factor of ≤ 0.25 per σ layer shows as equal steps down.
import { fmt, isCompact } from "chainrule/graph/format.js";
import { t } from "chainrule/i18n/i18n.js";
import { numbers } from "chainrule/explain/arrays.js";
import { para, picture, section } from "chainrule/explain/panel.js";
import { d3 } from "chainrule/vendor.js";

const LAYER_OPS = new Set(["sigmoid", "tanh"]);
const SIZE = { width: 360, height: 200, left: 46, right: 8, top: 22, bottom: 34 };

/**
 * The sigmoid/tanh gates in forward order, each with its input edge and mean |gradient| — when
 * they form a chain (each feeds, through other gates, the next); else none.
 */
export function chainLayers(model) {
  const layers = gates(model);
  const chained = layers.every((l, i) => i === 0 || feeds(model, layers[i - 1].node, l.node));
  return chained ? layers : [];
}

/** Whether `from` is among the inputs of `to`, however far back. */
function feeds(model, from, to) {
  const seen = new Set();
  const stack = [...to.inputs];
  while (stack.length) {
    const id = stack.pop();
    if (id === from.id) return true;
    if (seen.has(id)) continue;
    seen.add(id);
    stack.push(...model.nodes.get(id).inputs);
  }
  return false;
}

function gates(model) {
  const layers = [];
  for (const node of model.nodes.values()) {
    if (!LAYER_OPS.has(node.op)) continue;
    const edge = model.edges.find((e) => e.target === node.id && e.index === 0);
    if (!edge || edge.grad === null) continue;
    if (isCompact(edge.grad)) return []; // only summarised: no mean |gradient| to draw
    const grads = [numbers(edge.grad)].flat(Infinity).map(Math.abs);
    layers.push({ node, edge, value: grads.reduce((s, g) => s + g, 0) / grads.length });
  }
  return layers;
}

export class VanishingChart {
  constructor(layers) {
    this.layers = layers;
    this.el = section("explain.vanish.heading", "explain-vanish");
    ({ svg: this.svg, notes: this.notes } = picture(this.el, "xbars", SIZE));
    this.known = null;
    this.selected = null;
  }

  /** The player moved: bars appear as the backward pass reaches each layer. */
  update(state) {
    const known = this.layers.map((l) => state.gradEdges.has(l.edge.id));
    if (this.known && known.every((k, i) => k === this.known[i])) return;
    this.known = known;
    this.draw();
  }

  select(nodeId) {
    this.selected = nodeId;
    this.svg.selectAll("rect.bar").classed("selected", (d) => d.node.id === nodeId);
  }

  draw() {
    const shown = this.layers.filter((_, i) => this.known[i]);
    const values = shown.map((l) => l.value).filter((v) => v > 0);
    const x = d3.scaleBand(this.layers.map((_, i) => i), [SIZE.left, SIZE.width - SIZE.right])
      .padding(0.2);
    const lo = Math.min(...values, 1) / 2;
    const hi = Math.max(...values, lo * 4) * 2;
    const y = d3.scaleLog([lo, hi], [SIZE.height - SIZE.bottom, SIZE.top]);
    const top = (d) => y(Math.max(d.value, lo));
    this.svg.selectAll("*").remove();
    this.svg.append("g").attr("class", "axis").attr("transform", `translate(${SIZE.left},0)`)
      .call(d3.axisLeft(y).ticks(4, "~e"));
    const bars = this.svg.selectAll("g.layer").data(this.layers).join("g").attr("class", "layer");
    bars.filter((_, i) => this.known[i]).append("rect").attr("class", "bar")
      .attr("x", (_, i) => x(i)).attr("width", x.bandwidth())
      .attr("y", (d) => top(d)).attr("height", (d) => y(lo) - top(d))
      .attr("data-value", (d) => d.value).attr("data-node", (d) => d.node.id);
    bars.append("text").attr("class", "bar-value").attr("x", (_, i) => x(i) + x.bandwidth() / 2)
      .attr("y", (d, i) => (this.known[i] ? top(d) : y(lo)) - 4)
      .text((d, i) => (this.known[i] ? fmt(d.value) : "?"));
    bars.append("text").attr("class", "bar-name").attr("x", (_, i) => x(i) + x.bandwidth() / 2)
      .attr("y", SIZE.height - SIZE.bottom + 16).text((d) => d.node.symbol ?? d.node.id);
    this.select(this.selected);
    this.notes.replaceChildren(...this.describe(shown));
  }

  describe(shown) {
    if (shown.length < this.layers.length) return [para(t("explain.vanish.pending"), "pending")];
    const first = this.layers[0].value;
    const last = this.layers[this.layers.length - 1].value;
    const notes = [para(t("explain.vanish.caption"))];
    const ratio = fmt(first / last);
    if (last > 0) notes.push(para(t("explain.vanish.ratio", { ratio }), "ratio"));
    return notes;
  }
}
