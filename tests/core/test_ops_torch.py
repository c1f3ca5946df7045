"""The ops against PyTorch's numbers, central differences on more cases, and errors at their
place.

TORCH below was recorded from PyTorch 2.13.0 (CPU, float64) by a throwaway script outside the
repository (torch is no dependency of chainrule): each input of CALLS went into
torch.tensor(..., requires_grad=True), through the torch function named beside it, and
(out * weights(out)).sum().backward(); the table holds out and every input's .grad, flattened,
to 8 significant digits.
"""

from collections.abc import Callable
from typing import Any, Literal

import numpy as np
import pytest
from fastapi.testclient import TestClient

import chainrule.engine.core.functions as F
from chainrule.app import create_app
from chainrule.engine import CATALOG, Tensor
from chainrule.engine.catalogs import i18n
from chainrule.engine.core.errors import GraphError
from chainrule.engine.core.ops.layers import Dropout
from chainrule.engine.language import parse
from tests.helpers import gradcheck, rand


def wave(*shape: int, k: float = 0.0) -> np.ndarray:
    """Fixed irregular inputs, the same in torch: sin(1.3·i + k) over the flattened index."""
    return np.sin(1.3 * np.arange(int(np.prod(shape))) + k).reshape(shape)


def weights(shape: tuple[int, ...]) -> np.ndarray | float:
    """The upstream gradient torch was given: cos(0.7·i) + 1.5, or 1 for a scalar output."""
    return np.cos(0.7 * np.arange(int(np.prod(shape)))).reshape(shape) + 1.5 if shape else 1.0


P, T = 0.5 + 0.4 * wave(2, 3), 0.5 + 0.5 * wave(2, 3, k=2)
Y, Y_TIE = wave(2, 3), wave(2, 3, k=1)
Y_TIE[0, 1] = Y[0, 1]  # sign(0) = 0 there, as torch's l1_loss
X1, W1, B1 = wave(2, 2, 7), wave(3, 2, 3, k=1), wave(3, k=2)
X2, W2 = wave(1, 2, 4, 5), wave(2, 2, 3, 3, k=1)
GAMMA, BETA = 1 + 0.5 * wave(3, k=1), wave(3, k=2)

# name -> (our call, inputs); the comment names what torch ran
CALLS: dict[str, tuple[Callable[..., Any], list[np.ndarray]]] = {
    # multi_margin_loss(s, y, margin) * C (torch also divides by the number of classes)
    "svm_loss": (lambda s: F.svm_loss(s, np.array([0.0, 2.0, 3.0])), [wave(3, 4)]),
    "svm_loss_margin": (
        lambda s: F.svm_loss(s, np.array([4.0, 1.0]), margin=0.5), [wave(2, 5, k=1)]),
    # a margin of exactly 0 in the first row (s_1 − s_0 + 1 = 0): no gradient there
    "svm_loss_kink": (
        lambda s: F.svm_loss(s, np.array([0.0, 1.0])), [np.array([[2.0, 1, 0], [0, 0, 3]])]),
    "bce": (F.bce, [P, T]),  # binary_cross_entropy(p, t), gradients for p and t
    "mae": (F.mae, [Y, Y_TIE]),  # l1_loss(y, t)
    "avgpool2d": (lambda x: F.avgpool2d(x, 2), [wave(1, 2, 4, 6)]),  # avg_pool2d(x, 2)
    "avgpool2d_overlap": (
        lambda x: F.avgpool2d(x, 3, stride=1), [wave(1, 1, 5, 5)]),  # avg_pool2d(x, 3, stride=1)
    # batch_norm(x, None, None, gamma, beta, training=True, eps=1e-5)
    "batchnorm": (F.batchnorm, [wave(4, 3), GAMMA, BETA]),
    "batchnorm4d": (F.batchnorm, [wave(2, 3, 2, 2), GAMMA, BETA]),
    # conv1d(x, w, b, stride=2, padding=1), padding="same", "valid", and 2 for "full"
    "conv1d": (lambda x, w, b: F.conv1d(x, w, b, stride=2, padding=1), [X1, W1, B1]),
    "conv1d_same": (lambda x, w, b: F.conv1d(x, w, b, padding="same"), [X1, W1, B1]),
    "conv1d_valid": (lambda x, w, b: F.conv1d(x, w, b, padding="valid"), [X1, W1, B1]),
    "conv1d_full": (lambda x, w, b: F.conv1d(x, w, b, padding="full"), [X1, W1, B1]),
    # conv2d(x, w, padding="same") and padding=2 for "full"
    "conv2d_same": (lambda x, w: F.conv2d(x, w, padding="same"), [X2, W2]),
    "conv2d_full": (lambda x, w: F.conv2d(x, w, padding="full"), [X2, W2]),
    # conv1d(x, w.flip(0), padding=m - 1), then the slice np.convolve's mode keeps
    "convolve_full": (lambda x, w: F.convolve(x, w, "full"), [wave(5), wave(3, k=1)]),
    "convolve_same": (lambda x, w: F.convolve(x, w, "same"), [wave(5), wave(3, k=1)]),
    "convolve_valid": (lambda x, w: F.convolve(x, w, "valid"), [wave(5), wave(3, k=1)]),
    "convolve_same_long_kernel": (
        lambda x, w: F.convolve(x, w, "same"), [wave(3), wave(6, k=1)]),
}

