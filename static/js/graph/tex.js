// KaTeX rendering with a plain-text fallback.
import { katex } from "chainrule/vendor.js";

/** Render `tex` into `el`; show `text` instead when there is no TeX or KaTeX rejects it. */
export function renderTex(el, tex, text = "") {
  el.classList.remove("tex-fallback");
  if (tex && katex) {
    try {
      // MathML beside the HTML: screen readers read the formula (the aria-live caption too);
      // KaTeX hides its HTML glyphs from them, which read the fractions bottom-up.
      katex.render(tex, el, { throwOnError: true, displayMode: false, output: "htmlAndMathml" });
      return;
    } catch {
      // fall through to the plain text
    }
  }
  el.classList.add("tex-fallback");
  el.textContent = text || tex || "";
}
