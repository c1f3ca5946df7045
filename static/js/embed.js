// The iframe page `/embed?src=...&step=...`: graph and player only.
import { fetchGraph } from "chainrule/api.js";
import { Stage } from "chainrule/stage.js";
import { initToggles } from "chainrule/theme.js";

async function start(root) {
  initToggles(root);
  const stage = new Stage(root.querySelector(".stage"));
  const message = root.querySelector(".error-message");
  root.querySelector(".player").hidden = root.dataset.controls === "0";
  try {
    const data = await fetchGraph(root.dataset.src ?? "");
    // ?step=N shows the graph after N steps (0: nothing computed yet; default: all).
    const step = root.dataset.step === "" ? data.steps.length : Number(root.dataset.step);
    stage.load(data, Number.isFinite(step) ? step - 1 : -1);
  } catch (error) {
    message.textContent = error.message;
    message.hidden = false;
  }
}

const root = document.querySelector("[data-embed]");
if (root) start(root);
