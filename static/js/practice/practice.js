// Practice mode (`practice=grad|value|both`): students fill in the numbers themselves. Ties the
// questions, the answer boxes, the hint ladder, the score and the card to a Stage through its
// hooks: the player stops at each asked step, and nothing on the page gives an open answer away.
import { chips, toggled } from "chainrule/practice/author.js";
import { AnswerLayer, withRoom } from "chainrule/practice/boxes.js";
import { Card } from "chainrule/practice/card.js";
import { judge } from "chainrule/practice/judge.js";
import { KeyboardRoom } from "chainrule/practice/keyboard.js";
import { rankFeedback } from "chainrule/practice/shapes.js";
import { rungs, shapeRungs } from "chainrule/practice/hints.js";
import { filterState, isDone, questions } from "chainrule/practice/questions.js";
import { Round, score } from "chainrule/practice/score.js";
import { publish, secrets, secretsKey } from "chainrule/practice/secrets.js";

const TOUCH = matchMedia("(pointer: coarse)");
const DEFAULT_HOOKS = { view: (m) => m, built: () => {}, state: (s) => s, shown: () => {} };

export class Practice {
  /**
   * `kind`: "grad" | "value" | "both"; `ask`: edge ids, or null for every askable edge;
   * `draw(seed)`: loads new input numbers → the seed used (absent: no button); when it throws
   *   or gives null, the numbers stay;
   * `authoring`: offer the author view; `keepStep`: the first graph keeps a link's step;
   * `note`: a line for the card (the offline file without new numbers says so).
   */
  constructor(stage, {
    kind, ask = null, draw = null, authoring = false, keepStep = false, note = "",
  }) {
    Object.assign(this, { stage, kind, draw, keepStep, model: null, list: [], author: false });
    this.ask = ask?.length ? new Set(ask) : null;
    this.progress = new Map(); // question id → state, of this.round
    this.selected = null;
    this.layer = new AnswerLayer(stage, {
      focus: (q) => this.select(q), enter: (q) => this.check(q),
      input: (q) => this.card.feedback(null), chip: (id) => this.toggleAsk(id),
    });
    this.card = new Card(stage, (name) => this.action(name), {
      numbers: Boolean(draw), authoring, note,
    });
    this.keyboard = new KeyboardRoom(stage, this.layer.el, () => this.card.showNewest());
    stage.root.dataset.practice = kind;
    Object.assign(stage.hooks, {
      view: (view) => withRoom(stage.model, view, this.kind),
      built: () => this.built(),
      // the lecturer's author view shows every number; students see only what is answered
      state: (s) => (this.author ? s : filterState(stage.model, this.list, this.progress, s)),
      shown: (s) => this.shown(s),
    });
    if (stage.model) this.redrawStage(true);
  }

  /** Practice off: the stage draws as before. */
  destroy() {
    Object.assign(this.stage.hooks, DEFAULT_HOOKS);
    publish(this.stage.root, null);
    this.keyboard.remove();
    this.layer.remove();
    this.card.remove();
    delete this.stage.root.dataset.practice;
    if (this.stage.model) this.redrawStage(true);
  }

  /** The edges asked, for links (`ask=e3,e5`); null when every askable edge is. */
  askedIds() {
    return this.ask ? [...this.ask] : null;
  }

  redrawStage(rebuild = false) {
    if (rebuild) this.stage.buildView();
    this.stage.show(this.stage.player.pos, false);
  }

  built() {
    if (this.stage.model !== this.model) this.loadModel(this.stage.model);
    this.list = questions(this.model, this.stage.viewModel, this.kind, this.ask);
    if (this.selected) this.selected = this.list.find((q) => q.id === this.selected.id) ?? null;
    this.layer.render(this.list, this.progress, { author: this.author, chips: this.chips() });
    this.showCard();
    this.publish();
  }

  /** Tell the inspector and the code views what the open questions hide (secrets.js). */
  publish() {
    const value = this.author ? null : secrets(this.model, this.list, this.progress);
    const key = secretsKey(value);
    if (key === this.sentKey && this.model === this.sentModel) return;
    Object.assign(this, { sentKey: key, sentModel: this.model });
    publish(this.stage.root, value);
  }

  /** A new graph: its saved progress when the numbers are the same, else a fresh round. */
  loadModel(model) {
    this.restart = !(this.model === null && this.keepStep);
    this.model = model;
    this.round = new Round(model, this.kind);
    this.progress = this.round.progress;
    this.selected = null;
  }

  /** The step just before the first open question (the player's start in practice). */
  startPos() {
    const open = this.list.filter((q) => !isDone(this.progress, q));
    return open.length ? Math.min(...open.map((q) => q.step)) - 1 : this.stage.player.last;
  }

  shown(state) {
    const player = this.stage.player;
    if (this.restart) {
      this.restart = false;
      if (this.startPos() !== state.pos) return player.go(this.startPos(), { animate: false });
    }
    const due = this.list.filter((q) => q.step === state.pos && !isDone(this.progress, q));
    this.due = new Set(due.map((q) => q.id));
    if (due.length && player.playing) {
      player.pause();
      this.stopped = state.pos;
      if (!TOUCH.matches) this.layer.focus(due[0]);
    }
    if (due.length && !this.due.has(this.selected?.id)) this.select(due[0]);
    else this.layer.highlight(this.due, this.selected);
  }

