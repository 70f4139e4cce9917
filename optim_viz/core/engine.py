"""The trajectory engine: many optimizer runs on one surface in one vectorized float64 loop.

Pure NumPy, no Streamlit. ``simulate`` runs a list of ``RunSpec``s (runs of the same optimizer
share one ``(B, 2)`` batch); ``run_single`` is the one-run convenience used by the CLI;
``sweep`` runs a grid over two hyperparameters as a single batch and keeps only per-cell
results.

Conventions
-----------
* Step k (k = 1..N) is the k-th update; the path holds x₀ (the start) and every iterate xₖ.
* Update k uses the gradient ∇f(xₖ₋₁) + σ·εₖ (εₖ ~ N(0, I), drawn from
  ``numpy.random.default_rng(seed)``: row k−1 of ``standard_normal((N, 2))``), and the lr of the
  schedule at t = k − 1. On a data surface (``neuron``) with ``batch_size`` below the number
  of points, ∇f is the gradient of a mini-batch drawn for that update (see
  ``neuron.batch_indices``); the recorded loss is always the full-data loss.
* A run diverges at the first step k whose iterate is non-finite, has |x| or |y| > 1e6, or a
  non-finite loss. Its path then stops at x_{k−1} and ``diverged_at = k``; the other runs go on.
  No NaN or infinity ever leaves the engine.
* Closure optimizers (L-BFGS) evaluate f and ∇f wherever their step needs it (on the update's
  mini-batch, if any); those evaluations count against ``MAX_WORK`` (runs × steps × the most
  evaluations a step can make), their probed points are part of the step's state, and a step
  that probes a non-finite point counts as diverged. They take no gradient noise.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, NamedTuple

import numpy as np

from .optimizers import (
    get_optimizer,
    hparams_for_batch,
    per_coordinate,
    public_hparams,
    resolve_hparams,
    row_value,
    state_fields,
)
from .schedules import learning_rates, resolve_schedule
from .surfaces import Surface, make_surface

Array = np.ndarray

DIVERGENCE_LIMIT = 1e6  # |x| or |y| beyond this counts as divergence
MAX_STEPS = 10_000  # per run
MAX_RUNS = 64  # per simulate() call (the playground uses at most 8)
MAX_GRID = 200  # cells per sweep axis
MAX_WORK = 10_000_000  # runs × steps (× evaluations per step for closure optimizers) in one call
DEFAULT_TOL = 1e-6


class _Resolved(NamedTuple):
    hp: dict[str, Any]
    schedule_params: dict[str, float]
    noise: float
    seed: int
    batch_size: int | None


def _freeze(d: Mapping[str, Any] | None) -> tuple[tuple[str, Any], ...]:
    out = []
    for k, v in sorted((d or {}).items()):
        if isinstance(v, list):
            v = tuple(v)
        out.append((k, v))
    return tuple(out)


@dataclass(frozen=True)
class RunSpec:
    """One run to simulate: an optimizer with its hyperparameters, schedule and noise.

    Hashable (mappings are stored as sorted tuples) so it can key a cache.
    """

    optimizer: str = "sgd"
    hparams: tuple[tuple[str, Any], ...] = ()
    schedule: str = "constant"
    schedule_params: tuple[tuple[str, Any], ...] = ()
    noise: float = 0.0
    seed: int = 0
    label: str = ""
    batch_size: int | None = None  # mini-batch size on data surfaces (None: the full data set)

    @classmethod
    def make(
        cls,
        optimizer: str,
        hparams: Mapping[str, Any] | None = None,
        schedule: str = "constant",
        schedule_params: Mapping[str, Any] | None = None,
        noise: float = 0.0,
        seed: int = 0,
        label: str = "",
        batch_size: int | None = None,
    ) -> RunSpec:
        return cls(optimizer, _freeze(hparams), schedule, _freeze(schedule_params), noise, seed, label, batch_size)

    @property
    def hparams_dict(self) -> dict[str, Any]:
        return dict(self.hparams)

    @property
    def schedule_params_dict(self) -> dict[str, Any]:
        return dict(self.schedule_params)


@dataclass(frozen=True)
class Metrics:
    """Per-run summary numbers.

    * ``final_loss``: f at the last point of the path (the last finite one if the run diverged).
    * ``steps_to_tolerance``: first step k with f(xₖ) − f_min ≤ tol (``tol_mode="loss"``) or with
      the distance to the nearest known minimum ≤ tol (``"distance"``); None if never reached or
      the surface has no known minimum.
    * ``path_length``: Σ‖xₖ − xₖ₋₁‖.
    * ``oscillation_index``: how much of the motion turns back on itself, in [0, 1]:
      Σₖ wₖ·max(0, −cos θₖ) / Σₖ wₖ over consecutive steps k, k + 1, with θₖ the angle between
      them and wₖ = min(‖stepₖ‖, ‖stepₖ₊₁‖). 0 for a path that never reverses, near 1 when
      every step undoes the previous one (the zig-zag across a ravine). Small late steps weigh
      little, so a zig-zag that dies out early still shows.
    """

    final_loss: float
    min_loss: float
    steps_to_tolerance: int | None
    diverged_at: int | None
    path_length: float
    oscillation_index: float | None
    final_distance: float | None
    steps: int

    def to_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


@dataclass(frozen=True)
class Trajectory:
    """One run's result. Arrays are float64; ``lr``, ``grad`` and ``state`` have one row per update."""

    spec: RunSpec
    hparams: Mapping[str, Any]  # resolved, torch's defaults filled in (betas as a pair)
    path: Array  # (n+1, 2): start, then every iterate
    loss: Array  # (n+1,)
    lr: Array  # (n,)
    grad: Array  # (n, 2) gradient given to the optimizer (with noise, before weight decay)
    state: Mapping[str, Array] = field(default_factory=dict)  # name -> (n, 2) or (n, 1) after each update
    diverged_at: int | None = None
    metrics: Metrics | None = None

    @property
    def label(self) -> str:
        return self.spec.label or self.spec.optimizer


