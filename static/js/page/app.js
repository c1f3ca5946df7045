// The editor page `/`: editor → API → stage (graph + player) → inspector.
import { errorDetail, fetchExamples } from "chainrule/api.js";
import { CodeTab } from "chainrule/codeview/tab.js";
import { Editor, savedSource } from "chainrule/page/editor.js";
import { markLastGood } from "chainrule/page/lastGood.js";
import { Gallery } from "chainrule/page/gallery.js";
import { Inspector } from "chainrule/inspector/inspector.js";
import { initLanguageSwitch } from "chainrule/i18n/language.js";
import { Panels } from "chainrule/page/panels.js";
import { PresentExplainer } from "chainrule/explain/present.js";
import { PracticeSwitch } from "chainrule/practice/page.js";
import { watchSecrets } from "chainrule/practice/secrets.js";
import { explainedGate, gateRef } from "chainrule/share/share.js";
import { hasExplainer } from "chainrule/explain/explainers.js";
import { ShareBar } from "chainrule/share/sharebar.js";
import { Stage } from "chainrule/player/stage.js";
import { initToggles } from "chainrule/page/theme.js";
import { Learning } from "chainrule/train/learning.js";
import { readParams } from "chainrule/url.js";

const FALLBACK_SOURCE = "x = -2\ny = 5\nz = -4\nq = x + y\nf = q * z";

class App {
  constructor(root) {
    this.root = root;
    this.request = 0;
    this.check = false;
    this.inspector = new Inspector(root.querySelector(".inspector"), {
      onCheck: (on) => this.setCheck(on),
    });
    this.codeTab = new CodeTab(root.querySelector(".inspector")); // NumPy code beside it
    this.stage = new Stage(root.querySelector(".stage"), {
      onSelect: (id) => {
        this.inspector.show(this.stage.model, this.state, id);
        this.panels.inspect();
      },
      onStep: (state) => {
        this.state = state;
        this.inspector.show(this.stage.model, state);
        this.learning?.shown(state); // the update phase's new values
      },
    });
    this.editor = new Editor(root.querySelector(".editor"), {
      onChange: (source) => this.compute(source),
    });
    // mode=graph|train|race: the update phase, the train panel and the optimizer race
    this.learning = new Learning(root, {
      stage: this.stage, editor: this.editor, recompute: () => this.compute(this.editor.value),
    });
    this.shareBar = new ShareBar(root.querySelector(".share"), {
      getView: () => this.view(), stage: this.stage,
    });
    this.panels = new Panels(root, this.stage);
    this.presentExplainer = new PresentExplainer(root, this.stage); // P: a walk-through beside
    watchSecrets(this.stage.root, (secrets) => { // what an open practice question would give away
      this.inspector.hide(secrets);
      this.codeTab.hide(secrets);
    });
    this.practice = new PracticeSwitch(this.stage, {
      source: () => this.root.dataset.graphSource ?? this.editor.value,
      apply: (source) => this.editor.set(source),
    });
    this.gallery = new Gallery(root.querySelector("dialog.gallery"),
      root.querySelector(".gallery-open"), { onPick: (example) => this.pick(example) });
  }

  /** What a share link restores: source, step, theme, palette, present mode, collapsed groups,
   *  the gate whose explainer the inspector shows. */
  view() {
    const html = document.documentElement.dataset;
    return {
      source: this.root.dataset.graphSource ?? this.editor.value,
      step: this.stage.player.pos + 1,
      theme: html.theme, palette: html.palette,
      present: this.root.dataset.present === "true",
      collapsed: this.stage.collapsedIds(),
      explain: this.explained(),
      settings: this.learning.linkSettings(), // mode= and the learning views' settings
      ...this.practice.view(), // practice=grad|value|both, ask=e3,e5
    };
  }

  async start() {
    const asked = readParams();
    this.pendingPos = asked.step === null ? undefined : asked.step - 1; // a shared link's step
    this.stage.collapse(asked.collapsed);
    this.pendingExplain = asked.explain; // ?explain=Y: select that gate once it is drawn
    initToggles(this.root);
    initLanguageSwitch(this.root, () => this.shownStep());
    this.initPresent(asked.present);
    this.practice.start(asked);
    const examples = await fetchExamples().catch(() => []);
    const source = savedSource() ?? examples[0]?.source ?? FALLBACK_SOURCE;
    this.gallery.setExamples(examples, source);
    this.editor.set(source);
  }

  /** The step shown, as ?step= names it, for the reload in the other language (practice starts
   * at its own start; before the first graph the address's step stands). */
  shownStep() {
    if (!this.stage.model || this.practice.view().practice) return {};
    return { step: String(this.stage.player.pos + 1) };
  }

  /** A gallery preset: its source, with the gradient check ticked when the preset asks. */
  pick(example) {
    this.panels.picked(example); // a projector folds the source panel again: the graph's room
    if (example.check && !this.check) {
      this.inspector.checkBox.checked = true;
      this.check = true;
    }
    this.learning.openPreset(example); // its mode, optimizer and settings
    this.pendingPos = -1; // a new program opens at its own start, not at the last one's step
    this.editor.set(example.source);
  }

  /** Ask the API for the graph; stale answers (superseded by newer typing) are dropped. */
  async compute(source) {
    const id = ++this.request;
    this.root.dataset.busy = "true";
    try {
      const data = await this.learning.fetchGraph(source, {
        check: this.check, code: this.codeTab.open,
      });
      if (id !== this.request) return;
      this.stage.load(data, this.pendingPos);
      markLastGood(this.stage.root, false);
      this.pendingPos = undefined;
      this.openExplained();
      this.root.dataset.graphSource = source;
      this.codeTab.setDocument(data, source);
      this.learning.loaded(source);
    } catch (error) {
      if (id !== this.request) return;
      this.editor.showError(errorDetail(error));
      markLastGood(this.stage.root, Boolean(this.stage.model)); // the graph is not this source's
    } finally {
      if (id === this.request) delete this.root.dataset.busy;
    }
  }

  /** The gate `explain=` asked for, selected (its explainer in the inspector) if it has one. */
  openExplained() {
    const id = explainedGate(this.stage.model, this.pendingExplain);
    this.pendingExplain = null;
    if (hasExplainer(this.stage.model.nodes.get(id))) this.stage.view.select(id);
  }

  /** The selected gate as `explain=` names it, when the inspector shows its explainer. */
  explained() {
    const id = this.inspector.nodeId;
    const walked = id && !this.inspector.hidden("walkthroughs", id);
    return walked && hasExplainer(this.stage.model.nodes.get(id))
      ? gateRef(this.stage.model, id) : null;
  }

  /** Present mode hides editor and inspector; button or the P key (outside the editor). */
  initPresent(initially = false) {
    const button = this.root.querySelector("[data-present]");
    const toggle = () => {
      const on = this.root.dataset.present !== "true";
      this.root.dataset.present = String(on);
      button.setAttribute("aria-pressed", String(on));
    };
    if (initially) toggle();
    button.addEventListener("click", toggle);
    document.addEventListener("keydown", (event) => {
      const typing = event.target.closest?.("textarea, input, select");
      if (event.key.toLowerCase() === "p" && !typing && !event.ctrlKey && !event.metaKey) toggle();
    });
  }

  setCheck(on) {
    this.check = on;
    this.inspector.show(this.stage.model, this.state);
    if (on) this.compute(this.editor.value);
  }
}

const root = document.querySelector("[data-app]");
if (root) {
  window.chainrule = new App(root);
  window.chainrule.start();
}
