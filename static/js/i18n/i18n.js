// Words in the page's language: the catalog (static/i18n/<lang>.json) sits in the page itself,
// as <script type="application/json" id="chainrule-messages">, on served pages and offline files.

const element = typeof document === "undefined" ? null : document.getElementById("chainrule-messages");
const MESSAGES = element ? JSON.parse(element.textContent) : {};

/** The page's language: "ko" or "en" (<html lang>, set by the server or the export). */
export const LANG = (typeof document === "undefined" ? "" : document.documentElement.lang) || "en";

/** The message `id` with its `{name}` placeholders filled from `params`. */
export function t(id, params = {}) {
  const text = MESSAGES[id] ?? id;
  return text.replace(/\{(\w+)\}/g, (whole, key) => (key in params ? String(params[key]) : whole));
}
