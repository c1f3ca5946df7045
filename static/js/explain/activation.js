// The plot of a unary gate: f(x) in the forward colour, f′(x) in the gradient colour, and the
// node's current inputs marked on both (d3, SVG scaled to the panel's width).
import { t } from "chainrule/i18n/i18n.js";
import { numbers } from "chainrule/explain/arrays.js";
import { para, picture, section, texLine } from "chainrule/explain/panel.js";
import { texValue } from "chainrule/explain/slide.js";
import { isCompact } from "chainrule/graph/format.js";
import { renderTex } from "chainrule/graph/tex.js";
import { d3 } from "chainrule/vendor.js";

const SIZE = { width: 360, height: 210, left: 38, right: 10, top: 10, bottom: 24 };
const SAMPLES = 241;
const MAX_MARKERS = 200;

const sigmoid = (x) => 1 / (1 + Math.exp(-x));
const step = (yes) => (yes ? 1 : 0);

/** Per op: f, f′, their TeX, and the x range drawn around the inputs. `p`: the node's params. */
const FUNCTIONS = {
  sigmoid: () => ({ f: sigmoid, df: (x) => sigmoid(x) * (1 - sigmoid(x)), span: [-6, 6],
    tex: ["\\sigma(x)=\\frac{1}{1+e^{-x}}", "\\sigma'(x)=\\sigma(x)\\,(1-\\sigma(x))"] }),
  tanh: () => ({ f: Math.tanh, df: (x) => 1 - Math.tanh(x) ** 2, span: [-4, 4],
    tex: ["\\tanh(x)", "\\tanh'(x)=1-\\tanh^2(x)"] }),
  relu: () => ({ f: (x) => Math.max(0, x), df: (x) => step(x > 0), span: [-3, 3],
    tex: ["\\mathrm{ReLU}(x)=\\max(0,x)", "\\mathrm{ReLU}'(x)=\\mathbb{1}[x>0]"] }),
  leaky_relu: ({ slope: a }) => ({ f: (x) => (x > 0 ? x : a * x), df: (x) => (x > 0 ? 1 : a),
    span: [-3, 3], tex: [`f(x)=\\begin{cases}x&x>0\\\\${a}x&x\\le0\\end{cases}`,
      `f'(x)=\\begin{cases}1&x>0\\\\${a}&x\\le0\\end{cases}`] }),
  elu: ({ alpha: a }) => ({ f: (x) => (x > 0 ? x : a * Math.expm1(x)),
    df: (x) => (x > 0 ? 1 : a * Math.exp(x)), span: [-3, 3],
    tex: [`f(x)=\\begin{cases}x&x>0\\\\${a}(e^x-1)&x\\le0\\end{cases}`,
      `f'(x)=\\begin{cases}1&x>0\\\\${a}e^x&x\\le0\\end{cases}`] }),
  exp: () => ({ f: Math.exp, df: Math.exp, span: [-3, 2], tex: ["e^x", "(e^x)'=e^x"] }),
  log: () => ({ f: Math.log, df: (x) => 1 / x, span: [0.05, 4], clip: [-4, 5],
    tex: ["\\ln{x}", "(\\ln{x})'=\\frac{1}{x}"] }),
  sqrt: () => ({ f: Math.sqrt, df: (x) => 1 / (2 * Math.sqrt(x)), span: [0, 4], clip: [0, 3],
    tex: ["\\sqrt{x}", "(\\sqrt{x})'=\\frac{1}{2\\sqrt{x}}"] }),
  sin: () => ({ f: Math.sin, df: Math.cos, span: [-Math.PI, Math.PI],
    tex: ["\\sin{x}", "(\\sin{x})'=\\cos{x}"] }),
  cos: () => ({ f: Math.cos, df: (x) => -Math.sin(x), span: [-Math.PI, Math.PI],
    tex: ["\\cos{x}", "(\\cos{x})'=-\\sin{x}"] }),
  abs: () => ({ f: Math.abs, df: Math.sign, span: [-3, 3],
    tex: ["|x|", "|x|'=\\operatorname{sign}(x)"] }),
  rdiv_const: ({ c }) => ({ f: (x) => c / x, df: (x) => -c / x ** 2, span: [-3, 3],
    clip: [-4 * Math.abs(c), 4 * Math.abs(c)],
    tex: [`f(x)=\\frac{${c}}{x}`, `f'(x)=-\\frac{${c}}{x^2}`] }),
  pow_const: ({ c }) => ({ f: (x) => x ** c, df: (x) => c * x ** (c - 1), span: [-2, 2],
    clip: c < 1 ? [-4, 4] : undefined,
    tex: [`f(x)=x^{${c}}`, `f'(x)=${c}\\,x^{${c - 1}}`] }),
  rpow_const: ({ c }) => ({ f: (x) => c ** x, df: (x) => (c > 0 ? c ** x * Math.log(c) : 0),
    span: [-2, 2], tex: [`f(x)=${c}^x`, `f'(x)=${c}^x\\ln${c}`] }),
  max_const: ({ c }) => ({ f: (x) => Math.max(x, c), df: (x) => step(x > c), span: [c - 3, c + 3],
    tex: [`f(x)=\\max(x,${c})`, `f'(x)=\\mathbb{1}[x>${c}]`] }),
  min_const: ({ c }) => ({ f: (x) => Math.min(x, c), df: (x) => step(x < c), span: [c - 3, c + 3],
    tex: [`f(x)=\\min(x,${c})`, `f'(x)=\\mathbb{1}[x<${c}]`] }),
};

