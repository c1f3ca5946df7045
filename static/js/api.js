// The JSON API (docs/api.md), asked in the page's language: its error messages and
// examples come back in it.
import { LANG, t } from "chainrule/i18n/i18n.js";

export class SourceError extends Error {
  constructor(detail) {
    super(detail.message);
    this.detail = detail; // {type, message, line, column, end_line, end_column}
  }
}

/**
 * POST /api/graph → the graph JSON; a 400 throws SourceError with the error's place. With an
 * `optimizer` ({name, lr, …}) the steps end with the update phase (of `params`, null: all inputs).
 */
export async function fetchGraph(
  source, { check = false, optimizer = null, params = null, code = false, signal } = {},
) {
  const request = { source, check };
  if (optimizer) Object.assign(request, { optimizer, params: params?.length ? params : null });
  if (code) request.code = true; // the code view, its comments in the page's language
  const response = await fetch("/api/graph", {
    method: "POST",
    headers: { "Content-Type": "application/json", "Accept-Language": LANG },
    body: JSON.stringify(request),
    signal,
  });
  const body = await response.json().catch(() => null);
  if (response.ok) {
    Object.defineProperty(body, "request", { value: request }); // for fetchTensor (not exported)
    return body;
  }
  if (body?.error) throw new SourceError(body.error);
  throw new SourceError({ type: "server", message: t("net.status", { status: response.status }) });
}

/**
 * POST /api/tensor → the numbers of a compact tensor of `data` (a fetchGraph answer) whole, as
 * nested lists: the graph's request again, with the tensor's ref and the answer's entropy.
 */
export async function fetchTensor(data, ref) {
  const response = await fetch("/api/tensor", {
    method: "POST",
    headers: { "Content-Type": "application/json", "Accept-Language": LANG },
    body: JSON.stringify({ ...data.request, ref, entropy: data.entropy ?? null }),
  });
  const body = await response.json().catch(() => null);
  if (response.ok) return body.value;
  throw new Error(body?.error?.message ?? t("net.status", { status: response.status }));
}

/** What to show for anything fetchGraph threw: a SourceError's detail, else a lost connection. */
export function errorDetail(error) {
  return error instanceof SourceError
    ? error.detail : { type: "network", message: t("net.unreachable", { detail: error.message }) };
}

/** GET /api/examples → the gallery's presets in order (whatever shape the server gives,
 * normalised): {id, name, source, description, group, groupTitle, mode, check, optimizer,
 * settings}. */
export async function fetchExamples() {
  const response = await fetch("/api/examples", { headers: { "Accept-Language": LANG } });
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
