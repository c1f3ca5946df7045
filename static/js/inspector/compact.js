// Big tensors in the inspector. The API sends a tensor above 10,000 numbers (or past the
// document's 8 MB) as {shape, ref, summary?} (README "Big tensors"): shown here as its statistics,
// a heatmap of block means and its exact top-left corner; its numbers whole on demand
// (POST /api/tensor), then one pixel each, with the number under the pointer read out.
import { fmt, full, shapeText } from "chainrule/graph/format.js";
import { t } from "chainrule/i18n/i18n.js";

const LONGEST = 2048; // pixels a side of the whole-tensor picture before it wraps

/** Loads tensors whole once per ref: {load(ref) → Promise, loaded(ref) → numbers|undefined}. */
export function tensorLoader(fetchWhole) {
  const promises = new Map();
  const values = new Map();
  return {
    loaded: (ref) => values.get(ref),
    load(ref) {
      if (!promises.has(ref)) {
        const promise = fetchWhole(ref).then((value) => {
          values.set(ref, value);
          return value;
        });
        promise.catch(() => promises.delete(ref)); // a failed load may be tried again
        promises.set(ref, promise);
      }
      return promises.get(ref);
    },
  };
}

/**
 * The element for compact tensor `v` of `shape`; `table(rows, more)` draws exact numbers, and
 * `loader` (null: no server, e.g. an offline file) fetches the whole tensor.
 */
export function compactElement(v, shape, { table, loader = null }) {
  const wrap = document.createElement("div");
  wrap.className = "tensor compact";
  wrap.dataset.ref = v.ref ?? "";
  const caption = document.createElement("div");
  caption.className = "shape";
  caption.textContent = shape.length > 2
    ? t("inspector.slice", { shape: shapeText(shape) }) : shapeText(shape);
  wrap.append(caption);
  const s = v.summary;
  if (s?.min !== undefined) wrap.append(line("stats", statsText(s)));
  const picture = document.createElement("div");
  picture.className = "heat-picture";
  if (s?.heatmap) picture.append(heatCanvas(s.heatmap.cells, t("tensor.overview")));
  wrap.append(picture);
  const more = { rows: plane(shape)[0] > 8, cols: plane(shape)[1] > 8 };
  if (s?.corner) wrap.append(table(rowsOf(s.corner), more));
  const whole = v.ref && loader?.loaded(v.ref);
  if (whole) {
    showWhole(picture, whole);
  } else if (v.ref && loader) {
    wrap.append(loadButton(v, shape, loader, picture));
  }
  return wrap;
}

function statsText(s) {
  const text = t("tensor.stats", { min: fmt(s.min), max: fmt(s.max), mean: fmt(s.mean) });
  return s.nonfinite ? `${text} · ${t("tensor.nonfinite", { count: s.nonfinite })}` : text;
}

function loadButton(v, shape, loader, picture) {
  const button = document.createElement("button");
  button.type = "button";
  button.className = "tensor-load";
  const count = shape.reduce((a, b) => a * b, 1).toLocaleString();
  button.textContent = t("tensor.load", { count });
  button.addEventListener("click", async () => {
    button.disabled = true;
    button.textContent = t("tensor.loading");
    try {
      showWhole(picture, await loader.load(v.ref));
      button.remove();
    } catch (error) {
      button.disabled = false;
      button.textContent = t("tensor.failed", { detail: error.message });
    }
  });
  return button;
}

/** The whole tensor's first 2-D slice, one pixel per number, with a read-out under it. */
function showWhole(picture, value) {
  const { grid, where } = pixelGrid(rowsOf(value));
  const canvas = heatCanvas(grid, t("tensor.whole"));
  const readout = line("readout", t("tensor.point"));
  canvas.addEventListener("pointermove", (event) => {
    const box = canvas.getBoundingClientRect();
    const col = Math.floor(((event.clientX - box.left) / box.width) * canvas.width);
    const row = Math.floor(((event.clientY - box.top) / box.height) * canvas.height);
    const x = grid[row]?.[col];
    if (x !== undefined) readout.textContent = t("tensor.at", { at: where(row, col), value: full(x) });
  });
  picture.replaceChildren(canvas, readout);
  picture.dataset.whole = "true";
}

/** Rows as pixels: a long thin slice (a vector, a column) wrapped into a square of its numbers. */
function pixelGrid(rows) {
  const cols = rows[0].length;
  if (rows.length <= LONGEST && cols <= LONGEST && (rows.length > 1 || cols <= 64)) {
    return { grid: rows, where: (i, j) => (rows.length > 1 ? `${i}, ${j}` : `${j}`) };
  }
  const flat = rows.flat();
  const width = Math.ceil(Math.sqrt(flat.length));
  const grid = [];
  for (let i = 0; i < flat.length; i += width) grid.push(flat.slice(i, i + width));
  const index = (i, j) => i * width + j;
  return { grid, where: (i, j) => (cols === 1 ? `${index(i, j)}, 0` : rows.length === 1
    ? `${index(i, j)}` : `${Math.floor(index(i, j) / cols)}, ${index(i, j) % cols}`) };
}

/** Rows of numbers: 1-D as one row, N-D as its [0, 0, …] matrix (as matrix.js shows them). */
function rowsOf(v) {
  let m = v;
  while (Array.isArray(m[0]) && Array.isArray(m[0][0])) m = m[0];
  return Array.isArray(m[0]) ? m : [m];
}

function plane(shape) {
  return shape.length === 1 ? [1, shape[0]] : shape.slice(-2);
}

/** A canvas of cells coloured like the heatmap table: forward colour ≥ 0, backward < 0. */
function heatCanvas(rows, title) {
  const canvas = document.createElement("canvas");
  canvas.className = "heat-canvas";
  canvas.title = title;
  canvas.width = Math.max(1, ...rows.map((r) => r.length));
  canvas.height = rows.length;
  const ctx = canvas.getContext("2d");
  const [pos, neg] = ["--fwd", "--bwd"].map((name) => rgb(ctx, name));
  let scale = 1e-12;
  for (const row of rows) for (const x of row) if (Number.isFinite(x)) scale = Math.max(scale, Math.abs(x));
  const image = ctx.createImageData(canvas.width, canvas.height);
  rows.forEach((row, i) => row.forEach((x, j) => {
    const at = 4 * (i * canvas.width + j);
    const [r, g, b] = typeof x !== "number" ? [128, 128, 128] : x < 0 ? neg : pos;
    const alpha = typeof x !== "number" ? 0.5 : Math.min(Math.abs(x) / scale, 1) * 0.85;
    image.data.set([r, g, b, Math.round(alpha * 255)], at);
  }));
  ctx.putImageData(image, 0, 0);
  return canvas;
}

/** A colour custom property of the page as [r, g, b]. */
function rgb(ctx, name) {
  ctx.fillStyle = getComputedStyle(document.documentElement).getPropertyValue(name).trim() || "#888";
  const hex = /^#([0-9a-f]{6})$/i.exec(ctx.fillStyle);
  return hex ? [0, 2, 4].map((i) => parseInt(hex[1].slice(i, i + 2), 16)) : [128, 128, 128];
}

function line(className, text) {
  const div = document.createElement("div");
  div.className = className;
  div.textContent = text;
  return div;
}
