r"""A single neuron with two weights, trained on a small two-class data set.

The model of the course notes: ŷ = a(w₁·x₁ + w₂·x₂) with no bias, where the activation a is the logistic
sigmoid σ or the rectified linear unit relu(z) = max(0, z).
The data are two Gaussian clusters, generated deterministically from ``data_seed``: ``n_points``
points, half labelled 1 around (+d, +d/2), half labelled 0 around (−d, −d/2), with unit spread
(d = ``separation``/2). The clusters overlap, so the loss has a finite minimum.

Losses over a set S of points (the surface uses all of them; a mini-batch step uses a sample):

* ``mse``:            L(w) = (1/|S|) Σᵢ (σ(zᵢ) − yᵢ)²,       ∇L = (1/|S|) Σᵢ 2(σᵢ − yᵢ)·σᵢ(1 − σᵢ)·xᵢ
* ``cross_entropy``:  L(w) = (1/|S|) Σᵢ [log(1 + e^{zᵢ}) − yᵢ zᵢ],  ∇L = (1/|S|) Σᵢ (σᵢ − yᵢ)·xᵢ

with zᵢ = w·xᵢ. With ``activation="relu"`` the loss is the squared error of ŷ = relu(z) (cross-entropy
needs an output in (0, 1), so it is refused):

* ``mse`` (ReLU):     L(w) = (1/|S|) Σᵢ (relu(zᵢ) − yᵢ)²,   ∇L = (1/|S|) Σᵢ 2(relu(zᵢ) − yᵢ)·[zᵢ > 0]·xᵢ

relu has no derivative at z = 0; we take relu′(0) = 0, which is what PyTorch does (autograd's gradient of
torch.relu at 0 is 0: its backward passes the gradient only where the input is > 0). A point whose zᵢ
is exactly 0 then adds nothing, and where zᵢ < 0 for every point the gradient is 0: a "dead" neuron that
gradient descent cannot move. Gradients are exact (analytic), vectorized over weights of any shape.

Both losses are a mean of ℓ(zᵢ) with zᵢ linear in w, so the Hessian is ∇²L = (1/|S|) Σᵢ ℓ″(zᵢ)·xᵢxᵢᵀ,
with σ′ = σ(1 − σ) and σ″ = σ′(1 − 2σ):

* ``mse``:            ℓ″ = 2σᵢ′² + 2(σᵢ − yᵢ)·σᵢ″   (can be negative: the mse surface is not convex)
* ``cross_entropy``:  ℓ″ = σᵢ′                     (≥ 0: the cross-entropy surface is convex)
* ReLU, ``mse``:      ℓ″ = 2·[zᵢ > 0]               (piecewise quadratic; 0 at the kink, as relu′)
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

Array = np.ndarray
LOSSES = ("mse", "cross_entropy")
ACTIVATIONS = ("sigmoid", "relu")


@lru_cache(maxsize=32)
def make_data(n_points: int, data_seed: int, separation: float) -> tuple[Array, Array]:
    """(X, labels): X of shape (n, 2), labels 0/1 of shape (n,). Read-only arrays."""
    rng = np.random.default_rng(data_seed)
    n1 = n_points // 2
    d = separation / 2.0
    centers = np.where(np.arange(n_points)[:, None] < n1, [d, d / 2.0], [-d, -d / 2.0])
    X = centers + rng.standard_normal((n_points, 2))
    labels = (np.arange(n_points) < n1).astype(np.float64)
    X.setflags(write=False)
    labels.setflags(write=False)
    return X, labels


def sigmoid(z: Array) -> Array:
    return 0.5 * (1.0 + np.tanh(0.5 * z))  # no overflow for large |z|


def relu(z: Array) -> Array:
    return np.maximum(z, 0.0)


def check_model(loss: str, activation: str) -> None:
    """ValueError for an unknown loss or activation, or for ReLU with cross-entropy."""
    if loss not in LOSSES:
        raise ValueError(f"Unknown loss: {loss!r} (choose from {', '.join(LOSSES)})")
    if activation not in ACTIVATIONS:
        raise ValueError(f"Unknown activation: {activation!r} (choose from {', '.join(ACTIVATIONS)})")
    if activation == "relu" and loss != "mse":
        raise ValueError("The ReLU neuron is trained with loss=mse: cross-entropy needs an output in (0, 1)")


def loss_and_grad(w1: Array, w2: Array, X: Array, labels: Array, loss: str,
                  activation: str = "sigmoid") -> tuple[Array, Array, Array]:  # fmt: skip
    """Mean loss and gradient over the rows of X for weights of any shape S.

    ``X`` is (n, 2) shared by all weights, or (*S, n, 2) with one sample per weight (mini-batches).
    """
    check_model(loss, activation)
    w1 = np.asarray(w1, dtype=np.float64)[..., None]
    w2 = np.asarray(w2, dtype=np.float64)[..., None]
    x1, x2 = X[..., 0], X[..., 1]
    z = w1 * x1 + w2 * x2
    if activation == "relu":
        r = relu(z) - labels
        return np.mean(r * r, axis=-1), np.mean(2.0 * r * (z > 0.0) * x1, axis=-1), \
            np.mean(2.0 * r * (z > 0.0) * x2, axis=-1)  # fmt: skip
    s = sigmoid(z)
    if loss == "mse":
        r = s - labels
        f = np.mean(r * r, axis=-1)
        dz = 2.0 * r * s * (1.0 - s)
    elif loss == "cross_entropy":
        f = np.mean(np.logaddexp(0.0, z) - labels * z, axis=-1)
        dz = s - labels
    else:
        raise ValueError(f"Unknown loss: {loss!r} (choose from {', '.join(LOSSES)})")
    return f, np.mean(dz * x1, axis=-1), np.mean(dz * x2, axis=-1)


def hessian(w1: Array, w2: Array, X: Array, labels: Array, loss: str,
            activation: str = "sigmoid") -> tuple[Array, Array, Array]:  # fmt: skip
    """Exact Hessian entries (∂²L/∂w₁², ∂²L/∂w₁∂w₂, ∂²L/∂w₂²) of the mean loss over the rows of X.

    Same shapes as ``loss_and_grad``: weights of any shape S, X of shape (n, 2) or (*S, n, 2). For ReLU it
    is exact away from the kinks zᵢ = 0, where it takes relu″ = 0 as relu′ takes 0.
    """
    check_model(loss, activation)
    w1 = np.asarray(w1, dtype=np.float64)[..., None]
    w2 = np.asarray(w2, dtype=np.float64)[..., None]
    x1, x2 = X[..., 0], X[..., 1]
    z = w1 * x1 + w2 * x2
    s = sigmoid(z)
    ds = s * sigmoid(-z)  # σ′ = σ(1 − σ), without the cancellation of 1 − σ when σ ≈ 1
    if activation == "relu":
        d2 = 2.0 * (z > 0.0)
    elif loss == "mse":
        d2 = 2.0 * ds * ds + 2.0 * (s - labels) * ds * (1.0 - 2.0 * s)
    elif loss == "cross_entropy":
        d2 = ds
    else:
        raise ValueError(f"Unknown loss: {loss!r} (choose from {', '.join(LOSSES)})")
    return np.mean(d2 * x1 * x1, axis=-1), np.mean(d2 * x1 * x2, axis=-1), np.mean(d2 * x2 * x2, axis=-1)


def batch_indices(seed: int, steps: int, n_points: int, batch_size: int) -> Array:
    """Indices of the mini-batch of each update: shape (steps, batch_size).

    Each update samples ``batch_size`` distinct points uniformly, independently of other
    updates, from ``numpy.random.default_rng([seed, 1])`` (a stream separate from the gradient
    noise's ``default_rng(seed)``).
    """
    rng = np.random.default_rng([seed, 1])
    keys = rng.random((steps, n_points))
    return np.argsort(keys, axis=1, kind="stable")[:, :batch_size]


def accuracy(w: Array, X: Array, labels: Array, activation: str = "sigmoid") -> Array:
    """Share of points classified right by weights w of shape (..., 2): ŷ ≥ ½ predicts label 1. For the
    sigmoid that is z ≥ 0, for ReLU z ≥ ½ (ŷ = relu(z))."""
    z = np.asarray(w, dtype=np.float64) @ np.asarray(X, dtype=np.float64).T
    threshold = 0.5 if activation == "relu" else 0.0
    return np.mean((z >= threshold) == (labels > 0.5), axis=-1)


def find_minimum(X: Array, labels: Array, loss: str, start=None, activation: str = "sigmoid") -> tuple[float, float]:
    """The full-batch minimum, by Newton's method on the analytic gradient (FD Hessian) from ``start`` (the
    origin by default); the ReLU neuron's exactly, by ``relu_minimum``, unless a start is given."""
    if activation == "relu" and start is None:
        return relu_minimum(X, labels)
    w = np.array((0.0, 0.0) if start is None else start, dtype=np.float64)
    h = 1e-6
    for _ in range(100):
        _, g1, g2 = loss_and_grad(w[0], w[1], X, labels, loss, activation)
        g = np.array([g1, g2])
        if np.hypot(*g) < 1e-13:
            break
        H = np.empty((2, 2))
        for j in range(2):
            e = np.zeros(2)
            e[j] = h
            _, a1, a2 = loss_and_grad(*(w + e), X, labels, loss, activation)
            _, b1, b2 = loss_and_grad(*(w - e), X, labels, loss, activation)
            H[:, j] = (np.array([a1, a2]) - np.array([b1, b2])) / (2 * h)
        H = 0.5 * (H + H.T)
        try:
            step = np.linalg.solve(H, g)
        except np.linalg.LinAlgError:
            step = g
        if not np.all(np.linalg.eigvalsh(H) > 0):
            step = g  # not locally convex: fall back to a gradient step
        # damped: never move more than 1 per iteration
        norm = np.hypot(*step)
        if norm > 1.0:
            step = step / norm
        w = w - step
    return float(w[0]), float(w[1])


