// The learning views' settings ⇄ URL: one table (as TensorFlow Playground's state.ts). Share
// links, embeds and the address bar all read and write through it; a value at its default is
// left out of the URL. The train panel's overlaid runs are one field, `runs`: per run its
// optimizer, then the table's own fields as `key`+number tokens (RUN_KEYS), joined by "_", runs
// by "," — `runs=sgd_lr0.5_n40,adam_lr0.05_n40_bs16_s3` — each read and checked as its field is.

import { LIMITS, OPTIMIZER_NAMES, RANGES, inRange } from "chainrule/train/facts.js";

export const MODES = ["graph", "train", "race"];
export const OPTIMIZERS = OPTIMIZER_NAMES; // the server's table (facts.js), as its ranges below
export const HYPER = Object.keys(RANGES).filter((key) => key !== "lr");
const STEPS = LIMITS.train_steps; // a run's steps (and the graph's iterations), at most
export const MOST_RUNS = 4; // runs overlaid on the loss chart (and kept in a link)
// a run's tokens in a link → the field each one is; `c`: its colour (0–3), `cur`: the run shown
const RUN_KEYS = {
  lr: "lr", mu: "momentum", rho: "rho", ba: "beta1", bb: "beta2", eps: "eps", n: "steps",
  bs: "batch", s: "seed",
};
const RUN_FIELDS = ["opt", ...Object.values(RUN_KEYS)]; // what a run of the link sets

// key: URL parameter; kind: how it reads; default; used by: which views read it. A `range`
// (a hyperparameter's) is the server's, from facts.js; else the value lies in [min, max].
export const FIELDS = [
  { key: "mode", kind: "enum", values: MODES, default: "graph" },
  // the optimizer of the update phase (graph; "" = none) and of the train panel
  { key: "opt", kind: "enum", values: ["", ...OPTIMIZERS], default: "" },
  { key: "lr", kind: "number", range: "lr", default: 0.1 },
  // the optimizer's own hyperparameters; null: its default (GET /api/optimizers)
  ...HYPER.map((key) => ({ key, kind: "number", range: key, default: null })),
  { key: "params", kind: "list", default: [] }, // names to update; [] = every input
  { key: "iter", kind: "int", min: 1, max: STEPS, default: 1 }, // the graph's iteration
  // train panel
  { key: "steps", kind: "int", min: 1, max: STEPS, default: 100 },
  // null: the whole data set
  { key: "batch", kind: "int", min: 1, max: LIMITS.dataset_rows, default: null },
  { key: "seed", kind: "int", min: 0, max: 2 ** 31, default: 0 },
  { key: "at", kind: "int", min: 0, max: STEPS, default: null }, // scrubber; null: the end
  // the overlaid runs: [{opt, lr, …, steps, batch, seed, colour, current}]
  { key: "runs", kind: "runs", max: MOST_RUNS, default: [] },
  // optimizer race
  { key: "rsteps", kind: "int", min: 1, max: 1000, default: null }, // null: the preset's
  ...OPTIMIZERS.map((name) => ({ key: `lr_${name}`, kind: "number", range: "lr",
    default: null })), // null: the race preset's rate
  { key: "rk", kind: "int", min: 0, max: 1000, default: null }, // race iteration; null: the end
  { key: "bounds", kind: "numbers", count: 4, default: null }, // x0,x1,y0,y1; null: fit paths
];

/** Every field's value from a query string (bad or missing values take the default). */
export function readSettings(search = location.search) {
  const params = new URLSearchParams(search);
  return Object.fromEntries(FIELDS.map((f) => [f.key, parse(f, params.get(f.key))]));
}

function parse(field, text) {
  if (text === null || text === "") return copy(field.default);
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

/** The settings that differ from their defaults, as [key, text] pairs for a URL. */
export function settingsEntries(settings) {
  const out = [];
  for (const f of FIELDS) {
    const text = format(f, settings[f.key]);
    if (text !== format(f, f.default)) out.push([f.key, text]);
  }
  return out;
}

function format(field, value) {
  if (value === null || value === undefined) return "";
  if (field.kind === "runs") return formatRuns(value);
  return Array.isArray(value) ? value.join(",") : String(value);
}

const byKey = (key) => FIELDS.find((f) => f.key === key);

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
  const run = Object.fromEntries(RUN_FIELDS.map((key) => [key, copy(byKey(key).default)]));
  Object.assign(run, { opt: name, colour: null, current: false });
  for (const token of tokens) {
    const [, key, value] = /^([a-z]+)(.*)$/.exec(token) ?? [];
    if (token === "cur") run.current = true;
    else if (key === "c" && /^\d$/.test(value)) run.colour = Number(value) % MOST_RUNS;
    else if (RUN_KEYS[key]) run[RUN_KEYS[key]] = parse(byKey(RUN_KEYS[key]), value);
  }
  return run;
}

/** Runs for a link: fields at their defaults, the colour of its place and "current" of the
 * last run are left out. */
function formatRuns(runs) {
  return runs.map((run, i) => {
    const tokens = [run.opt];
    for (const [token, key] of Object.entries(RUN_KEYS)) {
      const field = byKey(key);
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

/** Write `settings` into the address bar (keeping src and the view parameters). */
export function writeSettings(settings) {
  const url = new URL(location.href);
  for (const f of FIELDS) url.searchParams.delete(f.key);
  for (const [key, text] of settingsEntries(settings)) url.searchParams.set(key, text);
  history.replaceState(null, "", url);
}

/** The optimizer object of /api/graph and /api/train from the settings (null: none). */
export function optimizerSpec(settings, fallback = null) {
  const name = settings.opt || fallback;
  if (!name) return null;
  const spec = { name, lr: settings.lr };
  for (const key of HYPER) if (settings[key] !== null) spec[key] = settings[key];
  return spec;
}
