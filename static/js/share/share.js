// Share: links that restore a view (url.js writes them: the source, step, theme, palette,
// language, the learning views' settings, present mode, collapsed groups, the explained gate and
// practice), the embed snippet, the offline-file URL, and copying with a visible fallback when
// there is no clipboard.
import { LANG, t } from "chainrule/i18n/i18n.js";
import { viewQuery } from "chainrule/url.js";

const EMBED_SIZE = { width: 960, height: 540 };

/** A view ({source, step, theme, palette, lang, present, collapsed, explain, practice, ask,
 * settings: the learning views' changed ones}) as url.js's values; `step` counts the steps
 * shown, like /embed?step=N, and practice starts from its own start: its links have no step. */
function linkValues({ source, step, lang = LANG, practice = null, ask = null, settings = {},
  ...view }) {
  return {
    ...settings, ...view, src: source, step: practice ? null : step, lang, practice,
    ask: practice ? ask : null,
  };
}

/** A link to `/` that reopens exactly this view. */
export function shareLink(origin, view) {
  return `${origin}/?${viewQuery("link", linkValues(view))}`;
}

export function embedUrl(origin, view) {
  return `${origin}/embed?${viewQuery("embed", linkValues(view))}`;
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
  return `/standalone?${viewQuery("file", { ...linkValues(view), download: true })}`;
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
