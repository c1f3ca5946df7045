"""The deck's view of a graph, as the page computes it: static/js/share/deck.js (the page's own
model, groups, dagre layout, number format and practice rules) run in QuickJS.

So the slides and the page agree by construction: the same modules lay the graph out with the
same vendored dagre and mark each step the same way; only text widths are measured in the slides'
font (engine/export/slides/fonts.py) instead of the browser's canvas. One QuickJS context is made
per process and kept: loading dagre, d3 and the modules takes about 0.1 s.
"""

import json
from functools import cache
from typing import Any

from chainrule.engine.export.slides import fonts
from chainrule.engine.export.slides.script import bundle

ENTRY = "chainrule/share/deck.js"
MEMORY = 256 << 20  # bytes QuickJS may take
# What the page's modules read of a browser: a canvas to measure text (boxes.js), the body's font
# and no catalog element (i18n.js: words are not the deck's business here); and the ES2022
# methods they call that this QuickJS (2021) predates.
BROWSER = """
for (const type of [Array, String]) {
  type.prototype.at ??= function (i) { const n = Math.trunc(i) || 0;
    return this[n < 0 ? this.length + n : n]; };
}
Array.prototype.findLastIndex ??= function (test) {
  for (let i = this.length - 1; i >= 0; i--) if (test(this[i], i, this)) return i;
  return -1; };
Array.prototype.findLast ??= function (test) { return this[this.findLastIndex(test)]; };
Object.hasOwn ??= (object, key) => Object.prototype.hasOwnProperty.call(object, key);
globalThis.structuredClone ??= function clone(v) { // plain data, as dagre clones its labels
  if (v === null || typeof v !== "object") return v;
  if (Array.isArray(v)) return v.map(clone);
  if (v instanceof Map) return new Map([...v].map(([k, x]) => [clone(k), clone(x)]));
  if (v instanceof Set) return new Set([...v].map(clone));
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, clone(x)]));
};
globalThis.document = {
  createElement: () => ({ getContext: () => ({ font: "", measureText(text) {
    return { width: __measure(text, this.font) }; } }) }),
  getElementById: () => null, documentElement: { lang: "" }, body: {},
};
globalThis.getComputedStyle = () => ({ fontFamily: "slides" });
"""
CALL = "JSON.stringify(__modules[%s].deck(JSON.parse(%s), JSON.parse(%s)))"


@cache
def _context() -> Any:
    import quickjs  # noqa: PLC0415  (loaded by the slides alone)

    context = quickjs.Context()
    context.set_memory_limit(MEMORY)
    context.add_callable("__measure", fonts.css_width)
    context.eval(BROWSER)
    context.eval(bundle(ENTRY))
    return context


def deck_view(document: dict[str, Any], shown: list[int], collapsed: list[str],
              practice: str | None, ask: list[str]) -> dict[str, Any]:
    """deck.js's `deck(document, options)`: the layout, the drawn nodes and edges, and a frame per
    count of steps `shown` (what is known, the current gate, the caption), the questions of a
    practice."""
    options = {"shown": shown, "collapsed": collapsed, "practice": practice, "ask": ask}
    script = CALL % (json.dumps(ENTRY), _js_string(document), _js_string(options))
    answer: Any = json.loads(_context().eval(script))
    return dict(answer)


def _js_string(value: Any) -> str:
    """`value` as JSON inside a JavaScript string literal (JSON.parse reads it back)."""
    return json.dumps(json.dumps(value, allow_nan=False, ensure_ascii=True))
