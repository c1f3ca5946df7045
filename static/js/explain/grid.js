// A 2-D grid of numbers for the explainers: the numbers themselves up to 8×8, colour alone
// beyond (the full value in each cell's title); cells can be marked (a window, padding, a mask).
import { fmt, full } from "chainrule/graph/format.js";
import { renderTex } from "chainrule/graph/tex.js";

export const MAX_NUMBERS = 8; // rows and columns shown with their numbers

export class NumberGrid {
  /** `rows`: arrays of numbers; `tex`: the caption (TeX); `pad`: padding [top, left, bottom,
   *  right] (bottom and right default to top and left), drawn dimmed. */
  constructor(rows, { tex = "", pad = [0, 0], name = "" } = {}) {
    this.rows = rows;
    this.el = document.createElement("figure");
    this.el.className = "xgrid";
    if (name) this.el.dataset.grid = name;
    const caption = document.createElement("figcaption");
    renderTex(caption, tex, tex);
    const h = rows.length;
    const w = rows[0]?.length ?? 0;
    this.compact = h > MAX_NUMBERS || w > MAX_NUMBERS;
    const table = document.createElement("table");
    table.className = this.compact ? "xcells compact" : "xcells";
    const scale = Math.max(1e-12, ...rows.flat().filter(Number.isFinite).map(Math.abs));
    const [top, left, bottom = top, right = left] = pad;
    this.cells = rows.map((row, i) => {
      const tr = table.insertRow();
      return row.map((x, j) => {
        const td = tr.insertCell();
        const outside = i < top || i >= h - bottom || j < left || j >= w - right;
        this.paint(td, x, scale, outside);
        return td;
      });
    });
    this.el.append(caption, table);
  }

  paint(td, x, scale, outside) {
    td.title = full(x);
    td.dataset.value = String(x);
    if (!this.compact) td.textContent = fmt(x);
    if (outside) td.classList.add("pad");
    if (Number.isFinite(x) && x !== 0) {
      td.style.setProperty("--heat", Math.min(Math.abs(x) / scale, 1).toFixed(3));
      td.classList.add(x < 0 ? "neg" : "pos");
    }
  }

  /** Mark the cells of a h×w block at (top, left) with `cls`, clearing the previous ones. */
  mark(cls, top, left, h = 1, w = 1) {
    this.clear(cls);
    for (let i = top; i < top + h; i++) {
      for (let j = left; j < left + w; j++) this.cells[i]?.[j]?.classList.add(cls);
    }
  }

  /** Mark every cell where `test(i, j)` holds. */
  markWhere(cls, test) {
    this.cells.forEach((row, i) => row.forEach((td, j) => td.classList.toggle(cls, test(i, j))));
  }

  clear(cls) {
    for (const row of this.cells) for (const td of row) td.classList.remove(cls);
  }
}

/** A row of grids (wrapping on narrow screens), with symbols such as ⋆ or = between them. */
export function gridRow(...parts) {
  const div = document.createElement("div");
  div.className = "xgrid-row";
  for (const part of parts) {
    if (typeof part === "string") {
      const op = document.createElement("span");
      op.className = "xop";
      renderTex(op, part, part);
      div.append(op);
    } else {
      div.append(part.el ?? part);
    }
  }
  return div;
}
