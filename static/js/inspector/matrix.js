// Values in the inspector: scalars as text, tensors as small heatmap tables (big ones from their
// compact form: compact.js).
import { compactElement } from "chainrule/inspector/compact.js";
import { fmt, full, isCompact, isTensor, shapeText } from "chainrule/graph/format.js";
import { t } from "chainrule/i18n/i18n.js";

const MAX_CELLS = 8; // rows and columns shown before an ellipsis

/**
 * An element showing a scalar or a tensor (a 2-D slice as a heatmap table); a compact tensor
 * loads whole through `loader` (compact.js tensorLoader; null: it cannot).
 */
export function valueElement(v, shape, loader = null) {
  if (isCompact(v)) return compactElement(v, shape, { table: heatmap, loader });
  if (!isTensor(v)) {
    const span = document.createElement("span");
    span.className = "scalar";
    span.textContent = fmt(v);
    span.title = full(v);
    return span;
  }
  const wrap = document.createElement("div");
  wrap.className = "tensor";
  const caption = document.createElement("div");
  caption.className = "shape";
  caption.textContent = shape.length > 2
    ? t("inspector.slice", { shape: shapeText(shape) }) : shapeText(shape);
  wrap.append(caption, heatmap(slice2d(v)));
  return wrap;
}

/** Reduce any tensor to rows of numbers: 1-D as one row, N-D as its [0, 0, …] matrix. */
function slice2d(v) {
  let m = v;
  while (isTensor(m[0]) && isTensor(m[0][0])) m = m[0];
  return isTensor(m[0]) ? m : [m];
}

/** Rows of numbers as a table of at most MAX_CELLS × MAX_CELLS (`more`: the rows or columns
 * go on past the ones given). */
function heatmap(rows, more = {}) {
  const shown = rows.slice(0, MAX_CELLS).map((row) => row.slice(0, MAX_CELLS));
  let scale = 1e-12; // over every number (a loop: spreading 10,000 of them overflows phones)
  for (const row of rows) for (const x of row) if (typeof x === "number") scale = Math.max(scale, Math.abs(x));
  const table = document.createElement("table");
  table.className = "heatmap";
  for (const [i, row] of shown.entries()) {
    const tr = table.insertRow();
    for (const x of row) tr.append(cell(x, scale));
    if (more.cols || rows[i].length > MAX_CELLS) tr.insertCell().textContent = "…";
  }
  if (more.rows || rows.length > MAX_CELLS) table.insertRow().insertCell().textContent = "⋮";
  return table;
}

function cell(x, scale) {
  const td = document.createElement("td");
  td.textContent = fmt(x);
  td.title = full(x);
  if (typeof x === "number") {
    const t = Math.min(Math.abs(x) / scale, 1);
    td.style.setProperty("--heat", t.toFixed(3));
    td.classList.add(x < 0 ? "neg" : "pos");
  }
  return td;
}