TORCH = {
    "svm_loss": (
        [1.5872734],
        [-1, 0.33333333, 0.33333333, 0.33333333, 0, 0.33333333, -0.66666667, 0.33333333, 0, 0,
        0.33333333, -0.33333333],
    ),
    "svm_loss_margin": (
        [1.8976608],
        [0.5, 0.5, 0.5, 0, -1.5, 0.5, -1, 0, 0, 0.5],
    ),
    "svm_loss_kink": (
        [2.5],
        [0, 0, 0, 0.5, -1, 0.5],
    ),
    "bce": (
        [1.02839],
        [-0.30309914, 0.76277502, 0.56474643, -0.08429893, -0.99931831, -0.21516973],
        [0, -0.34080352, -0.14616698, 0.20622888, 0.2935626, -0.05794194],
    ),
    "mae": (
        [0.60290408],
        [-0.16666667, 0, 0.16666667, 0.16666667, -0.16666667, -0.16666667],
        [0.16666667, 0, -0.16666667, -0.16666667, 0.16666667, 0.16666667],
    ),
    "avgpool2d": (
        [0.57029997, -0.44051871, 0.18465108, -0.55691171, 0.39764835, -0.12456909, 0.53703835,
        -0.35014747, 0.06303652, -0.51091131, 0.29856922, -0.0007699],
        [0.625, 0.625, 0.56621055, 0.56621055, 0.41749179, 0.41749179, 0.625, 0.625, 0.56621055,
        0.56621055, 0.41749179, 0.41749179, 0.24878847, 0.24878847, 0.13944441, 0.13944441,
        0.14088583, 0.14088583, 0.24878847, 0.24878847, 0.13944441, 0.13944441, 0.14088583,
        0.14088583, 0.25243479, 0.25243479, 0.42162809, 0.42162809, 0.56889147, 0.56889147,
        0.25243479, 0.25243479, 0.42162809, 0.42162809, 0.56889147, 0.56889147, 0.62496466,
        0.62496466, 0.56347556, 0.56347556, 0.41334347, 0.41334347, 0.62496466, 0.62496466,
        0.56347556, 0.56347556, 0.41334347, 0.41334347],
    ),
    "avgpool2d_overlap": (
        [0.50294599, 0.16072336, -0.41695937, 0.49701698, 0.05427332, -0.46798088, 0.46781528,
        -0.05471805, -0.49708931],
        [0.27777778, 0.52942691, 0.71497881, 0.43720104, 0.1855519, 0.38835043, 0.70197486,
        0.95014269, 0.56179226, 0.24816783, 0.50054367, 1.0015584, 1.5025669, 1.0020232, 0.50100848,
        0.2227659, 0.47213146, 0.78758803, 0.56482214, 0.31545658, 0.11219324, 0.29958351,
        0.55242416, 0.44023092, 0.25284065],
    ),
    "batchnorm": (
        [1.1359482, 1.386645, -0.65086912, -0.24597142, -2.373009, -1.002196, 3.1423084, 0.07482633,
        -2.2220292, -0.39509553, 0.28055487, -0.09966971],
        [1.5942096, -0.35024266, 0.27515052, -1.9759514, -0.12765121, -1.1458557, -0.60671796,
        -0.2373629, 0.41582112, 0.98845978, 0.71525677, 0.45488404],
        [-1.1184929, 2.6530882, -0.96220153],
        [7.0047517, 6.7630345, 6.1624502],
    ),
    "batchnorm4d": (
        [0.91744999, 3.0571822, 2.0622017, -0.60984273, -1.8993229, 0.24713525, 1.7778328,
        0.45029417, -1.838787, -1.7724578, -0.58157448, -0.01078399, 1.1567339, -1.1458157,
        -0.42567623, 2.2621463, 1.6415549, -0.38543895, -2.1014708, -0.99254996, -0.23665379,
        -0.17140588, -1.3271487, -2.0107164],
        [2.6155695, 0.61273546, -0.01978191, 0.33066231, -2.4151192, -1.8614289, -0.60280774,
        0.38403223, 0.72100484, 0.94764648, 0.71229755, 0.11328799, -0.92382659, -0.28193534,
        -0.74184284, -1.5915806, 0.71729618, 1.3442873, 1.3275174, 1.1062228, 0.09417198,
        -0.58042063, -1.0149448, -0.99304339],
        [3.5416743, -1.4204906, -0.06451944],
        [10.55699, 12.548831, 12.408768],
    ),
    "conv1d": (
        [-0.32011167, 3.679596, -0.81714115, 1.8062711, -1.0559034, 0.01749208, 0.87065721,
        -1.5621193, 0.13879714, -3.7450796, 0.84372339, -2.0422119, -0.17853919, 2.3558443,
        1.0490829, 0.49289315, 0.35625142, -1.4009904, 1.9007654, -1.2995566, 0.14961147,
        -2.5743975, -0.91134082, -0.7005005],
        [-0.33477999, -0.54819129, -0.69612759, -0.42056842, -1.2186318, -0.35652211, -1.6565507,
        0.77714234, 0.87115061, 0.8450056, 0.85078349, 1.2897099, 0.84450708, 1.9021038, -1.6641013,
        -0.38801298, -1.8029663, -0.49881242, -1.5824243, -0.63638903, -1.1061997, 1.9164807,
        0.8557142, 2.4023157, 0.87862932, 2.5325644, 0.90253883, 2.2459689],
        [1.0907681, 0.82477224, 1.5054622, -0.66079801, 0.02968913, -0.97873873, 0.38360015,
        1.4192587, 0.10180156, 0.41359584, -0.6443784, 0.56660098, 1.498553, 0.75531853, 1.6148928,
        -0.97498732, 0.08455374, -0.9453763],
        [10.55699, 12.548831, 12.408768],
    ),
    "conv1d_same": (
        [-0.32011167, 0.4402519, 3.679596, 2.8604462, -0.81714115, -1.965492, 1.8062711, -1.0559034,
        -2.3137994, 0.01749208, 2.0920598, 0.87065721, -1.8573581, -1.5621193, 0.13879714,
        -0.75730704, -3.7450796, -2.7020614, 0.84372339, 1.6976918, -2.0422119, -0.17853919,
        -1.2819236, 2.3558443, 3.8744177, 1.0490829, -1.9810379, 0.49289315, 0.35625142, -2.3467478,
        -1.4009904, 1.3661234, 1.9007654, -0.58031615, -1.2995566, 0.14961147, 0.96131301,
        -2.5743975, -3.7943693, -0.91134082, 1.8510444, -0.7005005],
        [2.7863443, -1.4858493, -4.068242, -5.4872096, -5.0753895, -3.0264672, -1.3041758,
        0.67045295, 5.1548785, 6.3727383, 5.7818875, 3.6602125, 1.0055702, -0.31583845, -3.0857801,
        -5.0092058, -2.9011454, -0.17856369, 1.8780666, 2.30148, -1.5017776, 4.7365326, 3.5349288,
        0.88655229, -0.9902958, -1.2129045, 0.32342264, 3.715036],
        [-1.0599704, 2.4096478, 3.2664683, 2.0900247, -0.62407859, -2.6394135, -0.04555551,
        1.9966187, 3.1997113, 1.1553708, -0.47552882, -2.7892157, -0.08562001, 1.5044468, 2.5724818,
        1.0489263, -0.37274778, -2.0182861],
        [19.204195, 20.620552, 22.654261],
    ),
    "conv1d_valid": (
        [0.4402519, 3.679596, 2.8604462, -0.81714115, -1.965492, -2.3137994, 0.01749208, 2.0920598,
        0.87065721, -1.8573581, -0.75730704, -3.7450796, -2.7020614, 0.84372339, 1.6976918,
        -1.2819236, 2.3558443, 3.8744177, 1.0490829, -1.9810379, -2.3467478, -1.4009904, 1.3661234,
        1.9007654, -0.58031615, 0.96131301, -2.5743975, -3.7943693, -0.91134082, 1.8510444],
        [0.67897413, 0.88873781, 0.49106959, -0.23070796, -1.5939127, -3.9525666, -2.3494762,
        -0.13429259, 0.33629986, 1.2387415, 2.6391984, 3.9868869, 3.8801154, 1.0051156, 0.48108202,
        -1.4463722, -2.2704205, -0.81953048, 0.26686479, -1.1639783, -1.3917487, 0.9255684,
        2.6076211, 1.6409335, 0.59731482, 0.46125744, 1.7264317, 1.0657807],
        [1.9159387, 0.21518653, -1.8008144, -1.9142405, -0.8193693, 1.4758799, -2.9161643,
        -0.74388769, 2.5181861, 2.7756944, 1.6048363, -1.9171108, 2.0457404, 2.0051932, -0.9729667,
        -1.4559646, -2.4002125, 0.17185648],
        [17.743463, 12.800608, 16.375808],
    ),
    "conv1d_full": (
        [1.2086117, -0.32011167, 0.4402519, 3.679596, 2.8604462, -0.81714115, -1.965492, 1.8062711,
        2.662363, -0.03114643, -1.0559034, -2.3137994, 0.01749208, 2.0920598, 0.87065721,
        -1.8573581, -1.5621193, 0.30253039, -1.2793438, 0.13879714, -0.75730704, -3.7450796,
        -2.7020614, 0.84372339, 1.6976918, -2.0422119, -2.6970878, 1.9529819, -0.17853919,
        -1.2819236, 2.3558443, 3.8744177, 1.0490829, -1.9810379, 0.49289315, 2.0581714, 0.72652892,
        0.35625142, -2.3467478, -1.4009904, 1.3661234, 1.9007654, -0.58031615, -1.2995566,
        0.21950518, -1.9419526, 0.14961147, 0.96131301, -2.5743975, -3.7943693, -0.91134082,
        1.8510444, -0.7005005, -2.1018555],
        [-2.9916923, -2.7646267, -1.9872466, -1.0251661, -0.33086671, -0.23088825, -0.77225216,
        3.7811405, 2.9373242, 1.9005263, 1.158369, 1.0599006, 1.6514321, 2.6547572, -2.9978585,
        -2.7238295, -1.9186736, -0.96106823, -0.30139021, -0.24989639, -0.83080511, 3.7365833,
        2.8632047, 1.8317041, 1.1272122, 1.0810627, 1.7149603, 2.7307732],
        [2.6291428, 3.9055909, 4.2613415, -0.11186539, -1.4818798, -2.3918221, 2.5915508, 3.8840142,
        4.2659279, -0.07856845, -1.4519884, -2.3793947, 2.553777, 3.8618901, 4.2698589, -0.04539169,
        -1.4218289, -2.3664369],
        [27.046588, 27.046838, 27.047074],
    ),
    "conv2d_same": (
        [-0.93186139, -0.29057322, 0.23366584, 0.41558389, 0.73249111, -0.35431304, 1.0703819,
        1.2037391, -0.42638429, -0.961712, -0.17715422, 1.2501396, 1.0084758, -0.71060737,
        -0.91166259, 1.153762, -0.68750283, -1.3066111, -0.01153104, 0.11822047, -0.44769692,
        0.54226283, 1.6318057, 0.33074942, -0.94267301, 0.95942752, 0.59683088, -1.0287182,
        -1.1471927, 0.18109469, 0.98873676, 0.31754717, -1.1993152, -0.95917797, 0.35920623,
        -0.482089, -0.78883058, -0.62520098, 0.45434953, 0.79374142],
        [-3.3876893, 1.886746, 4.7575648, 5.6397119, 3.4564707, 2.3256159, -4.3811503, -6.3450003,
        -4.8093436, 0.8792488, 2.373994, 7.9952854, 8.180291, 5.0333318, -1.908461, -3.2892011,
        -6.9214439, -5.1631854, -1.8506368, 0.85212478, -5.9105637, -4.1899486, -0.77662389,
        2.3949524, 3.6421933, 5.5240917, 1.612093, -3.2524127, -5.9724349, -2.4753422, -2.5343648,
        3.6315309, 7.6421161, 8.6733177, 3.4696392, 1.6053462, -4.2401601, -5.4293288, -4.2038051,
        -1.0980522],
        [3.2753791, -1.6951728, -3.002601, 4.1587756, 0.11806388, -2.0772601, 3.3114854, 1.8820309,
        -0.48577888, -0.6404138, -1.4242668, -4.4013357, 0.5670688, 0.96007881, -4.7914436,
        1.2375391, 2.1618482, -3.6285155, 4.5823001, 0.88714791, -1.4981689, 4.2464958, 0.74534786,
        -1.3018641, 1.2848213, -0.32402047, -0.86739836, 1.7673553, 0.50310317, -4.6170044,
        0.72337102, 1.4078229, -4.5535463, -1.0039929, 1.3420294, -2.4666281],
    ),
    "conv2d_full": (
        [-0.68263269, -1.4815641, 0.12752142, 2.5314209, 1.2267828, -0.8860994, -0.73032113,
        -0.72719788, -0.93186139, -0.29057322, 0.23366584, 0.41558389, 0.73249111, 0.58990429,
        -0.44128267, -0.35431304, 1.0703819, 1.2037391, -0.42638429, -0.961712, -0.16249987,
        -0.47014173, -0.17715422, 1.2501396, 1.0084758, -0.71060737, -0.91166259, -0.04061645,
        1.1072718, 1.153762, -0.68750283, -1.3066111, -0.01153104, 0.11822047, -0.39583569,
        0.12821774, 1.1560201, 1.3699072, 0.05704992, -1.3393857, -0.82760561, -0.29679297,
        0.44548404, 0.96747493, 1.2423108, 0.34312052, -1.0587421, -1.3742463, -0.60625622,
        -0.28434965, -0.44769692, 0.54226283, 1.6318057, 0.33074942, -0.94267301, -0.67513257,
        0.12985392, 0.95942752, 0.59683088, -1.0287182, -1.1471927, 0.18109469, 0.3804654,
        0.23387809, 0.98873676, 0.31754717, -1.1993152, -0.95917797, 0.35920623, 0.35452182,
        -0.06633438, -0.482089, -0.78883058, -0.62520098, 0.45434953, 0.79374142, 0.51311251,
        1.4198879, 1.1873473, -1.7992666, -2.3386286, 0.54810577, 1.0718797, -0.14028944],
        [1.8175662, 2.6283897, 2.7183944, 2.0452497, 0.92554588, -0.26500052, 0.69471985, 1.8430565,
        2.6399288, 2.7105552, -0.1336406, -0.58646475, -0.24811148, 0.72228639, 1.8683356,
        1.9979266, 0.8692916, -0.15283091, -0.58772077, -0.23084248, 0.73096676, 1.9243188,
        2.8274568, 3.0156207, 2.4003142, -0.41345813, -0.1762611, 0.75865737, 1.9515905, 2.8414832,
        1.2416768, 0.13680514, -0.41758509, -0.16075544, 0.78650309, 3.003508, 2.3541665, 1.2124468,
        0.11531746, -0.42122438],
        [-0.66955834, -0.2811576, 0.13432389, -0.73914311, -0.8472901, -0.66209537, 0.03008438,
        -0.39865787, -0.74505714, -0.04576104, -0.05289381, 0.26161308, 0.75833994, 0.26905678,
        -0.05000511, 1.3552403, 1.1798583, 0.74633342, 0.36567153, 0.36433788, 0.08649838,
        -0.32295995, 0.09894987, 0.36916997, -0.84989888, -0.69118243, -0.31254414, 0.68942443,
        1.1407657, 1.3523498, -0.06738096, 0.22057549, 0.70155472, 0.31204045, -0.03188589,
        -0.06405292],
    ),
    "convolve_full": (
        [0, 0.81080626, 1.1523098, -0.6207174, -1.4843922, -0.35444616, 0.39094675],
        [3.0535875, 2.7107263, 1.9004923, 1.0039514, 0.44276067],
        [1.8659731, 1.2406282, -0.03322097],
    ),
    "convolve_same": (
        [0.81080626, 1.1523098, -0.6207174, -1.4843922, -0.35444616],
        [0.86202406, 3.0535875, 2.7107263, 1.9004923, 1.2533308],
        [1.5487045, 1.8659731, 1.7384931],
    ),
    "convolve_valid": (
        [1.1523098, -0.6207174, -1.4843922],
        [-1.1063011, 0.86202406, 3.0535875, 3.1511022, 1.4052289],
        [-1.7442686, 2.4278778, 3.0431776],
    ),
    "convolve_same_long_kernel": (
        [0.81080626, 1.1523098, -0.04198214, -1.1747702, -0.58651714, 0.86098485],
        [-0.33813083, 2.5581541, 2.1159117],
        [3.5764247, 3.0431776, 2.1221137, 1.2464238, 0.82795858, 0.54300677],
    ),
    "dropout": (
        [0, 0, 0.73643053, 0, -1.2620781, 0, 1.4264905, 0.4558548, -1.1826092, -1.088548,
        0.60023862, 1.4096742],
        [0, 0, 2.3856673, 0, 0.79682523, 0, 1.4424845, 2.4093034, 3.2508084, 3.5712266, 3.2198604,
        2.3619627],
    ),
}
TORCH_DROPOUT_KEEP = [[0, 0, 1, 0], [1, 0, 1, 1], [1, 1, 1, 1]]


