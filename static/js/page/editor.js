// Source editor: textarea + error underline (a mirrored backdrop; a place at a line's end gets a
// box of its own); presets come from the gallery (gallery.js).
// Emits debounced changes; the source is kept in the URL (?src=) and localStorage.
import { t } from "chainrule/i18n/i18n.js";
import { readParams, writeAddress } from "chainrule/url.js";

const STORAGE_KEY = "chainrule.source";
const DEBOUNCE_MS = 300;

export class Editor {
  constructor(root, { onChange = () => {} } = {}) {
    this.textarea = root.querySelector("textarea");
    this.highlights = root.querySelector(".highlights");
    this.backdrop = root.querySelector(".backdrop");
    this.message = root.querySelector(".error-message");
    this.onChange = onChange;
    this.timer = null;
    this.textarea.addEventListener("input", () => this.changed());
    this.textarea.addEventListener("scroll", () => this.syncScroll());
  }

  get value() {
    return this.textarea.value;
  }

  /** Set the text (no debounce: e.g. on load or when a gallery preset is picked). */
  set(source) {
    this.textarea.value = source;
    this.clearError();
    saveSource(source);
    this.onChange(source);
  }

  changed() {
    this.clearError();
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      saveSource(this.value);
      this.onChange(this.value);
    }, DEBOUNCE_MS);
  }

  /** Underline the error's place (1-based line/column, end exclusive) and show its message. */
  showError(detail) {
    const source = this.value;
    const range = errorRange(source, detail);
    this.highlights.replaceChildren();
    if (range) {
      const mark = document.createElement("mark");
      const marked = source.slice(range[0], range[1]);
      const atEnd = marked === "" || marked.startsWith("\n"); // a line's end: no character to mark
      mark.textContent = atEnd ? "" : marked;
      mark.classList.toggle("at-end", atEnd); // drawn as a box of its own (CSS) instead
      const after = source.slice(atEnd ? range[0] : range[1]);
      this.highlights.append(source.slice(0, range[0]), mark, after + "\n");
    }
    this.message.textContent = detail.line
      ? t("editor.error_at", { line: detail.line, column: detail.column, message: detail.message })
      : detail.message;
    this.message.dataset.type = detail.type ?? "";
    this.message.hidden = false;
    this.textarea.setAttribute("aria-invalid", "true");
    this.syncScroll();
  }

  clearError() {
    this.highlights.replaceChildren();
    this.message.hidden = true;
    this.message.textContent = "";
    this.textarea.removeAttribute("aria-invalid");
  }

  syncScroll() {
    this.backdrop.scrollTop = this.textarea.scrollTop;
    this.backdrop.scrollLeft = this.textarea.scrollLeft;
  }
}

/** Character offsets [start, end) of a 1-based line/column range; at least one character. */
export function errorRange(source, { line, column, end_line: endLine, end_column: endColumn }) {
  if (!line) return null;
  const starts = [0];
  for (let i = 0; i < source.length; i++) if (source[i] === "\n") starts.push(i + 1);
  const at = (l, c) => Math.min((starts[l - 1] ?? source.length) + Math.max(c ?? 1, 1) - 1,
    source.length);
  const start = at(line, column);
  let end = endLine ? at(endLine, endColumn) : start + 1;
  if (end <= start) end = Math.min(start + 1, source.length);
  return [start, Math.max(end, start)];
}

/** Source from ?src=, else localStorage, else null. */
export function savedSource() {
  const fromUrl = readParams().src;
  if (fromUrl !== null) return fromUrl;
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

function saveSource(source) {
  writeAddress({ src: source });
  try {
    localStorage.setItem(STORAGE_KEY, source);
  } catch {
    // private mode: the URL still holds it
  }
}
