"""Lesson presets: one-click links to the figures of the course notes and the classic demonstrations.

A preset is plain data: an id, a title and a two- or three-sentence caption (English; the page
translates them), the page it opens and that page's link. Every link is written by the page's own
schema from a state, so it holds exactly what the page's controls can show.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .adaptive import ADAPTIVE
from .averages import AVERAGES
from .descent_1d import DESCENT_1D
from .hyperparameter_map import MAP
from .momentum import MOMENTUM
from .neuron import NEURON
from .playground import PLAYGROUND, PlaygroundConfig, RunConfig, suggested_start, surface_defaults
from .race import RACE
from .schedules import SCHEDULES_PAGE
from .schema import Schema, query_string
from .values import items

SCHEMAS: dict[str, Schema] = {s.page: s for s in (PLAYGROUND, MOMENTUM, MAP, RACE, AVERAGES, SCHEDULES_PAGE, NEURON,
                                                  ADAPTIVE, DESCENT_1D)}  # fmt: skip
PAGE_TITLES = {
    "playground": "Optimizer playground",
    "momentum": "Momentum & ravines",
    "hyperparameter_map": "Hyperparameter map",
    "race": "Optimizer race",
    "ewma": "Exponentially weighted averages",
    "schedules": "Learning-rate schedules",
    "neuron": "Mini-batches on a real neuron",
    "adaptive": "Adaptive step sizes",
    "descent_1d": "Gradient descent in one dimension",
}


@dataclass(frozen=True)
class Preset:
    id: str
    title: str
    caption: str
    page: str  # a key of SCHEMAS
    query: tuple[tuple[str, str | tuple[str, ...]], ...]

    @property
    def query_dict(self) -> dict[str, str | list[str]]:
        return {k: list(v) if isinstance(v, tuple) else v for k, v in self.query}

    @property
    def schema(self) -> Schema:
        return SCHEMAS[self.page]


def _frozen(query: dict[str, Any]) -> tuple:
    return tuple((k, tuple(v) if isinstance(v, list) else v) for k, v in query.items())


def _playground(cfg: PlaygroundConfig) -> tuple:
    return _frozen(PLAYGROUND.encode(cfg))


def _lesson(schema: Schema, **changes) -> tuple:
    values = schema.default_state() | changes
    return _frozen(schema.encode(values))


def _run(optimizer: str, **hparams) -> RunConfig:
    return RunConfig.make(optimizer, hparams)


def _cfg(surface: str, params: dict, runs, steps: int, start=None, **kw) -> PlaygroundConfig:
    full = dict(surface_defaults(surface)) | params
    return PlaygroundConfig(surface=surface, surface_params=items(full), start=start or suggested_start(surface, full),
                            steps=steps, runs=tuple(runs), **kw)  # fmt: skip


PRESETS: tuple[Preset, ...] = (
    Preset(
        "ravine_momentum",
        "SGD vs momentum in a ravine",
        "Plain SGD bounces between the steep walls of a narrow valley and crawls along its flat floor. "
        "Momentum 0.9 averages the gradients: the bouncing cancels, the push along the floor adds up to "
        "an effective step η/(1 − μ), and it ends about a thousand times closer to the minimum.",
        "playground",
        _playground(
            _cfg(
                "ravine",
                {"kappa": 100.0, "angle_deg": 0.0},
                [_run("sgd", lr=0.019), _run("sgd", lr=0.004, momentum=0.9)],
                150,
            )
        ),
    ),  # fmt: skip
    Preset(
        "learning_rates",
        "Learning rate too small, right, too large",
        "Three SGD runs on a bowl whose curvatures are 1 and 10. η = 0.02 is safe but slow; η = 0.18 is "
        "close to the best 2/(1 + 10); η = 0.22 is above the stability limit 2/10, so every step across "
        "the bowl overshoots further and the run diverges.",
        "playground",
        _playground(
            _cfg(
                "quadratic",
                {"a": 1.0, "b": 10.0},
                [_run("sgd", lr=0.02), _run("sgd", lr=0.18), _run("sgd", lr=0.22)],
                100,
            )
        ),
    ),  # fmt: skip
    Preset(
        "ewma_betas",
        "Exponentially weighted averages: β = 0.5, 0.9, 0.98",
        "The same noisy series averaged with three values of β. A larger β averages over more points "
        "(about 1/(1 − β)): smoother, but later. Bias correction is on: the dotted curves without it start "
        "near 0 because V₀ = 0.",
        "ewma",
        _lesson(AVERAGES, betas=(0.5, 0.9, 0.98), bias=True),
    ),
    Preset(
        "nesterov",
        "Momentum overshoot vs Nesterov",
        "Heavy-ball momentum (μ = 0.9) builds up speed and overshoots the minimum, circling before it "
        "settles. Nesterov's variant evaluates the gradient where the momentum is about to carry it, so it "
        "brakes earlier and overshoots far less.",
        "playground",
        _playground(
            _cfg(
                "quadratic",
                {"a": 1.0, "b": 10.0},
                [_run("sgd", lr=0.05, momentum=0.9), _run("sgd", lr=0.05, momentum=0.9, nesterov=True)],
                100,
            )
        ),
    ),  # fmt: skip
    Preset(
        "adagrad_rmsprop",
        "Adagrad's shrinking steps vs RMSprop on a long valley",
        "Adagrad divides each step by the root of the sum of all past squared gradients, so the large "
        "gradients of the first steps keep its later steps small on the flat floor. RMSprop uses a moving "
        "average instead, forgets the start, and keeps walking.",
        "playground",
        _playground(
            _cfg(
                "ravine", {"kappa": 100.0, "angle_deg": 30.0}, [_run("adagrad", lr=0.5), _run("rmsprop", lr=0.05)], 300
            )
        ),
    ),  # fmt: skip
    Preset(
        "saddle",
        "All optimizers escaping a saddle point",
        "Every run starts almost on the ridge of f = x² − y², where the gradient across it is tiny. Plain "
        "SGD needs many steps to notice the way down; momentum gathers speed; the adaptive methods "
        "rescale the tiny gradient and leave at once.",
        "playground",
        _playground(
            _cfg(
                "saddle",
                {},
                [
                    _run("sgd", lr=0.05),
                    _run("sgd", lr=0.05, momentum=0.9),
                    _run("sgd", lr=0.05, momentum=0.9, nesterov=True),
                    _run("adagrad", lr=0.5),
                    _run("rmsprop", lr=0.05),
                    _run("adadelta", lr=1.0),
                    _run("adam", lr=0.1),
                    _run("nadam", lr=0.1),
                ],
                60,
                start=(-1.8, 0.01),
            )
        ),
    ),  # fmt: skip
    Preset(
        "schedules",
        "Schedules taming noisy SGD",
        "Each step of SGD uses a noisy gradient. With a constant learning rate the run keeps circling the "
        "minimum at a distance set by η and the noise; every decaying schedule shrinks the steps, so the "
        "same noise moves the point less and it settles.",
        "schedules",
        _lesson(SCHEDULES_PAGE),
    ),
    Preset(
        "minibatch",
        "Mini-batch size 1 vs 32 vs full batch on a neuron",
        "One sigmoid neuron, 40 data points, the same learning rate. With one point per step the gradient "
        "is very noisy and the weights wander; 32 points give a much better estimate; the full batch is "
        "plain gradient descent on the loss surface drawn.",
        "neuron",
        _lesson(NEURON, batches=(1, 32, "full"), momentum=0.0),
    ),
    Preset(
        "rosenbrock_adam",
        "Adam vs SGD on Rosenbrock",
        "Rosenbrock's valley has steep walls and a flat, curved floor. SGD's learning rate must stay below "
        "the limit the walls set, so it zig-zags and creeps along the floor (try 0.0018: it diverges). "
        "Adam rescales each coordinate and follows the valley to the minimum.",
        "playground",
        _playground(_cfg("rosenbrock", {}, [_run("sgd", lr=0.001), _run("adam", lr=0.1)], 500)),
    ),
    Preset(
        "momentum_conventions",
        "Three ways to write momentum, one path",
        "CS231n's v = μv − ηg, PyTorch's buffer and the course notes' exponentially weighted average, run "
        "together on the ravine. With a constant learning rate CS231n walks exactly PyTorch's path, and the "
        "average does too once its learning rate is divided by 1 − β.",
        "momentum",
        _lesson(MOMENTUM, conventions=True),
    ),
    Preset(
        "nesterov_lookahead",
        "Nesterov's look-ahead, step by step",
        "Heavy ball, Nesterov and plain SGD on the ravine, with update 5 of Nesterov drawn the classic way. "
        "The momentum jump comes first and the gradient is taken where it lands; the heavy ball takes its "
        "gradient before the jump.",
        "momentum",
        _lesson(MOMENTUM, k=5),
    ),
    Preset(
        "map_lr_momentum",
        "Learning rate × momentum: where SGD converges",
        "Ten thousand runs of SGD on the ravine, one per cell, coloured by the steps each needs. The red "
        "region diverged; its edge follows the dashed stability limit η < 2(1 + β)/L, and the star marks the "
        "best heavy-ball settings of the theory.",
        "hyperparameter_map",
        _lesson(MAP),
    ),
    Preset(
        "race_rosenbrock",
        "Every optimizer on Rosenbrock, learning rates tuned",
        "All the optimizers start from the same point on Rosenbrock's banana with 300 steps each. Before the "
        "race every learning rate is picked from 41 values by the lowest final loss.",
        "race",
        _lesson(RACE),
    ),
    Preset(
        "descent_1d",
        "Learning rate too small, right, too large on f = x²",
        "The course notes' first example: f = x² from x = −2, where the slope is −4, so every run steps to the "
        "right. η = 0.05 creeps (each step keeps 90 % of the distance), η = 0.3 keeps 40 %, and η = 1.05 jumps "
        "over the minimum to a point farther away every time.",
        "descent_1d",
        _lesson(DESCENT_1D, start=-2.0),
    ),
    Preset(
        "adaptive_steps",
        "Adagrad, RMSprop, Adadelta and Adam in a rotated ravine",
        "The five methods in the ravine turned by 45°. Along the axes each adaptive method gives the steep "
        "coordinate a small step and the flat one a large step; turned, both coordinates see the same mix, get "
        "about the same step size, and plain SGD ends closer to the minimum than any of them.",
        "adaptive",
        _lesson(ADAPTIVE, angle=45.0),
    ),
)

PRESETS_BY_ID = {p.id: p for p in PRESETS}


def link(preset: Preset, lang: str | None = None) -> str:
    """A relative link to the preset's page with its query (and the language, when not English)."""
    query = preset.query_dict
    if lang and lang != "en":
        query["lang"] = lang
    return f"{preset.page}?{query_string(query)}"
