// The code tab beside the inspector: the graph's NumPy code, asked for only once the tab is open
// (then with every new graph), in the page's language; in practice, with the lines of open
// questions masked (`hide`).
import { errorDetail, fetchGraph } from "chainrule/api.js";
import { codePanel, note } from "chainrule/codeview/panel.js";
import { t } from "chainrule/i18n/i18n.js";

export class CodeTab {
  /** `aside`: the inspector; the tabs go under its heading, the panel at its end. */
  constructor(aside) {
    this.aside = aside;
    this.request = 0;
    this.data = null;
    this.secrets = null;
    const list = document.createElement("div");
    list.className = "inspector-tabs";
    list.setAttribute("role", "tablist");
    this.panel = document.createElement("div");
    this.panel.className = "code-panel";
    this.panel.id = "code-panel";
    this.panel.setAttribute("role", "tabpanel");
    this.buttons = [["node", "codeview.tab_node"], ["code", "codeview.tab"]].map(([tab, id]) => {
      const b = document.createElement("button");
      b.type = "button";
      b.setAttribute("role", "tab");
      b.dataset.inspectorTab = tab;
      b.textContent = t(id);
      b.addEventListener("click", () => this.select(tab));
      list.append(b);
      return b;
    });
    aside.querySelector("h2").after(list);
    aside.append(this.panel);
    this.select("node");
  }

  get open() {
    return this.aside.dataset.tab === "code";
  }

  select(tab) {
    this.aside.dataset.tab = tab;
    for (const b of this.buttons) {
      b.setAttribute("aria-selected", String(b.dataset.inspectorTab === tab));
    }
    if (this.open) this.show();
  }

  /** What an open practice hides now (practice/secrets.js; null: nothing). */
  hide(secrets) {
    this.secrets = secrets;
    this.shown = null;
    if (this.open) this.show();
  }

  /** The graph the stage now shows (`source` its program); with its code if it was asked for. */
  setDocument(data, source) {
    this.data = data;
    this.source = source;
    this.shown = null;
    if (this.open) this.show();
  }

  async show() {
    if (!this.data || this.shown === this.data) return;
    const data = this.data;
    if (!("code" in data)) {
      const id = ++this.request;
      this.panel.replaceChildren(note(t("codeview.loading")));
      try {
        data.code = (await fetchGraph(this.source, { code: true })).code ?? null;
      } catch (error) {
        if (id === this.request) this.panel.replaceChildren(note(errorDetail(error).message));
        return;
      }
      if (id !== this.request || data !== this.data) return;
    }
    this.shown = data;
    this.panel.replaceChildren(codePanel(data.code, this.secrets));
  }
}
