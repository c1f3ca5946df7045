// The graph as plain NumPy (`"code": true` on /api/graph, engine/document/codegen.py): forward then
// backward, comments in the page's language, and a copy button that falls back to a selected
// text box (share.js copyText) where there is no clipboard. In practice, the lines of open
// questions show "?" (mask.js) and the copy button copies what is shown.
import { maskCode } from "chainrule/codeview/mask.js";
import { t } from "chainrule/i18n/i18n.js";
import { copyText } from "chainrule/share/share.js";

/** The code as a panel: copy button (and its fallback box), then the two passes; `secrets`:
 * what an open practice hides (practice/secrets.js), null for nothing. */
export function codePanel(code, secrets = null) {
  const panel = document.createDocumentFragment();
  const shown = code && maskCode(code, secrets);
  if (!shown) {
    panel.append(note(t(code ? "codeview.practice_hidden" : "codeview.none")));
    return panel;
  }
  if (shown.count) panel.append(note(t("codeview.practice_masked")));
  panel.append(...copyTools(`${shown.forward}\n${shown.backward}`),
    ...pass("code.forward", shown.forward, "forward", shown.masked.forward),
    ...pass("code.backward", shown.backward, "backward", shown.masked.backward));
  return panel;
}

/** The copy button and the box that shows `text` selected when there is no clipboard. */
function copyTools(text) {
  const copy = document.createElement("button");
  copy.type = "button";
  copy.className = "code-copy";
  copy.textContent = t("codeview.copy");
  const out = document.createElement("div");
  out.className = "code-out";
  out.hidden = true;
  out.setAttribute("role", "status");
  const status = document.createElement("span");
  status.className = "share-status";
  const area = document.createElement("textarea");
  area.readOnly = true;
  area.setAttribute("aria-label", t("share.text_label"));
  out.append(status, area);
  copy.addEventListener("click", async () => {
    area.hidden = false;
    area.hidden = await copyText(text, out, "code"); // copied: the status line is enough
    if (area.hidden) copy.focus();
  });
  const tools = document.createElement("div");
  tools.className = "code-tools";
  tools.append(copy);
  return [tools, out];
}

/** A heading and the pass's lines, `# comments` set apart, lines in `masked` marked. */
function pass(headingId, text, which, masked) {
  const h = document.createElement("h3");
  h.textContent = t(headingId);
  const pre = document.createElement("pre");
  pre.dataset.code = which;
  pre.tabIndex = 0; // scrollable by keyboard
  text.replace(/\n$/, "").split("\n").forEach((line, i) => {
    const at = line.search(/(^|\s)#/);
    if (masked.has(i)) {
      const hidden = document.createElement("span");
      hidden.className = "masked";
      hidden.title = t("codeview.masked_line");
      hidden.textContent = line;
      pre.append(hidden, "\n");
    } else if (at < 0) {
      pre.append(`${line}\n`);
    } else {
      const comment = document.createElement("span");
      comment.className = "comment";
      comment.textContent = line.slice(at);
      pre.append(line.slice(0, at), comment, "\n");
    }
  });
  return [h, pre];
}

export function note(text) {
  const p = document.createElement("p");
  p.className = "hint";
  p.textContent = text;
  return p;
}

