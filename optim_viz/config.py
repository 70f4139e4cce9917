"""The playground's configuration: frozen dataclasses, the values each control offers, and the URL.

A ``PlaygroundConfig`` is everything that determines what the playground shows. The page builds
one from its widgets; ``encode_query`` turns it into query parameters and ``decode_query`` turns
query parameters back into a config plus a list of notices. Decoding never raises: anything
missing falls back to a default, and anything malformed falls back to a default *with a notice*
saying what was wrong and what was used instead.

URL format (every value is plain text; nothing is evaluated)::

    surface=ravine(angle_deg=0,kappa=100)  start=-4.5,1.5  steps=150
    run=sgd(lr=0.019)  run=sgd(lr=0.004,momentum=0.9)      # repeated, in order, at most 8
    schedule=step(step_size=50,gamma=0.5)  noise=0.1  seed=0  tol=0.001  k=10  classroom=1
    surface=custom  expr=x**2 + 10*y**2  window=-3,3,-3,3        # a typed formula (optim_viz.expr)

Hyperparameters equal to torch's default are left out of ``run=``; decoding fills them in.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from .core.engine import RunSpec
from .core.optimizers import OPTIMIZERS, HyperParam, get_optimizer, resolve_hparams
from .core.schedules import SCHEDULES, ScheduleParam, resolve_schedule
from .core.surfaces import (
    CUSTOM,
    CUSTOM_WINDOW,
    SURFACES,
    Surface,
    SurfaceParam,
    _check_window,
    make_custom_surface,
    make_surface,
)
from .i18n import Translator, english

MAX_RUNS = 8
MAX_QUERY_VALUE = 400  # characters; longer values are treated as tampered
SEED_MAX = 2**31 - 1
DEFAULT_EXPR = "x**2 + 10*y**2"  # the custom formula offered first: a quadratic, so it has a theory
SURFACE_CHOICES = (*SURFACES, CUSTOM)


@functools.lru_cache(maxsize=32)
def custom_surface(expr: str, window: tuple[float, float, float, float] | None = None) -> Surface:
    """The surface of a typed formula, built once per (text, window): surfaces hold compiled
    functions, so the cache is keyed by the text. Raises ParseError/ValueError like
    ``make_custom_surface``."""
    return make_custom_surface(expr, window)


def build_surface(
    name: str, params: Mapping[str, Any] | None = None, expr: str = "", window: tuple | None = None
) -> Surface:
    """A built-in surface with ``params``, or the custom formula ``expr`` when ``name`` is 'custom'."""
    if name == CUSTOM:
        return custom_surface(expr, None if window is None else tuple(float(v) for v in window))
    return make_surface(name, params)


# --------------------------------------------------------------------------------------
# The values a control offers. Every float control is a slider over a fixed list of values, so
# the URL can only hold values a learner could have picked, and a link reproduces the view.

_MANTISSAS = (1, 1.1, 1.2, 1.3, 1.4, 1.5, 1.6, 1.7, 1.8, 1.9, 2, 2.2, 2.5, 2.8, 3, 3.5, 4, 4.5, 5, 5.5, 6, 7, 8, 9)
_COEFFICIENTS = tuple(round(0.05 * i, 2) for i in range(18)) + tuple(round(0.9 + 0.01 * i, 2) for i in range(10))
_COEFFICIENTS += (0.995, 0.999, 0.9995, 0.9999, 1.0)
COEFFICIENT_NAMES = {"momentum", "dampening", "beta", "alpha", "rho", "beta1", "beta2", "gamma"}


def log_grid(low: float, high: float) -> tuple[float, ...]:
    """Round numbers from low to high, 24 per decade (1, 1.1, …, 1.9, 2, 2.2, 2.5, …, 8, 9)."""
    e0, e1 = math.floor(math.log10(low)), math.ceil(math.log10(high))
    values = {float(f"{m}e{e}") for e in range(e0, e1 + 1) for m in _MANTISSAS}
    return tuple(sorted(v for v in values if low * (1 - 1e-12) <= v <= high * (1 + 1e-12)))


def zero_log_grid(high: float, decades: int = 4) -> tuple[float, ...]:
    """0, then a log grid over the top ``decades`` decades below ``high``."""
    return (0.0,) + log_grid(high * 10.0**-decades, high)


def coefficient_grid(high: float = 1.0, *, below_one: bool = True) -> tuple[float, ...]:
    """0, 0.05, …, 0.85, 0.9, 0.91, …, 0.99, 0.995, 0.999, 0.9995, 0.9999 (and 1 if allowed)."""
    return tuple(v for v in _COEFFICIENTS if v <= high and not (below_one and v >= 1.0))


def linear_grid(low: float, high: float, step: float) -> tuple[float, ...]:
    n = int(round((high - low) / step))
    return tuple(round(low + i * step, 10) for i in range(n + 1))


def hparam_grid(h: HyperParam, part: str | None = None) -> tuple[float, ...]:
    """The slider values of a float hyperparameter (``part`` is beta1/beta2 for ``betas``)."""
    name = part or h.name
    if h.log:
        return log_grid(h.low, h.high)
    if name in COEFFICIENT_NAMES:
        return coefficient_grid(h.high, below_one=name != "dampening")
    return zero_log_grid(h.high)


_SURFACE_GRIDS: dict[tuple[str, str], tuple[float, ...]] = {
    ("quadratic", "a"): log_grid(0.1, 100.0),
    ("quadratic", "b"): log_grid(0.1, 100.0),
    ("ravine", "kappa"): log_grid(1.0, 1000.0),
    ("ravine", "angle_deg"): linear_grid(-180.0, 180.0, 5.0),
    ("rosenbrock", "a"): linear_grid(-2.0, 2.0, 0.1),
    ("rosenbrock", "b"): log_grid(1.0, 1000.0),
    ("rastrigin", "A"): linear_grid(0.0, 20.0, 0.5),
    ("neuron", "n_points"): (4.0, 8.0, 10.0, 16.0, 20.0, 30.0, 40.0, 50.0, 64.0, 80.0, 100.0, 200.0, 500.0),
    ("neuron", "separation"): linear_grid(0.0, 10.0, 0.25),
}


@dataclass(frozen=True)
class Control:
    """How a surface parameter is set: a slider over ``values``, a choice, or a whole-number box."""

    kind: str  # "slider", "choice" or "integer"
    values: tuple = ()
    low: int = 0
    high: int = 0


def surface_param_control(surface: str, p: SurfaceParam) -> Control:
    if p.choices:
        return Control("choice", tuple(p.choices))
    grid = _SURFACE_GRIDS.get((surface, p.name))
    if grid is not None:
        return Control("slider", grid)
    if p.integer:  # seeds and other unbounded whole numbers
        return Control("integer", low=int(p.low), high=int(p.high))
    # a parameter added to the engine later: a generic grid inside its valid range
    if p.low > 0 or not p.low_inclusive:
        return Control("slider", log_grid(max(p.low, p.high * 1e-4, 1e-6), p.high))
    return Control("slider", linear_grid(p.low, p.high, (p.high - p.low) / 40))


_INT_GRID = (1, 2, 3, 5, 10, 15, 20, 25, 30, 40, 50, 75, 100, 150, 200, 300, 500, 1000)


def schedule_param_grid(p: ScheduleParam) -> tuple[float, ...]:
    if p.integer:
        return tuple(float(v) for v in _INT_GRID if p.low <= v <= p.high)
    if p.name in COEFFICIENT_NAMES:
        return coefficient_grid(p.high, below_one=False)
    return zero_log_grid(min(p.high, 1.0))


STEP_CHOICES = (
    1,
    2,
    3,
    4,
    5,
    6,
    8,
    10,
    12,
    15,
    20,
    25,
    30,
    40,
    50,
    60,
    75,
    100,
    120,
    150,
    200,
    250,
    300,
    400,
    500,
    600,
    750,
    1000,
    1200,
    1500,
    2000,
)
NOISE_CHOICES = zero_log_grid(100.0, decades=4)
TOL_CHOICES = (1e-10, 1e-8, 1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 0.1, 1.0)


def nearest(grid: Iterable[float], value: float) -> float:
    """The grid value closest to ``value``; by ratio when the grid and the value are all positive."""
    grid = list(grid)
    if value > 0 and grid[0] > 0:
        return min(grid, key=lambda g: abs(math.log(g / value)))
    return min(grid, key=lambda g: abs(g - value))


def format_number(v: float) -> str:
    """Short, exact-looking text for a control value: 0.035, 1e-08, 150."""
    if float(v).is_integer() and abs(v) < 1e6:
        return str(int(v))
    return f"{v:.6g}"


# --------------------------------------------------------------------------------------
# The configuration


def _items(d: Mapping[str, Any]) -> tuple[tuple[str, Any], ...]:
    return tuple(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in d.items()))


@dataclass(frozen=True)
class RunConfig:
    """One run: an optimizer and every one of its hyperparameters (torch names; betas as a pair)."""

    optimizer: str = "sgd"
    hparams: tuple[tuple[str, Any], ...] = ()

    @classmethod
    def make(cls, optimizer: str, hparams: Mapping[str, Any] | None = None) -> RunConfig:
        """Fill in torch's defaults for every hyperparameter not given."""
        full = get_optimizer(optimizer).defaults
        full.update(hparams or {})
        return cls(optimizer, _items(full))

    @property
    def hparams_dict(self) -> dict[str, Any]:
        return dict(self.hparams)