@dataclass(frozen=True)
class BatchResult:
    surface: Surface
    steps: int
    runs: tuple[Trajectory, ...]
    tol: float
    tol_mode: str

    def with_labels(self, labels: Sequence[str]) -> BatchResult:
        """The same runs under display names (the page's language): nothing is recomputed, and the
        engine itself never sees the language."""
        runs = tuple(replace(t, spec=replace(t.spec, label=label)) for t, label in zip(self.runs, labels))
        return replace(self, runs=runs)


@dataclass(frozen=True)
class Simulation:
    """Everything one ``simulate`` call needs, in one value: what a page hands to its cache."""

    surface: Surface
    runs: tuple[RunSpec, ...]
    start: tuple[float, float]
    steps: int
    tol: float = DEFAULT_TOL
    record_state: bool = False

    def run(self) -> BatchResult:
        return simulate(self.surface, self.runs, self.start, self.steps, record_state=self.record_state, tol=self.tol)


# --------------------------------------------------------------------------------------
# Validation helpers


def check_steps(steps: Any) -> int:
    if isinstance(steps, bool) or not isinstance(steps, (int, np.integer)):
        raise ValueError(f"Invalid number of steps: {steps!r} (expected a whole number)")
    if not 1 <= steps <= MAX_STEPS:
        raise ValueError(f"Invalid number of steps: {steps} (must be in [1, {MAX_STEPS}])")
    return int(steps)


def check_start(start: Any) -> np.ndarray:
    try:
        arr = np.asarray(start, dtype=np.float64)
    except (TypeError, ValueError):
        raise ValueError(f"Invalid start point: {start!r} (expected x,y)") from None
    if arr.shape[-1:] != (2,) or arr.ndim > 2:
        raise ValueError(f"Invalid start point: {start!r} (expected x,y)")
    if not np.all(np.isfinite(arr)) or np.any(np.abs(arr) > DIVERGENCE_LIMIT):
        bad = arr.reshape(-1, 2)[0].tolist()
        raise ValueError(f"Invalid start point: {bad} (coordinates must be finite and within ±{DIVERGENCE_LIMIT:g})")
    return arr


