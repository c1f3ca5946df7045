// The iframe page `/embed?src=...&step=...`: graph and player only.
import { fetchGraph } from "./api.js";
import { Stage } from "./stage.js";
import { initToggles } from "./theme.js";

async function start(root) {
  initToggles(root);
  const stage = new Stage(root.querySelector(".stage"));
  const message = root.querySelector(".error-message");
  try {
    const data = await fetchGraph(root.dataset.src ?? "");
    // ?step=N shows the graph after N steps (0: nothing computed yet).
    const step = Number(root.dataset.step || 0);
    stage.load(data, Number.isFinite(step) ? step - 1 : -1);
  } catch (error) {
    message.textContent = error.message;
    message.hidden = false;
  }
}

const root = document.querySelector("[data-embed]");
if (root) start(root);
