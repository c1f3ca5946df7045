// Building blocks of the explainer panels: a titled section, forward/backward tabs, index
// selectors (sample n, channel c, filter k), TeX lines, and the "✓ equals the engine" line.
import { fmtError } from "chainrule/graph/format.js";
import { t } from "chainrule/i18n/i18n.js";
import { maxAbsDiff } from "chainrule/explain/arrays.js";
import { renderTex } from "chainrule/graph/tex.js";
import { d3 } from "chainrule/vendor.js";

const TOLERANCE = 1e-9; // relative to the gradient's size: float64 sums in another order

export function section(headingId, cls) {
  const el = document.createElement("section");
  el.className = `explain ${cls}`;
  const h = document.createElement("h3");
  h.textContent = t(headingId);
  el.append(h);
  return el;
}

/** A paragraph of notes; `kind` ("pending", "why", …) adds a class for its colour. */
export function para(text, kind = "") {
  const p = document.createElement("p");
  p.className = kind ? `xnote ${kind}` : "xnote";
  p.textContent = text;
  return p;
}

export function texLine(tex, cls = "xtex") {
  const div = document.createElement("div");
  div.className = cls;
  renderTex(div, tex, tex);
  return div;
}

/**
 * Tabs over panels: [{id, label, build() → element}], each built when first shown; `selected`:
 * the id shown first.
 */
export function tabs(items, name, selected = items[0].id) {
  const el = document.createElement("div");
  el.className = "xtabs";
  const list = document.createElement("div");
  list.className = "xtablist";
  list.setAttribute("role", "tablist");
  const body = document.createElement("div");
  body.className = "xtabpanel";
  body.setAttribute("role", "tabpanel");
  const built = new Map();
  const buttons = items.map((item) => {
    const b = document.createElement("button");
    b.type = "button";
    b.setAttribute("role", "tab");
    b.dataset.tab = `${name}-${item.id}`;
    b.textContent = item.label;
    b.addEventListener("click", () => select(item));
    return b;
  });
  function select(item) {
    buttons.forEach((b, i) => b.setAttribute("aria-selected", String(items[i] === item)));
    if (!built.has(item.id)) built.set(item.id, item.build());
    body.replaceChildren(built.get(item.id));
    el.dataset.selected = item.id;
  }
  list.append(...buttons);
  el.append(list, body);
  select(items.find((item) => item.id === selected) ?? items[0]);
  return el;
}

/**
 * A walk-through with forward and backward tabs (subclasses give forward(at), backward(at));
 * rebuilt for other indices `at` or when the player reveals more, on the tab that was open.
 */
export class Walkthrough {
  constructor(name, ready) {
    this.name = name;
    this.ready = ready;
    this.at = {};
    this.body = document.createElement("div");
  }

  render(at = this.at) {
    this.at = at;
    const items = [
      { id: "forward", label: t("explain.forward"), build: () => this.forward(at) },
      { id: "backward", label: t("explain.backward"), build: () => this.backward(at) },
    ];
    const open = this.body.querySelector(".xtabs")?.dataset.selected;
    this.body.replaceChildren(tabs(items, this.name, open));
  }

  /** The player moved: rebuild when this node's values or gradients appear or disappear. */
  update(ready) {
    if (ready.forward === this.ready.forward && ready.backward === this.ready.backward) return;
    this.ready = ready;
    this.render();
  }
}

/** Selectors for indices (hidden when a dimension has one entry); onChange(values). */
export function selectors(dims, onChange) {
  const el = document.createElement("div");
  el.className = "xselectors";
  const values = Object.fromEntries(dims.map((d) => [d.key, 0]));
  for (const d of dims.filter((dim) => dim.count > 1)) {
    const label = document.createElement("label");
    label.textContent = t(d.labelId);
    const select = document.createElement("select");
    select.dataset.index = d.key;
    for (let i = 0; i < d.count; i++) select.add(new Option(String(i), String(i)));
    select.addEventListener("change", () => {
      values[d.key] = Number(select.value);
      onChange({ ...values });
    });
    label.append(select);
    el.append(label);
  }
  return { el, values };
}

/** "✓ equals the engine's gradient (max difference 1e-16)" or the ✗ line, with data for tests. */
export function checkLine(mine, engine, tex) {
  const line = document.createElement("div");
  line.className = "xcheck";
  if (engine === null || engine === undefined) return line;
  const diff = maxAbsDiff(mine, engine);
  const size = Math.max(1, ...[engine].flat(Infinity).map((v) => Math.abs(Number(v)) || 0));
  const ok = diff <= TOLERANCE * size;
  line.classList.add(ok ? "ok" : "bad");
  line.dataset.diff = String(diff);
  line.dataset.ok = String(ok);
  const what = document.createElement("span");
  renderTex(what, tex, tex);
  const words = document.createElement("span");
  words.textContent = t(ok ? "explain.equal" : "explain.differ", { diff: fmtError(diff) });
  line.append(ok ? "✓ " : "✗ ", what, " ", words);
  return line;
}

/** A d3 SVG picture in `section` (viewBox units: its text scales with the panel), named for
 *  screen readers by the section's heading, and a notes box under it. */
export function picture(section, cls, size) {
  const svg = d3.select(section).append("svg").attr("class", cls)
    .attr("viewBox", `0 0 ${size.width} ${size.height}`).attr("role", "img")
    .attr("aria-label", section.querySelector("h3").textContent);
  const notes = document.createElement("div");
  section.append(notes);
  return { svg, notes };
}

/** A note shown until the player reaches the values (practice stays honest). */
export function pending(id) {
  return para(t(id), "pending");
}
