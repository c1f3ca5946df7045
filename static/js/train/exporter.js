// The offline file of a training run or a race: GET /replay gives the viewer (every module,
// library and font inlined, engine/export/replay.py), and the page puts what it recorded — the
// /api/train documents, boundary frames and scrubbed graphs, or the race's paths and contour
// grid — into its <script id="chainrule-replay">. Nothing is recomputed: the file shows exactly
// the numbers the page showed.
import { fetchReplayShell } from "chainrule/api.js";
import { download } from "chainrule/share/export.js";
import { LANG } from "chainrule/i18n/i18n.js";
import { viewQuery } from "chainrule/url.js";

const PLACEHOLDER = '<script type="application/json" id="chainrule-replay">0</script>';
const MOST_BYTES = 40e6; // past this, runs keep only their final graph

/** Download the offline replay of `record` ({mode, settings, source, optimizers, train|race}). */
export async function exportReplay(mode, record) {
  const { theme, palette } = document.documentElement.dataset; // none: the server's defaults
  const shell = await fetchReplayShell(viewQuery("replay", { mode, lang: LANG, theme, palette }));
  const text = scriptSafe(recordJson(record));
  const page = shell.replace(PLACEHOLDER, () => PLACEHOLDER.replace(">0<", `>${text}<`));
  download(new Blob([page], { type: "text/html" }), `chainrule-${mode}.html`);
  return page;
}

/** The record as JSON; a train record too large keeps each run's final graph only. */
export function recordJson(record) {
  const text = JSON.stringify(record);
  if (text.length <= MOST_BYTES || !record.train) return text;
  const runs = record.train.runs.map((run) => {
    const data = run.toJSON();
    const last = data.graphs[run.steps];
    return { ...data, graphs: last ? { [run.steps]: last } : {} };
  });
  return JSON.stringify({ ...record, train: { ...record.train, runs } });
}

/** JSON that cannot end its <script>: every "<" (only ever inside a string) as \u003c. */
function scriptSafe(text) {
  return text.replace(/</g, "\\u003c");
}
