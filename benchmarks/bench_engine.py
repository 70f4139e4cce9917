"""Engine benchmarks: our vectorized engine against peers measured in the same run.

(a) an lr × momentum sweep, 100 × 100 settings × 500 steps of SGD on the ravine:
    our one-batch ``sweep`` vs a per-setting ``torch.optim.SGD`` loop (when torch is importable;
    a subset is timed and scaled) vs a per-setting pure-NumPy loop (subset, scaled).
(b) 8 optimizers × 1000 steps in one ``simulate`` call (a playground rerun's work) vs the same
    runs as 8 separate calls, and vs a torch.optim loop when torch is importable.
(c) the cost of one step of each optimizer: 8 runs (8 learning rates) × 1000 steps in one
    ``simulate`` call with per-step state, per run and step, next to the same 8 runs as
    torch.optim loops (float64, foreach=False, closure for L-BFGS) when torch is importable.

Run with ``make bench`` (torch is optional: ``pip install torch==2.13.0`` adds the torch peer).
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from optim_viz.core.engine import GridAxis, RunSpec, simulate, sweep  # noqa: E402
from optim_viz.core.surfaces import make_surface  # noqa: E402

try:
    import torch

    torch.set_default_dtype(torch.float64)
except ImportError:  # torch is optional
    torch = None

N_LR, N_MOM, STEPS = 100, 100, 500
START = (-4.5, 1.5)
SUBSET = 40  # settings timed in the slow per-setting loops, then scaled


def timeit(fn, repeat=5):
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def ravine_grad_numpy(x, kappa=20.0):
    return np.array([x[0], kappa * x[1]])


def numpy_loop(settings, steps):
    """What a learner would write: one setting at a time, one step at a time."""
    for lr, mom in settings:
        x = np.array(START, dtype=np.float64)
        buf = None
        for _ in range(steps):
            g = ravine_grad_numpy(x)
            buf = g.copy() if buf is None else mom * buf + g
            x = x - lr * buf if mom else x - lr * g


def torch_loop(settings, steps):
    for lr, mom in settings:
        p = torch.tensor(START, dtype=torch.float64, requires_grad=True)
        opt = torch.optim.SGD([p], lr=float(lr), momentum=float(mom))
        for _ in range(steps):
            opt.zero_grad()
            loss = 0.5 * (p[0] ** 2 + 20.0 * p[1] ** 2)
            loss.backward()
            opt.step()


def bench_sweep():
    surface = make_surface("ravine")
    lr_axis = GridAxis("lr", 1e-3, 0.2, N_LR, log=True)
    mom_axis = GridAxis("momentum", 0.0, 0.99, N_MOM)

    def ours():
        sweep(surface, "sgd", lr_axis, mom_axis, START, STEPS)

    ours()  # warm up
    t_ours = timeit(ours, repeat=3)
    cells = N_LR * N_MOM
    rng = np.random.default_rng(0)
    subset = list(
        zip(lr_axis.values()[rng.integers(0, N_LR, SUBSET)], mom_axis.values()[rng.integers(0, N_MOM, SUBSET)])
    )
    t_np = timeit(lambda: numpy_loop(subset, STEPS), repeat=1) * cells / SUBSET
    print(f"(a) lr × momentum sweep, {N_LR}×{N_MOM} settings × {STEPS} steps of SGD on the ravine")
    print(f"    optim_viz sweep (one batch)        {t_ours * 1e3:10.1f} ms")
    print(f"    per-setting NumPy loop (scaled)    {t_np * 1e3:10.1f} ms   ratio {t_np / t_ours:8.1f}×")
    if torch is not None:
        t_torch = timeit(lambda: torch_loop(subset[:10], STEPS), repeat=1) * cells / 10
        print(f"    per-setting torch.optim loop (scaled) {t_torch * 1e3:7.1f} ms   ratio {t_torch / t_ours:8.1f}×")
    else:
        print("    torch.optim loop: skipped (torch not installed; pip install torch==2.13.0)")


OPTIMIZERS = ["sgd", "ewma_momentum", "adagrad", "rmsprop", "adadelta", "adam", "adamw", "nadam"]
TORCH = {
    "sgd": ("SGD", {"momentum": 0.9}),
    "adagrad": ("Adagrad", {}),
    "rmsprop": ("RMSprop", {}),
    "adadelta": ("Adadelta", {}),
    "adam": ("Adam", {}),
    "adamw": ("AdamW", {}),
    "nadam": ("NAdam", {}),
}


def bench_playground():
    surface = make_surface("ravine")
    runs = [RunSpec.make(o, {"lr": 0.01, **({"momentum": 0.9} if o == "sgd" else {})}) for o in OPTIMIZERS]

    def one_call():
        simulate(surface, runs, START, 1000, record_state=True)

    def separate_calls():
        for r in runs:
            simulate(surface, [r], START, 1000, record_state=True)

    one_call()
    t_one = timeit(one_call, repeat=7)
    t_sep = timeit(separate_calls, repeat=3)
    print("(b) 8 optimizers × 1000 steps with per-step state (a playground rerun's work)")
    print(f"    optim_viz simulate, one call       {t_one * 1e3:10.1f} ms")
    print(f"    8 separate simulate calls          {t_sep * 1e3:10.1f} ms   ratio {t_sep / t_one:8.1f}×")
    if torch is not None:

        def torch_runs():
            for _name, (cls, kw) in TORCH.items():
                p = torch.tensor(START, requires_grad=True)
                opt = getattr(torch.optim, cls)([p], lr=0.01, **kw)
                for _ in range(1000):
                    opt.zero_grad()
                    (0.5 * (p[0] ** 2 + 20.0 * p[1] ** 2)).backward()
                    opt.step()

        t_torch = timeit(torch_runs, repeat=1)
        print(f"    torch.optim loops (7 optimizers)   {t_torch * 1e3:10.1f} ms   ratio {t_torch / t_one:8.1f}×")


# (c) per-step cost: each optimizer's hyperparameters (torch's names) and the torch class
PER_STEP = {
    "sgd": ("SGD", {"lr": 0.01, "momentum": 0.9}),
    "ewma_momentum": (None, {"lr": 0.01}),
    "adagrad": ("Adagrad", {"lr": 0.1}),
    "rmsprop": ("RMSprop", {"lr": 0.01}),
    "adadelta": ("Adadelta", {"lr": 1.0}),
    "adam": ("Adam", {"lr": 0.01}),
    "adamw": ("AdamW", {"lr": 0.01}),
    "nadam": ("NAdam", {"lr": 0.01}),
    "adamax": ("Adamax", {"lr": 0.01}),
    "radam": ("RAdam", {"lr": 0.01}),
    "rprop": ("Rprop", {"lr": 0.01}),
    "asgd": ("ASGD", {"lr": 0.01}),
    "adafactor": ("Adafactor", {"lr": 0.01}),
    "lbfgs": ("LBFGS", {"lr": 0.1}),
    "lbfgs strong_wolfe": ("LBFGS", {"lr": 1.0, "line_search_fn": "strong_wolfe"}),
    "muon": ("Muon", {"lr": 0.01}),
}
N_RUNS, N_STEPS = 8, 1000
LR_FACTORS = np.geomspace(0.5, 2.0, N_RUNS)


def ravine_loss(p):
    z = p.view(-1)
    return 0.5 * (z[0] ** 2 + 20.0 * z[1] ** 2)


def torch_runs(cls_name, hp):
    """The same N_RUNS runs as torch.optim loops; returns (seconds, evaluations)."""
    cls = getattr(torch.optim, cls_name)
    evals = 0
    t0 = time.perf_counter()
    for factor in LR_FACTORS:
        shape = (1, 2) if cls_name == "Muon" else (2,)
        p = torch.tensor(START).reshape(shape).requires_grad_(True)
        kw = dict(hp, lr=hp["lr"] * factor)
        if cls_name not in ("LBFGS", "Muon"):
            kw["foreach"] = False
        opt = cls([p], **kw)
        if cls_name == "LBFGS":

            def closure(p=p, opt=opt):
                nonlocal evals
                evals += 1
                opt.zero_grad()
                loss = ravine_loss(p)
                loss.backward()
                return loss

            for _ in range(N_STEPS):
                opt.step(closure)
        else:
            for _ in range(N_STEPS):
                opt.zero_grad()
                ravine_loss(p).backward()
                opt.step()
    return time.perf_counter() - t0, evals


def bench_per_step():
    surface = make_surface("ravine")
    print(f"(c) one step of each optimizer: {N_RUNS} runs (lr × 0.5…2) × {N_STEPS} steps on the ravine, per run-step")
    header = f"    {'optimizer':20s} {'optim_viz':>11s}"
    if torch is not None:
        header += f" {'torch.optim':>12s} {'ratio':>8s}"
    print(header + "   evaluations per step (closure)")
    for label, (cls_name, hp) in PER_STEP.items():
        name = label.split()[0]
        runs = [RunSpec.make(name, dict(hp, lr=hp["lr"] * f)) for f in LR_FACTORS]

        def ours(runs=runs):
            return simulate(surface, runs, START, N_STEPS, record_state=True)

        res = ours()
        t_ours = timeit(ours, repeat=3)
        per_ours = t_ours / (N_RUNS * N_STEPS)
        line = f"    {label:20s} {per_ours * 1e6:9.2f} µs"
        if torch is not None and cls_name is not None:
            t_torch, _ = torch_runs(cls_name, hp)
            per_torch = t_torch / (N_RUNS * N_STEPS)
            line += f" {per_torch * 1e6:10.2f} µs {per_torch / per_ours:7.1f}×"
        elif torch is not None:
            line += f" {'(no torch peer)':>22s}"
        if name == "lbfgs":
            evals = np.concatenate([r.state["evals"][:, 0] for r in res.runs])
            line += f"   mean {evals.mean():.2f}, first step {evals[0]}"
        print(line)
    if torch is None:
        print("    torch.optim loops: skipped (torch not installed; pip install torch==2.13.0)")


if __name__ == "__main__":
    print(f"numpy {np.__version__}" + (f", torch {torch.__version__}" if torch is not None else ""))
    bench_sweep()
    bench_playground()
    bench_per_step()
