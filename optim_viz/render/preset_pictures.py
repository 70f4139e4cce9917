"""The picture of each preset: its page's main figure (or the one the preset names), small and
without text, computed from the preset's own link.

``preset_picture(preset)`` decodes the link with the page's schema, runs what the page would run
(the engine, a lesson) and draws it with Pillow: runs on a surface with
``animation_export.still_png``, curves and maps with ``thumbnails``. The result is PNG bytes, the
same in every language; ``ui.cache`` keeps them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np

from ..core import ewma
from ..core.engine import simulate
from ..core.surfaces import Surface, make_surface
from ..lessons import averages, momentum, neuron, race, schedules
from ..lessons import hyperparameter_map as hmap
from ..state.hyperparameter_map import map_config
from ..state.momentum import momentum_config
from ..state.presets import Preset
from ..state.race import race_config
from ..state.schedules import SCHEDULE_ORDER, schedule_params
from . import theme
from .animation_export import still_png
from .hyperparameter_map import map_layers
from .thumbnails import THUMBNAIL_SIZE, Curve, heat_map_png, line_chart_png

Array = np.ndarray


def preset_picture(preset: Preset, size: Sequence[int] = THUMBNAIL_SIZE) -> bytes:
    """The PNG of the figure ``preset`` opens on, drawn from its link."""
    state, _ = preset.schema.decode(preset.query_dict)
    return _DRAW[preset.page](state, preset.picture, size)


def _runs_png(surface: Surface, runs: Sequence[tuple[str, Mapping[str, Any], Array]], size) -> bytes:
    """Paths on a surface in the app's colours: (optimizer, hyperparameters, path) per run."""
    styles = theme.run_styles([(opt, hp) for opt, hp, _ in runs])
    lines = [(str(i), color, path, dash) for i, ((_, _, path), (color, dash)) in enumerate(zip(runs, styles))]
    return still_png(surface, lines, size)


def _playground(cfg, picture: str, size) -> bytes:
    surface = cfg.make_surface()
    result = simulate(surface, cfg.run_specs(), cfg.start, cfg.steps)
    return _runs_png(surface, [(r.spec.optimizer, r.hparams, r.path) for r in result.runs], size)


def _momentum(values: dict, picture: str, size) -> bytes:
    cfg, surface = momentum_config(values)
    if picture == "conventions":
        cs, torch_run, ewma_run = momentum.conventions(surface, cfg, values["ewma_lr"] == "rescaled")
        lines = [("t", theme.method_color("sgd", {"momentum": 0.9}), torch_run.path, "solid"),
                 ("c", "#111111", cs.path, "dot"),
                 ("e", theme.method_color("ewma_momentum"), ewma_run.path, "dash")]  # fmt: skip
        return still_png(surface, lines, size)
    result = momentum.momentum_simulation(surface, cfg).run()
    return _runs_png(surface, [(r.spec.optimizer, r.hparams, r.path) for r in result.runs], size)


def _map(values: dict, picture: str, size) -> bytes:
    cfg, surface = map_config(values)
    layers = map_layers(hmap.run_sweep(surface, cfg), cfg.metric, surface.min_value)
    return heat_map_png(layers.value, layers.diverged, layers.unreached, size)


def _race(values: dict, picture: str, size) -> bytes:
    cfg, surface = race_config(values)
    lrs = []
    for key in cfg.racers:
        racer = race.RACERS[key]
        best = race.tune_lr(surface, racer, cfg.start, cfg.steps, cfg.criterion, cfg.tol).best_lr if cfg.tune else None
        lrs.append(racer.default_lr if best is None else best)
    result = race.race_simulation(surface, cfg, lrs).run()
    return _runs_png(surface, [(r.spec.optimizer, r.hparams, r.path) for r in result.runs], size)


def _ewma(values: dict, picture: str, size) -> bytes:
    betas = tuple(values["betas"])
    colors = [theme.BETA_COLORS[i % len(theme.BETA_COLORS)] for i in range(len(betas))]
    if picture == "weights":
        n = int(values["n"])
        ages = np.arange(n, dtype=np.float64)
        curves = [Curve(ages, ewma.weights(b, n)[::-1], c) for b, c in zip(betas, colors)]
        floor = max(float(ewma.weights(b, n)[0]) for b in betas) or 1e-6  # the oldest point of the slowest average
        return line_chart_png(curves, size, log_y=bool(values["wlog"]), log_floor=floor, y_from_zero=True)
    if picture == "ravine":
        rg = averages.ravine_gradients(float(values["kappa"]), float(values["lr"]), float(values["beta"]),
                                       int(values["steps"]))  # fmt: skip
        surface = make_surface(rg.result.surface, dict(rg.result.surface_params))
        return _runs_png(surface, [(r.optimizer, r.hparams, r.path) for r in rg.result.runs], size)
    lesson = averages.series_lesson(int(values["n"]), float(values["noise"]), int(values["seed"]), betas)
    curves = [Curve(lesson.t, lesson.series, theme.POINT_COLOR, width=3, dots=True),
              Curve(lesson.t, lesson.clean, theme.CLEAN_COLOR, width=1, dash="dash")]  # fmt: skip
    for avg, corr, c in zip(lesson.averages, lesson.corrected, colors):
        if values["bias"]:
            curves += [Curve(lesson.t, avg, c, width=1, dash="dot"), Curve(lesson.t, corr, c)]
        else:
            curves.append(Curve(lesson.t, avg, c))
    return line_chart_png(curves, size, zero_line=True)


def _schedules(values: dict, picture: str, size) -> bytes:
    shown = [s for s in SCHEDULE_ORDER if s in values["show"]]
    specs = tuple((s, tuple(sorted(schedule_params(s, values).items()))) for s in shown)
    result = schedules.schedule_runs(values["surface"], float(values["lr"]), int(values["steps"]),
                                     float(values["noise"]), int(values["seed"]), specs)  # fmt: skip
    curves = [Curve(np.arange(len(r.lr), dtype=np.float64), r.lr, theme.SCHEDULE_COLORS.get(s, "#000000"))
              for s, r in zip(shown, result.runs)]  # fmt: skip
    return line_chart_png(curves, size, y_from_zero=True)


def _neuron(values: dict, picture: str, size) -> bytes:
    specs = neuron.neuron_run_specs(values["batches"], float(values["lr"]), float(values["momentum"]),
                                    values["same_step"], int(values["seed"]))  # fmt: skip
    params = neuron.neuron_surface_params(values["loss"], int(values["points"]), int(values["data_seed"]),
                                          float(values["sep"]))  # fmt: skip
    surface = make_surface("neuron", params)
    result = simulate(surface, specs, (float(values["w1"]), float(values["w2"])), int(values["steps"]))
    return _runs_png(surface, [(r.spec.optimizer, r.hparams, r.path) for r in result.runs], size)


_DRAW: dict[str, Callable[[Any, str, Sequence[int]], bytes]] = {
    "playground": _playground,
    "momentum": _momentum,
    "hyperparameter_map": _map,
    "race": _race,
    "ewma": _ewma,
    "schedules": _schedules,
    "neuron": _neuron,
}
