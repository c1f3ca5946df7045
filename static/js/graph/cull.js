// A big graph draws only the part in its window: each chunk of elements (render.js draws every
// layer in chunks, sorted left to right) knows its box in layout units, and a chunk wholly outside
// the window plus a margin is left out of the rendering (display: none; an export shows every
// chunk first). Chrome records an SVG's whole paint again at each change inside it: at 2,000
// nodes 28 ms a step with the hidden parts merely invisible, 3 ms with them left out (trace).
// A left-out chunk's <text> elements also leave the page until it is shown again (the gates,
// labels and edges stay, with their attributes and classes): hidden text still cost Chrome's
// pre-paint and layout at each change anywhere in the SVG, 5 + 1.3 ms a frame at 2,000 nodes,
// 0.7 + 0.8 ms without it (trace). A label written meanwhile is written where it waits.
import { d3 } from "chainrule/vendor.js";

const MARGIN = 160; // layout units painted beyond the window: a pan reveals no empty border

/** The box {x0, y0, x1, y1} of a chunk's items, from each item's own box. */
function union(boxes) {
  return boxes.reduce((a, b) => ({
    x0: Math.min(a.x0, b.x0), y0: Math.min(a.y0, b.y0),
    x1: Math.max(a.x1, b.x1), y1: Math.max(a.y1, b.y1),
  }), { x0: Infinity, y0: Infinity, x1: -Infinity, y1: -Infinity });
}

/** Each `g.chunk` of `layers` with its box, `boxOf(datum)` giving an item's box. */
export function chunkBoxes(layers, boxOf) {
  const chunks = [];
  for (const layer of layers) {
    layer.selectAll(":scope > g.chunk").each((items, i, els) => {
      const el = els[i];
      chunks.push({ el, box: union(items.map(boxOf)), texts: [...el.querySelectorAll("text")],
        culled: false, away: [] });
    });
  }
  return chunks;
}

/** Hide the chunks outside the window (`size` in pixels) at zoom `t`; show the others. */
export function cull(chunks, t, size) {
  if (!size?.width) return;
  const x0 = -t.x / t.k - MARGIN;
  const y0 = -t.y / t.k - MARGIN;
  const x1 = (size.width - t.x) / t.k + MARGIN;
  const y1 = (size.height - t.y) / t.k + MARGIN;
  for (const chunk of chunks) {
    const b = chunk.box;
    const out = b.x1 < x0 || b.x0 > x1 || b.y1 < y0 || b.y0 > y1;
    if (out === chunk.culled) continue;
    if (out) leave(chunk);
    else enter(chunk);
  }
}

/** Show every chunk (an export reads every element's style); cull() hides them again. */
export function showAll(chunks) {
  for (const chunk of chunks) {
    if (chunk.culled) enter(chunk);
  }
}

/** Leave a chunk out: hidden, its texts out of the page, each noted with its place. */
function leave(chunk) {
  chunk.culled = true;
  chunk.el.classList.add("culled");
  chunk.away = chunk.texts.map((text) => [text, text.parentNode, text.nextSibling]);
  for (const text of chunk.texts) text.remove();
}

/** Show a chunk again: its texts back in place (last first: a text's next may be a text). */
function enter(chunk) {
  for (const [text, parent, next] of chunk.away.reverse()) parent.insertBefore(text, next);
  chunk.away = [];
  chunk.culled = false;
  chunk.el.classList.remove("culled");
}

/** Cull `view`'s chunks (a GraphView) at most once a frame while it zooms or pans. */
export function cullOnZoom(view) {
  let queued = false;
  view.zoom.on("zoom.cull", () => {
    if (queued || !view.chunks?.length) return;
    queued = true;
    requestAnimationFrame(() => {
      queued = false;
      cull(view.chunks, d3.zoomTransform(view.svg.node()), view.size);
    });
  });
}
