"""Training: run one graph's forward and backward again and again, the optimizer between.

The graph is built once; each step puts the parameters' and the batch's values into its leaves
and re-runs the same nodes (the ops' own forward and backward, one code path per op). Batches:
one `np.random.default_rng(seed)` per run; each epoch is `rng.permutation(n)` cut into
consecutive batches of `batch_size` rows (the last may be shorter); None = the whole data set.
"""

import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

import numpy as np

from chainrule.engine.core.autograd import backprop, recompute, topological
from chainrule.engine.core.errors import GraphError, LimitError, ValueErr
from chainrule.engine.core.limits import TRAIN_SECONDS, TRAIN_STEPS, check_seed
from chainrule.engine.core.nperrors import numpy_error
from chainrule.engine.core.tensor import Tensor
from chainrule.engine.document.update import parameters
from chainrule.engine.learning import optim

MAX_STEPS = TRAIN_STEPS
BUDGET = TRAIN_SECONDS  # seconds a run may take; past it, a limit error
COMPUTING = (GraphError, ValueError, TypeError, ArithmeticError, IndexError, MemoryError)
CLASSIFIERS = ("cross_entropy", "svm_loss")  # heads whose target may be class indices
TRAJECTORY_MOST = 100  # parameters with at most this many numbers get a trajectory


@dataclass
class History:
    """Per step k: the loss (and accuracy) on batch k before update k; per small parameter, its
    values p_0 … p_steps."""

    loss: list[float] = field(default_factory=list)
    accuracy: list[float] | None = None
    trajectory: dict[str, list[np.ndarray]] = field(default_factory=dict)


class Trainer:
    """One graph, its parameters, its data leaves, and the optimizer that moves them."""

    def __init__(self, output: Tensor, opt: optim.Optimizer, batch_size: int | None = None,
                 seed: int = 0, source: str | None = None) -> None:
        """`source`: the program's text, to place a node's error by its span (None: no place)."""
        if output.value.size != 1:
            raise ValueErr("err.train.scalar", shape=str(output.value.shape))
        if not opt.params:
            raise ValueErr("err.train.no_params")
        self.output, self.opt, self.source = output, opt, source
        self.order = topological(output)
        self.data = [t for t in self.order if t.data]
        self.full = {t.id: t.value for t in self.data}
        rows = {t.value.shape[0] if t.value.ndim else 0 for t in self.data}
        if len(rows) > 1 or 0 in rows:
            raise ValueErr("err.train.rows")
        self.n = rows.pop() if rows else 0
        self.batch_size = check_batch(batch_size)
        self.rng = np.random.default_rng(check_seed(seed, "seed"))
        self.epoch: list[np.ndarray] = []
        self.rows: int | None = None  # the current batch's rows; None: the whole data set
        self.head = classifier(output)
        self.small = [p for p in opt.params if p.value.size <= TRAJECTORY_MOST and p.name]

    def batches(self) -> Iterator[np.ndarray | None]:
        """Row indices of each step's batch, epoch after epoch; None = every row in order."""
        if self.batch_size is None or not self.n:
            while True:
                yield None
        while True:
            order = self.rng.permutation(self.n)
            yield from (order[i:i + self.batch_size] for i in range(0, self.n, self.batch_size))

    def use(self, rows: np.ndarray | None) -> None:
        """Put the batch `rows` (None: the whole data set) into the data leaves."""
        for t in self.data:
            t.value = self.full[t.id] if rows is None else self.full[t.id][rows]
        self.rows = None if rows is None or len(rows) == self.n else len(rows)

    def forward_backward(self) -> tuple[float, float | None]:
        """Loss and accuracy of the current batch, with every gradient filled."""
        try:
            recompute(self.order)
        except COMPUTING as e:
            raise self.failure(e) from None
        backprop(self.order, self.output)
        return float(self.output.value), accuracy(self.head)

    def failure(self, error: BaseException) -> GraphError:
        """The forward pass's error at the place of the node that raised it, told as a
        mini-batch's when the batch is not the whole data set (a program that assumes all n rows,
        e.g. reshape(X, (n, 1)) or a constant of n rows, fails only there)."""
        node, error = failing(self.order, error)
        graph_error = error if isinstance(error, GraphError) else numpy_error(error)
        if node is not None and node.span is not None and self.source is not None:
            graph_error.place(*span_place(self.source, node.span))
        if self.rows is None:
            return graph_error
        return graph_error.within("err.train.batch", rows=self.rows, n=self.n)

    def run(self, steps: int, seconds: float = BUDGET,
            started: float | None = None) -> Iterator[tuple[int, History]]:
        """Train `steps` steps, yielding (steps done, history) after each; a limit error once
        `seconds` have passed since `started` (time.monotonic(); default: now)."""
        if not 1 <= steps <= MAX_STEPS:
            raise ValueErr("err.train.steps", steps=steps, max=f"{MAX_STEPS:,}")
        deadline = (time.monotonic() if started is None else started) + seconds
        history = History(accuracy=[] if self.head else None)
        history.trajectory = {p.name or "": [p.value.copy()] for p in self.small}
        batches = self.batches()
        for k in range(steps):
            self.use(next(batches))
            loss, acc = self.forward_backward()
            history.loss.append(loss)
            if history.accuracy is not None and acc is not None:
                history.accuracy.append(acc)
            self.opt.step()
            for p in self.small:
                history.trajectory[p.name or ""].append(p.value.copy())
            if time.monotonic() > deadline:
                raise LimitError("err.train.time", seconds=f"{seconds:g}", step=k + 1)
            yield k + 1, history
        self.use(None)  # leave the graph at the final parameters on the whole data set
        self.forward_backward()


