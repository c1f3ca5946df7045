"""The backprop blog post: ReLU, sigmoid, Affine, Softmax-with-Loss, ½·MSE, the gradient check."""

from chainrule.app.presets.preset import Preset

PRESETS = {
    "relu": Preset("""
x = [-2.0, -0.5, 1.5, 3.0]
g = [0.5, -1.0, 2.0, 1.0]
y = relu(x)
L = sum(y * g)
"""),
    "sigmoid-y1y": Preset("""
x = [-2.0, 0.0, 1.0, 3.0]
y = sigmoid(x)
L = sum(y)
"""),
    "affine": Preset("""
X = [[1.0, 2.0], [3.0, -1.0]]
W = [[0.5, -0.2, 0.1], [0.3, 0.8, -0.5]]
B = [0.1, 0.2, 0.3]
Y = X @ W + B
G = [[1.0, -1.0, 2.0], [0.5, 0.0, -1.0]]
L = sum(Y * G)
"""),
    "two-layer-net": Preset("""
X = [[1.0, 0.5], [-0.3, 0.8]]
t = [0, 2]
W1 = randn(2, 3, seed=1) * 0.5
b1 = zeros(3)
W2 = randn(3, 3, seed=2) * 0.5
b2 = zeros(3)
h = relu(X @ W1 + b1)
s = h @ W2 + b2
L = cross_entropy(s, t)
"""),
    "identity-mse": Preset("""
y = [0.3, 1.2, -0.4]
t = [0.0, 1.0, 0.0]
L = 0.5 * sum((y - t) ** 2)
"""),
    "gradient-check": Preset("""
x = [[0.5, -1.2]]
W = [[0.3, -0.7, 0.2], [0.9, 0.1, -0.4]]
b = [0.1, 0.0, -0.1]
h = sigmoid(x @ W + b)
t = [[0, 1, 0]]
L = 0.5 * sum((h - t) ** 2)
""", check=True),
}
