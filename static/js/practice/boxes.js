// Answer boxes drawn on the edges: an HTML layer over the graph's SVG that follows its zoom, so
// boxes keep a thumb's size (44 px on touch screens) and the phone's numeric keyboard
// (inputmode="decimal"). A gradient's box sits below its edge, a value's above, where the red or
// green number would be; the layout keeps room for them (`edge.room`, read by boxes.js).
import { d3 } from "chainrule/vendor.js";
import { SIZES } from "chainrule/graph/boxes.js";
import { preview, shapeText } from "chainrule/graph/format.js";
import { t } from "chainrule/i18n/i18n.js";
import { chipButton } from "chainrule/practice/author.js";
import { KINDS, candidates, isDone } from "chainrule/practice/questions.js";
import { shapePlaceholder } from "chainrule/practice/shapes.js";
import { MIN_SCALE } from "chainrule/graph/viewport.js";

const TOUCH = matchMedia("(pointer: coarse)");
const GAP = 3; // layout px between an edge and its box
const REVEAL_MARGIN = 12; // screen px kept between a revealed box and the graph's border

/** Box sizes in screen px (the CSS draws the same): {height, width, cell}. */
function boxSize() {
  return TOUCH.matches ? { height: 44, width: 64, cell: 52 } : { height: 28, width: 56, cell: 50 };
}

/** Room (layout px) an edge needs around its label for boxes of these questions. */
function room(shape) {
  const size = boxSize();
  const scale = TOUCH.matches ? MIN_SCALE : 1; // phones show the graph at its readable scale
  const [rows, cols] = shape.length === 1 ? [1, shape[0]] : shape.length === 2 ? shape : [1, 1];
  const small = shape.length && shape.length <= 2 && rows * cols <= 9;
  const height = (small ? rows * size.cell : size.height) / scale + GAP;
  const width = (small ? cols * size.cell : size.width) / scale + 2;
  const half = SIZES.label + 6; // what the plain label keeps on each side of its line
  return { width, height: 2 * Math.max(0, height - half) };
}

/** The view model with room (`edge.room`) for the boxes of every edge that could be asked. */
export function withRoom(model, view, kind) {
  const asks = KINDS[kind].map((what) => new Set(candidates(model, view, what)));
  const edges = view.edges.map((e) => {
    if (!asks.some((ids) => ids.has(e.id))) return e;
    return { ...e, room: room(view.nodes.get(e.source).shape) };
  });
  return { ...view, edges, edgeById: new Map(edges.map((e) => [e.id, e])) };
}

export class AnswerLayer {
  /** `stage`: the Stage; `on`: {focus(q), enter(q), input(q), chip(edgeId)}. */
  constructor(stage, on) {
    this.stage = stage;
    this.on = on;
    this.el = document.createElement("div");
    this.el.className = "practice-layer";
    stage.root.querySelector(".graph-wrap").append(this.el);
    this.boxes = new Map(); // question id → element
    stage.view.zoom.on("zoom.practice", () => this.place());
    // after the stage refits a resized graph (its observer was made first), the box stays in sight
    this.resize = new ResizeObserver(() => this.selected && this.reveal(this.selected));
    this.resize.observe(stage.view.svg.node());
  }

  remove() {
    this.resize.disconnect();
    this.stage.view.zoom.on("zoom.practice", null);
    this.el.remove();
  }

  /** Pan the graph (same zoom) so that the box of question `q` is in sight. */
  reveal(q, duration = 0) {
    const box = this.boxes.get(q.id);
    const svg = this.stage.view.svg.node();
    if (!box) return;
    const view = svg.getBoundingClientRect();
    const r = box.getBoundingClientRect();
    const shift = (low, high, from, to) => {
      if (high - low > to - from) return 0;
      if (low < from + REVEAL_MARGIN) return from + REVEAL_MARGIN - low;
      return high > to - REVEAL_MARGIN ? to - REVEAL_MARGIN - high : 0;
    };
    const dx = shift(r.left, r.right, view.left, view.right);
    const dy = shift(r.top, r.bottom, view.top, view.bottom);
    if (!dx && !dy) return;
    const t = d3.zoomTransform(svg);
    this.stage.view.moveTo(d3.zoomIdentity.translate(t.x + dx, t.y + dy).scale(t.k), duration);
  }

  /** Draw a box per question (and, for the author, a chip per askable edge). */
  render(list, progress, { author = false, chips = [] } = {}) {
    this.list = list;
    this.progress = progress;
    this.boxes.clear();
    this.el.replaceChildren();
    this.el.dataset.author = String(author);
    if (author) {
      for (const chip of chips) this.el.append(chipButton(chip, this.on.chip));
    } else {
      for (const q of list) {
        const box = document.createElement("div");
        box.className = `answer-box ${q.what}`;
        box.dataset.question = q.id;
        this.boxes.set(q.id, box);
        this.el.append(box);
        this.update(q);
      }
    }
    this.markLabels();
    this.place();
  }

  /** Redraw one question's box for its state (open, shape asked, done). */
  update(q) {
    const box = this.boxes.get(q.id);
    if (!box) return;
    const state = this.progress.get(q.id) ?? {};
    box.dataset.state = state.status ?? "open";
    box.classList.toggle("grid", false);
    if (isDone(this.progress, q)) {
      const done = document.createElement("output");
      done.className = "answer-done";
      done.textContent = `${preview(q.answer)} ✓`;
      const right = state.status === "right";
      done.title = t(right ? "practice.right" : "practice.revealed");
      box.replaceChildren(done);
    } else if (q.mode !== "scalar" && !state.shape) {
      box.replaceChildren(this.input(q, "shape", shapePlaceholder(q.shape)));
    } else if (q.mode === "matrix") {
      box.classList.add("grid");
      box.replaceChildren(this.grid(q));
    } else {
      box.replaceChildren(this.input(q, "number", q.mode === "element" ? "?" : ""));
    }
    this.markLabels();
    this.place();
  }

