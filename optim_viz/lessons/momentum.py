r"""Momentum on a ravine: the three runs of the momentum page, the three ways to write momentum,
and Nesterov's look-ahead at one step.

Nesterov's classic form v = μ·v − η·∇f(θ + μ·v), θ = θ + v, is PyTorch's ``nesterov=True`` after the
change of variable x = θ + μ·v (``classic_nesterov``).

The three momentum conventions (see ``core.optimizers``)
-------------------------------------------------------
* CS231n:  v = μ·v − η·g;  x = x + v            (v₀ = 0)
* torch:   buf = μ·buf + g;  x = x − η·buf       (buf₁ = g₁)
* EWMA:    v = β·v + (1 − β)·g;  x = x − η·v     (v₀ = 0)
With a constant η, CS231n is torch with v = −η·buf, and EWMA is torch with v = (1 − β)·buf, so
EWMA with η/(1 − β) takes exactly torch's steps (EWMA with the same η takes steps 1 − β as long).
The rates and stability bounds of the three runs are in ``core.theory``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..core.engine import DIVERGENCE_LIMIT, RunSpec, Simulation, Trajectory, simulate
from ..core.surfaces import Surface

Array = np.ndarray

# --------------------------------------------------------------------------------------
# The momentum page's runs


MOMENTUM_METHODS = ("sgd", "heavy_ball", "nesterov")


@dataclass(frozen=True)
class MomentumConfig:
    """Everything the momentum page computes from. Hashable (keys the caches)."""

    surface: str = "ravine"
    surface_params: tuple[tuple[str, Any], ...] = (("angle_deg", 0.0), ("kappa", 100.0))
    expr: str = ""  # the formula when surface == "custom"
    start: tuple[float, float] = (-4.5, 1.5)
    steps: int = 150
    sgd_lr: float = 0.019
    momentum_lr: float = 0.01
    momentum: float = 0.9


def momentum_specs(cfg: MomentumConfig) -> list[RunSpec]:
    """Plain SGD, heavy ball and Nesterov (torch's SGD), in MOMENTUM_METHODS order."""
    lr, mu = cfg.momentum_lr, cfg.momentum
    return [
        RunSpec.make("sgd", {"lr": cfg.sgd_lr}),
        RunSpec.make("sgd", {"lr": lr, "momentum": mu}),
        RunSpec.make("sgd", {"lr": lr, "momentum": mu, "nesterov": mu > 0}),
    ]


def momentum_simulation(surface: Surface, cfg: MomentumConfig) -> Simulation:
    """The page's three runs, with their state (the look-ahead needs Nesterov's buffer)."""
    return Simulation(surface, tuple(momentum_specs(cfg)), cfg.start, cfg.steps, record_state=True)


# --------------------------------------------------------------------------------------
# The momentum conventions


@dataclass(frozen=True)
class CS231nRun:
    """A run of the CS231n rule: path (n+1, 2), velocity after each update (n, 2), divergence step."""

    path: Array
    velocity: Array
    diverged_at: int | None


def cs231n_momentum(surface: Surface, start: Sequence[float], steps: int, lr: float, mu: float) -> CS231nRun:
    """The course notes' rule, verbatim: ``v = mu*v - lr*dx; x += v`` with v₀ = 0.

    Not a torch optimizer, so it lives here and not in the engine; it stops where the engine
    would (a non-finite point or loss, or |x| or |y| > DIVERGENCE_LIMIT).
    """
    return CS231nRun(*velocity_rule(surface, start, steps, lr, mu, look_ahead=False))


def velocity_rule(surface: Surface, start: Sequence[float], steps: int, lr: float, mu: float,
                  look_ahead: bool) -> tuple[Array, Array, int | None]:  # fmt: skip
    """``v = μ·v − η·∇f(p); θ = θ + v`` from v₀ = 0, with p = θ (CS231n's momentum) or p = θ + μ·v (the
    classic Nesterov form): the path θ (n+1, 2), the velocity after each update (n, 2) and the step at
    which it diverged (None)."""
    theta = np.array(start, dtype=np.float64)
    v = np.zeros(2)
    path, vel = [theta.copy()], []
    diverged = None
    with np.errstate(all="ignore"):
        for k in range(1, steps + 1):
            p = theta + mu * v if look_ahead else theta
            g = np.array(surface.grad(p[0], p[1]), dtype=np.float64)
            v = mu * v - lr * g
            theta = theta + v
            f = surface.value(theta[0], theta[1])
            if not (np.all(np.abs(theta) <= DIVERGENCE_LIMIT) and np.isfinite(f)):
                diverged = k
                break
            path.append(theta.copy())
            vel.append(v.copy())
    return np.array(path), np.array(vel).reshape(-1, 2), diverged


def max_gap(a: Array, b: Array) -> float:
    """Largest distance between two paths step by step; inf if one stops (diverges) before the other."""
    if len(a) != len(b):
        return math.inf
    return float(np.max(np.hypot(*(np.asarray(a) - np.asarray(b)).T)))


def coincide(a: Array, b: Array, scale: float) -> bool:
    """Same path up to round-off (1e-9 of the window's size)."""
    return max_gap(a, b) <= 1e-9 * scale


def ewma_lr(lr: float, beta: float, rescaled: bool) -> float:
    """The EWMA's lr: η/(1 − β) to take torch's steps, or η itself (steps 1 − β as long)."""
    return lr / (1.0 - beta) if rescaled else lr


def conventions(surface: Surface, cfg: MomentumConfig, rescaled: bool) -> tuple[CS231nRun, Trajectory, Trajectory]:
    """(CS231n run, torch heavy ball, EWMA) at the momentum settings of ``cfg``."""
    lr, beta = cfg.momentum_lr, cfg.momentum
    cs = cs231n_momentum(surface, cfg.start, cfg.steps, lr, beta)
    specs = [
        RunSpec.make("sgd", {"lr": lr, "momentum": beta}),
        RunSpec.make("ewma_momentum", {"lr": ewma_lr(lr, beta, rescaled), "beta": beta}),
    ]
    torch_run, ewma_run = simulate(surface, specs, cfg.start, cfg.steps).runs
    return cs, torch_run, ewma_run


# --------------------------------------------------------------------------------------
# Nesterov: the classic form and PyTorch's


@dataclass(frozen=True)
class ClassicNesterovRun:
    """A run of the classic form (Sutskever et al.): θ (n+1, 2), v after each update (n, 2), divergence step."""

    path: Array
    velocity: Array
    mu: float
    diverged_at: int | None

    @property
    def lookahead(self) -> Array:
        """θₖ + μ·vₖ for k = 0…n (v₀ = 0): the points where the classic form takes its gradients."""
        v = np.vstack([np.zeros((1, 2)), self.velocity])
        return self.path + self.mu * v


def classic_nesterov(surface: Surface, start: Sequence[float], steps: int, lr: float, mu: float) -> ClassicNesterovRun:
    """``v = μ·v − η·∇f(θ + μ·v); θ = θ + v`` with v₀ = 0, verbatim.

    PyTorch's ``nesterov=True`` keeps the look-ahead point itself as the parameters: with the change of
    variable x = θ + μ·v and buf = −v/η its update x ← x − η·(g + μ·buf), buf ← μ·buf + g is this one, so
    PyTorch's path is ``lookahead``. Stops where the engine would.
    """
    path, velocity, diverged = velocity_rule(surface, start, steps, lr, mu, look_ahead=True)
    return ClassicNesterovRun(path, velocity, float(mu), diverged)


# --------------------------------------------------------------------------------------
# Nesterov's look-ahead at one step


@dataclass(frozen=True)
class LookAhead:
    """Update k of Nesterov momentum drawn the classic way (Sutskever et al.), from engine state.

    torch stores the look-ahead point: its iterate xₖ₋₁ is θₖ₋₁ + μ·vₖ₋₁, where θ is the classic
    iterate and v = −η·buf the velocity. So θₖ₋₁ = xₖ₋₁ + η·μ·bufₖ₋₁, the momentum jump μ·v lands
    on xₖ₋₁, and the gradient the engine took there is ∇f at the look-ahead point.
    """

    step: int
    position: Array  # θₖ₋₁
    velocity: Array  # vₖ₋₁ = −η·bufₖ₋₁
    lookahead: Array  # θₖ₋₁ + μ·vₖ₋₁  (= torch's xₖ₋₁)
    momentum_jump: Array  # μ·vₖ₋₁
    lookahead_gradient: Array  # ∇f(look-ahead)
    correction: Array  # −η·∇f(look-ahead)
    nesterov_step: Array  # μ·v − η·∇f(look-ahead)
    heavy_ball_gradient: Array  # ∇f(θₖ₋₁)
    heavy_ball_correction: Array  # −η·∇f(θₖ₋₁)
    heavy_ball_step: Array  # μ·v − η·∇f(θₖ₋₁)

    @property
    def nesterov_end(self) -> Array:
        return self.position + self.nesterov_step

    @property
    def heavy_ball_end(self) -> Array:
        return self.position + self.heavy_ball_step


def nesterov_lookahead(surface: Surface, run: Trajectory, k: int) -> LookAhead:
    """The look-ahead geometry of update k (1 ≤ k ≤ steps taken) of an engine run of SGD with
    ``nesterov=True`` recorded with ``record_state=True`` (constant lr, no dampening or decay)."""
    hp = run.hparams
    if run.spec.optimizer != "sgd" or not hp.get("nesterov"):
        raise ValueError("The look-ahead needs a run of SGD with nesterov=True")
    n = len(run.path) - 1
    if not 1 <= k <= n:
        raise ValueError(f"Invalid step: {k} (this run has steps 1…{n})")
    if "momentum_buffer" not in run.state:
        raise ValueError("The look-ahead needs the run's state: simulate with record_state=True")
    lr, mu = float(run.lr[k - 1]), float(hp["momentum"])
    buf = run.state["momentum_buffer"][k - 2] if k >= 2 else np.zeros(2)
    x = run.path[k - 1]
    v = -lr * buf
    theta = x - mu * v
    g_look = run.grad[k - 1]
    g_here = np.array(surface.grad(theta[0], theta[1]), dtype=np.float64)
    jump = mu * v
    return LookAhead(
        step=k,
        position=theta,
        velocity=v,
        lookahead=theta + jump,
        momentum_jump=jump,
        lookahead_gradient=g_look,
        correction=-lr * g_look,
        nesterov_step=jump - lr * g_look,
        heavy_ball_gradient=g_here,
        heavy_ball_correction=-lr * g_here,
        heavy_ball_step=jump - lr * g_here,
    )
