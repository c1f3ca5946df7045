// SVG rendering with d3: build() draws a laid-out model once, update() shows a player state.
import { d3 } from "chainrule/vendor.js";
import {
  SIZES, edgeShape, groupLabels, labelOffsets, leafName,
} from "chainrule/graph/boxes.js";
import { groupIndex } from "chainrule/graph/groups.js";
import { t } from "chainrule/i18n/i18n.js";
import { kindText, pulseEdges } from "chainrule/graph/model.js";
import { fitTransform, revealShift, steadyShift } from "chainrule/graph/viewport.js";
import { enableOverview } from "chainrule/graph/overview.js";
import { chunkBoxes, cull, cullOnZoom, showAll } from "chainrule/graph/cull.js";
import { animateDot } from "chainrule/graph/pulse.js";
import { Marks } from "chainrule/graph/marks.js";

const SVG_NS = "http://www.w3.org/2000/svg";
const BIG = 120; // nodes from which the SVG's text is laid out for speed (see chainrule.css)
const CHUNK = 48; // elements per group in a layer (see inChunks)
const line = d3.line().x((p) => p.x).y((p) => p.y).curve(d3.curveMonotoneX);

export class GraphView {
  constructor(svg, { onSelect = () => {}, onToggleGroup = () => {}, fitWhole = false } = {}) {
    this.svg = d3.select(svg);
    this.fitWhole = fitWhole; // embeds: the host sized the frame, so always show everything
    this.readable = false; // an explainer beside it (explain/): whole only at readable numbers
    this.onSelect = onSelect;
    this.onToggleGroup = onToggleGroup;
    this.viewport = this.svg.append("g").attr("class", "viewport");
    // The pulse dots move in an SVG of their own over the graph: a frame of their animation
    // repaints a few dots, not every label of a big graph.
    const overlay = d3.create("svg:svg").attr("class", "pulse-layer").attr("aria-hidden", "true");
    svg.after(overlay.node());
    this.pulseLayer = overlay.append("g").attr("class", "pulses");
    // A pan animates the transform straight (d3's default flies out and back in, which drew a
    // cut graph smaller mid-pan, and a step during one took that smaller scale as its own).
    // Its extent is the size kept below: d3 read the SVG's own at each zoom, a forced layout of
    // all a step had written when it panned (13 ms at 2,000 nodes, trace).
    this.zoom = d3.zoom().scaleExtent([0.05, 8]).interpolate(d3.interpolate)
      .extent(() => this.extent());
    this.zoom.on("zoom", (event) => {
      this.viewport.attr("transform", event.transform);
      this.pulseLayer.attr("transform", event.transform);
      if (event.sourceEvent) delete svg.dataset.fit; // the user zoomed or panned by hand
    });
    this.svg.call(this.zoom).on("dblclick.zoom", null);
    enableOverview(this); // a graph too big for its numbers: text hidden, a click zooms in
    cullOnZoom(this); // a big graph paints only what its window shows
    // The window's size, kept up to date without reading layout at each step (a read there
    // forces the layout of every label the step changed)
    new ResizeObserver(() => this.measure()).observe(svg);
    if (svg.parentElement) new ResizeObserver(() => this.pinSize()).observe(svg.parentElement);
    addArrowMarker(this.svg);
    this.model = null;
    this.layout = null;
    this.selected = null;
  }

  /** Draw a laid-out model from scratch (the zoom is left as it is). */
  build(model, layout) {
    this.model = model;
    this.layout = layout;
    this.big = model.nodes.size >= BIG;
    this.svg.classed("big", this.big);
    this.pinSize();
    this.viewport.selectAll("*").remove();
    this.groupLayer = this.viewport.append("g").attr("class", "groups");
    this.edgeLayer = this.viewport.append("g").attr("class", "edges");
    this.nodeLayer = this.viewport.append("g").attr("class", "nodes");
    this.labelLayer = this.viewport.append("g").attr("class", "edge-labels");
    this.pulseLayer.selectAll("*").interrupt().remove();
    this.drawGroups();
    this.drawEdges();
    this.drawNodes();
    this.drawLabels();
    if (this.selected && !model.nodes.has(this.selected)) this.selected = null;
    this.marks = new Marks(model, {
      labels: this.labelLayer, nodes: this.nodeLayer, edges: this.edgeLayer,
    }, this.selected);
    this.chunks = this.big ? chunkBoxes([this.edgeLayer, this.nodeLayer, this.labelLayer],
      (item) => this.itemBox(item)) : [];
    cull(this.chunks, d3.zoomTransform(this.svg.node()), this.size);
  }

