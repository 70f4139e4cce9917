r"""Optimizers as pure ``init`` / ``update`` pairs over explicit state, with torch.optim semantics.

Every optimizer works on a batch of B runs at once: parameters ``x`` and gradients ``g`` have
shape ``(B, 2)`` and every hyperparameter arrives as an array of shape ``(B, 1)`` (so one call
can hold a whole grid of settings), or repeated over the coordinates in ``(B, 2)`` for an
optimizer marked ``elementwise`` (the engine's faster form, the same numbers). ``update(g, state,
x, lr, hp)`` returns the new parameters and a *new* state NamedTuple; nothing is mutated.

A hyperparameter named like a ``torch.optim`` argument means exactly what it means there,
operation for operation in float64 (``lerp`` where torch uses ``lerp_``, ``addcmul``/``addcdiv``
evaluated in torch's order). ``lr`` is the learning rate of the current update after any
schedule, i.e. torch's ``group["lr"]``. Steps count from 1, as torch's ``state["step"]``.
Where torch initialises state lazily from ``group["lr"]`` (Rprop's step sizes, ASGD's η), the
lr of the first update is used, as in torch.

Hyperparameter kinds (``HyperParam.kind``)
-----------------------------------------
* ``float``: a number, or one per run (a 1-D array); sweeps vary these.
* ``int``: a whole number (L-BFGS max_iter, max_eval, history_size; Muon ns_steps); an integral
  float such as 5.0 is accepted. ``max_eval``'s default None is derived as torch derives it.
* ``bool``.
* ``choice``: one of ``HyperParam.choices``, torch's strings or None (L-BFGS line_search_fn,
  Muon adjust_lr_fn); the text "none" stands for None (for the command line).
* ``tuple`` (and ``betas``, the name the UI already knows for the same thing): a fixed number
  of floats, described by ``HyperParam.parts``. ``resolve_hparams`` splits a tuple into one
  float per part under torch's own local names: betas → beta1, beta2; etas → etaminus,
  etaplus; step_sizes → step_size_min, step_size_max; Adafactor's eps → eps1, eps2 (eps1=None
  means float64's machine epsilon, as torch's ``finfo(dtype).eps``); ns_coefficients → ns_a,
  ns_b, ns_c. Update functions read the parts, ``hparams_for_batch`` batches them like any
  float, a sweep varies a single part (``--grid etaplus=1.05:2:20``), and ``public_hparams``
  joins them back into torch's tuple. On the command line a tuple is ``--hp etas=0.5,1.2``.

Every optimizer is vectorized over the batch except L-BFGS, whose data-dependent inner loops
and line search run one run at a time (``Optimizer.closure``: it calls back into the surface).

Rounding: on a CPU with FMA, torch's fused kernels (``add_`` with ``alpha``, ``lerp``,
``addcmul``, the 2-norm) round a·b + c once, and its float64 ``sqrt`` (MKL's, in the wheel)
is off the correctly rounded root in the last bit for about 1 % of arguments. The vectorized
updates here round twice and use IEEE sqrt, a last-bit difference that the golden
trajectories put at about 1e-13 relative; L-BFGS, whose line search and stopping tests branch
on values, rounds its fused operations once (``fma``) and keeps torch's tensor/float types
where they change a division (``Tensor0``).

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
class Part:
    """One number of a tuple hyperparameter (betas → beta1, beta2): its name inside the engine
    (torch's own local name where it has one) and its suggested UI range."""

    name: str
    low: float
    high: float
    log: bool = False
    symbol: str = ""
    none_as: float | None = None  # what None stands for (torch's Adafactor eps1=None)


@dataclass(frozen=True)
class HyperParam:
    """One hyperparameter: name (torch's), kind, default, UI range and meaning.

    ``kind`` is one of ``KINDS`` (see the module docstring); ``parts`` describes the numbers of a
    "betas" or "tuple" hyperparameter, ``choices`` the values of a "choice" one.
    """

    name: str
    kind: str
    default: Any
    doc: str
    symbol: str = ""
    low: float = 0.0  # suggested UI range (validation is torch's, see the optimizer)
    high: float = 1.0
    log: bool = False
    parts: tuple[Part, ...] = ()
    choices: tuple[str | None, ...] = ()
    count_message: str = ""  # torch's words for a tuple of the wrong length (followed by the value)

    @property
    def part_names(self) -> tuple[str, ...]:
        return tuple(p.name for p in self.parts)


KINDS = ("float", "int", "bool", "choice", "betas", "tuple")


def _lr(default: float, low: float = 1e-4, high: float = 10.0) -> HyperParam:
    return HyperParam("lr", "float", default, "learning rate", "η", low, high, log=True)


_WD = HyperParam("weight_decay", "float", 0.0, "L2 penalty added to the gradient", "λ", 0.0, 1.0)
_EPS8 = HyperParam("eps", "float", 1e-8, "term added to the denominator", "ε", 1e-12, 1e-1, log=True)


# --------------------------------------------------------------------------------------
# Validation in torch's words.


def _values(v) -> np.ndarray:
    return np.atleast_1d(np.asarray(v, dtype=np.float64))


def _show(val) -> int | float:
    """A value as a message shows it: whole numbers without ".0"."""
    return int(val) if float(val).is_integer() and abs(val) < 1e15 else float(val)


def _first_bad(v, ok) -> Any | None:
    arr = _values(v)
    bad = ~(np.isfinite(arr) & ok(arr))
    if bad.any():
        return _show(arr[bad][0])
    return None


class HparamError(ValueError):
    """torch's refusal of a combination of hyperparameters: its English text, plus the template and
    values it was made from, so an interface can say it in its own language."""

    def __init__(self, template: str, **values: Any):
        self.template, self.values = template, values
        super().__init__(template.format(**values) if values else template)


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
    mu, tau, wd, nesterov = hp["momentum"], hp["dampening"], hp["weight_decay"], hp["nesterov"]
    if not (np.ndim(wd) == 0 and wd == 0.0):  # as torch: no decay term at all when it is 0
        g = g + wd * x
    if state.step == 0:
        buf = g.copy()
    else:
        buf = state.momentum_buffer * mu + (1.0 - tau) * g
    if isinstance(nesterov, (bool, np.bool_)):  # one flag for the batch: only the branch taken
        d = g + mu * buf if nesterov else buf
    else:
        d = np.where(nesterov, g + mu * buf, buf)
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
        raise HparamError("Nesterov momentum requires a momentum and zero dampening")


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
# Adamax


class AdamaxState(NamedTuple):
    step: int
    exp_avg: Array
    exp_inf: Array  # exponentially weighted infinity norm


def adamax_init(x0, hp) -> AdamaxState:
    z = np.zeros_like(x0)
    return AdamaxState(0, z, z)


def adamax_update(g, state: AdamaxState, x, lr, hp):
    r"""torch.optim.Adamax.

    .. math::
        g &\leftarrow g + \lambda x \\
        m &\leftarrow \text{lerp}(m, g, 1-\beta_1) \\
        u &\leftarrow \max(\beta_2 u,\ |g| + \epsilon) \\
        x &\leftarrow x - \frac{\eta}{1-\beta_1^t}\, m / u

    m = exp_avg, u = exp_inf; ε is added to |g| inside the max (so u ≥ ε), not to the
    denominator; torch's default lr is 2e-3.
    """
    beta1, beta2 = hp["beta1"], hp["beta2"]
    t = state.step + 1
    g = g + hp["weight_decay"] * x
    m = lerp(state.exp_avg, g, 1.0 - beta1)
    u = np.maximum(state.exp_inf * beta2, np.abs(g) + hp["eps"])
    clr = lr / (1.0 - spow(beta1, t))
    return x + (-clr) * m / u, AdamaxState(t, m, u)


# --------------------------------------------------------------------------------------
# RAdam


class RAdamState(NamedTuple):
    step: int
    exp_avg: Array
    exp_avg_sq: Array


def radam_init(x0, hp) -> RAdamState:
    z = np.zeros_like(x0)
    return RAdamState(0, z, z)


def _radam_rect(rho_t, rho_inf):
    """r = √((ρₜ−4)(ρₜ−2)ρ∞ / ((ρ∞−4)(ρ∞−2)ρₜ)) where ρₜ > 5, else 1 (torch never computes it there)."""
    if np.ndim(rho_t) == 0 and np.ndim(rho_inf) == 0:
        if not rho_t > 5.0:
            return 1.0
        return spow((rho_t - 4) * (rho_t - 2) * rho_inf / ((rho_inf - 4) * (rho_inf - 2) * rho_t), 0.5)
    ratio = (rho_t - 4) * (rho_t - 2) * rho_inf / ((rho_inf - 4) * (rho_inf - 2) * rho_t)
    return spow(np.where(rho_t > 5.0, ratio, 1.0), 0.5)


def radam_update(g, state: RAdamState, x, lr, hp):
    r"""torch.optim.RAdam.

    .. math::
        g &\leftarrow g + \lambda x \quad (\text{or } x \leftarrow x(1-\eta\lambda)
            \text{ if decoupled\_weight\_decay}) \\
        m &\leftarrow \text{lerp}(m, g, 1-\beta_1), \qquad v \leftarrow \beta_2 v + (1-\beta_2)\,g^2 \\
        \hat m &= m / (1-\beta_1^t) \\
        \rho_\infty &= 2/(1-\beta_2) - 1, \qquad
            \rho_t = \rho_\infty - 2t\,\beta_2^t / (1-\beta_2^t) \\
        x &\leftarrow x - \eta\,\hat m \cdot \frac{\sqrt{1-\beta_2^t}}{\sqrt v + \epsilon} \cdot r_t
            \quad (\rho_t > 5), \qquad x \leftarrow x - \eta\,\hat m \quad (\rho_t \le 5) \\
        r_t &= \sqrt{\frac{(\rho_t-4)(\rho_t-2)\,\rho_\infty}{(\rho_\infty-4)(\rho_\infty-2)\,\rho_t}}

    The threshold is torch's: strictly ρₜ > 5 (with the default β₂ = 0.999 the first five
    updates are un-adapted SGD with momentum on m̂). As in torch, √(1−β₂ᵗ)/(√v + ε) is
    evaluated as the reciprocal of the denominator times the root, and the update is
    ((m̂·η)·adaptive)·r.
    """
    beta1, beta2, wd = hp["beta1"], hp["beta2"], hp["weight_decay"]
    t = state.step + 1
    decoupled = hp["decoupled_weight_decay"]
    x = select(decoupled, x * (1.0 - lr * wd), x)
    g = select(decoupled, g, g + wd * x)
    m = lerp(state.exp_avg, g, 1.0 - beta1)
    v = state.exp_avg_sq * beta2 + (1.0 - beta2) * g * g
    bias_correction1 = 1.0 - spow(beta1, t)
    bias_correction2 = 1.0 - spow(beta2, t)
    m_hat = m / bias_correction1
    rho_inf = 2 / (1 - beta2) - 1
    rho_t = rho_inf - 2.0 * t * spow(beta2, t) / bias_correction2
    adaptive = (1.0 / (np.sqrt(v) + hp["eps"])) * spow(bias_correction2, 0.5)
    rectified = m_hat * lr * adaptive * _radam_rect(rho_t, rho_inf)
    step = select(rho_t > 5.0, rectified, m_hat * lr)
    return x - step, RAdamState(t, m, v)


# --------------------------------------------------------------------------------------
# Rprop


class RpropState(NamedTuple):
    step: int
    prev: Array  # the previous gradient, zeroed where its sign flipped
    step_size: Array  # per-coordinate step sizes


def rprop_init(x0, hp) -> RpropState:
    z = np.zeros_like(x0)
    return RpropState(0, z, z)


def rprop_update(g, state: RpropState, x, lr, hp):
    r"""torch.optim.Rprop.

    .. math::
        s &= \operatorname{sign}(g \cdot g_{prev}) \\
        \Delta &\leftarrow \operatorname{clamp}(\Delta \cdot \eta_+,\ \Delta_{min}, \Delta_{max})
            \ (s > 0), \quad \operatorname{clamp}(\Delta \cdot \eta_-, \ldots)\ (s < 0),
            \quad \operatorname{clamp}(\Delta, \ldots)\ (s = 0) \\
        g &\leftarrow 0 \ \text{where } s < 0 \\
        x &\leftarrow x - \operatorname{sign}(g)\,\Delta, \qquad g_{prev} \leftarrow g

    Δ = step_size starts at the lr of the first update (torch initialises it lazily from
    ``group["lr"]``), so a schedule changes nothing afterwards; (η₋, η₊) = etas, (Δ_min,
    Δ_max) = step_sizes. Where the gradient's sign flips the step is skipped and the stored
    gradient is zero, so the next update sees s = 0 and keeps Δ. The sign is that of the
    product g·g_prev (an underflowing product counts as 0), as in torch.
    """
    step_size = state.step_size if state.step else np.zeros_like(x) + lr
    sign = np.sign(g * state.prev)
    # torch writes η₊ where s > 0, η₋ where s < 0 and 1 where s = 0 (NaN stays NaN)
    factor = np.where(sign > 0, hp["etaplus"], np.where(sign < 0, hp["etaminus"], np.where(sign == 0, 1.0, sign)))
    step_size = np.minimum(np.maximum(step_size * factor, hp["step_size_min"]), hp["step_size_max"])
    g = np.where(factor == hp["etaminus"], 0.0, g)
    return x - np.sign(g) * step_size, RpropState(state.step + 1, g, step_size)


# --------------------------------------------------------------------------------------
# ASGD


class ASGDState(NamedTuple):
    step: int
    eta: Array  # (B, 1) step size of the next update
    mu: Array  # (B, 1) averaging weight of the next update
    ax: Array  # (B, 2) the averaged iterate


def asgd_init(x0, hp) -> ASGDState:
    n = x0.shape[0]
    return ASGDState(0, np.zeros((n, 1)), np.ones((n, 1)), np.zeros_like(x0))


def _asgd_eta(lr: float, lambd: float, alpha: float, t: int) -> float:
    """torch's ``lr / ((1 + lambd * lr * step) ** alpha)`` in Python floats.

    Where Python's power is complex (negative base, fractional α) torch stores the real part in
    its float64 ``eta`` (with a warning); where Python raises (0 to a negative power, overflow)
    torch's step fails: we carry on with the IEEE value instead (±inf, or 0 after overflow).
    """
    try:
        value = lr / ((1 + lambd * lr * float(t)) ** alpha)
    except ZeroDivisionError:
        value = math.inf if lr > 0 else math.nan
    except OverflowError:
        value = 0.0
    return value.real if isinstance(value, complex) else value


def asgd_update(g, state: ASGDState, x, lr, hp):
    r"""torch.optim.ASGD (averaged SGD).

    .. math::
        g &\leftarrow g + \lambda_{wd}\, x \\
        x &\leftarrow x\,(1 - \lambda\,\eta_t) - \eta_t\, g \\
        \bar x &\leftarrow \bar x + \mu_t\,(x - \bar x) \quad (\mu_t \ne 1), \qquad
            \bar x \leftarrow x \quad (\mu_t = 1) \\
        \eta_{t+1} &= \frac{\text{lr}}{(1 + \lambda\,\text{lr}\,t)^{\alpha}}, \qquad
        \mu_{t+1} = \frac{1}{\max(1,\ t - t_0)}

    λ = lambd, x̄ = ax (the averaged iterate: draw it as a second path), η₁ = the lr of the
    first update, μ₁ = 1. As in torch, η and μ for update t + 1 are computed at the end of
    update t from that update's lr, so a schedule reaches η one update late; with the default
    t₀ = 1e6, μ stays 1 and ax follows x.
    """
    lambd, alpha, t0 = hp["lambd"], hp["alpha"], hp["t0"]
    n = x.shape[0]
    t = state.step + 1
    eta = state.eta if state.step else np.zeros((n, 1)) + lr
    g = g + hp["weight_decay"] * x
    x = x * (1 - lambd * eta)
    x = x + (-eta) * g
    ax = np.where(state.mu != 1, state.ax + (x - state.ax) * state.mu, x)
    # η in Python floats as torch computes it, once per distinct (lr, λ, α) of the batch
    columns = [np.broadcast_to(np.asarray(v, dtype=np.float64), (n, 1)) for v in (lr, lambd, alpha)]
    triples, inverse = np.unique(np.concatenate(columns, axis=1), axis=0, return_inverse=True)
    etas = np.array([_asgd_eta(a, b, c, t) for a, b, c in triples.tolist()])
    eta_next = etas[inverse.ravel()].reshape(n, 1)
    since = t - np.broadcast_to(np.asarray(t0, dtype=np.float64), (n, 1))
    with np.errstate(divide="ignore"):
        mu_next = np.where(since > 1, 1 / since, 1.0)
    return x, ASGDState(t, eta_next, mu_next, ax)


# --------------------------------------------------------------------------------------
# Adafactor


class AdafactorState(NamedTuple):
    step: int
    variance: Array  # the (non-factored) second moment: our parameters form one vector


def adafactor_init(x0, hp) -> AdafactorState:
    return AdafactorState(0, np.zeros_like(x0))


SQRT2 = 2**0.5  # torch's numel ** 0.5 for our two parameters


def _norm2(v: Array) -> Array:
    """‖v‖₂ of each row, shape (B, 1)."""
    return np.sqrt(v[:, 0:1] * v[:, 0:1] + v[:, 1:2] * v[:, 1:2])


def _py_max(a, b):
    """Python's max(a, b) elementwise: b only where b > a (so NaN never wins)."""
    return np.where(b > a, b, a)


def _py_min(a, b):
    """Python's min(a, b) elementwise: b only where b < a."""
    return np.where(b < a, b, a)


def adafactor_update(g, state: AdafactorState, x, lr, hp):
    r"""torch.optim.Adafactor for a vector parameter (our two coordinates: no factoring).

    .. math::
        \hat\beta_{2,t} &= 1 - t^{\tau}, \qquad \rho_t = \min(\eta,\ 1/\sqrt t) \\
        \alpha_t &= \max(\epsilon_2,\ \text{RMS}(x))\,\rho_t \quad \text{(before weight decay)} \\
        x &\leftarrow x\,(1 - \eta\lambda) \\
        V &\leftarrow \text{lerp}(V,\ g^2,\ t^{\tau}) \\
        U &= g / \sqrt{\max(V, \epsilon_1^2)}, \qquad
            \hat U = U / \max(1,\ \text{RMS}(U)/d) \\
        x &\leftarrow x - \alpha_t\,\hat U

    τ = beta2_decay (≤ 0), (ε₁, ε₂) = eps, V = variance, RMS(v) = ‖v‖₂/√2. The relative step
    ρₜ is torch's: capped by lr (the paper uses 0.01), and lr also scales the decoupled weight
    decay. ε₁ = None (torch's default) means float64's machine epsilon. torch's Python
    ``min``/``max`` are kept: a NaN norm loses to ε₂ and to 1.
    """
    t = float(state.step + 1)
    eps1, eps2, d = hp["eps1"], hp["eps2"], hp["d"]
    one_minus_beta2_t = spow(t, hp["beta2_decay"])
    rho_t = _py_min(lr, 1 / spow(t, 0.5))
    alpha = _py_max(eps2, _norm2(x) / SQRT2) * rho_t
    x = x * (1 - lr * hp["weight_decay"])
    variance = lerp(state.variance, g * g, one_minus_beta2_t)
    update = (1.0 / np.sqrt(np.maximum(variance, eps1 * eps1))) * g
    denom = _py_max(1.0, _norm2(update) / (SQRT2 * d))
    return x + (-alpha / denom) * update, AdafactorState(state.step + 1, variance)


# --------------------------------------------------------------------------------------
# Muon


class MuonState(NamedTuple):
    step: int
    momentum_buffer: Array


def muon_init(x0, hp) -> MuonState:
    return MuonState(0, np.zeros_like(x0))


def bfloat16(a: Array) -> Array:
    """Round float32 values to bfloat16 (nearest, ties to even), kept as float32 values."""
    a = np.asarray(a, dtype=np.float32)
    bits = a.view(np.uint32).astype(np.uint64)
    rounded = (((bits + 0x7FFF + ((bits >> 16) & 1)) >> 16) << 16).astype(np.uint32).view(np.float32)
    return np.where(np.isnan(a), a, rounded)


def newton_schulz_bf16(G: Array, coefficients, ns_steps, eps) -> Array:
    r"""torch.optim.Muon's ``_zeropower_via_newtonschulz`` for each row of G as a 1 × 2 matrix.

    torch runs the iteration in bfloat16: G is cast float64 → float32 → bfloat16, every
    operation is computed in float32 and rounded to bfloat16. For a 1 × 2 matrix X the Gram
    matrix X Xᵀ is the number s = x₁² + x₂², so one step is

    .. math::
        X \leftarrow X / \max(\lVert X \rVert, \epsilon), \qquad
        s = X X^\top, \quad u = b\,s + c\,s^2, \quad X \leftarrow a X + u X

    with (a, b, c) = ns_coefficients, repeated ns_steps times. The result is G's direction
    scaled by a factor: the one singular value of X (1 after the normalisation) follows
    σ ← σ(a + bσ² + cσ⁴), which with torch's coefficients swings between about 0.7 and 1.1
    (≈ 0.70 after the default 5 steps), and the bfloat16 rounding moves it by about 1 %.
    Returned as float64 (every value a bfloat16 number).
    """
    a, b, c = (np.asarray(v, dtype=np.float32) for v in coefficients)
    X = bfloat16(G.astype(np.float32))
    norm = bfloat16(np.sqrt(X[:, 0:1] * X[:, 0:1] + X[:, 1:2] * X[:, 1:2]))
    X = bfloat16(X / bfloat16(np.maximum(norm, np.asarray(eps, dtype=np.float32))))
    steps = np.asarray(ns_steps)
    for k in range(int(steps.max(initial=0))):
        s = bfloat16(X[:, 0:1] * X[:, 0:1] + X[:, 1:2] * X[:, 1:2])
        u = bfloat16(b * s + c * (s * s))
        X_next = bfloat16(a * X + u * X)
        X = X_next if steps.ndim == 0 else np.where(k < steps, X_next, X)
    return X.astype(np.float64)


_MATCH_RMS_ADAMW = 0.2 * math.sqrt(2)  # torch: 0.2·√max(A, B) for a 1 × 2 parameter


def muon_update(g, state: MuonState, x, lr, hp):
    r"""torch.optim.Muon, our two parameters as one 1 × 2 matrix (torch takes 2-D parameters only).

    .. math::
        B &\leftarrow \text{lerp}(B, g, 1-\mu) \\
        \tilde B &= \text{lerp}(g, B, \mu) \ \text{(nesterov)}, \quad B \ \text{(otherwise)} \\
        O &= \mathrm{NS}^{(a,b,c)}_k(\tilde B;\ \epsilon) \quad \text{(in bfloat16, see newton\_schulz\_bf16)} \\
        x &\leftarrow x\,(1 - \eta\lambda) - \eta\,r\,O

    B = momentum_buffer (torch's code keeps an exponential average, where its docstring writes
    μB + g), λ = weight_decay (default 0.1, decoupled), k = ns_steps. r is the lr adjustment of
    a 1 × 2 matrix (A = 1, B = 2): "original" (and None) gives √max(1, A/B) = 1,
    "match_rms_adamw" gives 0.2·√max(A, B) = 0.2·√2. Muon has no ``maximize`` in torch.
    """
    mu = hp["momentum"]
    buf = lerp(state.momentum_buffer, g, 1.0 - mu)
    update = select(hp["nesterov"], lerp(g, buf, mu), buf)
    ortho = newton_schulz_bf16(update, (hp["ns_a"], hp["ns_b"], hp["ns_c"]), hp["ns_steps"], hp["eps"])
    fn = hp["adjust_lr_fn"]
    if isinstance(fn, np.ndarray):
        ratio = np.where(fn == "match_rms_adamw", _MATCH_RMS_ADAMW, 1.0)
    else:
        ratio = _MATCH_RMS_ADAMW if fn == "match_rms_adamw" else 1.0
    adjusted_lr = lr * ratio
    x = x * (1 - lr * hp["weight_decay"])
    return x + (-adjusted_lr) * ortho, MuonState(state.step + 1, buf)


# --------------------------------------------------------------------------------------
# L-BFGS (torch.optim.LBFGS): closure evaluations, one run at a time

_VELTKAMP = 134217729.0  # 2**27 + 1
_FMA_SAFE = (2.0**-450, 2.0**450)


def fma(a: float, b: float, c: float) -> float:
    """a·b + c rounded once, as torch's fused kernels compute ``add_(v, alpha=a)`` on this CPU.

    The product is split exactly into two floats (Veltkamp/Dekker) and ``math.fsum`` rounds the
    three-term sum once. Outside the range where the split is exact, a·b + c (two roundings).
    """
    lo, hi = _FMA_SAFE
    if not (lo < abs(a) < hi and lo < abs(b) < hi and abs(c) < hi):
        return a * b + c
    p = a * b
    t = _VELTKAMP * a
    ah = t - (t - a)
    al = a - ah
    t = _VELTKAMP * b
    bh = t - (t - b)
    bl = b - bh
    e = ((ah * bh - p) + ah * bl + al * bh) + al * bl
    return math.fsum((p, e, c))


def _div(a: float, b: float) -> float:
    """a / b with IEEE semantics (torch divides tensors: no ZeroDivisionError); a Tensor0 b
    divides as torch's tensor does."""
    if b != 0.0:
        return a / b
    if a != a or a == 0.0:
        return math.nan
    return math.copysign(math.inf, a) * math.copysign(1.0, b)


def _dot(u, v) -> float:
    return u[0] * v[0] + u[1] * v[1]


class Tensor0(float):
    """A float standing for a 0-d float64 tensor of torch's L-BFGS line search.

    Arithmetic is a float's, except where torch's result depends on the type: a Python float
    divided by a tensor is computed as the tensor's reciprocal times the float (torch's
    ``Tensor.__rtruediv__``), which can differ from the division in the last bit. The step t
    is a tensor or a float in torch depending on where it came from (the first step from
    1/‖g‖₁, an interpolated point, a bracket end that started as the integer 0), and
    ``3·(f₁ − f₂)/(x₁ − x₂)`` in the cubic interpolation divides by a tensor only when one of
    the t's is one: the type travels with the value, as it does in torch.
    """

    __slots__ = ()

    def __add__(self, other):
        return Tensor0(float(self) + float(other))

    __radd__ = __add__

    def __sub__(self, other):
        return Tensor0(float(self) - float(other))

    def __rsub__(self, other):
        return Tensor0(float(other) - float(self))

    def __mul__(self, other):
        return Tensor0(float(self) * float(other))

    __rmul__ = __mul__

    def __truediv__(self, other):
        return Tensor0(_div(float(self), float(other)))

    def __rtruediv__(self, other):
        return Tensor0(_div(1.0, float(self)) * float(other))

    def __neg__(self):
        return Tensor0(-float(self))

    def __abs__(self):
        return Tensor0(abs(float(self)))


def _axpy(alpha: float, v, u):
    """u + alpha·v, fused per coordinate as torch's add_ with alpha."""
    return (fma(alpha, v[0], u[0]), fma(alpha, v[1], u[1]))


def _absmax(v) -> float:
    """max |vᵢ|, NaN if any is NaN (torch's max propagates NaN)."""
    a, b = abs(v[0]), abs(v[1])
    if a != a or b != b:
        return math.nan
    return b if b > a else a


def _cubic_interpolate(x1, f1, g1, x2, f2, g2, bounds=None):
    """torch.optim.lbfgs._cubic_interpolate (minimiser of the cubic through two points)."""
    if bounds is not None:
        xmin_bound, xmax_bound = bounds
    else:
        xmin_bound, xmax_bound = (x1, x2) if x1 <= x2 else (x2, x1)
    # g1, g2 are tensors (directional derivatives), so d1, d2 and min_pos are too; the division
    # by x1 − x2 is a tensor's reciprocal times 3·(f1 − f2) when x1 or x2 is a tensor
    d1 = g1 + g2 - _div(3 * (f1 - f2), x1 - x2)
    d2_square = d1 * d1 - g1 * g2
    if d2_square >= 0:
        d2 = Tensor0(math.sqrt(d2_square))
        if x1 <= x2:
            min_pos = x2 - (x2 - x1) * _div(g2 + d2 - d1, g2 - g1 + 2 * d2)
        else:
            min_pos = x1 - (x1 - x2) * _div(g1 + d2 - d1, g1 - g2 + 2 * d2)
        return min(max(min_pos, xmin_bound), xmax_bound)
    return (xmin_bound + xmax_bound) / 2.0


def _strong_wolfe(obj_func, t, d, f, g, gtd, c1=1e-4, c2=0.9, tolerance_change=1e-9, max_ls=25):
    """torch.optim.lbfgs._strong_wolfe, line by line: bracket, then zoom by cubic interpolation.

    ``obj_func(t)`` returns (f, ∇f) at x + t·d. Returns (f_new, g_new, t, evaluations).
    """
    d_norm = _absmax(d)
    f_new, g_new = obj_func(t)
    ls_func_evals = 1
    gtd_new = Tensor0(_dot(g_new, d))
    t_prev, f_prev, g_prev, gtd_prev = 0, f, g, gtd
    done = False
    ls_iter = 0
    while ls_iter < max_ls:
        if f_new > (f + c1 * t * gtd) or (ls_iter > 1 and f_new >= f_prev):
            bracket, bracket_f, bracket_g = [t_prev, t], [f_prev, f_new], [g_prev, g_new]
            bracket_gtd = [gtd_prev, gtd_new]
            break
        if abs(gtd_new) <= -c2 * gtd:
            bracket, bracket_f, bracket_g = [t], [f_new], [g_new]
            done = True
            break
        if gtd_new >= 0:
            bracket, bracket_f, bracket_g = [t_prev, t], [f_prev, f_new], [g_prev, g_new]
            bracket_gtd = [gtd_prev, gtd_new]
            break
        min_step = t + 0.01 * (t - t_prev)
        max_step = t * 10
        tmp = t
        t = _cubic_interpolate(t_prev, f_prev, gtd_prev, t, f_new, gtd_new, bounds=(min_step, max_step))
        t_prev, f_prev, g_prev, gtd_prev = tmp, f_new, g_new, gtd_new
        f_new, g_new = obj_func(t)
        ls_func_evals += 1
        gtd_new = Tensor0(_dot(g_new, d))
        ls_iter += 1
    if ls_iter == max_ls:
        bracket, bracket_f, bracket_g = [0, t], [f, f_new], [g, g_new]

    insuf_progress = False
    low_pos, high_pos = (0, 1) if bracket_f[0] <= bracket_f[-1] else (1, 0)
    while not done and ls_iter < max_ls:
        if abs(bracket[1] - bracket[0]) * d_norm < tolerance_change:
            break
        t = _cubic_interpolate(bracket[0], bracket_f[0], bracket_gtd[0], bracket[1], bracket_f[1], bracket_gtd[1])
        # A trial too close to the bracket's ends twice in a row (or outside it) moves to 0.1
        # of the bracket's length from the nearest end.
        eps = 0.1 * (max(bracket) - min(bracket))
        if min(max(bracket) - t, t - min(bracket)) < eps:
            if insuf_progress or t >= max(bracket) or t <= min(bracket):
                t = max(bracket) - eps if abs(t - max(bracket)) < abs(t - min(bracket)) else min(bracket) + eps
                insuf_progress = False
            else:
                insuf_progress = True
        else:
            insuf_progress = False
        f_new, g_new = obj_func(t)
        ls_func_evals += 1
        gtd_new = Tensor0(_dot(g_new, d))
        ls_iter += 1
        if f_new > (f + c1 * t * gtd) or f_new >= bracket_f[low_pos]:
            # Armijo condition not satisfied or not lower than the lowest point
            bracket[high_pos], bracket_f[high_pos] = t, f_new
            bracket_g[high_pos], bracket_gtd[high_pos] = g_new, gtd_new
            low_pos, high_pos = (0, 1) if bracket_f[0] <= bracket_f[1] else (1, 0)
        else:
            if abs(gtd_new) <= -c2 * gtd:
                done = True  # Wolfe conditions satisfied
            elif gtd_new * (bracket[high_pos] - bracket[low_pos]) >= 0:
                # the old high becomes the new low
                bracket[high_pos], bracket_f[high_pos] = bracket[low_pos], bracket_f[low_pos]
                bracket_g[high_pos], bracket_gtd[high_pos] = bracket_g[low_pos], bracket_gtd[low_pos]
            bracket[low_pos], bracket_f[low_pos] = t, f_new
            bracket_g[low_pos], bracket_gtd[low_pos] = g_new, gtd_new
    if len(bracket) == 1:
        # torch's low_pos is 1 here when f_new is NaN (NaN <= NaN is False) and its step fails
        # with an IndexError; the point is returned instead (the run then diverges on its loss)
        low_pos = 0
    return bracket_f[low_pos], bracket_g[low_pos], bracket[low_pos], ls_func_evals


class LBFGSMemory(NamedTuple):
    """torch's L-BFGS state of one run (vectors as (x, y) pairs of Python floats)."""

    func_evals: int = 0
    n_iter: int = 0
    d: tuple | None = None
    t: float | None = None
    old_dirs: tuple = ()
    old_stps: tuple = ()
    ro: tuple = ()
    H_diag: float = 1.0
    prev_flat_grad: tuple | None = None
    prev_loss: float | None = None


class LBFGSState(NamedTuple):
    step: int
    evals: Array  # (B, 1) function evaluations in the last step
    func_evals: Array  # (B, 1) torch's state["func_evals"]: evaluations so far
    n_iter: Array  # (B, 1) torch's state["n_iter"]: inner iterations so far
    probes: Array  # (B, P, 2) points evaluated in the last step, in order (rows past evals repeat the last)
    memory: tuple  # per run: LBFGSMemory (Python objects, not recorded)


def lbfgs_evaluations(hp: Mapping[str, Any]) -> int:
    """The most closure evaluations one torch L-BFGS step can make (scalar hyperparameters)."""
    max_iter, max_eval = hp["max_iter"], hp["max_eval"]
    if max_iter < 1:
        return 1
    if hp["line_search_fn"] == "strong_wolfe":
        return max(max_eval + 1, 2)
    return min(max_iter, max(max_eval, 2))


def _probe_width(hp: Mapping[str, Any], n: int) -> int:
    return max(lbfgs_evaluations({k: row_value(hp[k], j) for k in hp}) for j in range(n))


def lbfgs_trim_state(state: dict[str, Array]) -> dict[str, Array]:
    """Probes of one run cut to its largest number of evaluations in a step (the rest repeats)."""
    out = dict(state)
    if "probes" in out:
        width = max(int(out["evals"].max(initial=1)), 1)
        out["probes"] = out["probes"][:, :width].copy()
    return out


def lbfgs_init(x0, hp) -> LBFGSState:
    n = x0.shape[0]
    zero = np.zeros((n, 1), dtype=np.int64)
    probes = np.zeros((n, _probe_width(hp, n), 2))
    return LBFGSState(0, zero, zero, zero, probes, tuple(LBFGSMemory() for _ in range(n)))


def _lbfgs_step(x, mem: LBFGSMemory, closure, lr, hp):
    """One torch ``LBFGS.step(closure)`` for one run; returns (x, memory, evaluations this step)."""
    max_iter, max_eval = hp["max_iter"], hp["max_eval"]
    tolerance_grad, tolerance_change = hp["tolerance_grad"], hp["tolerance_change"]
    history_size = hp["history_size"]
    loss, flat_grad = closure(x)
    current_evals = 1
    func_evals = mem.func_evals + 1
    if _absmax(flat_grad) <= tolerance_grad:
        return x, mem._replace(func_evals=func_evals), current_evals
    d, t, H_diag = mem.d, mem.t, mem.H_diag
    old_dirs, old_stps, ro = list(mem.old_dirs), list(mem.old_stps), list(mem.ro)
    prev_flat_grad, prev_loss = mem.prev_flat_grad, mem.prev_loss
    state_n_iter = mem.n_iter
    n_iter = 0
    while n_iter < max_iter:
        n_iter += 1
        state_n_iter += 1
        # direction: steepest descent first, then the two-loop recursion over the history
        if state_n_iter == 1:
            d = (-flat_grad[0], -flat_grad[1])
            old_dirs, old_stps, ro = [], [], []
            H_diag = 1.0
        else:
            y = (flat_grad[0] - prev_flat_grad[0], flat_grad[1] - prev_flat_grad[1])
            s = (d[0] * t, d[1] * t)
            ys = _dot(y, s)
            if ys > 1e-10:
                if len(old_dirs) == history_size:
                    old_dirs.pop(0)
                    old_stps.pop(0)
                    ro.pop(0)
                old_dirs.append(y)
                old_stps.append(s)
                ro.append(1.0 / ys)
                H_diag = _div(ys, _dot(y, y))
            num_old = len(old_dirs)
            al = [0.0] * num_old
            q = (-flat_grad[0], -flat_grad[1])
            for i in range(num_old - 1, -1, -1):
                al[i] = _dot(old_stps[i], q) * ro[i]
                q = _axpy(-al[i], old_dirs[i], q)
            r = (q[0] * H_diag, q[1] * H_diag)
            for i in range(num_old):
                be_i = _dot(old_dirs[i], r) * ro[i]
                r = _axpy(al[i] - be_i, old_stps[i], r)
            d = r
        prev_flat_grad, prev_loss = flat_grad, loss
        # step length: min(1, 1/‖g‖₁)·lr at the very first iteration, lr afterwards
        # (1/‖g‖₁ is a tensor: so is t when it is below 1)
        t = min(1.0, Tensor0(_div(1.0, abs(flat_grad[0]) + abs(flat_grad[1])))) * lr if state_n_iter == 1 else lr
        gtd = Tensor0(_dot(flat_grad, d))
        if gtd > -tolerance_change:
            break  # the directional derivative is below tolerance
        ls_func_evals = 0
        if hp["line_search_fn"] == "strong_wolfe":
            x_init = x

            def obj_func(step, x_init=x_init, d=d):
                return closure(_axpy(step, d, x_init))

            loss, flat_grad, t, ls_func_evals = _strong_wolfe(
                obj_func, t, d, loss, flat_grad, gtd, max_ls=max_eval - current_evals
            )
            x = _axpy(t, d, x)
            opt_cond = _absmax(flat_grad) <= tolerance_grad
        else:
            x = _axpy(t, d, x)
            if n_iter != max_iter:
                # re-evaluated except in the last iteration (torch: no use in a stochastic setting)
                loss, flat_grad = closure(x)
                opt_cond = _absmax(flat_grad) <= tolerance_grad
                ls_func_evals = 1
        current_evals += ls_func_evals
        func_evals += ls_func_evals
        if n_iter == max_iter or current_evals >= max_eval or opt_cond:
            break
        if _absmax((d[0] * t, d[1] * t)) <= tolerance_change or abs(loss - prev_loss) < tolerance_change:
            break  # lack of progress
    memory = LBFGSMemory(
        func_evals, state_n_iter, d, t, tuple(old_dirs), tuple(old_stps), tuple(ro), H_diag, prev_flat_grad, prev_loss
    )
    return x, memory, current_evals


def lbfgs_update(g, state: LBFGSState, x, lr, hp, evaluate):
    r"""torch.optim.LBFGS: one ``step(closure)`` per update, one run at a time.

    Each update is a whole torch step: up to max_iter inner iterations, each along the
    two-loop L-BFGS direction

    .. math::
        d = -H g, \qquad H \approx \text{the inverse Hessian from the last history\_size pairs }
            (s_i, y_i) = (t\,d,\ \Delta g) \text{ with } y_i^\top s_i > 10^{-10}, \quad
            H_0 = \frac{y^\top s}{y^\top y}

    with the step t = min(1, 1/‖g‖₁)·lr at the very first iteration and lr afterwards, or the
    strong-Wolfe line search's t (``line_search_fn="strong_wolfe"``, c₁ = 1e-4, c₂ = 0.9).
    A step stops early when max|g| ≤ tolerance_grad, when gᵀd > −tolerance_change, after
    max_eval evaluations (torch's default max_iter·5//4), or when the step or the change of f
    falls below tolerance_change. The history carries over from one update to the next.

    ``evaluate(row, x, y)`` is the closure: f and ∇f at a point for run ``row``. Every call is
    recorded in ``probes`` (the first one is at the update's starting point), and ``evals``
    counts them. torch's data-dependent loops cannot run in lockstep across a batch, so each
    run is stepped on its own in Python floats; torch's fused ``add_(…, alpha=…)`` (x + t·d and
    the two-loop updates) are rounded once, as on the CPU the golden trajectories come from,
    and the line search's float / tensor division is torch's (``Tensor0``). Fed the same f and
    ∇f, torch and this code make the same evaluations; torch's sqrt (MKL) can still move an
    interpolated step by an ulp.
    L-BFGS has no ``maximize`` in torch; the gradient the engine passes (g) is not used: the
    closure's first evaluation is that gradient.
    """
    n = x.shape[0]
    width = state.probes.shape[1]
    x_new = x.copy()
    evals = np.zeros((n, 1), dtype=np.int64)
    func_evals = state.func_evals.copy()
    n_iter = state.n_iter.copy()
    probes = np.empty_like(state.probes)
    memory = list(state.memory)
    for j in range(n):
        row_hp = {k: row_value(v, j) for k, v in hp.items()}
        points: list[tuple[float, float]] = []

        def closure(p, j=j, points=points):
            points.append(p)
            f, gx, gy = evaluate(j, p[0], p[1])
            return f, (gx, gy)

        xj = (float(x[j, 0]), float(x[j, 1]))
        if not (math.isfinite(xj[0]) and math.isfinite(xj[1])):
            points.append(xj)  # a run that has diverged: nothing to evaluate
            evals[j] = 0
        else:
            xj, memory[j], evals[j] = _lbfgs_step(xj, memory[j], closure, float(row_value(lr, j)), row_hp)
        if len(points) > width:
            raise RuntimeError(f"L-BFGS made {len(points)} evaluations in one step (bound {width})")
        x_new[j] = xj
        probes[j, : len(points)] = points
        probes[j, len(points) :] = points[-1]
        func_evals[j] = memory[j].func_evals
        n_iter[j] = memory[j].n_iter
    return x_new, LBFGSState(state.step + 1, evals, func_evals, n_iter, probes, tuple(memory))


# --------------------------------------------------------------------------------------
# Validation of the newer optimizers (torch's words; finite values everywhere)


def _any_value(a):
    return np.ones_like(a, bool)


def _adamax_validate(hp):
    _adam_validate(hp)


def _radam_validate(hp):
    _adam_validate(hp)


def _rprop_validate(hp):
    _check_lr(hp)
    lo, hi = np.broadcast_arrays(_values(hp["etaminus"]), _values(hp["etaplus"]))
    bad = ~(np.isfinite(lo) & np.isfinite(hi) & (lo > 0.0) & (lo < 1.0) & (hi > 1.0))
    if bad.any():
        i = int(np.argmax(bad))
        raise ValueError(f"Invalid eta values: {_show(lo[i])}, {_show(hi[i])}")
    # torch takes any step_sizes (clamp with min > max gives max); only finite ones here
    check(hp["step_size_min"], _any_value, "Invalid step_sizes value")
    check(hp["step_size_max"], _any_value, "Invalid step_sizes value")


def _asgd_validate(hp):
    _check_lr(hp)
    _check_wd(hp)
    for name in ("lambd", "alpha", "t0"):  # unchecked in torch; finite here
        check(hp[name], _any_value, f"Invalid {name} value")


def _adafactor_validate(hp):
    check(hp["lr"], lambda a: a >= 0.0, "Learning rate should be >= 0 but is")
    check(hp["beta2_decay"], lambda a: a <= 0.0, "beta2_decay should be <= 0 but is")
    check(hp["eps1"], lambda a: a >= 0.0, "epsilon1 should be >= 0 but is")
    check(hp["eps2"], lambda a: a >= 0.0, "epsilon2 should be >= 0 but is")
    check(hp["d"], lambda a: a >= 1.0, "Clipping threshold d should be >= 1 but is")
    check(hp["weight_decay"], lambda a: a >= 0.0, "weight_decay should be >= 0 but is")


def _lbfgs_derive(hp):
    if hp["max_eval"] is None:
        hp["max_eval"] = hp["max_iter"] * 5 // 4  # torch's default


def _lbfgs_validate(hp):
    _check_lr(hp)
    check(hp["tolerance_grad"], _any_value, "Invalid tolerance_grad value")
    check(hp["tolerance_change"], _any_value, "Invalid tolerance_change value")
    if hp["line_search_fn"] not in (None, "strong_wolfe"):
        raise ValueError(f"only 'strong_wolfe' is supported: {hp['line_search_fn']!r}")
    # torch fails inside step() for these: an empty history pops from an empty list, and the
    # line search with no evaluation left never builds its bracket
    if hp["history_size"] < 1:
        raise ValueError(f"Invalid history_size value: {hp['history_size']} (must be at least 1)")
    if hp["line_search_fn"] == "strong_wolfe" and hp["max_eval"] < 1:
        raise ValueError(f"Invalid max_eval value: {hp['max_eval']} (strong_wolfe needs at least 1)")


def _muon_validate(hp):
    check(hp["lr"], lambda a: a >= 0.0, "Learning rate should be >= 0 but is")
    check(hp["momentum"], lambda a: a >= 0.0, "momentum should be >= 0 but is")
    check(hp["weight_decay"], lambda a: a >= 0.0, "weight decay should be >= 0 but is")
    fn = hp["adjust_lr_fn"]
    if fn is not None and fn not in ("original", "match_rms_adamw"):
        raise ValueError(f"Adjust learning rate function {fn} is not supported")
    if hp["ns_steps"] >= 100:
        raise ValueError(f"Number of steps must be less than 100 for computational efficiency: {hp['ns_steps']}")
    for name in ("ns_a", "ns_b", "ns_c"):
        check(hp[name], _any_value, "Invalid ns_coefficients value")
    check(hp["eps"], _any_value, "Invalid epsilon value")


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
    derive: Callable[[dict[str, Any]], None] | None = None  # fills torch's derived defaults
    # Closure optimizers (L-BFGS) evaluate f and ∇f where they need them: their update takes an
    # ``evaluate(row, x, y) -> (f, gx, gy)``, ``evaluations(hp)`` bounds the calls per step and
    # their state's ``probes`` (B, P, 2) holds the points evaluated in the last step.
    closure: bool = False
    evaluations: Callable[[Mapping[str, Any]], int] | None = None
    # One run's recorded state as its Trajectory keeps it (L-BFGS: probes as wide as the run
    # needs, so a run gives the same arrays alone or in a batch)
    trim_state: Callable[[dict[str, Array]], dict[str, Array]] | None = None
    # The update treats each coordinate of each run on its own (no per-run norm or other
    # reduction, every state array shaped like x): a per-run hyperparameter or lr may then come
    # in x's (B, 2) shape instead of a (B, 1) column, the same numbers element for element, which
    # NumPy computes several times faster than a (B, 1) column broadcast over 2 coordinates.
    elementwise: bool = False

    @property
    def defaults(self) -> dict[str, Any]:
        return {h.name: h.default for h in self.hparams}

    def hparam(self, name: str) -> HyperParam:
        for h in self.hparams:
            if h.name == name:
                return h
        raise KeyError(name)


_BETAS = HyperParam(
    "betas",
    "betas",
    (0.9, 0.999),
    "coefficients of the running averages of g and g²",
    "β₁, β₂",
    parts=(Part("beta1", 0.0, 0.999, symbol="β₁"), Part("beta2", 0.0, 0.9999, symbol="β₂")),
)
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
            elementwise=True,
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
            elementwise=True,
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
            elementwise=True,
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
            elementwise=True,
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
            elementwise=True,
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
            elementwise=True,
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
            elementwise=True,
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
        Optimizer(
            "adamax",
            "Adamax",
            (_lr(2e-3), _BETAS, _EPS8, _WD, _MAXIMIZE),
            adamax_init,
            adamax_update,
            _adamax_validate,
            "Adamax",
            "Adam with the infinity norm of past gradients in the denominator (torch.optim.Adamax).",
        ),
        Optimizer(
            "radam",
            "RAdam",
            (
                _lr(1e-3),
                _BETAS,
                _EPS8,
                _WD,
                HyperParam("decoupled_weight_decay", "bool", False, "apply weight decay as in AdamW"),
                _MAXIMIZE,
            ),
            radam_init,
            radam_update,
            _radam_validate,
            "RAdam",
            "Adam whose adaptive step is switched on, rectified, once the variance estimate is reliable "
            "(torch.optim.RAdam).",
        ),
        Optimizer(
            "rprop",
            "Rprop",
            (
                _lr(1e-2, 1e-5, 1.0),
                HyperParam(
                    "etas",
                    "tuple",
                    (0.5, 1.2),
                    "step-size factors after a sign change and after a repeated sign",
                    "η₋, η₊",
                    parts=(Part("etaminus", 0.05, 0.95, symbol="η₋"), Part("etaplus", 1.05, 3.0, symbol="η₊")),
                ),
                HyperParam(
                    "step_sizes",
                    "tuple",
                    (1e-6, 50),
                    "smallest and largest allowed step size",
                    "Δmin, Δmax",
                    parts=(
                        Part("step_size_min", 1e-8, 1e-1, log=True, symbol="Δmin"),
                        Part("step_size_max", 1e-2, 100.0, log=True, symbol="Δmax"),
                    ),
                ),
                _MAXIMIZE,
            ),
            rprop_init,
            rprop_update,
            _rprop_validate,
            "Rprop",
            "Per-coordinate steps that grow while the gradient keeps its sign and shrink when it flips; "
            "only the sign of the gradient is used (torch.optim.Rprop).",
        ),
        Optimizer(
            "asgd",
            "ASGD",
            (
                _lr(1e-2),
                HyperParam("lambd", "float", 1e-4, "decay term", "λ", 0.0, 0.1),
                HyperParam("alpha", "float", 0.75, "power of the step-size decay", "α", 0.0, 1.0),
                HyperParam("t0", "float", 1e6, "update at which averaging starts", "t₀", 1.0, 1e6, log=True),
                _WD,
                _MAXIMIZE,
            ),
            asgd_init,
            asgd_update,
            _asgd_validate,
            "ASGD",
            "SGD with decaying steps and a running average of the iterates, the averaged path (torch.optim.ASGD).",
        ),
        Optimizer(
            "adafactor",
            "Adafactor",
            (
                HyperParam(
                    "lr",
                    "float",
                    1e-2,
                    "cap of the relative step size and weight-decay scale",
                    "η",
                    1e-4,
                    1.0,
                    log=True,
                ),
                HyperParam("beta2_decay", "float", -0.8, "decay rate of β₂: 1 − β₂ = t^beta2_decay", "τ", -1.0, 0.0),
                HyperParam(
                    "eps",
                    "tuple",
                    (None, 1e-3),
                    "floor of the second moment (None: machine epsilon) and of the parameter RMS",
                    "ε₁, ε₂",
                    parts=(
                        Part("eps1", 1e-30, 1e-3, log=True, symbol="ε₁", none_as=float(np.finfo(np.float64).eps)),
                        Part("eps2", 1e-8, 1e-1, log=True, symbol="ε₂"),
                    ),
                ),
                HyperParam("d", "float", 1.0, "clipping threshold of the update's RMS", "d", 1.0, 10.0),
                HyperParam("weight_decay", "float", 0.0, "decoupled weight decay (scaled by lr)", "λ", 0.0, 1.0),
                _MAXIMIZE,
            ),
            adafactor_init,
            adafactor_update,
            _adafactor_validate,
            "Adafactor",
            "Steps relative to the size of the parameters, divided by a running RMS of the gradient, "
            "clipped (torch.optim.Adafactor).",
        ),
        Optimizer(
            "lbfgs",
            "L-BFGS",
            (
                _lr(1.0, 1e-3, 10.0),
                HyperParam("max_iter", "int", 20, "inner iterations per step", "", 1, 100),
                HyperParam("max_eval", "int", None, "function evaluations per step (None: max_iter·5//4)", "", 1, 125),
                HyperParam(
                    "tolerance_grad", "float", 1e-7, "stop when max|g| is below this", "", 1e-12, 1e-2, log=True
                ),
                HyperParam(
                    "tolerance_change",
                    "float",
                    1e-9,
                    "stop when the step or the change of f is below this",
                    "",
                    1e-14,
                    1e-3,
                    log=True,
                ),
                HyperParam("history_size", "int", 100, "number of (s, y) pairs kept", "m", 1, 100),
                HyperParam(
                    "line_search_fn",
                    "choice",
                    None,
                    "None (fixed step lr) or strong_wolfe",
                    choices=(None, "strong_wolfe"),
                ),
            ),
            lbfgs_init,
            lbfgs_update,
            _lbfgs_validate,
            "LBFGS",
            "Quasi-Newton steps from the last gradient differences, optionally with a strong-Wolfe line "
            "search; several function evaluations per step (torch.optim.LBFGS).",
            derive=_lbfgs_derive,
            closure=True,
            evaluations=lbfgs_evaluations,
            trim_state=lbfgs_trim_state,
        ),
        Optimizer(
            "muon",
            "Muon",
            (
                _lr(1e-3),
                HyperParam("weight_decay", "float", 0.1, "decoupled weight decay (scaled by lr)", "λ", 0.0, 1.0),
                HyperParam("momentum", "float", 0.95, "momentum factor", "μ", 0.0, 0.999),
                HyperParam("nesterov", "bool", True, "use Nesterov momentum"),
                HyperParam(
                    "ns_coefficients",
                    "tuple",
                    (3.4445, -4.775, 2.0315),
                    "coefficients (a, b, c) of the Newton–Schulz polynomial",
                    "a, b, c",
                    parts=(
                        Part("ns_a", 0.0, 5.0, symbol="a"),
                        Part("ns_b", -6.0, 0.0, symbol="b"),
                        Part("ns_c", 0.0, 3.0, symbol="c"),
                    ),
                    count_message="Coefficients must be a tuple of exactly 3 values",
                ),
                HyperParam(
                    "eps", "float", 1e-7, "floor of the norm the gradient is divided by", "ε", 1e-12, 1e-2, log=True
                ),
                HyperParam("ns_steps", "int", 5, "Newton–Schulz iterations", "k", 0, 10),
                HyperParam(
                    "adjust_lr_fn",
                    "choice",
                    None,
                    "lr adjustment: None/original or match_rms_adamw",
                    choices=(None, "original", "match_rms_adamw"),
                ),
            ),
            muon_init,
            muon_update,
            _muon_validate,
            "Muon",
            "Momentum whose update is orthogonalised by Newton–Schulz iterations in bfloat16; on a 1 × 2 "
            "matrix, a normalised step (torch.optim.Muon).",
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


INT_LIMIT = 2**31  # whole-number hyperparameters stay below this in magnitude


def _as_int(h: HyperParam, value) -> int | None:
    if h.default is None and (value is None or (isinstance(value, str) and value.lower() == "none")):
        return None  # torch derives it (L-BFGS max_eval)
    if isinstance(value, (float, np.floating)) and math.isfinite(value) and float(value).is_integer():
        value = int(value)
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)):
        raise ValueError(f"Invalid {h.name} value: {value!r} (expected a whole number)")
    if abs(value) >= INT_LIMIT:
        raise ValueError(f"Invalid {h.name} value: {value} (too large)")
    return int(value)


