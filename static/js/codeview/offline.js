// The offline file's code view: the document's NumPy code (when the export asked for it), folded
// under the graph; in practice, with the lines of open questions masked as on the page.
import { codePanel } from "chainrule/codeview/panel.js";
import { t } from "chainrule/i18n/i18n.js";
import { watchSecrets } from "chainrule/practice/secrets.js";

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
  watchSecrets(root.querySelector(".stage"), (secrets) => {
    panel.replaceChildren(codePanel(data.code, secrets));
  });
}