  input(q, kind, placeholder, cell = null) {
    const input = document.createElement("input");
    input.className = kind === "cell" ? "answer number cell" : `answer ${kind}`;
    input.inputMode = kind === "shape" ? "text" : "decimal";
    input.enterKeyHint = "done";
    input.autocomplete = "off";
    input.spellcheck = false;
    input.placeholder = placeholder;
    const name = cell ? `${q.text}[${cell.join(", ")}]` : q.text;
    const shape = kind === "shape";
    input.setAttribute("aria-label", t(shape ? "practice.box_shape" : "practice.box",
      { name: q.mode === "element" ? `${q.text}[${q.element.join(", ")}]` : name }));
    input.addEventListener("focus", () => this.on.focus(q));
    input.addEventListener("input", () => this.on.input(q));
    input.addEventListener("keydown", (event) => {
      if (event.key !== "Enter") return;
      event.preventDefault();
      this.on.enter(q);
    });
    return input;
  }

  grid(q) {
    const [rows, cols] = q.shape.length === 1 ? [1, q.shape[0]] : q.shape;
    const grid = document.createElement("div");
    grid.className = "answer-grid";
    grid.style.setProperty("--cols", String(cols));
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < cols; j++) {
        const cell = q.shape.length === 1 ? [j] : [i, j];
        grid.append(this.input(q, "cell", "", cell));
      }
    }
    return grid;
  }

  /** What was typed: one string (number or shape) or, for a matrix, one per cell. */
  typed(q) {
    const inputs = [...(this.boxes.get(q.id)?.querySelectorAll("input") ?? [])];
    return q.mode === "matrix" && inputs.length > 1 ? inputs.map((i) => i.value) : inputs[0]?.value;
  }

  inputs(q) {
    return [...(this.boxes.get(q.id)?.querySelectorAll("input") ?? [])];
  }

  focus(q, options = {}) {
    this.inputs(q)[0]?.focus({ preventScroll: true, ...options });
  }

  /** Matrix cells: right ones green, wrong ones red (null: no marks). */
  mark(q, cells) {
    this.inputs(q).forEach((input, i) => {
      if (cells && q.mode === "matrix") input.dataset.cell = cells[i] ? "right" : "wrong";
      else delete input.dataset.cell;
    });
  }

  /** ± for phone keyboards without a minus key (iOS's decimal pad). */
  flipSign(input) {
    if (!input || input.classList.contains("shape")) return;
    input.value = input.value.startsWith("-") ? input.value.slice(1) : `-${input.value}`;
    input.dispatchEvent(new Event("input", { bubbles: true }));
  }

  focusChip(edge) {
    this.el.querySelector(`.ask-chip[data-edge="${edge}"]`)?.focus({ preventScroll: true });
  }

  /** Shake a box (a wrong answer); reading offsetWidth restarts the animation. */
  shake(q) {
    const box = this.boxes.get(q.id);
    if (!box) return;
    box.classList.remove("shake");
    void box.offsetWidth;
    box.classList.add("shake");
    box.dataset.state = "wrong";
  }

  /** A box just answered right: its number pops once (the card's verdict goes with the focus). */
  flash(q) {
    this.boxes.get(q.id)?.classList.add("flash");
  }

  /** Mark the boxes of the player's current step (`due` ids) and the selected question. */
  highlight(due, selected) {
    this.selected = selected;
    for (const [id, box] of this.boxes) {
      box.classList.toggle("due", due.has(id));
      box.classList.toggle("selected", id === selected?.id);
    }
  }

  /** Tell the SVG labels which numbers a box covers (CSS hides them) and which shapes are asked. */
  markLabels() {
    const labels = this.stage.view.labelLayer;
    if (!labels) return;
    labels.selectAll("g.edge-label").attr("data-asked", (e) => {
      const asked = (this.list ?? []).filter((q) => q.edge === e.id).map((q) => q.what);
      return asked.join(" ") || null;
    }).attr("data-shape-asked", (e) => {
      const open = (this.list ?? []).some((q) => q.edge === e.id && q.mode !== "scalar"
        && !this.progress.get(q.id)?.shape);
      return open ? "true" : null;
    });
  }

  /** Put every box and chip where its edge's label is on screen now. */
  place() {
    const layout = this.stage.view.layout;
    if (!layout) return;
    const zoom = d3.zoomTransform(this.stage.view.svg.node());
    this.el.style.setProperty("--k", String(Math.min(zoom.k, 1.6)));
    for (const el of this.el.children) {
      const id = el.dataset.edge ?? el.dataset.question.split(":")[0];
      const geometry = layout.edges.get(id);
      if (!geometry) continue;
      const shape = shapeText(this.stage.viewModel.nodes.get(
        this.stage.viewModel.edgeById.get(id).source)?.shape);
      const room = GAP + (shape ? SIZES.shape / 2 + 2 : 0); // a tensor's shape sits on the line
      const below = !el.classList.contains("value");
      const dy = below ? room : -room;
      const [x, y] = zoom.apply([geometry.lx, geometry.ly + dy]);
      el.style.left = `${x}px`;
      el.style.top = `${y}px`;
      el.classList.toggle("above", !below);
    }
  }
}
