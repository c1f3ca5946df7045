// The example gallery (templates/_gallery.html): every preset of GET /api/examples as a card,
// grouped by lecture, in a modal dialog — focus stays inside, Escape or × closes it and gives
// focus back to the button that opened it; on phones a full-screen sheet (gallery.css).
// A click loads the preset into this page (onPick: its source, and whatever opens its mode);
// each card is also a real link that reopens it — source, mode= and the learning views'
// settings — for a new tab or a slide.
import { LANG, t } from "chainrule/i18n/i18n.js";
import { viewQuery } from "chainrule/url.js";

const CARD = "a.gallery-card";

export class Gallery {
  /** `dialog`: the <dialog class="gallery">; `opener`: the button that opens it. */
  constructor(dialog, opener, { onPick = () => {} } = {}) {
    this.dialog = dialog;
    this.opener = opener;
    this.onPick = onPick;
    this.body = dialog.querySelector(".gallery-body");
    this.filter = dialog.querySelector(".gallery-filter");
    this.none = dialog.querySelector(".gallery-none");
    this.jump = dialog.querySelector(".gallery-jump");
    this.examples = [];
    this.current = null;
    opener.addEventListener("click", () => this.open());
    dialog.querySelector(".gallery-close").addEventListener("click", () => this.close());
    dialog.addEventListener("cancel", (event) => {
      event.preventDefault(); // Escape: our close(), which also returns focus
      this.close();
    });
    dialog.addEventListener("keydown", (event) => this.key(event));
    dialog.addEventListener("click", (event) => this.click(event));
    this.filter.addEventListener("input", () => this.applyFilter());
  }

  /** Show `examples` (fetchExamples' list), one section per lecture in their order; the one
   * whose source is `source` (the page's) is marked as open. */
  setExamples(examples, source = null) {
    this.examples = examples;
    this.current = examples.find((example) => example.source === source)?.id ?? null;
    const groups = new Map();
    for (const example of examples) {
      if (!groups.has(example.group)) groups.set(example.group, []);
      groups.get(example.group).push(example);
    }
    this.body.replaceChildren(...[...groups].map(([id, list]) => section(id, list)));
    this.jump.replaceChildren(...[...groups].map(([id, list]) => jumpButton(id, list[0])));
    this.dialog.querySelector(".gallery-count").textContent = t("gallery.count",
      { n: examples.length });
    this.opener.disabled = examples.length === 0;
    this.markCurrent();
  }

  open() {
    if (!this.dialog.open) this.dialog.showModal();
    const card = this.body.querySelector(`${CARD}[aria-current="true"]`) ?? this.cards()[0];
    (card ?? this.filter).focus();
    card?.scrollIntoView({ block: "nearest" });
  }

  close() {
    if (this.dialog.open) this.dialog.close();
    this.opener.focus();
  }

  pick(example) {
    this.current = example.id;
    this.markCurrent();
    this.close();
    this.onPick(example);
  }

  markCurrent() {
    for (const card of this.body.querySelectorAll(CARD)) {
      if (card.dataset.example === this.current) card.setAttribute("aria-current", "true");
      else card.removeAttribute("aria-current");
    }
  }

  /** The cards a keyboard can reach now (the filter hides some). */
  cards() {
    return [...this.body.querySelectorAll(CARD)].filter((card) => !card.closest("[hidden]"));
  }

  /** Escape closes (here, before the page's own Escape handling sees it); Tab and Shift+Tab
   * go round inside the dialog; arrow keys step from card to card. */
  key(event) {
    if (event.key === "Escape") {
      event.preventDefault();
      event.stopPropagation();
      this.close();
      return;
    }
    if (event.key === "Tab") {
      const stops = focusable(this.dialog);
      const [first, last] = [stops[0], stops.at(-1)];
      if (event.shiftKey && document.activeElement === first) last.focus();
      else if (!event.shiftKey && document.activeElement === last) first.focus();
      else return;
      event.preventDefault();
      return;
    }
    const step = { ArrowDown: 1, ArrowRight: 1, ArrowUp: -1, ArrowLeft: -1 }[event.key];
    const cards = this.cards();
    const at = cards.indexOf(document.activeElement);
    if (!step || at < 0) return;
    event.preventDefault();
    cards[Math.min(Math.max(at + step, 0), cards.length - 1)].focus();
  }

