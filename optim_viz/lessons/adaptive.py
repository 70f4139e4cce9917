r"""Adaptive step sizes: SGD, Adagrad, RMSprop, Adadelta and Adam in the same ravine (aligned with
the axes, or rotated), what each accumulates, and the step size each coordinate really gets.

One story in four steps (torch's update rules, ``core.optimizers``):

* Adagrad keeps ``sum ← sum + g²`` per coordinate and steps ``η·g/(√sum + ε)``: a steep coordinate
  gets a small step, a flat one a large step. The sum only grows, so every step shrinks for ever.
* RMSprop keeps a moving average ``v ← α·v + (1 − α)·g²`` instead: it forgets, and its steps settle
  at a steady size.
* Adadelta also drops the global rate: its step is ``√(u + ε)/√(v + ε)·g``, with ``u`` the moving
  average of its own squared steps (torch still multiplies by ``lr``, default 1).
* Adam is RMSprop's ``v`` plus momentum's ``m ← β₁·m + (1 − β₁)·g``, both divided by their
  start-up bias: ``m̂ = m/(1 − β₁ᵗ)``, ``v̂ = v/(1 − β₂ᵗ)``, step ``η·m̂/(√v̂ + ε)``.

**The effective step size** of coordinate i at update t is the number torch multiplies that
coordinate's gradient (Adam: its first moment) by, exactly as torch applies it, so that the update
is ``Δᵢ = −η_eff,ᵢ · gᵢ`` (Adam: ``−η_eff,ᵢ · mᵢ``):

* SGD: ``η``
* Adagrad: ``η/(1 + (t − 1)·lr_decay) / (√sumᵢ + ε)``, with the sum after adding ``gᵢ²``
* RMSprop: ``η / (√vᵢ + ε)``, with v after this update's ``g²``
* Adadelta: ``η·√(u_{t−1,i} + ε) / √(vᵢ + ε)``: the ratio of the old update average to the new
  gradient average
* Adam: ``η/(1 − β₁ᵗ) / (√vᵢ/√(1 − β₂ᵗ) + ε)``, torch's factored form of ``η/(√v̂ᵢ + ε)`` applied to
  ``m̂ᵢ`` (without bias correction: ``η/(√vᵢ + ε)`` applied to ``mᵢ``)

Per-coordinate scaling helps when the steep and the flat directions are the coordinate axes. In a
ravine rotated by 45° each coordinate sees the same mix of steep and flat, both get the same
scale, and the advantage is gone, while SGD (which never looks at coordinates) walks the same
path turned by 45°.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..core.engine import RunSpec, Simulation, Trajectory, simulate
from ..core.optimizers import spow
from ..core.surfaces import Surface, make_surface

Array = np.ndarray

METHODS = ("sgd", "adagrad", "rmsprop", "adadelta", "adam")
TITLES = {"sgd": "SGD", "adagrad": "Adagrad", "rmsprop": "RMSprop", "adadelta": "Adadelta", "adam": "Adam"}
# What each optimizer accumulates, in the order the notes introduce them (torch's state names)
ACCUMULATORS = {
    "sgd": (),
    "adagrad": ("sum",),
    "rmsprop": ("square_avg",),
    "adadelta": ("square_avg", "acc_delta"),
    "adam": ("exp_avg", "exp_avg_sq"),
}
ROTATED = 45.0  # degrees: the ravine whose axes are no coordinate axis


@dataclass(frozen=True)
class AdaptiveConfig:
    """Everything the adaptive page computes from. Hashable (keys the caches)."""

    kappa: float = 50.0
    angle: float = 0.0
    steps: int = 200
    methods: tuple[str, ...] = METHODS
    lrs: tuple[tuple[str, float], ...] = (("sgd", 0.035), ("adagrad", 0.5), ("rmsprop", 0.05),
                                          ("adadelta", 1.0), ("adam", 0.1))  # fmt: skip
    alpha: float = 0.99
    rho: float = 0.9
    beta1: float = 0.9
    beta2: float = 0.999

    @property
    def lr(self) -> dict[str, float]:
        return dict(self.lrs)

    def hparams(self, method: str) -> dict[str, Any]:
        """The run's torch hyperparameters (every other one at torch's default)."""
        hp: dict[str, Any] = {"lr": self.lr[method]}
        if method == "rmsprop":
            hp["alpha"] = self.alpha
        elif method == "adadelta":
            hp["rho"] = self.rho
        elif method == "adam":
            hp["betas"] = (self.beta1, self.beta2)
        return hp


def adaptive_simulation(surface: Surface, cfg: AdaptiveConfig) -> Simulation:
    """The chosen methods from the ravine's start, with their state recorded at every step."""
    runs = tuple(RunSpec.make(m, cfg.hparams(m)) for m in cfg.methods)
    return Simulation(surface, runs, surface.start, cfg.steps, record_state=True)


