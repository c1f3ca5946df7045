// The code view during practice: the line that computes an open question's number shows "?" on
// its right side (`a = ?`, `dw0 = ?`, `dx += ?`). Lines are found in step order, as codegen.py
// writes them: one forward line per forward step (the node's symbol on the left), one backward
// line per edge of a backward step that carries a gradient (`d` + the source's symbol). When the
// lines cannot be matched so, the whole code stays hidden while anything is.

const MASK = "?";
const LEFT = /^\S+ \+?=/; // an assignment's left side and operator: `dx +=`

function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** `name = …` or `name += …` (codegen adds underscores to a name NumPy code already uses). */
function assigns(name) {
  return new RegExp(`^${escapeRegExp(name)}_* \\+?= `);
}

/** [{key, pattern}] in the order of the code's lines: forward per node, backward per edge. */
function expected(model) {
  const forward = [];
  const backward = [];
  for (const step of model.steps) {
    if (step.phase === "forward") {
      forward.push({ key: step.node, pattern: assigns(model.nodes.get(step.node).symbol) });
    } else if (step.phase === "backward") {
      for (const id of step.edges) {
        const edge = model.edgeById.get(id);
        if (!edge || edge.grad === null) continue;
        backward.push({ key: id, pattern: assigns(`d${model.nodes.get(edge.source).symbol}`) });
      }
    }
  }
  return { forward, backward };
}

/** key → line index, matching `items` to `lines` in order; null when one has no line. */
function match(lines, items) {
  const found = new Map();
  let at = 0;
  for (const { key, pattern } of items) {
    while (at < lines.length && !pattern.test(lines[at])) at++;
    if (at === lines.length) return null;
    found.set(key, at++);
  }
  return found;
}

/** One pass with the lines of `hidden` keys masked → {text, masked: line indexes} or null. */
function maskPass(text, items, hidden) {
  const lines = text.split("\n");
  const found = match(lines, items);
  if (!found) return null;
  const masked = new Set();
  for (const [key, i] of found) {
    if (!hidden.has(key)) continue;
    lines[i] = `${lines[i].match(LEFT)[0]} ${MASK}`;
    masked.add(i);
  }
  return { text: lines.join("\n"), masked };
}

/**
 * `code` ({forward, backward}) as practice shows it under `secrets` (secrets.js; null: as it is)
 * → {forward, backward, masked: {forward, backward} line indexes, count}, or null: hide it all.
 */
export function maskCode(code, secrets) {
  if (!secrets?.values.size && !secrets?.grads.size) {
    return { ...code, masked: { forward: new Set(), backward: new Set() }, count: 0 };
  }
  const items = expected(secrets.model);
  const forward = maskPass(code.forward, items.forward, secrets.values);
  const backward = maskPass(code.backward, items.backward, secrets.grads);
  if (!forward || !backward) return null;
  return {
    forward: forward.text, backward: backward.text,
    masked: { forward: forward.masked, backward: backward.masked },
    count: forward.masked.size + backward.masked.size,
  };
}