def check_defined_at(surface: Surface, starts: np.ndarray) -> None:
    """A start where f is not finite (a typed formula such as log(x) at x < 0) would put NaN in
    the output: refuse it with a clear message instead."""
    pts = starts.reshape(-1, 2)
    with np.errstate(all="ignore"):
        f = surface.value(pts[:, 0], pts[:, 1])
    bad = ~np.isfinite(f)
    if bad.any():
        x, y = pts[np.argmax(bad)]
        raise ValueError(f"Invalid start point: [{x:g}, {y:g}] (f is {float(f[np.argmax(bad)])} there)")


def _check_noise(noise: Any, seed: Any) -> tuple[float, int]:
    if isinstance(noise, bool) or not isinstance(noise, (int, float, np.integer, np.floating)):
        raise ValueError(f"Invalid noise value: {noise!r} (expected a number)")
    noise = float(noise)
    if not np.isfinite(noise) or noise < 0 or noise > 1e6:
        raise ValueError(f"Invalid noise value: {noise:g} (must be in [0, 1e6])")
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or not 0 <= seed < 2**63:
        raise ValueError(f"Invalid seed: {seed!r} (expected a whole number ≥ 0)")
    return noise, int(seed)


def _check_tol(tol: Any, tol_mode: str) -> float:
    if tol_mode not in ("loss", "distance"):
        raise ValueError(f"Invalid tolerance mode: {tol_mode!r} (choose loss or distance)")
    if isinstance(tol, bool) or not isinstance(tol, (int, float, np.integer, np.floating)):
        raise ValueError(f"Invalid tolerance: {tol!r}")
    if not np.isfinite(tol) or tol <= 0:
        raise ValueError(f"Invalid tolerance: {tol} (must be > 0)")
    return float(tol)


def _check_batch_size(batch_size: Any, surface: Surface) -> int | None:
    """None for full-batch gradients, else a mini-batch size below the number of data points."""
    if batch_size is None:
        return None
    if isinstance(batch_size, bool) or not isinstance(batch_size, (int, np.integer)):
        raise ValueError(f"Invalid batch size: {batch_size!r} (expected a whole number)")
    n = surface.n_samples
    if n is None:
        raise ValueError(f"Invalid batch size: {batch_size} (surface {surface.name} has no data points)")
    if not 1 <= batch_size <= n:
        raise ValueError(f"Invalid batch size: {batch_size} (must be in [1, {n}])")
    return None if batch_size == n else int(batch_size)


def gradient_noise(sigma: float, seed: int, steps: int) -> Array:
    """σ·ε for each update: row t is the noise added at update t + 1. Shape (steps, 2)."""
    return sigma * np.random.default_rng(seed).standard_normal((steps, 2))


# --------------------------------------------------------------------------------------
# The loop


def _tolerance_test(surface: Surface, tol: float, tol_mode: str):
    """A vectorized predicate f, x -> bool[B] for 'within tolerance', or None if undefined."""
    if tol_mode == "loss":
        fmin = surface.min_value
        if fmin is None:
            return None
        return lambda f, x: f - fmin <= tol
    if not surface.minima:
        return None
    return lambda f, x: surface.distance_to_nearest_minimum(x[:, 0], x[:, 1]) <= tol


@dataclass
class _Group:
    """Runs of one optimizer, rows ``rows`` of the batch."""

    opt: Any
    hp: dict[str, Any]
    rows: slice


def _evaluations(gr: _Group) -> int:
    """The most function evaluations one update of this group can make per run (1 if no closure)."""
    if not gr.opt.closure:
        return 1
    n = gr.rows.stop - gr.rows.start
    return max(gr.opt.evaluations({k: row_value(v, j) for k, v in gr.hp.items()}) for j in range(n))


def _check_work(groups: Sequence[_Group], steps: int, what: str) -> None:
    work = sum((gr.rows.stop - gr.rows.start) * steps * _evaluations(gr) for gr in groups)
    if work > MAX_WORK:
        n = sum(gr.rows.stop - gr.rows.start for gr in groups)
        per = max(_evaluations(gr) for gr in groups)
        raise ValueError(
            f"Too much work: {n} {what} × {steps} steps × up to {per} function evaluations per step "
            f"(at most {MAX_WORK:g})"
        )


