// The optimizer race (mode=race): the program in the editor is f of two inputs whose values are
// the start; all five optimizers run from there (POST /api/train, each its own learning rate),
// /api/surface gives the contour grid and ∇f along every path, and a player steps through the
// iterations.
import { errorDetail, fetchSurface, fetchTrain } from "chainrule/api.js";
import { t } from "chainrule/i18n/i18n.js";
import { Player } from "chainrule/player/player.js";
import { ContourPlot } from "chainrule/train/contour.js";
import { num } from "chainrule/train/lossChart.js";
import { RACERS, RaceList } from "chainrule/train/raceList.js";
import { RACE_PRESETS, presetOf } from "chainrule/train/racePresets.js";

const GRID = 80;
const STEPS = 30; // iterations of a program that is not a preset
const FALLBACK_LR = RACE_PRESETS[0].lr;

export class Race {
  /** `settings`: the URL table's values; `setSource(text)`: put a preset into the editor. */
  constructor(root, { infos, settings, onSettings, setSource, replay = false }) {
    this.root = root;
    this.settings = settings;
    this.onSettings = onSettings;
    this.plot = new ContourPlot(root.querySelector("svg.contour"));
    this.list = new RaceList(root.querySelector(".race-list"), infos, {
      editable: !replay, onRate: (name, lr) => this.change({ [`lr_${name}`]: lr }),
    });
    const buttons = document.querySelectorAll(".stage .player button[data-action]");
    root.querySelector(".race-player").prepend(...[...buttons].map((b) => b.cloneNode(true)));
    this.player = new Player(root.querySelector(".race-player"), {
      onChange: (pos) => this.show(pos + 1),
    });
    this.player.speed = Number(root.querySelector("[data-speed]").value);
    this.progress = root.querySelector(".race-progress");
    this.error = root.querySelector(".race-error");
    this.status = root.querySelector(".race-status");
    this.steps = root.querySelector('input[name="rsteps"]');
    this.presets = root.querySelector(".race-preset select");
    this.data = null;
    this.source = "";
    this.fillPresets(setSource);
    for (const el of root.querySelectorAll(".race-head select, .race-head input, .race-head button")) {
      el.disabled = replay;
    }
    this.steps.addEventListener("change", () => this.change({ rsteps: clampSteps(this.steps) }));
    root.querySelector('[data-race="run"]').addEventListener("click", () => this.run(this.source));
    // ←/→, space, Home/End step the race while it is shown (not the hidden graph's player)
    document.addEventListener("keydown", (event) => {
      if (root.hidden || !this.data) return;
      this.player.handleKey(event);
      if (event.defaultPrevented) event.stopImmediatePropagation();
    }, true);
  }

  fillPresets(setSource) {
    this.presets.add(new Option(t("race.preset_own"), ""));
    for (const p of RACE_PRESETS) this.presets.add(new Option(t(p.title), p.id));
    this.presets.addEventListener("change", () => {
      const preset = RACE_PRESETS.find((p) => p.id === this.presets.value);
      if (!preset) return;
      const rates = Object.fromEntries(RACERS.map((r) => [`lr_${r.name}`, null]));
      this.change({ ...rates, rsteps: null, bounds: null, rk: null }, false);
      setSource(preset.source); // the editor's change runs the race
    });
  }

  change(part, rerun = true) {
    Object.assign(this.settings, part);
    this.onSettings();
    if (rerun && this.source) this.run(this.source);
  }

  /** Each optimizer's learning rate: the link's, else the preset's, else the book's. */
  rate(name, preset) {
    return this.settings[`lr_${name}`] ?? preset?.lr[name] ?? FALLBACK_LR[name];
  }

  /** Race the program `source` (the editor's, after each change while the race is shown). */
  async run(source) {
    this.source = source;
    const preset = presetOf(source);
    this.presets.value = preset?.id ?? "";
    const steps = this.settings.rsteps ?? preset?.steps ?? STEPS;
    this.steps.value = String(steps);
    this.controller?.abort();
    const { signal } = (this.controller = new AbortController());
    this.root.dataset.busy = "true";
    this.status.textContent = t("race.running");
    try {
      const runs = await this.runAll(source, steps, preset, signal);
      const surface = await this.surface(source, runs, preset, signal);
      this.load({ source, steps, runs, surface, bounds: surface.bounds });
      this.showError(null);
    } catch (error) {
      if (error.name === "AbortError") return;
      this.showError(errorDetail(error).message);
    } finally {
      if (!signal.aborted) delete this.root.dataset.busy;
      this.status.textContent = "";
    }
  }

