// The editor page's share and export buttons (templates/_share.html).
import { download, pngBlob, stepsZip, svgMarkup, svgSize } from "chainrule/share/export.js";
import { copyText, embedCode, shareLink, standaloneUrl } from "chainrule/share/share.js";

export class ShareBar {
  /** `getView()` → {source, step, theme, palette, present}; `stage` draws and exports. */
  constructor(root, { getView, stage }) {
    this.root = root;
    this.getView = getView;
    this.stage = stage;
    this.out = root.querySelector(".share-out");
    root.addEventListener("click", (event) => this.handleClick(event));
  }

  handleClick(event) {
    const target = event.target.closest("[data-share], [data-export]");
    if (!target) return;
    const action = target.dataset.share ?? target.dataset.export;
    if (action === "html") {
      target.href = standaloneUrl(this.getView()); // then the link itself downloads it
      return;
    }
    const actions = {
      link: () => copyText(shareLink(location.origin, this.getView()), this.out, "link"),
      embed: () => copyText(embedCode(location.origin, this.getView()), this.out, "embed"),
      close: () => { this.out.hidden = true; },
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
