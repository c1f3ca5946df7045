// The export menu's slides: GET /slides (docs/api.md "GET /slides") for the program and view on the
// page, as PowerPoint or PDF, with every step or one phase's (the menu's choice), as url.js writes
// the address. The server draws each slide as the page draws that step (share/deck.js).
import { LANG } from "chainrule/i18n/i18n.js";
import { slidesQuery } from "chainrule/url.js";

export const PHASES = ["forward", "backward", "update"];

/** The `steps=` of a phase's slides: from the graph with its last phase done to this one done
 * ("0-8" forward, "8-12" backward); "" for every step; null when the graph has no such phase. */
export function phaseSteps(steps, phase) {
  if (phase === "all") return "";
  const counts = PHASES.map((p) => steps.filter((s) => s.phase === p).length);
  const index = PHASES.indexOf(phase);
  if (!counts[index]) return null;
  const before = counts.slice(0, index).reduce((a, b) => a + b, 0);
  return `${index ? before : 0}-${before + counts[index]}`;
}

/** The download's address: `view` as the share bar reads it ({source, theme, palette, collapsed,
 * practice, ask, settings}), the update phase's optimizer included on the graph view. */
export function slidesUrl(view, format, steps) {
  const { mode, iter, ...settings } = view.settings ?? {};
  const graph = (mode ?? "graph") === "graph";
  const values = {
    ...(graph ? settings : {}), src: view.source, lang: LANG, theme: view.theme,
    palette: view.palette, collapsed: view.collapsed, practice: view.practice ?? null,
    ask: view.practice ? view.ask : null,
  };
  return `/slides?${slidesQuery(values, format, steps)}`;
}