def run(fn: Callable[..., Any], inputs: list[np.ndarray]) -> tuple[np.ndarray, list[Any]]:
    """Our value and the gradient of sum(out · weights) for every input."""
    leaves = [Tensor(v) for v in inputs]
    out = fn(*leaves)
    loss = F.sum(out * weights(out.shape)) if out.shape else out
    loss.backward()
    return out.value, [leaf.grad for leaf in leaves]


@pytest.mark.parametrize("name", sorted(CALLS))
def test_matches_pytorch(name: str) -> None:
    value, grads = run(*CALLS[name])
    want_value, *want_grads = TORCH[name]
    np.testing.assert_allclose(value.ravel(), want_value, rtol=1e-7, atol=1e-8)
    assert len(grads) == len(want_grads)
    for grad, want in zip(grads, want_grads, strict=True):
        np.testing.assert_allclose(grad.ravel(), want, rtol=1e-7, atol=1e-8)


def test_dropout_with_torchs_mask_matches_torch(monkeypatch: pytest.MonkeyPatch) -> None:
    keep = np.array(TORCH_DROPOUT_KEEP, dtype=np.float64)  # torch's own mask (manual_seed(0))
    monkeypatch.setattr(Dropout, "keep", lambda self, shape: keep)
    value, (grad,) = run(lambda x: F.dropout(x, 0.3), [wave(3, 4)])
    want_value, want_grad = TORCH["dropout"]
    np.testing.assert_allclose(value.ravel(), want_value, rtol=1e-7, atol=1e-8)
    np.testing.assert_allclose(grad.ravel(), want_grad, rtol=1e-7, atol=1e-8)


