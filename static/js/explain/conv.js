// The conv2d / conv1d explainer: padded input, kernel and output with a window stepping through
// the output (forward); dW = X_p ⋆ dY and dX = dY ∗ rot180(W) computed here by those formulas
// and checked against the engine's gradients (backward); the output size o = ⌊(n+2p−f)/s⌋+1.
import { t } from "chainrule/i18n/i18n.js";
import { dilate2d, numbers, rot180, windowTerms } from "chainrule/explain/arrays.js";
import {
  convGradients, convTensors, cropPadding, dwPart, dxFullPart, fullPaddedGrad, outSize,
  paddedInput,
} from "chainrule/explain/convmath.js";
import { NumberGrid, gridRow } from "chainrule/explain/grid.js";
import {
  Walkthrough, checkLine, para, section, selectors, texLine,
} from "chainrule/explain/panel.js";
import { SlideView, texNum, texValue } from "chainrule/explain/slide.js";

export class ConvExplainer extends Walkthrough {
  /** `ready`: {forward, backward} — what the player has revealed of this node. */
  constructor(node, inputs, edgeGrads, ready) {
    super("conv", ready);
    this.node = node;
    this.t = convTensors(node, inputs, node.op === "conv1d");
    this.engine = edgeGrads; // [dx, dw, db] from the API document (null where none)
    this.el = section("explain.conv.heading", "explain-conv");
    const [N, C] = [this.t.x.length, this.t.x[0].length];
    const dims = [
      { key: "n", count: N, labelId: "explain.sample" },
      { key: "c", count: C, labelId: "explain.channel" },
      { key: "k", count: this.t.w.length, labelId: "explain.filter" },
    ];
    this.pick = selectors(dims, (values) => this.render(values));
    this.el.append(this.pick.el, sizeFormula(this.t), this.body);
    this.render(this.pick.values);
  }

  forward({ n, c, k }) {
    if (!this.ready.forward) return para(t("explain.pending_forward"), "pending");
    const tt = this.t;
    const C = tt.x[0].length;
    const padded = tt.pads.some((p) => p > 0);
    const view = new SlideView({
      input: paddedInput(tt, n, c), kernel: tt.w[k][c], output: tt.y[n][k], stride: tt.stride,
      pad: tt.pads, id: "conv-forward",
      names: { input: padded ? "X_p" : "X", kernel: "W", output: "Y",
        term: C > 1 || tt.b ? () => `s_{${c}}` : undefined },
      extra: (i, j) => (C > 1 || tt.b ? channelSum(tt, n, k, i, j) : ""),
    });
    const wrap = document.createElement("div");
    if (C > 1) wrap.append(para(t("explain.conv.channels", { c, count: C })));
    wrap.append(view.el);
    return wrap;
  }

  backward(at) {
    if (!this.ready.backward || !this.t.dy) {
      return para(t("explain.pending_backward"), "pending");
    }
    const mine = convGradients(this.t);
    const wrap = document.createElement("div");
    wrap.append(new NumberGrid(this.t.dy[at.n][at.k], { tex: "dY", name: "conv-dy" }).el);
    wrap.append(...this.dwPart(at, mine), ...this.dxPart(at, mine));
    if (this.t.b) wrap.append(...this.dbPart(at, mine));
    return wrap;
  }

  dwPart({ n, c, k }, mine) {
    const tt = this.t;
    const part = dwPart(tt, n, k, c);
    const view = new SlideView({
      input: paddedInput(tt, n, c), kernel: dilate2d(tt.dy[n][k], tt.stride), output: part,
      pad: tt.pads, id: "conv-dw",
      names: { input: "X_p", kernel: "dY", output: tt.x.length > 1 ? `dW^{(${n})}` : "dW" },
    });
    const out = [heading("explain.conv.dw_title"), para(t("explain.conv.dw")), view.el];
    if (tt.stride > 1) out.splice(2, 0, para(t("explain.conv.dilate", { s: tt.stride })));
    if (tt.x.length > 1) {
      out.push(para(t("explain.conv.sum_samples", { count: tt.x.length })),
        new NumberGrid(lift(tt, mine.dw[k][c]), { tex: "dW", name: "conv-dw-total" }).el);
    }
    out.push(checkLine(mine.dw, this.engine[1], "dW"));
    return out;
  }

