"""Methods: what a run is called and coloured by across the app.

A method is an optimizer, except that SGD is split by its momentum flavour (plain, heavy-ball
momentum, Nesterov) because comparing those three is the app's headline.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def method_key(optimizer: str, hparams: Mapping[str, Any] | None = None) -> str:
    """'sgd', 'sgd_momentum' or 'sgd_nesterov' for SGD; the optimizer's name otherwise."""
    hp = hparams or {}
    if optimizer == "sgd" and float(hp.get("momentum", 0.0) or 0.0) > 0.0:
        return "sgd_nesterov" if hp.get("nesterov") else "sgd_momentum"
    return optimizer
