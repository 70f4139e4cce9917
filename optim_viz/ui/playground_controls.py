"""The playground's widgets: they read and write the page state, one ``PlaygroundConfig``.

The config in the page state (``ui.page_state``, decoded from the link through the playground's
schema) is the single source of truth. Widgets are seeded from it whenever their key is missing
(first visit, a new link, or after Streamlit dropped the state of widgets that were not drawn, as
in classroom mode), and the config is rebuilt from the widgets on every run. Every widget has a
stable key; run widgets are keyed by a run id that survives adding and removing other runs, and
by optimizer, so switching optimizer starts from that optimizer's own defaults.
"""

from __future__ import annotations

import contextlib
from dataclasses import replace
from typing import Any

import streamlit as st

from ..core.optimizers import OPTIMIZERS, HyperParam
from ..core.schedules import SCHEDULES
from ..core.surfaces import CUSTOM, CUSTOM_WINDOW, SURFACES, Surface
from ..i18n import Translator
from ..state import playground as C
from ..state import values as V
from ..state.surfaces import SURFACE_CHOICES, choice_options, surface_title
from . import cache, page_state
from . import live_control as live
from .formula import formula_error
from .page_state import PageState
from .widgets import seed as seed_key

CHART_KEY = "contour_chart"
# Widget keys of the playground (and key prefixes): cleared when a new link is opened in the session.
WIDGET_KEYS = ("surface", "expr", "start_x", "start_y", "steps", "schedule", "noise", "seed", "batch", "tol",
               "inspect_step", "last_valid_expr", "last_valid_window", "live_choice", "live_seen", "curvature",
               "newton_on", "newton_alpha", "export_format", "export_size", "export_fps")  # fmt: skip
WIDGET_PREFIXES = ("sp_", "run", "sched_", "win_")


# --------------------------------------------------------------------------------------
# State


def load_state() -> PageState:
    """The playground's page state: from the link on a session's first run (or a new link)."""
    return page_state.load(C.PLAYGROUND, on_fresh=_reset_widgets)


def _reset_widgets() -> None:
    """A new link: every widget is seeded again from its config; runs get fresh ids."""
    ss = st.session_state
    for k in [k for k in ss if isinstance(k, str) and (k in WIDGET_KEYS or k.startswith(WIDGET_PREFIXES))]:
        del ss[k]
    cfg: C.PlaygroundConfig = ss[C.PLAYGROUND.page].state
    ss["run_ids"] = list(range(len(cfg.runs)))
    ss["next_run_id"] = len(cfg.runs)


def config() -> C.PlaygroundConfig:
    return st.session_state[C.PLAYGROUND.page].state


def _set_config(cfg: C.PlaygroundConfig) -> None:
    st.session_state[C.PLAYGROUND.page].state = cfg


def notices(cfg: C.PlaygroundConfig, t: Translator) -> None:
    """The link's notices, until the learner changes something the engine sees."""
    page_state.notices(st.session_state[C.PLAYGROUND.page], t, cfg,
                       unchanged=lambda a, b: a.for_engine() == b.for_engine())  # fmt: skip


def sync_url(cfg: C.PlaygroundConfig) -> None:
    """Keep the config and write it to the query string (only when it changed)."""
    page_state.sync(st.session_state[C.PLAYGROUND.page], cfg)


# --------------------------------------------------------------------------------------
# Click on the contour (the live control reports it) and the live control's value


def consume_live() -> None:
    """Before any widget is drawn: a click on the contour's plot area moves the start, and a value
    the learner let go of on the live slider becomes the run's (sidebar slider, then the link).
    Each is applied once (the browser numbers them)."""
    ss = st.session_state
    xy = live.new_click()
    if xy is not None:
        ss["start_x"], ss["start_y"] = xy
    v = live.new_value()
    if v is None:
        return
    cfg = config()
    ids = ss.get("run_ids", [])
    try:
        run, hparam, value = int(v["run"]), str(v["hparam"]), float(v["value"])
        optimizer = cfg.runs[run].optimizer
        run_id = ids[run]
    except (KeyError, TypeError, ValueError, IndexError):
        return
    if hparam in {name for name, _ in live_choices_of(cfg.runs[run])}:
        ss[live_widget_key(run_id, optimizer, hparam)] = value