  /** Every part drawn (an export), or again only what the window shows. */
  paintAll(all) {
    if (all) showAll(this.chunks ?? []);
    else cull(this.chunks ?? [], d3.zoomTransform(this.svg.node()), this.size);
  }

  /** An edge's, label's or gate's box in layout units, with room for its words. */
  itemBox(item) {
    if ("source" in item) {
      const edge = this.layout.edges.get(item.id);
      const xs = [edge.lx, ...edge.points.map((p) => p.x)];
      const ys = [edge.ly, ...edge.points.map((p) => p.y)];
      return { x0: Math.min(...xs) - 60, y0: Math.min(...ys) - 40,
        x1: Math.max(...xs) + 60, y1: Math.max(...ys) + 40 };
    }
    const b = this.layout.nodes.get(item.id);
    return { x0: b.x - b.width / 2 - 80, y0: b.y - b.height / 2 - 30,
      x1: b.x + b.width / 2 + 20, y1: b.y + b.height / 2 + 30 };
  }

  /** Where an item sits from left to right: a big graph's chunks then cover few columns each. */
  itemX(item) {
    return "source" in item ? this.layout.edges.get(item.id).lx : this.layout.nodes.get(item.id).x;
  }

  /** A big graph's items sorted left to right (culling's chunks); a small graph's as they are. */
  leftToRight(items) {
    return this.big ? [...items].sort((a, b) => this.itemX(a) - this.itemX(b)) : items;
  }

  drawEdges() {
    inChunks(this.edgeLayer, this.leftToRight(this.model.edges), "path")
      .attr("class", (e) => (e.dangling ? "edge dangling" : "edge"))
      .attr("data-edge", (e) => e.id)
      .attr("d", (e) => line(this.layout.edges.get(e.id).points))
      .attr("marker-end", "url(#arrow)");
  }

  /** A labelled box around each expanded group; its label collapses the group. */
  drawGroups() {
    const index = this.model.index ?? groupIndex(this.model.groups);
    const boxes = groupLabels(this.layout.clusters ?? new Map(), index);
    const groups = this.groupLayer.selectAll("g").data(boxes).join("g")
      .attr("class", "group").attr("data-group", (d) => d.id);
    groups.append("rect").attr("class", "group-box").attr("rx", 10).attr("ry", 10)
      .attr("x", (d) => d.box.x - d.box.width / 2).attr("y", (d) => d.box.y - d.box.height / 2)
      .attr("width", (d) => d.box.width).attr("height", (d) => d.box.height);
    groups.append("text").attr("class", "group-label")
      .attr("x", (d) => d.x).attr("y", (d) => d.y).text((d) => d.text)
      .on("click", (event, d) => this.onToggleGroup(d.id))
      .append("title").text(t("graph.collapse"));
  }

  drawNodes() {
    const groups = inChunks(this.nodeLayer, this.leftToRight([...this.model.nodes.values()]), "g")
      .attr("class", (n) => `node kind-${n.kind}${n.op === "group" ? " collapsed-group" : ""}`)
      .attr("data-node", (n) => n.id)
      .on("click", (event, n) => (n.op === "group" ? this.onToggleGroup(n.id) : this.select(n.id)));
    groups.each((n, i, els) => drawNode(d3.select(els[i]), n, this.layout.nodes.get(n.id)));
    groups.append("title").text((n) => nodeTitle(n));
  }

  /** Value above the line, gradient below; a tensor's shape once, on the line between them. */
  drawLabels() {
    const shapes = new Map(this.model.edges.map((e) => [e.id, edgeShape(this.model, e)]));
    const groups = inChunks(this.labelLayer, this.leftToRight(this.model.edges), "g")
      .attr("class", "edge-label")
      .attr("data-edge", (e) => e.id)
      .attr("transform", (e) => {
        const g = this.layout.edges.get(e.id);
        return `translate(${g.lx},${g.ly})`;
      });
    const y = (e) => labelOffsets(Boolean(shapes.get(e.id)));
    groups.filter((e) => shapes.get(e.id)).append("text").attr("class", "shape")
      .text((e) => shapes.get(e.id));
    groups.append("text").attr("class", "value").attr("y", (e) => y(e).value).each(withTitle);
    groups.filter((e) => e.grad !== null)
      .append("text").attr("class", "grad").attr("y", (e) => y(e).grad).each(withTitle);
  }