# New runs start from values that move visibly on the default surfaces (torch's lr defaults are
# tuned for networks, far too timid for a 2-D bowl).
PLAYGROUND_LR = {
    "sgd": 0.019,
    "ewma_momentum": 0.19,
    "adagrad": 0.5,
    "rmsprop": 0.05,
    "adadelta": 1.0,
    "adam": 0.1,
    "adamw": 0.1,
    "nadam": 0.1,
}
ADD_ORDER = ("adam", "rmsprop", "adagrad", "nadam", "adamw", "adadelta", "ewma_momentum", "sgd")


def new_run(optimizer: str) -> RunConfig:
    return RunConfig.make(optimizer, {"lr": PLAYGROUND_LR.get(optimizer, 0.01)})


def next_run(existing: Iterable[RunConfig]) -> RunConfig:
    """The run the Add button appends: the first optimizer of ADD_ORDER not already shown."""
    used = {r.optimizer for r in existing}
    for name in ADD_ORDER:
        if name not in used:
            return new_run(name)
    return new_run("adam")


# The headline picture: on a ravine with κ = 100, lr·κ = 1.9 makes plain SGD bounce between the walls
# (each step reverses 90% of the last one across the valley) while it crawls along the floor
# (1 − lr = 0.981 per step: still 0.25 from the minimum after 150 steps). Momentum 0.9 with lr 0.004
# (an effective step lr/(1 − μ) = 0.04 along the floor) weaves smoothly down the valley instead and
# ends within 2e-4 of the minimum. (At SGD's lr, μ = 0.9 would bounce across the valley too: each
# across-valley step turns by about 90° and shrinks by only √0.9.)
DEFAULT_RUNS = (
    RunConfig.make("sgd", {"lr": 0.019}),
    RunConfig.make("sgd", {"lr": 0.004, "momentum": 0.9}),
)


