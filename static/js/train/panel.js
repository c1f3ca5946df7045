// The train panel (mode=train): the optimizer with its update rule, learning rate and
// hyperparameters; steps; the whole data set (gradient descent) or mini-batches (SGD); seed.
// Run streams POST /api/train: a progress bar and the live loss curve, then the boundary and the
// scrubber; the boundary's frames come from /api/boundaries afterwards. Runs overlay on one chart;
// the settings' `runs` keep them for links, and `replay` runs a link's runs again, one by one —
// at once while they add up to LINK_STEPS steps at most, else on a press of Run.
import { errorDetail, fetchBoundaries, graphAt, streamTrain } from "chainrule/api.js";
import { fmt } from "chainrule/graph/format.js";
import { t } from "chainrule/i18n/i18n.js";
import { OptimizerPicker } from "chainrule/train/picker.js";
import { LIMITS } from "chainrule/train/facts.js";
import { Run, Runs } from "chainrule/train/runs.js";
import { LINK_STEPS, optimizerSpec } from "chainrule/train/state.js";
import { TrainView } from "chainrule/train/trainView.js";

const FRAMES = 12; // boundary frames besides iteration 0
const PHONE = matchMedia("(max-width: 600px)");
const MINI_DEFAULT = 16;

export class TrainPanel {
  /**
   * `panel`, `view`: the template's .train-panel and .train-view; `settings`: the URL table's
   * values (changed in place, `onSettings()` then saves them); `getSource()`: the editor's text;
   * `onSourceError(detail)`: a run's error that has a place in the source (to underline it).
   */
  constructor({ panel, view }, {
    infos, settings, stage, getSource, onSettings, onSourceError = () => {}, replay = false,
  }) {
    this.panel = panel;
    this.settings = settings;
    this.getSource = getSource;
    this.onSourceError = onSourceError;
    this.onSettings = onSettings;
    this.runs = new Runs();
    this.pending = null; // a link's runs waiting for a press of Run (replay)
    this.picker = new OptimizerPicker(panel.querySelector(".train-picker"), infos, {
      onChange: (part) => this.change(part),
    });
    this.view = new TrainView(view, {
      runs: this.runs, stage, graphAt: replay ? nearestGraph : liveGraph,
      onAt: (k) => this.change({ at: k === this.runs.current?.steps ? null : k }, false),
    });
    this.progress = panel.querySelector("progress");
    this.status = panel.querySelector(".train-status");
    this.error = panel.querySelector(".train-error");
    this.list = panel.querySelector(".train-runs");
    this.bindFields();
    panel.querySelector('[data-train="run"]').addEventListener("click", () => this.run());
    panel.querySelector('[data-train="stop"]').addEventListener("click", () => this.stop());
    panel.querySelector('[data-train="clear"]').addEventListener("click", () => this.clear());
    this.list.addEventListener("click", (event) => this.pickRun(event));
    this.show();
  }

  bindFields() {
    const form = this.panel;
    this.steps = form.querySelector('input[name="steps"]');
    this.batch = form.querySelector('input[name="batch"]');
    this.seed = form.querySelector('input[name="seed"]');
    const [steps, rows] = [LIMITS.train_steps, LIMITS.dataset_rows]; // the server's limits
    this.steps.max = String(steps);
    this.batch.max = String(rows);
    this.steps.addEventListener("change", () => this.change({ steps: whole(this.steps, 1, steps) }));
    this.seed.addEventListener("change", () => this.change({ seed: whole(this.seed, 0, 2 ** 31) }));
    this.batch.addEventListener("change", () => this.change({ batch: whole(this.batch, 1, rows) }));
    for (const radio of form.querySelectorAll('input[name="batch-kind"]')) {
      radio.addEventListener("change", () => this.change({
        batch: radio.value === "full" ? null : Number(this.batch.value) || MINI_DEFAULT,
      }));
    }
  }

  change(part, save = true) {
    Object.assign(this.settings, part);
    if (save) this.show();
    this.onSettings();
  }

