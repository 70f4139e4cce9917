r"""Training the neuron in epochs, with a held-out validation split and a learning rate that changes
between epochs: a constant, a step decay, or ReduceLROnPlateau on the validation loss.

This is how a training script runs, and how the course notes speak of annealing ("halve the
learning rate every 5 epochs", "multiply it by 0.5 when the validation error stops improving"):

* The data set is split once: ``validation_split`` permutes the points with
  ``numpy.random.default_rng([data_seed, 2])``; the first ``validation`` points of that order are
  held out, the rest, in that order, form the training set.
* An epoch is one pass over the training set: in epoch e (0-based) the training points are taken
  in the order ``default_rng([seed, 3, e]).permutation(n_train)`` and cut into consecutive
  mini-batches of ``batch`` points (the last one smaller when ``batch`` does not divide n_train,
  as torch's DataLoader with ``drop_last=False``). Every update uses the mean loss of its batch.
* The learning rate is fixed within an epoch. After the epoch the training and validation losses
  are measured on the whole of each set and the learning rate of the next epoch is set: a step
  decay (torch's StepLR stepped once per epoch: after epoch e, ``lr ← γ·lr`` when e + 1 is a
  multiple of ``step_size``, so epoch e uses lr₀·γ^⌊e/step_size⌋ up to rounding), or
  ``ReduceLROnPlateau.step(metric)`` (``core.plateau``) on the validation loss or the validation
  accuracy (the share of validation points with ŷ on the side of ½ their label is on).

The optimizer is torch's SGD (with ``momentum``), its state carried across epochs: a new learning
rate does not reset the momentum buffer. All runs of a call are one batch (one row each) and see
the same split and the same mini-batches, so they differ only by their learning-rate rule. A run
whose weights leave ±``DIVERGENCE_LIMIT`` or become non-finite stops there (``diverged_at`` is its
epoch, 1-based); later epochs repeat its last finite values.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from . import neuron
from .engine import DIVERGENCE_LIMIT
from .optimizers import get_optimizer, hparams_for_batch, resolve_hparams
from .plateau import Plateau, plateau_init, plateau_step
from .schedules import resolve_schedule

Array = np.ndarray
RULES = ("constant", "step", "plateau")
MONITORS = ("val_loss", "val_accuracy")
MAX_EPOCHS = 200


@dataclass(frozen=True)
class LrRule:
    """How one run's learning rate changes between epochs."""

    kind: str = "constant"  # "constant", "step" or "plateau"
    step_size: int = 5  # step: epochs between decays
    gamma: float = 0.5  # step: factor at each decay
    plateau: Plateau = field(default_factory=Plateau)  # plateau: torch's arguments

    def __post_init__(self) -> None:
        if self.kind not in RULES:
            raise ValueError(f"Unknown learning-rate rule: {self.kind!r} (choose from {', '.join(RULES)})")
        if self.kind == "step":
            resolve_schedule("step", {"step_size": self.step_size, "gamma": self.gamma})


@dataclass(frozen=True)
class EpochRuns:
    """Per run and per epoch (arrays of shape (runs, epochs)): the lr used, the losses and the validation
    accuracy after it, the weights after it (runs, epochs, 2), and where the plateau rule cut the lr
    (True: after this epoch)."""

    lr: Array
    train_loss: Array
    val_loss: Array
    val_accuracy: Array
    weights: Array
    reduced: Array
    diverged_at: tuple[int | None, ...]


def validation_split(n_points: int, data_seed: int, validation: int) -> tuple[Array, Array]:
    """(training indices, validation indices) of the neuron's data set."""
    if not 1 <= validation < n_points:
        raise ValueError(f"Invalid validation size: {validation} (must be in [1, {n_points - 1}])")
    order = np.random.default_rng([data_seed, 2]).permutation(n_points)
    return order[validation:], order[:validation]


def epoch_order(seed: int, epoch: int, n_train: int) -> Array:
    """The order in which epoch ``epoch`` (0-based) visits the training points."""
    return np.random.default_rng([seed, 3, epoch]).permutation(n_train)


def _losses(w: Array, X: Array, y: Array, loss: str, activation: str) -> Array:
    return neuron.loss_and_grad(w[:, 0], w[:, 1], X, y, loss, activation)[0]


