// The practice card under the graph: the selected question, the verdict, the hint ladder's open
// rungs, the score, and the buttons (± for keyboards without a minus, check, hint, new numbers,
// start again, and the lecturer's author view). Buttons keep the focus in the answer box, so a
// phone's keyboard stays open.
import { shapeText } from "chainrule/graph/format.js";
import { t } from "chainrule/i18n/i18n.js";
import { shown } from "chainrule/practice/answers.js";
import { at } from "chainrule/practice/questions.js";
import { renderTex } from "chainrule/graph/tex.js";
import { shapeQuestion } from "chainrule/practice/shapes.js";

const FEEDBACK = {
  right: "practice.right", wrong: "practice.wrong", empty: "practice.empty",
  shape: "practice.shape_right", revealed: "practice.revealed", drawing: "practice.drawing",
  numbers: "practice.numbers_done", numbers_failed: "practice.numbers_failed",
};

function element(tag, className, text = "") {
  const el = document.createElement(tag);
  el.className = className;
  el.textContent = text;
  return el;
}

function button(action, text, title = "") {
  const b = element("button", `practice-${action}`, text);
  b.type = "button";
  b.dataset.practice = action;
  if (title) {
    b.title = title;
    b.setAttribute("aria-label", title);
  }
  return b;
}

export class Card {
  /** `action(name)` runs a button; {numbers: the new-numbers button, authoring, note}. */
  constructor(stage, action, { numbers = false, authoring = false, note = "" } = {}) {
    this.el = element("section", "practice-card");
    this.el.setAttribute("aria-label", t("practice.label"));
    this.question = element("div", "practice-question");
    this.verdict = element("p", "practice-feedback");
    this.verdict.setAttribute("role", "status");
    this.hints = element("ol", "practice-hints");
    this.scoreEl = element("p", "practice-score");
    this.hintButton = button("hint", t("practice.hint"));
    const answer = element("div", "practice-actions");
    answer.append(button("sign", "±", t("practice.sign")), button("check", t("practice.check")),
      this.hintButton);
    const tools = element("div", "practice-tools");
    if (numbers) tools.append(button("numbers", t("practice.numbers"), t("practice.numbers_title")));
    tools.append(button("reset", t("practice.reset"), t("practice.reset_title")));
    if (authoring) tools.append(button("author", t("practice.author.button")));
    if (note) tools.append(element("span", "practice-note", note));
    const foot = element("div", "practice-foot");
    foot.append(this.scoreEl, tools);
    this.el.append(this.question, answer, this.verdict, this.hints, foot);
    this.el.addEventListener("pointerdown", (event) => {
      if (event.target.closest("button")) event.preventDefault(); // keep focus in the box
    });
    this.el.addEventListener("click", (event) => {
      const name = event.target.closest("[data-practice]")?.dataset.practice;
      if (name) action(name);
    });
    // The card sits at the bottom of the graph's box, which gives it room (practice.css), so
    // the page layouts around the stage stay as they are.
    this.wrap = stage.root.querySelector(".graph-wrap");
    this.wrap.append(this.el);
    this.resize = new ResizeObserver(() => {
      this.wrap.style.setProperty("--practice-card", `${this.el.offsetHeight}px`);
    });
    this.resize.observe(this.el);
    this.hintsResize = new ResizeObserver(() => this.showNewest());
    this.hintsResize.observe(this.hints);
  }

  remove() {
    this.resize.disconnect();
    this.hintsResize.disconnect();
    this.wrap.style.removeProperty("--practice-card");
    this.el.remove();
  }

  /** A verdict line (`kind`: a FEEDBACK key, or "rank" with its `text`) or none. */
  feedback(kind, text = null) {
    this.verdict.textContent = kind ? text ?? t(FEEDBACK[kind]) : "";
    this.verdict.dataset.kind = kind ?? "";
  }