/** Whether the node is a unary gate with a plot (+c, ·c, /c and c−x, lines, have none). */
export function plotsOp(node) {
  const p = node.params ?? {};
  return node.op in FUNCTIONS && Object.values(p).every((v) => typeof v === "number");
}

export class ActivationPlot {
  constructor(node, input, edge, ready) {
    this.node = node;
    this.fn = FUNCTIONS[node.op](node.params ?? {});
    // A big input (README "Big tensors") is marked by the first numbers of its summary.
    const value = input.value;
    const known = isCompact(value) ? value.summary?.head ?? [] : value;
    this.xs = [numbers(known)].flat(Infinity).filter(Number.isFinite);
    this.count = isCompact(value) ? value.shape.reduce((n, d) => n * d, 1) : this.xs.length;
    this.el = section("explain.act.heading", "explain-act");
    this.el.append(legend(this.fn.tex));
    ({ svg: this.svg, notes: this.notes } = picture(this.el, "xplot", SIZE));
    this.ready = null;
    this.update(ready);
  }

  update(ready) {
    if (this.ready && ready.forward === this.ready.forward) return;
    this.ready = ready;
    const marked = ready.forward ? markersOf(this.xs) : [];
    draw(this.svg, this.fn, marked);
    this.notes.replaceChildren(...this.describe(marked));
  }

  describe(marked) {
    if (!this.ready.forward) return [para(t("explain.pending_forward"), "pending")];
    if (this.count === 1) {
      const [x, { f, df }] = [this.xs[0], this.fn];
      return [texLine(`x=${texValue(x)},\\;f(x)=${texValue(f(x))},\\;f'(x)=${texValue(df(x))}`)];
    }
    const id = marked.length < this.count ? "explain.act.markers_some" : "explain.act.markers";
    return [para(t(id, { shown: marked.length, count: this.count }))];
  }
}

function legend(texs) {
  const el = document.createElement("div");
  el.className = "xlegend";
  texs.forEach((tex, i) => {
    const item = document.createElement("span");
    item.className = i === 0 ? "fwd" : "bwd";
    const formula = document.createElement("span");
    renderTex(formula, tex, tex);
    item.append(formula);
    el.append(item);
  });
  return el;
}

