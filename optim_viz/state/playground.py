"""The playground's state: a frozen config, its defaults, validation, labels and its link.

A ``PlaygroundConfig`` is everything that determines what the playground shows. The page builds
one from its widgets; ``encode_query`` turns it into query parameters and ``decode_query`` turns
query parameters back into a config plus notices (through the one page-state schema,
``PLAYGROUND``). ``validate_config`` puts every value on its control's grid and checks the
combination with the engine's validators; anything it changes comes with a notice.

URL format (every value is plain text; nothing is evaluated)::

    surface=ravine(angle_deg=0,kappa=100)  start=-4.5,1.5  steps=150
    run=sgd(lr=0.019)  run=sgd(lr=0.004,momentum=0.9)      # repeated, in order, at most 8
    schedule=step(step_size=50,gamma=0.5)  noise=0.1  seed=0  tol=0.001  k=10  classroom=1
    surface=custom  expr=x**2 + 10*y**2  window=-3,3,-3,3        # a typed formula (core.expr)

Hyperparameters equal to torch's default are left out of ``run=``; decoding fills them in.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from ..core.engine import RunSpec, Simulation
from ..core.expr import check as check_formula
from ..core.methods import method_key
from ..core.optimizers import OPTIMIZERS, HyperParam, get_optimizer, resolve_hparams
from ..core.schedules import SCHEDULES, resolve_schedule
from ..core.surfaces import CUSTOM, CUSTOM_WINDOW, SURFACES, Surface, check_window
from ..i18n import Translator, english
from .notices import LinkError, Notice, why
from .schema import (
    Field,
    Flag,
    Grid,
    Kind,
    Numbers,
    Schema,
    Text,
    Whole,
    call_text,
    parse_bool,
    parse_call,
    parse_float,
    query_string,
    snap,
    value_text,
)
from .surfaces import (
    DEFAULT_EXPR,
    SURFACE_CHOICES,
    SurfaceChoice,
    build_surface,
    check_surface_params,
    custom_surface,
    inside_window,
    suggested_start,
    surface_defaults,
)
from .values import (
    NOISE_CHOICES,
    SEED_MAX,
    STEP_CHOICES,
    TOL_CHOICES,
    format_number,
    hparam_options,
    items,
    number_text,
    schedule_param_grid,
)

MAX_RUNS = 8

# --------------------------------------------------------------------------------------
# The configuration


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
        return cls(optimizer, items(full))

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
    "adamax": 0.1,
    "radam": 0.019,  # its first five updates are plain momentum steps on m̂: as SGD, η·κ stays below 2
    "rprop": 0.05,
    "asgd": 0.019,
    "adafactor": 0.1,
    "lbfgs": 1.0,
    "muon": 0.05,
}
ADD_ORDER = ("adam", "rmsprop", "adagrad", "nadam", "adamw", "adadelta", "ewma_momentum", "adamax", "radam", "rprop",
             "lbfgs", "muon", "adafactor", "asgd", "sgd")  # fmt: skip


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

    def run_specs(self) -> list[RunSpec]:
        """The engine's view of the runs: the shared schedule and noise applied to each."""
        return [
            RunSpec.make(r.optimizer, r.hparams_dict, self.schedule, self.schedule_params_dict, self.noise, self.seed,
                         batch_size=self.batch_size)  # fmt: skip
            for r in self.runs
        ]

    def simulation(self) -> Simulation:
        """Surface and runs together: everything the engine needs for this view."""
        return Simulation(self.make_surface(), tuple(self.run_specs()), self.start, self.steps, self.tol,
                          record_state=True)  # fmt: skip

    def labels(self, t: Translator = english) -> list[str]:
        return [run_label(i, r, t) for i, r in enumerate(self.runs)]

    def for_engine(self) -> PlaygroundConfig:
        """This config with the view-only fields reset: the key of the cached simulation."""
        return replace(self, inspect_step=1, classroom=False)


DEFAULT_CONFIG = PlaygroundConfig()


def schedule_defaults(name: str) -> tuple[tuple[str, float], ...]:
    return items({p.name: float(p.default) for p in SCHEDULES[name].params})


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
        elif h.kind == "tuple":
            shown = ", ".join("None" if x is None else format_number(x) for x in v)
            parts.append(f"{h.name}=({shown})")
        elif h.kind == "choice" or v is None:
            parts.append(f"{h.name}={v}")
        else:
            parts.append(f"{_SYMBOLS.get(h.name, h.name)}={format_number(v)}")
    return " ".join(parts)