  /** Show the settings (after a link, a preset or a change). */
  show() {
    const s = this.settings;
    this.picker.set({ ...s, opt: s.opt || "sgd" });
    this.steps.value = String(s.steps);
    this.seed.value = String(s.seed);
    const mini = s.batch !== null;
    this.panel.querySelector(`input[name="batch-kind"][value="${mini ? "mini" : "full"}"]`)
      .checked = true;
    this.batch.value = String(s.batch ?? MINI_DEFAULT);
    this.batch.disabled = !mini;
  }

  /** The /api/train body of settings `s` (the panel's, or a run of a link). */
  body(s = this.settings) {
    const params = this.settings.params;
    return {
      source: this.getSource(), optimizer: optimizerSpec(s, "sgd"), steps: s.steps,
      batch_size: s.batch, seed: s.seed, params: params.length ? params : null,
    };
  }

  /** Run the settings (or the link's runs waiting for this press); phones stack them above the
   * charts: the live curve comes into sight. */
  async run() {
    if (PHONE.matches) this.view.root.scrollIntoView({ block: "start", behavior: "smooth" });
    if (this.pending) return this.replay(this.pending, true);
    await this.train([this.runs.add(this.body())]);
  }

  /** A link's runs (url.js `runs`) again, with their colours; then the one it showed. Runs of
   * more than LINK_STEPS steps in all wait for a press of Run (`pressed`): a link, crafted or a
   * slide that a whole room opens, must not make every visitor start long trainings. */
  async replay(list, pressed = false) {
    const steps = list.reduce((sum, s) => sum + s.steps, 0);
    this.pending = pressed || steps <= LINK_STEPS ? null : list;
    if (this.pending) {
      this.status.textContent = t("train.link_wait", { runs: list.length, steps, most: LINK_STEPS });
      return;
    }
    const at = this.settings.at;
    const made = list.map((s) => this.runs.add(this.body(s), s.colour));
    if (!(await this.train(made))) return;
    this.runs.current = made.find((run, i) => list[i].current) ?? made.at(-1);
    this.redraw();
    this.view.scrub(at ?? this.runs.current.steps);
  }

  /** Stream `runs` one after another → whether all finished (an error drops the rest). */
  async train(runs) {
    this.stop();
    const controller = (this.controller = new AbortController());
    this.busy(true);
    this.showError(null);
    this.redraw();
    try {
      for (const run of runs) await this.stream(run, controller.signal);
      return true;
    } catch (error) {
      for (const run of runs) if (!run.loss) this.runs.remove(run);
      if (error.name !== "AbortError") this.failed(errorDetail(error));
      this.status.textContent = "";
      this.redraw();
      return false;
    } finally {
      if (this.controller === controller) this.busy(false);
    }
  }

  async stream(run, signal) {
    this.runs.current = run;
    this.redraw();
    const doc = await streamTrain(run.body, {
      signal, onProgress: (line) => this.progressed(run, line),
    });
    run.finish(doc);
    this.status.textContent = t("train.done", { steps: run.steps, loss: fmt(doc.loss.at(-1)) });
    this.progress.value = 1;
    this.view.scrub(this.settings.at ?? run.steps);
    this.loadFrames(run);
  }

  progressed(run, line) {
    run.live.push(line);
    this.progress.value = line.step / run.steps;
    this.status.textContent = t("train.progress", {
      step: line.step, steps: run.steps, loss: fmt(line.loss),
    });
    this.view.chart.draw(this.runs.list, { current: run.id });
  }

  /** The run's boundary frames (not stopped by the next run: a finished run keeps them); until
   * they come, an iteration before the last shows "computing" on the map. Then the frames play,
   * unless the scrubber has left the last iteration. */
  async loadFrames(run) {
    run.framesLoading = true;
    try {
      run.frames = await fetchBoundaries({ ...run.body, count: FRAMES });
    } catch {
      run.frames = null; // the last iteration keeps its boundary; the others say there is none
    } finally {
      run.framesLoading = false;
    }
    if (this.runs.current !== run) return;
    const played = run.frames?.frames.length > 0;
    this.view.playButton.disabled = !played;
    if (played && this.view.at === run.steps) this.view.animate();
    else this.view.showBoundary();
  }