def live_widget_key(run_id: int, optimizer: str, hparam: str) -> str:
    """The sidebar slider's key for a run's hyperparameter (betas: one key per half)."""
    if hparam in ("beta1", "beta2"):
        return f"run{run_id}_{optimizer}_betas{0 if hparam == 'beta1' else 1}"
    return f"run{run_id}_{optimizer}_{hparam}"


# --------------------------------------------------------------------------------------
# Callbacks (they run before the script, so they may set widget state)


def _on_surface_change() -> None:
    ss = st.session_state
    name = ss["surface"]
    try:
        x, y = C.suggested_start(name, dict(C.surface_defaults(name)), *_custom_inputs())
    except ValueError:  # a formula being typed: the page shows the error and keeps the last good one
        return
    ss["start_x"], ss["start_y"] = x, y


def _custom_inputs() -> tuple[str, tuple | None]:
    """The last valid formula and window of this session (what a custom surface runs)."""
    ss = st.session_state
    return ss.get("last_valid_expr", C.DEFAULT_EXPR), ss.get("last_valid_window")


def _on_surface_param_change() -> None:
    """Keep the start on the surface's suggested start when it was there (the ravine's turns with it)."""
    ss = st.session_state
    old = config()
    try:
        old_suggested = C.suggested_start(old.surface, old.surface_params_dict)
    except ValueError:
        return
    if (ss.get("start_x"), ss.get("start_y")) != old_suggested:
        return
    params = {p.name: ss.get(f"sp_{old.surface}_{p.name}", p.default) for p in SURFACES[old.surface].params}
    with contextlib.suppress(ValueError):
        ss["start_x"], ss["start_y"] = C.suggested_start(old.surface, params)


def _on_add_run() -> None:
    ss = st.session_state
    cfg = config()
    if len(cfg.runs) >= C.MAX_RUNS:
        return
    _set_config(replace(cfg, runs=cfg.runs + (C.next_run(cfg.runs),)))
    ss["run_ids"] = ss["run_ids"] + [ss["next_run_id"]]
    ss["next_run_id"] += 1


def _on_remove_run(run_id: int) -> None:
    ss = st.session_state
    cfg = config()
    ids = ss["run_ids"]
    if run_id not in ids or len(ids) <= 1:
        return
    i = ids.index(run_id)
    _set_config(replace(cfg, runs=cfg.runs[:i] + cfg.runs[i + 1 :]))
    ss["run_ids"] = ids[:i] + ids[i + 1 :]


def leave_classroom() -> None:
    _set_config(replace(config(), classroom=False))


# --------------------------------------------------------------------------------------
# Widgets


def _slider(label: str, key: str, grid: tuple, seed: Any, help: str | None = None, **kw) -> Any:
    """A slider over ``grid`` (numbers, and None where torch accepts it), seeded with ``seed``."""
    if st.session_state.get(key) not in grid:
        numbers = [g for g in grid if g is not None]
        number = isinstance(seed, (int, float)) and not isinstance(seed, bool)
        st.session_state[key] = seed if seed in grid else V.nearest(numbers, float(seed)) if number else grid[0]
    return st.select_slider(label, options=grid, key=key, format_func=_option_text, help=help, **kw)


def _option_text(v: Any) -> str:
    return "None" if v is None else V.format_number(v)


def _window_controls(cfg: C.PlaygroundConfig, t: Translator) -> tuple | None:
    """Four boxes for the view window of a custom formula; None when it is the default window."""
    ss = st.session_state
    current = cfg.window or CUSTOM_WINDOW
    keys = ("win_x0", "win_x1", "win_y0", "win_y1")
    labels = ("x min", "x max", "y min", "y max")
    with st.expander(t("View window"), expanded=cfg.window is not None):
        cols = st.columns(2)
        values = []
        for i, (key, label) in enumerate(zip(keys, labels)):
            seed_key(key, float(current[i]))
            values.append(
                cols[i % 2].number_input(t(label), min_value=-1e6, max_value=1e6, step=0.5, format="%g", key=key)
            )
    x0, x1, y0, y1 = (float(v) for v in values)
    if not (x0 < x1 and y0 < y1):
        st.error(t("The view window needs x min < x max and y min < y max; keeping the last valid window."))
        return ss.get("last_valid_window")
    window = None if (x0, x1, y0, y1) == CUSTOM_WINDOW else (x0, x1, y0, y1)
    ss["last_valid_window"] = window
    return window


