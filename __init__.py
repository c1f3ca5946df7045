"""chainrule: backpropagation drawn as the lecture slides draw it.

`from chainrule import Tensor, exp, relu, …` is the Python face (README, notebooks); the engine is
`chainrule.engine` (engine/ in the repository) and the web app `chainrule.app` (app/). The
repository's root is this package: pyproject.toml maps `chainrule` to it, so a checkout and an
installed wheel import the same names, and nothing else is installed at the top level.
"""

from chainrule.engine import *  # noqa: F403  (the engine's face is the package's)
from chainrule.engine import __all__ as __all__