def failing(order: list[Tensor], error: BaseException) -> tuple[Tensor | None, BaseException]:
    """The op node whose forward raises, and its error: the forward pass run again a node at a
    time (the same values give the same failure); (None, `error`) if none fails now."""
    for node in order:
        if node.op is not None:
            try:
                recompute([node])
            except COMPUTING as e:
                return node, e
    return None, error


def span_place(source: str, span: tuple[int, int]) -> tuple[int, int, int, int]:
    """The 1-based (line, column, end_line, end_column) of a node's character span."""
    from chainrule.engine.language.source import Source  # noqa: PLC0415  (the language is optional here)

    src = Source(source)
    return (*src.position(span[0]), *src.position(span[1]))


def classifier(output: Tensor) -> tuple[Tensor, Tensor] | None:
    """(scores, class indices) when the output is a classification loss on class indices."""
    if output.op is None or output.op.name not in CLASSIFIERS or len(output.inputs) < 2:
        return None
    scores, target = output.inputs[0], output.inputs[1]
    return (scores, target) if target.value.ndim == scores.value.ndim - 1 else None


def accuracy(head: tuple[Tensor, Tensor] | None) -> float | None:
    if head is None:
        return None
    scores, target = head
    return float(np.mean(np.argmax(scores.value, axis=-1) == target.value))


def check_batch(batch_size: int | None) -> int | None:
    if batch_size is not None and (int(batch_size) != batch_size or batch_size < 1):
        raise ValueErr("err.train.batch_size", batch_size=batch_size)
    return None if batch_size is None else int(batch_size)


def train(
    graph: "str | Tensor", optimizer: str = "sgd", steps: int = 100,
    batch_size: int | None = None, seed: int = 0, params: Sequence[str] | None = None,
    progress: Callable[[int, History], None] | None = None, **hyper: float,
) -> History:
    """Train a program (source text) or a Tensor graph from Python, e.g.
    `train(loss, "adam", lr=0.01, steps=300, batch_size=16)`; the graph keeps the final values."""
    if isinstance(graph, str):
        from chainrule.engine.language import parse  # noqa: PLC0415  (the language is optional here)

        source, graph = graph, parse(graph).output
    else:
        source = None
    opt = optim.make(optimizer, parameters(graph, params), **hyper)
    history = History()
    trainer = Trainer(graph, opt, batch_size, seed, source)
    for done, history in trainer.run(steps, seconds=float("inf")):
        if progress is not None:
            progress(done, history)
    return history