def _formula_controls(cfg: C.PlaygroundConfig, t: Translator) -> tuple[str, tuple | None]:
    """The formula box, checked as it is typed; a formula that cannot be used shows where the
    problem is and the surface keeps the last valid formula."""
    ss = st.session_state
    if "last_valid_expr" not in ss:
        ss["last_valid_expr"] = cfg.expr if cfg.surface == CUSTOM and cfg.expr else C.DEFAULT_EXPR
    # The box's own state is dropped while another surface is chosen: come back to the last formula.
    seed_key("expr", ss["last_valid_expr"])
    text = st.text_input(
        "f(x, y) =",
        key="expr",
        max_chars=400,
        help=t(
            "Numbers, x, y, + − * / ** ^, parentheses, pi, e and sin, cos, tan, exp, log, sqrt, abs, "
            "sinh, cosh, tanh, arcsin, arccos, arctan. The gradient is derived exactly."
        ),
    )
    window = _window_controls(cfg, t)
    try:
        C.custom_surface(text, window)
    except ValueError as err:  # ParseError is a ValueError: nothing was evaluated
        formula_error(err, t, fallback=ss["last_valid_expr"])
    else:
        ss["last_valid_expr"] = text
    return ss["last_valid_expr"], window


def _surface_controls(cfg: C.PlaygroundConfig, t: Translator) -> tuple[str, dict[str, Any], str, tuple | None]:
    seed_key("surface", cfg.surface)
    name = st.selectbox(
        t("Surface"),
        options=list(SURFACE_CHOICES),
        format_func=lambda n: surface_title(n, t),
        key="surface",
        on_change=_on_surface_change,
        help=t("The loss surface f(x, y) the optimizers descend."),
    )
    if name == CUSTOM:
        expr, window = _formula_controls(cfg, t)
        return name, {}, expr, window
    spec = SURFACES[name]
    st.caption(t(spec.description))
    current = cfg.surface_params_dict if name == cfg.surface else dict(C.surface_defaults(name))
    params: dict[str, Any] = {}
    for p in spec.params:
        key = f"sp_{name}_{p.name}"
        control = V.surface_param_control(name, p)
        label = t("{name}: {doc}", name=p.name, doc=t(p.doc))
        seed = current.get(p.name, p.default)
        if control.kind == "choice":
            seed_key(key, seed)
            others = current | {q.name: st.session_state.get(f"sp_{name}_{q.name}", current.get(q.name, q.default))
                                for q in spec.params} | params  # fmt: skip
            options = choice_options(name, p.name, others)
            if st.session_state[key] not in options:
                st.session_state[key] = options[0]
            params[p.name] = st.selectbox(label, options=options, key=key, on_change=_on_surface_param_change)
        elif control.kind == "integer":
            seed_key(key, int(seed))
            params[p.name] = int(
                st.number_input(label, min_value=control.low, max_value=control.high, step=1, key=key,
                                on_change=_on_surface_param_change)
            )  # fmt: skip
        else:
            v = _slider(label, key, control.values, seed, on_change=_on_surface_param_change)
            params[p.name] = int(v) if p.integer else v
    return name, params, "", None


def _start_controls(cfg: C.PlaygroundConfig, surface: Surface, t: Translator) -> tuple[float, float]:
    x0, x1, y0, y1 = surface.window
    ss = st.session_state
    seed_key("start_x", cfg.start[0])
    seed_key("start_y", cfg.start[1])
    ss["start_x"] = float(min(max(ss["start_x"], x0), x1))
    ss["start_y"] = float(min(max(ss["start_y"], y0), y1))
    moved = not C.defined_at(surface, (ss["start_x"], ss["start_y"]))
    if moved:  # a typed formula such as log(x) is not defined everywhere
        ss["start_x"], ss["start_y"] = surface.start
    cx, cy = st.columns(2)
    x = cx.number_input(t("Start x"), min_value=float(x0), max_value=float(x1), step=0.1, format="%.2f", key="start_x")
    y = cy.number_input(t("Start y"), min_value=float(y0), max_value=float(y1), step=0.1, format="%.2f", key="start_y")
    st.caption(t("…or click anywhere on the contour plot."))
    if moved:
        st.caption(t("⚠️ f is not defined at the old start; moved to a point where it is."))
    return float(x), float(y)