def _check_closure_noise(optimizer: str, noise: float) -> None:
    if noise > 0 and get_optimizer(optimizer).closure:
        raise ValueError(
            f"Invalid noise value: {noise:g} ({optimizer} evaluates f and its gradient several times a step: "
            "use noise 0)"
        )


def _closure(surface: Surface, rows: slice, batches, t: int):
    """``evaluate(j, x, y) -> (f, gx, gy)`` for run j of a group (rows ``rows``) during update t + 1:
    the full-data function, or the mini-batch of that update for runs on mini-batches."""
    vg, params = surface.spec.value_and_grad, surface.params
    sampled = {}
    for brows, idx in batches:
        for k, r in enumerate(brows):
            if rows.start <= r < rows.stop:
                sampled[int(r) - rows.start] = idx[k, t][None]

    def evaluate(j: int, x: float, y: float) -> tuple[float, float, float]:
        px, py = np.array([x]), np.array([y])
        if j in sampled:
            f, gx, gy = surface.batch_value_and_grad(px, py, sampled[j])
        else:
            f, gx, gy = vg(px, py, params)
        return float(f[0]), float(gx[0]), float(gy[0])

    return evaluate


def _update(gr: _Group, g, state, x, lr, surface, batches, t):
    """One update of a group of runs; returns (x, state, rows whose step probed a non-finite point)."""
    if not gr.opt.closure:
        x, state = gr.opt.update(_signed(g, gr.hp), state, x, lr, gr.hp)
        return x, state, None
    x, state = gr.opt.update(g, state, x, lr, gr.hp, _closure(surface, gr.rows, batches, t))
    return x, state, ~np.isfinite(state.probes).all(axis=(1, 2))


def _for_update(gr: _Group, width: int) -> _Group:
    """The group as its update takes it: an elementwise optimizer gets each per-run number repeated
    over the run's ``width`` coordinates (see ``Optimizer.elementwise``), the same values."""
    if not gr.opt.elementwise:
        return gr
    return replace(gr, hp={k: per_coordinate(v, width) for k, v in gr.hp.items()})


def _signed(g: Array, hp: Mapping[str, Any]) -> Array:
    """torch's ``maximize``: the optimizer sees −g (its first operation in every torch optimizer)."""
    flag = hp.get("maximize", False)
    if flag is False:
        return g
    return -g if flag is True else np.where(flag, -g, g)