# --------------------------------------------------------------------------------------
# Validation: a config whose every value a control can show, or the default with a notice.


def validate_config(cfg: PlaygroundConfig) -> tuple[PlaygroundConfig, list[Notice]]:
    """Every field on its control's grid and accepted by the engine; notices say what changed."""
    notices: list[Notice] = []
    surface, params, expr, window, surf = _valid_surface(cfg, notices)
    start = _valid_start(cfg.start, surface, params, expr, window, surf, notices)
    steps = int(snap("steps", float(cfg.steps), tuple(float(s) for s in STEP_CHOICES), DEFAULT_CONFIG.steps, notices))
    runs = _valid_runs(cfg.runs, notices)
    schedule, sp = _valid_schedule(cfg.schedule, cfg.schedule_params, notices)
    noise = snap("noise", float(cfg.noise), NOISE_CHOICES, 0.0, notices)
    seed = cfg.seed
    if not (isinstance(seed, int) and 0 <= seed <= SEED_MAX):
        notices.append(Notice("seed={seed!r} must be a whole number in [0, {v0}]; using 0.", seed=seed, v0=SEED_MAX))
        seed = 0
    tol = snap("tol", float(cfg.tol), TOL_CHOICES, DEFAULT_CONFIG.tol, notices)
    batch_size = _valid_batch(cfg.batch_size, surface, surf, notices)
    k = _valid_inspect_step(cfg.inspect_step, steps, notices)
    out = PlaygroundConfig(surface=surface, surface_params=items(params), start=start, steps=steps, runs=runs,
                           schedule=schedule, schedule_params=items(sp), noise=noise, seed=seed,
                           batch_size=batch_size, tol=tol, inspect_step=k, classroom=bool(cfg.classroom), expr=expr,
                           window=window)  # fmt: skip
    return out, notices


def _valid_surface(cfg: PlaygroundConfig, notices: list[Notice]):
    """(name, params, expr, window, Surface): the custom formula if it can be used, else a
    built-in surface with its parameters on their controls' values."""
    surface, expr, window, params = cfg.surface, "", None, {}
    surf = _check_custom(cfg, notices) if surface == CUSTOM else None
    if surf is not None:
        return surface, params, cfg.expr, _window_or_none(cfg.window, notices), surf
    if surface not in SURFACES:
        if surface != CUSTOM:
            notices.append(Notice("Unknown surface {surface!r}; using {v0}.", surface=surface,
                                  v0=DEFAULT_CONFIG.surface))  # fmt: skip
        surface = DEFAULT_CONFIG.surface
    given = dict(cfg.surface_params) if surface == cfg.surface else {}
    params = check_surface_params(surface, given, notices)
    return surface, params, expr, window, build_surface(surface, params)


def _valid_start(start, surface, params, expr, window, surf: Surface, notices: list[Notice]) -> tuple[float, float]:
    """The start inside the surface's window and where f is defined, else the suggested start."""
    x0, x1, y0, y1 = surf.window
    if not (len(start) == 2 and inside_window(surf, start)):
        fallback = suggested_start(surface, params, expr, window)
        shown = ", ".join(format_number(v) for v in start)
        notices.append(Notice("start=({shown}) is outside the surface's window x∈[{x0:g}, {x1:g}], y∈[{y0:g}, {y1:g}]; "
                              "using ({v0}, {v1}).", shown=shown, x0=x0, x1=x1, y0=y0, y1=y1,
                              v0=format_number(fallback[0]), v1=format_number(fallback[1])))  # fmt: skip
        start = fallback
    start = (float(start[0]), float(start[1]))
    if surface == CUSTOM and not defined_at(surf, start):
        fallback = suggested_start(surface, params, expr, window)
        notices.append(Notice("f is not defined at start=({v0}, {v1}); using ({v2}, {v3}).",
                              v0=format_number(start[0]), v1=format_number(start[1]),
                              v2=format_number(fallback[0]), v3=format_number(fallback[1])))  # fmt: skip
        start = fallback
    return start