def _hparam_label(h: HyperParam, t: Translator, part: int | None = None) -> str:
    if h.name == "lr":
        return t("Learning rate η (lr)")
    if part is not None:
        p = h.parts[part]
        return f"{p.symbol} ({h.name}[{part}])" if p.symbol else f"{h.name}[{part}]"
    return f"{h.symbol} ({h.name})" if h.symbol else h.name


def _hparam_control(h: HyperParam, key: str, value: Any, t: Translator) -> Any:
    """One hyperparameter's widget: a checkbox, a choice, one slider per number of a tuple, or a slider."""
    help_text = t("{doc} — torch.optim: {name} (default {default})", doc=t(h.doc), name=h.name, default=h.default)
    if h.kind == "bool":
        seed_key(key, bool(value))
        return st.checkbox(h.name, key=key, help=help_text)
    if h.kind == "choice":
        seed_key(key, value if value in h.choices else h.default)
        return st.selectbox(_hparam_label(h, t), options=list(h.choices), key=key, help=help_text,
                            format_func=lambda c: "None" if c is None else str(c))  # fmt: skip
    if h.kind in ("betas", "tuple"):
        return tuple(_slider(_hparam_label(h, t, i), f"{key}{i}", V.hparam_options(h, p), value[i], help_text)
                     for i, p in enumerate(h.parts))  # fmt: skip
    return _slider(_hparam_label(h, t), key, V.hparam_options(h), value, help_text)


def _run_controls(index: int, run_id: int, run: C.RunConfig, n_runs: int, t: Translator) -> C.RunConfig:
    prefix = f"run{run_id}"
    seed_key(f"{prefix}_optimizer", run.optimizer)
    opt_name = st.selectbox(
        t("Run {n}: optimizer", n=index + 1),
        options=list(OPTIMIZERS),
        format_func=lambda n: t(OPTIMIZERS[n].title),
        key=f"{prefix}_optimizer",
        help=t("torch.optim's optimizers, plus the course notes' EWMA form of momentum."),
    )
    opt = OPTIMIZERS[opt_name]
    base = run.hparams_dict if opt_name == run.optimizer else C.new_run(opt_name).hparams_dict
    hp = {h.name: _hparam_control(h, f"{prefix}_{opt_name}_{h.name}", base[h.name], t) for h in opt.hparams}
    if opt_name == "sgd" and hp["nesterov"] and (hp["momentum"] <= 0 or hp["dampening"] != 0):
        st.caption(t("⚠️ Nesterov needs momentum > 0 and dampening 0 (as in torch); running without it."))
        hp["nesterov"] = False
    st.button(
        t("Remove run {n}", n=index + 1),
        key=f"{prefix}_remove",
        icon=":material/delete:",
        type="tertiary",
        on_click=_on_remove_run,
        args=(run_id,),
        disabled=n_runs <= 1,
    )
    return C.RunConfig.make(opt_name, hp)


def _runs_controls(cfg: C.PlaygroundConfig, t: Translator) -> tuple[C.RunConfig, ...]:
    ss = st.session_state
    ids = ss["run_ids"]
    runs = []
    for i, (run_id, run) in enumerate(zip(ids, cfg.runs)):
        with st.container(border=True):
            runs.append(_run_controls(i, run_id, run, len(ids), t))
    st.button(
        t("Add a run"),
        key="add_run",
        icon=":material/add:",
        on_click=_on_add_run,
        disabled=len(ids) >= C.MAX_RUNS,
        help=t("Compare up to {n} runs on the same surface.", n=C.MAX_RUNS),
        width="stretch",
    )
    return tuple(runs)


def _schedule_controls(cfg: C.PlaygroundConfig, t: Translator) -> tuple[str, tuple]:
    seed_key("schedule", cfg.schedule)
    name = st.selectbox(
        t("Learning-rate schedule"),
        options=list(SCHEDULES),
        format_func=lambda n: t(SCHEDULES[n].title),
        key="schedule",
        help=t("ηₜ for update t, applied to every run's lr (t counts from the first update)."),
    )
    current = cfg.schedule_params_dict if name == cfg.schedule else dict(C.schedule_defaults(name))
    params = {}
    for p in SCHEDULES[name].params:
        label = t("{name}: {doc}", name=p.name, doc=t(p.doc))
        params[p.name] = _slider(label, f"sched_{name}_{p.name}", V.schedule_param_grid(p),
                                 current.get(p.name, p.default))  # fmt: skip
    return name, V.items(params)


