// Where the graph sits in its window. "Fit" shows the whole graph as large as it fits while its
// edge numbers stay legible (>= WHOLE_LABEL_PX, so the CS231n sigmoid fits a laptop's pane);
// a graph that would need smaller numbers is shown at a comfortable readable size instead (11 px
// on tablets and phones, 12 px on desktops and projectors) and panned to the current gate, which a
// change of the window's height does not undo. Fit pressed again shows the whole graph however
// small; when its numbers would be under OVERVIEW_LABEL_PX that is an overview (overview.js):
// its text hidden, never drawn sub-pixel, and a click zooms in there.
import { SIZES } from "chainrule/graph/boxes.js";

export const MIN_LABEL_PX = 11; // edge numbers' font size on screen when the graph is cut
const DESKTOP_LABEL_PX = 12; // the same on desktops: a projector's back row reads them
const WHOLE_LABEL_PX = 9; // the smallest edge numbers for which the whole graph is still shown
const OVERVIEW_LABEL_PX = 6; // under this the graph's text is hidden: an overview
const MAX_SCALE = 2.5;
const MARGIN = 24; // screen pixels kept between a revealed gate and the window's edge
const DESKTOP = matchMedia("(min-width: 1101px)");

/** The smallest scale at which edge numbers are still readable (on a phone or a tablet). */
export const MIN_SCALE = MIN_LABEL_PX / SIZES.label;
const WHOLE_SCALE = WHOLE_LABEL_PX / SIZES.label;

/** The scale a cut graph is shown at on this screen. */
export function readableScale() {
  return (DESKTOP.matches ? DESKTOP_LABEL_PX : MIN_LABEL_PX) / SIZES.label;
}

/** Whether text at zoom `k` would be too small to read: the overview hides it. */
export function isOverview(k) {
  return k * SIZES.label < OVERVIEW_LABEL_PX;
}

/**
 * {k, x, y, whole, overview}: the zoom that fits a width×height layout into a `view` {width,
 * height}; `focus` (a layout point, e.g. the current gate) is kept in sight when the graph is cut;
 * `readable`: whole only when its numbers reach the readable size (an explainer beside it).
 */
export function fitTransform(layout, view, { focus = null, whole = false, readable = false } = {}) {
  const fits = Math.min(view.width / layout.width, view.height / layout.height, MAX_SCALE);
  const least = readable ? readableScale() : WHOLE_SCALE;
  const k = whole || fits >= least ? fits : Math.max(fits, readableScale());
  return { ...focusedAt(k, layout, view, focus), whole: k <= fits, overview: isOverview(k) };
}

/** {k, x, y}: zoom `k` with layout point `focus` centred (as near as the graph's edges allow). */
export function focusedAt(k, layout, view, focus) {
  return {
    k,
    x: place(view.width, layout.width * k, focus && focus.x * k),
    y: place(view.height, layout.height * k, focus && focus.y * k),
  };
}

/** Translation along one axis: centred when it fits, else the focus centred (or the start). */
function place(view, size, focus) {
  if (size <= view) return (view - size) / 2;
  const wanted = focus === null ? 0 : view / 2 - focus;
  return Math.min(0, Math.max(view - size, wanted));
}

/**
 * The translation {x, y} that brings screen point `p` of a zoom {k, x, y} into a `view`
 * with a margin, or null when it is already in sight (no needless panning).
 */
export function revealShift(t, p, view, layout) {
  const sx = t.x + p.x * t.k;
  const sy = t.y + p.y * t.k;
  const inside = (s, size) => s >= MARGIN && s <= size - MARGIN;
  if (inside(sx, view.width) && inside(sy, view.height)) return null;
  return {
    x: inside(sx, view.width) ? t.x : place(view.width, layout.width * t.k, p.x * t.k),
    y: inside(sy, view.height) ? t.y : place(view.height, layout.height * t.k, p.y * t.k),
  };
}

/**
 * The translation {x, y} for a zoom {k, x, y} after its `view` changed size: centred along an
 * axis the graph fits, as fitTransform does; along an axis it is cut, the graph stays where it
 * is (no gap opening at an edge) and `focus` is brought into sight as by revealShift.
 */
export function steadyShift(t, view, layout, focus) {
  const kept = {
    k: t.k,
    x: keep(t.x, view.width, layout.width * t.k),
    y: keep(t.y, view.height, layout.height * t.k),
  };
  return (focus && revealShift(kept, focus, view, layout)) ?? { x: kept.x, y: kept.y };
}

function keep(at, view, size) {
  return size <= view ? (view - size) / 2 : Math.min(0, Math.max(view - size, at));
}
