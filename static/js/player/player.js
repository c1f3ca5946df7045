// Step player: buttons, speed, keyboard and a play timer over the API's `steps`.
// Owns only the position; whoever listens to `onChange` redraws.
import { t } from "chainrule/i18n/i18n.js";

export class Player {
  constructor(root, { onChange = () => {} } = {}) {
    this.root = root;
    this.onChange = onChange;
    this.count = 0;
    this.pos = -1;
    this.timer = null;
    this.speed = 1; // steps per second
    root.addEventListener("click", (event) => this.handleClick(event));
    root.querySelector("[data-speed]")?.addEventListener("change", (event) => {
      this.speed = Number(event.target.value);
      if (this.playing) this.restartTimer();
    });
  }

  get playing() {
    return this.timer !== null;
  }

  /** Milliseconds a step's pulse may take at the current speed. */
  get pulseDuration() {
    return Math.min(600, 800 / this.speed);
  }

  get last() {
    return this.count - 1;
  }

  /** New steps; keeps the position (clamped), or the end if the player was at the end; a given
   * `pos` wins (a newly loaded program opens at its own start, or a link's step). */
  load(count, pos = null) {
    const keep = this.count > 0 && this.pos === this.last ? count - 1 : this.pos;
    this.count = count;
    this.go(Math.min(pos ?? keep, this.last), { animate: false });
  }

  go(pos, { animate = true } = {}) {
    this.pos = Math.max(-1, Math.min(pos, this.last));
    if (this.pos === this.last) this.pause();
    this.syncButtons();
    this.onChange(this.pos, animate);
  }

  next() { this.go(this.pos + 1); }
  prev() { this.go(this.pos - 1, { animate: false }); }
  first() { this.go(-1, { animate: false }); }
  end() { this.go(this.last, { animate: false }); }

  toggle() {
    if (this.playing) return this.pause();
    if (this.pos === this.last) this.go(-1, { animate: false });
    this.restartTimer();
    this.syncButtons();
  }

  restartTimer() {
    clearInterval(this.timer);
    this.timer = setInterval(() => this.next(), 1000 / this.speed);
    this.next();
  }

  pause() {
    clearInterval(this.timer);
    this.timer = null;
    this.syncButtons();
  }

  handleClick(event) {
    const action = event.target.closest("[data-action]")?.dataset.action;
    const actions = {
      first: () => this.first(), prev: () => this.prev(), play: () => this.toggle(),
      next: () => this.next(), last: () => this.end(),
    };
    actions[action]?.();
  }

  /** Keyboard: ←/→ step, space plays, Home/End jump; ignored while typing. */
  handleKey(event) {
    if (event.target.closest?.("textarea, input, select, [contenteditable]")) return;
    if (event.key === " " && event.target.closest?.("button")) return; // the button's own click
    const keys = {
      ArrowRight: () => this.next(), ArrowLeft: () => this.prev(), " ": () => this.toggle(),
      Home: () => this.first(), End: () => this.end(),
    };
    if (!keys[event.key] || event.ctrlKey || event.metaKey || event.altKey) return;
    event.preventDefault();
    keys[event.key]();
  }

  syncButtons() {
    const play = this.root.querySelector('[data-action="play"]');
    if (play) {
      play.textContent = this.playing ? "❚❚" : "▶";
      play.title = t(this.playing ? "player.pause" : "player.play");
      play.setAttribute("aria-label", play.title);
      play.setAttribute("aria-pressed", String(this.playing));
    }
    this.root.querySelector('[data-action="first"]').disabled = this.pos < 0;
    this.root.querySelector('[data-action="prev"]').disabled = this.pos < 0;
    this.root.querySelector('[data-action="next"]').disabled = this.pos >= this.last;
    this.root.querySelector('[data-action="last"]').disabled = this.pos >= this.last;
  }
}