def _integrate(surface, groups, x0, lrs, noise, *, record: bool, record_state: bool, within_tol, batches=()):
    """Advance all runs ``lrs.shape[1]`` updates in lockstep.

    One surface evaluation per step serves every run; each group of runs of one optimizer is
    updated on its own rows. ``batches`` lists (rows, idx) for runs on mini-batches: idx has
    shape (len(rows), n, batch) and replaces those rows' gradient at each update by the gradient
    of their own sample. With ``record`` the result holds full paths (and optimizer state
    per step with ``record_state``); without, only what a sweep needs (final loss, steps to
    tolerance), so memory stays O(B).
    """
    B, n = lrs.shape
    vg, params = surface.spec.value_and_grad, surface.params
    x = np.array(x0, dtype=np.float64)
    width = x.shape[1]
    groups = [_for_update(gr, width) for gr in groups]
    wide = any(gr.opt.elementwise for gr in groups)
    # A table that is a view of one column (stride 0 along the steps) holds one lr for every step
    steady_lr = np.repeat(lrs[:, :1], width, axis=1) if wide and n and lrs.strides[1] == 0 else None
    states = [gr.opt.init(x[gr.rows], gr.hp) for gr in groups]
    f, gx, gy = vg(x[:, 0], x[:, 1], params)
    diverged_at = np.zeros(B, dtype=np.int64)  # 0 = not diverged
    alive = np.ones(B, dtype=bool)  # diverged_at == 0, kept up to date
    any_diverged = False
    if record:
        xs, fs, gs = [x], [f], []
        hist: list[list[tuple]] = [[] for _ in groups]
    else:
        last_f = f.copy()
        stt = np.full(B, -1, dtype=np.int64)
        if within_tol is not None:
            stt[within_tol(f, x)] = 0
        pending = stt < 0  # alive and not yet within tolerance
    for t in range(n):
        g = np.empty((B, 2))
        g[:, 0] = gx
        g[:, 1] = gy
        for rows, idx in batches:
            _, g[rows, 0], g[rows, 1] = surface.batch_value_and_grad(x[rows, 0], x[rows, 1], idx[:, t])
        if noise is not None:
            g += noise[:, t]
        lr = lrs[:, t : t + 1]
        if wide:
            lr_wide = steady_lr if steady_lr is not None else np.repeat(lr, width, axis=1)
        probed_badly = None
        if len(groups) == 1:
            gr = groups[0]
            lr_g = lr_wide if gr.opt.elementwise else lr
            x, states[0], probed_badly = _update(gr, g, states[0], x, lr_g, surface, batches, t)
        else:
            x_new = np.empty_like(x)
            for i, gr in enumerate(groups):
                r = gr.rows
                lr_r = lr_wide[r] if gr.opt.elementwise else lr[r]
                x_new[r], states[i], bad_rows = _update(gr, g[r], states[i], x[r], lr_r, surface, batches, t)
                if bad_rows is not None:
                    probed_badly = np.zeros(B, dtype=bool) if probed_badly is None else probed_badly
                    probed_badly[r] = bad_rows
            x = x_new
        f, gx, gy = vg(x[:, 0], x[:, 1], params)
        # Cheap test first; the per-run test only when something looks wrong. Comparisons, not max():
        # NumPy's max over NaN (a diverged run goes on computing NaN) is many times slower.
        within = np.abs(x) <= DIVERGENCE_LIMIT  # False for NaN, as the bound test must be
        if not (within.all() and np.isfinite(f).all()) or (probed_badly is not None and probed_badly.any()):
            # column by column: all(axis=1) over (x, y) pairs is many times slower in NumPy
            ok = within[:, 0] & within[:, 1] & np.isfinite(f)
            if probed_badly is not None:
                ok &= ~probed_badly
            newly = alive & ~ok
            if newly.any():
                diverged_at[newly] = t + 1
                alive &= ok
                if not record:
                    pending &= ok
            if not any_diverged and not record:
                last_f = last_f.copy()  # updated in place from now on
            any_diverged = True
        if record:
            xs.append(x)
            fs.append(f)
            gs.append(g)
            if record_state:
                for i, st in enumerate(states):
                    hist[i].append(st)
            continue
        if any_diverged:
            np.copyto(last_f, f, where=alive)
        else:  # every run alive so far: no mask to apply (a sweep's common case, step after step)
            last_f = f
        if within_tol is not None:
            hit = within_tol(f, x)
            hit &= pending
            if hit.any():
                stt[hit] = t + 1
                pending &= ~hit
    out: dict[str, Any] = {"diverged_at": diverged_at}
    if record:
        # per group: field name -> (b, n, d) array of the state after each update
        state_arrays = [
            {k: np.stack([getattr(st, k) for st in hist[i]], axis=1) for k in state_fields(states[i])}
            if record_state and n
            else {}
            for i in range(len(groups))
        ]
        out.update(
            path=np.stack(xs, axis=1),
            loss=np.stack(fs, axis=1),
            grad=np.stack(gs, axis=1) if gs else np.empty((B, 0, 2)),
            state=state_arrays,
        )
    else:
        out.update(final_loss=last_f, steps_to_tolerance=stt)
    return out


def _metrics(surface, path, loss, diverged_at, within_tol) -> Metrics:
    steps_tol = None
    if within_tol is not None:
        hits = np.flatnonzero(within_tol(loss, path))
        steps_tol = int(hits[0]) if hits.size else None
    d = np.diff(path, axis=0)
    seg = np.hypot(d[:, 0], d[:, 1])
    osc = None
    if len(d) >= 2:
        a, b = d[:-1], d[1:]
        na, nb = seg[:-1], seg[1:]
        w = np.minimum(na, nb)
        ok = w > 0
        if ok.any():
            # normalise first: na·nb can underflow to 0 for tiny steps
            cos = np.einsum("ij,ij->i", a[ok] / na[ok, None], b[ok] / nb[ok, None])
            osc = float(np.sum(w[ok] * np.maximum(0.0, -cos)) / np.sum(w[ok]))
    dist = surface.distance_to_nearest_minimum(path[-1, 0], path[-1, 1])
    return Metrics(
        final_loss=float(loss[-1]),
        min_loss=float(loss.min()),
        steps_to_tolerance=steps_tol,
        diverged_at=diverged_at,
        path_length=float(seg.sum()),
        oscillation_index=osc,
        final_distance=None if dist is None else float(dist),
        steps=len(path) - 1,
    )