def relu_minimum(X: Array, labels: Array) -> tuple[float, float]:
    """The global minimum of the ReLU neuron's squared error, exactly.

    With no bias every kink wᵀxᵢ = 0 is a line through the origin, so the set of active points
    {i : wᵀxᵢ > 0} depends only on the direction of w: the 2n half-lines perpendicular to the xᵢ cut the
    plane into sectors, and on each sector the loss is one quadratic. Its minimum is the least-squares fit
    of wᵀxᵢ to yᵢ over the sector's active points when that fit lies in the sector; otherwise it lies on
    a boundary half-line w = r·d, where the loss is a quadratic in r ≥ 0. The smallest of these candidates
    (and the origin) is the global minimum.
    """
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(labels, dtype=np.float64)
    normals = np.arctan2(X[:, 1], X[:, 0])
    cuts = np.sort(np.mod(np.concatenate([normals + np.pi / 2, normals - np.pi / 2]), 2 * np.pi))
    mids = (cuts + np.diff(np.concatenate([cuts, [cuts[0] + 2 * np.pi]])) / 2.0) % (2 * np.pi)
    candidates = [np.zeros(2)]
    for m in mids:
        active = X @ np.array([np.cos(m), np.sin(m)]) > 0
        if not active.any():
            continue
        w = np.linalg.lstsq(X[active], y[active], rcond=None)[0]
        candidates.append(w)  # its true loss is checked below, in or out of the sector
    for c in cuts:
        d = np.array([np.cos(c), np.sin(c)])
        proj = X @ d
        on = proj > 1e-12
        if on.any():
            r = max(0.0, float(proj[on] @ y[on]) / float(proj[on] @ proj[on]))
            candidates.append(r * d)
    W = np.array(candidates)
    losses = loss_and_grad(W[:, 0], W[:, 1], X, y, "mse", "relu")[0]
    best = W[int(np.argmin(losses))]
    return float(best[0]), float(best[1])