@dataclass(frozen=True)
class PlaygroundConfig:
    """Everything the playground shows. Hashable, so it keys the caches."""

    surface: str = "ravine"
    surface_params: tuple[tuple[str, float], ...] = (("angle_deg", 0.0), ("kappa", 100.0))
    start: tuple[float, float] = (-4.5, 1.5)
    steps: int = 150
    runs: tuple[RunConfig, ...] = DEFAULT_RUNS
    schedule: str = "constant"
    schedule_params: tuple[tuple[str, float], ...] = ()
    noise: float = 0.0
    seed: int = 0
    batch_size: int | None = None  # mini-batch size on data surfaces; None: every data point
    tol: float = 1e-3  # "steps to tolerance": first step with f − f* ≤ tol
    inspect_step: int = 5
    classroom: bool = False
    expr: str = ""  # f(x, y) when surface == "custom"
    window: tuple[float, float, float, float] | None = None  # custom view window; None: CUSTOM_WINDOW

    @property
    def surface_params_dict(self) -> dict[str, float]:
        return dict(self.surface_params)

    @property
    def schedule_params_dict(self) -> dict[str, float]:
        return dict(self.schedule_params)

    def make_surface(self) -> Surface:
        return build_surface(self.surface, self.surface_params_dict, self.expr, self.window)

    def run_specs(self, t: Translator = english) -> list[RunSpec]:
        """The engine's view of the runs: the shared schedule and noise applied to each (labels in t's language)."""
        return [
            RunSpec.make(
                r.optimizer,
                r.hparams_dict,
                self.schedule,
                self.schedule_params_dict,
                self.noise,
                self.seed,
                run_label(i, r, t),
                self.batch_size,
            )
            for i, r in enumerate(self.runs)
        ]

    def for_engine(self) -> PlaygroundConfig:
        """This config with the view-only fields reset: the key of the cached simulation."""
        return replace(self, inspect_step=1, classroom=False)


DEFAULT_CONFIG = PlaygroundConfig()


def surface_defaults(name: str) -> tuple[tuple[str, float], ...]:
    if name == CUSTOM:
        return ()
    if name == DEFAULT_CONFIG.surface:
        return DEFAULT_CONFIG.surface_params
    return _items({p.name: p.default if p.choices or p.integer else float(p.default) for p in SURFACES[name].params})


def schedule_defaults(name: str) -> tuple[tuple[str, float], ...]:
    return _items({p.name: float(p.default) for p in SCHEDULES[name].params})


def suggested_start(
    surface: str, params: Mapping[str, float], expr: str = "", window: tuple | None = None
) -> tuple[float, float]:
    x, y = build_surface(surface, params, expr, window).start
    return (round(x, 6), round(y, 6))


# --------------------------------------------------------------------------------------
# Labels


METHOD_TITLES = {"sgd_momentum": "SGD+momentum", "sgd_nesterov": "SGD+Nesterov"}
_SYMBOLS = {
    "lr": "η",
    "momentum": "μ",
    "dampening": "τ",
    "weight_decay": "λ",
    "beta": "β",
    "alpha": "α",
    "rho": "ρ",
    "eps": "ε",
    "lr_decay": "lr_decay",
    "initial_accumulator_value": "G₀",
    "momentum_decay": "ψ",
}


def method_title(run: RunConfig, t: Translator = english) -> str:
    from .theme import method_key

    key = method_key(run.optimizer, run.hparams_dict)
    return t(METHOD_TITLES.get(key, OPTIMIZERS[run.optimizer].title))