def _as_choice(h: HyperParam, value) -> Any:
    """A choice as given; the text "none" stands for None where torch allows None. Whether the
    value is one of ``h.choices`` is the optimizer's check (in torch's words)."""
    if isinstance(value, str) and value.lower() == "none" and None in h.choices:
        return None
    return value


def _as_parts(h: HyperParam, value) -> dict[str, Any]:
    """A tuple hyperparameter split into one number per part: betas → beta1, beta2."""
    n = len(h.parts)
    if isinstance(value, str) or not hasattr(value, "__len__") or len(value) != n:
        if h.count_message:
            raise ValueError(f"{h.count_message}: {value!r}")
        example = ",".join(f"{v:g}" if v is not None else "none" for v in h.default)
        words = {2: "two", 3: "three"}.get(n, str(n))
        raise ValueError(f"Invalid {h.name} value: {value!r} (expected {words} numbers, e.g. {example})")
    out = {}
    for part, v in zip(h.parts, value):
        if part.none_as is not None and (v is None or (isinstance(v, str) and v.lower() == "none")):
            v = part.none_as
        out[part.name] = _as_float(part.name, v)
    return out


def resolve_hparams(name: str, given: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """torch's defaults filled in, types checked, values validated in torch's words.

    Tuple hyperparameters are split into their parts (``betas`` into ``beta1`` and ``beta2``).
    Numbers may be scalars or 1-D arrays (one per run of a batch). Unknown names raise ValueError.
    """
    opt = get_optimizer(name)
    given = dict(given or {})
    known = {h.name for h in opt.hparams}
    unknown = sorted(set(given) - known)
    if unknown:
        raise ValueError(f"Unknown hyperparameter for {name}: {unknown[0]!r} (allowed: {', '.join(sorted(known))})")
    hp: dict[str, Any] = {}
    for h in opt.hparams:
        value = given.get(h.name, h.default)
        if h.kind == "bool":
            hp[h.name] = _as_bool(h.name, value)
        elif h.parts:
            hp.update(_as_parts(h, value))
        elif h.kind == "int":
            hp[h.name] = _as_int(h, value)
        elif h.kind == "choice":
            hp[h.name] = _as_choice(h, value)
        else:
            hp[h.name] = _as_float(h.name, value)
    if opt.derive is not None:
        opt.derive(hp)
    opt.validate(hp)
    return hp


def public_hparams(name: str, hp: Mapping[str, Any]) -> dict[str, Any]:
    """Resolved hyperparameters under torch's names: parts joined back into their tuple."""
    out = dict(hp)
    for h in get_optimizer(name).hparams:
        if h.parts:
            out[h.name] = tuple(out.pop(p) for p in h.part_names)
    return {h.name: out[h.name] for h in get_optimizer(name).hparams}


def hparams_for_batch(hp: Mapping[str, Any], batch: int) -> dict[str, Any]:
    """Resolved hyperparameters for a batch of B runs.

    A value shared by every run stays a Python scalar (float, int, bool, str or None), which is
    what torch computes with; values that differ become arrays of shape (B, 1) (float64, int64,
    bool, or object for choices).
    """
    out: dict[str, Any] = {}
    for k, v in hp.items():
        arr = np.asarray(v)
        if arr.dtype == object or arr.dtype.kind in "US":
            arr = np.broadcast_to(arr.astype(object).reshape(-1), (batch,))
            same = all(a == arr[0] for a in arr)
            out[k] = arr[0] if same else arr.reshape(-1, 1).copy()
            continue
        dtype = bool if arr.dtype == bool else np.int64 if arr.dtype.kind in "iu" else np.float64
        arr = np.broadcast_to(arr.astype(dtype).reshape(-1), (batch,))
        if np.all(arr == arr[0]):
            out[k] = bool(arr[0]) if dtype is bool else int(arr[0]) if dtype is np.int64 else float(arr[0])
        else:
            out[k] = arr.reshape(-1, 1).copy()
    return out


def per_coordinate(value, width: int):
    """A batched hyperparameter (see ``hparams_for_batch``) repeated over the ``width`` coordinates of
    each run: a (B, 1) column becomes a contiguous (B, width) array of the same numbers, for an
    ``Optimizer.elementwise`` update; a value shared by every run stays as it is."""
    if isinstance(value, np.ndarray) and value.ndim == 2 and value.shape[1] == 1 and value.dtype != object:
        return np.repeat(value, width, axis=1)
    return value


def row_value(value, row: int) -> Any:
    """One run's value of a batched hyperparameter (see ``hparams_for_batch``) as a Python scalar."""
    if isinstance(value, np.ndarray):
        v = value[row, 0]
        return v.item() if isinstance(v, np.generic) else v
    return value


def state_fields(state: tuple) -> dict[str, Array]:
    """The per-run arrays of a state NamedTuple: every array field (not the step counter, nor
    bookkeeping kept as Python objects such as L-BFGS's history)."""
    return {k: v for k, v in state._asdict().items() if isinstance(v, np.ndarray)}
