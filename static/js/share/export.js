// Exports of the drawn graph: a stand-alone SVG (computed colours and fonts inlined, no CSS
// variables), a PNG at twice the size, and a ZIP of every step's SVG (fflate) for slide builds.
import { fflate } from "chainrule/vendor.js";

const SVG_NS = "http://www.w3.org/2000/svg";
const STYLE_PROPS = [
  "fill", "fill-opacity", "stroke", "stroke-width", "stroke-dasharray", "stroke-linejoin",
  "stroke-opacity", "opacity", "paint-order", "font-family", "font-size", "font-weight",
  "font-style", "font-variant-numeric", "text-anchor", "dominant-baseline", "text-decoration",
];

/** The graph as one SVG document string, laid out at 1:1 scale (zoom and pan dropped). */
export function svgMarkup(view) {
  const source = view.svg.node();
  view.paintAll?.(true); // a big graph's parts outside its window too (graph/cull.js)
  const clone = source.cloneNode(true);
  inlineStyles(source, clone);
  view.paintAll?.(false);
  clone.querySelector("g.pulses")?.remove();
  clone.querySelector("g.viewport").removeAttribute("transform");
  const { width, height } = svgSize(view);
  for (const [key, value] of Object.entries({
    xmlns: SVG_NS, width, height, viewBox: `0 0 ${width} ${height}`,
  })) clone.setAttribute(key, String(value));
  clone.removeAttribute("class");
  clone.removeAttribute("style");
  clone.prepend(background(width, height));
  return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(clone)}`;
}

export function svgSize(view) {
  return { width: Math.ceil(view.layout.width), height: Math.ceil(view.layout.height) };
}

/** Copy each element's computed presentation into a style attribute; drop what is not shown. */
function inlineStyles(source, clone) {
  const originals = [source, ...source.querySelectorAll("*")];
  const copies = [clone, ...clone.querySelectorAll("*")];
  originals.forEach((el, i) => {
    const style = getComputedStyle(el);
    if (style.display === "none") return copies[i].setAttribute("data-hidden", "");
    const text = STYLE_PROPS.map((p) => `${p}: ${style.getPropertyValue(p)}`).join("; ");
    copies[i].setAttribute("style", text);
  });
  for (const el of clone.querySelectorAll("[data-hidden]")) el.remove();
}

function background(width, height) {
  const rect = document.createElementNS(SVG_NS, "rect");
  const fill = getComputedStyle(document.body).backgroundColor;
  for (const [k, v] of Object.entries({ width, height, fill })) rect.setAttribute(k, String(v));
  return rect;
}

/** Rasterise SVG markup at `scale`× its size → PNG Blob. */
export async function pngBlob(markup, { width, height }, scale = 2) {
  const image = new Image();
  image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(markup)}`;
  await image.decode();
  const canvas = document.createElement("canvas");
  canvas.width = width * scale;
  canvas.height = height * scale;
  canvas.getContext("2d").drawImage(image, 0, 0, canvas.width, canvas.height);
  return new Promise((resolve) => canvas.toBlob(resolve, "image/png"));
}

/** ZIP of one SVG per step: step-01-forward.svg … (`drawStep(pos)` draws that step first). */
export function stepsZip(view, steps, drawStep) {
  const files = {};
  const width = String(steps.length).length;
  steps.forEach((step, pos) => {
    drawStep(pos);
    const name = `step-${String(pos + 1).padStart(Math.max(2, width), "0")}-${step.phase}.svg`;
    files[name] = fflate.strToU8(svgMarkup(view));
  });
  return new Blob([fflate.zipSync(files, { level: 6 })], { type: "application/zip" });
}

/** Save a Blob as a file through a temporary link. */
export function download(blob, filename) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
