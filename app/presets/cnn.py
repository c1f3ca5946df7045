"""The CNN backpropagation notes: FC backward with ½·MSE, conv backward (C=K=S=1, P=0),
max-pool backward."""

from chainrule.app.presets.preset import Preset

PRESETS = {
    "cnn-fc-backward": Preset("""
x = [[0.5, 0.1]]
W = [[0.2, -0.4], [0.7, 0.3]]
b = [0.1, -0.1]
z = x @ W + b
O = sigmoid(z)
Ot = [[1.0, 0.0]]
C = 0.5 * sum((O - Ot) ** 2)
"""),
    # G is the upstream gradient ∂L/∂O the notes start from.
    "cnn-conv-backward": Preset("""
I = reshape([[1, 2, 0], [3, -1, 2], [0, 1, 4]], (1, 1, 3, 3))
k = reshape([[1, -1], [2, 0.5]], (1, 1, 2, 2))
O = conv2d(I, k, stride=1, padding=0)
G = reshape([[1, 2], [-1, 0.5]], (1, 1, 2, 2))
L = sum(O * G)
"""),
    "cnn-maxpool-backward": Preset("""
A = reshape([[1, 5, 2, 0], [3, 4, 8, 1], [0, 2, 6, 7], [9, 1, 3, 2]], (1, 1, 4, 4))
P = maxpool2d(A, 2)
G = reshape([[1, 2], [3, 4]], (1, 1, 2, 2))
L = sum(P * G)
"""),
    "conv-pool": Preset("""
x = randn(1, 1, 6, 6, seed=0)
w = randn(2, 1, 3, 3, seed=1) * 0.5
b = zeros(2)
c = relu(conv2d(x, w, b, stride=1, padding=1))
p = maxpool2d(c, 2)
L = sum(p)
"""),
}
