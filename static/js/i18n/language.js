// The 한국어 / English switch in the header (templates/_language.html): the choice is saved in
// the cookie the server reads (app/lang.py) and the page reloads with ?lang=, every other
// parameter kept, and those `kept()` gives (the step the player is at) set.
import { withParams } from "chainrule/url.js";

const YEAR = 365 * 24 * 60 * 60;

/** `href` with its ?lang= set to `lang`, and `extra`'s {key: text} set; everything else
 * unchanged. */
export function languageUrl(href, lang, extra = {}) {
  return withParams(href, { ...extra, lang });
}

/** `kept()` → {key: text}: what the page shows now that its address does not say yet. */
export function initLanguageSwitch(root = document, kept = () => ({})) {
  const group = root.querySelector(".lang-switch");
  if (!group) return;
  group.addEventListener("click", (event) => {
    const lang = event.target.closest("[data-lang]")?.dataset.lang;
    if (!lang) return;
    document.cookie = `${group.dataset.cookie}=${lang}; path=/; max-age=${YEAR}; SameSite=Lax`;
    location.assign(languageUrl(location.href, lang, kept()));
  });
}
