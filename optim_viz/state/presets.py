"""Lesson presets: one-click links to the figures of the course notes and the classic demonstrations.

A preset is plain data: an id, a title and a two- or three-sentence caption (English; the page
translates them), the page it opens, that page's link, and which of the page's figures its picture
shows (``render.preset_pictures`` draws it). Every link is written by the page's own schema from a
state, so it holds exactly what the page's controls can show. A caption states only what its run
shows: the tests recompute every preset and check each number and comparison it claims.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .averages import AVERAGES
from .hyperparameter_map import MAP
from .momentum import MOMENTUM
from .neuron import NEURON
from .playground import PLAYGROUND, PlaygroundConfig, RunConfig, suggested_start, surface_defaults
from .race import RACE
from .schedules import SCHEDULES_PAGE
from .schema import Schema, query_string
from .values import items

SCHEMAS: dict[str, Schema] = {s.page: s for s in (PLAYGROUND, MOMENTUM, MAP, RACE, AVERAGES, SCHEDULES_PAGE, NEURON)}
PAGE_TITLES = {
    "playground": "Optimizer playground",
    "momentum": "Momentum & ravines",
    "hyperparameter_map": "Hyperparameter map",
    "race": "Optimizer race",
    "ewma": "Exponentially weighted averages",
    "schedules": "Learning-rate schedules",
    "neuron": "Mini-batches on a real neuron",
}


# The figures a preset's picture can show, per page ("" is the page's main figure).
PICTURES: dict[str, tuple[str, ...]] = {
    "playground": ("",),
    "momentum": ("", "conventions"),
    "hyperparameter_map": ("",),
    "race": ("",),
    "ewma": ("", "weights", "ravine"),
    "schedules": ("",),
    "neuron": ("",),
}


@dataclass(frozen=True)
class Preset:
    id: str
    title: str
    caption: str
    page: str  # a key of SCHEMAS
    query: tuple[tuple[str, str | tuple[str, ...]], ...]
    picture: str = ""  # which figure of the page the picture shows ("": the page's first); see PICTURES

    def __post_init__(self) -> None:
        if self.picture not in PICTURES[self.page]:
            raise ValueError(f"Preset {self.id}: page {self.page} has no picture {self.picture!r}")

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
        "learning_rates",
        "Learning rate too small, right, too large",
        "Three SGD runs on a bowl whose curvatures are 1 and 10. η = 0.02 is safe but slow (still 0.33 from the "
        "minimum after 100 steps); η = 0.18 is close to the best 2/(1 + 10) and ends within 1e-8 of it; η = 0.22 is "
        "above the stability limit 2/10, so every step across the bowl overshoots further and the run diverges at "
        "step 72.",
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
        "ravine_momentum",
        "SGD vs momentum in a ravine",
        "Plain SGD (η = 0.019) bounces between the steep walls of a narrow valley (κ = 100) and crawls along its "
        "flat floor. Momentum 0.9 (η = 0.004) averages the gradients: the bouncing cancels and the push along the "
        "floor adds up to an effective step η/(1 − μ) = 0.04. After 150 steps it is 0.00017 from the minimum, plain "
        "SGD 0.25.",
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
        "momentum_values",
        "Momentum μ = 0.5 vs μ = 0.9",
        "Two heavy-ball runs on the ravine with the same η = 0.01 and the two values of μ the course notes name. "
        "Along the floor the velocity adds up to a step of η/(1 − μ), 0.02 against 0.1: after 150 steps μ = 0.5 is "
        "still 0.21 from the minimum and μ = 0.9 only 0.0019. The larger μ also carries the point past the minimum: "
        "it crosses it 4 times along the floor, μ = 0.5 never.",
        "playground",
        _playground(
            _cfg(
                "ravine",
                {"kappa": 100.0, "angle_deg": 0.0},
                [_run("sgd", lr=0.01, momentum=0.5), _run("sgd", lr=0.01, momentum=0.9)],
                150,
            )
        ),
    ),  # fmt: skip
    Preset(
        "momentum_conventions",
        "Three ways to write momentum, one path",
        "CS231n's v = μv − ηg, PyTorch's buffer and the course notes' exponentially weighted average, run "
        "together on the ravine. With a constant learning rate CS231n walks exactly PyTorch's path, and the "
        "average does too once its learning rate is divided by 1 − β.",
        "momentum",
        _lesson(MOMENTUM, conventions=True),
        "conventions",
    ),
    Preset(
        "nesterov",
        "Momentum overshoot vs Nesterov",
        "Heavy-ball momentum and Nesterov with the same η = 0.05 and μ = 0.9 on a bowl whose curvatures are 1 and "
        "10. Nesterov takes the gradient where the momentum is about to carry it and brakes earlier: its first "
        "overshoot past the minimum is 0.86 instead of 1.19 along x and 0.81 instead of 1.68 along y, yet both runs "
        "cross the minimum about as often (7 times along x, 24 and 25 times along y). After 100 steps Nesterov is "
        "0.00099 from the minimum, heavy ball 0.014.",
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
        "nesterov_lookahead",
        "Nesterov's look-ahead, step by step",
        "Heavy ball, Nesterov and plain SGD on the ravine, with update 5 of Nesterov drawn the classic way. "
        "The momentum jump comes first and the gradient is taken where it lands; the heavy ball takes its "
        "gradient before the jump.",
        "momentum",
        _lesson(MOMENTUM, k=5),
    ),
    Preset(
        "ewma_betas",
        "Exponentially weighted averages: β = 0.5, 0.9, 0.98",
        "The same noisy cosine averaged with β = 0.5, 0.9 and 0.98, that is over about 1/(1 − β) = 2, 10 and 50 "
        "points. A larger β gives a smoother curve that lags further behind: its RMS error from the clean cosine "
        "grows from 0.30 to 0.33 and 0.61 (bias-corrected). Without bias correction (dotted) the averages start at "
        "(1 − β)·S₁, only 0.021 for β = 0.98, while the corrected ones start at S₁ = 1.06.",
        "ewma",
        _lesson(AVERAGES, betas=(0.5, 0.9, 0.98), bias=True),
    ),
    Preset(
        "ewma_window",
        "The 1/e window of an average",
        "In Vₜ each past point carries the weight (1 − β)·β^age (the page's second figure). It falls to 1/e of the "
        "newest weight at age −1/ln β: 1.44 points for β = 0.5, 9.49 for 0.9 and 49.5 for 0.98, close to "
        "1/(1 − β) = 2, 10 and 50. The newest ⌈1/(1 − β)⌉ points carry 75 %, 65 % and 64 % of the whole weight, "
        "near 1 − 1/e = 63 %.",
        "ewma",
        _lesson(AVERAGES, betas=(0.5, 0.9, 0.98), n=200.0),
        "weights",
    ),
    Preset(
        "ewma_momentum",
        "Averages of gradients become momentum",
        "Plain SGD with η = 0.035 bounces between the walls of a ravine 55 times steeper across than along; the "
        "exponentially weighted average of its gradients (β = 0.9) keeps 5 % of their size across the valley and "
        "94 % along the floor (the page's third part). A run that steps along that average stops zig-zagging and "
        "after 60 steps is 0.27 from the minimum, SGD 0.53. torch's momentum sums instead of averaging, takes "
        "steps 1/(1 − β) = 10 times longer and gets to 0.016.",
        "ewma",
        _lesson(AVERAGES),
        "ravine",
    ),
    Preset(
        "schedules",
        "Schedules taming noisy SGD",
        "Each step of SGD uses a noisy gradient (σ = 1). With the constant η = 0.2 the run keeps circling the "
        "minimum, on average 0.40 away over the last 100 of 500 updates; every decaying schedule shrinks the "
        "steps, so the same noise moves the point less, and they settle 0.060 to 0.11 away.",
        "schedules",
        _lesson(SCHEDULES_PAGE),
    ),
    Preset(
        "step_decay_half",
        "Step decay from the notes: halve every 5 epochs",
        "The notes' first rule, halve η every 5 epochs, counting each update as an epoch: η = 0.2 falls to "
        "0.2/1024 after 50 updates. The noise is tamed but the run also stops moving: from update 40 on it stays "
        "0.17 from the minimum, while the constant η circles 0.39 away on average. Where it freezes depends on "
        "the noise of its first updates (try other seeds): the notes' epochs hold many updates each.",
        "schedules",
        _lesson(SCHEDULES_PAGE, show=("constant", "step"), step_size=5.0, gamma=0.5, steps=100.0),
    ),
    Preset(
        "step_decay_tenth",
        "Step decay from the notes: × 0.1 every 20 epochs",
        "The notes' second rule, η × 0.1 every 20 epochs, counting each update as an epoch: 20 updates at η = 0.2 "
        "bring the run to its noise floor, then every drop to a tenth freezes it more. It ends 0.30 from the "
        "minimum, against 0.39 on average for the constant η: at η = 0.02 the bowl pulls the point in by only 2 % "
        "per update, too little to help within 20 updates.",
        "schedules",
        _lesson(SCHEDULES_PAGE, show=("constant", "step"), step_size=20.0, gamma=0.1, steps=100.0),
    ),
    Preset(
        "exp_inverse_decay",
        "Exponential and 1/t decay",
        "The notes' two formulas, α = α₀·e^(−kt) with k = 0.006 and α = α₀/(1 + kt) with k = 0.03, both take η "
        "from 0.2 to about 0.01 in 500 updates (0.010 and 0.0125). Over the last 100 updates these runs stay "
        "0.092 and 0.094 from the minimum on average, about four times closer than the constant η's 0.40.",
        "schedules",
        _lesson(SCHEDULES_PAGE, show=("constant", "exponential", "inverse_time")),
    ),
    Preset(
        "minibatch",
        "Mini-batch size 1 vs 32 vs full batch on a neuron",
        "One sigmoid neuron, 40 data points, the same η = 2 for every run. With one point per step the steps "
        "point downhill no better than chance (step alignment −0.08) and the weights wander, 1.5 from the best w* "
        "on average over the second half; 32 points give a much better estimate (alignment 0.42, 0.056 from w*). "
        "The full batch is plain gradient descent on the loss surface drawn (alignment 1.00).",
        "neuron",
        _lesson(NEURON, batches=(1, 32, "full"), momentum=0.0),
    ),
    Preset(
        "adagrad_rmsprop",
        "Adagrad's shrinking steps vs RMSprop on a long valley",
        "Adagrad divides each step by the root of the sum of all past squared gradients; the sum only grows, so "
        "its steps along the flat floor shrink, from 0.013 per step over steps 50 to 100 to 0.0061 over the last "
        "100. RMSprop divides by a moving average instead, which forgets the large first gradients: it moves "
        "0.018 per step over steps 50 to 100 and ends 0.21 from the minimum, Adagrad 1.1.",
        "playground",
        _playground(
            _cfg(
                "ravine", {"kappa": 100.0, "angle_deg": 30.0}, [_run("adagrad", lr=0.5), _run("rmsprop", lr=0.05)], 300
            )
        ),
    ),  # fmt: skip
    Preset(
        "adam_bias_correction",
        "Adam with and without bias correction",
        "Adam as torch runs it next to the same Adam without bias correction, the form of the course notes' "
        "code (η = 0.1, β₁ = 0.9, β₂ = 0.999). The averages m and v start at zero: corrected, the first step "
        "moves each coordinate by exactly η (length 0.14), uncorrected it is 0.1/√0.001 ≈ 3.16 times longer "
        "(0.45) and the steps keep growing, to 0.72 at step 4. The uncorrected run crosses the minimum 8 times "
        "along x, the corrected one 3 times.",
        "playground",
        _playground(
            _cfg(
                "quadratic",
                {"a": 1.0, "b": 10.0},
                [_run("adam", lr=0.1), _run("adam", lr=0.1, bias_correction=False)],
                100,
            )
        ),
    ),  # fmt: skip
    Preset(
        "rosenbrock_adam",
        "Adam vs SGD on Rosenbrock",
        "Rosenbrock's valley has steep walls and a flat, curved floor. SGD with η = 0.001 zig-zags between the "
        "walls and creeps along the floor: after 500 steps it is still 2.3 from the minimum. Adam (η = 0.1) "
        "rescales each coordinate and travels the curved floor: 0.23 from the minimum after 500 steps, and still "
        "getting closer.",
        "playground",
        _playground(_cfg("rosenbrock", {}, [_run("sgd", lr=0.001), _run("adam", lr=0.1)], 500)),
    ),
    Preset(
        "saddle",
        "All optimizers escaping a saddle point",
        "Every run starts at (−1.8, 0.01), almost on the ridge of f = x² − y², where the gradient across it is "
        "tiny. Adagrad and RMSprop divide that tiny gradient by its own size and leave the window within 5 steps; "
        "NAdam, Nesterov, Adam and momentum take 17 to 21 steps, Adadelta, whose first steps are tiny, 47, and "
        "plain SGD 56.",
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
)

PRESETS_BY_ID = {p.id: p for p in PRESETS}


def link(preset: Preset, lang: str | None = None) -> str:
    """A relative link to the preset's page with its query (and the language, when not English)."""
    query = preset.query_dict
    if lang and lang != "en":
        query["lang"] = lang
    return f"{preset.page}?{query_string(query)}"
