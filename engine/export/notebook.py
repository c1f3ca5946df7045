"""The notebook display: `tensor.show(lang="ko")` and Jupyter's `_repr_html_`, the steppable
offline viewer in an iframe. `register(Tensor)` attaches them (the engine does when imported), so
the core class knows nothing of drawing."""

import html
from dataclasses import dataclass
from typing import Any

from chainrule.engine.catalogs import i18n
from chainrule.engine.core.tensor import Tensor
from chainrule.engine.document.trace import trace
from chainrule.engine.export.viewer import standalone_html


def notebook_html(document: dict[str, Any], height: int = 560, lang: str | None = None) -> str:
    """The offline viewer in an iframe, as Jupyter shows it from `_repr_html_`."""
    lang = i18n.match(lang) or i18n.system_language()
    title = i18n.t(lang, "graph.title")
    # Pure ASCII (&#215; for ×), so the page is right whatever charset the host page uses.
    frame = (f'<iframe srcdoc="{html.escape(standalone_html(document, lang=lang, title=title))}" '
             f'style="width: 100%; height: {height}px; border: 0" sandbox="allow-scripts" '
             f'title="{html.escape(title)}"></iframe>')
    return frame.encode("ascii", "xmlcharrefreplace").decode("ascii")


@dataclass(frozen=True)
class NotebookView:
    """A graph as Jupyter shows it (`Tensor.show(lang="ko")`): the steppable offline viewer."""

    document: dict[str, Any]
    lang: str | None = None  # "ko" or "en"; None: this machine's locale
    height: int = 560

    def _repr_html_(self) -> str:
        return notebook_html(self.document, self.height, self.lang)


def show(tensor: Tensor, lang: str | None = None, height: int = 560) -> NotebookView:
    """The steppable graph for Jupyter, in `lang` ("ko" or "en"; default: the locale's)."""
    if lang is not None and not i18n.match(lang):
        speaks = ", ".join(i18n.LANGUAGES)
        raise ValueError(f"unknown language {lang!r}; chainrule speaks {speaks}")
    return NotebookView(trace(tensor), lang=lang, height=height)


def _repr_html_(tensor: Tensor) -> str:
    """Jupyter shows the steppable graph (call backward() first to see the gradients)."""
    return show(tensor)._repr_html_()


def register(cls: type[Tensor]) -> None:
    """Give `cls` its notebook display: `show()` and `_repr_html_()`."""
    cls.show = show  # type: ignore[attr-defined]
    cls._repr_html_ = _repr_html_  # type: ignore[attr-defined]
