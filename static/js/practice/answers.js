// Checking what a student typed: numbers and shapes as people write them, and a tolerance that
// fits rounding — two significant digits, or 1%. Pure functions, no DOM.

const DASHES = /[\u2212\u2012\u2013\u2014\uFE63\uFF0D]/g; // −, ‒, –, —, ﹣, －: minus signs
const NUMBER = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?$/i;

/** The number in `text` ("-0.2", "−.2", "0,5", "1/5", "2e-3"), or null when it is none. */
export function parseNumber(text) {
  let s = String(text ?? "").trim().replace(DASHES, "-").replace(/\s+/g, "");
  if (!s.includes(".") && (s.match(/,/g) ?? []).length === 1) s = s.replace(",", "."); // 0,5
  const fraction = s.split("/");
  if (fraction.length === 2) {
    const [p, q] = fraction.map(parseNumber);
    return p === null || !q ? null : p / q;
  }
  return NUMBER.test(s) ? Number(s) : null;
}

/** The dimensions in `text` ("2×3", "2x3", "(2, 3)", "2 3"); [] for "()"; null if no shape. */
export function parseShape(text) {
  const s = String(text ?? "").trim();
  if (/[^\d\s×xX*,()[\]]/.test(s)) return null;
  return (s.match(/\d+/g) ?? []).map(Number);
}

export function sameShape(a, b) {
  return a !== null && a.length === b.length && a.every((n, i) => n === b[i]);
}

/** `x` rounded to two significant digits, as the slides write it (0.19661 → 0.2). */
export function twoDigits(x) {
  return x === 0 ? 0 : Number(x.toPrecision(2));
}

/**
 * Is `a` right for the exact answer `x`? Within 1% of x, or within half a unit of x's second
 * significant digit (so -0.2 and -0.20 count for -0.19661), or — from 0.01 up, where the graph
 * and its captions write two decimals — within half a unit of the second decimal (0.09 for
 * 0.088, as shown). Zero wants |a| < 0.005.
 */
export function close(a, x) {
  if (!Number.isFinite(a) || !Number.isFinite(x)) return false;
  const size = Math.abs(x);
  if (size < 1e-9) return Math.abs(a) < 0.005;
  const unit = 10 ** (Math.floor(Math.log10(size)) - 1);
  const shownDecimals = size >= 0.01 ? 0.005 : 0;
  return Math.abs(a - x) <= Math.max(0.01 * size, unit / 2, shownDecimals) * (1 + 1e-9);
}

/** Right against the exact answer or any accepted alternative (e.g. from a rounded upstream)? */
export function accepts(a, answers) {
  return answers.some((x) => close(a, x));
}

/**
 * Exact answer and alternatives for a scalar gradient on an edge: a student who multiplies the
 * upstream gradient as the graph shows it (two digits) by the local gradient is right, too.
 */
export function gradAnswers(grad, upstream) {
  if (typeof upstream !== "number" || upstream === 0 || typeof grad !== "number") return [grad];
  return [grad, twoDigits(upstream) * (grad / upstream)];
}

/** A number for showing a revealed or accepted answer: at most 4 significant digits. */
export function shown(x) {
  if (typeof x !== "number") return String(x);
  if (Number.isInteger(x)) return String(x);
  return String(Number(x.toPrecision(4)));
}
