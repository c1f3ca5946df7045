// The offline file (templates/replay.html): a recorded training run or race, shown with the same
// panels as the page, without a server — the scrubber moves the loss marker and the boundary to
// any iteration, and the graph to the nearest iteration the page had loaded.
import { Stage } from "chainrule/player/stage.js";
import { TrainPanel } from "chainrule/train/panel.js";
import { Race } from "chainrule/train/race.js";
import { namedSettings } from "chainrule/url.js";

const root = document.querySelector("[data-replay]");
const record = JSON.parse(document.getElementById("chainrule-replay")?.textContent || "0");
if (root && record) start(root, record);

function start(page, data) {
  page.querySelector(".replay-source").textContent = data.source;
  // the settings as recorded, under whatever the file's own address asks for (at=, rk=)
  const settings = { ...data.settings, ...namedSettings() };
  const options = { infos: data.optimizers ?? [], settings, onSettings: () => {}, replay: true };
  if (data.mode === "race") {
    const race = new Race(page.querySelector(".race"), { ...options, setSource: () => {} });
    page.querySelector(".race").hidden = false;
    page.querySelector(".stage").hidden = true;
    race.source = data.source;
    race.load({ ...data.race, source: data.source });
    return;
  }
  const stage = new Stage(page.querySelector(".stage"));
  for (const el of page.querySelectorAll(".train-panel, .train-view")) el.hidden = false;
  page.querySelector(".train-form").disabled = true;
  const panel = new TrainPanel({
    panel: page.querySelector(".train-panel"), view: page.querySelector(".train-view"),
  }, { ...options, stage, getSource: () => data.source });
  panel.restore(data.train);
}
