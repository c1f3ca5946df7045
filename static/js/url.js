// Every view parameter ⇄ URL, through one table (as TensorFlow Playground's state.ts): the page's
// address, share links, embed code, the offline files' URLs and the gallery's links all read and
// write through it, and no other module touches a query string
// (docs/api.md "Pages and their view parameters"). The table's order is every link's order.
// The train panel's overlaid runs are one field, `runs`: per run its optimizer, then the table's
// own fields as `key`+number tokens (RUN_KEYS), joined by "_", runs by "," —
// `runs=sgd_lr0.5_n40,adam_lr0.05_n40_bs16_s3` — each read and checked as its field is.
// The program travels as `src` (as written) while that is short, else as `zsrc` when shorter:
// its UTF-8 compressed with raw DEFLATE and written in base64url without padding, as code
// playgrounds keep code in links, so every program within the source limit fits in a link;
// the server reads both (app/views/source.py).

import { LIMITS, inRange } from "chainrule/train/facts.js";
import { HYPER, MODES, MOST_RUNS, OPTIMIZERS } from "chainrule/train/state.js";
import { fflate } from "chainrule/vendor.js";

const STEPS = LIMITS.train_steps; // a run's steps (and the graph's iterations), at most
// a run's tokens in a link → the field each one is; `c`: its colour (0–3), `cur`: the run shown
const RUN_KEYS = {
  lr: "lr", mu: "momentum", rho: "rho", ba: "beta1", bb: "beta2", eps: "eps", n: "steps",
  bs: "batch", s: "seed",
};
const RUN_FIELDS = ["opt", ...Object.values(RUN_KEYS)]; // what a run of the link sets

// Where a parameter travels (`in`): "page" the editor page's own address, "link" a share link to
// `/`, "embed" the embed code's `/embed`, "file" `/standalone`'s download, "replay" `/replay` and
// the replay file's own address, "preset" a gallery card's link, "slides" GET /slides's download
// (docs/api.md "GET /slides": slidesQuery adds its own format and steps).
const VIEW = ["page", "link", "embed", "file"];
const SETTING = [...VIEW, "replay"]; // the learning views' settings (`setting: true`)
const PRESET = [...SETTING, "preset"];

// key: URL parameter; kind: how it reads (below); default: its value when the URL has none;
// packed: the parameter holding the value compressed (read first; written when shorter).
// A `range` (a hyperparameter's) is the server's, from facts.js; else a number lies in [min, max].
export const PARAMS = [
  // the program; a long one as zsrc
  { key: "src", kind: "text", packed: "zsrc", default: null, in: [...VIEW, "preset", "slides"] },
  { key: "step", kind: "int", min: 0, max: Infinity, default: null, in: VIEW }, // null: all
  { key: "theme", kind: "enum", values: ["light", "dark"], default: "light",
    in: [...SETTING, "slides"] },
  { key: "palette", kind: "enum", values: ["classic", "cb"], default: "classic",
    in: [...SETTING, "slides"] },
  // null: the saved choice, else Accept-Language (the server reads it)
  { key: "lang", kind: "enum", values: ["ko", "en"], default: null, in: [...PRESET, "slides"] },
  // the learning views: which panel opens
  { key: "mode", kind: "enum", values: MODES, default: "graph", setting: true, in: PRESET },
  // the optimizer of the update phase (graph; "" = none) and of the train panel
  { key: "opt", kind: "enum", values: ["", ...OPTIMIZERS], default: "", setting: true,
    in: [...PRESET, "slides"] },
  { key: "lr", kind: "number", range: "lr", default: 0.1, setting: true,
    in: [...PRESET, "slides"] },
  // the optimizer's own hyperparameters; null: its default (GET /api/optimizers)
  ...HYPER.map((key) => ({ key, kind: "number", range: key, default: null, setting: true,
    in: [...SETTING, "slides"] })),
  // names to update; [] = every input
  { key: "params", kind: "list", default: [], setting: true, in: [...PRESET, "slides"] },
  { key: "iter", kind: "int", min: 1, max: STEPS, default: 1, setting: true, in: SETTING },
  // train panel
  { key: "steps", kind: "int", min: 1, max: STEPS, default: 100, setting: true, in: PRESET },
  // null: the whole data set
  { key: "batch", kind: "int", min: 1, max: LIMITS.dataset_rows, default: null, setting: true,
    in: PRESET },
  { key: "seed", kind: "int", min: 0, max: 2 ** 31, default: 0, setting: true, in: PRESET },
  // scrubber; null: the end
  { key: "at", kind: "int", min: 0, max: STEPS, default: null, setting: true, in: SETTING },
  // the overlaid runs: [{opt, lr, …, steps, batch, seed, colour, current}]
  { key: "runs", kind: "runs", max: MOST_RUNS, default: [], setting: true, in: SETTING },
  // optimizer race; null: the preset's iterations
  { key: "rsteps", kind: "int", min: 1, max: 1000, default: null, setting: true, in: PRESET },
  ...OPTIMIZERS.map((name) => ({ key: `lr_${name}`, kind: "number", range: "lr",
    default: null, setting: true, in: PRESET })), // null: the race preset's rate
  // race iteration; null: the end
  { key: "rk", kind: "int", min: 0, max: 1000, default: null, setting: true, in: SETTING },
  // x0,x1,y0,y1; null: fit the paths
  { key: "bounds", kind: "numbers", count: 4, default: null, setting: true, in: SETTING },
  { key: "present", kind: "flag", default: false, in: ["page", "link"] }, // present mode
  { key: "collapsed", kind: "list", default: [], in: [...VIEW, "slides"] }, // groups shut, g0,g2
  { key: "explain", kind: "ref", default: null, in: VIEW }, // a gate's name or id
  // practice mode, from its own start (a link with it has no step=)
  { key: "practice", kind: "enum", values: ["grad", "value", "both"], default: null,
    in: [...VIEW, "slides"] },
  { key: "ask", kind: "list", default: [], in: [...VIEW, "slides"] }, // the edges asked, e3,e5
  // the player; also #controls=0, which a host can switch without a reload
  { key: "controls", kind: "flag", default: true, in: ["embed"] },
  { key: "download", kind: "flag", default: false, in: ["file"] }, // a file, not a page
];
const SETTINGS = PARAMS.filter((f) => f.setting);
// A program whose link text (percent-encoded) is at most this long stays readable as src=.
const READABLE = 1024;

