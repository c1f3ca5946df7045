// The stage: graph view + player + progress label + caption, shared by `/` and `/embed`.
import { layoutGraph, layoutLater, layoutTakesLong } from "chainrule/graph/layout.js";
import { collapseModel, collapsedState } from "chainrule/graph/groups.js";
import { t } from "chainrule/i18n/i18n.js";
import { buildModel, progress, stateAt, stepKind } from "chainrule/graph/model.js";
import { Player } from "chainrule/player/player.js";
import { GraphView } from "chainrule/graph/render.js";
import { enableSwipe } from "chainrule/player/swipe.js";
import { renderTex } from "chainrule/graph/tex.js";

const NOTE_MS = 150; // a layout in the worker taking longer than this shows "laying out…"
const LOADED = "chainrule:graph"; // on the stage's root, with each graph response it shows

/** Call `onLoad(data)` with each graph response the stage at `root` shows from now on (practice's
 * new numbers load another one: the offline file's code view follows it). */
export function watchGraph(root, onLoad) {
  root.addEventListener(LOADED, (event) => onLoad(event.detail));
}

export class Stage {
  constructor(root, { onSelect = () => {}, onStep = () => {}, fitWhole = false } = {}) {
    this.root = root;
    this.onStep = onStep;
    this.view = new GraphView(root.querySelector("svg.graph"), {
      onSelect, onToggleGroup: (gid) => this.toggleGroup(gid), fitWhole,
    });
    this.collapsed = new Set();
    this.player = new Player(root.querySelector(".player"), {
      onChange: (pos, animate) => this.show(pos, animate),
    });
    enableSwipe(this.view, this.player);
    this.progressEl = root.querySelector(".progress");
    this.captionEl = root.querySelector(".caption");
    this.model = null;
    this.fitted = false;
    this.layouts = 0; // layouts asked for; a worker's answer to an older one is dropped
    // Extensions (practice mode): mark the view model before layout, see what was built,
    // filter what a player state reveals, and hear each step shown.
    this.hooks = { view: (m) => m, built: () => {}, state: (s) => s, shown: () => {} };
    document.addEventListener("keydown", (event) => this.model && this.player.handleKey(event));
    root.querySelector('[data-action="fit"]')?.addEventListener("click", () => this.view.toggleFit());
    // A new window (rotation, resize) fits the graph again; the stage's own rows changing its
    // height (a longer caption) only settle it: a cut graph does not jump to centre the gate.
    window.addEventListener("resize", () => this.refit());
    new ResizeObserver(() => this.fitted && this.view.settle()).observe(this.view.svg.node());
  }

  /** Show a new graph response; the player keeps its position where it can. */
  load(data, pos) {
    performance.mark("chainrule:load"); // bench/layout_bench.py: load → drawn
    const shapeChanged = !this.model || this.model.nodes.size !== data.nodes.length;
    this.model = buildModel(data);
    this.collapse(this.collapsed);
    const fit = shapeChanged || !this.fitted ? 0 : null;
    this.buildView({ fit });
    this.player.load(this.model.steps.length, pos);
    if (this.drawn) this.shown(fit);
    this.root.dispatchEvent(new CustomEvent(LOADED, { detail: data }));
  }

  /** Fit the graph to its window again (the window or a panel beside it changed). */
  refit() {
    if (this.fitted) this.view.refit();
  }

  /** Set the collapsed groups (kept to those the graph has; before or after a load). */
  collapse(ids) {
    const known = this.model && new Set(this.model.groups.map((g) => g.id));
    this.collapsed = new Set([...ids].filter((g) => !known || known.has(g)));
    this.root.dataset.collapsed = this.collapsedIds().join(" ");
  }

  /** The collapsed groups in the graph's order (for links). */
  collapsedIds() {
    const order = this.model?.groups.map((g) => g.id) ?? [];
    return [...this.collapsed].sort((a, b) => order.indexOf(a) - order.indexOf(b));
  }

