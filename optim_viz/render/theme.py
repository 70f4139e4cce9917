"""Colours and line styles: one stable colour per optimizer across the whole app.

The palette is Okabe & Ito's colour-blind-safe set (without its yellow, which vanishes on a light
contour), extended with three of Paul Tol's colours. SGD is split into its three methods (plain,
heavy-ball momentum, Nesterov) because comparing them is the app's headline; two runs of the
same method share a colour and differ by dash style.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..core.methods import method_key

METHOD_COLORS: dict[str, str] = {
    "sgd": "#D55E00",  # vermillion
    "sgd_momentum": "#0072B2",  # blue
    "sgd_nesterov": "#56B4E9",  # sky blue
    "ewma_momentum": "#009E73",  # bluish green
    "adagrad": "#CC79A7",  # reddish purple
    "rmsprop": "#E69F00",  # orange
    "adadelta": "#555555",  # dark grey
    "adam": "#332288",  # indigo (Tol)
    "adamw": "#882255",  # wine (Tol)
    "nadam": "#999933",  # olive (Tol)
    "adamax": "#44AA99",  # teal (Tol)
    "radam": "#AA4499",  # purple (Tol)
    "rprop": "#117733",  # green (Tol)
    "asgd": "#661100",  # brown
    "adafactor": "#6699CC",  # steel blue
    "lbfgs": "#DDAA33",  # ochre
    "muon": "#BB5566",  # rose
}
FALLBACK_COLOR = "#000000"
DASHES = ("solid", "dash", "dot", "dashdot", "longdash", "longdashdot")

# The surface is drawn in quiet greys so coloured paths stand out on a projector.
CONTOUR_COLORSCALE = [[0.0, "#ffffff"], [0.6, "#e3e8ee"], [1.0, "#b9c3cf"]]
SURFACE_COLORSCALE = [[0.0, "#fde0c5"], [0.5, "#c6dbef"], [1.0, "#6b8fb5"]]
CONTOUR_LINE = "#9aa3ad"
MINIMUM_COLOR = "#111111"
START_COLOR = "#111111"
GRADIENT_ARROW = "#C0392B"
UPDATE_ARROW = "#111111"
MOMENTUM_ARROW = "#1B7F3A"

BASE_FONT_SIZE = 13
CLASSROOM_FONT_SIZE = 20
FONT_FAMILY = "Inter, Source Sans Pro, Arial, sans-serif"

# Colour sets of the lesson figures: one per β, in the order given; one per schedule; the data's classes.
BETA_COLORS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00")
SCHEDULE_COLORS = {
    "constant": "#111111",
    "step": "#0072B2",
    "exponential": "#009E73",
    "inverse_time": "#CC79A7",
    "cosine": "#E69F00",
}
POINT_COLOR = "#9aa3ad"  # a noisy series
CLEAN_COLOR = "#555555"
CLASS_COLORS = ("#6b8fb5", "#C0392B")  # label 0, label 1
DIVERGED_COLOR = "#C0392B"
UNREACHED_COLOR = "#d0d4d9"
BOUNDARY_COLOR = "#111111"
OPTIMUM_COLOR = "#ffffff"
HEAT_SCALE = "Viridis"  # reversed on the map: good (few steps, low loss) is bright
EIGEN_COLORS = ("#7a4fa0", "#2a9d8f")  # flat, steep
HEAVY_BALL_CORRECTION = "#E69F00"


def method_color(optimizer: str, hparams: Mapping[str, Any] | None = None) -> str:
    return METHOD_COLORS.get(method_key(optimizer, hparams), FALLBACK_COLOR)


def run_styles(runs: list[tuple[str, Mapping[str, Any]]]) -> list[tuple[str, str]]:
    """(colour, dash) for each run: the method's colour, and a new dash for each repeat of a method."""
    seen: dict[str, int] = {}
    out = []
    for optimizer, hparams in runs:
        key = method_key(optimizer, hparams)
        n = seen.get(key, 0)
        seen[key] = n + 1
        out.append((method_color(optimizer, hparams), DASHES[n % len(DASHES)]))
    return out


def font_size(classroom: bool) -> int:
    return CLASSROOM_FONT_SIZE if classroom else BASE_FONT_SIZE
