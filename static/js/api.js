// The server's routes (docs/api.md), the one module that asks it: every request goes out in the
// page's language (error messages, presets and captions come back in it), every answer that is
// not ok becomes a SourceError with the one error shape's detail (docs/api.md "Errors"), and a
// `signal` aborts it.
import { LANG, t } from "chainrule/i18n/i18n.js";

const NDJSON = "application/x-ndjson";

export class SourceError extends Error {
  constructor(detail) {
    super(detail.message);
    this.detail = detail; // {type, message, line, column, end_line, end_column}
  }
}

/** What to show for anything a request threw: a SourceError's detail, else a lost connection. */
export function errorDetail(error) {
  return error instanceof SourceError
    ? error.detail : { type: "network", message: t("net.unreachable", { detail: error.message }) };
}

/** fetch `path` in the page's language: GET, or POST of `body` as JSON. */
function request(path, { body, accept, signal } = {}) {
  const headers = { "Accept-Language": LANG };
  if (accept) headers.Accept = accept;
  if (body === undefined) return fetch(path, { headers, signal });
  headers["Content-Type"] = "application/json";
  return fetch(path, { method: "POST", headers, body: JSON.stringify(body), signal });
}

/** The JSON answer; one that is not ok throws SourceError (its error, else its status). */
async function answer(response) {
  const body = await response.json().catch(() => null);
  if (response.ok) return body;
  if (body?.error) throw new SourceError(body.error);
  throw new SourceError({ type: "server", message: t("net.status", { status: response.status }) });
}

/** POST `body` to `path` → the JSON answer. */
async function post(path, body, { signal } = {}) {
  return answer(await request(path, { body, signal }));
}

/**
 * POST /api/graph → the graph JSON; a 400 throws SourceError with the error's place. With
 * an `optimizer` ({name, lr, …}) the steps end with the update phase (of `params`, null: all
 * inputs).
 */
export async function fetchGraph(
  source, { check = false, optimizer = null, params = null, code = false, signal } = {},
) {
  const body = { source, check };
  if (optimizer) Object.assign(body, { optimizer, params: params?.length ? params : null });
  if (code) body.code = true; // the code view, its comments in the page's language
  const data = await post("/api/graph", body, { signal });
  Object.defineProperty(data, "request", { value: body }); // for fetchTensor (not exported)
  return data;
}

/**
 * POST /api/tensor → the numbers of a compact tensor of `data` (a fetchGraph answer) whole, as
 * nested lists: the graph's request again, with the tensor's ref and the answer's entropy.
 */
export async function fetchTensor(data, ref) {
  const body = { ...data.request, ref, entropy: data.entropy ?? null };
  return (await post("/api/tensor", body)).value;
}

/**
 * POST /api/renumber → the graph of `source` with other input numbers, drawn from seeds `seed`,
 * `seed + 1`, …: the graph JSON with its new `source` and the `seed` that drew it. A 400 (no draw
 * kept the graph fair, or the program's own error) throws SourceError.
 */
export async function fetchRenumbered(source, seed) {
  const data = await post("/api/renumber", { source, seed });
  const body = { source: data.source, check: false }; // what fetchGraph would have sent
  Object.defineProperty(data, "request", { value: body }); // for fetchTensor
  return data;
}

/** POST /api/train, the whole answer at once. */
export function fetchTrain(body, { signal } = {}) {
  return post("/api/train", body, { signal });
}

/**
 * POST /api/train as NDJSON: `onProgress({step, loss, accuracy})` for each progress line, and
 * the whole document (the last line) as the result.
 */
export async function streamTrain(body, { onProgress = () => {}, signal } = {}) {
  const response = await request("/api/train", { body, accept: NDJSON, signal });
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
  return (await fetchTrain({ ...body, steps: k }, { signal })).final;
}

/** POST /api/boundaries: a run's predicted classes at `count` + 1 iterations. */
export function fetchBoundaries(body, { signal } = {}) {
  return post("/api/boundaries", body, { signal });
}

/** POST /api/surface: f over a grid and f, ∇f at the race's points. */
export function fetchSurface(body, { signal } = {}) {
  return post("/api/surface", body, { signal });
}

let optimizers = null;

/** GET /api/optimizers (once): [{name, defaults, tex}]. */
export function fetchOptimizers() {
  optimizers ??= request("/api/optimizers").then((r) => (r.ok ? r.json() : []));
  return optimizers;
}

/** GET /api/examples → the gallery's presets in order (whatever shape the server gives,
 * normalised): {id, name, source, description, group, groupTitle, mode, check, optimizer,
 * settings}. */
export async function fetchExamples() {
  const response = await request("/api/examples");
  if (!response.ok) return [];
  const body = await response.json();
  const list = Array.isArray(body) ? body : body.examples ?? Object.values(body);
  return list.map((ex, i) => ({
    id: ex.id ?? String(i),
    name: ex.name ?? ex.title ?? ex.id ?? t("editor.example_n", { n: i + 1 }),
    source: ex.source ?? ex.src ?? "",
    description: ex.description ?? "",
    group: ex.group ?? "",
    groupTitle: ex.group_title ?? ex.group ?? "",
    mode: ex.mode ?? "graph",
    check: Boolean(ex.check),
    optimizer: ex.optimizer ?? null,
    settings: ex.settings ?? null,
  }));
}

/** GET /replay?`query` → the offline viewer's HTML, with its record still to fill in. */
export async function fetchReplayShell(query) {
  return (await request(`/replay?${query}`)).text();
}
