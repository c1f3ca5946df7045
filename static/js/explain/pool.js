// The pooling explainer (maxpool2d, avgpool2d): the windows over the input, the max mask, and
// where each upstream gradient goes — computed here by the routing rule and checked against the
// engine. Ties: like the engine (NumPy's argmax over the window read row by row), the first
// maximum takes the whole gradient.
import { t } from "chainrule/i18n/i18n.js";
import { build, numbers, zeros } from "chainrule/explain/arrays.js";
import { NumberGrid, gridRow } from "chainrule/explain/grid.js";
import {
  Walkthrough, checkLine, para, section, selectors, texLine,
} from "chainrule/explain/panel.js";
import { texNum, texValue } from "chainrule/explain/slide.js";
import { Stepper } from "chainrule/explain/stepper.js";

const MAX_LISTED = 12; // window cells written out in a line before …

/** Each window of one 2-D slice: its cells, the first maximum, and whether the maximum ties. */
export function poolWindows(x, k, s) {
  const oh = Math.floor((x.length - k) / s) + 1;
  const ow = Math.floor((x[0].length - k) / s) + 1;
  return build([oh, ow], ([i, j]) => {
    const cells = [];
    for (let u = 0; u < k; u++) for (let v = 0; v < k; v++) cells.push([i * s + u, j * s + v]);
    const values = cells.map(([r, c]) => x[r][c]);
    const best = values.reduce((b, v, n) => (v > values[b] ? n : b), 0);
    const ties = values.filter((v) => v === values[best]).length > 1;
    return { i, j, cells, values, pick: cells[best], ties };
  });
}

/** dX of one slice: max pooling sends dY to each window's first maximum, mean pooling dY/k². */
export function poolGrad(x, dy, k, s, max) {
  const dx = zeros(x.length, x[0].length);
  for (const w of poolWindows(x, k, s).flat()) {
    const g = dy[w.i][w.j];
    if (max) dx[w.pick[0]][w.pick[1]] += g;
    else for (const [r, c] of w.cells) dx[r][c] += g / (k * k);
  }
  return dx;
}

export class PoolExplainer extends Walkthrough {
  constructor(node, inputs, edgeGrads, ready) {
    super("pool", ready);
    this.max = node.op === "maxpool2d";
    this.x = numbers(inputs[0].value);
    this.y = numbers(node.value);
    this.dy = node.grad === null ? null : numbers(node.grad);
    this.k = Number(node.params.size);
    this.s = Number(node.params.stride ?? this.k);
    this.engine = edgeGrads[0];
    const heading = this.max ? "explain.pool.heading_max" : "explain.pool.heading_avg";
    this.el = section(heading, "explain-pool");
    const dims = [{ key: "n", count: this.x.length, labelId: "explain.sample" },
      { key: "c", count: this.x[0].length, labelId: "explain.channel" }];
    this.pick = selectors(dims, (values) => this.render(values));
    this.el.append(this.pick.el, this.body);
    this.render(this.pick.values);
  }

  forward({ n, c }) {
    if (!this.ready.forward) return para(t("explain.pending_forward"), "pending");
    const x = this.x[n][c];
    const windows = poolWindows(x, this.k, this.s);
    const input = this.windowGrid(x, windows, "pool-input");
    const output = new NumberGrid(this.y[n][c], { tex: "Y", name: "pool-output" });
    const line = sumLine("pool-forward");
    const stepper = this.walk(windows, input, line, (w) => {
      output.mark("win", w.i, w.j);
      return this.forwardTex(w);
    });
    const wrap = document.createElement("div");
    wrap.append(gridRow(input, "\\to", output), stepper.el, line);
    if (this.max) wrap.append(para(t("explain.pool.mask")));
    stepper.go(0);
    return wrap;
  }

  /** X with its windows tinted and (max pooling) the max mask outlined. */
  windowGrid(x, windows, name) {
    const grid = new NumberGrid(x, { tex: "X", name });
    tintWindows(grid, windows, this.s >= this.k);
    if (this.max) grid.markWhere("argmax", (r, col) => isPick(windows, r, col));
    return grid;
  }

