"""Optimizers: each rule equals its torch.optim class, step by step, with default and other
hyperparameters; and the errors for bad names and values."""

import numpy as np
import pytest

from chainrule.engine import Tensor
from chainrule.engine.core.errors import GraphError
from chainrule.engine.learning.optim import OPTIMIZERS, SGD, AdaGrad, Adam, Momentum, RMSProp, make

P0 = [0.5, -1.5, 2.0]


def grad(p: np.ndarray) -> np.ndarray:
    """The gradient fed to every step (the same NumPy arithmetic fed torch's p.grad)."""
    return p * p * p - 2 * p + 0.5


# Recorded from torch 2.13.0 (CPU, float64) with torch_rows() below, run in a throwaway venv
# outside the repository (`pip install torch==2.13.0 numpy`; torch is no dependency of chainrule):
# rows are p after steps 1..6. eps is 1e-7 for Adagrad and RMSprop when not given (our default,
# not torch's).
TORCH = [
    ('sgd', {'lr': 0.1}, [
        [0.5375, -1.5125, 1.55],
        [0.5794712890625, -1.5189919921875, 1.4376125],
        [0.6259076557584574, -1.5223077977700556, 1.3780193548934123],
        [0.6765686039563705, -1.5239865466802391, 1.3419459847080029],
        [0.73091273005343, -1.524832647440817, 1.3186749955538735],
        [0.7880474753907599, -1.5252581114049368, 1.3031051059891843],
    ]),
    ('sgd', {'lr': 0.03}, [
        [0.51125, -1.50375, 1.865],
        [0.5229161369726563, -1.5069637249804686, 1.76729331125],
        [0.5350014993572902, -1.5097148374220406, 1.6927359341286046],
        [0.5475076394448007, -1.5120677045444444, 1.6337914119105774],
        [0.5604343953049438, -1.514078343942899, 1.5859877699989315],
        [0.5737797091372508, -1.5157953392525971, 1.5464672631941365],
    ]),
    ('momentum', {'lr': 0.1}, [
        [0.5375, -1.5125, 1.55],
        [0.6132212890625, -1.5302419921875, 1.0326125],
        [0.730955112253877, -1.5439305128596768, 0.6133799588686465],
        [0.8940519819133028, -1.547006259268667, 0.2856691643400269],
        [1.098185398119786, -1.5389417566508767, -0.004467974545012959],
        [1.3191001667922098, -1.524998057337494, -0.3164849855312248],
    ]),
    ('momentum', {'lr': 0.05, 'momentum': 0.5}, [
        [0.51875, -1.50625, 1.775],
        [0.5480201782226563, -1.5141318237304688, 1.53538203125],
        [0.5842280465826345, -1.5209213519480533, 1.363135924905409],
        [0.6257842791663417, -1.5254983539346414, 1.2616816255348569],
        [0.6718877805782616, -1.5278338795982411, 1.2117028413940463],
        [0.7219626871470259, -1.5284657047535088, 1.1939311874135188],
    ]),
    ('adagrad', {'lr': 0.5}, [
        [0.9999998666667023, -1.99999960000032, 1.500000011111111],
        [1.3999998410666818, -1.5003181878215481, 1.404565178095109],
        [1.1104308287512976, -1.5179371829606274, 1.3544509759903907],
        [1.3188824943108122, -1.5234077956185164, 1.3245652544894904],
        [1.227741001713464, -1.5250248673825058, 1.3056453557803807],
        [1.2884030378443647, -1.5254954030632353, 1.2932596066216282],
    ]),
    ('adagrad', {'lr': 0.1, 'eps': 0.001}, [
        [0.5997340425531915, -1.5992063492063493, 1.9000222172850478],
        [0.678639536138358, -1.5041755257179419, 1.837998138002803],
        [0.7450397207063739, -1.5288910215807359, 1.7912677876021195],
        [0.8025265037601098, -1.5251277105049437, 1.7532871216925838],
        [0.8531113826892578, -1.5257825155329083, 1.7211288713931958],
        [0.8980712096993075, -1.5256707863665306, 1.693190561740036],
    ]),
    ('rmsprop', {'lr': 0.01}, [
        [0.5999997333340443, -1.5999992000063998, 1.9000000222222173],
        [0.6791976844446751, -1.5045943894188332, 1.8377755490672527],
        [0.7459463824230652, -1.5288113639419283, 1.790762418483992],
        [0.8038342991765819, -1.5251273467085618, 1.7524485869607291],
        [0.854862366731883, -1.5257884874688274, 1.7199234145670952],
        [0.9002949368579265, -1.5256680887614424, 1.691594829862968],
    ]),
    ('rmsprop', {'lr': 0.05, 'rho': 0.9, 'eps': 0.0001}, [
        [0.6579806620168898, -1.6577148923837302, 1.8418972273219376],
        [0.7892809158408185, -1.5016587661187697, 1.749689242467213],
        [0.8991950914939892, -1.5273446813845917, 1.682112347175047],
        [0.9910128556867767, -1.525432280856867, 1.6282610421674093],
        [1.066679218251588, -1.5257416532251047, 1.583444859957971],
        [1.1274240684329961, -1.525671852671066, 1.5451623525453362],
    ]),
    ('adam', {'lr': 0.001}, [
        [0.5009999999733333, -1.50099999992, 1.9990000000022223],
        [0.5020000852025608, -1.501998801491583, 1.9980000585756625],
        [0.503000311674911, -1.5029955348489343, 1.997000214698131],
        [0.5040007345909754, -1.5039892756766908, 1.9960005071833067],
        [0.5050014082502554, -1.5049790445507716, 1.995000974592832],
        [0.5060023859417615, -1.505963806612084, 1.9940016551505304],
    ]),
    ('adam', {'lr': 0.1, 'beta1': 0.8, 'beta2': 0.99, 'eps': 1e-06}, [
        [0.5999997333340444, -1.5999992000064, 1.9000000222222173],
        [0.700539638874083, -1.5441111806653887, 1.8019066663398011],
        [0.8019709504078918, -1.489034804351298, 1.7071906181106602],
        [0.9042513838578109, -1.476140841698526, 1.617347922018966],
        [1.0067880871113417, -1.4974549424830812, 1.5337686788249136],
        [1.108080720486959, -1.530967045451132, 1.4576107865246817],
    ]),
]