def simulate(
    surface: Surface,
    runs: Sequence[RunSpec],
    start: Any,
    steps: int,
    *,
    record_state: bool = False,
    tol: float = DEFAULT_TOL,
    tol_mode: str = "loss",
) -> BatchResult:
    """Run every ``RunSpec`` from ``start`` (one (x, y) for all, or one per run) for ``steps`` updates.

    Runs of the same optimizer are integrated together as one ``(B, 2)`` batch.
    """
    steps = check_steps(steps)
    tol = _check_tol(tol, tol_mode)
    runs = list(runs)
    if not runs:
        raise ValueError("Nothing to run: give at least one optimizer")
    if len(runs) > MAX_RUNS:
        raise ValueError(f"Too many runs: {len(runs)} (at most {MAX_RUNS})")
    if len(runs) * steps > MAX_WORK:
        raise ValueError(f"Too much work: {len(runs)} runs × {steps} steps (at most {MAX_WORK:g})")
    starts = check_start(start)
    starts = np.broadcast_to(starts.reshape(-1, 2), (len(runs), 2)) if starts.ndim == 1 else starts
    if starts.shape != (len(runs), 2):
        raise ValueError(f"Invalid start points: expected {len(runs)} pairs, got {starts.shape[0]}")
    check_defined_at(surface, starts)

    resolved = []
    for r in runs:
        hp = resolve_hparams(r.optimizer, r.hparams_dict)
        sp = resolve_schedule(r.schedule, r.schedule_params_dict)
        noise, seed = _check_noise(r.noise, r.seed)
        _check_closure_noise(r.optimizer, noise)
        resolved.append(_Resolved(hp, sp, noise, seed, _check_batch_size(r.batch_size, surface)))

    within_tol = _tolerance_test(surface, tol, tol_mode)
    by_opt: dict[str, list[int]] = {}
    for i, r in enumerate(runs):
        by_opt.setdefault(r.optimizer, []).append(i)
    order = [i for idx in by_opt.values() for i in idx]  # runs sorted so each group is contiguous
    groups, row = [], 0
    for name, idx in by_opt.items():
        hp_rows = {k: np.array([resolved[i].hp[k] for i in idx]) for k in resolved[idx[0]].hp}
        groups.append(_Group(get_optimizer(name), hparams_for_batch(hp_rows, len(idx)), slice(row, row + len(idx))))
        row += len(idx)
    _check_work(groups, steps, "runs")
    lrs = np.stack(
        [learning_rates(runs[i].schedule, resolved[i].hp["lr"], steps, resolved[i].schedule_params) for i in order]
    )
    noise = None
    if any(resolved[i].noise > 0 for i in order):
        noise = np.stack([gradient_noise(resolved[i].noise, resolved[i].seed, steps) for i in order])
    with np.errstate(all="ignore"):
        out = _integrate(
            surface,
            groups,
            starts[order],
            lrs,
            noise,
            record=True,
            record_state=record_state,
            within_tol=within_tol,
            batches=_batch_plan(
                [resolved[i].batch_size for i in order], [resolved[i].seed for i in order], surface, steps
            ),
        )
    results: list[Trajectory | None] = [None] * len(runs)
    for gi, gr in enumerate(groups):
        for j in range(gr.rows.start, gr.rows.stop):
            i = order[j]
            k = int(out["diverged_at"][j])
            n_pts = k if k else steps + 1
            path = out["path"][j, :n_pts].copy()
            loss = out["loss"][j, :n_pts].copy()
            div = k or None
            state = {s: v[j - gr.rows.start, : n_pts - 1].copy() for s, v in out["state"][gi].items()}
            if gr.opt.trim_state is not None and state:
                state = gr.opt.trim_state(state)
            results[i] = Trajectory(
                spec=runs[i],
                hparams=public_hparams(runs[i].optimizer, resolved[i].hp),
                path=path,
                loss=loss,
                lr=lrs[j, : n_pts - 1].copy(),
                grad=out["grad"][j, : n_pts - 1].copy(),
                state=state,
                diverged_at=div,
                metrics=_metrics(surface, path, loss, div, within_tol),
            )
    return BatchResult(surface, steps, tuple(results), tol, tol_mode)