  /** Show what is known at a player state, its current gate and its step's edges (marks.js). */
  update(state) {
    this.state = state;
    this.marks.write(state);
  }

  select(nodeId) {
    this.selected = nodeId;
    this.marks?.select(nodeId);
    this.onSelect(nodeId);
  }

  /** Animate a dot along the step's edges: forward left→right, backward right→left. */
  pulse(step, duration = 600) {
    this.pulseLayer.selectAll("*").interrupt().remove();
    const backward = step?.phase === "backward";
    for (const id of pulseEdges(this.model, step)) {
      const path = this.marks.paths.get(id);
      if (path) animateDot(this.pulseLayer, path, backward, duration);
    }
  }

  /** Fit the graph to the window, readable unless `whole` (see viewport.js). */
  fit(duration = 0, { whole = false } = {}) {
    const view = this.measure();
    if (!this.layout || !view.width || !view.height) return;
    const t = fitTransform(this.layout, view, {
      focus: this.focusPoint(), whole: whole || this.fitWhole, readable: this.readable,
    });
    this.wholeAsked = whole;
    this.fitWidth = view.width;
    this.moveTo(d3.zoomIdentity.translate(t.x, t.y).scale(t.k), duration);
    this.svg.node().dataset.fit = t.overview ? "overview" : t.whole ? "whole" : "readable";
  }

  /** The window or a panel changed: fit again, the whole graph still if the fit button asked. */
  refit() {
    this.fit(0, { whole: this.wholeAsked });
  }

  /**
   * The window's height changed inside the stage (a longer caption): a cut graph keeps its place
   * along the axis it is cut (no jump back to the current gate's centre), a zoom by hand is kept;
   * the current gate stays in sight. A pan under way goes on when it still ends in the right place.
   */
  settle() {
    const svg = this.svg.node();
    const view = this.measure();
    if (!this.layout || !view.width || !view.height) return;
    if (!svg.dataset.fit) {
      this.reveal();
      return;
    }
    const now = this.moving ? this.destination : d3.zoomTransform(svg);
    const target = fitTransform(this.layout, view, {
      whole: this.wholeAsked || this.fitWhole, readable: this.readable,
    });
    if (view.width !== this.fitWidth || Math.abs(target.k - now.k) > 1e-9) {
      this.refit();
      return;
    }
    const t = steadyShift(now, view, this.layout, this.focusPoint());
    if (t.x === now.x && t.y === now.y) return;
    this.moveTo(d3.zoomIdentity.translate(t.x, t.y).scale(now.k), 0);
  }

  /** The fit button: readable fit; pressed again on a cut graph, the whole graph. */
  toggleFit(duration = 300) {
    this.fit(duration, { whole: this.svg.node().dataset.fit === "readable" });
  }

  /** Pan (same zoom) so that the current gate is in sight, when it is not. */
  reveal(duration = 0) {
    const p = this.focusPoint();
    const view = this.size ?? this.measure();
    if (!p || !view.width || !view.height) return;
    const t = this.moving ? this.destination : d3.zoomTransform(this.svg.node());
    const shift = revealShift(t, p, view, this.layout);
    // a big graph jumps: each frame of a pan lays its whole SVG out again (10 ms at 2,000 nodes)
    const time = this.big ? 0 : duration;
    if (shift) this.moveTo(d3.zoomIdentity.translate(shift.x, shift.y).scale(t.k), time);
  }

