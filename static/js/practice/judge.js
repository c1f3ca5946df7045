// The verdict on one question's typed answer: its shape first (tensors), then its number(s).
import {
  accepts, close, parseNumber, parseShape, sameShape,
} from "chainrule/practice/answers.js";
import { at } from "chainrule/practice/questions.js";
import { wrongRank } from "chainrule/practice/shapes.js";

/**
 * {result: "empty" | "wrong" | "rank" | "shape" | "right", cells}: `typed` is a string, or one
 * string per cell of a matrix; "rank": a shape with the right number of elements in another
 * number of dimensions; `cells` tells each matrix cell right (true) or wrong (false), else null.
 */
export function judge(q, state, typed) {
  if (q.mode !== "scalar" && !state.shape) {
    const dims = parseShape(typed);
    if (dims === null && !String(typed ?? "").trim()) return { result: "empty", cells: null };
    if (wrongRank(dims, q.shape)) return { result: "rank", cells: null };
    return { result: sameShape(dims, q.shape) ? "shape" : "wrong", cells: null };
  }
  if (q.mode === "matrix") {
    const numbers = [].concat(typed).map(parseNumber);
    const exact = q.answer.flat(Infinity);
    const cells = numbers.map((a, i) => a !== null && close(a, exact[i]));
    if (numbers.every((a) => a === null)) return { result: "empty", cells: null };
    return { result: cells.every(Boolean) ? "right" : "wrong", cells };
  }
  const a = parseNumber(typed);
  if (a === null) return { result: String(typed ?? "").trim() ? "wrong" : "empty", cells: null };
  const answers = q.mode === "element" ? [at(q.answer, q.element)] : q.answers;
  return { result: accepts(a, answers) ? "right" : "wrong", cells: null };
}
