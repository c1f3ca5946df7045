// The score (answered / total, right at the first try, hints used) and the progress kept in the
// browser per graph: localStorage "chainrule.practice.<hash of the graph's structure>" holds the
// current round (its input numbers and each question's state) and the rounds finished before.
import { isDone } from "chainrule/practice/questions.js";

const PREFIX = "chainrule.practice.";

/** {answered, total, firstTry, hints} over `list` (questions) and `progress` (id → state). */
export function score(list, progress) {
  const states = list.map((q) => progress.get(q.id) ?? {});
  return {
    answered: list.filter((q) => isDone(progress, q)).length,
    total: list.length,
    firstTry: states.filter((s) => s.status === "right" && !s.tries && !s.hints && !s.shapeHints)
      .length,
    hints: states.reduce((n, s) => n + (s.hints ?? 0) + (s.shapeHints ?? 0), 0),
  };
}

/** A short stable hash (FNV-1a, hex) of a string. */
export function hash(text) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, "0");
}

/** What makes "the same graph" whatever its input numbers: gates, names, shapes and wiring. */
export function structureKey(model, kind) {
  const nodes = [...model.nodes.values()].map((n) => [
    n.kind, n.op, n.kind === "op" ? n.label : n.name, n.shape,
  ]);
  const edges = model.edges.map((e) => [e.source, e.target]);
  return hash(JSON.stringify([kind, nodes, edges]));
}

/** The input numbers of this graph (answers are kept only for the same numbers). */
export function numbersKey(model) {
  const leaves = [...model.nodes.values()].filter((n) => n.kind !== "op").map((n) => n.value);
  return hash(JSON.stringify(leaves));
}

/** One graph's saved practice; storage may be blocked (private mode, file:// rules): then none. */
export class Store {
  constructor(key) {
    this.key = PREFIX + key;
  }

  load() {
    try {
      return JSON.parse(localStorage.getItem(this.key) ?? "null") ?? {};
    } catch {
      return {};
    }
  }

  save(data) {
    try {
      localStorage.setItem(this.key, JSON.stringify(data));
    } catch {
      // storage full or blocked: the practice goes on without memory
    }
  }
}

/** One graph's round: each question's state, kept while the input numbers stay the same. */
export class Round {
  constructor(model, kind) {
    this.store = new Store(structureKey(model, kind));
    const saved = this.store.load();
    const numbers = numbersKey(model);
    const same = saved.numbers === numbers;
    this.progress = new Map(same ? Object.entries(saved.progress ?? {}) : []);
    this.saved = { seed: 1, rounds: 0, ...saved, numbers, finished: same && saved.finished };
    this.save();
  }

  /** The state of question `q`: {status: "open"|"right"|"revealed", tries, hints, …}. */
  state(q) {
    if (!this.progress.has(q.id)) this.progress.set(q.id, { status: "open", tries: 0, hints: 0 });
    return this.progress.get(q.id);
  }

  save() {
    this.store.save({ ...this.saved, progress: Object.fromEntries(this.progress) });
  }

  /** Count the round once, when the last of `list` is done. */
  finish(list) {
    const s = score(list, this.progress);
    if (!s.total || s.answered < s.total || this.saved.finished) return;
    this.saved.finished = true;
    this.saved.rounds += 1;
    this.save();
  }

  clear() {
    this.progress.clear();
    this.saved.finished = false;
    this.save();
  }

  /** The seed for the next new numbers, after `seed` worked. */
  drew(seed) {
    this.saved.seed = seed + 1;
    this.save();
  }
}