  /** Steps through the windows: outlines each in `grid`, writes `tex(w)` (with a tie's note). */
  walk(windows, grid, line, tex) {
    const all = windows.flat();
    return new Stepper(all.length, (index) => {
      const w = all[index];
      grid.mark("win", w.i * this.s, w.j * this.s, this.k, this.k);
      showLine(line, w, tex(w), w.ties && this.max ? t("explain.pool.tie_here") : "");
    });
  }

  forwardTex(w) {
    const value = texValue(this.y[this.at.n][this.at.c][w.i][w.j]);
    return this.max
      ? `Y[${w.i},${w.j}]=\\max(${listTex(w.values)})=${value}`
      : `Y[${w.i},${w.j}]=\\frac{1}{${this.k * this.k}}(${listTex(w.values, "+")})=${value}`;
  }

  backward({ n, c }) {
    if (!this.ready.backward || !this.dy) return para(t("explain.pending_backward"), "pending");
    const x = this.x[n][c];
    const windows = poolWindows(x, this.k, this.s);
    const mine = this.x.map((sample, nn) => sample.map((slice, cc) =>
      poolGrad(slice, this.dy[nn][cc], this.k, this.s, this.max)));
    const mask = this.windowGrid(x, windows, "pool-mask");
    const upstream = new NumberGrid(this.dy[n][c], { tex: "dY", name: "pool-dy" });
    const dx = new NumberGrid(mine[n][c], { tex: "dX", name: "pool-dx" });
    const line = sumLine("pool-backward");
    const stepper = this.walk(windows, mask, line, (w) => {
      upstream.mark("win", w.i, w.j);
      const targets = this.max ? [w.pick] : w.cells;
      dx.markWhere("win", (r, col) => targets.some(([a, b]) => a === r && b === col));
      return this.routeTex(w);
    });
    const wrap = document.createElement("div");
    wrap.append(gridRow(upstream, "\\to", mask, "\\to", dx), stepper.el, line,
      ...this.notes(windows));
    wrap.append(checkLine(mine, this.engine === null ? null : numbers(this.engine), "dX"));
    stepper.go(0);
    return wrap;
  }

  routeTex(w) {
    const g = this.dy[this.at.n][this.at.c][w.i][w.j];
    const plus = this.s < this.k ? "\\mathrel{+}=" : "=";
    if (this.max) return `dX[${w.pick[0]},${w.pick[1]}]${plus}dY[${w.i},${w.j}]=${texValue(g)}`;
    const share = texValue(g / (this.k * this.k));
    const [r, c] = [w.i * this.s, w.j * this.s];
    const block = `${r}:${r + this.k},${c}:${c + this.k}`;
    return `dX[${block}]${plus}\\frac{dY[${w.i},${w.j}]}{${this.k * this.k}}=${share}`;
  }

  notes(windows) {
    const out = [];
    const tied = windows.flat().filter((w) => w.ties).length;
    if (this.max) out.push(para(t("explain.pool.route")));
    if (this.max && tied) out.push(para(t("explain.pool.ties", { count: tied }), "ties"));
    if (!this.max) out.push(para(t("explain.pool.avg", { k: this.k * this.k })));
    if (this.s < this.k) out.push(para(t("explain.pool.overlap")));
    return out;
  }
}

function isPick(windows, r, c) {
  return windows.flat().some((w) => w.pick[0] === r && w.pick[1] === c);
}

/** Non-overlapping windows get alternating tints, so the tiling shows at a glance. */
function tintWindows(grid, windows, tiled) {
  if (!tiled) return;
  for (const w of windows.flat()) {
    const cls = (w.i + w.j) % 2 ? "tint-b" : "tint-a";
    for (const [r, c] of w.cells) grid.cells[r][c].classList.add(cls);
  }
}

function listTex(values, between = ",") {
  const shown = values.length > MAX_LISTED
    ? [...values.slice(0, MAX_LISTED - 2).map(texNum), "\\dots", texNum(values[values.length - 1])]
    : values.map(texNum);
  return shown.join(between);
}

function sumLine(name) {
  const el = document.createElement("div");
  el.className = "xsum";
  el.dataset.sum = name;
  return el;
}

function showLine(el, w, tex, note) {
  const line = texLine(tex, "xtex");
  el.replaceChildren(line, ...(note ? [para(note, "tie")] : []));
  Object.assign(el.dataset, { cell: `${w.i},${w.j}`, pick: w.pick.join(","),
    ties: String(w.ties) });
}
