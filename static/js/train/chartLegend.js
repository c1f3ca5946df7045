// The loss chart's legend, above it: each run's line as the chart draws it (colour and dash, so
// runs are told apart without colour too) and its short name, and a box that hides or shows the
// accuracy curves (thin lines of the same colour and dash).
import { t } from "chainrule/i18n/i18n.js";

export class ChartLegend {
  /** Placed just before `svg`; `onToggle(shown)` hears the accuracy box. */
  constructor(svg, { onToggle }) {
    this.root = document.createElement("div");
    this.root.className = "chart-legend";
    this.list = document.createElement("ul");
    const box = document.createElement("label");
    box.className = "accuracy-toggle";
    this.toggle = document.createElement("input");
    this.toggle.type = "checkbox";
    this.toggle.checked = true;
    this.toggle.addEventListener("change", () => onToggle(this.toggle.checked));
    box.append(this.toggle, ` ${t("train.show_accuracy")}`);
    this.root.append(this.list, box);
    svg.before(this.root);
  }

  /** One row per run of `runs`; the accuracy box only when a run has accuracy. */
  draw(runs) {
    this.list.replaceChildren(...runs.map((run) => {
      const item = document.createElement("li");
      item.dataset.run = run.id;
      item.append(swatch(run), run.shortLabel);
      return item;
    }));
    this.root.hidden = runs.length === 0;
    this.toggle.closest("label").hidden = !runs.some((run) => run.accuracy);
  }
}

/** A short stretch of the run's loss line: its colour, dashed as the curve (a gradient). */
function swatch(run) {
  const line = document.createElement("span");
  line.className = "legend-line";
  line.dataset.dash = run.dash;
  line.style.background = dashes(run.colour, run.dash);
  return line;
}

/** A horizontal CSS background drawing `dash` ("8 4", "" solid) in `colour`. */
function dashes(colour, dash) {
  const lengths = dash.split(" ").filter(Boolean).map(Number);
  if (!lengths.length) return colour;
  let at = 0;
  const stops = lengths.map((length, i) => {
    const paint = i % 2 === 0 ? colour : "transparent";
    const stop = [paint, `${at}px`, `${at + length}px`].join(" ");
    at += length;
    return stop;
  });
  return `repeating-linear-gradient(90deg, ${stops.join(", ")})`;
}