# --------------------------------------------------------------------------------------
# Effective step sizes


@dataclass(frozen=True)
class StepSizes:
    """One run's effective step size per coordinate after each update (n, 2), the vector it
    multiplies (``applied_to``: the gradient g, or Adam's first moment m; ``multiplies`` names it),
    and the run's accumulators by torch's state names, each (n, 2)."""

    method: str
    effective: Array
    multiplies: str
    applied_to: Array
    accumulators: Mapping[str, Array]

    def predicted_updates(self) -> Array:
        """−η_eff·(g or m) for every update: the steps the run took, up to rounding."""
        return -self.effective * self.applied_to


def step_sizes(run: Trajectory) -> StepSizes:
    """The effective step size of each coordinate at each update, exactly as torch applies it.

    Needs a run recorded with ``record_state=True`` and the settings this page uses (no weight
    decay, no momentum in RMSprop, no centering, no AMSGrad, not maximizing); ValueError otherwise.
    """
    method, hp = run.spec.optimizer, run.hparams
    if method not in METHODS:
        raise ValueError(f"No effective step size for {method}")
    plain = {"weight_decay": 0.0, "momentum": 0.0, "centered": False, "amsgrad": False, "maximize": False,
             "lr_decay": 0.0, "initial_accumulator_value": 0.0}  # fmt: skip
    if method != "sgd":
        for k, v in plain.items():
            if k in hp and hp[k] != v:
                raise ValueError(f"The effective step size here assumes {k}={v}, not {hp[k]}")
    elif hp.get("momentum", 0.0) or hp.get("weight_decay", 0.0):
        raise ValueError("The effective step size of SGD here assumes no momentum and no weight decay")
    n = len(run.path) - 1
    lr = run.lr[:, None]  # (n, 1): the lr of each update
    state = run.state
    if n and any(name not in state for name in ACCUMULATORS[method]):
        raise ValueError("The effective step size needs the run's state: simulate with record_state=True")
    acc = {name: state[name] for name in ACCUMULATORS[method]}
    g = run.grad
    if method == "sgd":
        eff, factor, what = np.broadcast_to(lr, (n, 2)).copy(), g, "g"
    elif method == "adagrad":
        eff, factor, what = lr / (np.sqrt(state["sum"]) + hp["eps"]), g, "g"
    elif method == "rmsprop":
        eff, factor, what = lr / (np.sqrt(state["square_avg"]) + hp["eps"]), g, "g"
    elif method == "adadelta":
        u_before = np.vstack([np.zeros((1, 2)), state["acc_delta"][:-1]]) if n else np.zeros((0, 2))
        eff = lr * (np.sqrt(u_before + hp["eps"]) / np.sqrt(state["square_avg"] + hp["eps"]))
        factor, what = g, "g"
    else:
        beta1, beta2 = hp["betas"]
        t = np.arange(1, n + 1, dtype=np.float64)[:, None]
        if hp.get("bias_correction", True):
            bc1 = 1.0 - spow(beta1, t)
            bc2_sqrt = spow(1.0 - spow(beta2, t), 0.5)
            eff = (lr / bc1) / (np.sqrt(state["exp_avg_sq"]) / bc2_sqrt + hp["eps"])
        else:
            eff = lr / (np.sqrt(state["exp_avg_sq"]) + hp["eps"])
        factor, what = state["exp_avg"], "m"
    return StepSizes(method, eff, what, factor, acc)


