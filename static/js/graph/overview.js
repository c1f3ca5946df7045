// The overview: a graph too big for readable numbers, fitted whole, hides its text (never drawn
// sub-pixel, whatever the zoom), a note says so, and a click zooms in there at the readable scale.
import { d3 } from "chainrule/vendor.js";
import { t } from "chainrule/i18n/i18n.js";
import { focusedAt, isOverview, readableScale } from "chainrule/graph/viewport.js";

const ZOOM_IN_MS = 300;

/** Watch `view`'s (a GraphView) zoom: under the readable size, an overview. */
export function enableOverview(view) {
  const svg = view.svg.node();
  const note = document.createElement("p");
  note.className = "overview-note";
  note.hidden = true;
  note.textContent = t("stage.overview_note");
  svg.after(note);
  view.zoom.on("zoom.overview", (event) => {
    const on = isOverview(event.transform.k);
    svg.classList.toggle("overview", on);
    note.hidden = !on;
  });
  // capture: a click in the overview zooms; it does not also pick the gate under the pointer
  svg.addEventListener("click", (event) => {
    if (!svg.classList.contains("overview") || !view.layout) return;
    event.stopPropagation();
    const box = svg.getBoundingClientRect();
    const [x, y] = d3.zoomTransform(svg).invert([event.clientX - box.left, event.clientY - box.top]);
    const to = focusedAt(readableScale(), view.layout, box, { x, y });
    view.wholeAsked = false;
    view.moveTo(d3.zoomIdentity.translate(to.x, to.y).scale(to.k), ZOOM_IN_MS);
    svg.dataset.fit = "readable"; // the fit button shows the whole graph again
  }, true);
}