def _valid_runs(given: tuple[RunConfig, ...], notices: list[Notice]) -> tuple[RunConfig, ...]:
    runs: list[RunConfig] = []
    for i, r in enumerate(given[:MAX_RUNS]):
        if r.optimizer not in OPTIMIZERS:
            notices.append(Notice("Unknown optimizer {v0!r} in run {v1}; run dropped.", v0=r.optimizer, v1=i + 1))
            continue
        runs.append(_valid_run(len(runs), r, notices))
    if len(given) > MAX_RUNS:
        notices.append(Notice("At most {v0} runs; runs after the {v1}th were dropped.", v0=MAX_RUNS, v1=MAX_RUNS))
    if not runs:
        notices.append(Notice("No valid run; using the default comparison (SGD vs SGD+momentum)."))
        return DEFAULT_RUNS
    return tuple(runs)


def _valid_run(index: int, run: RunConfig, notices: list[Notice]) -> RunConfig:
    """Every value on its control's options and the combination accepted by the engine's validator."""
    opt = OPTIMIZERS[run.optimizer]
    given = run.hparams_dict
    fallback = new_run(run.optimizer).hparams_dict
    where = Notice("run {n} ({title})", n=index + 1, title=opt.title)
    out = {h.name: _valid_value(h, given.get(h.name, h.default), fallback[h.name], where, notices)
           for h in opt.hparams}  # fmt: skip
    try:
        resolve_hparams(run.optimizer, out)
    except ValueError as err:
        notices.append(Notice("{where}: {err}; using the defaults of {v0}.", where=where, err=why(err), v0=opt.title))
        return new_run(run.optimizer)
    return RunConfig.make(run.optimizer, out)


def _valid_value(h: HyperParam, v: Any, default: Any, where: Notice, notices: list[Notice]) -> Any:
    """One hyperparameter's value as its control can show it (a notice where it had to change)."""
    if h.kind == "bool":
        return bool(v)
    name = Notice("{where} {name}", where=where, name=h.name)
    if h.kind == "choice":
        if v in h.choices:
            return v
        notices.append(Notice("{name}={value!r} is not one of {v0}; using {default}.", name=name, value=v,
                              v0=", ".join(str(c) for c in h.choices), default=str(default)))  # fmt: skip
        return default
    if h.kind in ("betas", "tuple"):
        if not isinstance(v, (tuple, list)) or len(v) != len(h.parts):
            notices.append(Notice("{name}: {value!r} is not {n} numbers; using {default}.", name=name, value=v,
                                  n=len(h.parts), default=default))  # fmt: skip
            return default
        return tuple(_on_options(h, p, v[i], default[i], Notice("{where} {name}", where=where, name=p.symbol or p.name),
                                 notices) for i, p in enumerate(h.parts))  # fmt: skip
    return _on_options(h, None, v, default, name, notices)


def _on_options(h: HyperParam, part, v: Any, default: Any, name: Notice, notices: list[Notice]) -> Any:
    """A number snapped onto its control's options; None kept where torch accepts it."""
    options = hparam_options(h, part)
    if v is None or default is None:
        if v in options:
            return v
        if v is None:
            notices.append(Notice("{name}=None is not allowed; using {default}.", name=name, default=default))
            return default
    numbers = tuple(o for o in options if o is not None)
    snapped = snap(name, float(v), tuple(float(o) for o in numbers), float(default if default is not None else
                                                                            numbers[0]), notices)  # fmt: skip
    return int(snapped) if h.kind == "int" else snapped


def _valid_schedule(schedule: str, given_params, notices: list[Notice]) -> tuple[str, dict[str, float]]:
    if schedule not in SCHEDULES:
        notices.append(Notice("Unknown schedule {schedule!r}; using constant.", schedule=schedule))
        schedule, given_params = "constant", ()
    given = dict(given_params)
    sp = {
        p.name: snap(f"schedule {p.name}", float(given.get(p.name, p.default)), schedule_param_grid(p),
                     float(p.default), notices)  # fmt: skip
        for p in SCHEDULES[schedule].params
    }
    try:
        resolve_schedule(schedule, sp)
    except ValueError as err:
        notices.append(Notice("{err}; using the schedule's defaults.", err=why(err)))
        sp = dict(schedule_defaults(schedule))
    return schedule, sp


