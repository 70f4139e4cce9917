"""The neuron trained in epochs with a validation split: a constant learning rate, a step decay and
reduce-on-plateau side by side on the same data and the same mini-batches (``core.epochs`` trains)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ..core import neuron
from ..core.epochs import EpochRuns, LrRule, epoch_order, train_in_epochs, validation_split
from ..core.plateau import Plateau

Array = np.ndarray
RULE_ORDER = ("constant", "step", "plateau")


@dataclass(frozen=True)
class EpochLesson:
    """The runs (one per rule, in ``rules`` order), the split's sizes and the mini-batches per epoch."""

    rules: tuple[str, ...]
    runs: EpochRuns
    n_train: int
    n_val: int
    batches_per_epoch: int

    def reductions(self, i: int) -> list[int]:
        """The epochs (1-based) after which run i's plateau rule cut the lr."""
        return [int(e) + 1 for e in np.flatnonzero(self.runs.reduced[i])]

    def best_epoch(self, i: int) -> int:
        """The epoch (1-based) with run i's lowest validation loss."""
        return int(np.nanargmin(self.runs.val_loss[i])) + 1


def epoch_lesson(
    loss: str,
    activation: str,
    points: int,
    data_seed: int,
    sep: float,
    start: tuple[float, float],
    lr: float,
    momentum: float,
    batch: int,
    epochs: int,
    seed: int,
    validation: int,
    rules: Sequence[str],
    step: tuple[int, float],
    plateau: Plateau,
    monitor: str,
) -> EpochLesson:
    """Every rule of ``rules`` (a subset of RULE_ORDER) from the same start on the same split and batches."""
    X, labels = neuron.make_data(int(points), int(data_seed), float(sep))
    split = validation_split(int(points), int(data_seed), int(validation))
    step_size, gamma = step
    made = {"constant": LrRule("constant"), "step": LrRule("step", int(step_size), float(gamma)),
            "plateau": LrRule("plateau", plateau=plateau)}  # fmt: skip
    chosen = tuple(r for r in RULE_ORDER if r in rules)
    runs = train_in_epochs(X, labels, split, start, lr, momentum, int(batch), int(epochs), int(seed),
                           [made[r] for r in chosen], loss, activation, monitor)  # fmt: skip
    n_train = len(split[0])
    return EpochLesson(chosen, runs, n_train, len(split[1]), -(-n_train // int(batch)))


def first_batches(seed: int, n_train: int, batch: int, epochs: int = 2) -> list[list[Array]]:
    """The mini-batches (positions in the training set) of the first epochs: for showing the recipe."""
    out = []
    for e in range(epochs):
        order = epoch_order(seed, e, n_train)
        out.append([order[s : s + batch] for s in range(0, n_train, batch)])
    return out
