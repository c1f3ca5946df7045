// The explainers where there is no inspector: /embed, the offline file and so notebooks. As on
// the editor page, a click on a conv, pool or activation gate (or Enter on the graph for the
// current step's gate) opens its explainer: in a panel beside the graph, a bottom sheet above
// the player on phones. × or Escape closes it. The same Explainers as the inspector's, reading
// only the graph document, so the offline file needs no server. In practice, a gate whose
// walk-through would give an open question away (practice/secrets.js) opens none. While it is
// open the graph steps aside: fitted with readable numbers (cut if need be), not whole however
// small, so a 960×540 frame keeps numbers one can read beside the walk-through.
import { Explainers } from "chainrule/explain/explainers.js";
import { kindText } from "chainrule/graph/model.js";
import { watchSecrets } from "chainrule/practice/secrets.js";
import { explainedGate } from "chainrule/share/share.js";

export class ExplainSheet {
  /** `root`: the page's [data-embed] or [data-standalone] element, holding _explain_sheet.html;
   *  `stage`: its Stage (created with onSelect → select, onStep → stepped). */
  constructor(root, stage) {
    this.root = root;
    this.stage = stage;
    this.el = root.querySelector(".explain-sheet");
    this.heading = this.el.querySelector(".explain-sheet-title");
    this.body = this.el.querySelector(".explain-sheet-body");
    this.explainers = new Explainers({ scroll: false }); // the sheet starts at its top
    this.nodeId = null;
    this.state = null;
    this.fitWhole = stage.view.fitWhole; // the frame's own policy, back when the sheet shuts
    this.el.querySelector(".explain-close").addEventListener("click", () => this.close());
    this.el.addEventListener("keydown", (event) => this.key(event));
    this.graph = stage.view.svg.node();
    this.graph.addEventListener("keydown", (event) => this.graphKey(event));
    watchSecrets(stage.root, (secrets) => {
      this.secrets = secrets;
      if (this.nodeId && !this.show(this.nodeId)) this.hide();
    });
  }

  /** The player moved: the open explainer learns what it has revealed. */
  stepped(state) {
    this.state = state;
    if (this.nodeId) this.show(this.nodeId);
  }

  /** A gate was picked in the graph: its explainer, or none (the sheet shuts). */
  select(nodeId) {
    const opened = this.show(nodeId);
    if (opened) this.body.scrollTop = 0;
    else this.hide();
  }

  /** `explain=` (a gate's name or id), once the graph is drawn: open its explainer as a click
   *  would; a gate that has none, or no such gate, leaves the sheet shut and nothing marked. */
  open(ref) {
    const id = explainedGate(this.stage.model, ref);
    if (!id) return;
    this.stage.view.select(id);
    if (this.nodeId !== id) this.stage.view.select(null);
  }

  show(nodeId) {
    const model = this.stage.model;
    const node = model?.nodes.get(nodeId);
    const secret = this.secrets?.model === model && this.secrets.walkthroughs.has(nodeId);
    const parts = node && this.state && !secret
      ? this.explainers.elements(model, this.state, node) : [];
    if (!parts.length) return false;
    this.nodeId = nodeId;
    this.heading.textContent = `${node.symbol ?? node.name ?? node.id} — ${kindText(node)}`;
    this.body.replaceChildren(...parts);
    this.el.hidden = false;
    this.root.dataset.explain = "open";
    this.el.dataset.node = nodeId;
    this.stepAside(true);
    return true;
  }

  hide() {
    this.nodeId = null;
    this.el.hidden = true;
    delete this.root.dataset.explain;
    delete this.el.dataset.node;
    this.stepAside(false);
  }

  /** The graph's fit while the sheet is open (readable) or shut (the frame's own). */
  stepAside(open) {
    const view = this.stage.view;
    if (view.readable === open) return;
    view.readable = open;
    view.fitWhole = !open && this.fitWhole;
    this.stage.refit();
  }

  /** × or Escape: shut, unmark the gate, and give the keys back to the graph. */
  close() {
    if (!this.nodeId) return;
    this.stage.view.select(null); // → select(null) → hide()
    this.hide();
    this.graph.focus({ preventScroll: true });
  }

  key(event) {
    if (event.key !== "Escape") return;
    event.preventDefault();
    this.close();
  }

  /** Enter on the focused graph explains the current step's gate; Escape shuts the sheet. */
  graphKey(event) {
    if (event.key === "Escape") return this.close();
    const id = this.stage.view.state?.current?.node;
    if (event.key !== "Enter" || !id) return;
    event.preventDefault();
    this.stage.view.select(id);
  }
}
