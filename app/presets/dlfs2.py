"""밑바닥부터 시작하는 딥러닝 2, chapter 1: Softmax-with-Loss, MatMul, Repeat, Sum, branch."""

from chainrule.app.presets.preset import Preset

PRESETS = {
    "softmax-ce": Preset("""
s = [[0.3, 2.9, 4.0]]
t = [[0, 0, 1]]
y = softmax(s)
L = -sum(t * log(y))
"""),
    "softmax-loss-onehot": Preset("""
s = [[0.3, 2.9, 4.0], [1.2, -0.5, 0.8]]
t = [[0, 0, 1], [1, 0, 0]]
L = cross_entropy(s, t)
"""),
    "softmax-loss-index": Preset("""
s = [[0.3, 2.9, 4.0], [1.2, -0.5, 0.8]]
t = [2, 0]
L = cross_entropy(s, t)
"""),
    # G plays the book's random upstream gradient dy: ∂L/∂Y = G.
    "matmul-batch": Preset("""
X = randn(2, 3, seed=0)
W = randn(3, 4, seed=1)
Y = X @ W
G = randn(2, 4, seed=2)
L = sum(Y * G)
"""),
    "repeat-sum": Preset("""
x = randn(1, 8, seed=0)
y = repeat(x, 7, axis=0)
G = randn(7, 8, seed=1)
s = sum(y * G, axis=0, keepdims=True)
L = sum(s)
"""),
    "branch-node": Preset("""
x = [0.5, -1.0, 2.0]
a = 2 * x
b = x ** 2
L = sum(a + b)
"""),
}