def _valid_batch(batch_size, surface: str, surf: Surface, notices: list[Notice]) -> int | None:
    if batch_size is None:
        return None
    n = surf.n_samples
    if n is None:
        notices.append(Notice("batch={batch_size!r}: surface {surface} has no data points; using full gradients.",
                              batch_size=batch_size, surface=surface))  # fmt: skip
        return None
    if not (isinstance(batch_size, int) and 1 <= batch_size <= n):
        notices.append(Notice("batch={batch_size!r} must be a whole number in [1, {n}]; using all {n} points.",
                              batch_size=batch_size, n=n))  # fmt: skip
        return None
    return None if batch_size == n else batch_size


def _valid_inspect_step(k, steps: int, notices: list[Notice]) -> int:
    if isinstance(k, int) and 1 <= k <= steps:
        return k
    clamped = min(max(int(k) if isinstance(k, int) else 1, 1), steps)
    notices.append(Notice("inspected step k={k!r} must be in [1, {steps}]; using {clamped}.", k=k, steps=steps,
                          clamped=clamped))  # fmt: skip
    return clamped


def defined_at(surface: Surface, point: tuple[float, float]) -> bool:
    """f is finite at ``point`` (a typed formula such as log(x) is not defined everywhere)."""
    with np.errstate(all="ignore"):
        f = surface.value(np.array([point[0]]), np.array([point[1]]))
    return bool(np.isfinite(f).all())


def _window_or_none(window: Any, notices: list[Notice]) -> tuple[float, float, float, float] | None:
    """A custom view window, or None for the default one (also when it is not a valid window)."""
    if window is None:
        return None
    try:
        x0, x1, y0, y1 = (float(v) for v in window)
        win = check_window((x0, x1, y0, y1))
    except (TypeError, ValueError):
        shown = ", ".join(str(v) for v in window) if isinstance(window, (tuple, list)) else str(window)
        default = ", ".join(format_number(v) for v in CUSTOM_WINDOW)
        notices.append(Notice("window=({shown}) is not a view window x_min < x_max, y_min < y_max within ±1e6; "
                              "using the default ({default}).", shown=shown, default=default))  # fmt: skip
        return None
    return None if win == CUSTOM_WINDOW else win


def _check_custom(cfg: PlaygroundConfig, notices: list[Notice]) -> Surface | None:
    """The surface of cfg.expr (in cfg.window, or the default one), or None with a notice."""
    window = _window_or_none(cfg.window, [])
    try:
        return custom_surface(cfg.expr, window)
    except ValueError as err:  # ParseError is a ValueError: nothing was evaluated
        notices.append(Notice("The formula cannot be used ({err}); using {v0}.", err=why(err),
                              v0=DEFAULT_CONFIG.surface))  # fmt: skip
        return None


# --------------------------------------------------------------------------------------
# The link


def encode_run(run: RunConfig) -> str:
    opt = OPTIMIZERS[run.optimizer]
    hp = run.hparams_dict
    out = {}
    for h in opt.hparams:
        v = hp.get(h.name, h.default)
        if h.name != "lr" and v == h.default:
            continue
        out[h.name] = value_text(v)
    return call_text(run.optimizer, out)


def decode_run(text: str, index: int, notices: list[Notice]) -> RunConfig | None:
    """One ``run=`` value: the optimizer and its hyperparameters (a bad value falls back to the
    default with a notice, an unknown optimizer drops the run)."""
    where = Notice("run {n}", n=index + 1)
    try:
        name, params = parse_call(text)
    except ValueError as err:
        notices.append(Notice("{where}: {err}; run dropped.", where=where, err=why(err)))
        return None
    if name not in OPTIMIZERS:
        notices.append(Notice("{where}: unknown optimizer {name!r} (choose from {v0}); run dropped.", where=where,
                              name=name, v0=", ".join(OPTIMIZERS)))  # fmt: skip
        return None
    opt = OPTIMIZERS[name]
    hp = opt.defaults | {"lr": new_run(name).hparams_dict["lr"]}
    for key, value in params.items():
        try:
            h = opt.hparam(key)
        except KeyError:
            notices.append(Notice("{where}: {v0} has no hyperparameter {key!r}; ignored.", where=where, v0=opt.title,
                                  key=key))  # fmt: skip
            continue
        try:
            hp[key] = hparam_value(h, value)
        except ValueError as err:
            notices.append(Notice("{where}: {key}: {err}; using {v0}.", where=where, key=key, err=why(err),
                                  v0=hp[key]))  # fmt: skip
    return RunConfig.make(name, hp)