def shrink(eff: Array, first: int = 10) -> Array:
    """Per coordinate: the effective step at the last update divided by the mean of the first
    ``first`` updates (1: steady; ≪ 1: shrinking)."""
    if len(eff) == 0:
        return np.full(2, np.nan)
    return eff[-1] / eff[: min(first, len(eff))].mean(axis=0)


# --------------------------------------------------------------------------------------
# Adam's bias correction


@dataclass(frozen=True)
class BiasFactors:
    """For t = 1…T: 1/(1 − β₁ᵗ), 1/(1 − β₂ᵗ), and how many times longer the uncorrected step is than the
    corrected one for the same m and v (ε aside): (1 − β₁ᵗ)/√(1 − β₂ᵗ)."""

    t: Array
    first: Array
    second: Array
    ratio: Array

    @property
    def peak(self) -> tuple[int, float]:
        """(t, ratio) where the uncorrected step is longest relative to the corrected one."""
        i = int(np.argmax(self.ratio))
        return int(self.t[i]), float(self.ratio[i])


def bias_factors(beta1: float, beta2: float, T: int) -> BiasFactors:
    if not (0 <= beta1 < 1 and 0 <= beta2 < 1):
        raise ValueError(f"Invalid betas: {beta1}, {beta2} (each must be in [0, 1))")
    t = np.arange(1, int(T) + 1, dtype=np.float64)
    bc1 = 1.0 - spow(beta1, t)
    bc2 = 1.0 - spow(beta2, t)
    return BiasFactors(t, 1.0 / bc1, 1.0 / bc2, bc1 / np.sqrt(bc2))


def bias_pair_simulation(surface: Surface, cfg: AdaptiveConfig, steps: int) -> Simulation:
    """Adam with torch's bias correction and the notes' Adam without it, same lr and betas."""
    hp = cfg.hparams("adam")
    runs = (RunSpec.make("adam", hp), RunSpec.make("adam", hp | {"bias_correction": False}))
    return Simulation(surface, runs, surface.start, int(steps), record_state=True)


def step_lengths(path: Array) -> Array:
    """‖xₖ − xₖ₋₁‖ for every update."""
    d = np.diff(np.asarray(path, dtype=np.float64), axis=0)
    return np.hypot(d[:, 0], d[:, 1])


# --------------------------------------------------------------------------------------
# Aligned against rotated


@dataclass(frozen=True)
class Comparison:
    """Final distance to the minimum of each method on the ravine at angle 0 and at ROTATED degrees."""

    methods: tuple[str, ...]
    aligned: tuple[float, ...]
    rotated: tuple[float, ...]
    diverged: tuple[tuple[bool, bool], ...]


def compare_rotation(cfg: AdaptiveConfig) -> Comparison:
    """The page's runs (same settings, same start in the valley's own axes) on the ravine at angle 0 and
    at ROTATED degrees."""
    results = []
    for angle in (0.0, ROTATED):
        surface = make_surface("ravine", {"kappa": cfg.kappa, "angle_deg": angle})
        runs = tuple(RunSpec.make(m, cfg.hparams(m)) for m in cfg.methods)
        results.append(simulate(surface, runs, surface.start, cfg.steps))
    aligned, rotated = results
    dist = [tuple(float(r.metrics.final_distance) for r in res.runs) for res in results]
    div = tuple((a.diverged_at is not None, b.diverged_at is not None) for a, b in zip(aligned.runs, rotated.runs))
    return Comparison(tuple(cfg.methods), dist[0], dist[1], div)
