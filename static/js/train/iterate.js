// The update phase on the graph page: an optimizer picker above the player; with an optimizer
// the steps end with 갱신/update, and "next iteration" shows iteration k + 1 — forward and
// backward at the parameters after k updates, then update k + 1.
//
// Iteration 1 is POST /api/graph with the optimizer. Iteration k + 1 is POST /api/train with
// steps = k: its `final` is the graph at p_k whose update steps are the optimizer's next step,
// with the optimizer's state (momentum's v, AdaGrad's h, Adam's m and v) carried through all k
// updates. Rewriting the inputs' values in the source would lose that state, so the source stays
// as the lecturer wrote it.
import { fetchGraph, fetchTrain } from "chainrule/api.js";
import { fmt } from "chainrule/graph/format.js";
import { t } from "chainrule/i18n/i18n.js";
import { OptimizerPicker, field } from "chainrule/train/picker.js";
import { optimizerSpec } from "chainrule/train/state.js";

export class UpdateBar {
  /** `settings`: the URL table's values (changed in place); `onChange(reset)` asks for a new graph. */
  constructor(stageRoot, infos, { settings, onChange }) {
    this.settings = settings;
    this.onChange = onChange;
    this.history = [];
    this.root = document.createElement("div");
    this.root.className = "update-bar";
    this.root.setAttribute("role", "group");
    this.root.setAttribute("aria-label", t("update.label"));
    const pickerBox = document.createElement("div");
    this.picker = new OptimizerPicker(pickerBox, infos, {
      allowNone: true, formula: false, onChange: (part) => this.set({ ...part, iter: 1 }),
    });
    this.root.append(pickerBox, this.paramsField(), this.iterationControls());
    stageRoot.querySelector(".player").before(this.root);
    this.picker.set(settings);
    this.sync();
  }

  paramsField() {
    this.params = document.createElement("input");
    this.params.type = "text";
    this.params.spellcheck = false;
    this.params.placeholder = t("update.params_all");
    this.params.value = this.settings.params.join(", ");
    this.params.addEventListener("change", () => {
      const names = this.params.value.split(/[\s,]+/).filter(Boolean);
      this.set({ params: names, iter: 1 });
    });
    this.paramsBox = field("update-params", t("update.params"), this.params);
    return this.paramsBox;
  }

  iterationControls() {
    const box = document.createElement("div");
    box.className = "iteration";
    this.prevButton = button("prev-iteration", t("update.prev"), "‹");
    this.nextButton = button("next-iteration", t("update.next"), `${t("update.next")} ›`);
    this.label = document.createElement("span");
    this.label.className = "iteration-label";
    this.label.setAttribute("aria-live", "polite");
    this.historyEl = document.createElement("span");
    this.historyEl.className = "iteration-history";
    this.prevButton.addEventListener("click", () => this.set({ iter: this.settings.iter - 1 }));
    this.nextButton.addEventListener("click", () => this.set({ iter: this.settings.iter + 1 }));
    box.append(this.prevButton, this.label, this.nextButton, this.historyEl);
    this.iterationBox = box;
    return box;
  }

  /** Settings changed here: show them, and ask for the graph of the (new) iteration. */
  set(part) {
    Object.assign(this.settings, part);
    this.settings.iter = Math.max(1, this.settings.iter);
    this.sync();
    this.onChange();
  }

  /** Settings changed elsewhere (a preset, the train panel's picker). */
  refresh() {
    this.picker.set(this.settings);
    this.params.value = this.settings.params.join(", ");
    this.sync();
  }

  sync() {
    const on = Boolean(this.settings.opt);
    this.root.dataset.optimizer = on ? "on" : "off";
    this.paramsBox.hidden = !on;
    this.iterationBox.hidden = !on;
    this.label.textContent = t("update.iteration", { k: this.settings.iter });
    this.prevButton.disabled = this.settings.iter <= 1;
  }

  /** The graph document of the current iteration (`options` as fetchGraph takes them; later
   * iterations come from /api/train, without the gradient check and the code view). */
  async fetch(source, options = {}) {
    const optimizer = optimizerSpec(this.settings);
    const params = this.settings.params.length ? this.settings.params : null;
    if (!optimizer) return fetchGraph(source, options);
    const k = this.settings.iter - 1;
    if (k === 0) {
      const doc = await fetchGraph(source, { ...options, optimizer, params });
      this.showHistory(doc, []);
      return doc;
    }
    const run = await fetchTrain({ source, optimizer, params, steps: k });
    this.showHistory(run.final, run.loss);
    return run.final;
  }

  /** The output at each iteration so far, from the earlier ones' losses and this graph:
   * "f: 0.73 → 0.75 → 0.77" (the first and the last three). */
  showHistory(doc, earlier) {
    const output = doc.nodes.find((n) => n.id === doc.output);
    const values = [...earlier, output?.value];
    this.history = values;
    const shown = values.length > 4 ? [values[0], "…", ...values.slice(-3)] : values;
    this.historyEl.textContent = t("update.history", {
      name: output?.symbol ?? output?.name ?? "f",
      values: shown.map((v) => (v === "…" ? v : fmt(v))).join(" → "),
    });
    this.historyEl.title = values.map(fmt).join(" → ");
  }

  /** The player reached the last step: "next iteration" is the thing to press. */
  atEnd(yes) {
    this.nextButton.classList.toggle("ready", yes);
  }
}

function button(action, label, text) {
  const el = document.createElement("button");
  el.type = "button";
  el.dataset.update = action;
  el.title = label;
  el.setAttribute("aria-label", label);
  el.textContent = text;
  return el;
}