def train_in_epochs(
    X: Array,
    labels: Array,
    split: tuple[Array, Array],
    start: Sequence[float],
    lr: float,
    momentum: float,
    batch: int,
    epochs: int,
    seed: int,
    rules: Sequence[LrRule],
    loss: str = "mse",
    activation: str = "sigmoid",
    monitor: str = "val_loss",
) -> EpochRuns:
    """One run per rule, from ``start``, with SGD(lr, momentum) on the training split; the plateau rule
    watches ``monitor`` (set its ``mode`` to match: ``min`` for a loss, ``max`` for an accuracy)."""
    train, val = split
    if monitor not in MONITORS:
        raise ValueError(f"Unknown metric to monitor: {monitor!r} (choose from {', '.join(MONITORS)})")
    if not 1 <= epochs <= MAX_EPOCHS:
        raise ValueError(f"Invalid number of epochs: {epochs} (must be in [1, {MAX_EPOCHS}])")
    if not 1 <= batch <= len(train):
        raise ValueError(f"Invalid batch size: {batch} (must be in [1, {len(train)}])")
    if not rules:
        raise ValueError("Nothing to run: give at least one learning-rate rule")
    opt = get_optimizer("sgd")
    B = len(rules)
    hp = hparams_for_batch(resolve_hparams("sgd", {"lr": lr, "momentum": momentum}), B)
    Xt, yt, Xv, yv = X[train], labels[train], X[val], labels[val]
    w = np.tile(np.asarray(start, dtype=np.float64), (B, 1))
    state = opt.init(w, hp)
    plateaus = [plateau_init(lr, r.plateau) if r.kind == "plateau" else None for r in rules]
    lrs = np.full(B, float(lr))
    out = {k: np.empty((B, epochs)) for k in ("lr", "train", "val", "acc")}
    weights = np.empty((B, epochs, 2))
    reduced = np.zeros((B, epochs), dtype=bool)
    diverged = np.zeros(B, dtype=np.int64)
    with np.errstate(all="ignore"):
        for e in range(epochs):
            out["lr"][:, e] = lrs
            order = epoch_order(seed, e, len(train))
            for s in range(0, len(train), batch):
                idx = order[s : s + batch]
                _, g1, g2 = neuron.loss_and_grad(w[:, 0], w[:, 1], Xt[idx], yt[idx], loss, activation)
                new_w, new_state = opt.update(np.stack([g1, g2], axis=1), state, w, lrs[:, None], hp)
                alive = diverged == 0
                w = np.where(alive[:, None], new_w, w)
                state = new_state
            bad = (diverged == 0) & ~(np.all(np.isfinite(w), axis=1) & (np.abs(w).max(axis=1) <= DIVERGENCE_LIMIT))
            diverged[bad] = e + 1
            tl, vl = _losses(w, Xt, yt, loss, activation), _losses(w, Xv, yv, loss, activation)
            acc = neuron.accuracy(w, Xv, yv, activation)
            for i in range(B):
                if diverged[i]:  # the last finite values stay
                    w[i] = weights[i, e - 1] if e else start
                    tl[i] = out["train"][i, e - 1] if e else np.nan
                    vl[i] = out["val"][i, e - 1] if e else np.nan
                    acc[i] = out["acc"][i, e - 1] if e else np.nan
            out["train"][:, e], out["val"][:, e], out["acc"][:, e], weights[:, e] = tl, vl, acc, w
            for i, rule in enumerate(rules):
                if rule.kind == "step" and (e + 1) % rule.step_size == 0:
                    lrs[i] = lrs[i] * rule.gamma
                elif rule.kind == "plateau" and not diverged[i]:
                    before = plateaus[i].lr
                    metric = vl[i] if monitor == "val_loss" else acc[i]
                    plateaus[i] = plateau_step(plateaus[i], float(metric), rule.plateau)
                    lrs[i] = plateaus[i].lr
                    reduced[i, e] = plateaus[i].lr < before
    return EpochRuns(out["lr"], out["train"], out["val"], out["acc"], weights, reduced,
                     tuple(int(d) if d else None for d in diverged))  # fmt: skip
