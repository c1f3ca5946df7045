// Touch on the graph: a quick sideways flick steps the player (to the left: next, to the right:
// back); a slower drag pans and two fingers pinch-zoom, both by d3.zoom as before; a tap still
// reaches a gate as a click. svg.graph has `touch-action: none` (chainrule.css), so the browser
// leaves every touch on it to d3 and to us.
import { d3 } from "chainrule/vendor.js";

const MIN_DX = 40; // px a flick travels sideways
const MAX_MS = 600; // a slower gesture is a drag (pan), not a flick

/** +1 for a flick to the left (next step), -1 to the right (previous step), 0 for anything else. */
export function swipeDirection(start, end) {
  const dx = end.x - start.x;
  const dy = end.y - start.y;
  const flick = end.time - start.time <= MAX_MS && Math.abs(dx) >= MIN_DX
    && Math.abs(dx) > 1.5 * Math.abs(dy);
  if (!flick) return 0;
  return dx < 0 ? 1 : -1;
}

/** Step `player` on flicks over `view`'s svg; the pan the flick made on the way is undone. */
export function enableSwipe(view, player) {
  const svg = view.svg.node();
  const down = new Map(); // touch pointerId → {x, y, time}
  let gesture = null; // {transform, fit, multi}: the view when the first finger went down
  const point = (event) => ({ x: event.clientX, y: event.clientY, time: event.timeStamp });
  svg.addEventListener("pointerdown", (event) => {
    if (event.pointerType !== "touch") return;
    if (!down.size) gesture = { transform: d3.zoomTransform(svg), fit: svg.dataset.fit, multi: false };
    down.set(event.pointerId, point(event));
    if (down.size > 1) gesture.multi = true;
  });
  svg.addEventListener("pointerup", (event) => {
    const start = down.get(event.pointerId);
    if (!start) return;
    down.delete(event.pointerId);
    const direction = gesture.multi ? 0 : swipeDirection(start, point(event));
    if (!direction) return;
    view.moveTo(gesture.transform, 0);
    if (gesture.fit) svg.dataset.fit = gesture.fit;
    if (direction > 0) player.next();
    else player.prev();
  });
  svg.addEventListener("pointercancel", (event) => {
    down.delete(event.pointerId);
    if (gesture) gesture.multi = true;
  });
}
