// While the source has an error the stage keeps the last graph that ran, dimmed and labelled as
// such, so it is never read as the drawing of the program beside it; a good program un-marks it.
import { t } from "chainrule/i18n/i18n.js";

/** Mark (or un-mark) the stage's graph as the last good one: data-last-good and its label. */
export function markLastGood(stage, on) {
  let label = stage.querySelector(".last-good");
  if (on && !label) {
    label = document.createElement("p");
    label.className = "last-good";
    label.setAttribute("role", "status");
    label.textContent = t("stage.last_good");
    stage.querySelector(".graph-wrap").append(label);
  }
  if (label) label.hidden = !on;
  if (on) stage.dataset.lastGood = "true";
  else delete stage.dataset.lastGood;
}
