"""The functions the code view defines before its forward pass, for gates longer than a line.

Each is plain NumPy and computes what its op's forward or backward computes; the code view
includes only those its lines call (and what they call in turn), each under a comment in the
page's language (catalog id `code.helper.<name>`).
"""

import re

from chainrule.engine.catalogs import i18n

HELPERS: dict[str, str] = {
    "softmax": '''
def softmax(x, axis=-1):
    e = np.exp(x - np.max(x, axis=axis, keepdims=True))
    return e / np.sum(e, axis=axis, keepdims=True)
''',
    "log_softmax": '''
def log_softmax(x):
    shifted = x - np.max(x, axis=-1, keepdims=True)
    return shifted - np.log(np.sum(np.exp(shifted), axis=-1, keepdims=True))
''',
    "windows": '''
def windows(x, size, stride):
    axes = tuple(range(2, x.ndim))
    view = np.lib.stride_tricks.sliding_window_view(x, size, axis=axes)
    return view[(slice(None), slice(None)) + (slice(None, None, stride),) * len(size)]
''',
    "dilate": '''
def dilate(g, stride):
    out = np.zeros(g.shape[:2] + tuple((n - 1) * stride + 1 for n in g.shape[2:]))
    out[(slice(None), slice(None)) + (slice(None, None, stride),) * (g.ndim - 2)] = g
    return out
''',
    "max_mask": '''
def max_mask(win):
    flat = win.reshape(win.shape[:4] + (-1,))
    mask = np.zeros_like(flat)
    np.put_along_axis(mask, np.argmax(flat, axis=-1)[..., None], 1.0, axis=-1)
    return mask.reshape(win.shape)
''',
    "unwindows": '''
def unwindows(dwin, shape, stride):
    dx = np.zeros(shape)
    oh, ow, fh, fw = dwin.shape[2:]
    for u in range(fh):
        for v in range(fw):
            dx[:, :, u:u + stride * oh:stride, v:v + stride * ow:stride] += dwin[..., u, v]
    return dx
''',
    "hinge": '''
def hinge(s, t, margin):
    s = s.reshape(-1, s.shape[-1])
    rows, y = np.arange(len(s)), np.reshape(t, -1).astype(int)
    margins = np.maximum(0, s - s[rows, y][:, None] + margin)
    margins[rows, y] = 0
    return margins
''',
    "hinge_grad": '''
def hinge_grad(s, t, margin):
    d = (hinge(s, t, margin) > 0) * 1.0
    d[np.arange(len(d)), np.reshape(t, -1).astype(int)] = -np.sum(d, axis=1)
    return d.reshape(s.shape)
''',
    "normalize": '''
def normalize(x, axes, eps):
    mean = np.mean(x, axis=axes, keepdims=True)
    return (x - mean) / np.sqrt(np.var(x, axis=axes, keepdims=True) + eps)
''',
    "batchnorm_dx": '''
def batchnorm_dx(dy, x, gamma, axes, eps):
    xhat, dxhat = normalize(x, axes, eps), dy * gamma
    inv = 1 / np.sqrt(np.var(x, axis=axes, keepdims=True) + eps)
    mean_d = np.mean(dxhat, axis=axes, keepdims=True)
    return inv * (dxhat - mean_d - xhat * np.mean(dxhat * xhat, axis=axes, keepdims=True))
''',
}
CALL = re.compile(r"\b(" + "|".join(HELPERS) + r")\(")


def prelude(lines: list[str], lang: str) -> list[str]:
    """The helpers `lines` call, directly or through another helper, with their comments."""
    wanted: set[str] = set()
    todo = [name for line in lines for name in CALL.findall(line)]
    while todo:
        name = todo.pop()
        if name not in wanted:
            wanted.add(name)
            todo += CALL.findall(HELPERS[name].split("\n", 2)[2])  # calls in its body
    if not wanted:
        return []
    out = [f"# {i18n.t(lang, 'code.helpers')}"]
    for name, source in HELPERS.items():
        if name in wanted:
            out += ["", f"# {i18n.t(lang, f'code.helper.{name}')}", source.strip()]
    return out
