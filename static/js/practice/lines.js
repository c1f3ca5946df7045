// The API's step captions cut into pieces for practice: one row per edge of a backward step, and
// each row's " = " sides (∂f/∂x = ∂f/∂q · ∂q/∂x = -4 · 1 = -4), so that a caption can hide its
// numbers and a hint can show them without the result. Pure string work, in text and in TeX.

const GATHERED = /^\\begin\{gathered\}([\s\S]*)\\end\{gathered\}$/;

/** Split `text` at `separator` where no {…} and no \begin…\end is open. */
function splitTop(text, separator) {
  const parts = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === "\\" && "{}".includes(text[i + 1])) {
      i++; // an escaped brace, \{ or \}
      continue;
    }
    if (text[i] === "\\" && text.startsWith("begin{", i + 1)) depth++;
    else if (text[i] === "\\" && text.startsWith("end{", i + 1)) depth--;
    if (text[i] === "{") depth++;
    else if (text[i] === "}") depth--;
    if (depth === 0 && text.startsWith(separator, i)) {
      parts.push(text.slice(start, i));
      start = i + separator.length;
      i = start - 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

/** A step's rows: plain text one per line, TeX one per row of its `gathered` block. */
export function rows(step) {
  const inner = step.tex?.match(GATHERED);
  return {
    text: (step.text ?? "").split("\n"),
    tex: inner ? splitTop(inner[1], " \\\\ ") : [step.tex ?? ""],
  };
}

/** Join TeX rows back into one caption. */
export function joinTex(texRows) {
  if (texRows.length === 1) return texRows[0];
  return `\\begin{gathered}${texRows.join(" \\\\ ")}\\end{gathered}`;
}

function sides(row, tex) {
  return tex ? splitTop(row, " = ") : row.split(" = ");
}

/** "∂f/∂x = ∂f/∂q · ∂q/∂x = ?": the name and the symbols, no numbers. An update's row
 * ("w ← w − η·∂f/∂w = 2 − 0.1·(−0.2) = 2.02") keeps its rule only: its numbers hold ∂f/∂w. */
export function question(row, tex = false, update = false) {
  const parts = sides(row, tex);
  const kept = parts.length >= 3 && !update ? parts.slice(0, 2) : parts.slice(0, 1);
  return [...kept, "?"].join(" = ");
}

/** "∂f/∂x = ∂f/∂q · ∂q/∂x": the symbols only (null when the row has none). */
export function symbols(row, tex = false) {
  const parts = sides(row, tex);
  return parts.length >= 3 ? parts.slice(0, 2).join(" = ") : null;
}

/** "∂f/∂x = ∂f/∂q · ∂q/∂x = -4 · 1 = ?": the numbers filled in, the result left open. */
export function withNumbers(row, tex = false) {
  const parts = sides(row, tex);
  return parts.length >= 4 ? [...parts.slice(0, -1), "?"].join(" = ") : null;
}

/** The row of a step that belongs to `edgeId` (backward rows skip edges without a gradient). */
export function rowIndex(step, edgeId, edgeById) {
  if (step.phase !== "backward") return 0;
  const withGrad = step.edges.filter((id) => edgeById.get(id)?.grad !== null);
  return Math.max(0, withGrad.indexOf(edgeId));
}
