"""The hyperparameter map's sweep against the same loop written in C, compiled here, measured in the same run.

Two C loops, both compiled with ``cc -O2`` here: the engine's own loop order (every cell advances one
step, then the next step; the compiler may vectorize over the cells) and the loop a C programmer
writes first (cell by cell, stopping a cell when it diverges).

The sweep: SGD with momentum (torch's semantics: buf₁ = g₁, then buf = μ·buf + g; x −= lr·buf) on
the ravine (κ = 20), lr log-spaced 1e-3…0.2 × momentum 0…0.99, 100 × 100 cells × 500 steps, from
(−4.5, 1.5): each cell's final loss, steps to f − f* ≤ 1e-6 and divergence step, as
``optim_viz.core.engine.sweep`` computes them. The C loop evaluates the ravine's value and gradient
with the same operations in the same order, and is compiled with ``cc -O2`` (no fast-math), so
both give the same float64 numbers; the benchmark checks that they do.

    python benchmarks/bench_sweep_c.py [--repeat 7]
"""

from __future__ import annotations

import argparse
import ctypes
import math
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from optim_viz.core.engine import DIVERGENCE_LIMIT, GridAxis, sweep  # noqa: E402
from optim_viz.core.surfaces import make_surface  # noqa: E402

N, STEPS, START, KAPPA, TOL = 100, 500, (-4.5, 1.5), 20.0, 1e-6

C_SOURCE = r"""
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

/* The engine's own loop order: every cell advances one step, then the next step (the compiler may
   vectorize over the cells, as NumPy does). Diverged cells go on computing, their numbers unused. */
void sweep_by_step(int64_t n, const double *lr, const double *mom, double x0, double y0, int64_t steps,
                   double kappa, double c, double s, double fmin, double tol, double limit,
                   double *final_loss, int64_t *steps_to_tol, int64_t *diverged_at) {
  double *x = malloc(n * sizeof(double)), *y = malloc(n * sizeof(double));
  double *bx = malloc(n * sizeof(double)), *by = malloc(n * sizeof(double));
  double *gx = malloc(n * sizeof(double)), *gy = malloc(n * sizeof(double));
  for (int64_t i = 0; i < n; i++) {
    double u = x0 * c + y0 * s, v = -x0 * s + y0 * c, kv = kappa * v;
    double f = 0.5 * (u * u + kappa * v * v);
    x[i] = x0; y[i] = y0; gx[i] = u * c - kv * s; gy[i] = u * s + kv * c;
    final_loss[i] = f; steps_to_tol[i] = (f - fmin <= tol) ? 0 : -1; diverged_at[i] = 0;
  }
  for (int64_t t = 0; t < steps; t++) {
    for (int64_t i = 0; i < n; i++) {
      double dx, dy;
      if (t == 0) { bx[i] = gx[i]; by[i] = gy[i]; }
      else { bx[i] = bx[i] * mom[i] + 1.0 * gx[i]; by[i] = by[i] * mom[i] + 1.0 * gy[i]; }
      if (mom[i] != 0.0) { dx = bx[i]; dy = by[i]; } else { dx = gx[i]; dy = gy[i]; }
      x[i] = x[i] + (-lr[i]) * dx;
      y[i] = y[i] + (-lr[i]) * dy;
      double u = x[i] * c + y[i] * s, v = -x[i] * s + y[i] * c, kv = kappa * v;
      double f = 0.5 * (u * u + kappa * v * v);
      gx[i] = u * c - kv * s; gy[i] = u * s + kv * c;
      int bad = !(fabs(x[i]) <= limit && fabs(y[i]) <= limit && isfinite(f));
      if (bad && diverged_at[i] == 0) diverged_at[i] = t + 1;
      if (diverged_at[i] == 0) {
        final_loss[i] = f;
        if (steps_to_tol[i] < 0 && f - fmin <= tol) steps_to_tol[i] = t + 1;
      }
    }
  }
  free(x); free(y); free(bx); free(by); free(gx); free(gy);
}

/* One cell at a time, one step at a time: what a C programmer would write. */
void sweep(int64_t n, const double *lr, const double *mom, double x0, double y0, int64_t steps,
           double kappa, double c, double s, double fmin, double tol, double limit,
           double *final_loss, int64_t *steps_to_tol, int64_t *diverged_at) {
  for (int64_t i = 0; i < n; i++) {
    double x = x0, y = y0, bx = 0.0, by = 0.0;
    double u = x * c + y * s, v = -x * s + y * c, kv = kappa * v;
    double f = 0.5 * (u * u + kappa * v * v), gx = u * c - kv * s, gy = u * s + kv * c;
    double last = f;
    int64_t stt = (f - fmin <= tol) ? 0 : -1, div = 0;
    for (int64_t t = 0; t < steps; t++) {
      double dx, dy;
      if (t == 0) { bx = gx; by = gy; } else { bx = bx * mom[i] + 1.0 * gx; by = by * mom[i] + 1.0 * gy; }
      if (mom[i] != 0.0) { dx = bx; dy = by; } else { dx = gx; dy = gy; }
      x = x + (-lr[i]) * dx;
      y = y + (-lr[i]) * dy;
      u = x * c + y * s; v = -x * s + y * c; kv = kappa * v;
      f = 0.5 * (u * u + kappa * v * v); gx = u * c - kv * s; gy = u * s + kv * c;
      if (!(fabs(x) <= limit && fabs(y) <= limit && isfinite(f))) { div = t + 1; break; }
      last = f;
      if (stt < 0 && f - fmin <= tol) stt = t + 1;
    }
    final_loss[i] = last; steps_to_tol[i] = stt; diverged_at[i] = div;
  }
}
"""


