// Inspector: details of the clicked node, the gate pattern in words, and the gradient check. In
// practice, what an open question would give away (practice/secrets.js) shows as hidden.
import { fetchTensor } from "chainrule/api.js";
import { tensorLoader } from "chainrule/inspector/compact.js";
import { Explainers } from "chainrule/explain/explainers.js";
import { fmt, fmtError } from "chainrule/graph/format.js";
import { t } from "chainrule/i18n/i18n.js";
import { valueElement } from "chainrule/inspector/matrix.js";
import { kindText, nodeGradKnown } from "chainrule/graph/model.js";
import { renderTex } from "chainrule/graph/tex.js";

/** The gate patterns of the slides, explained in words (catalog ids `gate.<kind>`). */
export const GATE_KINDS = ["distributor", "swap", "router", "adder"];

export class Inspector {
  constructor(root, { onCheck = () => {} } = {}) {
    this.root = root;
    this.body = root.querySelector(".inspector-body");
    this.checkBox = root.querySelector("input.check-toggle");
    this.checkOut = root.querySelector(".check-result");
    this.checkBox.addEventListener("change", () => onCheck(this.checkBox.checked));
    this.nodeId = null;
    this.secrets = null;
    this.explainers = new Explainers(); // conv/pool walk-throughs, activation plots, layer bars
  }

  /** Hide what practice asks (`secrets`: practice/secrets.js, null: nothing) and redraw. */
  hide(secrets) {
    this.secrets = secrets;
    if (this.model) this.show(this.model, this.state);
  }

  /** Show a node (or the hint when nothing is selected) at the given player state. */
  show(model, state, nodeId = this.nodeId) {
    if (model !== this.model) { // big tensors load whole from this graph's own request
      this.loader = model?.source ? tensorLoader((ref) => fetchTensor(model.source, ref)) : null;
    }
    this.model = model;
    this.state = state;
    this.nodeId = model?.nodes.has(nodeId) ? nodeId : null;
    const node = this.nodeId ? model.nodes.get(this.nodeId) : null;
    const walked = node && !this.hidden("walkthroughs", node.id) ? node : null;
    const explained = state ? this.explainers.elements(model, state, walked) : [];
    if (!node) {
      this.body.replaceChildren(hint(t("inspector.hint")), ...explained);
    } else {
      this.body.replaceChildren(...this.rows(node, state), ...explained);
    }
    this.showCheck(model?.check ?? null);
  }

  rows(node, state) {
    const known = state.computed.has(node.id);
    const gradKnown = nodeGradKnown(this.model, state, node.id);
    const rows = [
      row(t("inspector.node"), `${node.symbol ?? node.name ?? node.id} — ${kindText(node)}`),
      row(t("inspector.shape"), node.shape.length ? node.shape.join("×") : t("inspector.scalar")),
      row(t("inspector.value"),
        known ? valueElement(node.value, node.shape, this.loader) : pending()),
      row(t("inspector.grad"), node.grad === null ? "—"
        : gradKnown ? valueElement(node.grad, node.shape, this.loader) : pending()),
    ];
    if (node.formula) {
      const hidden = this.hidden("formulas", node.id);
      rows.push(row(t("inspector.local_gradient"),
        hidden ? pending("practice.hidden_formula") : texElement(node.formula)));
    }
    for (const words of gateWords(node)) rows.push(row(t("inspector.pattern"), words));
    return rows;
  }

  showCheck(check) {
    this.checkOut.replaceChildren();
    if (!this.checkBox.checked) return;
    if (!check) {
      this.checkOut.append(hint(t("inspector.checking")));
      return;
    }
    this.checkOut.append(checkTable(check, this.model.nodes.get(this.nodeId)?.name,
      this.unshownGrads()));
  }

  /** Whether practice hides `what` (formulas, walkthroughs) of node `id` now. */
  hidden(what, id) {
    return this.secrets?.model === this.model && Boolean(this.secrets?.[what].has(id));
  }

  /** While practice asks gradients: the inputs whose gradient the graph does not show yet. */
  unshownGrads() {
    const { model, state, secrets } = this;
    if (!state || secrets?.model !== model || !secrets.gradsAsked) return new Set();
    const inputs = [...model.nodes.values()].filter((n) => n.kind === "input");
    return new Set(inputs.filter((n) => !nodeGradKnown(model, state, n.id)).map((n) => n.name));
  }
}

function gateWords(node) {
  const kinds = [];
  if (GATE_KINDS.includes(node.gate)) kinds.push(node.gate);
  const uses = node.out.filter((id) => id !== "__out").length;
  if (uses > 1 && node.gate !== "adder") kinds.push("adder");
  return kinds.map((kind) => t(`gate.${kind}`));
}

/** The check's table; the gradients of `asked` inputs (an open practice question) as "?". */
function checkTable(check, selectedName, asked) {
  const table = document.createElement("table");
  table.className = "check-table";
  const head = table.createTHead().insertRow();
  for (const h of ["input", "analytic", "numeric", "rel_error"]) head.append(th(t(`check.${h}`)));
  const body = table.createTBody();
  for (const [name, r] of Object.entries(check.inputs ?? {})) {
    const tr = body.insertRow();
    tr.classList.toggle("selected", name === selectedName);
    tr.classList.toggle("bad", worst(r.rel_error) > 1e-4);
    const open = asked.has(name);
    const [analytic, numeric] = open ? ["?", "?"] : [summary(r.analytic), summary(r.numeric)];
    for (const v of [name, analytic, numeric, fmtError(worst(r.rel_error))]) {
      tr.insertCell().textContent = v;
    }
    if (open) tr.title = t("practice.hidden_grad");
  }
  const caption = table.createCaption();
  caption.textContent = t(check.ok ? "check.agree" : "check.differ",
    { error: fmtError(check.max_rel_error) });
  caption.className = check.ok ? "ok" : "bad";
  return table;
}

function worst(v) {
  return Array.isArray(v) ? Math.max(...v.flat(Infinity)) : v;
}

function summary(v) {
  if (!Array.isArray(v)) return fmt(v);
  const items = v.flat(Infinity);
  return items.slice(0, 3).map(fmt).join(" ") + (items.length > 3 ? " …" : "");
}

function row(label, content) {
  const div = document.createElement("div");
  div.className = "row";
  const dt = document.createElement("span");
  dt.className = "key";
  dt.textContent = label;
  const dd = document.createElement("span");
  dd.className = "val";
  dd.append(content);
  div.append(dt, dd);
  return div;
}

function texElement(tex) {
  const span = document.createElement("span");
  renderTex(span, tex, tex);
  return span;
}

function pending(id = "inspector.pending") {
  const span = document.createElement("span");
  span.className = "pending";
  span.textContent = t(id);
  return span;
}

function hint(text) {
  const p = document.createElement("p");
  p.className = "hint";
  p.textContent = text;
  return p;
}

function th(text) {
  const el = document.createElement("th");
  el.textContent = text;
  return el;
}