/** The table's row of parameter `key`. */
export function param(key) {
  return PARAMS.find((f) => f.key === key);
}

/** Every parameter's value from a query string (bad or missing values take the default). */
export function readParams(search = location.search) {
  const params = new URLSearchParams(search);
  return Object.fromEntries(PARAMS.map((f) => [f.key, read(f, params)]));
}

/** The learning views' settings from a query string, as readParams reads them. */
export function readSettings(search = location.search) {
  const params = new URLSearchParams(search);
  return Object.fromEntries(SETTINGS.map((f) => [f.key, parse(f, params.get(f.key))]));
}

/** The settings a query string names (the others: not there, rather than their defaults). */
export function namedSettings(search = location.search) {
  const params = new URLSearchParams(search);
  const named = SETTINGS.filter((f) => params.has(f.key));
  return Object.fromEntries(named.map((f) => [f.key, parse(f, params.get(f.key))]));
}

/** Parameter `key` from the address's #fragment (`#controls=0`); null when it has none. */
export function readHash(key, hash = location.hash) {
  const text = new URLSearchParams(hash.slice(1)).get(key);
  return text === null ? null : parse(param(key), text);
}

/** A value written in a parameter's format elsewhere (a data- attribute of an offline file). */
export function parseParam(key, text) {
  return parse(param(key), text ?? null);
}

/** The settings that differ from their defaults, {key: value} in the table's order. */
export function changedSettings(settings) {
  const changed = SETTINGS.filter((f) => format(f, settings[f.key]) !== format(f, f.default));
  return Object.fromEntries(changed.map((f) => [f.key, settings[f.key]]));
}

/**
 * The query string (no "?") of `view` ("link", "embed", "file", "replay", "preset": see `in`)
 * for `values` ({key: value}): the parameters the view carries, in the table's order; a value
 * that is null, an empty list or a flag at its default is left out.
 */
export function viewQuery(view, values) {
  const params = new URLSearchParams();
  for (const field of PARAMS) {
    if (field.in.includes(view)) put(params, field, values[field.key]);
  }
  return params.toString();
}

/** GET /slides's query: the view's parameters (`in` "slides"), then the deck's `format` ("pptx"
 * or "pdf") and `steps` (the counts of steps shown, "0-4,9"; "" or null: every one). */
export function slidesQuery(values, format, steps = null) {
  const params = new URLSearchParams(viewQuery("slides", values));
  params.set("format", format);
  if (steps) params.set("steps", steps);
  return params.toString();
}

/** `href` with `values`' parameters set where they are (else added; absent: removed), every
 * other parameter unchanged. */
export function withParams(href, values) {
  const url = new URL(href);
  for (const field of PARAMS.filter((f) => f.key in values)) {
    put(url.searchParams, field, values[field.key]);
  }
  return url.href;
}

/** Set `values` in the address bar (withParams), without a reload or a history entry. */
export function writeAddress(values) {
  history.replaceState(null, "", withParams(location.href, values));
}

/** Write `settings` into the address bar (keeping src and the view parameters): the changed
 * ones after the others, in the table's order. */
export function writeSettings(settings) {
  const url = new URL(location.href);
  for (const f of SETTINGS) url.searchParams.delete(f.key);
  for (const [key, value] of Object.entries(changedSettings(settings))) {
    url.searchParams.set(key, format(param(key), value));
  }
  history.replaceState(null, "", url);
}

/** A parameter's value from `params`: its packed form first, when it has one there. */
function read(field, params) {
  if (field.packed && params.has(field.packed)) return unpack(params.get(field.packed));
  return parse(field, params.get(field.key));
}

