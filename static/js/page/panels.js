// The editor page's side panels (chainrule.css draws each state from data-* on the app): the
// header's menu on tablets and phones (data-menu), the "source" toggle for the editor panel
// (data-code), the inspector as a bottom sheet on phones (data-sheet) and, on desktops where the
// graph needs the room, as a side panel that opens when a gate is picked (data-inspect). Escape
// closes the innermost open thing and gives focus back to the control that opened it.

const PHONE = matchMedia("(max-width: 600px)");
const COMPACT = matchMedia("(max-width: 1100px)"); // tablets and phones
// A 720p projector (or a small laptop): the source panel starts folded, the graph takes the width.
const FOLDED = matchMedia(
  "(min-width: 1101px) and (max-width: 1300px), (min-width: 1101px) and (max-height: 800px)");
// There and on 1080p screens (larger numbers wanted) the inspector waits for a gate to be picked.
const ON_DEMAND = matchMedia("(min-width: 1101px) and (max-width: 1300px), "
  + "(min-width: 1101px) and (max-height: 800px), (min-width: 1700px)");

export class Panels {
  /** `root`: the page's [data-app]; `stage`: its Stage (Enter on the graph inspects a gate). */
  constructor(root, stage) {
    this.root = root;
    this.stage = stage;
    this.menuButton = root.querySelector(".menu-toggle");
    this.menu = root.querySelector(".topbar-menu");
    this.codeButton = root.querySelector(".code-toggle");
    this.sheet = root.querySelector(".inspector");
    this.graph = root.querySelector("svg.graph");
    this.menuButton.addEventListener("click", () => this.setMenu(root.dataset.menu !== "open"));
    this.codeButton.addEventListener("click", () => this.setCode(!this.codeOpen));
    this.sheet.querySelector(".sheet-close").addEventListener("click", () => this.closeSheet());
    this.graph.addEventListener("keydown", (event) => this.graphKey(event));
    root.addEventListener("keydown", (event) => event.key === "Escape" && this.escape(event));
    document.addEventListener("pointerdown", (event) => this.pointerDown(event));
    this.menu.addEventListener("focusout", (event) => this.focusLeft(event));
    this.trackShareOpener();
    for (const query of [PHONE, COMPACT, FOLDED, ON_DEMAND]) {
      query.addEventListener("change", () => this.reset());
    }
    this.reset();
  }

  /** Phones and projectors start with the editor folded away, tablets and desktops with it open;
   *  nothing else open. */
  reset() {
    for (const key of ["code", "menu", "sheet", "inspect"]) delete this.root.dataset[key];
    this.menuButton.setAttribute("aria-expanded", "false");
    this.codeButton.setAttribute("aria-expanded", String(this.codeOpen));
  }

  get codeOpen() {
    const state = this.root.dataset.code;
    return PHONE.matches || FOLDED.matches ? state === "open" : state !== "closed";
  }

  /** Open or close the panel; the graph is fitted to the room it leaves. */
  setCode(open) {
    this.root.dataset.code = open ? "open" : "closed";
    this.codeButton.setAttribute("aria-expanded", String(open));
    this.stage.refit();
  }

  /** A gallery preset was picked: on a projector the source panel (opened to reach the gallery)
   *  folds away again, so the graph has the width; its toggle, focused, brings it back. */
  picked(example) {
    if (!FOLDED.matches || COMPACT.matches || example.mode !== "graph" || !this.codeOpen) return;
    this.setCode(false);
    this.codeButton.focus({ preventScroll: true });
  }

  setMenu(open) {
    if (open) this.root.dataset.menu = "open";
    else delete this.root.dataset.menu;
    this.menuButton.setAttribute("aria-expanded", String(open));
    if (!open) for (const details of this.menu.querySelectorAll("details[open]")) details.open = false;
  }

  /** A gate was picked: phones open the sheet (focus on its close button), tablets the panel,
   *  projectors and large screens the inspector beside the graph (fitted to the room left). */
  inspect() {
    if (PHONE.matches && this.root.dataset.sheet !== "open") {
      this.returnFocus = document.activeElement;
      this.root.dataset.sheet = "open";
      this.sheet.querySelector(".sheet-close").focus({ preventScroll: true });
    } else if (COMPACT.matches && !PHONE.matches && !this.codeOpen) {
      this.setCode(true);
    } else if (ON_DEMAND.matches && !COMPACT.matches && this.root.dataset.inspect !== "open") {
      this.returnFocus = document.activeElement;
      this.root.dataset.inspect = "open";
      this.stage.refit();
    }
  }

  get inspectorOpen() {
    return this.root.dataset.sheet === "open" || this.root.dataset.inspect === "open";
  }

  /** Close the phone's sheet or the desktop's on-demand inspector; focus goes back. */
  closeSheet() {
    delete this.root.dataset.sheet;
    if (this.root.dataset.inspect === "open") {
      delete this.root.dataset.inspect;
      this.stage.refit();
    }
    const back = this.returnFocus?.isConnected && this.returnFocus !== document.body
      ? this.returnFocus : this.graph;
    back.focus({ preventScroll: true });
  }

  /** Enter on the focused graph inspects the current step's gate. */
  graphKey(event) {
    const id = this.stage.view.state?.current?.node;
    if (event.key !== "Enter" || !id) return;
    event.preventDefault();
    this.stage.view.select(id);
  }

  /** Escape: an open export list, then the copy panel, then the menu, then the inspector. */
  escape(event) {
    const details = event.target.closest?.("details[open]");
    const out = event.target.closest?.(".share-out");
    if (details) {
      details.open = false;
      details.querySelector("summary").focus();
    } else if (out) {
      out.querySelector('[data-share="close"]').click();
    } else if (this.root.dataset.menu === "open") {
      this.setMenu(false);
      this.menuButton.focus();
    } else if (this.inspectorOpen) {
      this.closeSheet();
    } else {
      return;
    }
    event.preventDefault();
  }

  /** A tap or click outside the open menu closes it. */
  pointerDown(event) {
    if (this.root.dataset.menu !== "open") return;
    if (this.menu.contains(event.target) || this.menuButton.contains(event.target)) return;
    this.setMenu(false);
  }

  /** Tabbing out of the menu closes it. */
  focusLeft(event) {
    const to = event.relatedTarget;
    if (to && !this.menu.contains(to) && to !== this.menuButton) this.setMenu(false);
  }

  /** The copy panel's close button (or Escape) gives focus back to the button that opened it. */
  trackShareOpener() {
    const share = this.menu.querySelector(".share");
    share?.addEventListener("click", (event) => {
      const button = event.target.closest("[data-share]");
      if (!button) return;
      if (button.dataset.share !== "close") this.shareOpener = button;
      else this.shareOpener?.focus();
    });
  }
}
