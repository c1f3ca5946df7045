// Sizes of what the layout places: node boxes, edge-label boxes and where edges attach.
import { fmt, preview, shapeText } from "chainrule/graph/format.js";
import { ancestry } from "chainrule/graph/groups.js";

export const SIZES = {
  label: 15, shape: 12, symbol: 17, name: 18, radius: 22, inputRadius: 5,
  caption: 13, captionRoom: 15, // the italic symbol under a gate (∂f/∂a names it "a")
};
const DANGLING_LENGTH = 70;

let context = null;
let family = null;
/** Width of `text` in the graph's font (the page's stack, so CJK names measure as drawn). */
function textWidth(text, size, weight = 600) {
  context ??= document.createElement("canvas").getContext("2d");
  family ??= getComputedStyle(document.body).fontFamily || "sans-serif";
  context.font = `${weight} ${size}px ${family}`;
  return context.measureText(text).width;
}

/** Text shown on an edge for a value or gradient (tensors: their first numbers). */
export function edgeText(v) {
  return preview(v);
}

/** A tensor edge's shape ("2×3"), drawn once on the line between its value and gradient. */
export function edgeShape(model, edge) {
  return shapeText(model.nodes.get(edge.source).shape);
}

/** Baselines of an edge's value and gradient against its line (y = 0); a shape needs room. */
export function labelOffsets(hasShape) {
  const room = hasShape ? SIZES.shape / 2 : 0;
  return { value: -6 - room, grad: SIZES.label + 4 + room };
}

/** Name drawn left of an input or constant node. */
export function leafName(node) {
  return node.name ?? node.label ?? fmt(node.value);
}

/** {width, height, shape: "input"|"circle"|"pill", r} of a node. */
export function nodeBox(node) {
  if (node.kind !== "op") {
    const w = textWidth(leafName(node), SIZES.name) + 10 + 2 * SIZES.inputRadius;
    return { width: w, height: 2 * SIZES.radius, shape: "input", r: SIZES.inputRadius };
  }
  // Room above and below the gate: below for its symbol, above so edges stay level.
  const height = 2 * SIZES.radius + 2 * SIZES.captionRoom;
  const tw = textWidth(node.label, SIZES.symbol);
  const symbol = textWidth(node.symbol ?? "", SIZES.caption) + 6;
  if (tw <= 2 * SIZES.radius - 10 && node.op !== "group") {
    const width = Math.max(2 * SIZES.radius, symbol);
    return { width, height, shape: "circle", r: SIZES.radius };
  }
  const gateWidth = Math.max(tw + 24, 2 * SIZES.radius + 8);
  return { width: Math.max(gateWidth, symbol), gateWidth, height, shape: "pill", r: SIZES.radius };
}

/** Room for an edge's value (above the line), shape (on it) and gradient (below). */
export function edgeLabelBox(model, edge) {
  const shape = edgeShape(model, edge);
  const widest = Math.max(
    textWidth(edgeText(edge.value), SIZES.label),
    textWidth(edge.grad === null ? "" : edgeText(edge.grad), SIZES.label),
    textWidth(shape, SIZES.shape, 400) + 8,
  );
  const minimum = edge.dangling ? DANGLING_LENGTH : 24;
  const height = 2 * SIZES.label + 12 + (shape ? SIZES.shape + 2 : 0);
  const room = edge.room ?? { width: 0, height: 0 }; // practice: room for answer boxes
  return { width: Math.max(widest + 12, minimum, room.width), height: height + room.height,
    labelpos: "c" };
}

/**
 * The expanded groups' boxes, outer ones first (drawn below, so inner labels stay clickable),
 * each with its label at the top left; a nested label that would cover an outer one (dagre
 * leaves no room for labels) moves right of it: [{id, box, text, x, y}].
 */
export function groupLabels(clusters, index) {
  const depth = (id) => ancestry(index, id).length;
  const placed = [];
  for (const [id, box] of [...clusters].sort(([a], [b]) => depth(a) - depth(b))) {
    const text = `${index.get(id)?.label ?? id} ▾`;
    const label = {
      id, box, text, width: textWidth(text, SIZES.caption),
      x: box.x - box.width / 2 + 8, y: box.y - box.height / 2 + SIZES.caption + 2,
    };
    for (let hit = covered(label, placed); hit; hit = covered(label, placed)) {
      label.x = hit.x + hit.width + 8;
    }
    placed.push(label);
  }
  return placed;
}

/** A placed label that `label` would overlap, if any. */
function covered(label, placed) {
  const height = SIZES.caption + 4;
  return placed.find((p) => label.x < p.x + p.width && p.x < label.x + label.width
    && Math.abs(label.y - p.y) < height);
}

/** Where edges attach, for a box centred at (x, y): the circle (inputs: the dot at the right). */
export function anchor(box) {
  if (box.shape === "input") return { x: box.x + box.width / 2 - box.r, y: box.y, r: box.r };
  if (box.shape === "circle") return { x: box.x, y: box.y, r: box.r };
  return null;
}

/** Point on the boundary of a circle centred at c (radius r) towards p. */
export function clipToCircle(c, r, p) {
  const dx = p.x - c.x;
  const dy = p.y - c.y;
  const d = Math.hypot(dx, dy) || 1;
  return { x: c.x + (dx / d) * r, y: c.y + (dy / d) * r };
}