def _noise_controls(cfg: C.PlaygroundConfig, surface: Surface, t: Translator) -> tuple[float, int, int | None]:
    noise = _slider(
        t("Gradient noise σ"),
        "noise",
        V.NOISE_CHOICES,
        cfg.noise,
        t("Each update uses ∇f + σ·ε with ε ~ N(0, I): a stand-in for mini-batch noise."),
    )
    seed_key("seed", cfg.seed)
    seed = int(st.number_input(t("Random seed"), min_value=0, max_value=V.SEED_MAX, step=1, key="seed"))
    batch = None
    n = surface.n_samples
    if n is not None:
        choices = ["all"] + [b for b in (1, 2, 4, 8, 16, 32, 64, 128, 256) if b < n]
        seed_key("batch", cfg.batch_size if cfg.batch_size in choices else "all")
        if st.session_state["batch"] not in choices:
            st.session_state["batch"] = "all"
        b = st.select_slider(t("Mini-batch size"), options=choices, key="batch",
                             format_func=lambda v: t("all") if v == "all" else str(v),
                             help=t("Points per gradient step, out of the {n} data points.", n=n))  # fmt: skip
        batch = None if b == "all" else int(b)
    return noise, seed, batch


def sidebar_config(cfg: C.PlaygroundConfig, t: Translator) -> C.PlaygroundConfig:
    """Draw the controls in the sidebar and return the config they describe."""
    with st.sidebar:
        st.subheader(t("Surface"))
        surface, params, expr, window = _surface_controls(cfg, t)
        surf = C.build_surface(surface, params, expr, window)
        start = _start_controls(cfg, surf, t)
        seed_key("steps", cfg.steps)
        steps = st.select_slider(t("Steps"), options=V.STEP_CHOICES, key="steps", help=t("Number of updates per run."))
        st.subheader(t("Runs"))
        runs = _runs_controls(cfg, t)
        st.subheader(t("Schedule, noise, tolerance"))
        schedule, sched_params = _schedule_controls(cfg, t)
        noise, seed, batch = _noise_controls(cfg, surf, t)
        tol = _slider(
            t("Tolerance (metrics)"),
            "tol",
            V.TOL_CHOICES,
            cfg.tol,
            t("“Steps to tolerance” counts the steps until f(xₖ) − f* ≤ this value."),
        )
        st.subheader(t("Curvature"))
        curvature, newton = _curvature_controls(cfg, t)
    return replace(
        cfg,
        surface=surface,
        surface_params=V.items(params),
        expr=expr,
        window=window,
        start=start,
        steps=int(steps),
        runs=runs,
        schedule=schedule,
        schedule_params=sched_params,
        noise=float(noise),
        seed=seed,
        batch_size=batch,
        tol=float(tol),
        inspect_step=min(cfg.inspect_step, int(steps)),
        curvature=curvature,
        newton=newton,
    )


def _curvature_controls(cfg: C.PlaygroundConfig, t: Translator) -> tuple[bool, float | None]:
    """Show the local quadratic and each run's sharpness; draw Newton's method as a reference."""
    seed_key("curvature", cfg.curvature)
    curvature = st.toggle(t("Show the curvature"), key="curvature",
                          help=t("At step k, each run's local quadratic on the contour (its principal axes, scaled "
                                 "by 1/√|λ|); below the curves, each run's sharpness λ_max(H(xₖ)) against its "
                                 "stability limit 2/ηₖ."))  # fmt: skip
    seed_key("newton_on", cfg.newton is not None)
    on = st.toggle(t("Newton's method as a reference"), key="newton_on",
                   help=t("x ← x − α·H⁻¹∇f with the exact Hessian, from the same start: not a torch.optim "
                          "optimizer, a yardstick that knows the curvature."))  # fmt: skip
    if not on:
        return bool(curvature), None
    alpha = _slider(t("Damping α"), "newton_alpha", C.NEWTON_DAMPING, cfg.newton if cfg.newton is not None else 1.0,
                    t("The fraction of the Newton step taken: 1 jumps to the minimum of a quadratic at once."))
    return bool(curvature), float(alpha)


