// Values in the inspector: scalars as text, tensors as small heatmap tables.
import { flatten, fmt, full, isTensor, shapeText } from "chainrule/format.js";
import { t } from "chainrule/i18n.js";

const MAX_CELLS = 8; // rows and columns shown before an ellipsis

/** An element showing a scalar or a tensor (a 2-D slice as a heatmap table). */
export function valueElement(v, shape) {
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

function heatmap(rows) {
  const numbers = flatten(rows).filter((x) => typeof x === "number");
  const scale = Math.max(...numbers.map(Math.abs), 1e-12);
  const table = document.createElement("table");
  table.className = "heatmap";
  for (const row of rows.slice(0, MAX_CELLS)) {
    const tr = table.insertRow();
    for (const x of row.slice(0, MAX_CELLS)) tr.append(cell(x, scale));
    if (row.length > MAX_CELLS) tr.insertCell().textContent = "…";
  }
  if (rows.length > MAX_CELLS) table.insertRow().insertCell().textContent = "⋮";
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
