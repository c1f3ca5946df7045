// A big graph draws only the part in its window: each chunk of elements (render.js draws every
// layer in chunks, sorted left to right) knows its box in layout units, and a chunk wholly outside
// the window plus a margin is left out of the rendering (display: none; an export shows every
// chunk first). Chrome records an SVG's whole paint again at each change inside it: at 2,000
// nodes 28 ms a step with the hidden parts merely invisible, 3 ms with them left out (trace).
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
      chunks.push({ el: els[i], box: union(items.map(boxOf)), culled: false });
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
    chunk.culled = out;
    chunk.el.classList.toggle("culled", out);
  }
}

/** Show every chunk (an export reads every element's style); cull() hides them again. */
export function showAll(chunks) {
  for (const chunk of chunks) {
    chunk.culled = false;
    chunk.el.classList.remove("culled");
  }
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
