// Number formatting for reading at a glance; the full value goes into hover titles.

const NON_FINITE = { nan: "NaN", inf: "∞", "-inf": "-∞" };

/** Scalar (number or "nan"/"inf"/"-inf") rounded for reading: 3, -12, 0.73, 1.23e-3. */
export function fmt(v) {
  if (typeof v === "string") return NON_FINITE[v] ?? v;
  if (v === null || v === undefined) return "";
  if (isCompact(v)) return preview(v);
  if (Object.is(v, -0) || v === 0) return "0";
  const a = Math.abs(v);
  if (Number.isInteger(v) && a < 1e6) return String(v);
  if (a >= 0.01 && a < 1000) return v.toFixed(2);
  return v.toExponential(2).replace("e+", "e");
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
