"""Preset programs from the CS231n slides and the backprop lecture notes."""

from app.schemas import Example


def example(id: str, title: str, description: str, source: str) -> Example:  # noqa: A002
    return Example(id=id, title=title, description=description, source=source.strip() + "\n")


EXAMPLES = [
    example("cs231n-simple", "CS231n: f = (x + y) · z",
            "The first backprop example: add distributes, multiply swaps. 덧셈·곱셈 노드.", """
x = -2
y = 5
z = -4
q = x + y
f = q * z
"""),
    example("cs231n-sigmoid-gates", "CS231n: sigmoid neuron, gate by gate",
            "σ(w0·x0 + w1·x1 + w2) drawn with *-1, exp, +1 and 1/x gates.", """
w0 = 2
x0 = -1
w1 = -3
x1 = -2
w2 = -3
f = 1 / (1 + exp(-(w0*x0 + w1*x1 + w2)))
"""),
    example("cs231n-sigmoid-gate", "CS231n: sigmoid neuron, one σ gate",
            "The same neuron with one sigmoid gate: local gradient (1 - σ)σ.", """
w0 = 2
x0 = -1
w1 = -3
x1 = -2
w2 = -3
f = sigmoid(w0*x0 + w1*x1 + w2)
"""),
    example("sigmoid-def", "Sigmoid as a grouped function",
            "A def draws its gates in a labelled box that collapses into one gate.", """
def sig(t):
    return 1 / (1 + exp(-t))

w0 = 2
x0 = -1
w1 = -3
x1 = -2
w2 = -3
f = sig(w0*x0 + w1*x1 + w2)
"""),
    example("gate-patterns", "Gate patterns: add, mul, max",
            "add distributes, mul swaps, max routes (CS231n). max 노드는 큰 쪽으로만 보낸다.", """
x = 3
y = -4
z = 2
w = -1
a = x * y
m = max(z, w)
s = a + m
f = s * 2
"""),
    example("copy-gate", "Copy gate: a fork adds gradients",
            "x feeds two gates; the gradients flowing back along both add up (분기 노드).", """
x = 2
y = 3
a = x * y
f = a + x
"""),
    example("norm-wx", "||W x||² (vectorized)",
            "CS231n's vectorized example: ∂f/∂W = 2 q xᵀ, ∂f/∂x = 2 Wᵀ q.", """
W = [[0.1, 0.5], [-0.3, 0.8]]
x = [0.2, 0.4]
q = W @ x
f = sum(q ** 2)
"""),
    example("matmul-batch", "MatMul node on a batch",
            "Y = X W: ∂L/∂X = ∂L/∂Y Wᵀ and ∂L/∂W = Xᵀ ∂L/∂Y (MatMul 노드).", """
X = randn(2, 3, seed=0)
W = randn(3, 4, seed=1)
Y = X @ W
L = sum(Y)
"""),
    example("repeat-sum", "Repeat and Sum nodes",
            "Repeat copies a row N times (backward: sum); Sum adds rows (backward: repeat).", """
x = [[1, 2, 3]]
w = randn(4, 3, seed=0)
y = repeat(x, 4, axis=0)
z = y * w
s = sum(z, axis=0, keepdims=True)
L = sum(s)
"""),
    example("two-layer-net", "Two-layer net: Affine, ReLU, Softmax-with-Loss",
            "x @ W + b (Affine), ReLU, and the Softmax-with-Loss node with backward (y - t)/N.", """
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
    example("conv-pool", "Convolution and max pooling",
            "conv2d with bias and padding, ReLU, 2×2 max pooling (pooling routes gradients).", """
x = randn(1, 1, 6, 6, seed=0)
w = randn(2, 1, 3, 3, seed=1) * 0.5
b = zeros(2)
c = relu(conv2d(x, w, b, stride=1, padding=1))
p = maxpool2d(c, 2)
L = sum(p)
"""),
]
