"""The slides job: source → graph document → the chosen steps' pages → PPTX or PDF bytes.

It runs in a worker under /api/graph's deadline (app/views/slides.py) and from `chainrule export`.
Limits of a slide: at most MOST_NODES gates and leaves drawn (after collapsing groups), and the
edges' numbers at least pages.SMALLEST_NUMBER points once the graph is fitted to the slide; past
either, a `limit` error suggests collapsing groups (or the offline HTML file, which zooms)."""

import re
from typing import Any, Literal

import numpy as np

from chainrule.engine.core.errors import LimitError, ValueErr
from chainrule.engine.document import update
from chainrule.engine.document.build import build
from chainrule.engine.document.text import value as written
from chainrule.engine.export.slides import pages
from chainrule.engine.export.slides.colours import colours
from chainrule.engine.export.slides.shapes import Page
from chainrule.engine.export.slides.view import deck_view

Format = Literal["pptx", "pdf"]
MOST_NODES = 60
_RANGE = re.compile(r"(\d{1,7})(?:-(\d{1,7}))?")


def slides(source: str, format: Format, lang: str, title: str | None = None,
           theme: str = "light", palette: str = "classic", collapsed: tuple[str, ...] = (),
           practice: str | None = None, ask: tuple[str, ...] = (), steps: str = "",
           optimizer: update.Spec | None = None, params: list[str] | None = None,
           entropy: int | None = None) -> bytes:
    """The deck of `source` as .pptx or .pdf bytes: a title slide, a slide per count of steps
    shown in `steps` ("0-4,9"; empty: 0 to the last), and in practice answer slides."""
    document = build(source, optimizer=optimizer, params=params, entropy=entropy)
    shown = chosen_steps(steps, len(document["steps"]))
    drawn = drawn_nodes(document, set(collapsed))
    if drawn > MOST_NODES:
        raise LimitError("err.limit.slides_nodes", nodes=drawn, limit=MOST_NODES)
    view = deck_view(document, shown, list(collapsed), practice, list(ask))
    number = 15 * pages.graph_fit(view).scale
    if number < pages.SMALLEST_NUMBER:
        raise LimitError("err.limit.slides_small", size=f"{number:.1f}",
                         least=f"{pages.SMALLEST_NUMBER:g}")
    name = title or program_title(source)
    c = colours(theme, palette)
    deck = [pages.title_page(name, source, lang, c, practice is not None)]
    deck += [pages.step_page(view, frame, name, lang, c) for frame in view["frames"]]
    if practice:
        answers = [q | {"shown": _answer(q["answer"], q["shown"])} for q in view["questions"]]
        deck += pages.answer_pages(view, view["reveal"], answers, lang, c)
    return _write(deck, format, lang, name)


def _write(deck: list[Page], format: Format, lang: str, title: str) -> bytes:
    """The writer of `format`, imported when asked for: python-pptx alone takes a second to
    import on a busy machine, inside the job's deadline."""
    if format == "pptx":
        from chainrule.engine.export.slides.to_pptx import pptx_bytes  # noqa: PLC0415

        return pptx_bytes(deck, lang, title)
    from chainrule.engine.export.slides.to_pdf import pdf_bytes  # noqa: PLC0415

    return pdf_bytes(deck, lang, title)


def chosen_steps(text: str, last: int) -> list[int]:
    """The counts of steps shown that `steps=` names ("0-4,9": 0, 1, 2, 3, 4 and 9) in its order,
    each once; every count from 0 to `last` when empty. A value error names the parameter."""
    if not text.strip():
        return list(range(last + 1))
    counts: list[int] = []
    for part in text.split(","):
        match = _RANGE.fullmatch(part.strip())
        if not match or int(match[1]) > int(match[2] or match[1]):
            raise ValueErr("err.slides.steps", steps=text[:40])
        first, end = int(match[1]), int(match[2] or match[1])
        if end > last:
            raise ValueErr("err.slides.steps_range", steps=text[:40], last=last)
        counts += [k for k in range(first, end + 1) if k not in counts]
    return counts


def drawn_nodes(document: dict[str, Any], collapsed: set[str]) -> int:
    """How many gates and leaves a slide draws: a collapsed group's nodes count as one gate."""
    parents = {g["id"]: g["parent"] for g in document["groups"]}
    seen: set[str] = set()
    for node in document["nodes"]:
        chain, group = [], node["group"]
        while group is not None and group not in chain:
            chain.append(group)
            group = parents.get(group)
        shut = [g for g in chain if g in collapsed]
        seen.add(shut[-1] if shut else node["id"])  # the outermost collapsed group holds it
    return len(seen)


def program_title(source: str) -> str:
    """What names a program: its first line when that is a comment, else its last statement."""
    lines = [line.strip() for line in source.splitlines() if line.strip()]
    if lines and lines[0].startswith("#"):
        return lines[0].lstrip("#").strip()[:80] or "chainrule"
    statements = [line for line in lines if not line.startswith(("#", "def ", "return "))]
    return statements[-1][:80] if statements else "chainrule"


def _answer(answer: Any, preview: str) -> str:
    """An asked number as the answer slide writes it: a small tensor whole, else its preview."""
    try:
        return written(np.asarray(answer, dtype=float))
    except (TypeError, ValueError):  # a compact form: its preview
        return preview