  async runAll(source, steps, preset, signal) {
    const answers = await Promise.all(RACERS.map(({ name }) => {
      const body = { source, optimizer: { name, lr: this.rate(name, preset) }, steps };
      return fetchTrain(body, { signal }).catch((error) => error);
    }));
    const failed = answers.filter((a) => a instanceof Error);
    if (failed.length === answers.length) throw failed[0];
    return Object.fromEntries(RACERS.map(({ name }, i) => {
      const a = answers[i];
      const lr = this.rate(name, preset);
      if (a instanceof Error) return [name, { lr, error: errorDetail(a).message }];
      const output = a.final.nodes.find((n) => n.id === a.final.output);
      return [name, {
        lr, trajectory: a.trajectory, loss: a.loss, last: output?.value, output: output?.symbol,
      }];
    }));
  }

  /** The contour grid over the preset's view (or the paths' box), and ∇f at every point. */
  async surface(source, runs, preset, signal) {
    const first = Object.values(runs).find((r) => r.trajectory);
    const names = Object.keys(first.trajectory);
    // a path is a whole list; a trajectory too big for the answer comes compact (an object),
    // and then the program has more than two inputs, which /api/surface below says
    const path = (run, name) => (Array.isArray(run.trajectory?.[name]) ? run.trajectory[name] : []);
    const points = (run) => path(run, names[0]).map((v, k) => [num(v), num(path(run, names[1])[k])]);
    for (const run of Object.values(runs)) run.points = points(run);
    const all = Object.values(runs).flatMap((r) => r.points);
    const bounds = this.settings.bounds ?? preset?.bounds ?? fit(all);
    const finite = all.filter((p) => p.every(Number.isFinite));
    // x and y left to the server: the program's two scalar inputs, or an error saying so
    const answer = await fetchSurface({
      source, bounds, grid: GRID, points: names.length === 2 ? finite : [],
    }, { signal });
    const grads = new Map(finite.map((p, i) => [p.join(","), answer.points[i].grad.map(num)]));
    for (const run of Object.values(runs)) run.grads = run.points.map((p) => grads.get(p.join(",")) ?? null);
    return { ...answer, bounds };
  }

  /** Show a race (just run, or recorded in an offline file, where JSON made NaN null). */
  load(data) {
    for (const run of Object.values(data.runs)) {
      run.points = (run.points ?? []).map((p) => p.map((v) => v ?? NaN));
      run.grads = (run.grads ?? []).map((g) => g?.map((v) => v ?? NaN) ?? null);
    }
    this.data = data;
    this.presets.value = presetOf(data.source)?.id ?? "";
    const sizes = Object.values(data.runs).flatMap((r) => (r.grads ?? []).filter(Boolean))
      .map((g) => Math.hypot(...g)).filter(Number.isFinite).sort((a, b) => a - b);
    this.gradScale = sizes[Math.floor(sizes.length / 2)] || 1;
    const k = Math.min(this.settings.rk ?? data.steps, data.steps);
    this.player.load(data.steps, k - 1);
    this.root.dataset.ready = "true";
  }

  /** Iteration k: the points, their arrows, the rows' numbers. */
  show(k) {
    const data = this.data;
    if (!data) return;
    this.root.dataset.k = String(k);
    this.settings.rk = k === data.steps ? null : k;
    this.onSettings();
    const racers = RACERS.filter((r) => data.runs[r.name]?.points?.length).map((r) => ({
      ...r, points: data.runs[r.name].points, grads: data.runs[r.name].grads,
      gradScale: this.gradScale,
    }));
    this.plot.draw({ surface: data.surface, bounds: data.bounds, racers, k });
    const output = Object.values(data.runs).find((r) => r.output)?.output ?? "f";
    this.list.show(data.runs, k, [...data.surface.names, output]);
    this.progress.textContent = t("race.progress", { k, steps: data.steps });
  }

  showError(message) {
    this.error.hidden = !message;
    this.error.textContent = message ?? "";
  }

  /** What the offline file needs to replay this race. */
  record() {
    return this.data;
  }
}

/** The box around every finite point, a tenth larger on each side (at least 1 wide); the unit
 *  box without one (a program that is not f of two scalars: /api/surface then says so). */
function fit(points) {
  const finite = points.filter((p) => p.every(Number.isFinite) && p.every((v) => Math.abs(v) < 1e6));
  if (!finite.length) return [-1, 1, -1, 1];
  const xs = finite.map((p) => p[0]);
  const ys = finite.map((p) => p[1]);
  const pad = (lo, hi) => Math.max((hi - lo) * 0.1, 0.5);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  return [x0 - pad(x0, x1), x1 + pad(x0, x1), y0 - pad(y0, y1), y1 + pad(y0, y1)];
}

function clampSteps(input) {
  const n = Math.round(Number(input.value));
  const v = Number.isFinite(n) ? Math.min(1000, Math.max(1, n)) : 30;
  input.value = String(v);
  return v;
}
