// "New numbers": the same graph with new input values. The input leaves' literals are rewritten
// in the source text (each leaf's `span` in the API response) with a seeded generator — small
// integers where the lecturer wrote integers, one decimal where they wrote decimals, a new
// seed= for randn/rand — and the API computes the graph again. A draw that changes the structure
// or breaks the graph (log of a negative, a tie at a max gate, a dead ReLU that was alive) is
// retried with the next seed; after a few failures the old numbers stay.
import { numbersKey, structureKey } from "chainrule/practice/score.js";

const LITERAL = /^[\s\d.eE+\-[\],()]+$/; // a number or nested lists of numbers
const NUMBER = /[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?/g;
const SEED = /(\bseed\s*=\s*)(\d+)/g;
const ATTEMPTS = 12;
const LARGEST = 1000; // scalars of a hand exercise: 0, or between 0.01 and 1000 in size
const SMALLEST = 0.01;

/** mulberry32: a small seeded generator of numbers in [0, 1). */
export function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = Math.imul(a ^ (a >>> 15), a | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

/** A new number like `old`: an integer 1…4 or a decimal 0.1…0.9 (1.0…4.0 when |old| ≥ 1). */
function draw(old, next, keepSign) {
  const value = Number(old);
  const sign = keepSign ? (value < 0 ? -1 : 1) : (next() < 0.5 ? -1 : 1);
  if (/^[-+]?\d+$/.test(old)) return String(sign * (1 + Math.floor(next() * 4)));
  const tenths = Math.abs(value) >= 1 ? 10 + Math.floor(next() * 31) : 1 + Math.floor(next() * 9);
  return (sign * tenths / 10).toFixed(1);
}

/** [{start, end, text, seed: bool}] of the numbers in `source` that "new numbers" may change. */
export function slots(source, nodes) {
  const found = [];
  for (const node of nodes) {
    if (node.kind !== "input" || !node.span) continue;
    const [start, end] = node.span;
    const statement = source.slice(start, end);
    const eq = statement.indexOf("=");
    if (eq < 0) continue;
    const rhs = statement.slice(eq + 1);
    const offset = start + eq + 1;
    const pattern = LITERAL.test(rhs) ? NUMBER : SEED;
    for (const m of rhs.matchAll(pattern)) {
      const seed = pattern === SEED;
      const text = seed ? m[2] : m[0];
      const at = offset + m.index + (seed ? m[1].length : 0);
      found.push({ start: at, end: at + text.length, text, seed });
    }
  }
  return found.sort((a, b) => a.start - b.start);
}

/** `source` with its slots redrawn from `seed` (second half of the attempts keeps the signs). */
export function rewrite(source, nodes, seed, keepSigns = false) {
  const next = random(seed);
  let out = "";
  let at = 0;
  for (const slot of slots(source, nodes)) {
    const fresh = slot.seed ? String(Math.floor(next() * 1000)) : draw(slot.text, next, keepSigns);
    out += source.slice(at, slot.start) + fresh;
    at = slot.end;
  }
  return out + source.slice(at);
}

/** Finite tensors; scalars 0 or of a size one works with by hand. */
function fair(v) {
  if (Array.isArray(v)) return v.flat(Infinity).every((x) => typeof x === "number");
  const size = Math.abs(v);
  return v === null || (typeof v === "number" && (v === 0 || (size >= SMALLEST && size <= LARGEST)));
}

function zeros(data) {
  return data.edges.filter((e) => e.grad !== null && e.grad === 0).length;
}

/** Is `fresh` the graph `old` with other numbers, and a fair exercise (finite, no ties)? */
export function usable(old, fresh) {
  const key = (data) => structureKey({ nodes: new Map(data.nodes.map((n) => [n.id, n])),
    edges: data.edges }, "");
  if (key(old) !== key(fresh)) return false;
  if (!fresh.edges.every((e) => fair(e.value) && fair(e.grad))) return false;
  if (zeros(fresh) > zeros(old)) return false;
  const byId = new Map(fresh.nodes.map((n) => [n.id, n]));
  return fresh.nodes.every((n) => n.gate !== "router" || new Set(n.inputs
    .map((id) => JSON.stringify(byId.get(id).value))).size === n.inputs.length);
}

/**
 * Draw new numbers for the graph `data` of `source`: tries seeds `seed`, `seed + 1`, …;
 * `compute(source)` is the API call. → {source, data, seed} (seed: the one that worked), or null.
 */
export async function newNumbers(source, data, seed, compute) {
  if (!slots(source, data.nodes).length) return null;
  const before = numbersKey({ nodes: new Map(data.nodes.map((n) => [n.id, n])) });
  for (let k = 0; k < ATTEMPTS; k++) {
    const fresh = rewrite(source, data.nodes, seed + k, k >= ATTEMPTS / 2);
    const result = await compute(fresh).catch(() => null);
    const changed = result && numbersKey({ nodes: new Map(result.nodes.map((n) => [n.id, n])) })
      !== before;
    if (changed && usable(data, result)) return { source: fresh, data: result, seed: seed + k };
  }
  return null;
}
