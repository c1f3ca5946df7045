// How a shape question reads for its tensor's rank: a vector's shape is typed as `3` or `(3,)`,
// a matrix's as rows×columns, and an answer with the right number of elements in the wrong
// number of dimensions (1×2 for a vector of 2) is told so.
import { t } from "chainrule/i18n/i18n.js";

/** "vector" | "matrix" | "tensor": which catalog forms a shape of this rank uses. */
function rankKind(shape) {
  return shape.length === 1 ? "vector" : shape.length === 2 ? "matrix" : "tensor";
}

/** The question for the shape of `q` (`q.text`, `q.shape`), with the form to type. */
export function shapeQuestion(q) {
  const form = t(`practice.shape_form.${rankKind(q.shape)}`);
  return t("practice.shape_question", { name: q.text, form });
}

/** The answer box's placeholder for a shape of this rank. */
export function shapePlaceholder(shape) {
  const kind = rankKind(shape);
  if (kind === "matrix") return t("practice.shape_placeholder");
  return t(`practice.shape_placeholder_${kind}`);
}

/** Typed dimensions with the right number of elements but another rank than `shape`? */
export function wrongRank(dims, shape) {
  const size = (ds) => ds.reduce((n, d) => n * d, 1);
  if (dims === null || !dims.length) return false;
  return dims.length !== shape.length && size(dims) === size(shape);
}

/** The feedback for such an answer: what `q` is, and how its shape is written. */
export function rankFeedback(q) {
  const kind = rankKind(q.shape);
  return t("practice.shape_rank", {
    name: q.text, rank: t(`practice.rank.${kind}`, { n: q.shape.length }),
    form: t(`practice.shape_form.${kind}`),
  });
}
