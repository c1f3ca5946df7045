"""The decision boundary while a network learns: the same run as POST /api/train (same batches,
same numbers), with the predicted classes over the boundary's grid at a few iterations.

The train panel animates these frames; /api/train itself gives only the final boundary.
"""

import time
from typing import Any

from chainrule.engine.core.errors import ValueErr
from chainrule.engine.document import update
from chainrule.engine.document.training import boundary, trainer_for
from chainrule.engine.learning.trainer import BUDGET

FRAMES_MOST = 40


def checkpoints(steps: int, count: int) -> list[int]:
    """`count` + 1 iterations from 0 to `steps`, evenly spread (fewer when steps is small)."""
    return sorted({round(steps * i / count) for i in range(count + 1)})


def frames(source: str, optimizer: update.Spec, steps: int, batch_size: int | None = None,
           seed: int = 0, params: list[str] | None = None, count: int = 10,
           seconds: float = BUDGET) -> dict[str, Any]:
    """{"x", "y", "frames": [{"step": k, "classes": grid at the parameters p_k}]}; "frames" is
    empty when the program has no boundary (not 2-feature classification data)."""
    if not 1 <= count <= FRAMES_MOST:
        raise ValueErr("err.frames.count", most=FRAMES_MOST)
    start = time.monotonic()
    trainer = trainer_for(source, optimizer, batch_size, seed, params)
    wanted = checkpoints(steps, count)
    first = boundary(trainer)  # p_0, before any update
    if first is None:
        return {"x": [], "y": [], "frames": []}
    shown = [{"step": 0, "classes": first["classes"]}]
    for done, _ in trainer.run(steps, seconds, started=start):
        if done in wanted:
            trainer.use(None)  # the whole data set, as the boundary's grid is drawn around it
            area = boundary(trainer)
            shown.append({"step": done, "classes": area["classes"] if area else []})
    return {"x": first["x"], "y": first["y"], "frames": shown}