def run_label(index: int, run: RunConfig, t: Translator = english) -> str:
    """'2. SGD+momentum η=0.035 μ=0.9': the number, the method, lr and every non-default value."""
    opt = OPTIMIZERS[run.optimizer]
    hp = run.hparams_dict
    parts = [f"{index + 1}. {method_title(run, t)}", f"η={format_number(hp['lr'])}"]
    for h in opt.hparams:
        v = hp.get(h.name, h.default)
        if h.name == "lr" or v == h.default or (h.name == "nesterov"):
            continue
        if h.kind == "bool":
            parts.append(h.name if v else t("no {name}", name=h.name))
        elif h.kind == "betas":
            parts.append(f"β=({format_number(v[0])}, {format_number(v[1])})")
        else:
            parts.append(f"{_SYMBOLS.get(h.name, h.name)}={format_number(v)}")
    return " ".join(parts)


# --------------------------------------------------------------------------------------
# Validation: a config whose every value a control can show, or the default with a notice.


class Notice(str):
    """A notice about a link: its English text (it *is* that str) plus the template and values it
    was made from, so a page can show it in another language (values may be Notices themselves)."""

    template: str
    values: dict[str, Any]

    def __new__(cls, template: str, **values: Any) -> Notice:
        obj = super().__new__(cls, template.format(**values) if values else template)
        obj.template, obj.values = template, values
        return obj


class LinkError(ValueError):
    """A value in a link that cannot be read; ``notice`` says why, translatably."""

    def __init__(self, template: str, **values: Any):
        self.notice = Notice(template, **values)
        super().__init__(str(self.notice))


def _why(err: Exception) -> str:
    """The reason of an error for a notice: translatable when it is ours, the message otherwise."""
    return getattr(err, "notice", None) or str(err)


def _snap(name: str, value: float, grid: tuple[float, ...], default: float, notices: list[str]) -> float:
    if not math.isfinite(value) or value < grid[0] - 1e-12 or value > grid[-1] + 1e-12:
        notices.append(
            Notice(
                "{name}={v0} is outside {v1}…{v2}; using {v3}.",
                name=name,
                v0=format_number(value),
                v1=format_number(grid[0]),
                v2=format_number(grid[-1]),
                v3=format_number(default),
            )
        )
        return default
    snapped = nearest(grid, value)
    if not math.isclose(snapped, value, rel_tol=1e-9, abs_tol=1e-15):
        notices.append(
            Notice(
                "{name}={v0} was rounded to the nearest slider value, {v1}.",
                name=name,
                v0=format_number(value),
                v1=format_number(snapped),
            )
        )
    return snapped


def _check_surface_param(surface: str, p: SurfaceParam, value: Any, default: Any, notices: list[str]) -> Any:
    control = surface_param_control(surface, p)
    name = f"{surface} {p.name}"
    if control.kind == "choice":
        if value in control.values:
            return value
        notices.append(
            Notice(
                "{name}={value!r} is not one of {v0}; using {default}.",
                name=name,
                value=value,
                v0=", ".join(control.values),
                default=default,
            )
        )
        return default
    if isinstance(value, str):
        notices.append(
            Notice("{name}={value!r} is not a number; using {default}.", name=name, value=value, default=default)
        )
        return default
    if control.kind == "integer":
        if float(value).is_integer() and control.low <= value <= control.high:
            return int(value)
        notices.append(
            Notice(
                "{name}={v0} must be a whole number in [{v1}, {v2}]; using {default}.",
                name=name,
                v0=format_number(value),
                v1=control.low,
                v2=control.high,
                default=default,
            )
        )
        return default
    v = _snap(name, float(value), control.values, float(default), notices)
    return int(v) if p.integer else v


def _check_run(index: int, run: RunConfig, notices: list[str]) -> RunConfig:
    """Snap every float to its slider grid and check the combination with the engine's validator."""
    opt = OPTIMIZERS[run.optimizer]
    given = run.hparams_dict
    fallback = new_run(run.optimizer).hparams_dict
    out: dict[str, Any] = {}
    where = Notice("run {n} ({title})", n=index + 1, title=opt.title)
    for h in opt.hparams:
        v = given.get(h.name, h.default)
        default = fallback[h.name]
        if h.kind == "bool":
            out[h.name] = bool(v)
        elif h.kind == "betas":
            b1 = _snap(
                Notice("{where} {name}", where=where, name="β₁"),
                float(v[0]),
                hparam_grid(h, "beta1"),
                default[0],
                notices,
            )
            b2 = _snap(
                Notice("{where} {name}", where=where, name="β₂"),
                float(v[1]),
                hparam_grid(h, "beta2"),
                default[1],
                notices,
            )
            out[h.name] = (b1, b2)
        else:
            out[h.name] = _snap(
                Notice("{where} {name}", where=where, name=h.name), float(v), hparam_grid(h), float(default), notices
            )
    try:
        resolve_hparams(run.optimizer, out)
    except ValueError as err:
        notices.append(Notice("{where}: {err}; using the defaults of {v0}.", where=where, err=_why(err), v0=opt.title))
        return new_run(run.optimizer)
    return RunConfig.make(run.optimizer, out)


