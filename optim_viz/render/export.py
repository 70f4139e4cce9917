"""Downloads: every run as CSV, and a figure as a standalone HTML file that animates offline."""

from __future__ import annotations

import csv
import io

import plotly.graph_objects as go

from ..core.engine import BatchResult

BASE_COLUMNS = ("run", "label", "optimizer", "step", "x", "y", "loss", "lr", "grad_x", "grad_y")


def _state_columns(result: BatchResult) -> list[str]:
    cols: list[str] = []
    for t in result.runs:
        for name, arr in t.state.items():
            if arr.ndim > 2:  # L-BFGS's probes: several points per step, not one column
                continue
            names = [name] if arr.ndim == 1 or arr.shape[-1] == 1 else [f"{name}_x", f"{name}_y"]
            cols += [c for c in names if c not in cols]
    return cols


def _cell(v: float) -> str:
    return repr(float(v))  # exact float64, readable by any CSV reader


def runs_csv(result: BatchResult) -> str:
    """One row per (run, step). Step 0 is the start; row k > 0 holds xₖ, f(xₖ), and the lr,
    gradient and optimizer state of the update that produced it (empty on rows it does not apply to).
    """
    state_cols = _state_columns(result)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(list(BASE_COLUMNS) + state_cols)
    for i, t in enumerate(result.runs):
        per_run = {}
        for name, arr in t.state.items():
            if arr.ndim > 2:
                continue
            a = arr.reshape(len(arr), -1)
            if a.shape[1] == 1:
                per_run[name] = a[:, 0]
            else:
                per_run[f"{name}_x"], per_run[f"{name}_y"] = a[:, 0], a[:, 1]
        for k in range(len(t.path)):
            row = [i + 1, t.label, t.spec.optimizer, k, _cell(t.path[k, 0]), _cell(t.path[k, 1]), _cell(t.loss[k])]
            if k == 0:
                row += ["", "", ""] + [""] * len(state_cols)
            else:
                row += [_cell(t.lr[k - 1]), _cell(t.grad[k - 1, 0]), _cell(t.grad[k - 1, 1])]
                row += [_cell(per_run[c][k - 1]) if c in per_run else "" for c in state_cols]
            w.writerow(row)
    return buf.getvalue()


def figure_html(fig: go.Figure, title: str = "optim_viz") -> str:
    """A standalone page with plotly.js inlined: opens offline, Play/Pause and the step slider work."""
    # auto_play=False: the page opens on the finished picture, and Play replays it (to_html's own
    # autoplay animates without redrawing the contour, which then vanishes).
    html = fig.to_html(include_plotlyjs=True, full_html=True, auto_play=False, config={"displaylogo": False})
    return html.replace("<head>", f"<head><title>{_escape(title)}</title>", 1)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
