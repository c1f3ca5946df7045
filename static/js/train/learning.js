// The learning views of the editor page: the mode tabs (graph | train | race, `mode=`), the one
// URL table of their settings (url.js), the update phase above the player, the train panel and
// the optimizer race. app.js asks it for each graph and tells it what the player shows.
import { fetchGraph, fetchOptimizers } from "chainrule/api.js";
import { exportReplay } from "chainrule/train/exporter.js";
import { UpdateBar } from "chainrule/train/iterate.js";
import { showNewValues } from "chainrule/train/newValues.js";
import { TrainPanel } from "chainrule/train/panel.js";
import { Race } from "chainrule/train/race.js";
import { RACE_PRESETS } from "chainrule/train/racePresets.js";
import { HYPER, MODES, optimizerSpec } from "chainrule/train/state.js";
import { changedSettings, readParams, readSettings, writeSettings } from "chainrule/url.js";

export class Learning {
  /** `recompute()`: ask app.js for the graph again (it calls fetchGraph, then loaded). */
  constructor(root, { stage, editor, recompute }) {
    this.root = root;
    this.stage = stage;
    this.editor = editor;
    this.recompute = recompute;
    this.settings = readSettings();
    // A race opened without a program of its own (`?mode=race`, no src) starts on the book's bowl
    // when the editor's program is not f of two scalar inputs; a link's program is kept as it is.
    // Read now: the editor writes the source into the address before init() resumes.
    const linked = readParams().src !== null;
    this.openBowl = this.settings.mode === "race" && !linked;
    // a link's overlaid runs: run again once the train panel shows its program
    this.linkedRuns = this.settings.runs.length ? this.settings.runs : null;
    this.lastSource = null;
    this.ready = this.init();
  }

  async init() {
    const infos = await fetchOptimizers().catch(() => []);
    const save = () => writeSettings(this.settings);
    this.updateBar = new UpdateBar(this.stage.root, infos, {
      settings: this.settings, onChange: () => {
        save();
        this.restart = true; // a new iteration starts before its forward pass
        this.recompute();
      },
    });
    this.train = new TrainPanel({
      panel: this.root.querySelector(".train-panel"), view: this.root.querySelector(".train-view"),
    }, {
      infos, settings: this.settings, stage: this.stage, getSource: () => this.editor.value,
      onSettings: () => { save(); this.updateBar.refresh(); },
      onSourceError: (detail) => this.editor.showError(detail),
    });
    this.race = new Race(this.root.querySelector(".race"), {
      infos, settings: this.settings, onSettings: save, setSource: (text) => this.editor.set(text),
    });
    this.infos = infos;
    for (const tab of this.root.querySelectorAll(".mode-tabs [data-mode]")) {
      tab.addEventListener("click", () => this.setMode(tab.dataset.mode));
    }
    // in the train panel and the race, the offline file replays what was recorded
    this.root.querySelector('[data-export="html"]')?.addEventListener("click", (event) => {
      if (this.settings.mode === "graph") return;
      event.preventDefault();
      event.stopPropagation();
      event.target.closest("details")?.removeAttribute("open");
      exportReplay(this.settings.mode, this.record());
    }, true);
    this.setMode(this.settings.mode, false);
  }

  /** Show the panel of `mode`; `refetch`: the graph depends on the mode (its optimizer). */
  setMode(mode, refetch = true) {
    const m = MODES.includes(mode) ? mode : "graph";
    this.settings.mode = m;
    this.root.dataset.mode = m;
    for (const tab of this.root.querySelectorAll(".mode-tabs [data-mode]")) {
      tab.setAttribute("aria-pressed", String(tab.dataset.mode === m));
    }
    this.root.querySelector(".train-panel").hidden = m !== "train";
    this.root.querySelector(".train-view").hidden = m !== "train";
    this.root.querySelector(".race").hidden = m !== "race";
    this.updateBar.root.hidden = m !== "graph";
    writeSettings(this.settings);
    if (m === "train") this.train.view.refresh();
    if (refetch) this.recompute();
  }