  /**
   * Lay out and draw the model with the collapsed groups folded into single gates. A big graph
   * is laid out in a worker: the page stays live, the old drawing dimmed under "laying out…",
   * and the new one is drawn at the step the player is then at, fitted when `fit` is a duration.
   */
  buildView({ fit = null } = {}) {
    this.viewModel = this.hooks.view(collapseModel(this.model, this.collapsed));
    const ticket = ++this.layouts;
    const viewModel = this.viewModel;
    if (!layoutTakesLong(viewModel)) {
      this.view.build(viewModel, layoutGraph(viewModel));
      this.hooks.built();
      this.showLayingOut(0); // a big graph's layout asked before this one is dropped
      return;
    }
    this.showLayingOut(viewModel.nodes.size);
    this.root.dataset.ready = "false"; // the drawing is not this graph's until the worker answers
    layoutLater(viewModel).then((layout) => {
      if (ticket !== this.layouts) return; // a newer graph or grouping was asked for meanwhile
      this.view.build(viewModel, layout);
      this.hooks.built();
      this.showLayingOut(0);
      this.show(this.player.pos, false);
      this.shown(fit);
    });
  }

  /** Whether the view shows the current model (not while its layout is in the worker). */
  get drawn() {
    return this.viewModel !== undefined && this.view.model === this.viewModel;
  }

  /** The new drawing is on screen: fit it when asked (a duration) or never fitted; ready. */
  shown(fit) {
    if (fit !== null || !this.fitted) this.view.fit(fit ?? 0);
    this.fitted = true;
    this.root.dataset.ready = "true";
    performance.mark("chainrule:drawn");
  }

  /**
   * data-layout="pending" while a layout is in the worker (0: none); past NOTE_MS, "slow": the
   * old drawing dimmed under a "laying out N gates…" note (a quick one does not flash it).
   */
  showLayingOut(count) {
    clearTimeout(this.noteTimer);
    let note = this.root.querySelector(".laying-out");
    if (note) note.hidden = true;
    if (!count) {
      delete this.root.dataset.layout;
      return;
    }
    this.root.dataset.layout = "pending";
    this.noteTimer = setTimeout(() => {
      if (!note) {
        note = document.createElement("p");
        note.className = "laying-out";
        note.setAttribute("role", "status");
        this.root.querySelector(".graph-wrap").append(note);
      }
      note.textContent = t("stage.laying_out", { count });
      note.hidden = false;
      this.root.dataset.layout = "slow";
    }, NOTE_MS);
  }

  /** Collapse an expanded group (or expand a collapsed one); the step stays. */
  toggleGroup(gid) {
    if (!this.collapsed.delete(gid)) this.collapsed.add(gid);
    this.collapse(this.collapsed);
    this.buildView({ fit: 300 });
    if (this.drawn) this.view.fit(300);
    this.show(this.player.pos, false);
  }

  /** Draw the graph as it is after steps[0..pos] (no caption, no events): for exports. */
  draw(pos) {
    const state = this.hooks.state(stateAt(this.model, pos));
    this.view.update(collapsedState(this.viewModel, state));
    return state;
  }

  show(pos, animate) {
    if (!this.model) return;
    const drawn = this.drawn;
    const state = drawn ? this.draw(pos) : this.hooks.state(stateAt(this.model, pos));
    if (drawn) this.view.reveal(animate ? this.player.pulseDuration : 0);
    if (drawn && animate) this.view.pulse(this.view.state.current, this.player.pulseDuration);
    this.showProgress(pos);
    this.showCaption(state.current);
    this.root.dataset.pos = String(pos);
    this.onStep(state);
    this.hooks.shown(state);
  }

  showProgress(pos) {
    const p = progress(this.model, pos);
    this.progressEl.textContent = t(`player.progress_${p.phase}`, p);
    this.progressEl.dataset.phase = p.phase;
  }

  showCaption(step) {
    if (!step) {
      this.captionEl.classList.add("tex-fallback");
      this.captionEl.textContent = t("player.hint");
      return;
    }
    // A header names the step's words (backward: upstream gradient × local gradient), then TeX.
    const head = document.createElement("div");
    head.className = "caption-head";
    head.textContent = t(`caption.${stepKind(this.model, step)}`);
    const body = document.createElement("div");
    body.className = "caption-body";
    this.captionEl.classList.remove("tex-fallback");
    this.captionEl.replaceChildren(head, body);
    renderTex(body, step.tex, step.text);
  }
}
