// Present mode (P, "발표") hides the editor and the inspector; a picked gate's walk-through then
// shows in the inspector's place beside the graph (explain.css: data-explaining on the app), the
// graph keeping most of the stage. × or Escape shuts it: the gate is unpicked and the graph has
// its whole stage again. An `explain=` link in present mode opens the same way.

const WALKTHROUGH = ":scope > .row ~ .explain:not(.explain-vanish)"; // a picked gate's own one

export class PresentExplainer {
  /** `root`: the page's [data-app]; `stage`: its Stage. */
  constructor(root, stage) {
    this.root = root;
    this.stage = stage;
    this.body = root.querySelector(".inspector-body");
    new MutationObserver(() => this.sync()).observe(this.body, { childList: true });
    new MutationObserver(() => this.sync()).observe(root, { attributeFilter: ["data-present"] });
    root.querySelector(".sheet-close").addEventListener("click", () => this.close());
    document.addEventListener("keydown", (event) => this.key(event), true); // before panels.js
    this.sync();
  }

  /** Whether the stage shows a walk-through beside the graph now. */
  get open() {
    return this.root.dataset.explaining === "true";
  }

  /** Mark the app while present mode has a walk-through to show; the graph refits to its room. */
  sync() {
    const present = this.root.dataset.present === "true";
    const shown = present && Boolean(this.body.querySelector(WALKTHROUGH));
    if (shown === this.open) return;
    if (shown) this.root.dataset.explaining = "true";
    else delete this.root.dataset.explaining;
    this.stage.view.readable = shown; // a projector's back row reads the numbers, cut if need be
    this.stage.refit();
  }

  /** Unpick the gate (its walk-through goes, the layout with it) and give the keys to the graph. */
  close() {
    if (!this.open) return;
    this.stage.view.select(null);
    this.stage.view.svg.node().focus({ preventScroll: true });
  }

  /** Escape shuts the walk-through, unless it is meant for an open menu or export list. */
  key(event) {
    if (event.key !== "Escape" || !this.open) return;
    const other = event.target.closest?.("details[open], .share-out");
    if (other || this.root.dataset.menu === "open") return;
    this.close();
  }
}