# More central-difference checks than test_ops.py's one case per op: paddings, modes, shapes.
GRADCHECKS: dict[str, tuple[Callable[..., Any], list[np.ndarray]]] = {
    "svm_loss one row, margin 0.5": (
        lambda s: F.svm_loss(s, np.array(2.0), margin=0.5), [rand(4)]),
    "bce broadcast target": (F.bce, [rand(2, 3, low=0.1, high=0.9), rand(3, low=0, high=1)]),
    "bce scalar p, larger target": (F.bce, [rand(low=0.1, high=0.9), rand(2, 2, low=0, high=1)]),
    "mae with a tie": (F.mae, [Y, Y_TIE]),
    "avgpool2d overlapping": (lambda x: F.avgpool2d(x, 3, stride=1), [rand(1, 2, 5, 5)]),
    "avgpool2d stride 1": (lambda x: F.avgpool2d(x, 2, stride=1), [rand(2, 1, 3, 4)]),
    "batchnorm (N,C,H,W)": (F.batchnorm, [rand(2, 3, 2, 2), rand(3, seed=1), rand(3, seed=2)]),
    "dropout p=0": (lambda x: F.dropout(x, 0.0), [rand(2, 3)]),
    **{f"conv1d padding={p!r}": (
        lambda x, w, b, p=p: F.conv1d(x, w, b, padding=p),
        [rand(2, 2, 6), rand(3, 2, 3, seed=1), rand(3, seed=2)],
    ) for p in ("valid", "same", "full", 2)},
    **{f"conv2d padding={p!r}": (
        lambda x, w, p=p: F.conv2d(x, w, padding=p),
        [rand(1, 2, 4, 5), rand(2, 2, 3, 3, seed=1)],
    ) for p in ("valid", "same", "full")},
    "conv2d full, 2×3 kernel": (
        lambda x, w: F.conv2d(x, w, padding="full"), [rand(1, 1, 3, 4), rand(2, 1, 2, 3)]),
    **{f"convolve {mode} {n}·{m}": (
        lambda x, w, mode=mode: F.convolve(x, w, mode), [rand(n), rand(m, seed=1)],
    ) for mode in ("full", "same", "valid") for n, m in ((5, 3), (4, 4), (2, 6))},
}