def hparam_value(h: HyperParam, text: str) -> Any:
    """A hyperparameter's value from link text: true/false, a number, torch's string for a choice,
    ``none`` for None, or a tuple like 0.9/0.999."""
    if h.kind == "bool":
        return parse_bool(text)
    if h.kind in ("betas", "tuple"):
        parts = text.split("/")
        if len(parts) != len(h.parts):
            example = "/".join(value_text(v) for v in h.default)
            raise LinkError("{value!r} is not {n} numbers like {example}", value=text, n=len(h.parts), example=example)
        return tuple(None if p.strip().lower() == "none" else parse_float(p) for p in parts)
    if text.strip().lower() == "none":
        return None
    if h.kind == "choice":
        if text not in h.choices:
            raise LinkError("{value!r} is not one of {v0}", value=text, v0=", ".join(str(c) for c in h.choices))
        return text
    v = parse_float(text)
    if h.kind == "int":
        if not v.is_integer():
            raise LinkError("{text!r} is not a whole number", text=text)
        return int(v)
    return v


class RunList(Kind):
    """``run=sgd(lr=0.019)&run=adam(lr=0.1)``: up to MAX_RUNS runs, in order."""

    repeated = True

    def read(self, key, texts, default, notices):
        if len(texts) > MAX_RUNS:
            notices.append(Notice("At most {v0} runs; runs after the {v1}th were dropped.", v0=MAX_RUNS, v1=MAX_RUNS))
        runs = [r for i, t in enumerate(texts[:MAX_RUNS]) if (r := decode_run(t, i, notices)) is not None]
        if not runs:
            notices.append(Notice("No valid run in the link; using the default comparison (SGD vs SGD+momentum)."))
        return tuple(runs) or default

    def write(self, value):
        return [encode_run(r) for r in value]


class ScheduleCall(Kind):
    """``schedule=step(step_size=50,gamma=0.5)``: a schedule and its parameters."""

    def read(self, key, text, default, notices):
        try:
            name, params = parse_call(text)
            if name not in SCHEDULES:
                raise LinkError("unknown schedule {name!r} (choose from {v0})", name=name, v0=", ".join(SCHEDULES))
        except ValueError as err:
            notices.append(Notice("schedule: {err}; using constant.", err=why(err)))
            return default
        known = {p.name for p in SCHEDULES[name].params}
        sp = dict(schedule_defaults(name))
        for k, v in params.items():
            if k not in known:
                notices.append(Notice("schedule {name} has no parameter {k!r}; ignored.", name=name, k=k))
                continue
            try:
                sp[k] = parse_float(v)
            except ValueError as err:
                notices.append(Notice("schedule {k}: {err}; using {v0}.", k=k, err=why(err),
                                      v0=format_number(sp[k])))  # fmt: skip
        return (name, items(sp))

    def write(self, value):
        name, params = value
        return call_text(name, {k: number_text(v) for k, v in params})


def _check_links(values: dict[str, Any], notices: list[Notice]) -> None:
    """Cross-field rules of a playground link: a custom surface needs a usable formula (checked by
    the safe parser, never evaluated); expr and window belong to it; then the whole config is
    validated as if it came from the widgets."""
    name = values["surface"][0]
    if name == CUSTOM:
        expr = values["expr"]
        err = check_formula(expr) if expr else None
        if not expr:
            notices.append(Notice("surface=custom needs a formula (expr=…); using {v0}.", v0=DEFAULT_CONFIG.surface))
        elif err is not None:
            notices.append(Notice("The formula in the link cannot be used ({err}); using {v0}.", err=why(err),
                                  v0=DEFAULT_CONFIG.surface))  # fmt: skip
        if not expr or err is not None:
            values.update(surface=(DEFAULT_CONFIG.surface, DEFAULT_CONFIG.surface_params), expr="", window=None)
        elif values["window"] is not None:
            try:
                values["window"] = check_window(values["window"])
            except ValueError as err:
                notices.append(Notice("window: {err}; using the default window.", err=why(err)))
                values["window"] = None
    elif values["expr"] or values["window"] is not None:
        notices.append(Notice("expr and window apply only to surface=custom; ignored."))
        values.update(expr="", window=None)
    if values["start"] is None:
        surface, params = values["surface"]
        try:
            values["start"] = suggested_start(surface, dict(params), values["expr"], values["window"])
        except ValueError:
            values["start"] = DEFAULT_CONFIG.start  # validation below falls back and says so
    cfg, more = validate_config(_config_of(values))
    notices.extend(more)
    values.update(_values_of(cfg))


