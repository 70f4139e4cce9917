"""The step inspector's math: what one update k did, as numbers and as the vectors the arrows draw.

Update k starts at xₖ₋₁ with the gradient gₖ the optimizer was given (noise included, weight
decay not) and the learning rate ηₖ. Its displacement splits into the plain gradient step −ηₖ·gₖ
and the rest, Δₖ − (−ηₖ·gₖ): for SGD with momentum that rest is exactly −η·μ·buf_{k−1}, the
momentum's contribution; for adaptive methods it is the effect of the per-coordinate scaling.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .engine import BatchResult, Trajectory


def relevant_state(optimizer: str, hparams: Mapping[str, Any]) -> list[str]:
    """State fields that take part in the update for these settings (torch keeps no unused buffers)."""
    hp = hparams
    if optimizer == "sgd":
        return ["momentum_buffer"] if hp.get("momentum", 0) > 0 else []
    if optimizer == "ewma_momentum":
        return ["velocity"]
    if optimizer == "adagrad":
        return ["sum"]
    if optimizer == "rmsprop":
        out = ["square_avg"]
        if hp.get("centered"):
            out.append("grad_avg")
        if hp.get("momentum", 0) > 0:
            out.append("momentum_buffer")
        return out
    if optimizer == "adadelta":
        return ["square_avg", "acc_delta"]
    if optimizer in ("adam", "adamw"):
        return ["exp_avg", "exp_avg_sq"] + (["max_exp_avg_sq"] if hp.get("amsgrad") else [])
    if optimizer == "nadam":
        return ["exp_avg", "exp_avg_sq", "mu_product"]
    return list(_STATE.get(optimizer, ()))


_STATE = {
    "adamax": ("exp_avg", "exp_inf"),
    "radam": ("exp_avg", "exp_avg_sq"),
    "rprop": ("prev", "step_size"),
    "asgd": ("eta", "mu", "ax"),
    "adafactor": ("variance",),
    "muon": ("momentum_buffer",),
    "lbfgs": ("evals", "n_iter"),
}


# Optimizers whose step is lr × a running combination of gradients: their update splits exactly
# into the gradient step −η·g and a momentum part. Adaptive ones rescale each coordinate, so
# −η·g is not a part of their step (it can be 100× longer); for them the red arrow shows only the
# direction of −∇f, drawn as long as the update.
LINEAR_IN_GRADIENTS = {"sgd", "ewma_momentum"}


@dataclass(frozen=True)
class StepDetail:
    """Update k of one run."""

    run: int
    label: str
    step: int
    position: np.ndarray  # xₖ₋₁
    gradient: np.ndarray  # gₖ
    lr: float  # ηₖ
    gradient_step: np.ndarray  # −ηₖ·gₖ
    update: np.ndarray  # Δₖ = xₖ − xₖ₋₁
    new_position: np.ndarray  # xₖ
    loss_before: float
    loss_after: float
    state: dict[str, np.ndarray] = field(default_factory=dict)  # after update k
    adaptive: bool = False  # per-coordinate scaling (see LINEAR_IN_GRADIENTS)

    @property
    def rest(self) -> np.ndarray:
        """Δₖ − (−ηₖ·gₖ): momentum, scaling and weight decay together."""
        return self.update - self.gradient_step

    @property
    def gradient_arrow(self) -> np.ndarray:
        """The red arrow: −η·g, or for adaptive methods the −∇f direction at the update's length."""
        if not self.adaptive:
            return self.gradient_step
        n = float(np.hypot(*self.gradient_step))
        return self.gradient_step * (float(np.hypot(*self.update)) / n) if n > 0 else self.gradient_step


def step_detail(index: int, t: Trajectory, k: int) -> StepDetail | None:
    """Update k (1-based) of a run, or None if the run stopped (diverged) before it."""
    if not 1 <= k <= len(t.path) - 1:
        return None
    a, b = t.path[k - 1], t.path[k]
    g = t.grad[k - 1]
    lr = float(t.lr[k - 1])
    sign = 1.0 if t.hparams.get("maximize") else -1.0  # torch's maximize: the optimizer sees −g
    state = {name: t.state[name][k - 1] for name in relevant_state(t.spec.optimizer, t.hparams) if name in t.state}
    return StepDetail(
        run=index,
        label=t.label,
        step=k,
        position=a,
        gradient=g,
        lr=lr,
        gradient_step=sign * lr * g,
        update=b - a,
        new_position=b,
        loss_before=float(t.loss[k - 1]),
        loss_after=float(t.loss[k]),
        state=state,
        adaptive=t.spec.optimizer not in LINEAR_IN_GRADIENTS,
    )


def step_details(result: BatchResult, k: int) -> list[StepDetail | None]:
    return [step_detail(i, t, k) for i, t in enumerate(result.runs)]


def evaluations(run: Trajectory) -> np.ndarray:
    """Function-and-gradient evaluations used up to each point of the path (0 at the start): one
    per update, except for L-BFGS, which evaluates several times per step (its own count, recorded
    when the run was simulated with ``record_state=True``)."""
    if "evals" in run.state:
        return np.concatenate([[0], np.cumsum(run.state["evals"][:, 0])]).astype(np.int64)
    return np.arange(len(run.path), dtype=np.int64)
