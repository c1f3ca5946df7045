// The hint ladder, one rung per request: (1) the gate's pattern in words, (2) its local gradient
// in the node's own symbols, (3) the same with the numbers filled in, (4) the answer. A tensor's
// shape question has its own short ladder. Rungs are data: {kind: "words"|"tex"|"reveal", …}.
import { fmtTex, isTensor, shapeText } from "chainrule/graph/format.js";
import { t } from "chainrule/i18n/i18n.js";
import { GATE_KINDS } from "chainrule/inspector/inspector.js";
import * as lines from "chainrule/practice/lines.js";

const MATRIX_CELLS = 16; // larger tensors appear as their shape in a hint

/** The catalog id of an op's description (op.<name>.doc, shared with GET /api/ops). */
function docId(op) {
  return ["op", op, "doc"].join(".");
}

/** Words for a gate: its pattern (덧셈 노드 (분배기): …) or its op's description. */
function gateWords(node) {
  if (GATE_KINDS.includes(node.gate)) return t(`gate.${node.gate}`);
  const words = t(docId(node.op));
  return words === docId(node.op) ? t("practice.hint.chain") : words;
}

/** x0 → x_{0}, as the engine writes names in TeX (engine/document/text.py name_tex). */
export function nameTex(name) {
  const m = /^([A-Za-z])_?(\d+|[A-Za-z])?$/.exec(name);
  if (m) return m[1] + (m[2] ? `_{${m[2]}}` : "");
  if (/^[A-Za-z]\w*$/.test(name)) return `\\mathit{${name.replace(/_/g, "\\_")}}`;
  return `\\text{${name}}`;
}

/** A small tensor as a bmatrix; a large one as its shape. */
export function valueTex(v, shape) {
  if (!isTensor(v)) return fmtTex(v);
  const flat = v.flat(Infinity);
  if (flat.length > MATRIX_CELLS || shape.length > 2) return `[\\,\\text{${shapeText(shape)}}\\,]`;
  const matrixRows = shape.length === 1 ? [v] : v;
  const body = matrixRows.map((row) => row.map(fmtTex).join(" & ")).join(" \\\\ ");
  return ["\\begin{bmatrix}", body, "\\end{bmatrix}"].join(" ");
}

function row(model, q) {
  const step = model.steps[q.step];
  if (!step) return { text: "", tex: "" };
  const i = lines.rowIndex(step, q.edge, model.edgeById);
  const all = lines.rows(step);
  return { text: all.text[i] ?? "", tex: all.tex[i] ?? "" };
}

/** The numbers a tensor step works with: the upstream gradient and the gate's inputs. */
function tensorNumbers(model, q, gate) {
  const out = nameTex(model.nodes.get(model.output).symbol);
  const parts = gate.inputs.map((id) => {
    const input = model.nodes.get(id);
    return `${nameTex(input.symbol)} = ${valueTex(input.value, input.shape)}`;
  });
  if (q.what === "grad") {
    const up = ["\\frac{\\partial ", out, "}{\\partial ", nameTex(gate.symbol), "}"].join("");
    parts.unshift(`${up} = ${valueTex(gate.grad, gate.shape)}`);
  }
  return gathered(parts);
}

function gathered(parts) {
  return parts.length > 1 ? `\\begin{gathered}${parts.join(" \\\\ ")}\\end{gathered}` : parts[0] ?? "";
}

/** The rungs for the number(s) of question `q`; `view` tells a collapsed group's border. */
export function rungs(model, view, q) {
  const edge = model.edgeById.get(q.edge);
  const gate = model.nodes.get(q.what === "grad" ? edge.target : edge.source);
  const group = view.nodes.get(view.edgeById.get(q.edge)?.[q.what === "grad" ? "target" : "source"]);
  const { text, tex } = row(model, q);
  const words = [];
  if (group?.op === "group") words.push(t("practice.hint.group", { label: group.label }));
  if (q.what === "value") words.push(t("practice.hint.forward"));
  words.push(gateWords(gate));
  if (q.what === "grad" && gate.out.length > 1) words.push(t("gate.adder"));
  const formula = [q.what === "grad" ? gate.formula : null, lines.symbols(tex, true)]
    .filter(Boolean);
  const numbers = q.mode === "scalar" ? lines.withNumbers(tex, true) : tensorNumbers(model, q, gate);
  return [
    { kind: "words", text: words.join(" ") },
    { kind: "tex", tex: gathered(formula), text: lines.symbols(text) ?? "" },
    { kind: "tex", tex: numbers ?? gathered(formula), text: lines.withNumbers(text) ?? "" },
    { kind: "reveal" },
  ];
}

/** The rungs for a tensor's shape: the rule in words, (values: the inputs' shapes), the answer. */
export function shapeRungs(model, q) {
  const edge = model.edgeById.get(q.edge);
  const source = model.nodes.get(edge.source);
  if (q.what === "grad") {
    return [{ kind: "words", text: t("practice.hint.shape_grad", { name: source.symbol }) },
      { kind: "reveal" }];
  }
  const inputs = source.inputs.map((id) => model.nodes.get(id))
    .map((n) => `${n.symbol}: ${shapeText(n.shape) || t("inspector.scalar")}`).join(", ");
  return [
    { kind: "words", text: t("practice.hint.shape_value") },
    { kind: "words", text: t("practice.hint.shape_inputs", { gate: source.label, inputs }) },
    { kind: "reveal" },
  ];
}
