"""PlaygroundConfig: defaults, control grids, and the URL round trip (decode never raises)."""

from __future__ import annotations

import math
from dataclasses import replace

import pytest

from optim_viz.core.optimizers import OPTIMIZERS
from optim_viz.core.schedules import SCHEDULES
from optim_viz.core.surfaces import SURFACES
from optim_viz.state import playground as C
from optim_viz.state import values as V


def test_defaults_are_valid_and_the_headline_comparison():
    cfg, notices = C.validate_config(C.DEFAULT_CONFIG)
    assert notices == []
    assert cfg == C.DEFAULT_CONFIG
    assert cfg.surface == "ravine"
    assert [r.optimizer for r in cfg.runs] == ["sgd", "sgd"]
    assert cfg.runs[0].hparams_dict["momentum"] == 0.0
    assert cfg.runs[1].hparams_dict["momentum"] == 0.9
    # the headline: plain SGD zig-zags across the ravine, momentum runs along it and ends far closer
    from optim_viz.core.engine import simulate

    sgd, mom = simulate(cfg.make_surface(), cfg.run_specs(), cfg.start, cfg.steps).runs
    assert sgd.metrics.oscillation_index > 0.5 > 0.1 > mom.metrics.oscillation_index
    assert mom.metrics.final_distance < 1e-2 * sgd.metrics.final_distance


def test_empty_query_gives_defaults_without_notices():
    assert C.decode_query({}) == (C.DEFAULT_CONFIG, [])


def test_log_grid_is_round_and_covers_the_range():
    grid = V.log_grid(1e-4, 10.0)
    assert grid[0] == 1e-4 and grid[-1] == 10.0
    assert 0.019 in grid and 0.1 in grid and 1e-3 in grid
    ratios = [b / a for a, b in zip(grid, grid[1:])]
    assert max(ratios) < 1.2  # keyboard steps change lr by less than 20 %


@pytest.mark.parametrize("name", list(OPTIMIZERS))
def test_every_default_hyperparameter_is_on_its_slider(name):
    """Torch's defaults and the playground's lr are values a learner can pick."""
    opt = OPTIMIZERS[name]
    run = C.new_run(name)
    for h in opt.hparams:
        v = run.hparams_dict[h.name]
        if h.kind == "float":
            assert v in V.hparam_grid(h), (name, h.name, v)
        elif h.kind == "betas":
            assert v[0] in V.hparam_grid(h, "beta1") and v[1] in V.hparam_grid(h, "beta2")


@pytest.mark.parametrize("surface", list(SURFACES))
def test_every_surface_default_is_on_its_control(surface):
    defaults = dict(C.surface_defaults(surface))
    for p in SURFACES[surface].params:
        control = V.surface_param_control(surface, p)
        if control.kind in ("slider", "choice"):
            assert defaults[p.name] in control.values, (surface, p.name)


def _rich_config() -> C.PlaygroundConfig:
    runs = (
        C.RunConfig.make("sgd", {"lr": 0.05, "momentum": 0.95, "nesterov": True}),
        C.RunConfig.make("adam", {"lr": 0.1, "betas": (0.8, 0.99), "amsgrad": True}),
        C.RunConfig.make("rmsprop", {"lr": 0.01, "centered": True, "alpha": 0.9}),
        C.RunConfig.make("adagrad", {"lr": 0.5, "initial_accumulator_value": 0.1}),
        C.RunConfig.make("adadelta", {"lr": 1.0, "rho": 0.95, "eps": 1e-6}),
        C.RunConfig.make("adamw", {"lr": 0.2, "weight_decay": 0.05}),
        C.RunConfig.make("nadam", {"lr": 0.002, "momentum_decay": 0.004, "decoupled_weight_decay": True}),
        C.RunConfig.make("ewma_momentum", {"lr": 0.19, "beta": 0.95, "bias_correction": True}),
    )
    return C.PlaygroundConfig(
        surface="rosenbrock",
        surface_params=(("a", 1.0), ("b", 50.0)),
        start=(-1.25, 2.5),
        steps=300,
        runs=runs,
        schedule="step",
        schedule_params=(("gamma", 0.5), ("step_size", 50.0)),
        noise=0.15,
        seed=7,
        inspect_step=42,
        classroom=True,
    )


