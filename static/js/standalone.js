// The offline viewer: the graph JSON is in the page itself (see templates/standalone.html).
import { Stage } from "chainrule/stage.js";

const root = document.querySelector("[data-standalone]");
if (root) {
  const data = JSON.parse(document.getElementById("chainrule-graph").textContent);
  const stage = new Stage(root.querySelector(".stage"));
  const step = root.dataset.step === "" ? data.steps.length : Number(root.dataset.step);
  root.querySelector(".player").hidden = root.dataset.controls === "0";
  stage.load(data, step - 1);
}
