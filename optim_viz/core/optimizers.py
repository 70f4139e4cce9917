r"""Optimizers as pure ``init`` / ``update`` pairs over explicit state, with torch.optim semantics.

Every optimizer works on a batch of B runs at once: parameters ``x`` and gradients ``g`` have
shape ``(B, 2)`` and every hyperparameter arrives as an array of shape ``(B, 1)`` (so one call
can hold a whole grid of settings). ``update(g, state, x, lr, hp)`` returns the new parameters
and a *new* state NamedTuple; nothing is mutated.

A hyperparameter named like a ``torch.optim`` argument means exactly what it means there,
operation for operation in float64 (``lerp`` where torch uses ``lerp_``, ``addcmul``/``addcdiv``
evaluated in torch's order). ``lr`` is the learning rate of the current update after any
schedule, i.e. torch's ``group["lr"]``. Steps count from 1, as torch's ``state["step"]``.

The three momentum conventions of the course notes
-------------------------------------------------
* CS231n:  v = μ·v − lr·g;  x = x + v.
  Under a constant lr this is torch's heavy ball with v = −lr·buf.
* torch (``sgd`` with ``momentum``): buf = μ·buf + (1 − dampening)·g (buf₁ = g₁);  x = x − lr·buf.
* EWMA (``ewma_momentum``, Andrew Ng's notes): v = β·v + (1 − β)·g (v₀ = 0);  x = x − lr·v.
  It equals torch's SGD with momentum = dampening = β except at the first step (torch starts
  the buffer at g₁, the EWMA at (1 − β)·g₁), and it matches torch's undamped heavy ball
  when its lr is divided by (1 − β).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple

import numpy as np

Array = np.ndarray


# --------------------------------------------------------------------------------------
# Hyperparameter descriptions (shared by the engine, the CLI and the UI).


@dataclass(frozen=True)
class HyperParam:
    """One hyperparameter: name (torch's), kind, default, UI range and meaning."""

    name: str
    kind: str  # "float", "bool" or "betas"
    default: Any
    doc: str
    symbol: str = ""
    low: float = 0.0  # suggested UI range (validation is torch's, see the optimizer)
    high: float = 1.0
    log: bool = False


def _lr(default: float, low: float = 1e-4, high: float = 10.0) -> HyperParam:
    return HyperParam("lr", "float", default, "learning rate", "η", low, high, log=True)


_WD = HyperParam("weight_decay", "float", 0.0, "L2 penalty added to the gradient", "λ", 0.0, 1.0)
_EPS8 = HyperParam("eps", "float", 1e-8, "term added to the denominator", "ε", 1e-12, 1e-1, log=True)


# --------------------------------------------------------------------------------------
# Validation in torch's words.


def _values(v) -> np.ndarray:
    return np.atleast_1d(np.asarray(v, dtype=np.float64))


def _first_bad(v, ok) -> Any | None:
    arr = _values(v)
    bad = ~(np.isfinite(arr) & ok(arr))
    if bad.any():
        val = arr[bad][0]
        return int(val) if float(val).is_integer() and abs(val) < 1e15 else float(val)
    return None


def check(value, ok: Callable[[np.ndarray], np.ndarray], message: str) -> None:
    """Raise ``ValueError(f"{message}: {bad}")`` for the first value that is not finite or not ok."""
    bad = _first_bad(value, ok)
    if bad is not None:
        raise ValueError(f"{message}: {bad}")


def _check_lr(hp):
    check(hp["lr"], lambda a: a >= 0.0, "Invalid learning rate")


def _check_eps(hp):
    check(hp["eps"], lambda a: a >= 0.0, "Invalid epsilon value")


def _check_wd(hp):
    check(hp["weight_decay"], lambda a: a >= 0.0, "Invalid weight_decay value")


def _check_betas(hp):
    check(hp["beta1"], lambda a: (a >= 0.0) & (a < 1.0), "Invalid beta parameter at index 0")
    check(hp["beta2"], lambda a: (a >= 0.0) & (a < 1.0), "Invalid beta parameter at index 1")


def lerp(start: Array, end: Array, weight) -> Array:
    """torch.lerp: start + w·(end − start) for |w| < 0.5, else end − (end − start)·(1 − w)."""
    diff = end - start
    if np.ndim(weight) == 0:
        return start + weight * diff if abs(weight) < 0.5 else end - diff * (1.0 - weight)
    return np.where(np.abs(weight) < 0.5, start + weight * diff, end - diff * (1.0 - weight))


def spow(base, exponent):
    """base ** exponent computed as torch computes its scalar coefficients: with C's pow().

    NumPy's vectorized power may differ from pow() in the last bit on some CPUs, so per-run
    arrays are evaluated value by value (once per distinct value, which keeps sweeps fast).
    """
    if np.ndim(base) == 0 and np.ndim(exponent) == 0:
        return float(base) ** float(exponent)
    b, e = np.broadcast_arrays(np.asarray(base, dtype=np.float64), np.asarray(exponent, dtype=np.float64))
    pairs, inverse = np.unique(np.stack([b.ravel(), e.ravel()], axis=1), axis=0, return_inverse=True)
    values = np.array([math.pow(x, y) for x, y in pairs])
    return values[inverse.ravel()].reshape(b.shape)


def select(flag, if_true, if_false):
    """np.where for per-run flags; a plain pick when the flag is one bool for the whole batch."""
    if isinstance(flag, (bool, np.bool_)):
        return if_true if flag else if_false
    return np.where(flag, if_true, if_false)


# --------------------------------------------------------------------------------------
# SGD


class SGDState(NamedTuple):
    step: int
    momentum_buffer: Array  # (B, 2)


def sgd_init(x0: Array, hp: Mapping[str, Array]) -> SGDState:
    return SGDState(0, np.zeros_like(x0))


def sgd_update(g, state: SGDState, x, lr, hp) -> tuple[Array, SGDState]:
    r"""torch.optim.SGD.

    .. math::
        g &\leftarrow g + \lambda x \\
        buf &\leftarrow g \ (t = 1), \quad \mu\,buf + (1-\tau)\,g \ (t > 1) \\
        d &\leftarrow g + \mu\,buf \ \text{(nesterov)}, \quad buf \ \text{(otherwise)},
            \quad g \ (\mu = 0) \\
        x &\leftarrow x - \eta\,d

    μ = momentum, τ = dampening, λ = weight_decay. Note (as torch): the first buffer is the
    gradient itself, without the (1 − τ) factor, and Nesterov uses the updated buffer.
    """
    mu, tau, wd = hp["momentum"], hp["dampening"], hp["weight_decay"]
    g = g + wd * x
    if state.step == 0:
        buf = g.copy()
    else:
        buf = state.momentum_buffer * mu + (1.0 - tau) * g
    d = select(hp["nesterov"], g + mu * buf, buf)
    d = select(mu != 0.0, d, g)
    return x + (-lr) * d, SGDState(state.step + 1, buf)


def _sgd_validate(hp):
    _check_lr(hp)
    check(hp["momentum"], lambda a: a >= 0.0, "Invalid momentum value")
    check(hp["dampening"], lambda a: np.ones_like(a, bool), "Invalid dampening value")
    _check_wd(hp)
    nest, mu, tau = np.broadcast_arrays(
        np.atleast_1d(np.asarray(hp["nesterov"], dtype=bool)), _values(hp["momentum"]), _values(hp["dampening"])
    )
    if np.any(nest & ((mu <= 0) | (tau != 0))):
        raise ValueError("Nesterov momentum requires a momentum and zero dampening")


# --------------------------------------------------------------------------------------
# EWMA momentum (teaching variant of the course notes; not a torch optimizer)


class EWMAState(NamedTuple):
    step: int
    velocity: Array


def ewma_momentum_init(x0, hp) -> EWMAState:
    return EWMAState(0, np.zeros_like(x0))


def ewma_momentum_update(g, state: EWMAState, x, lr, hp):
    r"""Momentum as an exponentially weighted average of gradients (course-notes convention).

    .. math::
        v_t &= \beta\,v_{t-1} + (1-\beta)\,g_t, \qquad v_0 = 0 \\
        \hat v_t &= v_t / (1 - \beta^t) \ \text{(bias_correction)}, \quad v_t \ \text{(otherwise)} \\
        x_t &= x_{t-1} - \eta\,\hat v_t

    Note: torch's SGD with momentum = dampening = β differs only at t = 1 (its buffer starts at
    g₁); with dampening 0 it equals this rule with η scaled by 1/(1 − β).
    """
    beta = hp["beta"]
    t = state.step + 1
    v = beta * state.velocity + (1.0 - beta) * g
    v_hat = select(hp["bias_correction"], v / (1.0 - spow(beta, t)), v)
    return x - lr * v_hat, EWMAState(t, v)


def _ewma_validate(hp):
    _check_lr(hp)
    check(hp["beta"], lambda a: (a >= 0.0) & (a < 1.0), "Invalid beta value")


# --------------------------------------------------------------------------------------
# Adagrad


class AdagradState(NamedTuple):
    step: int
    sum: Array  # accumulated squared gradients (torch: state_sum)


def adagrad_init(x0, hp) -> AdagradState:
    return AdagradState(0, np.zeros_like(x0) + hp["initial_accumulator_value"])


def adagrad_update(g, state: AdagradState, x, lr, hp):
    r"""torch.optim.Adagrad.

    .. math::
        g &\leftarrow g + \lambda x \\
        \tilde\eta &= \eta / (1 + (t-1)\,\text{lr\_decay}) \\
        sum &\leftarrow sum + g^2 \\
        x &\leftarrow x - \tilde\eta\, g / (\sqrt{sum} + \epsilon)

    sum starts at initial_accumulator_value; ε (default 1e-10) sits outside the root.
    """
    t = state.step + 1
    g = g + hp["weight_decay"] * x
    clr = lr / (1.0 + (t - 1) * hp["lr_decay"])
    s = state.sum + 1.0 * g * g
    std = np.sqrt(s) + hp["eps"]
    return x + (-clr) * g / std, AdagradState(t, s)


def _adagrad_validate(hp):
    _check_lr(hp)
    check(hp["lr_decay"], lambda a: a >= 0.0, "Invalid lr_decay value")
    _check_wd(hp)
    check(hp["initial_accumulator_value"], lambda a: a >= 0.0, "Invalid initial_accumulator_value value")
    _check_eps(hp)


# --------------------------------------------------------------------------------------
# RMSprop


class RMSpropState(NamedTuple):
    step: int
    square_avg: Array
    grad_avg: Array
    momentum_buffer: Array


def rmsprop_init(x0, hp) -> RMSpropState:
    z = np.zeros_like(x0)
    return RMSpropState(0, z, z, z)


def rmsprop_update(g, state: RMSpropState, x, lr, hp):
    r"""torch.optim.RMSprop.

    .. math::
        g &\leftarrow g + \lambda x \\
        v &\leftarrow \alpha v + (1-\alpha)\,g^2 \\
        \bar g &\leftarrow \text{lerp}(\bar g, g, 1-\alpha) \quad \text{(centered)} \\
        D &= \sqrt{v - \bar g^2} + \epsilon \ \text{(centered)}, \quad \sqrt{v} + \epsilon \\
        buf &\leftarrow \mu\,buf + g / D, \quad x \leftarrow x - \eta\,buf \quad (\mu > 0) \\
        x &\leftarrow x - \eta\, g / D \quad (\mu = 0)

    No bias correction; ε outside the root (v = square_avg, ḡ = grad_avg, μ = momentum).
    """
    alpha, mu = hp["alpha"], hp["momentum"]
    g = g + hp["weight_decay"] * x
    v = state.square_avg * alpha + (1.0 - alpha) * g * g
    centered = hp["centered"]
    gbar = select(centered, lerp(state.grad_avg, g, 1.0 - alpha), state.grad_avg)
    avg = np.sqrt(select(centered, v + (-1.0 * gbar) * gbar, v)) + hp["eps"]
    buf = state.momentum_buffer * mu + 1.0 * g / avg
    x_new = select(mu > 0.0, x + (-lr) * buf, x + (-lr) * g / avg)
    return x_new, RMSpropState(state.step + 1, v, gbar, buf)


def _rmsprop_validate(hp):
    _check_lr(hp)
    _check_eps(hp)
    check(hp["momentum"], lambda a: a >= 0.0, "Invalid momentum value")
    _check_wd(hp)
    check(hp["alpha"], lambda a: a >= 0.0, "Invalid alpha value")


# --------------------------------------------------------------------------------------
# Adadelta


class AdadeltaState(NamedTuple):
    step: int
    square_avg: Array
    acc_delta: Array


def adadelta_init(x0, hp) -> AdadeltaState:
    z = np.zeros_like(x0)
    return AdadeltaState(0, z, z)


def adadelta_update(g, state: AdadeltaState, x, lr, hp):
    r"""torch.optim.Adadelta.

    .. math::
        g &\leftarrow g + \lambda x \\
        v &\leftarrow \rho v + (1-\rho)\,g^2 \\
        \Delta &= \frac{\sqrt{u + \epsilon}}{\sqrt{v + \epsilon}}\, g \\
        u &\leftarrow \rho u + (1-\rho)\,\Delta^2 \\
        x &\leftarrow x - \eta\,\Delta

    v = square_avg, u = acc_delta; ε sits inside both roots; torch's default lr is 1.0.
    """
    rho = hp["rho"]
    g = g + hp["weight_decay"] * x
    v = state.square_avg * rho + (1.0 - rho) * g * g
    std = np.sqrt(v + hp["eps"])
    delta = np.sqrt(state.acc_delta + hp["eps"]) / std * g
    u = state.acc_delta * rho + (1.0 - rho) * delta * delta
    return x + (-lr) * delta, AdadeltaState(state.step + 1, v, u)


def _adadelta_validate(hp):
    _check_lr(hp)
    check(hp["rho"], lambda a: (a >= 0.0) & (a <= 1.0), "Invalid rho value")
    _check_eps(hp)
    _check_wd(hp)


# --------------------------------------------------------------------------------------
# Adam and AdamW


class AdamState(NamedTuple):
    step: int
    exp_avg: Array
    exp_avg_sq: Array
    max_exp_avg_sq: Array


def adam_init(x0, hp) -> AdamState:
    z = np.zeros_like(x0)
    return AdamState(0, z, z, z)


def _adam_step(g, state: AdamState, x, lr, hp, decoupled: bool):
    beta1, beta2, wd = hp["beta1"], hp["beta2"], hp["weight_decay"]
    t = state.step + 1
    decoupled = decoupled or hp.get("decoupled_weight_decay", False)
    g = select(decoupled, g, g + wd * x)
    x = select(decoupled, x * (1.0 - lr * wd), x)
    m = lerp(state.exp_avg, g, 1.0 - beta1)
    v = state.exp_avg_sq * beta2 + (1.0 - beta2) * g * g
    amsgrad = hp["amsgrad"]
    vmax = select(amsgrad, np.maximum(state.max_exp_avg_sq, v), state.max_exp_avg_sq)
    v_used = select(amsgrad, vmax, v)
    corrected = hp.get("bias_correction", True)
    bias_correction1 = 1.0 - spow(beta1, t)
    bias_correction2 = 1.0 - spow(beta2, t)
    step_size = select(corrected, lr / bias_correction1, lr)
    bc2_sqrt = select(corrected, spow(bias_correction2, 0.5), 1.0)
    denom = np.sqrt(v_used) / bc2_sqrt + hp["eps"]
    return x + (-step_size) * m / denom, AdamState(t, m, v, vmax)


def adam_update(g, state: AdamState, x, lr, hp):
    r"""torch.optim.Adam (and the course notes' Adam without bias correction).

    .. math::
        g &\leftarrow g + \lambda x \\
        m &\leftarrow \text{lerp}(m, g, 1-\beta_1) = \beta_1 m + (1-\beta_1)\,g \\
        v &\leftarrow \beta_2 v + (1-\beta_2)\,g^2 \\
        \hat v &= \max(\hat v_{max}, v) \ \text{(amsgrad)}, \quad v \\
        x &\leftarrow x - \frac{\eta}{1-\beta_1^t}\;
            m \Big/ \Big(\frac{\sqrt{\hat v}}{\sqrt{1-\beta_2^t}} + \epsilon\Big)

    ε is added after the bias-corrected root; AMSGrad keeps the max of the raw v. With
    ``decoupled_weight_decay`` the λ term is applied as in AdamW instead.
    Note: with ``bias_correction=False`` (not a torch option) the update is the notes'
    simplified x ← x − η·m / (√v + ε).
    """
    return _adam_step(g, state, x, lr, hp, decoupled=False)


def adamw_update(g, state: AdamState, x, lr, hp):
    r"""torch.optim.AdamW: x ← x·(1 − η·λ) first, then the Adam step without λ in the gradient.

    Default weight_decay is 0.01 (torch's), unlike Adam's 0.
    """
    return _adam_step(g, state, x, lr, hp, decoupled=True)


def _adam_validate(hp):
    _check_lr(hp)
    _check_eps(hp)
    _check_betas(hp)
    _check_wd(hp)


# --------------------------------------------------------------------------------------
# NAdam


class NAdamState(NamedTuple):
    step: int
    exp_avg: Array
    exp_avg_sq: Array
    mu_product: Array  # (B, 1)


def nadam_init(x0, hp) -> NAdamState:
    z = np.zeros_like(x0)
    return NAdamState(0, z, z, np.ones((x0.shape[0], 1)))


def nadam_update(g, state: NAdamState, x, lr, hp):
    r"""torch.optim.NAdam.

    .. math::
        \mu_t &= \beta_1\,(1 - \tfrac12\, 0.96^{t\,\psi}), \qquad
        \Pi_t = \textstyle\prod_{i\le t} \mu_i \\
        g &\leftarrow g + \lambda x \quad (\text{or } x \leftarrow x(1-\eta\lambda)
            \text{ if decoupled\_weight\_decay}) \\
        m &\leftarrow \text{lerp}(m, g, 1-\beta_1), \qquad
        v \leftarrow \beta_2 v + (1-\beta_2)\,g^2 \\
        D &= \sqrt{v / (1-\beta_2^t)} + \epsilon \\
        x &\leftarrow x - \frac{\eta\,(1-\mu_t)}{1-\Pi_t}\,\frac{g}{D}
                      - \frac{\eta\,\mu_{t+1}}{1-\Pi_t\,\mu_{t+1}}\,\frac{m}{D}

    ψ = momentum_decay (default 4e-3); ψ = 0 gives μ_t = β₁/2.
    """
    beta1, beta2, wd, psi = hp["beta1"], hp["beta2"], hp["weight_decay"], hp["momentum_decay"]
    t = state.step + 1
    bias_correction2 = 1.0 - spow(beta2, t)
    decoupled = hp["decoupled_weight_decay"]
    x = select(decoupled, x * (1.0 - lr * wd), x)
    g = select(decoupled, g, g + wd * x)
    mu = beta1 * (1.0 - 0.5 * spow(0.96, t * psi))
    mu_next = beta1 * (1.0 - 0.5 * spow(0.96, (t + 1) * psi))
    mu_product = state.mu_product * mu
    m = lerp(state.exp_avg, g, 1.0 - beta1)
    v = state.exp_avg_sq * beta2 + (1.0 - beta2) * g * g
    denom = np.sqrt(v / bias_correction2) + hp["eps"]
    mu_product_next = mu_product * mu_next
    x = x + (-lr * (1.0 - mu) / (1.0 - mu_product)) * g / denom
    x = x + ((-lr * mu_next) / (1.0 - mu_product_next)) * m / denom
    return x, NAdamState(t, m, v, mu_product)


def _nadam_validate(hp):
    _check_lr(hp)
    _check_eps(hp)
    _check_betas(hp)
    _check_wd(hp)
    check(hp["momentum_decay"], lambda a: a >= 0.0, "Invalid momentum_decay value")


# --------------------------------------------------------------------------------------
# Registry


@dataclass(frozen=True)
class Optimizer:
    """A named optimizer: hyperparameters with torch's defaults, init/update, validation."""

    name: str
    title: str
    hparams: tuple[HyperParam, ...]
    init: Callable[[Array, Mapping[str, Array]], tuple]
    update: Callable[..., tuple[Array, tuple]]
    validate: Callable[[Mapping[str, Any]], None]
    torch_name: str | None  # None for teaching variants
    description: str

    @property
    def defaults(self) -> dict[str, Any]:
        return {h.name: h.default for h in self.hparams}

    def hparam(self, name: str) -> HyperParam:
        for h in self.hparams:
            if h.name == name:
                return h
        raise KeyError(name)


_BETAS = HyperParam("betas", "betas", (0.9, 0.999), "coefficients of the running averages of g and g²", "β₁, β₂")
_AMSGRAD = HyperParam("amsgrad", "bool", False, "use the maximum of past squared-gradient averages (AMSGrad)")
_MAXIMIZE = HyperParam("maximize", "bool", False, "maximize the objective: the gradient's sign is flipped first")

OPTIMIZERS: dict[str, Optimizer] = {
    o.name: o
    for o in [
        Optimizer(
            "sgd",
            "SGD",
            (
                _lr(1e-3),
                HyperParam("momentum", "float", 0.0, "momentum factor", "μ", 0.0, 0.999),
                HyperParam("dampening", "float", 0.0, "dampening for momentum", "τ", 0.0, 1.0),
                HyperParam("nesterov", "bool", False, "use Nesterov momentum"),
                _WD,
                _MAXIMIZE,
            ),
            sgd_init,
            sgd_update,
            _sgd_validate,
            "SGD",
            "Gradient descent, optionally with heavy-ball or Nesterov momentum (torch.optim.SGD).",
        ),
        Optimizer(
            "ewma_momentum",
            "Momentum (EWMA form)",
            (
                _lr(1e-3),
                HyperParam("beta", "float", 0.9, "weight of the running average of gradients", "β", 0.0, 0.999),
                HyperParam("bias_correction", "bool", False, "divide the average by 1 − β^t"),
            ),
            ewma_momentum_init,
            ewma_momentum_update,
            _ewma_validate,
            None,
            "Teaching variant: momentum as an exponentially weighted average of gradients (course notes).",
        ),
        Optimizer(
            "adagrad",
            "Adagrad",
            (
                _lr(1e-2),
                HyperParam("lr_decay", "float", 0.0, "learning-rate decay", "", 0.0, 1.0),
                HyperParam("eps", "float", 1e-10, "term added to the denominator", "ε", 1e-12, 1e-1, log=True),
                HyperParam("initial_accumulator_value", "float", 0.0, "starting value of the sum of g²", "", 0.0, 10.0),
                _WD,
                _MAXIMIZE,
            ),
            adagrad_init,
            adagrad_update,
            _adagrad_validate,
            "Adagrad",
            "Per-coordinate steps shrinking with the accumulated squared gradients (torch.optim.Adagrad).",
        ),
        Optimizer(
            "rmsprop",
            "RMSprop",
            (
                _lr(1e-2),
                HyperParam("alpha", "float", 0.99, "smoothing constant of the g² average", "α", 0.0, 0.999),
                _EPS8,
                HyperParam("momentum", "float", 0.0, "momentum factor", "μ", 0.0, 0.999),
                HyperParam("centered", "bool", False, "normalise by the estimated variance of the gradient"),
                _WD,
                _MAXIMIZE,
            ),
            rmsprop_init,
            rmsprop_update,
            _rmsprop_validate,
            "RMSprop",
            "Steps divided by a running RMS of the gradient (torch.optim.RMSprop).",
        ),
        Optimizer(
            "adadelta",
            "Adadelta",
            (
                _lr(1.0, 1e-3, 10.0),
                HyperParam("rho", "float", 0.9, "coefficient of the running averages", "ρ", 0.0, 0.999),
                HyperParam("eps", "float", 1e-6, "term added inside the roots", "ε", 1e-10, 1e-1, log=True),
                _WD,
                _MAXIMIZE,
            ),
            adadelta_init,
            adadelta_update,
            _adadelta_validate,
            "Adadelta",
            "Step sizes from the ratio of running RMS of updates and of gradients (torch.optim.Adadelta).",
        ),
        Optimizer(
            "adam",
            "Adam",
            (
                _lr(1e-3),
                _BETAS,
                _EPS8,
                _AMSGRAD,
                _WD,
                HyperParam("decoupled_weight_decay", "bool", False, "apply weight decay as in AdamW"),
                _MAXIMIZE,
                HyperParam("bias_correction", "bool", True, "divide the moments by 1 − β^t (torch always does)"),
            ),
            adam_init,
            adam_update,
            _adam_validate,
            "Adam",
            "Momentum plus per-coordinate RMS scaling, with bias correction (torch.optim.Adam).",
        ),
        Optimizer(
            "adamw",
            "AdamW",
            (
                _lr(1e-3),
                _BETAS,
                _EPS8,
                HyperParam("weight_decay", "float", 1e-2, "decoupled weight decay", "λ", 0.0, 1.0),
                _AMSGRAD,
                _MAXIMIZE,
            ),
            adam_init,
            adamw_update,
            _adam_validate,
            "AdamW",
            "Adam with weight decay applied to the parameters directly (torch.optim.AdamW).",
        ),
        Optimizer(
            "nadam",
            "NAdam",
            (
                _lr(2e-3),
                _BETAS,
                _EPS8,
                HyperParam("momentum_decay", "float", 4e-3, "momentum decay ψ", "ψ", 0.0, 0.1),
                _WD,
                HyperParam("decoupled_weight_decay", "bool", False, "apply weight decay as in AdamW"),
                _MAXIMIZE,
            ),
            nadam_init,
            nadam_update,
            _nadam_validate,
            "NAdam",
            "Adam with Nesterov-style momentum (torch.optim.NAdam).",
        ),
    ]
}


def optimizer_names() -> list[str]:
    return list(OPTIMIZERS)


def get_optimizer(name: str) -> Optimizer:
    opt = OPTIMIZERS.get(name)
    if opt is None:
        raise ValueError(f"Unknown optimizer: {name!r} (choose from {', '.join(OPTIMIZERS)})")
    return opt


def _as_bool(name: str, value) -> Any:
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, np.ndarray) and value.dtype == bool:
        return value
    if isinstance(value, (int, np.integer)) and value in (0, 1):
        return bool(value)
    raise ValueError(f"Invalid {name} value: {value!r} (expected true or false)")


