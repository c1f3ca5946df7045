// Practice on each kind of page: the editor page's switch (off / gradients / values / both),
// /embed and the offline file (`practice=` and `ask=` from the link or the file), and where new
// numbers come from — the API on served pages, numbers drawn at export time in the offline file.
import { fetchRenumbered } from "chainrule/api.js";
import { t } from "chainrule/i18n/i18n.js";
import { Practice } from "chainrule/practice/practice.js";
import { practiceKind } from "chainrule/practice/questions.js";

/**
 * New numbers from the API (POST /api/renumber draws them): `source()` is the program now,
 * `apply({source, data})` shows the new one; a draw the server could not make throws.
 */
export function serverDraw(source, apply) {
  return async (seed) => {
    const data = await fetchRenumbered(source(), seed);
    await apply({ source: data.source, data });
    return data.seed;
  };
}

/** New numbers from the variants an offline file carries (drawn when it was made), in turn. */
export function variantDraw(stage, original, variants) {
  if (!variants.length) return null;
  const all = [original, ...variants];
  return async (seed) => {
    stage.load(all[seed % all.length]);
    return seed;
  };
}

/** Practice on /embed and offline: on when the page asks for it; returns the Practice or null. */
export function startPractice(stage, { kind, ask, draw, keepStep, note = "" }) {
  const practice = practiceKind(kind);
  return practice ? new Practice(stage, { kind: practice, ask, draw, keepStep, note }) : null;
}

/** The switch (off / gradients / values / both) at the graph's top left → its <select>. */
function switchControl(wrap) {
  const label = document.createElement("label");
  label.className = "practice-switch";
  label.title = t("practice.switch_title");
  const select = document.createElement("select");
  select.dataset.practiceKind = "";
  for (const [value, id] of [["", "practice.off"], ["grad", "practice.kind_grad"],
    ["value", "practice.kind_value"], ["both", "practice.kind_both"]]) {
    select.append(new Option(t(id), value));
  }
  label.append(t("practice.switch"), " ", select);
  wrap.append(label);
  return select;
}

/** The editor page's practice switch and its share-link fields. */
export class PracticeSwitch {
  /** `source()`: the program shown; `apply(source)`: load new numbers into the editor. */
  constructor(stage, { source, apply }) {
    this.stage = stage;
    this.draw = serverDraw(source, (result) => apply(result.source));
    this.practice = null;
    this.select = switchControl(stage.root.querySelector(".graph-wrap"));
    this.select.addEventListener("change", () => this.set(this.select.value, null));
  }

  /** From a shared link: `practice=` and `ask=` (the link's step is kept the first time). */
  start({ practice, ask, step }) {
    if (practice) this.set(practice, ask, step !== null);
  }

  set(kind, ask, keepStep = false) {
    this.practice?.destroy();
    this.practice = null;
    const practice = practiceKind(kind);
    this.select.value = practice ?? "";
    if (!practice) return;
    this.practice = new Practice(this.stage, {
      kind: practice, ask, draw: this.draw, authoring: true, keepStep,
    });
  }

  /** {practice, ask} for share links and embed code. */
  view() {
    return { practice: this.practice?.kind ?? null, ask: this.practice?.askedIds() ?? null };
  }
}

/** A note for the offline file when it carries no new numbers. */
export function offlineNote(variants) {
  return variants.length ? "" : t("practice.no_numbers_offline");
}