def compile_c(tmp: Path) -> ctypes.CDLL:
    cc = shutil.which("cc") or shutil.which("gcc")
    if cc is None:
        raise SystemExit("no C compiler (apt-get install -y gcc)")
    src, lib = tmp / "sweep.c", tmp / "sweep.so"
    src.write_text(C_SOURCE)
    subprocess.run([cc, "-O2", "-shared", "-fPIC", "-o", str(lib), str(src), "-lm"], check=True)
    dll = ctypes.CDLL(str(lib))
    d, i64 = ctypes.c_double, ctypes.c_int64
    p = np.ctypeslib.ndpointer
    for fn in (dll.sweep, dll.sweep_by_step):
        fn.argtypes = [i64, p(np.float64), p(np.float64), d, d, i64, d, d, d, d, d, d,
                       p(np.float64), p(np.int64), p(np.int64)]  # fmt: skip
    return dll


def run_c(dll, lr: np.ndarray, mom: np.ndarray, by_step: bool = True) -> dict:
    n = lr.size
    fn = dll.sweep_by_step if by_step else dll.sweep
    out = {"final_loss": np.empty(n), "steps_to_tolerance": np.empty(n, np.int64), "diverged_at": np.empty(n, np.int64)}
    th = math.radians(0.0)
    fn(n, lr, mom, START[0], START[1], STEPS, KAPPA, math.cos(th), math.sin(th), 0.0, TOL, DIVERGENCE_LIMIT,
       out["final_loss"], out["steps_to_tolerance"], out["diverged_at"])  # fmt: skip
    return out


def timeit(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=7)
    args = ap.parse_args()
    surface = make_surface("ravine", {"kappa": KAPPA})
    x_axis, y_axis = GridAxis("lr", 1e-3, 0.2, N, log=True), GridAxis("momentum", 0.0, 0.99, N)
    lr, mom = (a.ravel().copy() for a in np.meshgrid(x_axis.values(), y_axis.values()))

    def ours():
        return sweep(surface, "sgd", x_axis, y_axis, START, STEPS, tol=TOL)

    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        dll = compile_c(Path(tmp))
        compile_s = time.perf_counter() - t0
        res = ours()
        refs = {"by_step": run_c(dll, lr, mom, True), "by_cell": run_c(dll, lr, mom, False)}
        same = {k: all(np.array_equal(getattr(res, m).ravel(), r[m]) for m in r) for k, r in refs.items()}
        t = {"ours": [], "by_step": [], "by_cell": []}
        for _ in range(args.repeat):  # interleaved, so machine noise hits all three
            t["ours"].append(timeit(ours, 1))
            t["by_step"].append(timeit(lambda: run_c(dll, lr, mom, True), 1))
            t["by_cell"].append(timeit(lambda: run_c(dll, lr, mom, False), 1))
    ms = {k: statistics.median(v) * 1e3 for k, v in t.items()}
    print(f"sweep {N}×{N} cells × {STEPS} steps, SGD+momentum on the ravine (κ = {KAPPA:g}); cc -O2, compiled in "
          f"{compile_s:.2f} s")  # fmt: skip
    print(f"  optim_viz sweep (NumPy, one batch)        {ms['ours']:8.1f} ms")
    for k, what in (("by_step", "C, the engine's loop (steps, then cells)"), ("by_cell", "C, cell by cell")):
        print(f"  {what:41s} {ms[k]:8.1f} ms   optim_viz / C = {ms['ours'] / ms[k]:5.1f}×   "
              f"same float64 results: {same[k]}")  # fmt: skip

if __name__ == "__main__":
    main()