@pytest.mark.parametrize("name", list(GRADCHECKS))
def test_gradient_against_central_differences(name: str) -> None:
    fn, inputs = GRADCHECKS[name]
    gradcheck(fn, *inputs)


def test_svm_loss_cs231n_example() -> None:
    # CS231n's three images (cat, car, frog) with the scores of the lecture: losses 2.9, 0, 12.9
    scores = np.array([[3.2, 5.1, -1.7], [1.3, 4.9, 2.0], [2.2, 2.5, -3.1]])
    s = Tensor(scores)
    loss = F.svm_loss(s, np.array([0.0, 1.0, 2.0]))
    assert float(loss.value) == pytest.approx((2.9 + 0 + 12.9) / 3)
    loss.backward()
    assert s.grad is not None
    np.testing.assert_allclose(s.grad, np.array([[-1, 1, 0], [0, 0, 0], [1, 1, -2]]) / 3)


def test_dropout_mask_comes_from_numpy_and_the_seed() -> None:
    x = rand(4, 5)
    keep = np.random.default_rng(7).random(x.shape) >= 0.25
    y = F.dropout(x, p=0.25, seed=7)
    np.testing.assert_allclose(y, np.where(keep, x / 0.75, 0.0))
    np.testing.assert_array_equal(F.dropout(x, p=0.25, seed=7), y)
    assert not np.array_equal(F.dropout(x, p=0.25, seed=8), y)
    np.testing.assert_array_equal(F.dropout(x, p=0.0), x)