  /** A plain click on a card loads it here; a click on the backdrop closes the dialog. */
  click(event) {
    if (event.target === this.dialog) {
      this.close();
      return;
    }
    const jump = event.target.closest("[data-jump]");
    if (jump) {
      const heading = this.body.querySelector(`#${jump.dataset.jump}`);
      heading?.scrollIntoView({ block: "start" });
      heading?.closest("section").querySelector(CARD)?.focus({ preventScroll: true });
      return;
    }
    const card = event.target.closest(CARD);
    if (!card || event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
    event.preventDefault();
    this.pick(this.examples.find((example) => example.id === card.dataset.example));
  }

  /** Keep the cards whose title, note or lecture holds every word typed. */
  applyFilter() {
    const words = this.filter.value.toLowerCase().split(/\s+/).filter(Boolean);
    let shown = 0;
    for (const group of this.body.querySelectorAll("section")) {
      let left = 0;
      for (const card of group.querySelectorAll(CARD)) {
        const text = card.dataset.search;
        card.hidden = !words.every((word) => text.includes(word));
        left += !card.hidden;
      }
      group.hidden = left === 0;
      shown += left;
    }
    this.none.hidden = shown > 0;
    this.none.textContent = shown > 0 ? "" : t("gallery.none", { query: this.filter.value });
  }
}

/**
 * A link that reopens `example`: its source and language, its mode when not the graph, and its
 * optimizer and settings as the learning views' URL fields (url.js: opt, lr, params, steps,
 * batch, seed; the race's rsteps and lr_<optimizer>), each as the preset gives it.
 */
export function presetHref(example, lang = LANG) {
  const mode = example.mode ?? "graph";
  const settings = example.settings ?? {};
  const race = mode === "race";
  const values = {
    src: example.source, lang, mode: mode === "graph" ? null : mode,
    opt: example.optimizer?.name, lr: example.optimizer?.lr, params: settings.params,
    [race ? "rsteps" : "steps"]: settings.steps || null,
  };
  if (race) for (const run of settings.runs ?? []) values[`lr_${run.name}`] = run.lr;
  else Object.assign(values, { batch: settings.batch_size || null, seed: settings.seed || null });
  return `/?${viewQuery("preset", values)}`;
}

function section(group, examples) {
  const element = document.createElement("section");
  const heading = document.createElement("h3");
  heading.id = `gallery-${group}`;
  heading.textContent = examples[0].groupTitle;
  const list = document.createElement("div");
  list.className = "gallery-cards";
  list.append(...examples.map(card));
  element.setAttribute("aria-labelledby", heading.id);
  element.append(heading, list);
  return element;
}

function jumpButton(group, example) {
  const button = document.createElement("button");
  button.type = "button";
  button.dataset.jump = `gallery-${group}`;
  button.textContent = example.groupTitle;
  return button;
}

function card(example) {
  const link = document.createElement("a");
  link.className = "gallery-card";
  link.href = presetHref(example);
  link.dataset.example = example.id;
  link.dataset.mode = example.mode;
  const title = span("card-title", example.name);
  const note = span("card-note", example.description);
  link.append(title, note);
  const badges = badgesOf(example);
  if (badges.length) link.append(span("card-badges", ...badges.map((b) => span("badge", b))));
  link.append(span("badge-current", t("gallery.current")));
  link.dataset.search = [example.name, example.description, example.groupTitle, example.id]
    .join(" ").toLowerCase();
  return link;
}

/** What opens besides the graph: the train panel, the race, the gradient check, an update. */
function badgesOf(example) {
  const badges = [];
  if (example.mode === "train") badges.push(t("gallery.mode_train"));
  if (example.mode === "race") badges.push(t("gallery.mode_race"));
  if (example.check) badges.push(t("gallery.with_check"));
  if (example.mode === "graph" && example.optimizer) {
    badges.push(t("gallery.with_update", example.optimizer));
  }
  return badges;
}

function span(className, ...children) {
  const element = document.createElement("span");
  element.className = className;
  element.append(...children);
  return element;
}

function focusable(root) {
  const selector = "button:not([disabled]), input, a[href]";
  return [...root.querySelectorAll(selector)].filter((el) => !el.closest("[hidden]")
    && el.getClientRects().length > 0);
}
