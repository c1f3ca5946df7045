// The 한국어 / English switch in the header (templates/_language.html): the choice is saved in
// the cookie the server reads (app/lang.py) and the page reloads with ?lang=, every other
// parameter kept.

const YEAR = 365 * 24 * 60 * 60;

/** `href` with its ?lang= set to `lang`, everything else unchanged. */
export function languageUrl(href, lang) {
  const url = new URL(href);
  url.searchParams.set("lang", lang);
  return url.href;
}

export function initLanguageSwitch(root = document) {
  const group = root.querySelector(".lang-switch");
  if (!group) return;
  group.addEventListener("click", (event) => {
    const lang = event.target.closest("[data-lang]")?.dataset.lang;
    if (!lang) return;
    document.cookie = `${group.dataset.cookie}=${lang}; path=/; max-age=${YEAR}; SameSite=Lax`;
    location.assign(languageUrl(location.href, lang));
  });
}