def inspect_step_control(cfg: C.PlaygroundConfig, t: Translator) -> int:
    """The step-inspector's k (1…steps), in the main area so it stays in classroom mode."""
    ss = st.session_state
    seed_key("inspect_step", cfg.inspect_step)
    ss["inspect_step"] = int(min(max(ss["inspect_step"], 1), cfg.steps))
    if cfg.steps <= 1:
        st.caption(t("Inspecting step 1 (the only step)."))
        return 1
    return int(
        st.slider(
            t("Inspect step k"),
            min_value=1,
            max_value=cfg.steps,
            key="inspect_step",
            help=t("Draws the gradient, momentum and update arrows of step k on the contour."),
        )
    )


# --------------------------------------------------------------------------------------
# The live control


# The momentum-like coefficient of each optimizer that has one: the second thing a learner drags.
LIVE_COEFFICIENT = {"sgd": "momentum", "rmsprop": "momentum", "muon": "momentum", "ewma_momentum": "beta",
                    "adam": "beta1", "adamw": "beta1", "nadam": "beta1", "adamax": "beta1",
                    "radam": "beta1"}  # fmt: skip


def live_choices_of(run: C.RunConfig) -> list[tuple[str, HyperParam]]:
    """(hyperparameter, its description) a run can be dragged over: lr, then its momentum/β."""
    opt = OPTIMIZERS[run.optimizer]
    out = [("lr", opt.hparam("lr"))]
    coef = LIVE_COEFFICIENT.get(run.optimizer)
    if coef in ("beta1", "beta2"):
        out.append((coef, opt.hparam("betas")))
    elif coef is not None:
        out.append((coef, opt.hparam(coef)))
    return out


def live_label(name: str, h: HyperParam, t: Translator) -> str:
    """The slider's accessible name: the hyperparameter as the sidebar names it."""
    return _hparam_label(h, t, {"beta1": 0, "beta2": 1}.get(name))


def live_short(name: str, h: HyperParam) -> str:
    """η (lr), μ (momentum), β₁ (betas[0]): short enough for the picker."""
    if name in ("beta1", "beta2"):
        return f"β{'₁₂'[name == 'beta2']} (betas[{int(name == 'beta2')}])"
    return f"{h.symbol} ({h.name})" if h.symbol else h.name


def live_grid(name: str, h: HyperParam) -> tuple[float, ...]:
    """The sidebar slider's values (so a dragged value is one the sidebar and the link offer)."""
    return tuple(v for v in V.hparam_options(h, name if name in ("beta1", "beta2") else None) if v is not None)


def live_strip(cfg: C.PlaygroundConfig, result, t: Translator) -> None:
    """Which run and hyperparameter to drag, and the live control itself (over the contour)."""
    if cfg.classroom:  # no controls on the projector; a click on the contour still picks the start
        live.live_control(t=t, click_chart=CHART_KEY)
        return
    options = [(i, name) for i, run in enumerate(cfg.runs) for name, _ in live_choices_of(run)]
    ss = st.session_state
    if ss.get("live_choice") not in options:
        ss["live_choice"] = options[0]
    pick, slot = st.columns([1, 3], vertical_alignment="center")
    run, name = pick.selectbox(
        t("Drag live"),
        options=options,
        key="live_choice",
        format_func=lambda o: t("Run {n}: {name}", n=o[0] + 1,
                                name=live_short(o[1], dict(live_choices_of(cfg.runs[o[0]]))[o[1]])),
        help=t("Drag this slider (or hold an arrow key on it): the run's path, loss curve and metrics follow "
               "at once, computed for every value in advance; the rest of the page catches up when you let go."),
    )  # fmt: skip
    h = dict(live_choices_of(cfg.runs[run]))[name]
    family = cache.live_family(cfg, result, run, name, live_grid(name, h), t.lang)
    with slot:
        live.live_control(
            t=t,
            family=family,
            label=live_label(name, h, t),
            contour=CHART_KEY,
            loss="loss_chart",
            dim={CHART_KEY: [f"path-{run}", f"head-{run}", f"exit-{run}", f"diverged-{run}"],
                 "loss_chart": [f"curve-{run}", f"curve-diverged-{run}"],
                 "distance_chart": [f"curve-{run}", f"curve-diverged-{run}"]},
            click_chart=CHART_KEY,
        )  # fmt: skip
