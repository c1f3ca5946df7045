// The update phase on the graph: once a parameter's update step has been shown, its new value
// stands over its dot ("→ 2.02"), beside the old value on its edge; a tensor's longer preview
// ("→ [0.24 …]") ends there and runs above its name, clear of the edge's labels. A layer of its
// own in the graph's viewport, redrawn at every player step. A new value shows only with the
// gradient it was made from (practice keeps an asked gradient back until it is answered).
import { full, preview } from "chainrule/graph/format.js";
import { nodeGradKnown } from "chainrule/graph/model.js";
import { t } from "chainrule/i18n/i18n.js";

const ABOVE = { scalar: 14, tensor: 18 }; // px over the input's dot (its name is on its left)

/** A tensor's value: nested lists, or a big tensor's compact form {shape, ref, summary}. */
const isTensor = (v) => v !== null && typeof v === "object";

/** Draw the new values revealed at player `state` on `stage`'s graph. */
export function showNewValues(stage, state) {
  const view = stage.view;
  if (!view.layout || !stage.model) return;
  let layer = view.viewport.select("g.new-values");
  if (layer.empty()) layer = view.viewport.append("g").attr("class", "new-values");
  const shown = stage.model.steps.slice(0, state.pos + 1)
    .filter((step) => step.phase === "update" && nodeGradKnown(stage.model, state, step.node))
    .map((step) => ({ step, box: view.layout.nodes.get(step.node) }))
    .filter((item) => item.box?.anchor);
  layer.selectAll("text").data(shown, (d) => d.step.node).join("text")
    .attr("class", (d) => (d.step === state.current ? "new-value current" : "new-value"))
    .classed("tensor", (d) => isTensor(d.step.value))
    .attr("data-node", (d) => d.step.node)
    .attr("x", (d) => d.box.anchor.x + (isTensor(d.step.value) ? 4 : 0))
    .attr("y", (d) => d.box.anchor.y - ABOVE[isTensor(d.step.value) ? "tensor" : "scalar"])
    .each(function (d) {
      this.textContent = `→ ${preview(d.step.value, 1)}`;
      const title = document.createElementNS("http://www.w3.org/2000/svg", "title");
      title.textContent = t("update.new_value", { value: full(d.step.value) });
      this.append(title);
    });
}
