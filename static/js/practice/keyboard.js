// A phone's keyboard over practice. While an answer box has the focus and the keyboard leaves the
// page a short strip (the visual viewport: some browsers shrink the window with it, others, as
// iOS does, only the visual viewport, and scroll), the graph's box with its card is pinned to
// that strip, so the box, its question and the newest hint stay in sight; what students do not
// need while typing (player, optimizer row, switch, fit button, the card's foot) gives way.
const TOUCH = matchMedia("(pointer: coarse)");
const SHORT = 640; // px: a visual viewport shorter than this has no room for the whole page
const SHRUNK = 0.8; // …nor one shrunk below this share of the tallest seen (a keyboard opened)

export class KeyboardRoom {
  /** `stage`: the Stage (its root gets data-keyboard); `layer`: the AnswerLayer's element. */
  constructor(stage, layer, onChange = () => {}) {
    Object.assign(this, { root: stage.root, layer, onChange, open: false });
    this.wrap = stage.root.querySelector(".graph-wrap");
    this.viewport = window.visualViewport ?? null;
    this.tallest = this.height();
    this.check = () => this.update();
    this.later = () => requestAnimationFrame(this.check); // focus moving box to box: no flicker
    this.viewport?.addEventListener("resize", this.check);
    this.viewport?.addEventListener("scroll", this.check);
    window.addEventListener("resize", this.check);
    layer.addEventListener("focusin", this.check);
    layer.addEventListener("focusout", this.later);
  }

  remove() {
    this.viewport?.removeEventListener("resize", this.check);
    this.viewport?.removeEventListener("scroll", this.check);
    window.removeEventListener("resize", this.check);
    this.layer.removeEventListener("focusin", this.check);
    this.layer.removeEventListener("focusout", this.later);
    this.set(false);
  }

  height() {
    return this.viewport?.height ?? window.innerHeight;
  }

  /** Open when a box is focused on a touch screen and the visible strip is short. */
  update() {
    const height = this.height();
    const focused = this.layer.contains(document.activeElement);
    if (!focused) this.tallest = Math.max(this.tallest, height);
    const short = height < SHORT || height < SHRUNK * this.tallest;
    this.set(TOUCH.matches && focused && short);
  }

  set(open) {
    if (open) {
      this.wrap.style.setProperty("--keyboard-top", `${this.viewport?.offsetTop ?? 0}px`);
      this.wrap.style.setProperty("--keyboard-height", `${this.height()}px`);
      this.root.dataset.keyboard = "open";
    } else {
      delete this.root.dataset.keyboard;
      this.wrap.style.removeProperty("--keyboard-top");
      this.wrap.style.removeProperty("--keyboard-height");
    }
    if (open !== this.open) {
      this.open = open;
      this.onChange(open);
    }
  }
}
