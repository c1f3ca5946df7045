// KaTeX rendering with a plain-text fallback.
import { katex } from "chainrule/vendor.js";

/** Render `tex` into `el`; show `text` instead when there is no TeX or KaTeX rejects it. */
export function renderTex(el, tex, text = "") {
  el.classList.remove("tex-fallback");
  if (tex && katex) {
    try {
      katex.render(tex, el, { throwOnError: true, displayMode: false, output: "html" });
      return;
    } catch {
      // fall through to the plain text
    }
  }
  el.classList.add("tex-fallback");
  el.textContent = text || tex || "";
}
