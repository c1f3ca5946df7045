// The iframe page `/embed?src=...&step=...`: graph and player (and a picked gate's explainer),
// driven by the keyboard (when the frame has focus) or by its host page through postMessage
// (bridge.js).
import { errorDetail, fetchGraph } from "chainrule/api.js";
import { ExplainSheet } from "chainrule/explain/sheet.js";
import { listenToHost, postToHost, stepMessage } from "chainrule/page/bridge.js";
import { serverDraw, startPractice } from "chainrule/practice/page.js";
import { Stage } from "chainrule/player/stage.js";
import { startEmbedded } from "chainrule/train/embedded.js";
import { parseParam, readHash, readParams } from "chainrule/url.js";

async function start(root) {
  const asked = readParams();
  const mode = asked.mode; // the train panel or the race
  if (mode === "train" || mode === "race") return startEmbedded(root, mode);
  // `#controls=0` works like `?controls=0` (and lets a host switch it without a reload).
  const controls = readHash("controls") ?? parseParam("controls", root.dataset.controls);
  root.dataset.controls = controls ? "1" : "0";
  const { stage, sheet } = explainedStage(root);
  stage.collapse(asked.collapsed); // ?collapsed=g0,g2, as in share links
  startPractice(stage, { // ?practice=grad&ask=e3,e5: students fill in the numbers
    kind: asked.practice, ask: asked.ask, keepStep: root.dataset.step !== "",
    draw: serverDraw(() => root.dataset.src ?? "", (result) => {
      root.dataset.src = result.source;
      stage.load(result.data);
    }),
  });
  const message = root.querySelector(".error-message");
  try {
    const data = await fetchGraph(root.dataset.src ?? "");
    // ?step=N shows the graph after N steps (0: nothing computed yet; default: all).
    const step = root.dataset.step === "" ? data.steps.length : Number(root.dataset.step);
    stage.load(data, Number.isFinite(step) ? step - 1 : -1);
    sheet.open(asked.explain); // ?explain=Y: that gate's explainer, as if it were clicked
    const current = () => stepMessage(stage.model, stage.player.pos);
    listenToHost(stage.player, { onGet: () => postToHost(current()) });
    postToHost({ ...current(), type: "chainrule:ready" });
  } catch (error) {
    message.textContent = errorDetail(error).message; // in the page's language
    message.hidden = false;
    postToHost({ type: "chainrule:error", message: message.textContent });
  }
}

/** The graph and its player, which tell the host every step; a click on a conv, pool or
 *  activation gate opens its explainer beside them (explain/sheet.js). */
function explainedStage(root) {
  let sheet = null;
  const stage = new Stage(root.querySelector(".stage"), {
    onStep: (state) => {
      postToHost(stepMessage(stage.model, state.pos));
      sheet.stepped(state);
    },
    onSelect: (id) => sheet.select(id),
    // The host sized the frame, so show everything; but a phone gets readable numbers (the
    // view follows the current gate, a pinch zooms out).
    fitWhole: !matchMedia("(max-width: 600px) and (pointer: coarse)").matches,
  });
  sheet = new ExplainSheet(root, stage);
  return { stage, sheet };
}

const root = document.querySelector("[data-embed]");
if (root) start(root);