@pytest.mark.parametrize("cfg", [C.DEFAULT_CONFIG, _rich_config()], ids=["default", "rich"])
def test_query_round_trip_is_exact(cfg):
    assert C.validate_config(cfg) == (cfg, [])
    decoded, notices = C.decode_query(C.encode_query(cfg))
    assert notices == []
    assert decoded == cfg


def test_query_round_trip_through_a_real_url():
    from urllib.parse import parse_qs, urlencode

    cfg = _rich_config()
    url = urlencode(C.encode_query(cfg), doseq=True)
    decoded, notices = C.decode_query(parse_qs(url))
    assert notices == [] and decoded == cfg


def test_neuron_surface_with_choices_and_batches_round_trips():
    cfg = replace(
        C.DEFAULT_CONFIG,
        surface="neuron",
        surface_params=V.items({**dict(C.surface_defaults("neuron")), "loss": "cross_entropy"}),
        start=(-4.0, 5.0),
        batch_size=8,
    )
    assert C.validate_config(cfg) == (cfg, [])
    assert C.decode_query(C.encode_query(cfg)) == (cfg, [])


def test_encoding_leaves_out_torch_defaults_but_keeps_lr():
    q = C.encode_query(C.DEFAULT_CONFIG)
    assert q["run"] == ["sgd(lr=0.019)", "sgd(lr=0.004,momentum=0.9)"]
    assert q["surface"].startswith("ravine(")
    assert "classroom" not in q


TAMPERED = [
    ({"surface": "nope"}, "surface"),
    ({"surface": "ravine(kappa=abc)"}, "kappa"),
    ({"surface": "ravine(kappa=1e300)"}, "kappa"),
    ({"surface": "ravine(kappa=-3)"}, "kappa"),
    ({"surface": "ravine(kappa"}, "surface"),
    ({"surface": "__import__('os').system('x')"}, "surface"),
    ({"start": "nan,1"}, "start"),
    ({"start": "1"}, "start"),
    ({"start": "99,99"}, "start"),
    ({"steps": "-5"}, "steps"),
    ({"steps": "1e9"}, "steps"),
    ({"steps": "ten"}, "steps"),
    ({"run": "sgd(lr=abc)"}, "lr"),
    ({"run": "sgd(lr=1e9)"}, "lr"),
    ({"run": "sgd(lr=-1)"}, "lr"),
    ({"run": "sgd(momentum=0,nesterov=1)"}, "Nesterov"),
    ({"run": "sgd(bogus=1)"}, "bogus"),
    ({"run": "torch.optim.LBFGS()"}, "run 1"),
    ({"run": "adam(betas=0.9)"}, "betas"),
    ({"run": "adam(betas=1.5/0.999)"}, "β₁"),
    ({"run": ["sgd(lr=0.1)"] * 9}, "At most 8"),
    ({"run": ["zzz()", "yyy()"]}, "No valid run"),
    ({"schedule": "warp(k=1)"}, "schedule"),
    ({"schedule": "step(gamma=7)"}, "gamma"),
    ({"noise": "inf"}, "noise"),
    ({"noise": "-1"}, "noise"),
    ({"seed": "-3"}, "seed"),
    ({"seed": "1.5"}, "seed"),
    ({"k": "0"}, "k="),
    ({"batch": "8"}, "batch"),
    ({"classroom": "maybe"}, "classroom"),
    ({"utm_source": "x"}, "utm_source"),
    ({"surface": "ravine(" + "kappa=1," * 100 + ")"}, "too long"),
]