def validate_config(cfg: PlaygroundConfig) -> tuple[PlaygroundConfig, list[str]]:
    """Every field on its control's grid and accepted by the engine; notices say what changed."""
    notices: list[str] = []
    surface, expr, window = cfg.surface, "", None
    surf = _check_custom(cfg, notices) if surface == CUSTOM else None
    if surf is not None:
        expr, window, params = cfg.expr, _window_or_none(cfg.window, notices), {}
    elif surface == CUSTOM or surface not in SURFACES:
        if surface != CUSTOM:
            notices.append(
                Notice("Unknown surface {surface!r}; using {v0}.", surface=surface, v0=DEFAULT_CONFIG.surface)
            )
        surface = DEFAULT_CONFIG.surface
    if surf is None:
        spec = SURFACES[surface]
        given = dict(cfg.surface_params) if surface == cfg.surface else {}
        defaults = dict(surface_defaults(surface))
        params = {
            p.name: _check_surface_param(surface, p, given.get(p.name, defaults[p.name]), defaults[p.name], notices)
            for p in spec.params
        }
        try:
            surf = make_surface(surface, params)
        except ValueError as err:
            notices.append(Notice("{err}; using the default parameters of {surface}.", err=_why(err), surface=surface))
            params = defaults
            surf = make_surface(surface, params)

    x0, x1, y0, y1 = surf.window
    start = cfg.start
    if not (len(start) == 2 and all(math.isfinite(v) for v in start) and x0 <= start[0] <= x1 and y0 <= start[1] <= y1):
        fallback = suggested_start(surface, params, expr, window)
        shown = ", ".join(format_number(v) for v in start)
        notices.append(
            Notice(
                "start=({shown}) is outside the surface's window x∈[{x0:g}, {x1:g}], y∈[{y0:g}, {y1:g}]; "
                "using ({v0}, {v1}).",
                shown=shown,
                x0=x0,
                x1=x1,
                y0=y0,
                y1=y1,
                v0=format_number(fallback[0]),
                v1=format_number(fallback[1]),
            )
        )
        start = fallback
    start = (float(start[0]), float(start[1]))
    if surface == CUSTOM and not _defined_at(surf, start):
        fallback = suggested_start(surface, params, expr, window)
        notices.append(
            Notice(
                "f is not defined at start=({v0}, {v1}); using ({v2}, {v3}).",
                v0=format_number(start[0]),
                v1=format_number(start[1]),
                v2=format_number(fallback[0]),
                v3=format_number(fallback[1]),
            )
        )
        start = fallback

    steps = int(_snap("steps", float(cfg.steps), tuple(float(s) for s in STEP_CHOICES), DEFAULT_CONFIG.steps, notices))

    runs = []
    for i, r in enumerate(cfg.runs[:MAX_RUNS]):
        if r.optimizer not in OPTIMIZERS:
            notices.append(Notice("Unknown optimizer {v0!r} in run {v1}; run dropped.", v0=r.optimizer, v1=i + 1))
            continue
        runs.append(_check_run(len(runs), r, notices))
    if len(cfg.runs) > MAX_RUNS:
        notices.append(Notice("At most {v0} runs; runs after the {v1}th were dropped.", v0=MAX_RUNS, v1=MAX_RUNS))
    if not runs:
        notices.append(Notice("No valid run; using the default comparison (SGD vs SGD+momentum)."))
        runs = list(DEFAULT_RUNS)

    schedule = cfg.schedule
    if schedule not in SCHEDULES:
        notices.append(Notice("Unknown schedule {schedule!r}; using constant.", schedule=schedule))
        schedule = "constant"
    sp_given = dict(cfg.schedule_params) if schedule == cfg.schedule else {}
    sp = {}
    for p in SCHEDULES[schedule].params:
        v = float(sp_given.get(p.name, p.default))
        sp[p.name] = _snap(f"schedule {p.name}", v, schedule_param_grid(p), float(p.default), notices)
    try:
        resolve_schedule(schedule, sp)
    except ValueError as err:
        notices.append(Notice("{err}; using the schedule's defaults.", err=_why(err)))
        sp = dict(schedule_defaults(schedule))

    noise = _snap("noise", float(cfg.noise), NOISE_CHOICES, 0.0, notices)
    seed = cfg.seed
    if not (isinstance(seed, int) and 0 <= seed <= SEED_MAX):
        notices.append(Notice("seed={seed!r} must be a whole number in [0, {v0}]; using 0.", seed=seed, v0=SEED_MAX))
        seed = 0
    tol = _snap("tol", float(cfg.tol), TOL_CHOICES, DEFAULT_CONFIG.tol, notices)
    batch_size = cfg.batch_size
    if batch_size is not None:
        n = surf.n_samples
        if n is None:
            notices.append(
                Notice(
                    "batch={batch_size!r}: surface {surface} has no data points; using full gradients.",
                    batch_size=batch_size,
                    surface=surface,
                )
            )
            batch_size = None
        elif not (isinstance(batch_size, int) and 1 <= batch_size <= n):
            notices.append(
                Notice(
                    "batch={batch_size!r} must be a whole number in [1, {n}]; using all {n} points.",
                    batch_size=batch_size,
                    n=n,
                )
            )
            batch_size = None
        elif batch_size == n:
            batch_size = None
    k = cfg.inspect_step
    if not (isinstance(k, int) and 1 <= k <= steps):
        clamped = min(max(int(k) if isinstance(k, int) else 1, 1), steps)
        notices.append(
            Notice(
                "inspected step k={k!r} must be in [1, {steps}]; using {clamped}.", k=k, steps=steps, clamped=clamped
            )
        )
        k = clamped
    out = PlaygroundConfig(
        surface=surface,
        surface_params=_items(params),
        start=start,
        steps=steps,
        runs=tuple(runs),
        schedule=schedule,
        schedule_params=_items(sp),
        noise=noise,
        seed=seed,
        batch_size=batch_size,
        tol=tol,
        inspect_step=k,
        classroom=bool(cfg.classroom),
        expr=expr,
        window=window,
    )
    return out, notices


