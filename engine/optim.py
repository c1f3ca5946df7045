"""Optimizers from the lecture notes, updating Tensor values in place from their grads."""

from collections.abc import Iterable

import numpy as np

from engine.tensor import Tensor


class Optimizer:
    """Base: `step()` moves every parameter against its gradient; subclasses pick the step."""

    def __init__(self, params: Iterable[Tensor], lr: float) -> None:
        self.params = list(params)
        self.lr = lr
        self.state: list[dict[str, np.ndarray]] = [{} for _ in self.params]

    def step(self) -> None:
        for p, state in zip(self.params, self.state, strict=True):
            if p.grad is not None:
                p.value = p.value - self.delta(p.grad, state)

    def delta(self, grad: np.ndarray, state: dict[str, np.ndarray]) -> np.ndarray:
        raise NotImplementedError


class SGD(Optimizer):
    """W ← W − η ∂L/∂W."""

    def __init__(self, params: Iterable[Tensor], lr: float = 0.01) -> None:
        super().__init__(params, lr)

    def delta(self, grad: np.ndarray, state: dict[str, np.ndarray]) -> np.ndarray:
        return self.lr * grad


class Momentum(Optimizer):
    """v ← αv − η ∂L/∂W; W ← W + v."""

    def __init__(self, params: Iterable[Tensor], lr: float = 0.01, momentum: float = 0.9) -> None:
        super().__init__(params, lr)
        self.momentum = momentum

    def delta(self, grad: np.ndarray, state: dict[str, np.ndarray]) -> np.ndarray:
        v = self.momentum * state.get("v", np.zeros_like(grad)) - self.lr * grad
        state["v"] = v
        return -v


class AdaGrad(Optimizer):
    """h ← h + g²; W ← W − η g / √h (per-parameter learning rates that decay)."""

    def __init__(self, params: Iterable[Tensor], lr: float = 0.01, eps: float = 1e-7) -> None:
        super().__init__(params, lr)
        self.eps = eps

    def delta(self, grad: np.ndarray, state: dict[str, np.ndarray]) -> np.ndarray:
        h = state.get("h", np.zeros_like(grad)) + grad * grad
        state["h"] = h
        return self.lr * grad / (np.sqrt(h) + self.eps)


class RMSProp(Optimizer):
    """h ← ρh + (1 − ρ)g²; W ← W − η g / √h (forgets old gradients)."""

    def __init__(
        self, params: Iterable[Tensor], lr: float = 0.01, decay: float = 0.99, eps: float = 1e-7
    ) -> None:
        super().__init__(params, lr)
        self.decay, self.eps = decay, eps

    def delta(self, grad: np.ndarray, state: dict[str, np.ndarray]) -> np.ndarray:
        h = self.decay * state.get("h", np.zeros_like(grad)) + (1 - self.decay) * grad * grad
        state["h"] = h
        return self.lr * grad / (np.sqrt(h) + self.eps)


class Adam(Optimizer):
    """Momentum and RMSProp together, with bias correction."""

    def __init__(
        self, params: Iterable[Tensor], lr: float = 0.001,
        beta1: float = 0.9, beta2: float = 0.999, eps: float = 1e-8,
    ) -> None:
        super().__init__(params, lr)
        self.beta1, self.beta2, self.eps = beta1, beta2, eps
        self.t = 0

    def step(self) -> None:
        self.t += 1
        super().step()

    def delta(self, grad: np.ndarray, state: dict[str, np.ndarray]) -> np.ndarray:
        m = self.beta1 * state.get("m", np.zeros_like(grad)) + (1 - self.beta1) * grad
        v = self.beta2 * state.get("v", np.zeros_like(grad)) + (1 - self.beta2) * grad * grad
        state["m"], state["v"] = m, v
        m_hat = m / (1 - self.beta1**self.t)
        v_hat = v / (1 - self.beta2**self.t)
        return self.lr * m_hat / (np.sqrt(v_hat) + self.eps)
