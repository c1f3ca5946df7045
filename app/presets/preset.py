"""One gallery preset: a program and the panel it opens in."""

from dataclasses import dataclass
from typing import Any, Literal

Mode = Literal["graph", "train", "race"]


@dataclass(frozen=True)
class Preset:
    source: str
    mode: Mode = "graph"  # the panel it opens in (docs/api.md's view parameter `mode`)
    check: bool = False  # opens with the gradient check ticked
    optimizer: dict[str, Any] | None = None  # as /api/train's optimizer: {"name", "lr", ...}
    settings: dict[str, Any] | None = None  # train: steps, batch_size, seed, params; race: runs

    @property
    def text(self) -> str:
        """The source as served: no leading blank line, one final newline."""
        return self.source.strip() + "\n"