def _batch_plan(batch_sizes, seeds, surface: Surface, steps: int):
    """Group mini-batch runs by batch size: [(rows, idx of shape (rows, steps, batch)), ...]."""
    from .neuron import batch_indices

    plan = []
    for bs in sorted({b for b in batch_sizes if b is not None}):
        rows = np.flatnonzero(np.array([b == bs for b in batch_sizes]))
        idx = np.stack([batch_indices(seeds[r], steps, surface.n_samples, bs) for r in rows])
        plan.append((rows, idx))
    return plan


def run_single(
    surface: str | Surface,
    optimizer: str,
    start: Any,
    steps: int,
    *,
    surface_params: Mapping[str, Any] | None = None,
    hparams: Mapping[str, Any] | None = None,
    schedule: str = "constant",
    schedule_params: Mapping[str, Any] | None = None,
    noise: float = 0.0,
    seed: int = 0,
    batch_size: int | None = None,
    record_state: bool = False,
    tol: float = DEFAULT_TOL,
    tol_mode: str = "loss",
) -> Trajectory:
    """One run, by names: the engine call behind ``python -m optim_viz run``.

    ``surface`` is a surface name (with ``surface_params``) or a ready ``Surface``, e.g. from
    ``make_custom_surface``.
    """
    if isinstance(surface, Surface):
        if surface_params:
            raise ValueError("Give surface_params with a surface name, not with a Surface")
        surf = surface
    else:
        surf = make_surface(surface, surface_params)
    spec = RunSpec.make(optimizer, hparams, schedule, schedule_params, noise, seed, batch_size=batch_size)
    return simulate(surf, [spec], start, steps, record_state=record_state, tol=tol, tol_mode=tol_mode).runs[0]


# --------------------------------------------------------------------------------------
# Sweeps


@dataclass(frozen=True)
class GridAxis:
    """Values of one hyperparameter: ``n`` points from ``low`` to ``high``, linear or log-spaced."""

    name: str
    low: float
    high: float
    n: int
    log: bool = False

    def values(self) -> Array:
        if self.log:
            return np.geomspace(self.low, self.high, self.n)
        return np.linspace(self.low, self.high, self.n)


@dataclass(frozen=True)
class SweepResult:
    """Per-cell results, arrays of shape (len(y.values), len(x.values)): rows follow the y axis."""

    x: GridAxis
    y: GridAxis
    final_loss: Array  # last finite loss (for diverged cells: the loss before divergence)
    steps_to_tolerance: Array  # -1 where never reached
    diverged_at: Array  # 0 where the run did not diverge
    steps: int


def sweepable(optimizer: str) -> list[str]:
    """Continuous hyperparameters a sweep can vary: floats, and each number of a tuple by its
    part name (betas as beta1 and beta2, etas as etaminus and etaplus, …)."""
    out = []
    for h in get_optimizer(optimizer).hparams:
        if h.kind == "float":
            out.append(h.name)
        elif h.parts:
            out += h.part_names
    return out


def _check_axis(axis: GridAxis, optimizer: str) -> None:
    names = sweepable(optimizer)
    if axis.name not in names:
        raise ValueError(f"Cannot sweep {axis.name!r} for {optimizer} (choose from {', '.join(names)})")
    if isinstance(axis.n, bool) or not isinstance(axis.n, (int, np.integer)) or not 1 <= axis.n <= MAX_GRID:
        raise ValueError(f"Invalid grid size for {axis.name}: {axis.n} (must be in [1, {MAX_GRID}])")
    lo, hi = float(axis.low), float(axis.high)
    if not (np.isfinite(lo) and np.isfinite(hi)):
        raise ValueError(f"Invalid grid range for {axis.name}: {lo:g}:{hi:g}")
    if axis.log and (lo <= 0 or hi <= 0):
        raise ValueError(f"Invalid log grid for {axis.name}: {lo:g}:{hi:g} (bounds must be > 0)")