  /** The graph document app.js shows for `source`, as the mode wants it (`options`: check,
   * code — as fetchGraph takes them). */
  async fetchGraph(source, options = {}) {
    await this.ready;
    if (this.lastSource !== null && source !== this.lastSource) this.settings.iter = 1;
    this.lastSource = source;
    const mode = this.settings.mode;
    if (mode === "graph") return this.updateBar.fetch(source, options);
    if (mode === "race") return fetchGraph(source, options);
    const params = this.settings.params.length ? this.settings.params : null;
    return fetchGraph(source, { ...options, optimizer: optimizerSpec(this.settings, "sgd"), params });
  }

  /** The graph of `source` is shown: the race follows the editor; a run's scrubber comes back. */
  loaded(source) {
    const mode = this.settings.mode;
    if (this.restart) this.stage.player.first();
    this.restart = false;
    if (this.openBowl) {
      this.openBowl = false;
      const bowl = RACE_PRESETS[0].source;
      if (mode === "race" && !raceable(this.stage.model)) return this.editor.set(bowl);
    }
    if (mode === "race" && source !== this.race.source) this.race.run(source);
    if (mode === "train" && this.linkedRuns) {
      this.train.replay(this.linkedRuns);
      this.linkedRuns = null;
      return;
    }
    const run = this.train.runs.current;
    if (mode === "train" && run?.loss && run.body.source === source) this.train.view.showGraph();
  }

  /** The player shows `state`: the new values of revealed update steps; "next" when at the end. */
  shown(state) {
    if (!this.updateBar) return;
    showNewValues(this.stage, state);
    const steps = this.stage.model?.steps ?? [];
    this.updateBar.atEnd(steps.length > 0 && state.pos === steps.length - 1
      && steps.at(-1).phase === "update");
  }

  /** The settings for a share link or an embed: those not at their defaults (the runs
   * overlaid on the program now, or a link's runs not yet run again). */
  linkSettings() {
    if (!this.linkedRuns && this.train) this.settings.runs = this.train.linkRuns();
    return changedSettings(this.settings);
  }

  /** A gallery preset with its panel: mode, optimizer and settings ({steps, batch_size, seed,
   * params} for training, {steps, runs} for the race); every other setting back to its default.
   * The editor then sets its source. */
  async openPreset({ mode = "graph", optimizer = null, settings = null }) {
    await this.ready;
    const s = settings ?? {};
    const fresh = readSettings("");
    const own = { ...optimizer, opt: optimizer?.name ?? "" };
    for (const key of ["opt", "lr", ...HYPER]) if (own[key] !== undefined) fresh[key] = own[key];
    if ("steps" in s) fresh[mode === "race" ? "rsteps" : "steps"] = s.steps;
    if ("batch_size" in s) fresh.batch = s.batch_size;
    if ("seed" in s) fresh.seed = s.seed;
    if (s.params) fresh.params = s.params;
    for (const run of s.runs ?? []) fresh[`lr_${run.name}`] = run.lr;
    Object.assign(this.settings, fresh);
    this.linkedRuns = null; // a preset's program: a link's runs are not its runs
    this.train.show();
    this.updateBar.refresh();
    this.setMode(mode, false);
  }

  /** What the offline file of the current mode replays. */
  record() {
    const base = {
      mode: this.settings.mode, settings: this.settings, source: this.editor.value,
      optimizers: this.infos,
    };
    return this.settings.mode === "train"
      ? { ...base, train: this.train.record() } : { ...base, race: this.race.record() };
  }
}

/** Whether the graph is f of exactly two scalar inputs (what the race can draw). */
function raceable(model) {
  const inputs = [...(model?.nodes.values() ?? [])].filter((n) => n.kind === "input");
  return inputs.length === 2 && inputs.every((n) => n.shape.length === 0);
}
