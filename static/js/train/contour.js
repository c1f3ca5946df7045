// The race's picture: contour lines of f(x, y) (d3.contours over /api/surface's grid), every
// optimizer's path from the same start, and at iteration k each one's point with the direction
// it is pushed, −∇f. One SVG that fills its box.
import { d3 } from "chainrule/vendor.js";
import { fmt } from "chainrule/graph/format.js";
import { t } from "chainrule/i18n/i18n.js";

const MARGIN = { top: 22, right: 14, bottom: 36, left: 44 };
const LEVELS = 16;
const ARROW_MOST = 56; // px: the longest −∇f arrow

/** Thresholds at evenly spaced quantiles of the finite values: bowls and valleys both show. */
export function levels(values) {
  const finite = values.filter(Number.isFinite).sort(d3.ascending);
  const picked = d3.range(1, LEVELS + 1).map((i) => d3.quantileSorted(finite, (i / (LEVELS + 1)) ** 1.6));
  return [...new Set(picked.map((v) => Number(v.toPrecision(3))))];
}

export class ContourPlot {
  constructor(svg) {
    this.svg = d3.select(svg);
    this.picture = null;
    new ResizeObserver(() => this.picture && this.draw(this.picture)).observe(svg);
  }

  /**
   * `picture`: {surface: {names, x, y, z}, bounds, racers: [{name, colour, symbol, points:
   * [[x, y]…], grads: [[gx, gy]|null…]}], k}.
   */
  draw(picture) {
    this.picture = picture;
    const box = this.svg.node().getBoundingClientRect();
    if (!box.width || !box.height) return;
    const width = box.width - MARGIN.left - MARGIN.right;
    const height = box.height - MARGIN.top - MARGIN.bottom;
    const [x0, x1, y0, y1] = picture.bounds;
    const x = d3.scaleLinear([x0, x1], [0, width]);
    const y = d3.scaleLinear([y0, y1], [height, 0]);
    this.svg.selectAll("*").remove();
    addArrowheads(this.svg, picture.racers);
    const g = this.svg.append("g").attr("transform", `translate(${MARGIN.left},${MARGIN.top})`);
    g.append("clipPath").attr("id", "race-clip").append("rect")
      .attr("width", width).attr("height", height);
    const plot = g.append("g").attr("clip-path", "url(#race-clip)");
    this.contours(plot, picture.surface, { x, y });
    for (const racer of picture.racers) this.path(plot, racer, picture.k, { x, y });
    this.start(plot, picture.racers[0]?.points[0], { x, y });
    for (const racer of picture.racers) this.current(plot, racer, picture.k, { x, y });
    this.axes(g, picture.surface.names, { x, y, width, height });
  }

  contours(g, surface, { x, y }) {
    const n = surface.x.length;
    const m = surface.y.length;
    const values = surface.z.flat().map((v) => (typeof v === "number" ? v : NaN));
    const generator = d3.contours().size([n, m]).thresholds(levels(values));
    // grid coordinates (sample i at i + 0.5) → the plot's pixels
    const step = (list, c) => list[0] + (c - 0.5) * ((list.at(-1) - list[0]) / (list.length - 1));
    const path = d3.geoPath(d3.geoTransform({
      point(px, py) { this.stream.point(x(step(surface.x, px)), y(step(surface.y, py))); },
    }));
    g.append("g").attr("class", "contours").selectAll("path")
      .data(generator(values.map((v) => (Number.isFinite(v) ? v : -Infinity))))
      .join("path").attr("d", path).attr("data-level", (d) => d.value)
      .append("title").text((d) => fmt(d.value));
  }

  path(g, racer, k, { x, y }) {
    const line = d3.line().defined((p) => p.every(Number.isFinite)).x((p) => x(p[0])).y((p) => y(p[1]));
    const group = g.append("g").attr("class", "racer-path").attr("data-optimizer", racer.name)
      .attr("stroke", racer.colour).attr("fill", racer.colour);
    group.append("path").attr("class", "whole").attr("d", line(racer.points));
    group.append("path").attr("class", "so-far").attr("d", line(racer.points.slice(0, k + 1)));
    group.selectAll("circle").data(racer.points.slice(1, k + 1).filter((p) => p.every(Number.isFinite)))
      .join("circle").attr("r", 2.2).attr("cx", (p) => x(p[0])).attr("cy", (p) => y(p[1]));
  }

  start(g, point, { x, y }) {
    if (!point) return;
    g.append("circle").attr("class", "race-start").attr("r", 7)
      .attr("cx", x(point[0])).attr("cy", y(point[1]))
      .append("title").text(t("race.start"));
  }

  /** The point at iteration k and its −∇f arrow (saturating length: small gradients stay visible). */
  current(g, racer, k, { x, y }) {
    const p = racer.points[Math.min(k, racer.points.length - 1)];
    if (!p?.every(Number.isFinite)) return;
    const [px, py] = [x(p[0]), y(p[1])];
    const grad = racer.grads[k];
    const group = g.append("g").attr("class", "racer-now").attr("data-optimizer", racer.name);
    if (grad?.every(Number.isFinite) && (grad[0] || grad[1])) {
      const sx = -grad[0] * (x(1) - x(0));
      const sy = -grad[1] * (y(1) - y(0));
      const norm = Math.hypot(sx, sy);
      const size = Math.hypot(...grad);
      const length = (ARROW_MOST * size) / (size + racer.gradScale);
      group.append("line").attr("class", "gradient-arrow").attr("stroke", racer.colour)
        .attr("marker-end", `url(#race-arrow-${racer.name})`)
        .attr("x1", px).attr("y1", py)
        .attr("x2", px + (sx / norm) * length).attr("y2", py + (sy / norm) * length);
    }
    group.append("path").attr("class", "racer-mark").attr("fill", racer.colour)
      .attr("d", d3.symbol(racer.symbol, 130)()).attr("transform", `translate(${px},${py})`);
  }

  axes(g, names, { x, y, width, height }) {
    g.append("g").attr("class", "axis x").attr("transform", `translate(0,${height})`)
      .call(d3.axisBottom(x).ticks(Math.max(2, Math.floor(width / 70))));
    g.append("g").attr("class", "axis y").call(d3.axisLeft(y).ticks(Math.max(2, Math.floor(height / 50))));
    g.append("text").attr("class", "axis-title").attr("x", width).attr("y", height + 32)
      .attr("text-anchor", "end").text(names[0]);
    g.append("text").attr("class", "axis-title").attr("x", 0).attr("y", -9)
      .attr("text-anchor", "middle").text(names[1]);
  }
}

function addArrowheads(svg, racers) {
  const defs = svg.append("defs");
  for (const racer of racers) {
    defs.append("marker").attr("id", `race-arrow-${racer.name}`).attr("viewBox", "0 0 10 10")
      .attr("refX", 8).attr("refY", 5).attr("markerWidth", 7).attr("markerHeight", 7)
      .attr("orient", "auto").append("path").attr("d", "M0,0 L10,5 L0,10 z")
      .attr("fill", racer.colour);
  }
}
