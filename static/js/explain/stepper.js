// Steps a window through the cells of an output: ← → and ▶/❚❚ buttons, ←/→/space/Home/End on
// the focused control group (kept from the graph's own player), a "cell 3 of 9" counter.
import { t } from "chainrule/i18n/i18n.js";

const TICK_MS = 900;

export class Stepper {
  /** `count` cells; `onMove(index)` redraws. */
  constructor(count, onMove) {
    this.count = count;
    this.onMove = onMove;
    this.pos = 0;
    this.timer = null;
    this.el = document.createElement("div");
    this.el.className = "xstepper";
    this.el.tabIndex = 0;
    this.el.setAttribute("role", "group");
    this.el.setAttribute("aria-label", t("explain.stepper"));
    this.prevButton = this.button("←", "explain.prev", () => this.go(this.pos - 1));
    this.playButton = this.button("▶", "explain.play", () => this.toggle());
    this.nextButton = this.button("→", "explain.next", () => this.go(this.pos + 1));
    this.counter = document.createElement("span");
    this.counter.className = "xcounter";
    this.counter.setAttribute("aria-live", "polite");
    this.el.append(this.prevButton, this.playButton, this.nextButton, this.counter);
    this.el.addEventListener("keydown", (event) => this.key(event));
  }

  button(symbol, id, action) {
    const b = document.createElement("button");
    b.type = "button";
    b.textContent = symbol;
    b.title = t(id);
    b.setAttribute("aria-label", t(id));
    b.dataset.step = id.split(".").pop();
    b.addEventListener("click", action);
    return b;
  }

  go(pos) {
    this.pos = Math.max(0, Math.min(pos, this.count - 1));
    if (this.pos === this.count - 1) this.pause();
    this.prevButton.disabled = this.pos === 0;
    this.nextButton.disabled = this.pos === this.count - 1;
    this.counter.textContent = t("explain.cell", { index: this.pos + 1, count: this.count });
    this.onMove(this.pos);
  }

  toggle() {
    if (this.timer) return this.pause();
    if (this.pos === this.count - 1) this.go(0);
    this.timer = setInterval(() => {
      if (!this.el.isConnected) return this.pause();
      this.go(this.pos + 1);
    }, TICK_MS);
    this.syncPlay();
  }

  pause() {
    clearInterval(this.timer);
    this.timer = null;
    this.syncPlay();
  }

  syncPlay() {
    const id = this.timer ? "explain.pause" : "explain.play";
    this.playButton.textContent = this.timer ? "❚❚" : "▶";
    this.playButton.title = t(id);
    this.playButton.setAttribute("aria-label", t(id));
    this.playButton.setAttribute("aria-pressed", String(Boolean(this.timer)));
  }

  /** The window's own keys; they do not reach the graph's player while the group has focus. */
  key(event) {
    const keys = {
      ArrowRight: () => this.go(this.pos + 1), ArrowLeft: () => this.go(this.pos - 1),
      " ": () => this.toggle(), Home: () => this.go(0), End: () => this.go(this.count - 1),
    };
    if (!keys[event.key] || event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key === " " && event.target !== this.el) return; // a button's own click
    event.preventDefault();
    event.stopPropagation();
    keys[event.key]();
  }
}
