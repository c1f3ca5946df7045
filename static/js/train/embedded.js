// `/embed?mode=train|race&src=…` for slides: the train panel (settings from the link, Run, the
// loss curve, the boundary and the scrubber; a link's overlaid runs run again at once while they
// add up to LINK_STEPS steps, else on a press of Run) or the race, without the editor and graph.
import { fetchOptimizers } from "chainrule/api.js";
import { TrainPanel } from "chainrule/train/panel.js";
import { Race } from "chainrule/train/race.js";
import { readSettings, writeSettings } from "chainrule/url.js";

/** Start the panel of `mode` in the embed page `root` (its program: data-src). */
export async function startEmbedded(root, mode) {
  root.dataset.mode = mode;
  root.querySelector(".stage").hidden = true;
  const settings = readSettings();
  const infos = await fetchOptimizers().catch(() => []);
  const source = root.dataset.src ?? "";
  const options = { infos, settings, onSettings: () => writeSettings(settings) };
  if (mode === "race") {
    const race = new Race(root.querySelector(".race"), { ...options, setSource: () => {} });
    root.querySelector(".race").hidden = false;
    await race.run(source);
    return race;
  }
  for (const el of root.querySelectorAll(".train-panel, .train-view")) el.hidden = false;
  const graphless = { load() {} }; // no room for the graph in a slide's frame
  const panel = new TrainPanel({
    panel: root.querySelector(".train-panel"), view: root.querySelector(".train-view"),
  }, { ...options, stage: graphless, getSource: () => source });
  if (settings.runs.length) panel.replay(settings.runs);
  return panel;
}