@pytest.mark.parametrize("query,needle", TAMPERED, ids=[str(i) for i in range(len(TAMPERED))])
def test_tampered_query_falls_back_with_a_notice(query, needle):
    cfg, notices = C.decode_query(query)
    assert notices, query
    assert any(needle in n for n in notices), notices
    assert C.validate_config(cfg) == (cfg, [])  # whatever came out is fully valid


def test_the_language_parameter_belongs_to_someone_else():
    assert C.decode_query({"lang": "zh"}) == (C.DEFAULT_CONFIG, [])


def test_bad_value_falls_back_to_the_default_not_to_nothing():
    cfg, _ = C.decode_query({"run": "sgd(lr=abc,momentum=0.9)", "steps": "ten"})
    assert cfg.steps == C.DEFAULT_CONFIG.steps
    (run,) = cfg.runs
    assert run.hparams_dict["lr"] == C.PLAYGROUND_LR["sgd"]
    assert run.hparams_dict["momentum"] == 0.9  # the good value of the same run is kept


def test_off_grid_value_is_rounded_with_a_notice():
    cfg, notices = C.decode_query({"run": "sgd(lr=0.0193)"})
    assert cfg.runs[0].hparams_dict["lr"] == 0.019
    assert any("rounded" in n for n in notices)


def test_start_follows_the_surface_when_absent():
    cfg, notices = C.decode_query({"surface": "himmelblau"})
    assert notices == []
    assert cfg.start == C.suggested_start("himmelblau", {})


def test_inspect_step_is_clamped_to_steps():
    cfg, notices = C.decode_query({"steps": "10", "k": "50"})
    assert cfg.inspect_step == 10 and notices


def test_run_labels_name_the_method_and_what_differs():
    sgd, mom = C.DEFAULT_CONFIG.runs
    assert C.run_label(0, sgd) == "1. SGD η=0.019"
    assert C.run_label(1, mom) == "2. SGD+momentum η=0.004 μ=0.9"
    nest = C.RunConfig.make("sgd", {"lr": 0.1, "momentum": 0.9, "nesterov": True})
    assert C.run_label(2, nest).startswith("3. SGD+Nesterov")
    adam = C.RunConfig.make("adam", {"lr": 0.1, "betas": (0.8, 0.999)})
    assert C.run_label(0, adam) == "1. Adam η=0.1 β=(0.8, 0.999)"


def test_next_run_picks_an_unused_optimizer():
    assert C.next_run(C.DEFAULT_CONFIG.runs).optimizer == "adam"
    runs = tuple(C.new_run(n) for n in OPTIMIZERS)
    assert C.next_run(runs).optimizer == "adam"


def test_run_specs_carry_schedule_and_noise_and_no_language():
    cfg = _rich_config()
    specs = cfg.run_specs()
    assert len(specs) == 8
    assert all(s.schedule == "step" and s.noise == 0.15 and s.seed == 7 for s in specs)
    assert all(s.label == "" for s in specs)  # the engine never sees the page language
    assert cfg.labels()[0].startswith("1. SGD+Nesterov")
    assert cfg.simulation().runs == tuple(specs)


def test_for_engine_drops_view_fields_only():
    cfg = _rich_config()
    e = cfg.for_engine()
    assert e.inspect_step == 1 and not e.classroom
    assert replace(e, inspect_step=cfg.inspect_step, classroom=True) == cfg


def test_every_schedule_default_is_on_its_grid():
    for name, sched in SCHEDULES.items():
        for p in sched.params:
            assert float(p.default) in V.schedule_param_grid(p), (name, p.name)


def test_format_number():
    assert V.format_number(150) == "150"
    assert V.format_number(0.019) == "0.019"
    assert V.format_number(1e-8) == "1e-08"
    assert not math.isnan(V.nearest(V.log_grid(1e-4, 10), 0.0193))
