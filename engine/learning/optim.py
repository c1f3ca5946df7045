"""The lecture notes' optimizers, updating Tensor values from their grads.

Each rule equals the torch.optim class named in its docstring (state starts at 0, t = k + 1 at
step k); `make(name, params, **hyper)` checks the hyperparameters with the API's errors.
`DEFAULTS` and `RANGES` are the one table of names, defaults and ranges: the classes, the API's
schema, `GET /api/optimizers` and the page (`table()`, embedded in it) all read them.
"""

import difflib
import math
from collections.abc import Iterable
from typing import Any, ClassVar

import numpy as np

from chainrule.engine.core.errors import ValueErr
from chainrule.engine.core.tensor import Tensor

State = dict[str, np.ndarray]

# name -> its hyperparameters with their defaults (docs/api.md's), lr first; in the page's order
DEFAULTS: dict[str, dict[str, float]] = {
    "sgd": {"lr": 0.01},
    "momentum": {"lr": 0.01, "momentum": 0.9},
    "adagrad": {"lr": 0.01, "eps": 1e-7},
    "rmsprop": {"lr": 0.01, "rho": 0.99, "eps": 1e-7},
    "adam": {"lr": 0.001, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8},
}

# hyperparameter -> (lowest, highest, lowest allowed, highest allowed, the rule as people read it)
RANGES: dict[str, tuple[float, float, bool, bool, str]] = {
    "lr": (0, math.inf, False, False, "lr > 0"),
    "momentum": (0, 1, True, False, "0 ≤ momentum < 1"),
    "rho": (0, 1, True, True, "0 ≤ rho ≤ 1"),
    "beta1": (0, 1, True, False, "0 ≤ beta1 < 1"),
    "beta2": (0, 1, True, False, "0 ≤ beta2 < 1"),
    "eps": (0, math.inf, True, False, "eps ≥ 0"),
}
LR = {name: row["lr"] for name, row in DEFAULTS.items()}  # each optimizer's default lr


def _hyper(name: str) -> dict[str, float]:
    """The optimizer `name`'s hyperparameters besides lr, with their defaults."""
    return {key: value for key, value in DEFAULTS[name].items() if key != "lr"}


class Optimizer:
    """Base: `step()` moves every parameter that has a gradient; subclasses give the rule."""

    name: ClassVar[str]
    defaults: ClassVar[dict[str, float]] = {}  # hyperparameters besides lr: DEFAULTS' row
    # the rule in the lecture notes' form: \eta the learning rate, g = ∂L/∂W
    tex: ClassVar[str]

    def __init__(self, params: Iterable[Tensor], lr: float, **hyper: float) -> None:
        self.params = list(params)
        self.lr = check("lr", lr)
        for key, value in hyper.items():
            setattr(self, key, check(key, value))
        self.t = 0
        self.state: list[State] = [{} for _ in self.params]

    def hyper(self) -> dict[str, float]:
        """lr and this optimizer's other hyperparameters, by name."""
        return {"lr": self.lr} | {key: getattr(self, key) for key in self.defaults}

    def step(self) -> None:
        self.t += 1
        with np.errstate(all="ignore"):  # a diverging run shows inf and nan, it does not warn
            for p, state in zip(self.params, self.state, strict=True):
                if p.grad is not None:
                    p.value = self.update(p.value, p.grad, state)

    def update(self, p: np.ndarray, g: np.ndarray, state: State) -> np.ndarray:
        """The parameter after one step; `state` (zeros at first) is updated in place."""
        raise NotImplementedError

    @staticmethod
    def zeros(state: State, key: str, like: np.ndarray) -> np.ndarray:
        """The state `key`, zeros before the first step."""
        return state[key] if key in state else np.zeros_like(like)


class SGD(Optimizer):
    """p ← p − lr·g (torch.optim.SGD)."""

    name, tex = "sgd", r"W \leftarrow W - \eta \frac{\partial L}{\partial W}"

    def __init__(self, params: Iterable[Tensor], lr: float = LR["sgd"]) -> None:
        super().__init__(params, lr)

    def update(self, p: np.ndarray, g: np.ndarray, state: State) -> np.ndarray:
        return p - self.lr * g


class Momentum(Optimizer):
    """v ← μ·v − lr·g; p ← p + v (torch.optim.SGD(momentum=μ), in the lecture notes' form)."""

    name, defaults = "momentum", _hyper("momentum")
    tex = (r"v \leftarrow \alpha v - \eta \frac{\partial L}{\partial W}"
           r",\quad W \leftarrow W + v")
    momentum: float

    def __init__(self, params: Iterable[Tensor], lr: float = LR["momentum"],
                 momentum: float = defaults["momentum"]) -> None:
        super().__init__(params, lr, momentum=momentum)

    def update(self, p: np.ndarray, g: np.ndarray, state: State) -> np.ndarray:
        state["v"] = self.momentum * self.zeros(state, "v", p) - self.lr * g
        return p + state["v"]


class AdaGrad(Optimizer):
    """h ← h + g²; p ← p − lr·g/(√h + eps) (torch.optim.Adagrad)."""

    name, defaults = "adagrad", _hyper("adagrad")
    tex = (r"h \leftarrow h + \frac{\partial L}{\partial W} \odot \frac{\partial L}{\partial W}"
           r",\quad W \leftarrow W - \eta \frac{1}{\sqrt{h} + \epsilon} "
           r"\frac{\partial L}{\partial W}")
    eps: float

    def __init__(self, params: Iterable[Tensor], lr: float = LR["adagrad"],
                 eps: float = defaults["eps"]) -> None:
        super().__init__(params, lr, eps=eps)

    def update(self, p: np.ndarray, g: np.ndarray, state: State) -> np.ndarray:
        state["h"] = self.zeros(state, "h", p) + g * g
        return p - self.lr * g / (np.sqrt(state["h"]) + self.eps)


