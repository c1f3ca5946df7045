"""The update phase: which inputs are parameters, and one step per parameter that writes the
optimizer's rule out with numbers (w0 ← w0 − η·∂f/∂w0 = 2 − 0.1·(-0.20) = 2.02)."""

import difflib
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from chainrule.engine.core.errors import NameErr, ValueErr
from chainrule.engine.core.tensor import Tensor, topological
from chainrule.engine.document import text
from chainrule.engine.document.trace import Encoder, Whole
from chainrule.engine.learning import optim

Spec = dict[str, Any]  # {"name": "sgd", "lr": 0.1, ...} as in the API
Line = tuple[str, str]  # plain text, TeX
State = dict[str, np.ndarray]


def parameters(output: Tensor, names: Sequence[str] | None = None) -> list[Tensor]:
    """The named inputs, in graph order; every "input" leaf when `names` is None."""
    order = topological(output)
    if names is None:
        return [t for t in order if t.kind == "input"]
    named = {t.name: t for t in order if t.name}
    chosen: set[int] = set()
    for name in names:
        if name not in named:
            hint = difflib.get_close_matches(name, [n for n, t in named.items() if t.kind ==
                                                    "input"], n=1)
            if hint:
                raise NameErr("err.params.unknown_hint", name=name, hint=hint[0])
            raise NameErr("err.params.unknown", name=name)
        if named[name].kind != "input":
            raise ValueErr("err.params.not_input", name=name, kind=named[name].kind)
        chosen.add(named[name].id)
    return [t for t in order if t.id in chosen]


def optimizer(spec: Spec, params: list[Tensor]) -> optim.Optimizer:
    """The optimizer an API request describes (its name, lr and hyperparameters)."""
    cls = optim.lookup(spec["name"])  # the API sends every hyperparameter; take this one's
    hyper = {k: spec[k] for k in cls.defaults if k in spec}
    return optim.make(spec["name"], params, spec["lr"], **hyper)


def update_steps(opt: optim.Optimizer, document: dict[str, Any], output: Tensor,
                 encoder: Encoder | None = None) -> list[dict]:
    """Take one optimizer step and describe it: one "update" step per parameter that moved (its
    new value written by `encoder`, default whole, as "update/<node>")."""
    enc = encoder or Whole()
    order = topological(output)
    node_ids = {t.id: f"n{i}" for i, t in enumerate(order)}
    symbols = {node["id"]: node["symbol"] for node in document["nodes"]}
    f = symbols[document["output"]]
    before = [(p.value, p.grad, {k: v.copy() for k, v in s.items()})
              for p, s in zip(opt.params, opt.state, strict=True)]
    opt.step()
    steps = []
    for p, (old, g, state0), state in zip(opt.params, before, opt.state, strict=True):
        if g is None:
            continue
        node = node_ids[p.id]
        lines = RULES[opt.name](opt, Names(symbols[node], f), old, g, state0, state, p.value)
        plain = "\n".join(line for line, _ in lines)
        texs = [tex for _, tex in lines]
        rows = r" \\ ".join(texs)
        tex = texs[0] if len(texs) == 1 else rf"\begin{{gathered}}{rows}\end{{gathered}}"
        steps.append({"phase": "update", "node": node, "edges": [], "text": plain, "tex": tex,
                      "value": enc.encode(p.value, f"update/{node}")})
    return steps


class Names:
    """The parameter and gradient as captions write them, plain and TeX."""

    def __init__(self, w: str, f: str) -> None:
        self.w, self.w_tex = w, text.name_tex(w)
        self.g, self.g_tex = text.partial(f, w), text.partial_tex(f, w)


def v(arr: Any, first: bool = False) -> tuple[str, str]:
    """A number or tensor, plain and TeX; negative ones in parentheses unless written first."""
    arr = np.asarray(arr)
    plain, tex = text.value(arr), text.value_tex(arr)
    if first or not plain.startswith("-"):
        return plain, tex
    return f"({plain})", rf"\left({tex}\right)"


