// One sliding window: an input grid, a kernel, an output grid, and the stepper moving the window
// cell by cell with Σ window · kernel written out in numbers (KaTeX).
import { fmtTex } from "chainrule/graph/format.js";
import { windowTerms } from "chainrule/explain/arrays.js";
import { NumberGrid, gridRow } from "chainrule/explain/grid.js";
import { Stepper } from "chainrule/explain/stepper.js";
import { renderTex } from "chainrule/graph/tex.js";

const MAX_TERMS = 12; // more products than this are shortened with …

/** A number in TeX, as a result: -0.5, \infty, 5.52 \times 10^{-6}. */
export function texValue(x) {
  return fmtTex(x);
}

/** A number in TeX as an operand, negative ones in parentheses: 2\cdot(-0.5). */
export function texNum(x) {
  const tex = texValue(x);
  return tex.startsWith("-") ? `(${tex})` : tex;
}

/** 2\cdot0.5+1\cdot0.7+…, shortened in the middle past MAX_TERMS products. */
export function productsTex(terms) {
  const tex = terms.map((t) => `${texNum(t.a)}\\cdot${texNum(t.k)}`);
  if (tex.length <= MAX_TERMS) return tex.join("+");
  return [...tex.slice(0, MAX_TERMS - 3), "\\dots", ...tex.slice(-2)].join("+");
}

/** Scroll the panel holding `cells` (the window and the output cell it fills) the least that
 *  shows them together, when they fit: on a phone's sheet, a step must not leave either out. */
function keepInSight(cells) {
  const panel = cells[0]?.closest(".explain-sheet-body, .inspector");
  if (!panel) return;
  const rects = [...cells].map((td) => td.getBoundingClientRect());
  const top = Math.min(...rects.map((r) => r.top));
  const bottom = Math.max(...rects.map((r) => r.bottom));
  const view = panel.getBoundingClientRect();
  const margin = 6; // px: the window's outline clear of the panel's edge
  const from = Math.max(view.top, 0) + margin;
  const to = Math.min(view.bottom, innerHeight) - margin;
  if (top >= from && bottom <= to) return;
  const down = bottom > to ? Math.min(bottom - to, top - from) : top - from; // the window first
  panel.scrollBy({ top: down });
}

export class SlideView {
  /**
   * `input`, `kernel`, `output`: grids (arrays of rows); `names`: TeX {input, kernel, output,
   * term(i, j)?: what the Σ line computes when not the output cell itself};
   * `pad`: padding shown dimmed on the input; `extra(i, j, sum)`: a further TeX line or "".
   */
  constructor({ input, kernel, output, names, stride = 1, pad = [0, 0], extra = () => "", id }) {
    this.input = input;
    this.kernel = kernel;
    this.stride = stride;
    this.names = names;
    this.extra = extra;
    this.inGrid = new NumberGrid(input, { tex: names.input, pad, name: `${id}-input` });
    this.kGrid = new NumberGrid(kernel, { tex: names.kernel, name: `${id}-kernel` });
    this.outGrid = new NumberGrid(output, { tex: names.output, name: `${id}-output` });
    this.ow = output[0].length;
    this.sum = document.createElement("div");
    this.sum.className = "xsum";
    this.sum.dataset.sum = id;
    this.stepper = new Stepper(output.length * this.ow, (index) => this.show(index));
    this.el = document.createElement("div");
    this.el.className = "xslide";
    this.el.append(gridRow(this.inGrid, "\\star", this.kGrid, "=", this.outGrid),
      this.stepper.el, this.sum);
    this.stepper.go(0);
  }

  show(index) {
    const i = Math.floor(index / this.ow);
    const j = index % this.ow;
    const [kh, kw] = [this.kernel.length, this.kernel[0].length];
    this.inGrid.mark("win", i * this.stride, j * this.stride, kh, kw);
    this.outGrid.mark("win", i, j);
    if (this.el.isConnected) keepInSight(this.el.querySelectorAll("td.win"));
    const terms = windowTerms(this.input, this.kernel, i, j, this.stride);
    const sum = terms.reduce((s, t) => s + t.a * t.k, 0);
    const [r, c] = [i * this.stride, j * this.stride];
    const { input, kernel, output } = this.names;
    const oneRow = this.input.length === 1; // the 1-D indices of conv1d and convolve
    const name = this.names.term?.(i, j) ?? `${output}[${oneRow ? j : `${i},${j}`}]`;
    const head = oneRow
      ? `${name}=\\sum_{v}${input}[${c}+v]\\,${kernel}[v]`
      : `${name}=\\sum_{u,v}${input}[${r}+u,${c}+v]\\,${kernel}[u,v]`;
    const line = document.createElement("div");
    renderTex(line, `${head}=${productsTex(terms)}=${texValue(sum)}`);
    const parts = [line];
    const more = this.extra(i, j, sum);
    if (more) {
      const second = document.createElement("div");
      renderTex(second, more);
      parts.push(second);
    }
    this.sum.replaceChildren(...parts);
    Object.assign(this.sum.dataset, { cell: `${i},${j}`, value: String(sum) });
  }
}
