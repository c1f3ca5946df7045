// The server behind the learning views: POST /api/train (whole, or streamed as NDJSON lines),
// /api/boundaries, /api/surface and GET /api/optimizers, in the page's language. Errors come back
// as api.js's SourceError, so the editor and the panels show them as they show /api/graph's.
import { SourceError, fetchGraph } from "chainrule/api.js";
import { LANG, t } from "chainrule/i18n/i18n.js";

const JSON_HEADERS = { "Content-Type": "application/json", "Accept-Language": LANG };
const NDJSON = "application/x-ndjson";

/** POST a JSON body → the JSON answer; a 400 throws SourceError. */
export async function postJson(url, body, { signal } = {}) {
  const response = await fetch(url, {
    method: "POST", headers: JSON_HEADERS, body: JSON.stringify(body), signal,
  });
  return answer(response);
}

async function answer(response) {
  const body = await response.json().catch(() => null);
  if (response.ok) return body;
  if (body?.error) throw new SourceError(body.error);
  throw new SourceError({ type: "server", message: t("net.status", { status: response.status }) });
}

/**
 * POST /api/train as NDJSON: `onProgress({step, loss, accuracy})` for each progress line, and
 * the whole document (the last line) as the result.
 */
export async function streamTrain(body, { onProgress = () => {}, signal } = {}) {
  const response = await fetch("/api/train", {
    method: "POST", headers: { ...JSON_HEADERS, Accept: NDJSON }, body: JSON.stringify(body), signal,
  });
  if (!response.ok || !response.body) return answer(response);
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  let document = null;
  const take = (line) => {
    if (!line.trim()) return;
    const item = JSON.parse(line);
    if (item.error) throw new SourceError(item.error);
    if ("final" in item) document = item;
    else onProgress(item);
  };
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    const lines = buffer.split("\n");
    buffer = lines.pop();
    lines.forEach(take);
  }
  take(buffer + decoder.decode());
  if (!document) throw new SourceError({ type: "server", message: t("train.cut") });
  return document;
}

/** The graph document at the parameters p_k of a run (k = 0: the program as written). */
export async function graphAt(body, k, { signal } = {}) {
  if (k === 0) {
    return fetchGraph(body.source, { optimizer: body.optimizer, params: body.params, signal });
  }
  return (await postJson("/api/train", { ...body, steps: k }, { signal })).final;
}

let optimizers = null;

/** GET /api/optimizers (once): [{name, defaults, tex}]. */
export function fetchOptimizers() {
  optimizers ??= fetch("/api/optimizers").then((r) => (r.ok ? r.json() : []));
  return optimizers;
}
