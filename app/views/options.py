"""The view parameters of an offline file, in one table: `/standalone` reads them from the query,
`chainrule export` from its flags (both generated from ViewOptions), and `offline_file` makes
the file from them. docs/api.md "Pages and their view parameters" lists them; the browser's own
table of URL parameters is static/js/url.js."""

import argparse
from functools import partial
from typing import Annotated, Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field

from chainrule.engine.document.build import build
from chainrule.engine.document.renumber import variants
from chainrule.engine.export.viewer import standalone_html

Step = Annotated[int | None, Field(ge=0, description="steps shown (default: all)")]
Theme = Annotated[Literal["light", "dark"], Field(description="colours")]
Palette = Annotated[Literal["classic", "cb"], Field(description="cb: safe for colour blindness")]


class ViewOptions(BaseModel):
    """How a graph is shown: the same names in a link, a query and the CLI's flags."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    step: Step = None
    theme: Theme = "light"
    palette: Palette = "classic"
    collapsed: str = Field("", pattern=r"^(g\d+(,g\d+)*)?$",
                           description="groups (def calls) drawn shut, e.g. g0,g2")
    practice: Literal["grad", "value", "both"] | None = Field(
        None, description="practice mode: students fill in these numbers")
    ask: str = Field("", pattern=r"^(\w+(,\w+)*)?$", description="edges asked, e.g. e3,e5")
    explain: str = Field("", max_length=100,
                         description="the gate whose explainer opens, e.g. Y or n3")

    def shut(self) -> list[str]:
        return [g for g in self.collapsed.split(",") if g]

    def asked(self) -> list[str]:
        return [e for e in self.ask.split(",") if e]


def add_flags(parser: argparse.ArgumentParser) -> None:
    """--step, --theme, … for each view option, with its choices, default and description."""
    for name, field in ViewOptions.model_fields.items():
        literal = _strings(field.annotation) or None
        parser.add_argument(f"--{name}", default=field.default, help=field.description,
                            choices=literal, type=int if name == "step" else str,
                            metavar=None if literal else name.upper())


def _strings(kind: Any) -> list[str]:
    """The strings a Literal allows, also inside `Literal[...] | None`."""
    return [a for arg in get_args(kind) for a in ([arg] if isinstance(arg, str) else
                                                  _strings(arg))]


def from_flags(args: argparse.Namespace) -> ViewOptions:
    """The options the flags name (checked as a query's are: a ValidationError if wrong)."""
    return ViewOptions(**{name: getattr(args, name) for name in ViewOptions.model_fields})


def offline_bytes(source: str, options: dict[str, Any], lang: str, title: str) -> bytes:
    """GET /standalone's job, run in a worker under the graph's deadline: the offline file of
    `source` as UTF-8 (the program's own error raised as it is, for the one error shape)."""
    document = build(source, code=True, lang=lang)  # the file shows the code view, too
    return offline_file(source, document, ViewOptions(**options), lang, title).encode("utf-8")


def offline_file(source: str, document: dict[str, Any], options: ViewOptions, lang: str,
                 title: str) -> str:
    """The steppable offline HTML of `document` (built from `source` with code=True) as
    `options` show it; in practice mode with a few other input numbers drawn now, as the file
    has no server to ask."""
    remake = partial(build, code=True, lang=lang)
    others = variants(source, document, remake) if options.practice else []
    return standalone_html(document, step=options.step, theme=options.theme,
                           palette=options.palette, title=title, collapsed=options.shut(),
                           lang=lang, practice=options.practice, ask=options.asked(),
                           variants=others, explain=options.explain)
