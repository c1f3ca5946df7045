// The train panel's runs: each Run keeps its request, what the server answered (loss, accuracy,
// trajectory, boundary, the graphs it was scrubbed to, the boundary frames) and its colour and
// label on the shared loss chart. Several runs overlay (GD vs SGD, two learning rates); a link
// carries each one's settings (url.js `runs`), and opening it runs them again.
import { t } from "chainrule/i18n/i18n.js";
import { NAME_IDS, lrText } from "chainrule/train/picker.js";
import { HYPER, MOST_RUNS } from "chainrule/train/state.js";

export const RUN_COLOURS = ["#0072b2", "#d55e00", "#009e73", "#cc79a7"]; // Okabe–Ito
const RUN_DASHES = ["", "8 4", "2 3", "10 3 2 3"]; // one per colour: runs apart without colour
const MOST = Math.min(RUN_COLOURS.length, MOST_RUNS);
const GRAPHS_KEPT = 4; // graph documents kept per run (a spiral net's is megabytes)

let counter = 0;

export class Run {
  constructor(body, colour) {
    this.id = String(++counter);
    this.body = body;
    this.colour = colour;
    this.steps = body.steps;
    this.live = []; // progress lines while streaming
    this.loss = null;
    this.accuracy = null;
    this.trajectory = {};
    this.boundary = null;
    this.frames = null; // /api/boundaries' answer
    this.framesLoading = false;
    this.graphs = new Map(); // iteration k → graph document at p_k
  }

  /** Its optimizer, rate and data as its labels name them. */
  get names() {
    const { optimizer, batch_size: batch } = this.body;
    const data = batch ? t("train.run_mini", { n: batch }) : t("train.run_full");
    return { optimizer: t(NAME_IDS[optimizer.name]), lr: lrText(optimizer.lr), data };
  }

  get label() {
    return t("train.run_label", { ...this.names, steps: this.steps });
  }

  /** Its line's dash on the chart ("" solid), paired with its colour. */
  get dash() {
    return RUN_DASHES[RUN_COLOURS.indexOf(this.colour)] ?? "";
  }

  /** Its name in the chart's legend (the axis counts the iterations). */
  get shortLabel() {
    return t("train.legend_label", this.names);
  }

  /** Take the /api/train document. */
  finish(doc) {
    this.loss = doc.loss;
    this.accuracy = doc.accuracy;
    this.trajectory = doc.trajectory;
    this.boundary = doc.boundary;
    this.keepGraph(this.steps, doc.final);
  }

  keepGraph(k, doc) {
    this.graphs.delete(k);
    this.graphs.set(k, doc);
    const keep = new Set([this.steps, k]); // the final graph always stays
    for (const key of this.graphs.keys()) {
      if (this.graphs.size <= GRAPHS_KEPT) break;
      if (!keep.has(key)) this.graphs.delete(key);
    }
  }

  /** The boundary picture at iteration k ({step, grid}): the final boundary at the last
   * iteration, else the last frame at or before k; null while the frames are not here (on their
   * way: framesLoading; or failed, or not recorded): never another iteration's in its place. */
  frameAt(k) {
    if (k >= this.steps && this.boundary) return { step: this.steps, grid: this.boundary };
    const frames = this.frames?.frames ?? [];
    const before = frames.filter((f) => f.step <= k).at(-1);
    return before ? { step: before.step, grid: { ...this.frames, classes: before.classes } } : null;
  }

  /** Its settings as a link keeps them (url.js `runs`); `current`: the run shown. */
  linkSettings(current) {
    const { optimizer, steps, batch_size: batch, seed } = this.body;
    const hyper = Object.fromEntries(HYPER.map((key) => [key, optimizer[key] ?? null]));
    return {
      opt: optimizer.name, lr: optimizer.lr, ...hyper, steps, batch, seed: seed ?? 0,
      colour: RUN_COLOURS.indexOf(this.colour), current,
    };
  }

  /** As the offline file records it. */
  toJSON() {
    const { body, colour, loss, accuracy, trajectory, boundary, frames } = this;
    return { body, colour, loss, accuracy, trajectory, boundary, frames,
      graphs: Object.fromEntries(this.graphs) };
  }

  static fromJSON(data) {
    const run = new Run(data.body, data.colour);
    Object.assign(run, {
      loss: data.loss, accuracy: data.accuracy, trajectory: data.trajectory ?? {},
      boundary: data.boundary, frames: data.frames,
    });
    for (const [k, doc] of Object.entries(data.graphs ?? {})) run.graphs.set(Number(k), doc);
    return run;
  }
}

export class Runs {
  constructor() {
    this.list = [];
    this.current = null;
  }

  /** A new run (the oldest dropped past four), made current; `colour`: an index into
   * RUN_COLOURS (a link's), else the first colour no run has. */
  add(body, colour = null) {
    if (this.list.length >= MOST) this.list.shift();
    const used = new Set(this.list.map((r) => r.colour));
    const free = RUN_COLOURS.find((c) => !used.has(c)) ?? RUN_COLOURS[0];
    const run = new Run(body, RUN_COLOURS[colour] ?? free);
    this.list.push(run);
    this.current = run;
    return run;
  }

  remove(run) {
    this.list = this.list.filter((r) => r !== run);
    if (this.current === run) this.current = this.list.filter((r) => r.loss).at(-1) ?? null;
  }

  clear() {
    this.list = [];
    this.current = null;
  }

  find(id) {
    return this.list.find((r) => r.id === id) ?? null;
  }
}