/** Set `field` to `value` in `params` (absent: removed), where it is or at the end. A field
 * with a packed form stays readable up to READABLE characters, else takes the shorter form;
 * the other one is removed. */
function put(params, field, value) {
  const text = absent(field, value) ? null : format(field, value);
  const plain = text === null ? 0 : new URLSearchParams({ v: text }).toString().length - 2;
  const packed = field.packed && plain > READABLE ? pack(text) : null;
  const key = packed !== null && packed.length < plain ? field.packed : field.key;
  for (const name of [field.key, field.packed]) if (name && name !== key) params.delete(name);
  if (text === null) params.delete(key);
  else params.set(key, key === field.key ? text : packed);
}

/** `text` as zsrc holds it: raw DEFLATE of its UTF-8, base64url, no padding; null where
 * fflate is not loaded (the offline files make no links). */
function pack(text) {
  if (!fflate) return null;
  const bytes = fflate.deflateSync(new TextEncoder().encode(text), { level: 9 });
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

/** The text a zsrc value holds; null (no program) for one cut off or mistyped. */
function unpack(packed) {
  try {
    const binary = atob(packed.replaceAll("-", "+").replaceAll("_", "/"));
    const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
    return new TextDecoder("utf-8", { fatal: true }).decode(fflate.inflateSync(bytes));
  } catch {
    return null;
  }
}

// kinds: text (as written, "" too), ref (trimmed; "" is none), enum (one of `values`), flag
// ("1" or "0"), int and number, list ("a,b"), numbers (`count` numbers), runs (above)
function parse(field, text) {
  if (text === null) return copy(field.default);
  if (field.kind === "text") return text;
  if (field.kind === "ref") return text.trim() || field.default;
  if (field.kind === "flag") return { 1: true, 0: false }[text] ?? field.default;
  if (text === "") return copy(field.default);
  if (field.kind === "enum") return field.values.includes(text) ? text : field.default;
  if (field.kind === "list") return text.split(",").map((s) => s.trim()).filter(Boolean);
  if (field.kind === "runs") return parseRuns(text, field.max);
  if (field.kind === "numbers") {
    const list = text.split(",").map(Number);
    return list.length === field.count && list.every(Number.isFinite) ? list : field.default;
  }
  const n = Number(text);
  if (field.range) return inRange(field.range, n) ? n : field.default;
  const whole = field.kind !== "int" || Number.isInteger(n);
  return Number.isFinite(n) && whole && n >= field.min && n <= field.max ? n : field.default;
}

function copy(value) {
  return Array.isArray(value) ? [...value] : value;
}

function format(field, value) {
  if (value === null || value === undefined) return "";
  if (field.kind === "runs") return formatRuns(value);
  if (field.kind === "flag") return value ? "1" : "0";
  return Array.isArray(value) ? value.join(",") : String(value);
}

/** Whether a value stays out of a link: none, an empty list, a flag at its default. */
function absent(field, value) {
  if (value === null || value === undefined) return true;
  if (field.kind === "flag") return value === field.default;
  return Array.isArray(value) && value.length === 0;
}

/** The runs of a link (at most `most`); a run without a known optimizer is left out. */
function parseRuns(text, most) {
  const runs = text.split(",").map(parseRun).filter(Boolean).slice(0, most);
  const current = runs.findLastIndex((run) => run.current);
  runs.forEach((run, i) => {
    run.colour ??= i;
    run.current = i === (current < 0 ? runs.length - 1 : current);
  });
  return runs;
}

/** "adam_lr0.05_n40_bs16_c2_cur" → {opt, lr, steps, batch, seed, …, colour, current}: fields
 * the run does not name take the table's defaults; a bad number its field's default. */
function parseRun(text) {
  const [name, ...tokens] = text.split("_");
  if (!OPTIMIZERS.includes(name)) return null;
  const run = Object.fromEntries(RUN_FIELDS.map((key) => [key, copy(param(key).default)]));
  Object.assign(run, { opt: name, colour: null, current: false });
  for (const token of tokens) {
    const [, key, value] = /^([a-z]+)(.*)$/.exec(token) ?? [];
    if (token === "cur") run.current = true;
    else if (key === "c" && /^\d$/.test(value)) run.colour = Number(value) % MOST_RUNS;
    else if (RUN_KEYS[key]) run[RUN_KEYS[key]] = parse(param(RUN_KEYS[key]), value);
  }
  return run;
}

/** Runs for a link: fields at their defaults, the colour of its place and "current" of the
 * last run are left out. */
function formatRuns(runs) {
  return runs.map((run, i) => {
    const tokens = [run.opt];
    for (const [token, key] of Object.entries(RUN_KEYS)) {
      const field = param(key);
      const text = format(field, run[key]);
      if (text !== format(field, field.default) || key === "lr" || key === "steps") {
        tokens.push(token + text);
      }
    }
    if (run.colour !== i) tokens.push(`c${run.colour}`);
    if (run.current && i !== runs.length - 1) tokens.push("cur");
    return tokens.join("_");
  }).join(",");
}
