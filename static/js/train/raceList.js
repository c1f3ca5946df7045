// Beside the race's picture, one row per optimizer: its colour and marker (the legend), its name
// in the page's language, its learning rate (editable), its update rule (KaTeX), and where it is
// at iteration k.
import { d3 } from "chainrule/vendor.js";
import { fmt } from "chainrule/graph/format.js";
import { t } from "chainrule/i18n/i18n.js";
import { NAME_IDS, lrText } from "chainrule/train/picker.js";
import { renderTex } from "chainrule/graph/tex.js";

// Okabe–Ito colours, and a marker shape each, so no optimizer depends on colour alone.
export const RACERS = [
  { name: "sgd", colour: "#0072b2", symbol: d3.symbolCircle },
  { name: "momentum", colour: "#d55e00", symbol: d3.symbolSquare },
  { name: "adagrad", colour: "#009e73", symbol: d3.symbolTriangle },
  { name: "rmsprop", colour: "#cc79a7", symbol: d3.symbolDiamond },
  { name: "adam", colour: "#e69f00", symbol: d3.symbolStar },
];

export class RaceList {
  /** `onRate(name, lr)`: a learning rate was edited. */
  constructor(root, infos, { onRate = () => {}, editable = true } = {}) {
    this.root = root;
    this.rows = new Map();
    const tex = new Map(infos.map((info) => [info.name, info.tex]));
    for (const racer of RACERS) this.rows.set(racer.name, this.row(racer, tex.get(racer.name)));
    root.replaceChildren(...[...this.rows.values()].map((row) => row.item));
    for (const row of this.rows.values()) row.lr.disabled = !editable;
    root.addEventListener("change", (event) => {
      const item = event.target.closest("li[data-optimizer]");
      const lr = Number(event.target.value);
      if (item && lr > 0) onRate(item.dataset.optimizer, lr);
    });
  }

  row(racer, tex) {
    const item = document.createElement("li");
    item.dataset.optimizer = racer.name;
    item.style.setProperty("--racer", racer.colour);
    const mark = d3.create("svg").attr("class", "racer-symbol").attr("viewBox", "-9 -9 18 18")
      .attr("aria-hidden", "true");
    mark.append("path").attr("d", d3.symbol(racer.symbol, 90)()).attr("fill", racer.colour);
    const name = document.createElement("span");
    name.className = "racer-name";
    name.textContent = t(NAME_IDS[racer.name]);
    const lr = document.createElement("input");
    lr.type = "number";
    lr.min = "0";
    lr.step = "any";
    lr.setAttribute("aria-label", t("race.lr_of", { name: name.textContent }));
    const lrBox = document.createElement("label");
    lrBox.className = "racer-lr";
    lrBox.append(t("race.lr"), lr);
    const formula = document.createElement("div");
    formula.className = "racer-formula";
    if (tex) renderTex(formula, tex, tex);
    const now = document.createElement("div");
    now.className = "racer-now";
    item.append(mark.node(), name, lrBox, formula, now);
    return { item, lr, now };
  }

  /** Show each optimizer's rate, and where it is at iteration k ({name: {lr, points, loss}};
   * `names`: the two inputs and the output). */
  show(runs, k, names) {
    for (const [name, row] of this.rows) {
      const run = runs[name];
      if (!run) continue;
      if (document.activeElement !== row.lr) row.lr.value = lrText(run.lr);
      row.item.dataset.state = run.error ? "error" : "ok";
      if (run.error) {
        row.now.textContent = run.error;
        continue;
      }
      const p = run.points[Math.min(k, run.points.length - 1)];
      const f = k < run.loss.length ? run.loss[k] : run.last;
      row.now.textContent = t("race.now", {
        x: names[0], y: names[1], out: names[2], xv: fmt(p[0]), yv: fmt(p[1]), f: fmt(f),
      });
    }
  }
}
