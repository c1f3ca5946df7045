// Small array maths for the explainers: grids as arrays of rows of numbers, and the conv
// gradients computed again in the browser by the lecture's formulas (not by the engine's code).

const NON_FINITE = { nan: NaN, inf: Infinity, "-inf": -Infinity };

/** A number from the API ("nan", "inf" and "-inf" arrive as strings); nested lists deeply. */
export function numbers(v) {
  if (Array.isArray(v)) return v.map(numbers);
  return typeof v === "string" ? NON_FINITE[v] ?? NaN : v;
}

/** The shape of a nested list: [] for a scalar. */
export function shapeOf(v) {
  const shape = [];
  for (let x = v; Array.isArray(x); x = x[0]) shape.push(x.length);
  return shape;
}

export function zeros(h, w) {
  return Array.from({ length: h }, () => new Array(w).fill(0));
}

/** `a` with zeros around it: `top`/`left` before, `bottom`/`right` after (default the same). */
export function pad2d(a, top, left, bottom = top, right = left) {
  const w = (a[0]?.length ?? 0) + left + right;
  const out = zeros(a.length + top + bottom, w);
  a.forEach((row, i) => row.forEach((x, j) => { out[i + top][j + left] = x; }));
  return out;
}

/** `a` with s − 1 zeros between neighbouring cells: a strided output back at stride 1. */
export function dilate2d(a, s) {
  if (s === 1) return a;
  const out = zeros((a.length - 1) * s + 1, (a[0].length - 1) * s + 1);
  a.forEach((row, i) => row.forEach((x, j) => { out[i * s][j * s] = x; }));
  return out;
}

/** The grid turned by 180° (rows and columns reversed): rot180(W). */
export function rot180(a) {
  return a.map((row) => [...row].reverse()).reverse();
}

export function crop2d(a, top, left, h, w) {
  return a.slice(top, top + h).map((row) => row.slice(left, left + w));
}

/** The products of one window of `a` (at row i·s, column j·s) with the kernel `k`. */
export function windowTerms(a, k, i, j, stride = 1) {
  const terms = [];
  k.forEach((row, u) => row.forEach((kv, v) => {
    const [row, col] = [i * stride + u, j * stride + v];
    terms.push({ a: a[row][col], k: kv, row, col });
  }));
  return terms;
}

/** Correlation (no flip): out[i][j] = Σ_uv a[i·s + u][j·s + v]·k[u][v] over the valid cells. */
export function correlate2d(a, k, stride = 1) {
  const h = Math.floor((a.length - k.length) / stride) + 1;
  const w = Math.floor((a[0].length - k[0].length) / stride) + 1;
  const out = zeros(h, w);
  for (let i = 0; i < h; i++) {
    for (let j = 0; j < w; j++) {
      out[i][j] = windowTerms(a, k, i, j, stride).reduce((sum, t) => sum + t.a * t.k, 0);
    }
  }
  return out;
}

/** Element-wise a + b of two nested lists of the same shape. */
export function add(a, b) {
  return Array.isArray(a) ? a.map((x, i) => add(x, b[i])) : a + b;
}

/** Largest |a − b| over two nested lists; Infinity when the shapes differ. */
export function maxAbsDiff(a, b) {
  if (Array.isArray(a) !== Array.isArray(b)) return Infinity;
  if (!Array.isArray(a)) return Number.isNaN(a) && Number.isNaN(b) ? 0 : Math.abs(a - b);
  if (a.length !== b.length) return Infinity;
  return a.reduce((worst, x, i) => Math.max(worst, maxAbsDiff(x, b[i])), 0);
}

/** Tensor of this shape filled by f(index list). */
export function build(shape, f, index = []) {
  if (index.length === shape.length) return f(index);
  return Array.from({ length: shape[index.length] }, (_, i) => build(shape, f, [...index, i]));
}
