// The decision-boundary map (TensorFlow Playground's heatmap, CS231n's spiral picture): the
// predicted class over the grid /api/train and /api/boundaries give, in pale colours, with the
// data points in full colour on top. Canvas, sized to its box at the screen's pixel ratio.

// Okabe–Ito colours, told apart with red–green colour blindness.
export const CLASS_COLOURS = [
  "#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#f0e442", "#000000",
  "#999999", "#882255",
];
const PALE = 0.28; // the heatmap's opacity under the points

export class BoundaryMap {
  constructor(canvas) {
    this.canvas = canvas;
    this.picture = null;
    new ResizeObserver(() => this.picture && this.draw(this.picture)).observe(canvas);
  }

  /** `grid` {x, y, classes[row][column]} (classes empty: no picture); `data` {X: [[x, y]…],
   * t: [class…]} or null. */
  draw(picture) {
    this.picture = picture;
    const { grid, data } = picture;
    const box = this.canvas.getBoundingClientRect();
    const ratio = window.devicePixelRatio || 1;
    this.canvas.width = Math.max(1, Math.round(box.width * ratio));
    this.canvas.height = Math.max(1, Math.round(box.height * ratio));
    const ctx = this.canvas.getContext("2d");
    ctx.clearRect(0, 0, this.canvas.width, this.canvas.height);
    if (grid?.classes?.length) { // none while an iteration's picture loads: the points alone
      ctx.imageSmoothingEnabled = false;
      ctx.drawImage(heat(grid.classes), 0, 0, this.canvas.width, this.canvas.height);
    }
    if (data && grid?.x?.length) this.points(ctx, grid, data, ratio);
  }

  points(ctx, grid, data, ratio) {
    const [x0, x1] = [grid.x[0], grid.x.at(-1)];
    const [y0, y1] = [grid.y[0], grid.y.at(-1)];
    const px = (v) => ((v - x0) / (x1 - x0)) * this.canvas.width;
    const py = (v) => (1 - (v - y0) / (y1 - y0)) * this.canvas.height;
    const r = 3.2 * ratio;
    ctx.lineWidth = 1.2 * ratio;
    ctx.strokeStyle = "#ffffff";
    data.X.forEach(([a, b], i) => {
      ctx.beginPath();
      ctx.arc(px(a), py(b), r, 0, 2 * Math.PI);
      ctx.fillStyle = CLASS_COLOURS[data.t[i] % CLASS_COLOURS.length];
      ctx.fill();
      ctx.stroke();
    });
  }
}

/** The class grid as a small image (one pixel per cell; row 0 is the lowest y, drawn last). */
function heat(classes) {
  const rows = classes.length;
  const cols = classes[0].length;
  const image = new ImageData(cols, rows);
  const rgb = CLASS_COLOURS.map(hexRgb);
  for (let j = 0; j < rows; j++) {
    for (let i = 0; i < cols; i++) {
      const c = rgb[classes[j][i] % rgb.length];
      const at = ((rows - 1 - j) * cols + i) * 4;
      for (let k = 0; k < 3; k++) image.data[at + k] = Math.round(255 + (c[k] - 255) * PALE);
      image.data[at + 3] = 255;
    }
  }
  const small = document.createElement("canvas");
  small.width = cols;
  small.height = rows;
  small.getContext("2d").putImageData(image, 0, 0);
  return small;
}

function hexRgb(hex) {
  return [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
}

/** The data points of a graph document: its "data" leaves X (n, 2) and t (n,) class indices. */
export function dataPoints(doc) {
  const data = doc?.nodes.filter((n) => n.kind === "data") ?? [];
  const X = data.find((n) => n.shape.length === 2 && n.shape[1] === 2);
  const t = data.find((n) => n.shape.length === 1 && n.shape[0] === X?.shape[0]);
  return X && t ? { X: X.value, t: t.value } : null;
}