  select(q) {
    if (q?.id !== this.selected?.id) this.card.feedback(null); // a verdict is its question's
    this.selected = q;
    this.layer.highlight(this.due ?? new Set(), q);
    this.showCard();
    if (q) this.layer.reveal(q, 250);
  }

  /** Check what was typed for `q` (Enter or the check button). */
  check(q = this.selected) {
    if (!q || isDone(this.progress, q)) return;
    const state = this.round.state(q);
    const verdict = judge(q, state, this.layer.typed(q));
    this.layer.mark(q, verdict.cells);
    if (verdict.result === "empty") return this.card.feedback("empty");
    if (verdict.result === "wrong" || verdict.result === "rank") {
      state.tries += 1;
      this.round.save();
      this.layer.shake(q);
      return this.card.feedback(verdict.result, verdict.result === "rank" ? rankFeedback(q) : null);
    }
    if (verdict.result === "shape") {
      state.shape = true;
      this.round.save();
      this.layer.update(q);
      this.layer.focus(q);
      return this.card.feedback("shape");
    }
    state.status = "right";
    this.answered(q, "right");
  }

  /** `q` is done (right or revealed): show it, score it, and go on. */
  answered(q, feedback) {
    const hadFocus = this.layer.el.contains(document.activeElement);
    this.round.finish(this.list);
    this.round.save();
    this.publish();
    this.layer.update(q);
    if (feedback === "right") this.layer.flash(q);
    this.redrawStage();
    this.showCard();
    this.card.feedback(feedback);
    const next = this.list.find((o) => !isDone(this.progress, o) && o.step >= q.step)
      ?? this.list.find((o) => !isDone(this.progress, o));
    const player = this.stage.player;
    if (this.stopped === player.pos && !this.due.size && player.pos < player.last) {
      this.stopped = null;
      player.toggle(); // the player walks on to the next asked step
    } else if (next && hadFocus && feedback === "right") {
      this.layer.focus(next); // keyboard and phone keyboard: on to the next box
    }
  }

  /** The next rung of the hint ladder for the selected question. */
  hint(q = this.selected) {
    if (!q || isDone(this.progress, q)) return;
    const state = this.round.state(q);
    const shape = q.mode !== "scalar" && !state.shape;
    const key = shape ? "shapeHints" : "hints";
    const ladder = this.ladder(q, shape);
    state[key] = Math.min((state[key] ?? 0) + 1, ladder.length);
    if (ladder[state[key] - 1].kind !== "reveal") {
      this.round.save();
      this.publish(); // the formula and the code line come with rung 2
      return this.showCard();
    }
    if (shape) {
      const hadFocus = this.layer.el.contains(document.activeElement);
      state.shape = true;
      this.round.save();
      this.layer.update(q);
      if (hadFocus) this.layer.focus(q); // the new boxes take the focus: the keyboard stays
      this.card.feedback(null); // a verdict on the shape is done with
      return this.showCard();
    }
    state.status = "revealed";
    this.answered(q, "revealed");
  }

  /** The hint ladder of `q`: its shape's while that is asked, else its number's. */
  ladder(q, shape) {
    return shape ? shapeRungs(this.model, q) : rungs(this.model, this.stage.viewModel, q);
  }

  showCard() {
    const q = this.selected;
    const state = q ? this.progress.get(q.id) ?? {} : {};
    const shape = q && q.mode !== "scalar" && !state.shape;
    const ladder = q ? this.ladder(q, shape) : [];
    const opened = ladder.slice(0, shape ? state.shapeHints ?? 0 : state.hints ?? 0);
    this.card.show({ q, state, shape, opened, ladder, score: score(this.list, this.progress),
      rounds: this.round?.saved.rounds ?? 0, author: this.author, asked: this.list.length });
  }

  action(name) {
    const focused = this.layer.el.contains(document.activeElement) ? document.activeElement : null;
    const actions = {
      check: () => this.check(), hint: () => this.hint(), numbers: () => this.newNumbers(),
      reset: () => this.reset(), author: () => this.setAuthor(!this.author),
      sign: () => this.layer.flipSign(focused ?? this.layer.inputs(this.selected ?? {})[0]),
    };
    actions[name]?.();
  }

  reset() {
    this.round.clear();
    this.selected = null;
    this.restart = true;
    this.redrawStage(true);
  }

  /** Draw new input numbers (same graph); the old numbers stay when no draw works. */
  async newNumbers() {
    if (!this.draw || this.drawing) return;
    this.drawing = true;
    this.card.feedback("drawing");
    const seed = await this.draw(this.round.saved.seed).catch(() => null);
    this.drawing = false;
    if (seed === null) return this.card.feedback("numbers_failed");
    this.round.drew(seed); // the new graph's round keeps the next seed
    this.card.feedback("numbers");
  }

  setAuthor(on) {
    this.author = on;
    this.stage.root.dataset.practiceAuthor = String(on);
    this.built();
    this.redrawStage(); // the author sees every number; a student's view hides them again
  }

  /** The author's chips: every askable edge of this view, asked or not. */
  chips() {
    return this.author ? chips(this.model, this.stage.viewModel, this.kind, this.ask) : [];
  }

  toggleAsk(edge) {
    this.ask = toggled(this.ask, this.chips().map((c) => c.edge), edge);
    this.built();
    this.layer.focusChip(edge);
  }
}