def _as_float(name: str, value) -> Any:
    if isinstance(value, (bool, np.bool_)):
        raise ValueError(f"Invalid {name} value: {value!r} (expected a number)")
    if isinstance(value, np.ndarray):
        if value.dtype.kind not in "iuf":
            raise ValueError(f"Invalid {name} value: expected numbers")
        return value.astype(np.float64)
    if isinstance(value, (int, float, np.integer, np.floating)):
        return float(value)
    raise ValueError(f"Invalid {name} value: {value!r} (expected a number)")


def resolve_hparams(name: str, given: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """torch's defaults filled in, types checked, values validated in torch's words.

    ``betas`` is split into ``beta1`` and ``beta2``. Values may be scalars or 1-D arrays (one
    per run of a batch). Unknown names raise ValueError.
    """
    opt = get_optimizer(name)
    given = dict(given or {})
    known = {h.name for h in opt.hparams}
    unknown = sorted(set(given) - known)
    if unknown:
        raise ValueError(
            f"Unknown hyperparameter for {name}: {unknown[0]!r} (allowed: {', '.join(sorted(known))})"
        )
    hp: dict[str, Any] = {}
    for h in opt.hparams:
        value = given.get(h.name, h.default)
        if h.kind == "bool":
            hp[h.name] = _as_bool(h.name, value)
        elif h.kind == "betas":
            if isinstance(value, str) or not hasattr(value, "__len__") or len(value) != 2:
                raise ValueError(f"Invalid betas value: {value!r} (expected two numbers, e.g. 0.9,0.999)")
            hp["beta1"] = _as_float("beta", value[0])
            hp["beta2"] = _as_float("beta", value[1])
        else:
            hp[h.name] = _as_float(h.name, value)
    opt.validate(hp)
    return hp


def hparams_for_batch(hp: Mapping[str, Any], batch: int) -> dict[str, Any]:
    """Resolved hyperparameters for a batch of B runs.

    A value shared by every run stays a Python scalar (float or bool), which is what torch
    computes with; values that differ become arrays of shape (B, 1).
    """
    out = {}
    for k, v in hp.items():
        arr = np.asarray(v)
        dtype = bool if arr.dtype == bool else np.float64
        arr = np.broadcast_to(arr.astype(dtype).reshape(-1), (batch,))
        if np.all(arr == arr[0]):
            out[k] = bool(arr[0]) if dtype is bool else float(arr[0])
        else:
            out[k] = arr.reshape(-1, 1).copy()
    return out


def state_fields(state: tuple) -> dict[str, Array]:
    """The per-run arrays of a state NamedTuple (everything but the step counter)."""
    return {k: v for k, v in state._asdict().items() if k != "step"}
