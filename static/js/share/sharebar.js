// The editor page's share and export buttons (templates/_share.html). The box that shows a
// copied link closes itself after a few seconds (one to copy by hand stays until ×); it and the
// export menu never cover each other: opening one closes the other.
import { download, pngBlob, stepsZip, svgMarkup, svgSize } from "chainrule/share/export.js";
import { copyText, embedCode, shareLink, standaloneUrl } from "chainrule/share/share.js";
import { PHASES, phaseSteps, slidesUrl } from "chainrule/share/slides.js";

const COPIED_MS = 4000; // how long "copied" shows (the pointer resting on it holds it)

export class ShareBar {
  /** `getView()` → {source, step, theme, palette, present}; `stage` draws and exports. */
  constructor(root, { getView, stage }) {
    this.root = root;
    this.getView = getView;
    this.stage = stage;
    this.out = root.querySelector(".share-out");
    this.menu = root.querySelector(".export-menu");
    root.addEventListener("click", (event) => this.handleClick(event));
    this.menu?.addEventListener("toggle", () => this.menu.open && this.menuOpened());
    this.out.addEventListener("pointerenter", () => clearTimeout(this.outTimer));
    this.out.addEventListener("pointerleave", () => this.closeLater());
    this.out.addEventListener("keydown", (event) => event.key === "Escape" && this.closeOut());
  }

  /** Copy `text` ("link" or "embed") and show it in the box, the export menu closed. */
  async copy(text, what) {
    this.menu?.removeAttribute("open");
    clearTimeout(this.outTimer);
    await copyText(text, this.out, what);
    this.closeLater();
  }

  /** A copied text's box goes after COPIED_MS; one to copy by hand stays. */
  closeLater() {
    clearTimeout(this.outTimer);
    if (this.out.hidden || this.out.dataset.copied !== "true") return;
    this.outTimer = setTimeout(() => this.closeOut(), COPIED_MS);
  }

  /** The export menu opened: the copied text's box closes; the slides offer the graph's phases. */
  menuOpened() {
    this.closeOut();
    const steps = this.stage.model?.steps ?? [];
    for (const option of this.menu.querySelectorAll('[data-slides="steps"] option')) {
      option.hidden = PHASES.includes(option.value) && phaseSteps(steps, option.value) === null;
    }
  }

  /** GET /slides for `format` ("pptx" | "pdf") with the steps the menu's choice names. */
  slidesHref(format) {
    const which = this.menu?.querySelector('[data-slides="steps"]')?.value ?? "all";
    const steps = phaseSteps(this.stage.model?.steps ?? [], which);
    return slidesUrl(this.getView(), format, steps ?? "");
  }

  closeOut() {
    clearTimeout(this.outTimer);
    this.out.hidden = true;
  }

  handleClick(event) {
    const target = event.target.closest("[data-share], [data-export]");
    if (!target) return;
    const action = target.dataset.share ?? target.dataset.export;
    if (action === "html") {
      target.href = standaloneUrl(this.getView()); // then the link itself downloads it
      return;
    }
    if (action === "pptx" || action === "pdf") {
      target.href = this.slidesHref(action); // GET /slides answers the download
      return;
    }
    const actions = {
      link: () => this.copy(shareLink(location.origin, this.getView()), "link"),
      embed: () => this.copy(embedCode(location.origin, this.getView()), "embed"),
      close: () => this.closeOut(),
      svg: () => this.exportSvg(),
      png: () => this.exportPng(),
      zip: () => this.exportZip(),
    };
    actions[action]?.();
    if (target.dataset.export) target.closest("details")?.removeAttribute("open");
  }

  get baseName() {
    return `chainrule-step-${this.getView().step}`;
  }

  exportSvg() {
    if (!this.stage.model) return;
    const blob = new Blob([svgMarkup(this.stage.view)], { type: "image/svg+xml" });
    download(blob, `${this.baseName}.svg`);
  }

  async exportPng() {
    if (!this.stage.model) return;
    const view = this.stage.view;
    download(await pngBlob(svgMarkup(view), svgSize(view), 2), `${this.baseName}.png`);
  }

  exportZip() {
    const stage = this.stage;
    if (!stage.model) return;
    const zip = stepsZip(stage.view, stage.model.steps, (pos) => stage.draw(pos));
    stage.draw(stage.player.pos);
    download(zip, "chainrule-steps.zip");
  }
}