def test_batchnorm_output_has_beta_mean_and_gamma_spread() -> None:
    x, gamma, beta = rand(6, 2, 3, 3), np.array([2.0, 0.5]), np.array([1.0, -3.0])
    y = F.batchnorm(x, gamma, beta, eps=0.0)
    np.testing.assert_allclose(y.mean(axis=(0, 2, 3)), beta, atol=1e-12)
    np.testing.assert_allclose(y.std(axis=(0, 2, 3)), gamma)


@pytest.mark.parametrize("mode", ["full", "same", "valid"])
def test_convolve_is_np_convolve(mode: Literal["full", "same", "valid"]) -> None:
    for n in range(1, 7):
        for m in range(1, 7):
            x, w = rand(n), rand(m, seed=1)
            np.testing.assert_allclose(F.convolve(x, w, mode), np.convolve(x, w, mode))


def test_convolve_flips_the_kernel_as_the_lecture_writes_it() -> None:
    x, w = np.array([1.0, 2.0, 3.0, 4.0]), np.array([1.0, 0.0, -1.0])
    direct = [sum(x[i - k] * w[k] for k in range(3) if 0 <= i - k < 4) for i in range(6)]
    np.testing.assert_allclose(F.convolve(x, w), direct)  # y[i] = Σ_k x[i−k]·w[k]
    np.testing.assert_allclose(F.convolve(x, w, "valid"), [2.0, 2.0])


