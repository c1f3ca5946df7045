// conv2d (and conv1d as height 1) by the CNN notes' formulas, one 2-D slice at a time:
//   Y = X_p ⋆ W (+ b),   dW = X_p ⋆ dY,   dX = crop(dY ∗ W) = crop(pad(dY, f − 1) ⋆ rot180(W)),
// where ⋆ is correlation (the window slides, no flip) and a stride s first spreads dY out with
// s − 1 zeros between its cells. The views compare these with the engine's gradients.
import {
  add, build, correlate2d, crop2d, dilate2d, numbers, pad2d, rot180,
} from "chainrule/explain/arrays.js";

/** Zeros on each side for a kernel of size f: an int, or "valid" 0, "same" (f − 1)/2, "full" f − 1. */
export function resolvePadding(padding, f) {
  if (padding === "valid") return 0;
  if (padding === "full") return f - 1;
  if (padding === "same") return (f - 1) / 2;
  return Number(padding) || 0;
}

/** o = ⌊(n + 2p − f)/s⌋ + 1 */
export function outSize(n, p, f, s) {
  return Math.floor((n + 2 * p - f) / s) + 1;
}

/**
 * The node's tensors as 4-D lists (conv1d gets a height of 1) and its geometry:
 * {x, w, b, y, dy, stride, pads: [ph, pw], one: conv1d?}.
 */
export function convTensors(node, inputs, oneD) {
  const lift = (t) => (oneD ? t.map((a) => a.map((row) => [row])) : t);
  const [x, w] = inputs.map((n) => lift(numbers(n.value)));
  const b = inputs[2] ? numbers(inputs[2].value).flat(Infinity) : null;
  const stride = Number(node.params?.stride ?? 1);
  const padding = node.params?.padding ?? 0;
  const pads = [oneD ? 0 : resolvePadding(padding, w[0][0].length),
    resolvePadding(padding, w[0][0][0].length)];
  const y = lift(numbers(node.value));
  const dy = node.grad === null ? null : lift(numbers(node.grad));
  return { x, w, b, y, dy, stride, padding, pads, oneD };
}

export function paddedInput(t, n, c) {
  const [ph, pw] = t.pads;
  return pad2d(t.x[n][c], ph, pw);
}

/** dY[n][k] spread to stride 1 and padded by f − 1 (and the stride's leftover) for dX. */
export function fullPaddedGrad(t, n, k) {
  const [fh, fw] = [t.w[0][0].length, t.w[0][0][0].length];
  const [hp, wp] = [t.x[0][0].length + 2 * t.pads[0], t.x[0][0][0].length + 2 * t.pads[1]];
  const d = dilate2d(t.dy[n][k], t.stride);
  const extraH = (hp - fh) % t.stride;
  const extraW = (wp - fw) % t.stride;
  return pad2d(d, fh - 1, fw - 1, fh - 1 + extraH, fw - 1 + extraW);
}

/** One sample's share of dW[k][c]: X_p[n][c] ⋆ dilate(dY[n][k]), cut to the kernel's size. */
export function dwPart(t, n, k, c) {
  const [fh, fw] = [t.w[0][0].length, t.w[0][0][0].length];
  const out = correlate2d(paddedInput(t, n, c), dilate2d(t.dy[n][k], t.stride));
  return crop2d(out, 0, 0, fh, fw);
}

/** One filter's share of dX[n][c] before the crop: pad(dY) ⋆ rot180(W[k][c]) over X_p's size. */
export function dxFullPart(t, n, k, c) {
  return correlate2d(fullPaddedGrad(t, n, k), rot180(t.w[k][c]));
}

export function cropPadding(t, grid) {
  const [h, w] = [t.x[0][0].length, t.x[0][0][0].length];
  return crop2d(grid, t.pads[0], t.pads[1], h, w);
}

/** Every gradient by the formulas, in the node's own shapes: {dx, dw, db}. */
export function convGradients(t) {
  const [N, C] = [t.x.length, t.x[0].length];
  const K = t.w.length;
  const sum = (f, count) => Array.from({ length: count }, (_, i) => f(i)).reduce(add);
  const dw = build([K, C], ([k, c]) => sum((n) => dwPart(t, n, k, c), N));
  const dx = build([N, C], ([n, c]) => cropPadding(t, sum((k) => dxFullPart(t, n, k, c), K)));
  const total = (grid) => grid.flat().reduce((a, v) => a + v, 0);
  const db = build([K], ([k]) => t.dy.reduce((s, sample) => s + total(sample[k]), 0));
  const drop = (a) => (t.oneD ? a.map((p) => p.map((g) => g[0])) : a);
  return { dx: drop(dx), dw: drop(dw), db };
}
