"""The Lessons III pages and sections through Streamlit's AppTest: every new control, the numbers the
captions claim (recomputed here from the lessons), the link state, the Chinese interface and bad
input (a message, never a traceback)."""

from __future__ import annotations

import numpy as np
import pytest
from page_support import array, charts, fresh, literal_strings, names, rerun, url, warnings, widget

from optim_viz import i18n
from optim_viz.core.ewma import SeriesError, parse_series
from optim_viz.i18n.locales import load
from optim_viz.lessons.averages import typed_series
from optim_viz.state import presets as P

# Every file whose learner-facing strings Lessons III added or changed
OWN_FILES = [
    "pages/ewma.py",
    "optim_viz/render/averages.py",
    "optim_viz/state/averages.py",
]


def test_catalogue_covers_every_new_string():
    catalogue = load()
    strings = literal_strings(OWN_FILES) | literal_strings(["optim_viz/core/ewma.py"], calls=("SeriesError",))
    missing = sorted(s for s in strings if s not in catalogue)
    assert missing == []


# --------------------------------------------------------------------------------------
# The EWMA of a typed series


def test_parse_series_reads_plain_numbers_only():
    assert parse_series("0, 1, 2,3，4 ,-5e1, .5, +2.").tolist() == [0, 1, 2, 3, 4, -50, 0.5, 2]
    cases = {
        "": ("type numbers separated by commas, e.g. 0, 1, 2, 3", 0),
        "1,,2": ("number {item} is missing (two commas in a row, or a comma at an end)", 2),
        "1, 2,": ("number {item} is missing (two commas in a row, or a comma at an end)", 4),
        "1, nan": ("number {item}, {token!r}, is not a number", 3),
        "1, 2, __import__('os')": ("number {item}, {token!r}, is not a number", 6),
        "1e999": ("number {item} is too large (at most 1e12 in size)", 0),
        "1 2, 3": ("put a comma between the numbers of {token!r}", 0),
        ",".join(["1"] * 201): ("at most {max} numbers ({n} given)", 400),
    }
    for text, (template, position) in cases.items():
        with pytest.raises(SeriesError) as info:
            parse_series(text)
        assert (info.value.template, info.value.position) == (template, position), text


def test_the_notes_numbers_0_to_9():
    ts = typed_series(range(10), 0.9)
    assert ts.mean[-1] == 4.5
    assert ts.average[-1] == pytest.approx(sum(0.1 * 0.9 ** (10 - i) * (i - 1) for i in range(1, 11)), rel=1e-14)
    assert ts.average[-1] == pytest.approx(3.4868, abs=1e-4) and ts.corrected[-1] == pytest.approx(5.3534, abs=1e-4)
    assert ts.weights.sum() == pytest.approx(1 - 0.9**10) and ts.newest_weight == pytest.approx(0.1)


def test_ewma_typed_section_defaults_and_caption_numbers():
    at = fresh("ewma")
    spec = charts(at)["typed_chart"]
    assert names(spec) == ["your numbers Sₜ", "arithmetic mean of S₁…Sₜ", "β=0.9, no correction",
                           "β=0.9, bias-corrected"]  # fmt: skip
    np.testing.assert_allclose(array(spec["data"][1]["y"]), np.cumsum(range(10)) / np.arange(1, 11), rtol=1e-6)
    text = next(m.value for m in at.markdown if "plain mean of these" in m.value)
    ts = typed_series(range(10), 0.9)
    share = ts.weights / ts.weights.sum()
    for number in ("10 numbers", "**4.5**", f"**{ts.average[-1]:.4g}**", f"**{ts.corrected[-1]:.4g}**",
                   f"{100 * ts.weights.sum():.1f} %", f"{100 * share[-1]:.1f} %", f"{100 * share[0]:.1f} %", "10.0 %"):
        assert number in text, (number, text)  # fmt: skip
    assert "**3.487**" in text and "**5.353**" in text and "65.1 %" in text and "15.4 %" in text and "5.9 %" in text
    table = at.dataframe[-1].value
    assert list(table["mean of S₁…Sₜ"])[-1] == "4.5" and len(table) == 10


def test_typing_numbers_and_beta_updates_the_section_and_the_link():
    at = fresh("ewma")
    widget(at, "ewma", "series").set_value("4, 8, 15, 16, 23, 42")
    widget(at, "ewma", "sbeta").set_value(0.5)
    rerun(at)
    assert url(at)["series"] == "4, 8, 15, 16, 23, 42" and url(at)["sbeta"] == "0.5"
    ts = typed_series([4, 8, 15, 16, 23, 42], 0.5)
    y = array(charts(at)["typed_chart"]["data"][3]["y"])
    np.testing.assert_allclose(y, ts.corrected, rtol=1e-6)
    assert any("**18**" in m.value for m in at.markdown)  # the plain mean of the six numbers


@pytest.mark.parametrize("text,where", [("1, 2,, 3", "character 6"), ("1, two, 3", "character 4"),
                                        ("1 2", "character 1")])  # fmt: skip
def test_a_bad_series_shows_the_problem_and_keeps_the_last_good_one(text, where):
    at = fresh("ewma", {"series": "1, 2, 3"})
    widget(at, "ewma", "series").set_value(text)
    rerun(at)
    (error,) = at.error
    assert where in error.value and "Still showing" in error.value
    assert at.code[-1].value.splitlines()[0] == text and at.code[-1].value.endswith("^")
    assert url(at)["series"] == "1, 2, 3"  # the link keeps what could be read
    assert len(array(charts(at)["typed_chart"]["data"][0]["y"])) == 3


def test_a_bad_series_in_a_link_falls_back_with_a_notice():
    at = fresh("ewma", {"series": "1;2;3"})
    (notice,) = [w for w in warnings(at) if "series" in w]
    assert "'1;2;3', is not a number" in notice and "0, 1, 2" in notice
    assert widget(at, "ewma", "series").value == "0, 1, 2, 3, 4, 5, 6, 7, 8, 9"
    assert P.SCHEMAS["ewma"].problems(at.session_state["ewma"].state) == []


def test_the_ewma_section_in_chinese():
    i18n.MISSING.clear()
    at = fresh("ewma", {"series": "1, x"}, lang="zh")
    assert not i18n.MISSING, sorted(i18n.MISSING)
    assert all(not w.isascii() for w in warnings(at))
    at2 = fresh("ewma", lang="zh")
    widget(at2, "ewma", "series").set_value("1，，2")
    rerun(at2)
    assert "第 3 个字符" in at2.error[0].value and not i18n.MISSING