@pytest.mark.parametrize(("padding", "size"), [("valid", 5), ("same", 7), ("full", 9), (1, 7)])
def test_string_paddings_give_the_lecture_sizes(padding: str | int, size: int) -> None:
    # o = ⌊(n + 2p − f)/s⌋ + 1 with n = 7, f = 3: valid p = 0, same p = 1, full p = 2
    assert F.conv1d(rand(1, 1, 7), rand(1, 1, 3), padding=padding).shape == (1, 1, size)
    assert F.conv2d(rand(1, 1, 7, 7), rand(1, 1, 3, 3), padding=padding).shape[2:] == (size,) * 2


def test_conv1d_is_a_sum_over_channels_of_correlations() -> None:
    x, w, b = rand(2, 3, 8), rand(4, 3, 3, seed=1), rand(4, seed=2)
    want = [[[b[k] + sum(np.correlate(x[n, c], w[k, c], "valid")[::2] for c in range(3))]
             for k in range(4)] for n in range(2)]
    np.testing.assert_allclose(F.conv1d(x, w, b, stride=2)[:, :, None], want)


# The failing call is the last line, `f = ...`: its error's place is that call.
ERRORS = [
    ("s = [[1, 2, 3], [3, 2, 1]]\nf = svm_loss(s, [0, 3])", "value", "err.loss.index"),
    ("s = [[1, 2, 3]]\nf = svm_loss(s, [1.5])", "value", "err.loss.index"),
    ("s = [[1, 2, 3]]\nf = svm_loss(s, [-1])", "value", "err.loss.index"),
    ("s = [[1, 2, 3]]\nf = svm_loss(s, [0, 1])", "shape", "err.loss.indices"),
    ("x = [1, 2]\nf = dropout(x, p=1.5)", "value", "err.dropout.p"),
    ("x = [1, 2]\nf = dropout(x, p=1)", "value", "err.dropout.p"),
    ("x = [1, 2]\nf = dropout(x, p=-0.1)", "value", "err.dropout.p"),
    ("x = ones(1, 1, 5)\nw = ones(1, 1, 4)\nf = conv1d(x, w, padding=\"same\")",
     "value", "err.conv.same"),
    ("x = ones(1, 1, 5, 5)\nw = ones(1, 1, 2, 2)\nf = conv2d(x, w, padding=\"same\")",
     "value", "err.conv.same"),
    ("x = ones(1, 1, 5, 5)\nw = ones(1, 1, 3, 3)\nf = conv2d(x, w, stride=2, padding=\"same\")",
     "value", "err.conv.same"),
    ("x = ones(2, 3)\nw = [1, 2]\nf = convolve(x, w)", "shape", "err.convolve.shape"),
    ("x = [1, 2, 3]\nw = ones(2, 2)\nf = convolve(x, w, mode=\"valid\")",
     "shape", "err.convolve.shape"),
    ("x = ones(2, 3)\nf = batchnorm(x, ones(2), ones(3))", "shape", "err.batchnorm.params"),
    ("x = ones(2, 3, 4)\nf = batchnorm(x, ones(3), ones(3))", "shape", "err.batchnorm.shape"),
    ("x = ones(1, 2, 4, 4)\nw = ones(1, 3, 3)\nf = conv1d(x, w)", "shape", "err.conv.shape"),
    ("x = ones(1, 2, 4)\nw = ones(1, 3, 3)\nf = conv1d(x, w)", "shape", "err.conv.channels"),
    ("x = ones(3, 4)\nf = avgpool2d(x, 2)", "shape", "err.pool.shape"),
]


