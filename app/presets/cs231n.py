"""CS231n lecture 6: computational graphs, the sigmoid neuron, gate patterns, ‖Wx‖²."""

from chainrule.app.presets.preset import Preset

NEURON = """
w0 = 2
x0 = -1
w1 = -3
x1 = -2
w2 = -3
"""  # the sigmoid neuron's weights and inputs, f = σ(w0·x0 + w1·x1 + w2) = 0.73

PRESETS = {
    "cs231n-simple": Preset("""
x = -2
y = 5
z = -4
q = x + y
f = q * z
"""),
    # The scores of CS231n's cat/car/frog table (a row per image) come out of X @ W.
    "cs231n-linear-svm": Preset("""
X = [[1, 0, 0], [1, 1, 0], [0, 1, 1]]
W = [[3.2, 5.1, -1.7], [-1.9, -0.2, 3.7], [4.1, 2.7, -6.8]]
y = [0, 1, 2]
S = X @ W
data = svm_loss(S, y, margin=1.0)
R = sum(W * W)
L = data + 0.01 * R
"""),
    "cs231n-sigmoid-gates": Preset(NEURON + "f = 1 / (1 + exp(-(w0*x0 + w1*x1 + w2)))\n"),
    "cs231n-sigmoid-gate": Preset(NEURON + "f = sigmoid(w0*x0 + w1*x1 + w2)\n"),
    "sigmoid-def": Preset("def sig(t):\n    return 1 / (1 + exp(-t))\n" + NEURON
                          + "f = sig(w0*x0 + w1*x1 + w2)\n"),
    "gate-patterns": Preset("""
x = 3
y = -4
z = 2
w = -1
q = x * y
m = max(z, w)
s = q + m
f = s * 2 + x
"""),
    "copy-gate": Preset("""
x = 2
y = 3
a = x * y
f = a + x
"""),
    "norm-wx": Preset("""
W = [[0.1, 0.5], [-0.3, 0.8]]
x = [0.2, 0.4]
q = W @ x
f = sum(q ** 2)
"""),
}
