// The graph as plain NumPy (`"code": true` on /api/graph, engine/codegen.py): forward then
// backward, comments in the page's language, and a copy button that falls back to a selected
// text box (share.js copyText) where there is no clipboard.
import { t } from "chainrule/i18n/i18n.js";
import { copyText } from "chainrule/share/share.js";

/** The code as a panel: copy button (and its fallback box), then the two passes. */
export function codePanel(code) {
  const panel = document.createDocumentFragment();
  if (!code) {
    panel.append(note(t("codeview.none")));
    return panel;
  }
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
  const text = `${code.forward}\n${code.backward}`;
  copy.addEventListener("click", async () => {
    area.hidden = false;
    area.hidden = await copyText(text, out, "code"); // copied: the status line is enough
    if (area.hidden) copy.focus();
  });
  const tools = document.createElement("div");
  tools.className = "code-tools";
  tools.append(copy);
  panel.append(tools, out, ...pass("code.forward", code.forward, "forward"),
    ...pass("code.backward", code.backward, "backward"));
  return panel;
}

/** A heading and the pass's lines, `# comments` set apart. */
function pass(headingId, text, which) {
  const h = document.createElement("h3");
  h.textContent = t(headingId);
  const pre = document.createElement("pre");
  pre.dataset.code = which;
  pre.tabIndex = 0; // scrollable by keyboard
  for (const line of text.replace(/\n$/, "").split("\n")) {
    const at = line.search(/(^|\s)#/);
    if (at < 0) {
      pre.append(`${line}\n`);
    } else {
      const comment = document.createElement("span");
      comment.className = "comment";
      comment.textContent = line.slice(at);
      pre.append(line.slice(0, at), comment, "\n");
    }
  }
  return [h, pre];
}

export function note(text) {
  const p = document.createElement("p");
  p.className = "hint";
  p.textContent = text;
  return p;
}

