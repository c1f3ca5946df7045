// The offline viewer: the graph JSON is in the page itself (see templates/standalone.html).
import { ExplainSheet } from "chainrule/explain/sheet.js";
import { offlineNote, startPractice, variantDraw } from "chainrule/practice/page.js";
import { Stage } from "chainrule/player/stage.js";
import { parseParam } from "chainrule/url.js";

const root = document.querySelector("[data-standalone]");
if (root) {
  const data = JSON.parse(document.getElementById("chainrule-graph").textContent);
  const stage = new Stage(root.querySelector(".stage"), { // a gate's explainer, from `data` alone
    onSelect: (id) => sheet.select(id), onStep: (state) => sheet.stepped(state),
  });
  const sheet = new ExplainSheet(root, stage);
  const step = root.dataset.step === "" ? data.steps.length : Number(root.dataset.step);
  root.querySelector(".player").hidden = root.dataset.controls === "0";
  // when the file was made with groups shut
  stage.collapse(parseParam("collapsed", root.dataset.collapsed));
  // Practice: new numbers come from the variants drawn when the file was made (no server here).
  const variants = JSON.parse(document.getElementById("chainrule-variants")?.textContent || "[]");
  startPractice(stage, {
    kind: root.dataset.practice, ask: parseParam("ask", root.dataset.ask),
    draw: variantDraw(stage, data, variants), keepStep: root.dataset.step !== "",
    note: offlineNote(variants),
  });
  stage.load(data, step - 1);
  sheet.open(root.dataset.explainGate); // made with --explain Y: that gate's explainer opens
}
