// The loss curve (and accuracy, a thin line, on its own 0–1 axis) of one or more training runs
// on one chart, with the scrubber's iteration marked. Each run has its colour and its dash (the
// first solid), named in the legend above; the accuracy curves can be hidden. d3 on an SVG that
// fills its box.
import { d3 } from "chainrule/vendor.js";
import { fmt } from "chainrule/graph/format.js";
import { t } from "chainrule/i18n/i18n.js";
import { ChartLegend } from "chainrule/train/chartLegend.js";

const MARGIN = { top: 22, right: 40, bottom: 36, left: 46 };

/** A loss or accuracy value as a number (NaN for "nan", ±Infinity for "inf"/"-inf"). */
export function num(v) {
  if (typeof v === "number") return v;
  return { nan: NaN, inf: Infinity, "-inf": -Infinity }[v] ?? NaN;
}

/** A run's points: its whole loss once known, else the streamed progress so far. */
function points(run, key) {
  if (run[key]) return run[key].map((v, k) => [k, num(v)]);
  return key === "loss" ? run.live.map((p) => [p.step - 1, num(p.loss)]) : [];
}

export class LossChart {
  constructor(svg) {
    this.svg = d3.select(svg);
    this.runs = [];
    this.view = {};
    this.accuracyShown = true;
    this.legend = new ChartLegend(svg, { onToggle: (shown) => {
      this.accuracyShown = shown;
      this.draw(this.runs, this.view);
    } });
    new ResizeObserver(() => this.draw(this.runs, this.view)).observe(svg);
  }

  /** Draw `runs` ([{id, colour, loss|live, accuracy, steps}]); mark iteration `at` of `current`. */
  draw(runs, view = {}) {
    this.runs = runs;
    this.view = view;
    this.legend.draw(runs);
    const box = this.svg.node().getBoundingClientRect();
    if (!box.width || !box.height) return;
    const width = box.width - MARGIN.left - MARGIN.right;
    const height = box.height - MARGIN.top - MARGIN.bottom;
    const steps = d3.max(runs, (r) => r.steps) ?? 1;
    const losses = runs.flatMap((r) => points(r, "loss").map((p) => p[1])).filter(Number.isFinite);
    const x = d3.scaleLinear([0, Math.max(1, steps)], [0, width]);
    const y = d3.scaleLinear([Math.min(0, d3.min(losses) ?? 0), d3.max(losses) ?? 1], [height, 0])
      .nice();
    const acc = d3.scaleLinear([0, 1], [height, 0]);
    this.svg.selectAll("*").remove();
    const g = this.svg.append("g").attr("transform", `translate(${MARGIN.left},${MARGIN.top})`);
    const accuracy = this.accuracyShown && runs.some((r) => r.accuracy);
    this.axes(g, { x, y, acc, width, height, accuracy });
    for (const run of runs) this.curves(g, run, { x, y, acc: accuracy && acc });
    this.marker(g, runs.find((r) => r.id === view.current), view.at, { x, y, height });
  }

  axes(g, { x, y, acc, width, height, accuracy }) {
    const ticks = (n) => Math.max(2, Math.floor(n / 70));
    g.append("g").attr("class", "axis x").attr("transform", `translate(0,${height})`)
      .call(d3.axisBottom(x).ticks(Math.min(ticks(width), x.domain()[1]), "d"));  // whole steps
    g.append("g").attr("class", "axis y").call(d3.axisLeft(y).ticks(ticks(height * 1.6), "~g"));
    text(g, "iteration-title", width / 2, height + 32, "middle", t("train.axis_iteration"));
    text(g, "loss-title", -MARGIN.left + 2, -9, "start", t("train.loss"));
    if (!accuracy) return;
    g.append("g").attr("class", "axis acc").attr("transform", `translate(${width},0)`)
      .call(d3.axisRight(acc).ticks(4, "~%"));
    text(g, "acc-title", width + MARGIN.right - 2, -9, "end", t("train.accuracy"));
  }

  curves(g, run, { x, y, acc }) {
    const line = (scale) => d3.line().defined((p) => Number.isFinite(p[1]))
      .x((p) => x(p[0])).y((p) => scale(p[1]));
    const loss = points(run, "loss");
    const curve = (name, count) => g.append("path").attr("class", `curve ${name}`)
      .attr("data-run", run.id).attr("data-count", count).attr("stroke", run.colour)
      .attr("stroke-dasharray", run.dash || null);
    curve("loss", loss.length).attr("d", line(y)(loss));
    const accuracy = points(run, "accuracy");
    if (!acc || !accuracy.length) return;
    curve("accuracy", accuracy.length).attr("d", line(acc)(accuracy));
  }

  marker(g, run, at, { x, y, height }) {
    if (!run || at === null || at === undefined) return;
    g.append("line").attr("class", "scrub-line").attr("x1", x(at)).attr("x2", x(at))
      .attr("y1", 0).attr("y2", height);
    const v = num(run.loss?.[at]);
    if (!Number.isFinite(v)) return;
    g.append("circle").attr("class", "scrub-dot").attr("r", 4.5).attr("fill", run.colour)
      .attr("cx", x(at)).attr("cy", y(v)).append("title").text(fmt(v));
  }
}

/** An axis title (class axis-title and `name`). */
function text(g, name, xPos, yPos, anchor, words) {
  g.append("text").attr("class", `axis-title ${name}`).attr("x", xPos).attr("y", yPos)
    .attr("text-anchor", anchor).text(words);
}
