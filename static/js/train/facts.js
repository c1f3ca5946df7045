// What the page must agree on with the server, read from the server, never copied: the limits
// (engine/core/limits.py) and the optimizer table (engine/learning/optim.py: names, defaults, ranges). Every
// page (served or offline) embeds them as <script type="application/json" id="chainrule-facts">.

const element = typeof document === "undefined" ? null : document.getElementById("chainrule-facts");
const FACTS = element ? JSON.parse(element.textContent) : { limits: {}, optimizers: [], ranges: {} };

/** chainrule.engine.core.limits.page(): e.g. `train_steps`, `train_seconds`, `dataset_rows`, `source_chars`. */
export const LIMITS = FACTS.limits;

/** The optimizers' names, in the table's order. */
export const OPTIMIZER_NAMES = FACTS.optimizers.map((row) => row.name);

/** hyperparameter → {min, max (null: unbounded), min_in, max_in (whether allowed), rule}. */
export const RANGES = FACTS.ranges;

/** Whether `value` lies in the hyperparameter `key`'s range (as the server checks it). */
export function inRange(key, value) {
  const { min, max, min_in: minIn, max_in: maxIn } = RANGES[key];
  const above = min === null || (minIn ? value >= min : value > min);
  const below = max === null || (maxIn ? value <= max : value < max);
  return Number.isFinite(value) && above && below;
}
