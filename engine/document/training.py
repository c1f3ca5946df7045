"""One POST /api/train: parse, train, and answer docs/api.md's document (loss, accuracy, trajectory,
final, boundary) — whole, or as NDJSON progress lines with the document last."""

import time
from collections.abc import Iterator
from typing import Any

import numpy as np

from chainrule.engine.core import limits as lim
from chainrule.engine.core.autograd import backprop, recompute, topological
from chainrule.engine.core.errors import GraphError
from chainrule.engine.core.tensor import Tensor
from chainrule.engine.document import update
from chainrule.engine.document.compact import TRAJECTORY, Compactor
from chainrule.engine.document.trace import to_json, trace
from chainrule.engine.language import Interpreter
from chainrule.engine.language.source import Source
from chainrule.engine.learning.trainer import BUDGET, History, Trainer

GRID = 64  # the decision boundary's grid is GRID × GRID (docs/api.md: at least 60 × 60)
EVERY_STEPS, EVERY_SECONDS = 50, 0.5  # progress lines at least this often


def train(source: str, optimizer: update.Spec, steps: int, batch_size: int | None = None,
          seed: int = 0, params: list[str] | None = None, seconds: float = BUDGET,
          stream: bool = False) -> dict[str, Any] | Iterator[dict[str, Any]]:
    """The whole document, or (stream) an iterator of progress lines ending with it."""
    lines = run(source, optimizer, steps, batch_size, seed, params, seconds)
    if stream:
        return lines
    *_, document = lines
    return document


def trainer_for(source: str, optimizer: update.Spec, batch_size: int | None, seed: int,
                params: list[str] | None) -> Trainer:
    """The program parsed within the default limits, its parameters under `optimizer`."""
    limits = lim.Limits()
    with lim.budget(limits):
        output = Interpreter(Source(source), limits).run().output
    opt = update.optimizer(optimizer, update.parameters(output, params))
    return Trainer(output, opt, batch_size, seed, source)


def run(source: str, optimizer: update.Spec, steps: int, batch_size: int | None, seed: int,
        params: list[str] | None, seconds: float) -> Iterator[dict[str, Any]]:
    start = time.monotonic()
    trainer = trainer_for(source, optimizer, batch_size, seed, params)
    history, shown = History(), (0, time.monotonic())
    for done, history in trainer.run(steps, seconds, started=start):
        if done - shown[0] >= EVERY_STEPS or time.monotonic() - shown[1] >= EVERY_SECONDS:
            yield progress(done, history)
            shown = (done, time.monotonic())
    yield document(trainer, history)


def progress(done: int, history: History) -> dict[str, Any]:
    acc = history.accuracy[-1] if history.accuracy else None
    return {"step": done, "loss": to_json(np.asarray(history.loss[-1])),
            "accuracy": None if acc is None else to_json(np.asarray(acc))}


def document(trainer: Trainer, history: History) -> dict[str, Any]:
    """docs/api.md's answer; `final` is /api/graph's document at the final parameters, its update
    steps the optimizer's next step. One budget for all (engine.document.compact): `final`'s big
    tensors and the trajectories of shape [steps + 1, *shape] are whole while they fit, smallest
    first, else compact with "ref": null (/api/tensor does not train; /api/train with steps=k gives
    p_k in its `final`)."""
    area = boundary(trainer)
    compactor = Compactor(fetchable=False, source=trainer.source)
    final = trace(trainer.output, compactor)
    final["check"], final["entropy"] = None, None
    final["steps"] += update.update_steps(trainer.opt, final, trainer.output, compactor)
    trajectory = {name: compactor.encode(np.stack(values), f"trajectory/{name}", TRAJECTORY)
                  for name, values in history.trajectory.items()}
    answer = {
        "loss": to_json(np.asarray(history.loss)),
        "accuracy": None if history.accuracy is None else to_json(np.asarray(history.accuracy)),
        "trajectory": trajectory, "final": final, "boundary": area,
    }
    return compactor.finish(answer, graph=final, extra=(trajectory,))


def boundary(trainer: Trainer) -> dict[str, Any] | None:
    """The predicted class over a GRID × GRID grid around 2-feature classification data, or None
    when the data or the graph do not allow one."""
    if trainer.head is None:
        return None
    scores, target = trainer.head
    features = [t for t in topological(scores) if t.data]
    if len(features) != 1 or features[0] is target or features[0].value.shape[1:] != (2,):
        return None
    X = features[0]
    full = X.value
    low, high = full.min(axis=0), full.max(axis=0)
    pad = np.maximum((high - low) * 0.1, 0.1)
    xs, ys = (np.linspace(low[i] - pad[i], high[i] + pad[i], GRID) for i in (0, 1))
    gx, gy = np.meshgrid(xs, ys)  # row j: y = ys[j]; column i: x = xs[i]
    order = topological(scores)
    points, most = np.c_[gx.ravel(), gy.ravel()], lim.rows_at_once(per_row(order, X))
    try:  # a few grid rows at a time when the nodes that hold a row each would grow too big
        parts = []
        for start in range(0, len(points), most):
            X.value = points[start:start + most]
            recompute(order)
            parts.append(np.argmax(scores.value, axis=-1))
        classes = np.concatenate(parts).reshape(GRID, GRID)
    except (GraphError, ValueError, IndexError):  # a graph that holds the batch size fixed
        return None
    finally:
        X.value = full
        recompute(trainer.order)
        backprop(trainer.order, trainer.output)
    return {"x": xs.tolist(), "y": ys.tolist(), "classes": classes.tolist()}


def per_row(order: list[Tensor], X: Tensor) -> int:
    """The numbers a row of X adds to the graph: its own and those of every node it reaches."""
    reached, count = {X.id}, 0
    for t in order:
        if t.id in reached or any(i.id in reached for i in t.inputs):
            reached.add(t.id)
            count += t.value.size
    return -(-count // len(X.value))
