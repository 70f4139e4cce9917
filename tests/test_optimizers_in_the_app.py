"""Every torch.optim optimizer wherever an optimizer is offered: its controls (a slider per number of
a tuple, whole numbers, torch's choices, None where torch takes it), its link, its update rule, what
it draws besides its path (ASGD's averaged iterate, L-BFGS's evaluations), the race and the map."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from optim_viz.core.optimizers import OPTIMIZERS
from optim_viz.core.steps import evaluations
from optim_viz.render import update_rules
from optim_viz.render.contour import contour_figure
from optim_viz.render.kit import trace_index
from optim_viz.render.surface_image import surface_grid
from optim_viz.state import hyperparameter_map as MAP
from optim_viz.state import playground as C
from optim_viz.state.values import hparam_options

ROOT = Path(__file__).resolve().parents[1]

LINKS = {
    "rprop": "rprop(lr=0.05,etas=0.4/1.3,step_sizes=1e-05/10)",
    "lbfgs": "lbfgs(lr=1,max_iter=10,line_search_fn=strong_wolfe)",
    "adafactor": "adafactor(lr=0.1,beta2_decay=-0.5,eps=none/0.01)",
    "muon": "muon(lr=0.05,nesterov=0,ns_steps=3,adjust_lr_fn=match_rms_adamw)",
    "asgd": "asgd(lr=0.019,t0=10)",
}


@pytest.mark.parametrize("name", list(OPTIMIZERS))
def test_every_default_is_among_its_controls_options(name):
    for h in OPTIMIZERS[name].hparams:
        if h.kind == "bool":
            continue
        if h.kind in ("betas", "tuple"):
            for i, p in enumerate(h.parts):
                assert h.default[i] in hparam_options(h, p), (name, p.name)
        else:
            assert h.default in hparam_options(h), (name, h.name)


@pytest.mark.parametrize("name", list(LINKS))
def test_a_link_with_tuples_choices_and_none_round_trips(name):
    cfg, notices = C.decode_query({"run": LINKS[name]})
    assert notices == []
    assert C.encode_query(cfg)["run"] == [LINKS[name]]
    assert C.validate_config(cfg) == (cfg, [])


def test_tampered_values_of_the_new_kinds_fall_back_with_notices():
    cfg, notices = C.decode_query({"run": "rprop(etas=0.4)"})
    assert any("0.5/1.2" in n for n in notices) and cfg.runs[0].hparams_dict["etas"] == (0.5, 1.2)
    cfg, notices = C.decode_query({"run": "lbfgs(line_search_fn=armijo,max_iter=2.5)"})
    assert len(notices) == 2 and cfg.runs[0].hparams_dict["line_search_fn"] is None
    cfg, notices = C.decode_query({"run": "rprop(etas=none/1.2)"})  # torch takes no None here
    assert notices and cfg.runs[0].hparams_dict["etas"][0] == 0.5


def _run(*runs: str, steps: int = 60, record: bool = True):
    cfg, notices = C.decode_query({"run": list(runs), "steps": str(steps)})
    assert notices == []
    return cfg, cfg.simulation().run().with_labels(cfg.labels())


def test_asgd_draws_its_averaged_iterate_and_lbfgs_its_evaluations():
    cfg, result = _run("asgd(lr=0.019,t0=10)", "lbfgs(lr=1,line_search_fn=strong_wolfe)")
    spec = contour_figure(result, surface_grid(cfg.make_surface()), cfg.start).to_dict()
    average = spec["data"][trace_index(spec, "average-0")]
    assert average["name"].endswith("averaged iterate x̄")
    probes = spec["data"][trace_index(spec, "probes-1")]
    lbfgs = result.runs[1]
    assert int(evaluations(lbfgs)[-1]) == int(lbfgs.state["evals"].sum()) > len(lbfgs.path) - 1
    assert probes["marker"]["symbol"] == "circle-open"
    assert evaluations(result.runs[0])[-1] == len(result.runs[0].path) - 1  # one evaluation per step


@pytest.mark.parametrize("name", ["adamax", "radam", "rprop", "asgd", "adafactor", "lbfgs", "muon"])
def test_update_rules_show_the_values(name):
    cfg, _ = C.decode_query({"run": LINKS.get(name, f"{name}(lr=0.1)")})
    hp = cfg.runs[0].hparams_dict
    tex = update_rules.update_rule(name, hp)
    assert update_rules.num(hp["lr"]) in tex
    legend = update_rules.symbol_legend(name, hp)
    for h in OPTIMIZERS[name].hparams:
        assert h.name in legend


def fresh(page: str, query: dict) -> AppTest:
    at = AppTest.from_file(ROOT / "pages" / f"{page}.py", default_timeout=90)
    for k, v in query.items():
        at.query_params[k] = v
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def test_the_playground_shows_a_control_for_every_kind():
    at = fresh("playground", {"run": [LINKS["rprop"], LINKS["lbfgs"], LINKS["muon"]]})
    assert [w.value for w in at.warning if "Link problem" in w.value] == []
    assert at.select_slider(key="run0_rprop_etas0").value == 0.4
    assert at.select_slider(key="run0_rprop_etas1").value == 1.3
    assert at.select_slider(key="run1_lbfgs_max_eval").value is None  # torch's default: max_iter·5//4
    assert at.selectbox(key="run1_lbfgs_line_search_fn").value == "strong_wolfe"
    assert at.select_slider(key="run2_muon_ns_steps").value == 3
    at.selectbox(key="run1_lbfgs_line_search_fn").set_value(None)
    at.run()
    assert "line_search_fn" not in at.query_params["run"][1]  # back to torch's default
    table = at.dataframe[0].value
    assert table["evaluations"][1] > 0


def test_the_race_offers_every_optimizer_and_counts_evaluations():
    at = fresh("race", {"racers": "adam,muon,lbfgs", "steps": "100"})
    ranking = [d.value for d in at.dataframe if "Place" in d.value.columns][0]
    assert set(ranking["Optimizer"]) == {"Adam", "Muon", "L-BFGS"}
    lbfgs = ranking[ranking["Optimizer"] == "L-BFGS"].iloc[0]
    assert lbfgs["Learning rate η"].endswith("(line search)")
    assert any("is not searched" in m.value for m in at.markdown)
    spec = [json.loads(c.proto.spec) for c in at.get("plotly_chart")][0]
    assert any(str(d.get("meta", "")).startswith("probes-") for d in spec["data"])


def test_the_map_sweeps_numbers_of_tuples_and_leaves_lbfgs_out():
    assert "lbfgs" not in MAP.MAP_OPTIMIZERS and set(MAP.MAP_OPTIMIZERS) == set(OPTIMIZERS) - {"lbfgs"}
    at = fresh("hyperparameter_map", {"optimizer": "rprop", "x": "lr:0.001:0.1:log", "y": "etaplus:1.05:2",
                                      "n": "25", "fixed": "rprop(etas=0.4/1.2)"})  # fmt: skip
    assert [w.value for w in at.warning if "Link problem" in w.value] == []
    cfg, _ = MAP.map_config(at.session_state["hyperparameter_map"].state)
    assert cfg.run_hparams(0.01, 1.5)["etas"] == (0.4, 1.5)
    assert any(c.value.startswith("625 runs") for c in at.caption)
    _, notices = MAP.MAP.decode({"optimizer": "lbfgs"})
    assert notices
