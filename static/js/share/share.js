// Share: links that restore a view (source, step, theme, palette, language, present mode,
// collapsed groups as `collapsed=g0,g2`, the explained gate as `explain=Y`), the embed snippet, the offline-file URL, and copying
// with a visible fallback when there is no clipboard.
import { LANG, t } from "chainrule/i18n/i18n.js";

const EMBED_SIZE = { width: 960, height: 540 };

/** The view as query parameters; `step` counts steps shown, like /embed?step=N. */
export function viewParams({
  source, step, theme, palette, lang = LANG, present = false, collapsed = [],
  practice = null, ask = null, explain = null, extra = [],
}) {
  const params = new URLSearchParams({ src: source, step: String(step), theme, palette, lang });
  for (const [key, value] of extra) params.set(key, value); // mode= and its settings
  if (present) params.set("present", "1");
  if (collapsed.length) params.set("collapsed", collapsed.join(","));
  if (explain) params.set("explain", explain); // the gate whose explainer is open
  if (practice) {
    params.set("practice", practice); // practice mode: grad | value | both, from its own start
    params.delete("step");
    if (ask?.length) params.set("ask", ask.join(",")); // the edges it asks
  }
  return params;
}

/** A link to `/` that reopens exactly this view. */
export function shareLink(origin, view) {
  return `${origin}/?${viewParams(view)}`;
}

export function embedUrl(origin, view) {
  const params = viewParams({ ...view, present: false });
  return `${origin}/embed?${params}`;
}

/** An iframe snippet for slides and web pages. */
export function embedCode(origin, view) {
  const src = escapeAttr(embedUrl(origin, view));
  const { width, height } = EMBED_SIZE;
  const title = escapeAttr(t("graph.title"));
  return `<iframe src="${src}" width="${width}" height="${height}" style="border: 0" `
    + `title="${title}" loading="lazy"></iframe>`;
}

/** GET /standalone as a download: the offline single-file viewer of this view. */
export function standaloneUrl(view) {
  const params = viewParams({ ...view, present: false });
  params.set("download", "1");
  return `/standalone?${params}`;
}

/**
 * What the address asks for beyond the source: {step: number|null, present, collapsed,
 * practice: "grad"|"value"|"both"|null, ask: edge ids|null, explain: a gate's name or id|null}.
 */
export function requestedView(search = location.search) {
  const params = new URLSearchParams(search);
  const step = params.get("step");
  const n = step === null || step === "" ? NaN : Number(step);
  const practice = params.get("practice");
  const ask = collapsedGroups(params.get("ask"));
  return {
    step: Number.isInteger(n) && n >= 0 ? n : null,
    present: params.get("present") === "1",
    collapsed: collapsedGroups(params.get("collapsed")),
    practice: ["grad", "value", "both"].includes(practice) ? practice : null,
    ask: ask.length ? ask : null,
    explain: params.get("explain")?.trim() || null,
  };
}

/** The gate `explain=` names, by id or else by its name in the program; null if none. */
export function explainedGate(model, ref) {
  if (!ref || !model) return null;
  if (model.nodes.has(ref)) return ref;
  return [...model.nodes.values()].find((n) => n.name === ref)?.id ?? null;
}

/** How a link names gate `id`: its name when no other gate has it, else its id. */
export function gateRef(model, id) {
  const node = model?.nodes.get(id);
  if (!node) return null;
  const named = node.name && [...model.nodes.values()].filter((n) => n.name === node.name);
  return named?.length === 1 ? node.name : id;
}

/** Ids from "g0,g2" (groups; also asked edges "e3,e5"); unknown ids are dropped later. */
export function collapsedGroups(text) {
  return (text ?? "").split(",").map((id) => id.trim()).filter(Boolean);
}

/**
 * Copy `text`; the panel `out` always shows it selected, so it can be copied by hand when the
 * clipboard is unavailable (insecure origin, permission refused); `what` is "link" or "embed".
 * Resolves to true if copied.
 */
export async function copyText(text, out, what = "link") {
  let copied = false;
  try {
    await navigator.clipboard.writeText(text);
    copied = true;
  } catch {
    copied = false;
  }
  out.querySelector(".share-status").textContent = copied
    ? t(`share.copied_${what}`) : t(`share.by_hand_${what}`);
  out.dataset.copied = String(copied);
  const area = out.querySelector("textarea");
  area.value = text;
  out.hidden = false;
  area.focus();
  area.select();
  return copied;
}

function escapeAttr(text) {
  return text.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");
}