  dxPart({ n, c, k }, mine) {
    const tt = this.t;
    const full = dxFullPart(tt, n, k, c);
    const rot = "\\mathrm{rot180}(W)";
    const rotated = new NumberGrid(rot180(tt.w[k][c]), { tex: rot, name: "conv-rot" });
    const view = new SlideView({
      input: fullPaddedGrad(tt, n, k), kernel: rot180(tt.w[k][c]), output: full, id: "conv-dx",
      names: { input: "dY_p", kernel: rot, output: tt.w.length > 1 ? `dX_p^{(${k})}` : "dX_p" },
      pad: fullPads(tt),
    });
    const out = [heading("explain.conv.dx_title"), para(t("explain.conv.dx")),
      gridRow(new NumberGrid(tt.w[k][c], { tex: "W" }), "\\xrightarrow{180^\\circ}", rotated),
      para(t("explain.conv.dy_padded", { f: tt.w[0][0][0].length - 1 })), view.el];
    const many = tt.w.length > 1;
    if (tt.pads.some((p) => p > 0)) {
      out.push(para(t("explain.conv.crop", { p: tt.pads.join("×") })), new NumberGrid(
        cropPadding(tt, full), { tex: many ? `dX^{(${k})}` : "dX", name: "conv-dx-crop" }).el);
    }
    if (many) {
      out.push(para(t("explain.conv.sum_filters", { count: tt.w.length })),
        new NumberGrid(lift(tt, mine.dx[n][c]), { tex: "dX", name: "conv-dx-total" }).el);
    }
    out.push(checkLine(mine.dx, this.engine[0], "dX"), para(t("explain.conv.why"), "why"));
    return out;
  }

  dbPart({ k }, mine) {
    const engine = this.engine[2] === null ? null : numbers(this.engine[2]).flat(Infinity);
    return [texLine(`db[${k}]=\\sum_{n,i,j}dY[n,${k},i,j]=${texValue(mine.db[k])}`),
      checkLine(mine.db, engine, "db")];
  }
}

/** The zeros fullPaddedGrad put around dY: [top, left, bottom, right]. */
function fullPads(tt) {
  const [fh, fw] = [tt.w[0][0].length, tt.w[0][0][0].length];
  const [hp, wp] = [tt.x[0][0].length + 2 * tt.pads[0], tt.x[0][0][0].length + 2 * tt.pads[1]];
  return [fh - 1, fw - 1, fh - 1 + (hp - fh) % tt.stride, fw - 1 + (wp - fw) % tt.stride];
}

/** The total over samples as a grid (conv1d's rows lifted back to one-row grids). */
function lift(tt, grid) {
  return tt.oneD && !Array.isArray(grid[0]) ? [grid] : grid;
}

function heading(id) {
  const h = document.createElement("h4");
  h.textContent = t(id);
  return h;
}

/** y = Σ_c (window · W) over every channel, + b: the line under the one channel's products. */
function channelSum(tt, n, k, i, j) {
  const parts = tt.x[n].map((_, c) => windowTerms(paddedInput(tt, n, c), tt.w[k][c], i, j,
    tt.stride).reduce((s, term) => s + term.a * term.k, 0));
  const bias = tt.b ? tt.b[k] : 0;
  const terms = parts.map(texNum);
  if (tt.b) terms.push(texNum(bias));
  const total = parts.reduce((s, v) => s + v, bias);
  const symbolic = tt.b ? "\\sum_{c}s_c+b" : "\\sum_{c}s_c";
  return `Y[${i},${j}]=${symbolic}=${terms.join("+")}=${texValue(total)}`;
}

/** o = ⌊(n + 2p − f)/s⌋ + 1 with the node's numbers, per spatial axis (one line if alike). */
function sizeFormula(tt) {
  const axes = [];
  const dims = [[tt.x[0][0].length, tt.w[0][0].length, tt.pads[0]],
    [tt.x[0][0][0].length, tt.w[0][0][0].length, tt.pads[1]]];
  for (const [n, f, p] of tt.oneD ? dims.slice(1) : dims) axes.push({ n, f, p, s: tt.stride });
  const same = axes.length === 2 && JSON.stringify(axes[0]) === JSON.stringify(axes[1]);
  const shown = same || axes.length === 1 ? [axes[0]] : axes;
  const el = document.createElement("div");
  el.className = "xsize";
  const label = document.createElement("h4");
  label.textContent = t("explain.out_size");
  el.append(label);
  shown.forEach((a, i) => {
    const o = outSize(a.n, a.p, a.f, a.s);
    const name = shown.length === 2 ? `o_{${["H", "W"][i]}}` : "o";
    const tex = `${name}=\\left\\lfloor\\frac{n+2p-f}{s}\\right\\rfloor+1=`
      + `\\left\\lfloor\\frac{${a.n}+2\\cdot${a.p}-${a.f}}{${a.s}}\\right\\rfloor+1=${o}`;
    const line = texLine(tex);
    Object.assign(line.dataset, { n: a.n, p: a.p, f: a.f, s: a.s, o });
    el.append(line);
  });
  return el;
}
