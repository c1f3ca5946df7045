// The offline file's code view: the document's NumPy code (when the export asked for it), folded
// under the graph; in practice, with the lines of open questions masked as on the page, and the
// code of the numbers shown (each set of new numbers the file carries has its own code).
import { codePanel } from "chainrule/codeview/panel.js";
import { t } from "chainrule/i18n/i18n.js";
import { watchSecrets } from "chainrule/practice/secrets.js";
import { watchGraph } from "chainrule/player/stage.js";

const root = document.querySelector("[data-standalone]");
const data = JSON.parse(document.getElementById("chainrule-graph")?.textContent || "null");
if (root && data?.code) {
  const details = document.createElement("details");
  details.className = "standalone-code";
  const summary = document.createElement("summary");
  summary.textContent = t("codeview.tab");
  const panel = document.createElement("div");
  panel.className = "code-panel";
  details.append(summary, panel);
  root.append(details);
  const stage = root.querySelector(".stage");
  const shown = { code: data.code, secrets: null };
  const show = (change) => {
    Object.assign(shown, change);
    panel.replaceChildren(codePanel(shown.code, shown.secrets));
  };
  watchGraph(stage, (graph) => show({ code: graph.code ?? null }));
  watchSecrets(stage, (secrets) => show({ secrets }));
}