class RMSProp(Optimizer):
    """h ← ρ·h + (1 − ρ)·g²; p ← p − lr·g/(√h + eps) (torch.optim.RMSprop(alpha=ρ))."""

    name, defaults = "rmsprop", _hyper("rmsprop")
    tex = (r"h \leftarrow \rho h + (1 - \rho) \frac{\partial L}{\partial W} \odot "
           r"\frac{\partial L}{\partial W},\quad W \leftarrow W - \eta \frac{1}{\sqrt{h} + "
           r"\epsilon} \frac{\partial L}{\partial W}")
    rho: float
    eps: float

    def __init__(
        self, params: Iterable[Tensor], lr: float = LR["rmsprop"], rho: float = defaults["rho"],
        eps: float = defaults["eps"],
    ) -> None:
        super().__init__(params, lr, rho=rho, eps=eps)

    def update(self, p: np.ndarray, g: np.ndarray, state: State) -> np.ndarray:
        state["h"] = self.rho * self.zeros(state, "h", p) + (1 - self.rho) * g * g
        return p - self.lr * g / (np.sqrt(state["h"]) + self.eps)


class Adam(Optimizer):
    """m ← β1·m + (1 − β1)·g; v ← β2·v + (1 − β2)·g²;
    p ← p − lr·(m/(1 − β1ᵗ))/(√(v/(1 − β2ᵗ)) + eps) (torch.optim.Adam)."""

    name, defaults = "adam", _hyper("adam")
    tex = (r"m \leftarrow \beta_1 m + (1 - \beta_1) \frac{\partial L}{\partial W},\quad "
           r"v \leftarrow \beta_2 v + (1 - \beta_2) \frac{\partial L}{\partial W} \odot "
           r"\frac{\partial L}{\partial W},\quad W \leftarrow W - \eta \frac{m / (1 - \beta_1^t)}"
           r"{\sqrt{v / (1 - \beta_2^t)} + \epsilon}")
    beta1: float
    beta2: float
    eps: float

    def __init__(
        self, params: Iterable[Tensor], lr: float = LR["adam"], beta1: float = defaults["beta1"],
        beta2: float = defaults["beta2"], eps: float = defaults["eps"],
    ) -> None:
        super().__init__(params, lr, beta1=beta1, beta2=beta2, eps=eps)

    def update(self, p: np.ndarray, g: np.ndarray, state: State) -> np.ndarray:
        state["m"] = self.beta1 * self.zeros(state, "m", p) + (1 - self.beta1) * g
        state["v"] = self.beta2 * self.zeros(state, "v", p) + (1 - self.beta2) * g * g
        m_hat = state["m"] / (1 - self.beta1**self.t)
        v_hat = state["v"] / (1 - self.beta2**self.t)
        return p - self.lr * m_hat / (np.sqrt(v_hat) + self.eps)


OPTIMIZERS: dict[str, type[Optimizer]] = {
    cls.name: cls for cls in (SGD, Momentum, AdaGrad, RMSProp, Adam)
}


def table() -> dict[str, Any]:
    """The table as the page reads it (embedded beside the messages): each optimizer's name and
    defaults (lr first), and each hyperparameter's range (null: unbounded; `*_in`: allowed)."""
    def bound(x: float) -> float | None:
        return None if math.isinf(x) else x

    return {
        "optimizers": [{"name": name, "defaults": row} for name, row in DEFAULTS.items()],
        "ranges": {key: {"min": bound(low), "max": bound(high), "min_in": low_in,
                         "max_in": high_in, "rule": rule}
                   for key, (low, high, low_in, high_in, rule) in RANGES.items()},
    }


def check(key: str, value: Any) -> float:
    """A hyperparameter as a float inside its range, or the error that says which rule it breaks."""
    low, high, low_in, high_in, rule = RANGES[key]
    try:
        v = float(value)
    except (TypeError, ValueError):
        v = math.nan
    inside = (low <= v if low_in else low < v) and (v <= high if high_in else v < high)
    if not inside:
        msgid = "err.optim.lr" if key == "lr" else "err.optim.hyper"
        raise ValueErr(msgid, name=key, rule=rule, value=str(value) if math.isnan(v) else f"{v:g}")
    return v


def lookup(name: str) -> type[Optimizer]:
    if name not in OPTIMIZERS:
        names = ", ".join(OPTIMIZERS)
        hint = difflib.get_close_matches(name.lower(), OPTIMIZERS, n=1)
        if hint:
            raise ValueErr("err.optim.unknown_hint", name=name, hint=hint[0], names=names)
        raise ValueErr("err.optim.unknown", name=name, names=names)
    return OPTIMIZERS[name]


def make(name: str, params: Iterable[Tensor], lr: float | None = None, **hyper: Any) -> Optimizer:
    """The optimizer `name` over `params`; hyperparameters left out (or None) take defaults."""
    cls = lookup(name)
    if lr is not None:
        hyper["lr"] = lr
    for key in hyper:
        if key not in cls.defaults and key != "lr":
            raise ValueErr("err.optim.option", optimizer=name, name=key,
                           names=", ".join(["lr", *cls.defaults]))
    values = cls.defaults | {k: v for k, v in hyper.items() if v is not None}
    return cls(params, **values)
