// The learning views' vocabulary: their modes, the optimizers and their hyperparameters (the
// server's table, facts.js), how many runs a chart overlays, and the optimizer object of a
// request. Their settings travel in the address through the one table of url.js.

import { OPTIMIZER_NAMES, RANGES } from "chainrule/train/facts.js";

export const MODES = ["graph", "train", "race"];
export const OPTIMIZERS = OPTIMIZER_NAMES; // the server's table (facts.js), as its ranges below
export const HYPER = Object.keys(RANGES).filter((key) => key !== "lr");
export const MOST_RUNS = 4; // runs overlaid on the loss chart (and kept in a link)
// a link's runs start by themselves while their steps add up to this at most; longer ones wait
// for a press of Run (docs/api.md "Pages and their view parameters")
export const LINK_STEPS = 1000;

/** The optimizer object of /api/graph and /api/train from the settings (null: none). */
export function optimizerSpec(settings, fallback = null) {
  const name = settings.opt || fallback;
  if (!name) return null;
  const spec = { name, lr: settings.lr };
  for (const key of HYPER) if (settings[key] !== null) spec[key] = settings[key];
  return spec;
}
