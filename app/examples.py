"""Preset programs from the CS231n slides and the backprop lecture notes.

Each one's title and note live in the catalogs as `example.<id>.title` and `example.<id>.note`."""

from app.schemas import Example
from engine import i18n

SOURCES: dict[str, str] = {
    "cs231n-simple": """
x = -2
y = 5
z = -4
q = x + y
f = q * z
""",
    "cs231n-sigmoid-gates": """
w0 = 2
x0 = -1
w1 = -3
x1 = -2
w2 = -3
f = 1 / (1 + exp(-(w0*x0 + w1*x1 + w2)))
""",
    "cs231n-sigmoid-gate": """
w0 = 2
x0 = -1
w1 = -3
x1 = -2
w2 = -3
f = sigmoid(w0*x0 + w1*x1 + w2)
""",
    "sigmoid-def": """
def sig(t):
    return 1 / (1 + exp(-t))

w0 = 2
x0 = -1
w1 = -3
x1 = -2
w2 = -3
f = sig(w0*x0 + w1*x1 + w2)
""",
    "gate-patterns": """
x = 3
y = -4
z = 2
w = -1
a = x * y
m = max(z, w)
s = a + m
f = s * 2
""",
    "copy-gate": """
x = 2
y = 3
a = x * y
f = a + x
""",
    "norm-wx": """
W = [[0.1, 0.5], [-0.3, 0.8]]
x = [0.2, 0.4]
q = W @ x
f = sum(q ** 2)
""",
    "matmul-batch": """
X = randn(2, 3, seed=0)
W = randn(3, 4, seed=1)
Y = X @ W
L = sum(Y)
""",
    "repeat-sum": """
x = [[1, 2, 3]]
w = randn(4, 3, seed=0)
y = repeat(x, 4, axis=0)
z = y * w
s = sum(z, axis=0, keepdims=True)
L = sum(s)
""",
    "two-layer-net": """
X = [[1.0, 0.5], [-0.3, 0.8]]
t = [0, 2]
W1 = randn(2, 3, seed=1) * 0.5
b1 = zeros(3)
W2 = randn(3, 3, seed=2) * 0.5
b2 = zeros(3)
h = relu(X @ W1 + b1)
s = h @ W2 + b2
L = cross_entropy(s, t)
""",
    "conv-pool": """
x = randn(1, 1, 6, 6, seed=0)
w = randn(2, 1, 3, 3, seed=1) * 0.5
b = zeros(2)
c = relu(conv2d(x, w, b, stride=1, padding=1))
p = maxpool2d(c, 2)
L = sum(p)
""",
}


def examples_in(lang: str) -> list[Example]:
    """Every preset, titled and described in `lang`."""
    return [
        Example(id=key, title=i18n.t(lang, f"example.{key}.title"),
                description=i18n.t(lang, f"example.{key}.note"), source=source.strip() + "\n")
        for key, source in SOURCES.items()
    ]


EXAMPLES = examples_in(i18n.DEFAULT)
