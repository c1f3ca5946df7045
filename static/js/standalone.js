// The offline viewer: the graph JSON is in the page itself (see templates/standalone.html).
import { collapsedGroups } from "chainrule/share.js";
import { Stage } from "chainrule/stage.js";

const root = document.querySelector("[data-standalone]");
if (root) {
  const data = JSON.parse(document.getElementById("chainrule-graph").textContent);
  const stage = new Stage(root.querySelector(".stage"));
  const step = root.dataset.step === "" ? data.steps.length : Number(root.dataset.step);
  root.querySelector(".player").hidden = root.dataset.controls === "0";
  stage.collapse(collapsedGroups(root.dataset.collapsed)); // when the file was made with groups shut
  stage.load(data, step - 1);
}