def _lr_table(schedule: str, lr0: Array, steps: int, params: Mapping[str, Any]) -> Array:
    """Each cell's lr at each update, (B, steps). Under the constant schedule, a read-only view of
    one column (the first update's lr, which every update repeats): no B × steps table to fill,
    and ``_integrate`` sees from its zero stride that the lr never changes."""
    if schedule == "constant":
        return np.broadcast_to(learning_rates(schedule, lr0, 1, params), (lr0.shape[0], steps))
    return learning_rates(schedule, lr0, steps, params)


def sweep(
    surface: Surface,
    optimizer: str,
    x_axis: GridAxis,
    y_axis: GridAxis,
    start: Any,
    steps: int,
    *,
    hparams: Mapping[str, Any] | None = None,
    schedule: str = "constant",
    schedule_params: Mapping[str, Any] | None = None,
    noise: float = 0.0,
    seed: int = 0,
    batch_size: int | None = None,
    tol: float = DEFAULT_TOL,
    tol_mode: str = "loss",
) -> SweepResult:
    """Every (x, y) cell of a two-hyperparameter grid as one vectorized batch.

    With noise or mini-batches, every cell sees the same random sequence (common random
    numbers), so cells differ only by their hyperparameters.
    """
    steps = check_steps(steps)
    tol = _check_tol(tol, tol_mode)
    if x_axis.name == y_axis.name:
        raise ValueError(f"Sweep axes must differ (both are {x_axis.name})")
    _check_axis(x_axis, optimizer)
    _check_axis(y_axis, optimizer)
    B = x_axis.n * y_axis.n
    if B * steps > MAX_WORK:
        raise ValueError(f"Too much work: {B} cells × {steps} steps (at most {MAX_WORK:g})")
    x0 = check_start(start)
    if x0.ndim != 1:
        raise ValueError("A sweep takes one start point")
    check_defined_at(surface, x0)
    noise, seed = _check_noise(noise, seed)
    _check_closure_noise(optimizer, noise)
    batch_size = _check_batch_size(batch_size, surface)
    xv, yv = x_axis.values(), y_axis.values()
    X, Y = np.meshgrid(xv, yv)
    given = dict(hparams or {})
    grid = {x_axis.name: X.ravel(), y_axis.name: Y.ravel()}
    for h in get_optimizer(optimizer).hparams:
        if any(p in grid for p in h.part_names):
            # the fixed tuple (checked on its own), with the swept part replaced
            fixed = resolve_hparams(optimizer, {h.name: given[h.name]} if h.name in given else {})
            given[h.name] = tuple(grid.pop(p, fixed[p]) for p in h.part_names)
    given.update(grid)
    # validated once the grid is in: e.g. nesterov=True is fine when momentum is on an axis
    hp = resolve_hparams(optimizer, given)
    sp = resolve_schedule(schedule, schedule_params)
    lrs = _lr_table(schedule, np.broadcast_to(hp["lr"], (B,)), steps, sp)
    noise_arr = None
    if noise > 0:
        noise_arr = np.broadcast_to(gradient_noise(noise, seed, steps), (B, steps, 2))
    group = _Group(get_optimizer(optimizer), hparams_for_batch(hp, B), slice(0, B))
    _check_work([group], steps, "cells")
    with np.errstate(all="ignore"):
        out = _integrate(
            surface,
            [group],
            np.broadcast_to(x0, (B, 2)),
            lrs,
            noise_arr,
            record=False,
            record_state=False,
            within_tol=_tolerance_test(surface, tol, tol_mode),
            batches=_batch_plan([batch_size] * B, [seed] * B, surface, steps) if batch_size else (),
        )
    shape = (y_axis.n, x_axis.n)
    return SweepResult(
        x_axis,
        y_axis,
        out["final_loss"].reshape(shape),
        out["steps_to_tolerance"].reshape(shape),
        out["diverged_at"].reshape(shape),
        steps,
    )
