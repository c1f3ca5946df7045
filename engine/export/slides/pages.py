"""A deck's pages as shapes: a title page naming the program (its source in a monospace box), a
page per count of steps shown (the graph, the progress and the step's caption under it) and, in
practice, answer pages (the graph whole, and each asked number). Words from the catalogs in the
deck's language; sizes in points on the 960 × 540 page."""

from typing import Any

from chainrule.engine.catalogs import i18n
from chainrule.engine.export.slides import graph
from chainrule.engine.export.slides.colours import Colours
from chainrule.engine.export.slides.fonts import text_width
from chainrule.engine.export.slides.shapes import HEIGHT, WIDTH, Box, Lines, Page, Text

MARGIN = 36.0
GRAPH_TOP, GRAPH_BOTTOM = 54.0, 392.0
MOST_SCALE = 1.6  # a small graph grows to at most this many points per layout pixel
SMALLEST_NUMBER = 7.0  # points: an edge's number smaller than this is no longer readable
CAPTION_SIZE, SMALLEST_CAPTION = 20.0, 8.0
ANSWERS_PER_PAGE = 8  # four rows of two, or fewer rows of three
PHASE_COLOUR = {"forward": "fwd", "backward": "bwd", "update": "upd", "start": "muted"}


def graph_fit(view: dict[str, Any]) -> graph.Fit:
    """Where the graph sits on every page (the same on each)."""
    return graph.fit(view, MARGIN, GRAPH_TOP, WIDTH - 2 * MARGIN, GRAPH_BOTTOM - GRAPH_TOP,
                     MOST_SCALE)


def title_page(title: str, source: str, lang: str, c: Colours, practice: bool) -> Page:
    """The program's name, what the deck is, and its source."""
    page = Page(c["bg"])
    page.shapes.append(Text(MARGIN, 66, title, _fitted(title, 34, WIDTH - 2 * MARGIN), c["ink"],
                            anchor="start", bold=True, role="title"))
    words = i18n.t(lang, "slides.practice_subtitle" if practice else "slides.subtitle")
    page.shapes.append(Text(MARGIN, 106, words, 18, c["muted"], anchor="start", role="subtitle"))
    lines = source.strip("\n").splitlines() or [""]
    top, bottom = 136.0, HEIGHT - MARGIN
    most = int((bottom - top - 24) // (11 * 1.25))
    if len(lines) > most:
        lines = [*lines[: most - 1], "…"]
    size = min(18.0, (bottom - top - 24) / (len(lines) * 1.25),
               _fitted(max(lines, key=len), 18, WIDTH - 2 * MARGIN - 32, mono=True))
    height = len(lines) * size * 1.25 + 24
    page.shapes.append(Box(MARGIN, top, WIDTH - 2 * MARGIN, height, 8, c["panel"], c["border"], 1,
                           role="source-box"))
    page.shapes.append(Lines(MARGIN + 16, top + 12, tuple(lines), size, c["ink"], mono=True,
                             role="source"))
    return page


def step_page(view: dict[str, Any], frame: dict[str, Any], title: str, lang: str,
              c: Colours) -> Page:
    """The graph after `frame`'s steps, its progress on top and its caption under it."""
    page = Page(c["bg"])
    progress = i18n.t(lang, f"player.progress_{frame['phase']}", index=frame["index"],
                      total=frame["total"])
    colour = c[PHASE_COLOUR.get(frame["phase"], "ink")]
    page.shapes.append(Text(MARGIN, 30, progress, 16, colour, anchor="start", bold=True,
                            role="progress"))
    page.shapes.append(Text(WIDTH - MARGIN, 30, title, 12, c["muted"], anchor="end",
                            role="program"))
    page.shapes += graph.draw(view, frame, graph_fit(view), c)
    if frame["kind"] is None:
        head, body = i18n.t(lang, "slides.start"), []
    else:
        head, body = i18n.t(lang, f"caption.{frame['kind']}"), frame["caption"].splitlines()
    page.shapes += _caption(head, body, c)
    page.notes = "\n".join([progress, head, *body])
    return page


def answer_pages(view: dict[str, Any], reveal: dict[str, Any], questions: list[dict[str, Any]],
                 lang: str, c: Colours) -> list[Page]:
    """The graph with every number, and the asked ones listed, ANSWERS_PER_PAGE a page."""
    chunks = [questions[i:i + ANSWERS_PER_PAGE]
              for i in range(0, len(questions), ANSWERS_PER_PAGE)] or [[]]
    pages = []
    for index, chunk in enumerate(chunks, start=1):
        page = Page(c["bg"])
        words = i18n.t(lang, "slides.answers", index=index, total=len(chunks))
        page.shapes.append(Text(MARGIN, 30, words, 16, c["ink"], anchor="start", bold=True,
                                role="progress"))
        page.shapes += graph.draw(view, reveal, graph_fit(view), c)
        page.shapes += _answers(chunk, c)
        pages.append(page)
    return pages


def _answers(questions: list[dict[str, Any]], c: Colours) -> list[Text | Lines | Box]:
    """Each asked number as "∂f/∂x = -0.20", in its colour, in three columns under the graph (two
    when a tensor's answer is long), each shrunk to leave a fifth of its column free: a viewer
    may set the PPTX in a wider font than the one measured."""
    shapes: list[Text | Lines | Box] = []
    texts = [f"{q['text']} = {q['shown']}" for q in questions]
    columns = 3 if all(len(text) <= 24 for text in texts) else 2
    column = (WIDTH - 2 * MARGIN) / columns
    for i, (q, text) in enumerate(zip(questions, texts, strict=True)):
        x = MARGIN + column * (i % columns)
        y = GRAPH_BOTTOM + 22 + 28 * (i // columns)
        size = _fitted(text, 18, column * 0.8)
        colour = c["bwd"] if q["what"] == "grad" else c["fwd"]
        shapes.append(Text(x, y, text, size, colour, anchor="start", bold=True,
                           role=f"answer {q['what']} {q['edge']}"))
    return shapes


def _caption(head: str, body: list[str], c: Colours) -> list[Text | Lines | Box]:
    """The step's words (muted, small) and its arithmetic, shrunk to fit under the graph."""
    top = GRAPH_BOTTOM + 10
    shapes: list[Text | Lines | Box] = [Text(MARGIN, top + 8, head, 13, c["muted"], anchor="start",
                                             role="caption-head")]
    if body:
        room = HEIGHT - MARGIN / 2 - (top + 22)
        size = min(CAPTION_SIZE, room / (len(body) * 1.25),
                   _fitted(max(body, key=lambda line: text_width(line, 1)), CAPTION_SIZE,
                           WIDTH - 2 * MARGIN))
        shapes.append(Lines(MARGIN, top + 22, tuple(body), max(size, SMALLEST_CAPTION), c["ink"],
                            role="caption"))
    return shapes


def _fitted(text: str, size: float, room: float, mono: bool = False) -> float:
    """`size`, or smaller so that `text` fits in `room` points."""
    width = text_width(text, size, mono=mono)
    return size if width <= room else size * room / width
