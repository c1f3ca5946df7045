// The pulse: a dot runs along each edge of a step. Its points are read from a copy of the edge's
// path outside the page, once per edge: read from the drawn path, they forced the style and layout
// of all the step had just written, 6–8 ms a step at 2,000 nodes (trace), where the frame that
// follows does it once anyway.
import { d3 } from "chainrule/vendor.js";

const SVG_NS = "http://www.w3.org/2000/svg";
const DOT_POINTS = 24; // points a pulse dot moves between along its edge

const scratch = document.createElementNS(SVG_NS, "path"); // never attached: reading it lays out nothing
const cache = new WeakMap(); // drawn path → its DOT_POINTS + 1 points

/** DOT_POINTS + 1 points evenly spaced along `path` (its `d` is read; it never changes). */
function dotPoints(path) {
  let points = cache.get(path);
  if (points) return points;
  scratch.setAttribute("d", path.getAttribute("d"));
  const length = scratch.getTotalLength();
  points = d3.range(DOT_POINTS + 1).map((i) => {
    const p = scratch.getPointAtLength((length * i) / DOT_POINTS);
    return { x: p.x, y: p.y };
  });
  cache.set(path, points);
  return points;
}

/** A dot along `path` in `layer` for `duration` ms: backward from its end to its start. */
export function animateDot(layer, path, backward, duration) {
  const points = dotPoints(path);
  const dot = layer.append("circle").attr("class", "pulse").attr("r", 6);
  dot.transition().duration(duration).ease(d3.easeCubicInOut)
    .attrTween("transform", () => (t) => {
      const at = (backward ? 1 - t : t) * DOT_POINTS;
      const a = points[Math.floor(at)];
      const b = points[Math.ceil(at)];
      const f = at - Math.floor(at);
      return `translate(${a.x + f * (b.x - a.x)},${a.y + f * (b.y - a.y)})`;
    })
    .remove();
}
