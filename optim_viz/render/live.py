"""What the browser needs to swap a run live while its slider is dragged: every member of the run's
family (``lessons.families``), compactly.

Each member's path is cut where a normal run's drawn path is cut (``core.paths.drawn_path``: a
divergent member ends where it left, as on the contour) and thinned to at most ``MAX_POINTS``
points, always keeping its last one; its loss curve the same way. Arrays go as one base64 float32
block per kind (``kit.f32``), with each member's length, so the payload stays small: the default
view's family is about 100 KB.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from ..core.paths import drawn_path
from ..lessons.families import Family
from . import theme
from .kit import LOG_FLOOR, decode, f32

MAX_POINTS = 400  # points per member sent for the path and for the loss curve
F32_MAX = float(np.finfo(np.float32).max)


def stride_for(steps: int, max_points: int = MAX_POINTS) -> int:
    """Every how many steps a member keeps a point, so that at most ``max_points`` are sent."""
    return max(1, math.ceil((steps + 1) / max_points))


def thin(a: np.ndarray, stride: int) -> np.ndarray:
    """Rows 0, stride, 2·stride, … and always the last row."""
    if stride == 1 or len(a) <= 1:
        return a
    idx = np.arange(0, len(a), stride)
    if idx[-1] != len(a) - 1:
        idx = np.r_[idx, len(a) - 1]
    return a[idx]


def _number(v: float | int | None) -> float | int | None:
    """JSON has no NaN or infinity: None stands for "none"."""
    if v is None:
        return None
    v = float(v)
    return v if math.isfinite(v) else None


def member_styles(runs: Sequence[tuple[str, Mapping[str, Any]]], run: int, family: Family) -> list[tuple[str, str]]:
    """(colour, dash) of each member as the playground would draw it among the other runs (a run
    whose momentum turns on takes momentum's colour)."""
    out = []
    for member in family.result.runs:
        others = list(runs)
        others[run] = (member.spec.optimizer, member.hparams)
        out.append(theme.run_styles(others)[run])
    return out


def family_payload(family: Family, *, labels: Sequence[str], styles: Sequence[tuple[str, str]], texts: Sequence[str],
                   max_points: int = MAX_POINTS) -> dict[str, Any]:  # fmt: skip
    """The family as JSON-ready data: values, paths, loss curves and metrics of every member.

    ``loss`` is f − f* floored at ``LOG_FLOOR`` (``loss_log``) where the surface has a known
    minimum, as on the playground's loss chart, else f.
    """
    result = family.result
    surface = result.surface
    f_min = surface.min_value
    stride = stride_for(result.steps, max_points)
    paths, losses, path_len, loss_len, last_step = [], [], [], [], []
    for run in result.runs:
        p = thin(drawn_path(run.path, surface.window), stride)
        loss = run.loss - f_min if f_min is not None else run.loss
        loss = thin(np.maximum(loss, LOG_FLOOR) if f_min is not None else loss, stride)
        loss = np.clip(loss, -F32_MAX, F32_MAX)  # a member about to diverge can pass float32's range
        paths.append(p)
        losses.append(loss)
        path_len.append(len(p))
        loss_len.append(len(loss))
        last_step.append(len(run.loss) - 1)
    metrics = [r.metrics for r in result.runs]
    return {
        "run": family.run,
        "hparam": family.hparam,
        "values": [float(v) for v in family.values],
        "texts": list(texts),
        "index": family.index,
        "steps": result.steps,
        "stride": stride,
        "path": f32(np.concatenate(paths).ravel()),
        "path_len": path_len,
        "loss": f32(np.concatenate(losses)),
        "loss_len": loss_len,
        "last_step": last_step,
        "loss_log": f_min is not None,
        "labels": list(labels),
        "colors": [c for c, _ in styles],
        "dashes": [d for _, d in styles],
        "final_loss": [_number(m.final_loss) for m in metrics],
        "steps_to_tolerance": [m.steps_to_tolerance for m in metrics],
        "diverged_at": [m.diverged_at for m in metrics],
        "oscillation_index": [_number(m.oscillation_index) for m in metrics],
        "final_distance": [_number(m.final_distance) for m in metrics],
    }


def decode_member(payload: Mapping[str, Any], i: int) -> dict[str, np.ndarray]:
    """Member ``i``'s path (n, 2) and loss as the browser reads them (for tests and tools)."""
    path = decode(payload["path"]).reshape(-1, 2)
    loss = decode(payload["loss"])
    p0 = sum(payload["path_len"][:i])
    l0 = sum(payload["loss_len"][:i])
    return {"path": path[p0 : p0 + payload["path_len"][i]], "loss": loss[l0 : l0 + payload["loss_len"][i]]}
