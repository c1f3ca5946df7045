// The lecturer's author view: a chip on every edge that could be asked; clicking one asks it or
// not. The choice is a set of edge ids (null: every askable edge) that links carry as `ask=e3,e5`.
import { t } from "chainrule/i18n/i18n.js";
import { KINDS, candidates } from "chainrule/practice/questions.js";

/** [{edge, name, what, asked}]: the chips of this view for practice `kind` and choice `ask`. */
export function chips(model, view, kind, ask) {
  const ids = new Set(KINDS[kind].flatMap((what) => candidates(model, view, what)));
  const out = model.nodes.get(model.output).symbol;
  const what = kind === "value" ? "value" : "grad";
  return [...ids].map((edge) => {
    const source = model.nodes.get(model.edgeById.get(edge).source).symbol;
    const name = what === "value" ? source : `∂${out}/∂${source}`;
    return { edge, name, what, asked: !ask || ask.has(edge) };
  });
}

/** The choice `ask` with `edge` switched, among the chips' edges `all` (null once all are in). */
export function toggled(ask, all, edge) {
  const next = new Set(ask ?? all);
  if (!next.delete(edge)) next.add(edge);
  return all.every((id) => next.has(id)) ? null : new Set(all.filter((id) => next.has(id)));
}

/** A chip's button; `onClick(edge)` switches it. */
export function chipButton({ edge, asked, name, what }, onClick) {
  const chip = document.createElement("button");
  chip.type = "button";
  chip.className = `ask-chip ${what}`;
  chip.dataset.edge = edge;
  chip.setAttribute("aria-pressed", String(asked));
  chip.textContent = asked ? t("practice.author.asked") : t("practice.author.not_asked");
  const label = t("practice.author.toggle", { name });
  chip.setAttribute("aria-label", label);
  chip.title = label;
  chip.addEventListener("click", () => onClick(edge));
  return chip;
}
