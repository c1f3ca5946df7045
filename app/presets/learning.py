"""Learning (the CNN notes' GD vs SGD, the deck's optimizers): presets that open the update
phase, the train panel (mode "train") or the optimizer race (mode "race")."""

from chainrule.app.presets.cs231n import PRESETS as CS231N
from chainrule.app.presets.preset import Preset


def two_layer_net(data: str, hidden: int, classes: int, scale: float, activation: str) -> str:
    """X, t from `data`; Affine → `activation` → Affine → Softmax-with-Loss."""
    return f"""
X, t = {data}
W1 = randn(2, {hidden}, seed=1) * {scale}
b1 = zeros({hidden})
h = {activation}(X @ W1 + b1)
W2 = randn({hidden}, {classes}, seed=2) * {scale}
b2 = zeros({classes})
scores = h @ W2 + b2
L = cross_entropy(scores, t)
"""


SPIRAL = two_layer_net('dataset("spiral", n=300, seed=0)', 100, 3, 0.01, "relu")
MOONS = two_layer_net('dataset("moons", n=200, seed=0)', 16, 2, 0.5, "tanh")

# 밑바닥부터 시작하는 딥러닝 (ch. 6)'s race: start (-7, 2), 30 steps, each optimizer's rate.
RACE = [{"name": "sgd", "lr": 0.95}, {"name": "momentum", "lr": 0.1},
        {"name": "adagrad", "lr": 1.5}, {"name": "adam", "lr": 0.3}]

PRESETS = {
    "sgd-step-sigmoid": Preset(CS231N["cs231n-sigmoid-gate"].source,
                               optimizer={"name": "sgd", "lr": 0.1},
                               settings={"params": ["w0", "w1", "w2"]}),
    "spiral-net": Preset(SPIRAL, mode="train", optimizer={"name": "sgd", "lr": 1.0},
                         settings={"steps": 1000, "batch_size": None, "seed": 0}),
    "gd-full-batch": Preset(MOONS, mode="train", optimizer={"name": "sgd", "lr": 0.5},
                            settings={"steps": 300, "batch_size": None, "seed": 0}),
    "sgd-minibatch": Preset(MOONS, mode="train", optimizer={"name": "sgd", "lr": 0.5},
                            settings={"steps": 300, "batch_size": 20, "seed": 0}),
    "optimizer-race": Preset("""
x = -7.0
y = 2.0
f = x ** 2 / 20 + y ** 2
""", mode="race", settings={"steps": 30, "runs": RACE}),
}