@pytest.mark.parametrize(("source", "kind", "msgid"), ERRORS)
def test_errors_at_the_call(source: str, kind: str, msgid: str) -> None:
    with pytest.raises(GraphError) as info:
        parse(source)
    e, last = info.value, source.splitlines()
    assert (e.type, e.msgid) == (kind, msgid), e.message
    assert (e.line, e.column, e.end_line, e.end_column) == (
        len(last), 5, len(last), len(last[-1]) + 1)
    for lang in i18n.LANGUAGES:
        assert msgid in i18n.catalog(lang) and "{" not in e.text(lang), (lang, e.text(lang))


def test_python_api_raises_the_same_errors() -> None:
    with pytest.raises(GraphError) as info:
        F.dropout(rand(2), p=1.0)
    assert info.value.message == "dropout: p is the probability of dropping a unit and must be " \
        "in [0, 1), got 1"
    with pytest.raises(GraphError) as info:
        F.conv2d(rand(1, 1, 4, 4), rand(1, 1, 2, 2), padding="same")
    assert info.value.params == {"op": "conv2d", "f": 2, "stride": 1}
    with pytest.raises(GraphError) as info:
        F.conv1d(rand(1, 1, 4), rand(1, 1, 3), padding="half")
    assert info.value.msgid == "err.conv.padding"
    with pytest.raises(GraphError) as info:
        F.convolve(rand(3), rand(2), mode="circular")
    assert info.value.msgid == "err.convolve.mode"


def test_the_language_takes_the_string_options() -> None:
    program = parse("x = [1, 2, 3]\nw = [0, 1, 0.5]\nf = convolve(x, w, mode=\"same\")")
    np.testing.assert_allclose(program.output.value, np.convolve([1, 2, 3], [0, 1, 0.5], "same"))
    source = "x = ones(1, 1, 5)\nw = ones(1, 1, 3)\nf = conv1d(x, w, padding=\"{}\")"
    sizes = [parse(source.format(p)).output.shape[-1] for p in ("valid", "same", "full")]
    assert sizes == [3, 5, 7]


def test_the_api_lists_the_new_ops() -> None:
    ops = {op["name"]: op for op in TestClient(create_app()).get("/api/ops").json()}
    new = {"svm_loss", "bce", "mae", "avgpool2d", "dropout", "batchnorm", "conv1d", "convolve"}
    assert new <= set(ops) == set(CATALOG)
    assert all(ops[name]["formula"] and ops[name]["syntax"].startswith(name) for name in new)
    assert r"\Delta" in ops["svm_loss"]["formula"] and "sign" in ops["mae"]["formula"]