  show({ q, state, shape, opened, ladder, score, rounds, author, asked }) {
    this.el.dataset.author = String(author);
    this.el.querySelector('[data-practice="author"]')?.setAttribute("aria-pressed", String(author));
    this.scoreEl.textContent = [
      t("practice.score", { ...score, first: score.firstTry }),
      rounds ? t("practice.rounds", { n: rounds }) : "",
    ].filter(Boolean).join(" · ");
    this.scoreEl.dataset.done = String(score.total > 0 && score.answered === score.total);
    if (author) return this.showAuthor(asked);
    this.showQuestion(q, shape);
    const done = !q || state.status === "right" || state.status === "revealed";
    for (const name of ["sign", "check"]) {
      this.el.querySelector(`[data-practice="${name}"]`).disabled = done;
    }
    this.hintButton.disabled = done || opened.length >= ladder.length;
    this.hintButton.textContent = ladder.length ? t("practice.hint_n", {
      n: Math.min(opened.length + 1, ladder.length), total: ladder.length,
    }) : t("practice.hint");
    this.hints.replaceChildren(...opened.map((rung) => this.rung(rung, q, shape)));
    this.showNewest();
  }

  /**
   * Scroll the hint list to the newest rungs that fit whole: the list starts at a rung's top, so
   * no older rung (a KaTeX fraction) is cut in half above the newest one.
   */
  showNewest() {
    const list = this.hints;
    const rungs = [...list.children].filter((li) => li.offsetHeight);
    list.style.paddingBottom = "";
    if (!rungs.length) return;
    const top = (li) => li.offsetTop - rungs[0].offsetTop;
    const end = top(rungs.at(-1)) + rungs.at(-1).offsetHeight;
    const first = rungs.find((li) => end - top(li) <= list.clientHeight) ?? rungs.at(-1);
    const room = list.clientHeight - (end - top(first)); // below the newest rung, when it is short
    if (first !== rungs[0]) list.style.paddingBottom = `${Math.max(0, room)}px`;
    list.scrollTop = top(first);
  }

  showQuestion(q, shape) {
    if (!q) {
      this.question.textContent = t("practice.pick");
      return;
    }
    if (shape) {
      this.question.textContent = shapeQuestion(q);
      return;
    }
    const index = q.mode === "element" ? `_{${q.element.join(",")}}` : "";
    const name = q.tex && index ? `\\left(${q.tex}\\right)${index}` : q.tex;
    const text = `${q.text}${q.mode === "element" ? `[${q.element.join(", ")}]` : ""} = ?`;
    renderTex(this.question, name ? `${name} = \\,?` : "", text);
    if (q.mode === "element" && q.shape.length <= 2) this.question.append(elementMap(q));
  }

  showAuthor(asked) {
    this.question.textContent = t("practice.author.help", { n: asked });
    this.hints.replaceChildren();
    this.verdict.textContent = "";
  }

  rung(rung, q, shape) {
    const li = element("li", "rung");
    li.dataset.kind = rung.kind;
    if (rung.kind === "words") li.textContent = rung.text;
    else if (rung.kind === "tex") renderTex(li, rung.tex, rung.text);
    else if (shape) li.textContent = t("practice.answer_shape", { shape: shapeText(q.shape) });
    else li.textContent = t("practice.answer", { value: answerText(q) });
    return li;
  }
}

/** The tensor as a small grid of dots with the asked element marked "?" (≤ 2-D). */
function elementMap(q) {
  const [rows, cols] = q.shape.length === 1 ? [1, q.shape[0]] : q.shape;
  const [r, c] = q.shape.length === 1 ? [0, q.element[0]] : q.element;
  const table = element("table", "element-map");
  table.setAttribute("aria-hidden", "true");
  for (let i = 0; i < Math.min(rows, 8); i++) {
    const tr = table.insertRow();
    for (let j = 0; j < Math.min(cols, 8); j++) {
      const td = tr.insertCell();
      td.textContent = i === r && j === c ? "?" : "·";
      if (i === r && j === c) td.className = "asked";
    }
  }
  return table;
}

function answerText(q) {
  if (q.mode === "element") return shown(at(q.answer, q.element));
  if (q.mode !== "matrix") return shown(q.answer);
  return JSON.stringify(q.answer, (key, v) => (typeof v === "number" ? Number(shown(v)) : v));
}
