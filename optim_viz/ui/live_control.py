"""The live control: a Streamlit custom component (v2, rendered in the page, no iframe) that lets a
learner drag a run's learning rate or momentum/β and see that run's path, loss curve and metrics
follow in the browser, from the family the engine computed in one call; and that turns a click on
the contour into a start point without an invisible grid of markers.

Its HTML, CSS and JavaScript are files next to this module (``ui/live/``, package data). The
browser sends the dragged value back once the learner lets go, and a click on the
contour's plot area; both are state values numbered by the browser, which the page reads once at
the top of its script (``new_value``, ``new_click``).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from functools import cache
from importlib import resources
from typing import Any

import streamlit as st

from ..i18n import Translator

KEY = "live_control"
NAME = "optim_viz_live_control"
SEEN = "live_seen"  # the number of the last value and click applied, per component


def _asset(name: str) -> str:
    return resources.files(__package__).joinpath("live", name).read_text(encoding="utf-8")


@cache
def _component():
    return st.components.v2.component(NAME, html=_asset("live_control.html"), css=_asset("live_control.css"),
                                      js=_asset("live_control.js"))  # fmt: skip


def texts(t: Translator) -> dict[str, str]:
    """The words the component shows, in the page's language."""
    return {
        "final_loss": t("final loss"),
        "steps_to_tolerance": t("steps to tolerance"),
        "oscillation_index": t("oscillation"),
        "diverged": t("diverged at step {k}", k="{k}"),
    }


def _state(key: str) -> Mapping[str, Any]:
    state = st.session_state.get(key)
    return state if isinstance(state, Mapping) else {}


def _new(key: str, name: str) -> Mapping[str, Any] | None:
    """The component's ``name`` value if the browser sent a new one since the last call (each
    carries a number ``n``), else None."""
    v = _state(key).get(name)
    if not isinstance(v, Mapping):
        return None
    seen = st.session_state.setdefault(SEEN, {})
    mark = (key, name)
    if seen.get(mark) == v.get("n"):
        return None
    seen[mark] = v.get("n")
    return v


def new_value(key: str = KEY) -> Mapping[str, Any] | None:
    """The value the learner let go of on the live slider: {"run", "hparam", "value", "n"}, once."""
    return _new(key, "value")


def new_click(key: str = KEY) -> tuple[float, float] | None:
    """The point clicked on the contour, once per click."""
    v = _new(key, "click")
    try:
        xy = (float(v["x"]), float(v["y"]))
    except (KeyError, TypeError, ValueError):
        return None
    return xy if all(math.isfinite(c) for c in xy) else None


def live_control(
    *,
    t: Translator,
    family: Mapping[str, Any] | None = None,
    label: str = "",
    contour: str = "contour_chart",
    loss: str | None = None,
    dim: Mapping[str, list[str]] | None = None,
    click_chart: str | None = None,
    token: str = "",
    key: str = KEY,
) -> None:
    """Mount the live control. ``family`` is ``render.live.family_payload``'s output (None: only the
    click handling, no slider); ``dim`` lists, per chart key, the trace names (meta) that the dragged
    member replaces; ``click_chart`` is the chart whose clicks become start points."""
    data = {
        "family": family,
        "label": label,
        "contour": contour,
        "loss": loss,
        "dim": dict(dim or {}),
        "text": texts(t),
        "click": {"chart": click_chart, "tip": t("click to start here")} if click_chart else None,
        "token": token,
    }
    _component()(key=key, data=data, default={"value": None, "click": None}, on_value_change=_ignore,
                 on_click_change=_ignore, height="content")  # fmt: skip


def _ignore() -> None:
    """A state key needs a callback; the pages read the values at the top of the script instead."""