def _config_of(values: Mapping[str, Any]) -> PlaygroundConfig:
    surface, params = values["surface"]
    schedule, sp = values["schedule"]
    return PlaygroundConfig(surface=surface, surface_params=params, start=tuple(values["start"]),
                            steps=int(values["steps"]), runs=tuple(values["run"]), schedule=schedule,
                            schedule_params=sp, noise=values["noise"], seed=values["seed"],
                            batch_size=values["batch"], tol=values["tol"], inspect_step=values["k"],
                            classroom=values["classroom"], expr=values["expr"], window=values["window"])  # fmt: skip


def _values_of(cfg: PlaygroundConfig) -> dict[str, Any]:
    return {
        "surface": (cfg.surface, cfg.surface_params),
        "expr": cfg.expr,
        "window": cfg.window,
        "start": cfg.start,
        "steps": cfg.steps,
        "run": cfg.runs,
        "schedule": (cfg.schedule, cfg.schedule_params),
        "noise": cfg.noise,
        "seed": cfg.seed,
        "batch": cfg.batch_size,
        "tol": cfg.tol,
        "k": cfg.inspect_step,
        "classroom": cfg.classroom,
    }


d = DEFAULT_CONFIG
PLAYGROUND = Schema(
    "playground",
    (
        Field("surface", SurfaceChoice(SURFACE_CHOICES), (d.surface, d.surface_params)),
        Field("expr", Text(), "", optional=True),
        Field("window", Numbers(4, "-3,3,-3,3"), None, optional=True),
        Field("start", Numbers(2, "-4.5,1.5"), None),
        Field("steps", Grid(tuple(float(v) for v in STEP_CHOICES)), float(d.steps)),
        Field("run", RunList(), d.runs),
        Field("schedule", ScheduleCall(), (d.schedule, d.schedule_params)),
        Field("noise", Grid(NOISE_CHOICES), d.noise),
        Field("seed", Whole(0, SEED_MAX), d.seed),
        Field("batch", Whole(1, 10**6), None, optional=True),
        Field("tol", Grid(TOL_CHOICES), d.tol),
        Field("k", Whole(1, max(STEP_CHOICES)), d.inspect_step),
        Field("classroom", Flag(), False, optional=True),
    ),
    check=_check_links,
    to_state=_config_of,
    from_state=_values_of,
)
del d


def decode_query(q: Mapping[str, Any]) -> tuple[PlaygroundConfig, list[Notice]]:
    """A config from query parameters, and notices for everything that had to fall back. Never raises."""
    return PLAYGROUND.decode(q)


def encode_query(cfg: PlaygroundConfig) -> dict[str, str | list[str]]:
    """The whole config as query parameters (``run`` repeats, one per run, in order)."""
    return PLAYGROUND.encode(cfg)


__all__ = [
    "ADD_ORDER", "DEFAULT_CONFIG", "DEFAULT_EXPR", "DEFAULT_RUNS", "MAX_RUNS", "PLAYGROUND", "PLAYGROUND_LR",
    "SURFACE_CHOICES", "PlaygroundConfig", "RunConfig", "build_surface", "custom_surface", "decode_query",
    "defined_at", "encode_query", "method_title", "new_run", "next_run", "run_label", "schedule_defaults",
    "suggested_start", "surface_defaults", "validate_config",
]  # fmt: skip


def playground_link(cfg: PlaygroundConfig, lang: str = "en") -> tuple[str, list[Notice]]:
    """A link that opens the playground with ``cfg`` in ``lang`` in a new session, and what had to
    be rounded to fit its sliders."""
    checked, notices = validate_config(cfg)
    query = encode_query(checked)
    if lang != "en":
        query["lang"] = lang
    return "./?" + query_string(query), notices