def _defined_at(surface: Surface, point: tuple[float, float]) -> bool:
    import numpy as np

    with np.errstate(all="ignore"):
        f = surface.value(np.array([point[0]]), np.array([point[1]]))
    return bool(np.isfinite(f).all())


def _window_or_none(window: Any, notices: list[str]) -> tuple[float, float, float, float] | None:
    """A custom view window, or None for the default one (also when it is not a valid window)."""
    if window is None:
        return None
    try:
        x0, x1, y0, y1 = (float(v) for v in window)
        win = _check_window((x0, x1, y0, y1))
    except (TypeError, ValueError):
        shown = ", ".join(str(v) for v in window) if isinstance(window, (tuple, list)) else str(window)
        default = ", ".join(format_number(v) for v in CUSTOM_WINDOW)
        notices.append(Notice("window=({shown}) is not a view window x_min < x_max, y_min < y_max within ±1e6; "
                              "using the default ({default}).", shown=shown, default=default))  # fmt: skip
        return None
    return None if win == CUSTOM_WINDOW else win


def _check_custom(cfg: PlaygroundConfig, notices: list[str]) -> Surface | None:
    """The surface of cfg.expr (in cfg.window, or the default one), or None with a notice."""
    window = _window_or_none(cfg.window, [])
    try:
        return custom_surface(cfg.expr, window)
    except ValueError as err:  # ParseError is a ValueError: nothing was evaluated
        notices.append(
            Notice("The formula cannot be used ({err}); using {v0}.", err=_why(err), v0=DEFAULT_CONFIG.surface)
        )
        return None


# --------------------------------------------------------------------------------------
# Query parameters


def _num(v: float) -> str:
    """Shortest text that reads back to the same float."""
    return format_number(v) if float(v).is_integer() else repr(float(v))


def _text(v: Any) -> str:
    return v if isinstance(v, str) else _num(v)


def _call(name: str, params: Mapping[str, str]) -> str:
    if not params:
        return name
    return f"{name}({','.join(f'{k}={v}' for k, v in params.items())})"


def encode_run(run: RunConfig) -> str:
    opt = OPTIMIZERS[run.optimizer]
    hp = run.hparams_dict
    out = {}
    for h in opt.hparams:
        v = hp.get(h.name, h.default)
        if h.name != "lr" and v == h.default:
            continue
        if h.kind == "bool":
            out[h.name] = "1" if v else "0"
        elif h.kind == "betas":
            out[h.name] = f"{_num(v[0])}/{_num(v[1])}"
        else:
            out[h.name] = _num(v)
    return _call(run.optimizer, out)


def encode_query(cfg: PlaygroundConfig) -> dict[str, str | list[str]]:
    """The whole config as query parameters (``run`` repeats, one per run, in order)."""
    q: dict[str, str | list[str]] = {
        "surface": _call(cfg.surface, {k: _text(v) for k, v in cfg.surface_params}),
        "start": f"{_num(cfg.start[0])},{_num(cfg.start[1])}",
        "steps": str(cfg.steps),
        "run": [encode_run(r) for r in cfg.runs],
        "schedule": _call(cfg.schedule, {k: _num(v) for k, v in cfg.schedule_params}),
        "noise": _num(cfg.noise),
        "seed": str(cfg.seed),
        "k": str(cfg.inspect_step),
    }
    if cfg.surface == CUSTOM:
        q["expr"] = cfg.expr
        if cfg.window is not None:
            q["window"] = ",".join(_num(v) for v in cfg.window)
    if cfg.batch_size is not None:
        q["batch"] = str(cfg.batch_size)
    q["tol"] = _num(cfg.tol)
    if cfg.classroom:
        q["classroom"] = "1"
    return q


_CALL = re.compile(r"^([a-z_]+)(?:\((.*)\))?$")
_NAME = re.compile(r"^[A-Za-z_]+$")
# Parameters other parts of the app own (the page language): kept in the URL, never flagged.
FOREIGN_KEYS = ("lang",)
QUERY_KEYS = (
    "surface", "start", "steps", "run", "schedule", "noise", "seed", "batch", "tol", "k", "classroom", "expr", "window",
)  # fmt: skip