def h(x: float) -> str:
    """A hyperparameter as the lecturer typed it, an exponent as engine.document.text writes one:
    1e-7."""
    mantissa, _, exponent = f"{x:g}".partition("e")
    return f"{mantissa}e{int(exponent)}" if exponent else mantissa


def h_tex(x: float) -> str:
    """A hyperparameter in TeX: 1e-7 as 10^{-7}."""
    mantissa, _, exponent = h(x).partition("e")
    if not exponent:
        return mantissa
    power = rf"10^{{{int(exponent)}}}"
    return power if mantissa == "1" else rf"{mantissa} \times {power}"


def hp(x: float) -> tuple[str, str]:
    """A hyperparameter plain and in TeX: ("1e-5", "10^{-5}"), ("0.9", "0.9")."""
    return h(x), h_tex(x)


def assign(lhs: tuple[str, str], rule: tuple[str, str], numbers: tuple[str, str],
           result: Any) -> Line:
    """`lhs ← rule = numbers = result`, plain and TeX."""
    out = v(result, first=True)
    return (f"{lhs[0]} ← {rule[0]} = {numbers[0]} = {out[0]}",
            rf"{lhs[1]} \leftarrow {rule[1]} = {numbers[1]} = {out[1]}")


def sgd(o: Any, n: Names, p: Any, g: Any, s0: State, s: State, new: Any) -> list[Line]:
    P, G, lr = v(p, first=True), v(g), hp(o.lr)
    return [assign((n.w, n.w_tex), (f"{n.w} − η·{n.g}", rf"{n.w_tex} - \eta \cdot {n.g_tex}"),
                   (f"{P[0]} − {lr[0]}·{G[0]}", rf"{P[1]} - {lr[1]} \cdot {G[1]}"), new)]


def momentum(o: Any, n: Names, p: Any, g: Any, s0: State, s: State, new: Any) -> list[Line]:
    P, G, V0, V = v(p, first=True), v(g), v(s0.get("v", 0)), v(s["v"])
    mu, lr = hp(o.momentum), hp(o.lr)
    return [
        assign(("v", "v"), (f"α·v − η·{n.g}", rf"\alpha v - \eta \cdot {n.g_tex}"),
               (f"{mu[0]}·{V0[0]} − {lr[0]}·{G[0]}",
                rf"{mu[1]} \cdot {V0[1]} - {lr[1]} \cdot {G[1]}"),
               s["v"]),
        assign((n.w, n.w_tex), (f"{n.w} + v", f"{n.w_tex} + v"),
               (f"{P[0]} + {V[0]}", f"{P[1]} + {V[1]}"), new),
    ]


def scaled(o: Any, n: Names, p: Any, g: Any, s: State, new: Any) -> Line:
    """w ← w − η·g/(√h + ε), the second line of AdaGrad and RMSProp."""
    P, G, H, lr, eps = v(p, first=True), v(g), v(s["h"]), hp(o.lr), hp(o.eps)
    return assign(
        (n.w, n.w_tex),
        (f"{n.w} − η·{n.g}/(√h + ε)",
         rf"{n.w_tex} - \eta \frac{{{n.g_tex}}}{{\sqrt{{h}} + \epsilon}}"),
        (f"{P[0]} − {lr[0]}·{G[0]}/(√{H[0]} + {eps[0]})",
         rf"{P[1]} - {lr[1]} \cdot \frac{{{G[1]}}}{{\sqrt{{{H[1]}}} + {eps[1]}}}"),
        new)


def adagrad(o: Any, n: Names, p: Any, g: Any, s0: State, s: State, new: Any) -> list[Line]:
    G, H0 = v(g), v(s0.get("h", 0), first=True)
    return [
        assign(("h", "h"), (f"h + ({n.g})²", rf"h + \left({n.g_tex}\right)^2"),
               (f"{H0[0]} + {G[0]}²", f"{H0[1]} + {G[1]}^2"), s["h"]),
        scaled(o, n, p, g, s, new),
    ]