/** At most MAX_MARKERS of the inputs, spread evenly over them. */
function markersOf(xs) {
  if (xs.length <= MAX_MARKERS) return xs;
  const every = xs.length / MAX_MARKERS;
  return Array.from({ length: MAX_MARKERS }, (_, i) => xs[Math.floor(i * every)]);
}

/** Axes, both curves (clipped to the plot), and a dot on each at every marked input. */
function draw(svg, fn, marked) {
  svg.selectAll("*").remove();
  const { x, y, grid } = scales(fn, marked);
  const [y0, y1] = y.domain();
  const inside = (v) => Number.isFinite(v) && v >= y0 - (y1 - y0) && v <= y1 + (y1 - y0);
  const zero = y(Math.max(y0, Math.min(0, y1))); // the x axis at y = 0 when 0 is in range
  svg.append("g").attr("class", "axis").attr("transform", `translate(0,${zero})`)
    .call(d3.axisBottom(x).ticks(6));
  svg.append("g").attr("class", "axis").attr("transform", `translate(${SIZE.left},0)`)
    .call(d3.axisLeft(y).ticks(5));
  const plot = svg.append("g").attr("clip-path", `url(#${clipTo(svg)})`);
  for (const [cls, f] of [["df", fn.df], ["f", fn.f]]) {
    const line = d3.line().defined((v) => inside(f(v))).x(x).y((v) => y(f(v)));
    plot.append("path").attr("class", `curve ${cls}`).attr("d", line(grid));
  }
  const marks = plot.selectAll("g.marker").data(marked).join("g").attr("class", "marker")
    .attr("data-x", (v) => v).attr("data-fx", fn.f).attr("data-dfx", fn.df);
  if (marked.length <= 12) {
    marks.append("line").attr("class", "guide").attr("x1", x).attr("x2", x)
      .attr("y1", SIZE.top).attr("y2", SIZE.height - SIZE.bottom);
  }
  for (const [cls, f] of [["f", fn.f], ["df", fn.df]]) {
    marks.append("circle").attr("class", `dot ${cls}`).attr("r", 4.5).attr("cx", x)
      .attr("cy", (v) => y(f(v)));
  }
}

/** x over the function's span and the inputs; y over what f and f′ reach there. */
function scales(fn, marked) {
  const lo = Math.min(fn.span[0], ...marked);
  const hi = Math.max(fn.span[1], ...marked);
  const pad = (hi - lo) * 0.04;
  const x = d3.scaleLinear([lo - pad, hi + pad], [SIZE.left, SIZE.width - SIZE.right]);
  const grid = d3.range(SAMPLES).map((i) => lo - pad + (i * (hi - lo + 2 * pad)) / (SAMPLES - 1));
  const y = d3.scaleLinear(yExtent(fn, grid, marked), [SIZE.height - SIZE.bottom, SIZE.top]);
  return { x, y: y.nice(), grid };
}

let clips = 0;

function clipTo(svg) {
  const id = `xplot-clip-${++clips}`;
  svg.append("clipPath").attr("id", id).append("rect").attr("x", SIZE.left).attr("y", SIZE.top)
    .attr("width", SIZE.width - SIZE.left - SIZE.right)
    .attr("height", SIZE.height - SIZE.top - SIZE.bottom);
  return id;
}

/** The y range: what f and f′ reach, cut to the function's `clip` where it shoots off to ±∞
 *  (1/x, ln x near 0), but never cutting off a marked input. */
function yExtent(fn, grid, marked) {
  const values = (xs) => xs.flatMap((v) => [fn.f(v), fn.df(v)]).filter(Number.isFinite);
  const [lo, hi] = fn.clip ?? [-Infinity, Infinity];
  const drawn = values(grid).map((v) => Math.max(lo, Math.min(hi, v)));
  return d3.extent([0, ...drawn, ...values(marked)]);
}