def _parse_call(text: str) -> tuple[str, dict[str, str]]:
    """'sgd(lr=0.1,momentum=0.9)' -> ('sgd', {'lr': '0.1', 'momentum': '0.9'}); ValueError if malformed."""
    m = _CALL.match(text.strip())
    if not m:
        raise LinkError("cannot read {text!r} (expected name(key=value,…))", text=text)
    name, body = m.group(1), m.group(2)
    params: dict[str, str] = {}
    if body:
        for item in body.split(","):
            key, sep, value = item.partition("=")
            key = key.strip()
            if not sep or not _NAME.match(key) or key in params:
                raise LinkError("cannot read {item!r} in {text!r} (expected key=value)", item=item, text=text)
            params[key] = value.strip()
    return name, params


def _float(text: str) -> float:
    try:
        v = float(text)  # plain numbers only: nothing is evaluated
    except ValueError:
        raise LinkError("{text!r} is not a number", text=text) from None
    if not math.isfinite(v):
        raise LinkError("{text!r} is not a finite number", text=text)
    return v


def _bool(text: str) -> bool:
    t = text.strip().lower()
    if t in ("1", "true", "yes", "on"):
        return True
    if t in ("0", "false", "no", "off", ""):
        return False
    raise LinkError("{text!r} is not true/false", text=text)


def _int(text: str) -> int:
    v = _float(text)
    if not v.is_integer():
        raise LinkError("{text!r} is not a whole number", text=text)
    return int(v)


def _decode_run(text: str, index: int, notices: list[str]) -> RunConfig | None:
    where = Notice("run {n}", n=index + 1)
    try:
        name, params = _parse_call(text)
    except ValueError as err:
        notices.append(Notice("{where}: {err}; run dropped.", where=where, err=_why(err)))
        return None
    if name not in OPTIMIZERS:
        notices.append(
            Notice(
                "{where}: unknown optimizer {name!r} (choose from {v0}); run dropped.",
                where=where,
                name=name,
                v0=", ".join(OPTIMIZERS),
            )
        )
        return None
    opt = OPTIMIZERS[name]
    base = new_run(name).hparams_dict
    hp = {h.name: h.default for h in opt.hparams}
    hp["lr"] = base["lr"]
    for key, value in params.items():
        try:
            h = opt.hparam(key)
        except KeyError:
            notices.append(
                Notice("{where}: {v0} has no hyperparameter {key!r}; ignored.", where=where, v0=opt.title, key=key)
            )
            continue
        try:
            if h.kind == "bool":
                hp[key] = _bool(value)
            elif h.kind == "betas":
                parts = value.split("/")
                if len(parts) != 2:
                    raise LinkError("{value!r} is not two numbers like 0.9/0.999", value=value)
                hp[key] = (_float(parts[0]), _float(parts[1]))
            else:
                hp[key] = _float(value)
        except ValueError as err:
            notices.append(
                Notice(
                    "{where}: {key}: {err}; using {v0}.",
                    where=where,
                    key=key,
                    err=_why(err),
                    v0=h.default if key != "lr" else base["lr"],
                )
            )
    return RunConfig.make(name, hp)


def _first(q: Mapping[str, Any], key: str) -> str | None:
    v = q.get(key)
    if isinstance(v, (list, tuple)):
        v = v[-1] if v else None
    return None if v is None else str(v)


def _all(q: Mapping[str, Any], key: str) -> list[str]:
    v = q.get(key)
    if v is None:
        return []
    return [str(x) for x in v] if isinstance(v, (list, tuple)) else [str(v)]


def _decode_custom(expr_text: str | None, window_text: str | None, notices: list[str]) -> dict[str, Any]:
    """surface=custom: the formula checked by the safe parser (never evaluated as code) and the
    optional window; a formula that cannot be used falls back to the default surface with a notice."""
    from .core.expr import check

    if expr_text is None:
        notices.append(Notice("surface=custom needs a formula (expr=…); using {v0}.", v0=DEFAULT_CONFIG.surface))
        return {}
    err = check(expr_text)
    if err is not None:
        notices.append(
            Notice(
                "The formula in the link cannot be used ({err}); using {v0}.", err=_why(err), v0=DEFAULT_CONFIG.surface
            )
        )
        return {}
    out: dict[str, Any] = {"surface": CUSTOM, "surface_params": (), "expr": expr_text}
    if window_text is not None:
        try:
            parts = window_text.split(",")
            if len(parts) != 4:
                raise LinkError("{window_text!r} is not four numbers like -3,3,-3,3", window_text=window_text)
            out["window"] = _check_window(tuple(_float(v) for v in parts))
        except ValueError as err:
            notices.append(Notice("window: {err}; using the default window.", err=_why(err)))
    return out