  /**
   * A big graph's SVG gets its window's size in pixels: sized in percent, Chrome lays out all
   * of its text again whenever the page around it changes (a caption, the progress: 200 ms
   * a step at 2,000 nodes); in pixels, not. It grows with its window but keeps its height when
   * only the window's height shrinks (a longer caption): a resized SVG is laid out whole again,
   * so the window (overflow hidden) cuts it instead, and `size` is the part one sees.
   */
  pinSize() {
    const svg = this.svg.node();
    const wrap = svg.parentElement;
    const big = Boolean(this.big && wrap);
    wrap?.classList.toggle("pinned", big);
    if (!big) {
      this.pinned = null;
      svg.style.width = "";
      svg.style.height = "";
      return;
    }
    const { width, height } = wrap.getBoundingClientRect();
    const was = this.pinned;
    if (!was || width !== was.width || height > was.height) {
      this.pinned = { width, height };
      svg.style.width = `${width}px`;
      svg.style.height = `${height}px`;
    }
    const seen = this.size;
    this.size = { width, height };
    if (this.layout && seen && seen.height !== height) this.settle();
  }

  /** [[0, 0], [width, height]]: the window d3's zoom works in (the size last measured). */
  extent() {
    const { width, height } = this.size ?? this.measure();
    return [[0, 0], [width, height]];
  }

  /** The SVG window's size one sees now (a layout read). */
  measure() {
    const svg = this.svg.node();
    const { width, height } = (this.pinned ? svg.parentElement : svg).getBoundingClientRect();
    this.size = { width, height };
    return this.size;
  }

  /** Where a cut graph is panned to: the current gate, or the gate explained beside it. */
  focusPoint() {
    const id = (this.readable && this.selected) || this.state?.current?.node;
    return (id && this.layout?.nodes.get(id)?.anchor) ?? null;
  }

  moveTo(transform, duration) {
    this.svg.interrupt();
    this.destination = transform; // where a pan under way ends (settle)
    this.moving = Boolean(duration);
    if (!duration) {
      this.svg.call(this.zoom.transform, transform);
      return;
    }
    const pan = this.svg.transition().duration(duration);
    const stopped = () => { this.moving = false; };
    pan.on("end.move", stopped).on("interrupt.move", stopped).on("cancel.move", stopped);
    pan.call(this.zoom.transform, transform);
  }
}

function drawNode(g, node, box) {
  if (box.shape === "input") {
    const a = box.anchor;
    g.append("circle").attr("class", "dot").attr("cx", a.x).attr("cy", a.y).attr("r", box.r);
    g.append("text").attr("class", "name").attr("x", a.x - box.r - 6).attr("y", a.y)
      .text(leafName(node));
    return;
  }
  if (box.shape === "circle") {
    g.append("circle").attr("class", "gate").attr("cx", box.x).attr("cy", box.y).attr("r", box.r);
  } else {
    const width = box.gateWidth ?? box.width;
    g.append("rect").attr("class", "gate").attr("rx", box.r).attr("ry", box.r)
      .attr("x", box.x - width / 2).attr("y", box.y - box.r)
      .attr("width", width).attr("height", 2 * box.r);
  }
  g.append("text").attr("class", "symbol").attr("x", box.x).attr("y", box.y).text(node.label);
  if (node.symbol) {
    g.append("text").attr("class", "caption-symbol").attr("x", box.x)
      .attr("y", box.y + box.r + SIZES.caption + 1).text(node.symbol);
  }
}

/**
 * `items` drawn as `tag` elements in groups of CHUNK: a change inside a big graph then
 * recomputes the bounds of its group and of the groups, not of every element of the layer.
 */
function inChunks(layer, items, tag) {
  const chunks = d3.range(0, items.length, CHUNK).map((i) => items.slice(i, i + CHUNK));
  return layer.selectAll("g.chunk").data(chunks).join("g").attr("class", "chunk")
    .selectAll(tag).data((chunk) => chunk).join(tag);
}

function nodeTitle(node) {
  if (node.op === "group") return t("graph.expand", { label: node.label });
  const name = node.name ? `${node.name} ` : "";
  return `${name}(${kindText(node)})`;
}

/** An edge label's text: a text node for its number and a title (marks.js writes both). */
function withTitle() {
  const title = document.createElementNS(SVG_NS, "title");
  title.append("");
  this.append("", title);
}

function addArrowMarker(svg) {
  svg.append("defs").append("marker")
    .attr("id", "arrow").attr("viewBox", "0 0 10 10").attr("refX", 9).attr("refY", 5)
    .attr("markerUnits", "userSpaceOnUse").attr("markerWidth", 11).attr("markerHeight", 11)
    .attr("orient", "auto")
    .append("path").attr("class", "arrowhead").attr("d", "M0,0 L10,5 L0,10 z");
}
