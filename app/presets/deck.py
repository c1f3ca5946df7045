"""The course deck (week 11): activations, vanishing gradients, dropout, losses, convolution,
padding, the output size, pooling, batch normalization."""

from chainrule.app.presets.preset import Preset

X1 = ("[[10, 255, 125, 0, 170, 100], [70, 255, 105, 25, 25, 70], [255, 0, 150, 0, 10, 10],"
      " [0, 255, 10, 10, 150, 20], [70, 15, 200, 100, 95, 0], [25, 25, 100, 20, 0, 60]]")

PRESETS = {
    "activations": Preset("""
x = [-2.0, -0.5, 0.5, 2.0]
w1 = 1.0
b1 = 0.0
w2 = -0.5
b2 = 0.5
a = sigmoid(x)
b = tanh(x)
c = relu(x)
d = max(0.1 * x, x)
e = elu(x, alpha=1.0)
m = max(w1 * x + b1, w2 * x + b2)
f = sum(a + b + c + d + e + m)
"""),
    "vanishing-sigmoid": Preset("""
def layer(h, w):
    return sigmoid(w * h)

x = 1.0
w1 = 1.0
w2 = 1.0
w3 = 1.0
w4 = 1.0
w5 = 1.0
w6 = 1.0
w7 = 1.0
w8 = 1.0
h1 = layer(x, w1)
h2 = layer(h1, w2)
h3 = layer(h2, w3)
h4 = layer(h3, w4)
h5 = layer(h4, w5)
h6 = layer(h5, w6)
h7 = layer(h6, w7)
h8 = layer(h7, w8)
"""),
    "dropout": Preset("""
x = [[1.0, 2.0, 3.0, 4.0], [0.5, 1.0, 1.5, 2.0]]
y = dropout(x, p=0.5, seed=0)
L = sum(y)
"""),
    "losses": Preset("""
y = [2.5, 0.0, 2.1]
t = [3.0, -0.5, 2.0]
s = [[2.0, 1.0, 0.1]]
k = [0]
p = [0.9, 0.2, 0.6]
q = [1, 0, 1]
L = mse(y, t) + mae(y, t) + cross_entropy(s, k) + bce(p, q)
"""),
    # J @ W @ J turns W by 180°: the deck's Wʳ; conv2d slides its kernel as it is.
    "conv-3x3-padding": Preset("""
X = reshape([[2, 1, 2], [5, 0, 1], [1, 7, 3]], (1, 1, 3, 3))
W = [[0.5, 0.7, 0.4], [0.3, 0.4, 0.1], [0.5, 1, 0.5]]
J = [[0, 0, 1], [0, 1, 0], [1, 0, 0]]
Wr = reshape(J @ W @ J, (1, 1, 3, 3))
Y = conv2d(X, Wr, padding="same")
L = sum(Y)
"""),
    "convolve-1d": Preset("""
x = [1, 3, 2, 4, 5, 6, 1, 3]
w = [1, 0, 3, 1, 2]
y = convolve(x, w, mode="full")
L = sum(y)
"""),
    "conv-output-size": Preset("""
x = randn(1, 1, 6, 6, seed=0)
w = randn(1, 1, 3, 3, seed=1)
y = conv2d(x, w, stride=2, padding=1)
L = sum(y)
"""),
    "maxpool-6x6": Preset(f"""
X = reshape({X1}, (1, 1, 6, 6))
Y = maxpool2d(X, 2, stride=2)
L = sum(Y)
"""),
    "batchnorm": Preset("""
x = [[1.0, 2.0, 3.0], [2.0, 0.0, 1.0], [4.0, 1.0, -1.0], [3.0, 3.0, 0.0]]
gamma = [1.5, 1.0, 0.5]
beta = [0.1, 0.0, -0.1]
y = batchnorm(x, gamma, beta)
c = randn(4, 3, seed=0)
L = sum(y * c)
"""),
}