def rmsprop(o: Any, n: Names, p: Any, g: Any, s0: State, s: State, new: Any) -> list[Line]:
    G, H0, rho, rest = v(g), v(s0.get("h", 0)), hp(o.rho), hp(1 - o.rho)
    return [
        assign(("h", "h"),
               (f"ρ·h + (1 − ρ)·({n.g})²", rf"\rho h + (1 - \rho) \left({n.g_tex}\right)^2"),
               (f"{rho[0]}·{H0[0]} + {rest[0]}·{G[0]}²",
                rf"{rho[1]} \cdot {H0[1]} + {rest[1]} \cdot {G[1]}^2"),
               s["h"]),
        scaled(o, n, p, g, s, new),
    ]


ADAM_STEP = r"\eta \frac{\hat{m}}{\sqrt{\hat{v}} + \epsilon}"


def adam(o: Any, n: Names, p: Any, g: Any, s0: State, s: State, new: Any) -> list[Line]:
    t, b1, b2, c1, c2 = o.t, hp(o.beta1), hp(o.beta2), hp(1 - o.beta1), hp(1 - o.beta2)
    m_hat, v_hat = s["m"] / (1 - o.beta1**t), s["v"] / (1 - o.beta2**t)
    P, G, M0, V0 = v(p, first=True), v(g), v(s0.get("m", 0)), v(s0.get("v", 0))
    M, V, Mh, Vh = v(s["m"], first=True), v(s["v"], first=True), v(m_hat), v(v_hat)
    lr, eps = hp(o.lr), hp(o.eps)
    return [
        assign(("m", "m"), (f"β1·m + (1 − β1)·{n.g}", rf"\beta_1 m + (1 - \beta_1) {n.g_tex}"),
               (f"{b1[0]}·{M0[0]} + {c1[0]}·{G[0]}",
                rf"{b1[1]} \cdot {M0[1]} + {c1[1]} \cdot {G[1]}"),
               s["m"]),
        assign(("v", "v"), (f"β2·v + (1 − β2)·({n.g})²",
                            rf"\beta_2 v + (1 - \beta_2) \left({n.g_tex}\right)^2"),
               (f"{b2[0]}·{V0[0]} + {c2[0]}·{G[0]}²",
                rf"{b2[1]} \cdot {V0[1]} + {c2[1]} \cdot {G[1]}^2"),
               s["v"]),
        assign(("m̂", r"\hat{m}"), (f"m/(1 − β1^{t})", rf"\frac{{m}}{{1 - \beta_1^{{{t}}}}}"),
               (f"{M[0]}/(1 − {b1[0]}^{t})", rf"\frac{{{M[1]}}}{{1 - {b1[1]}^{{{t}}}}}"), m_hat),
        assign(("v̂", r"\hat{v}"), (f"v/(1 − β2^{t})", rf"\frac{{v}}{{1 - \beta_2^{{{t}}}}}"),
               (f"{V[0]}/(1 − {b2[0]}^{t})", rf"\frac{{{V[1]}}}{{1 - {b2[1]}^{{{t}}}}}"), v_hat),
        assign((n.w, n.w_tex), (f"{n.w} − η·m̂/(√v̂ + ε)",
                                rf"{n.w_tex} - {ADAM_STEP}"),
               (f"{P[0]} − {lr[0]}·{Mh[0]}/(√{Vh[0]} + {eps[0]})",
                rf"{P[1]} - {lr[1]} \cdot \frac{{{Mh[1]}}}{{\sqrt{{{Vh[1]}}} + {eps[1]}}}"), new),
    ]


RULES: dict[str, Callable[..., list[Line]]] = {
    "sgd": sgd, "momentum": momentum, "adagrad": adagrad, "rmsprop": rmsprop, "adam": adam,
}
