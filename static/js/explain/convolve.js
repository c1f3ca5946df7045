// The convolve explainer (np.convolve, the course deck's 1-D convolution): the kernel flipped
// into wʳ, wʳ sliding over x padded with zeros, y[i] = Σ_k x[i−k]·w[k]; backward, the upstream
// gradient placed in the full output and correlated with w (for dx) and with x (for dw).
import { t } from "chainrule/i18n/i18n.js";
import { correlate2d, numbers, pad2d } from "chainrule/explain/arrays.js";
import { outSize } from "chainrule/explain/convmath.js";
import { NumberGrid, gridRow } from "chainrule/explain/grid.js";
import { Walkthrough, checkLine, para, section, texLine } from "chainrule/explain/panel.js";
import { SlideView, texValue } from "chainrule/explain/slide.js";

/** Where np.convolve's `mode` output starts inside the full convolution (as the engine). */
function offset(n, m, mode) {
  return { full: 0, same: Math.floor((Math.min(n, m) - 1) / 2), valid: Math.min(n, m) - 1 }[mode];
}

export class ConvolveExplainer extends Walkthrough {
  constructor(node, inputs, edgeGrads, ready) {
    super("convolve", ready);
    [this.x, this.w] = inputs.map((n) => numbers(n.value));
    this.y = numbers(node.value);
    this.dy = node.grad === null ? null : numbers(node.grad);
    this.mode = node.params?.mode ?? "full";
    this.start = offset(this.x.length, this.w.length, this.mode);
    this.engine = edgeGrads;
    this.el = section("explain.convolve.heading", "explain-convolve");
    const flipped = [...this.w].reverse();
    this.el.append(
      gridRow(new NumberGrid([this.w], { tex: "w" }), "\\to",
        new NumberGrid([flipped], { tex: "w^{r}", name: "convolve-flipped" })),
      para(t("explain.convolve.flip")), this.sizeFormula(), this.body);
    this.render();
  }

  forward() {
    if (!this.ready.forward) return para(t("explain.pending_forward"), "pending");
    const [n, m, L] = [this.x.length, this.w.length, this.y.length];
    const left = m - 1 - this.start;
    const right = L + m - 1 - n - left;
    const view = new SlideView({
      input: pad2d([this.x], 0, left, 0, right), kernel: [[...this.w].reverse()], output: [this.y],
      pad: [0, left, 0, right], id: "convolve-forward",
      names: { input: "x_p", kernel: "w^{r}", output: "y" },
      extra: (i, j, sum) => {
        const full = j + this.start;
        const name = this.start ? `y[${j}]=y^{\\mathrm{full}}[${full}]` : `y[${j}]`;
        return `${name}=\\sum_{k}x[${full}-k]\\,w[k]=${texValue(sum)}`;
      },
    });
    const wrap = document.createElement("div");
    if (this.mode !== "full") {
      wrap.append(para(t("explain.convolve.mode", { mode: this.mode, from: this.start })));
    }
    wrap.append(view.el);
    return wrap;
  }

  backward() {
    if (!this.ready.backward || !this.dy) return para(t("explain.pending_backward"), "pending");
    const [n, m, L] = [this.x.length, this.w.length, this.y.length];
    const after = n + m - 1 - this.start - L;
    const g = pad2d([this.dy], 0, this.start, 0, after); // the upstream in the full output
    const part = (kernel, output, id, names) => new SlideView({
      input: g, kernel: [kernel], output, pad: [0, this.start, 0, after], id, names,
    }).el;
    const dx = correlate2d(g, [this.w]);
    const dw = correlate2d(g, [this.x]);
    return fragment([
      para(t("explain.convolve.backward")),
      part(this.w, dx, "convolve-dx", { input: "dy_p", kernel: "w", output: "dx" }),
      checkLine(dx[0], this.engine[0] === null ? null : numbers(this.engine[0]), "dx"),
      part(this.x, dw, "convolve-dw", { input: "dy_p", kernel: "x", output: "dw" }),
      checkLine(dw[0], this.engine[1] === null ? null : numbers(this.engine[1]), "dw"),
    ]);
  }

  /** o = ⌊(n + 2p − m)/s⌋ + 1 with the mode's padding (np.convolve slides the shorter one). */
  sizeFormula() {
    const [n, m] = [Math.max(this.x.length, this.w.length), Math.min(this.x.length, this.w.length)];
    const p = { full: m - 1, same: (m - 1) / 2, valid: 0 }[this.mode];
    const o = outSize(n, p, m, 1);
    const el = document.createElement("div");
    el.className = "xsize";
    const label = document.createElement("h4");
    label.textContent = t("explain.out_size");
    const tex = "o=\\left\\lfloor\\frac{n+2p-m}{s}\\right\\rfloor+1="
      + `\\left\\lfloor\\frac{${n}+2\\cdot${p}-${m}}{1}\\right\\rfloor+1=${o}`;
    const line = texLine(tex);
    Object.assign(line.dataset, { n, p, f: m, s: 1, o });
    el.append(label, line);
    return el;
  }
}

function fragment(children) {
  const div = document.createElement("div");
  div.append(...children);
  return div;
}