  stop() {
    this.controller?.abort();
    this.busy(false);
  }

  busy(on) {
    this.panel.dataset.running = String(on);
    this.panel.querySelector('[data-train="run"]').disabled = on;
    this.panel.querySelector('[data-train="stop"]').hidden = !on;
    if (on) this.progress.value = 0;
  }

  clear() {
    this.stop();
    this.pending = null;
    this.runs.clear();
    this.status.textContent = "";
    this.redraw();
  }

  /** A run's error, with its place in the source when it has one (e.g. the node that assumed
   * the whole data set when a mini-batch is smaller). */
  failed(detail) {
    const { line, column, message } = detail;
    this.showError(line ? t("editor.error_at", { line, column, message }) : message);
    if (line) this.onSourceError(detail);
  }

  showError(message) {
    this.error.hidden = !message;
    this.error.textContent = message ?? "";
  }

  /** The runs of the program now, as a link keeps them (url.js `runs`); a link's runs waiting
   * for a press as it wrote them. */
  linkRuns() {
    if (this.pending) return this.pending;
    const source = this.getSource();
    return this.runs.list.filter((run) => run.body.source === source)
      .map((run) => run.linkSettings(run === this.runs.current));
  }

  /** The legend: one row per run (its colour, label, and a remove button); a row picks it; the
   * address keeps the runs. */
  redraw() {
    this.settings.runs = this.linkRuns();
    this.onSettings();
    this.list.replaceChildren(...this.runs.list.map((run) => {
      const item = document.createElement("li");
      item.dataset.run = run.id;
      item.style.setProperty("--run", run.colour);
      item.classList.toggle("current", run === this.runs.current);
      const pick = document.createElement("button");
      pick.type = "button";
      pick.className = "run-pick";
      pick.textContent = run.label;
      const remove = document.createElement("button");
      remove.type = "button";
      remove.className = "run-remove";
      remove.textContent = "×";
      remove.title = t("train.remove");
      remove.setAttribute("aria-label", t("train.remove"));
      item.append(pick, remove);
      return item;
    }));
    this.panel.dataset.runs = String(this.runs.list.length);
    this.view.refresh();
  }

  pickRun(event) {
    const item = event.target.closest("li[data-run]");
    const run = item && this.runs.find(item.dataset.run);
    if (!run) return;
    if (event.target.closest(".run-remove")) this.runs.remove(run);
    else this.runs.current = run;
    this.redraw();
    if (this.runs.current?.loss) this.view.scrub(this.view.at ?? this.runs.current.steps);
  }

  /** What the offline file needs to replay the runs. */
  record() {
    const runs = this.runs.list.filter((r) => r.loss);
    return { runs, current: runs.indexOf(this.runs.current) };
  }

  /** Replay: take recorded runs (no server). */
  restore(record) {
    for (const data of record.runs) this.runs.list.push(Run.fromJSON(data));
    this.runs.current = this.runs.list[record.current] ?? this.runs.list.at(-1) ?? null;
    this.redraw();
    if (this.runs.current) this.view.scrub(this.settings.at ?? this.runs.current.steps);
  }
}

async function liveGraph(run, k) {
  return [k, await graphAt(run.body, k)];
}

/** The recorded graph nearest to iteration k (the offline file has no server to ask). */
function nearestGraph(run, k) {
  const keys = [...run.graphs.keys()];
  const best = keys.reduce((a, b) => (Math.abs(b - k) < Math.abs(a - k) ? b : a), keys[0]);
  return [best, run.graphs.get(best)];
}

function whole(input, low, high) {
  const n = Math.round(Number(input.value));
  const v = Number.isFinite(n) ? Math.min(high, Math.max(low, n)) : low;
  input.value = String(v);
  return v;
}