@pytest.mark.parametrize(("name", "hyper", "expected"), TORCH)
def test_each_rule_equals_torch(
    name: str, hyper: dict[str, float], expected: list[list[float]]
) -> None:
    p = Tensor(P0, name="p")
    opt = make(name, [p], **hyper)
    for row in expected:
        p.grad = grad(p.value)
        opt.step()
        np.testing.assert_allclose(p.value, row, rtol=1e-13, atol=1e-15)


def torch_rows(name: str, hyper: dict[str, float]) -> list[list[float]]:
    """p after each step of the torch.optim class docs/api.md names for `name`."""
    import torch  # noqa: PLC0415

    h = {"eps": 1e-7, "momentum": 0.9, "rho": 0.99, "beta1": 0.9, "beta2": 0.999} | hyper
    p = torch.tensor(P0, dtype=torch.float64, requires_grad=True)
    opt = {
        "sgd": lambda: torch.optim.SGD([p], lr=h["lr"]),
        "momentum": lambda: torch.optim.SGD([p], lr=h["lr"], momentum=h["momentum"]),
        "adagrad": lambda: torch.optim.Adagrad([p], lr=h["lr"], eps=h["eps"]),
        "rmsprop": lambda: torch.optim.RMSprop([p], lr=h["lr"], alpha=h["rho"], eps=h["eps"]),
        "adam": lambda: torch.optim.Adam([p], lr=h["lr"], betas=(h["beta1"], h["beta2"]),
                                         eps=h["eps"] if "eps" in hyper else 1e-8),
    }[name]()
    rows = []
    for _ in range(6):
        p.grad = torch.from_numpy(grad(p.detach().numpy().copy()))
        opt.step()
        rows.append(p.detach().numpy().tolist())
    return rows


@pytest.mark.parametrize(("name", "hyper", "expected"), TORCH)
def test_recorded_values_are_torchs(
    name: str, hyper: dict[str, float], expected: list[list[float]]
) -> None:
    pytest.importorskip("torch")
    np.testing.assert_array_equal(torch_rows(name, hyper), expected)


@pytest.mark.parametrize(("cls", "defaults"), [
    (SGD, {"lr": 0.01}),
    (Momentum, {"lr": 0.01, "momentum": 0.9}),
    (AdaGrad, {"lr": 0.01, "eps": 1e-7}),
    (RMSProp, {"lr": 0.01, "rho": 0.99, "eps": 1e-7}),
    (Adam, {"lr": 0.001, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8}),
])
def test_python_classes_have_designs_names_and_defaults(cls: type, defaults: dict) -> None:
    opt = cls([Tensor(1.0)])
    assert opt.hyper() == defaults
    assert OPTIMIZERS[opt.name] is cls


def test_the_first_step_starts_from_zero_state() -> None:
    """Momentum's first step is plain SGD; Adam's first step moves every entry by lr."""
    g = grad(np.array(P0))
    for name, hyper, moved in [("momentum", {"lr": 0.1}, -0.1 * g),
                               ("adam", {"lr": 0.1, "eps": 0.0}, -0.1 * np.sign(g))]:
        p = Tensor(P0)
        opt = make(name, [p], **hyper)
        p.grad = grad(p.value)
        opt.step()
        np.testing.assert_allclose(p.value - P0, moved, rtol=1e-12)


def test_parameters_without_gradient_stay() -> None:
    a, b = Tensor(1.0), Tensor(2.0)
    opt = SGD([a, b], lr=0.5)
    a.grad = np.array(4.0)
    opt.step()
    assert (float(a.value), float(b.value)) == (-1.0, 2.0)


ERRORS = [
    ("sgd", {"lr": 0}, "lr > 0"),
    ("sgd", {"lr": -1}, "lr > 0"),
    ("sgd", {"lr": float("nan")}, "lr > 0"),
    ("sgd", {"lr": float("inf")}, "lr > 0"),
    ("momentum", {"lr": 0.1, "momentum": 1.0}, "0 ≤ momentum < 1"),
    ("rmsprop", {"lr": 0.1, "rho": 1.5}, "0 ≤ rho ≤ 1"),
    ("adam", {"lr": 0.1, "beta1": -0.1}, "0 ≤ beta1 < 1"),
    ("adam", {"lr": 0.1, "beta2": 1}, "0 ≤ beta2 < 1"),
    ("adagrad", {"lr": 0.1, "eps": -1e-8}, "eps ≥ 0"),
    ("adam", {"lr": 0.1, "momentum": 0.9}, "adam has no hyperparameter momentum"),
    ("adma", {"lr": 0.1}, 'did you mean "adam"'),
    ("newton", {"lr": 0.1}, "sgd, momentum, adagrad, rmsprop, adam"),
]


@pytest.mark.parametrize(("name", "hyper", "words"), ERRORS)
def test_bad_optimizers_are_value_errors(name: str, hyper: dict, words: str) -> None:
    with pytest.raises(GraphError) as info:
        make(name, [Tensor(1.0)], **hyper)
    assert info.value.type == "value" and words in info.value.message
    assert info.value.line is None
    assert info.value.text("ko") != info.value.message