def decode_query(q: Mapping[str, Any]) -> tuple[PlaygroundConfig, list[str]]:
    """A config from query parameters, and notices for everything that had to fall back. Never raises."""
    notices: list[str] = []
    d = DEFAULT_CONFIG
    fields: dict[str, Any] = {}

    for key in q:
        if key not in QUERY_KEYS and key not in FOREIGN_KEYS:
            notices.append(Notice("Unknown link parameter {key!r} ignored.", key=key))
    too_long = [k for k in QUERY_KEYS if any(len(v) > MAX_QUERY_VALUE for v in _all(q, k))]
    for key in too_long:
        notices.append(Notice("Link parameter {key!r} is too long; using the default.", key=key))

    def text(key: str) -> str | None:
        return None if key in too_long else _first(q, key)

    surface_text = text("surface")
    if surface_text is not None and surface_text.strip() == CUSTOM:
        fields.update(_decode_custom(text("expr"), text("window"), notices))
    elif surface_text is not None:
        try:
            name, params = _parse_call(surface_text)
            if name not in SURFACES:
                raise LinkError("unknown surface {name!r} (choose from {v0})", name=name, v0=", ".join(SURFACES))
            known = {p.name: p for p in SURFACES[name].params}
            sp = dict(surface_defaults(name))
            for k, v in params.items():
                if k not in known:
                    notices.append(Notice("surface {name} has no parameter {k!r}; ignored.", name=name, k=k))
                    continue
                try:
                    sp[k] = v if known[k].choices else _float(v)
                except ValueError as err:
                    notices.append(
                        Notice("surface {k}: {err}; using {v0}.", k=k, err=_why(err), v0=format_number(sp[k]))
                    )
            fields["surface"], fields["surface_params"] = name, _items(sp)
        except ValueError as err:
            notices.append(Notice("surface: {err}; using {v0}.", err=_why(err), v0=d.surface))
    surface = fields.get("surface", d.surface)
    surface_params = fields.get("surface_params", surface_defaults(surface))
    expr, window = fields.get("expr", ""), fields.get("window")
    custom_asked = surface_text is not None and surface_text.strip() == CUSTOM
    if not custom_asked and (q.get("expr") is not None or q.get("window") is not None):
        notices.append(Notice("expr and window apply only to surface=custom; ignored."))

    start_text = text("start")
    if start_text is not None:
        try:
            parts = start_text.split(",")
            if len(parts) != 2:
                raise LinkError("{start_text!r} is not two numbers like -4.5,1.5", start_text=start_text)
            fields["start"] = (_float(parts[0]), _float(parts[1]))
        except ValueError as err:
            notices.append(Notice("start: {err}; using the surface's suggested start.", err=_why(err)))
    if "start" not in fields:
        try:
            fields["start"] = suggested_start(surface, dict(surface_params), expr, window)
        except ValueError:
            fields["start"] = d.start  # bad parameters: validate_config falls back and says so

    for key, attr, parse in (
        ("steps", "steps", _int),
        ("noise", "noise", _float),
        ("seed", "seed", _int),
        ("batch", "batch_size", _int),
        ("tol", "tol", _float),
        ("k", "inspect_step", _int),
    ):
        t = text(key)
        if t is not None:
            try:
                fields[attr] = parse(t)
            except ValueError as err:
                notices.append(Notice("{key}: {err}; using the default.", key=key, err=_why(err)))

    run_texts = [] if "run" in too_long else _all(q, "run")
    if run_texts:
        if len(run_texts) > MAX_RUNS:
            notices.append(Notice("At most {v0} runs; runs after the {v1}th were dropped.", v0=MAX_RUNS, v1=MAX_RUNS))
        runs = [r for i, t in enumerate(run_texts[:MAX_RUNS]) if (r := _decode_run(t, i, notices)) is not None]
        if not runs:
            notices.append(Notice("No valid run in the link; using the default comparison (SGD vs SGD+momentum)."))
        fields["runs"] = tuple(runs) or d.runs

    sched_text = text("schedule")
    if sched_text is not None:
        try:
            name, params = _parse_call(sched_text)
            if name not in SCHEDULES:
                raise LinkError("unknown schedule {name!r} (choose from {v0})", name=name, v0=", ".join(SCHEDULES))
            known = {p.name for p in SCHEDULES[name].params}
            sp = dict(schedule_defaults(name))
            for k, v in params.items():
                if k not in known:
                    notices.append(Notice("schedule {name} has no parameter {k!r}; ignored.", name=name, k=k))
                    continue
                try:
                    sp[k] = _float(v)
                except ValueError as err:
                    notices.append(
                        Notice("schedule {k}: {err}; using {v0}.", k=k, err=_why(err), v0=format_number(sp[k]))
                    )
            fields["schedule"], fields["schedule_params"] = name, _items(sp)
        except ValueError as err:
            notices.append(Notice("schedule: {err}; using constant.", err=_why(err)))

    cls_text = text("classroom")
    if cls_text is not None:
        try:
            fields["classroom"] = _bool(cls_text)
        except ValueError as err:
            notices.append(Notice("classroom: {err}; classroom mode off.", err=_why(err)))

    cfg, more = validate_config(replace(d, **fields))
    return cfg, notices + more
