// Number formatting for reading at a glance; the full value goes into hover titles.
// The one number format of engine/document/text.py (its docstring is the spec), written again for the
// browser; tests/catalogs/test_number_format.py runs both over the same numbers.

const NON_FINITE = { nan: "NaN", inf: "∞", "-inf": "-∞" };
const NON_FINITE_TEX = { nan: "\\mathrm{NaN}", inf: "\\infty", "-inf": "-\\infty" };
const FLOOR = 1e-15; // smaller magnitudes read 0: rounding residue, not information

/** Scalar (number or "nan"/"inf"/"-inf") rounded for reading: 3, -12, 0.73, 1.23e-3. */
export function fmt(v) {
  if (typeof v === "string") return NON_FINITE[v] ?? v;
  if (v === null || v === undefined) return "";
  if (isCompact(v)) return preview(v);
  if (!Number.isFinite(v)) return NON_FINITE[nonFiniteKey(v)];
  const [mantissa, exponent] = digits(v);
  return exponent ? `${mantissa}e${exponent}` : mantissa;
}

/** The same number in TeX: 5.52 \\times 10^{-6} (KaTeX reads 5.52e-6 as a subtraction). */
export function fmtTex(v) {
  if (typeof v === "string") return NON_FINITE_TEX[v] ?? v;
  if (!Number.isFinite(v)) return NON_FINITE_TEX[nonFiniteKey(v)];
  const [mantissa, exponent] = digits(v);
  return exponent ? `${mantissa} \\times 10^{${exponent}}` : mantissa;
}

/** A finite number's written digits and its power of ten ("" when written without one). */
function digits(v) {
  const a = Math.abs(v);
  if (a < FLOOR) return ["0", ""];
  if (Number.isInteger(v) && a < 1e6) return [String(v), ""];
  if (a >= 0.01 && a < 1000) return [v.toFixed(2), ""];
  const [mantissa, exponent] = v.toExponential(2).split("e");
  return [mantissa, exponent.replace("+", "")];
}

function nonFiniteKey(v) {
  if (Number.isNaN(v)) return "nan";
  return v > 0 ? "inf" : "-inf";
}

/** Full precision, for titles (a compact tensor: its first numbers and its shape). */
export function full(v) {
  if (typeof v === "string") return NON_FINITE[v] ?? v;
  if (isTensor(v)) return JSON.stringify(v);
  if (isCompact(v)) return `[${flatten(v).map(full).join(", ")}, …] (${shapeText(v.shape)})`;
  return String(v);
}

export function isTensor(v) {
  return Array.isArray(v);
}

/** A big tensor's compact form, {shape, ref, summary?} (README "Big tensors"): not its numbers. */
export function isCompact(v) {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/** "2×3" for [2, 3]; "" for scalars. */
export function shapeText(shape) {
  return shape && shape.length ? shape.join("×") : "";
}

/** Row-major flattening of a nested list (a compact tensor: the first numbers it carries). */
export function flatten(v) {
  if (isCompact(v)) return v.summary?.head ?? [];
  return isTensor(v) ? v.flat(Infinity) : [v];
}

/** Compact preview of a tensor's first numbers: "[0.10 0.50 …]"; scalars as fmt(v). */
export function preview(v, limit = 2) {
  if (isCompact(v)) {
    const head = flatten(v).slice(0, limit).map(fmt);
    return `[${[...head, "…"].join(" ")}]`;
  }
  if (!isTensor(v)) return fmt(v);
  const items = flatten(v);
  const head = items.slice(0, limit).map(fmt).join(" ");
  const more = items.length > limit ? " …" : "";
  return `[${head}${more}]`;
}

/** Relative error like 3.2e-9, always in exponent form. */
export function fmtError(v) {
  if (typeof v === "string") return fmt(v);
  return v === 0 ? "0" : v.toExponential(1).replace("e+", "e");
}
