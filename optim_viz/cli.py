"""Command line: ``python -m optim_viz {run,sweep,render,theory,surfaces,optimizers,schedules}``.

Hyperparameters are torch's names: ``--hp lr=0.1``, a tuple as ``--hp etas=0.5,1.2``, a choice
as ``--hp line_search_fn=strong_wolfe`` (``none`` for None, also inside a tuple:
``--hp eps=none,1e-3``); a sweep varies a float or one number of a tuple by its part name
(``--grid etaplus=1.05:2:20``).

Every command prints one strict JSON object on stdout and nothing else (``render`` writes the
animation to ``--out`` and prints what it wrote). Bad input (unknown
names, malformed or out-of-range values, work beyond the caps) exits with code 2 and one line
on stderr naming the bad value. Start-up stays light: NumPy and the engine only.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

_INT = re.compile(r"^[+-]?\d+$")
_NUM = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$|^[+-]?(nan|inf|infinity)$", re.IGNORECASE)
MAX_ARG_LENGTH = 1000


class UsageError(ValueError):
    """A bad command-line value: exit code 2, one line on stderr."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, no usage dump
        raise UsageError(message)

    def exit(self, status: int = 0, message: str | None = None) -> None:
        if status:
            raise UsageError((message or "invalid arguments").strip())
        if message:
            sys.stderr.write(message)
        raise SystemExit(status)


def parse_scalar(text: str, what: str) -> Any:
    """'true'/'false' → bool, '50' → int, '1e-06' → float, '0.9,0.999' → tuple of floats."""
    s = text.strip()
    if len(s) > MAX_ARG_LENGTH:
        raise UsageError(f"value of {what} is too long ({len(s)} characters)")
    low = s.lower()
    if low in ("true", "false"):
        return low == "true"
    if "," in s:
        return tuple(parse_scalar(part, what) for part in s.split(","))
    if _INT.match(s):
        if len(s.lstrip("+-")) > 30:
            raise UsageError(f"invalid value for {what}: {s!r} (too large)")
        return int(s)
    if _NUM.match(s):
        return float(s)
    if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", s):
        return s  # a name, e.g. --surface-param loss=cross_entropy
    raise UsageError(f"invalid value for {what}: {s!r} (expected a number, true/false or a,b)")


def parse_pairs(items: Sequence[str] | None, flag: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for item in items or []:
        if "=" not in item:
            raise UsageError(f"invalid {flag} {item!r} (expected NAME=VALUE)")
        key, value = item.split("=", 1)
        key = key.strip()
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", key):
            raise UsageError(f"invalid {flag} name {key!r}")
        if key in out:
            raise UsageError(f"{flag} {key} given twice")
        out[key] = parse_scalar(value, f"{flag} {key}")
    return out


def parse_start(text: str) -> tuple[float, float]:
    parts = text.split(",")
    if len(parts) != 2:
        raise UsageError(f"invalid --start {text!r} (expected X,Y, e.g. --start=-1.5,2.0)")
    values = []
    for p in parts:
        v = parse_scalar(p, "--start")
        if isinstance(v, bool) or not isinstance(v, (int, float)):
            raise UsageError(f"invalid --start {text!r} (expected X,Y)")
        values.append(float(v))
    return values[0], values[1]


def parse_int(text: str, what: str) -> int:
    v = parse_scalar(text, what)
    if isinstance(v, bool) or not isinstance(v, int):
        raise UsageError(f"invalid {what} {text!r} (expected a whole number)")
    return v


def parse_float(text: str, what: str) -> float:
    v = parse_scalar(text, what)
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        raise UsageError(f"invalid {what} {text!r} (expected a number)")
    return float(v)


def parse_grid(text: str):
    """NAME=LOW:HIGH:N[:log|:lin] → GridAxis."""
    from .core.engine import GridAxis

    m = re.fullmatch(r"([A-Za-z_][A-Za-z0-9_]*)=([^:]+):([^:]+):([^:]+)(?::(log|lin|linear))?", text.strip())
    if not m:
        raise UsageError(f"invalid --grid {text!r} (expected NAME=LOW:HIGH:N[:log], e.g. lr=1e-3:0.2:100:log)")
    name, lo, hi, n, scale = m.groups()
    return GridAxis(
        name,
        parse_float(lo, f"--grid {name} low"),
        parse_float(hi, f"--grid {name} high"),
        parse_int(n, f"--grid {name} size"),
        log=scale == "log",
    )


def _clean(value: Any) -> Any:
    """numpy → plain JSON types; non-finite floats → None (the engine never emits them)."""
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_clean(v) for v in value]
    if isinstance(value, np.ndarray):
        return _clean(value.tolist())
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        v = float(value)
        return v if math.isfinite(v) else None
    return value


def _emit(obj: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(_clean(obj), allow_nan=False, separators=(",", ":")))
    sys.stdout.write("\n")


# --------------------------------------------------------------------------------------
# Commands


def _batch_size(args) -> int | None:
    return None if args.batch_size is None else parse_int(args.batch_size, "--batch-size")


def _surface(args, sp: dict[str, Any]):
    """The surface of --surface and --surface-param, or of --expr for --surface custom."""
    from .core.expr import ParseError
    from .core.surfaces import CUSTOM, make_custom_surface, make_surface

    if args.surface != CUSTOM:
        if args.expr is not None:
            raise UsageError(f"--expr needs --surface custom (not {args.surface})")
        return make_surface(args.surface, sp)
    if args.expr is None:
        raise UsageError("--surface custom needs --expr FORMULA, e.g. --expr 'x**2 + 10*y**2'")
    if sp:
        raise UsageError("--surface custom takes no --surface-param (write the numbers into --expr)")
    try:
        return make_custom_surface(args.expr)
    except ParseError as e:
        raise UsageError(f"invalid --expr: {e}") from None


def _surface_fields(args, surface) -> dict[str, Any]:
    fields: dict[str, Any] = {"surface": args.surface}
    if args.expr is not None:
        fields["expr"] = args.expr
    fields["surface_params"] = dict(surface.params)
    return fields


@dataclass(frozen=True)
class _OneRun:
    """The run described by the options of `run` (and `render`), parsed and simulated."""

    surface: Any
    start: tuple[float, float]
    steps: int
    schedule_params: dict[str, Any]
    noise: float
    seed: int
    tol: float
    run: Any  # Trajectory


def _one_run(args, record_state: bool = False) -> _OneRun:
    from .core.engine import run_single

    sp = parse_pairs(args.surface_param, "--surface-param")
    hp = parse_pairs(args.hp, "--hp")
    sch = parse_pairs(args.schedule_param, "--schedule-param")
    start = parse_start(args.start) if args.start is not None else None
    steps = parse_int(args.steps, "--steps")
    noise = parse_float(args.noise, "--noise")
    seed = parse_int(args.seed, "--seed")
    tol = parse_float(args.tol, "--tol")
    surface = _surface(args, sp)
    if start is None:
        start = surface.start
    r = run_single(
        surface,
        args.optimizer,
        start,
        steps,
        hparams=hp,
        schedule=args.schedule,
        schedule_params=sch,
        noise=noise,
        seed=seed,
        batch_size=_batch_size(args),
        record_state=record_state,
        tol=tol,
        tol_mode=args.tol_mode,
    )
    return _OneRun(surface, start, steps, sch, noise, seed, tol, r)


def parse_size(text: str) -> tuple[int, int]:
    m = re.fullmatch(r"\s*(\d{1,5})\s*[xX×]\s*(\d{1,5})\s*", text)
    if not m:
        raise UsageError(f"invalid --size {text!r} (expected WIDTHxHEIGHT, e.g. 1280x720)")
    return int(m.group(1)), int(m.group(2))


def _run_label(optimizer: str, hparams: dict[str, Any]) -> str:
    shown = {k: hparams[k] for k in ("lr", "momentum", "nesterov") if k in hparams and hparams[k]}
    return f"{optimizer} ({', '.join(f'{k}={v:g}' if not isinstance(v, bool) else k for k, v in shown.items())})"


def cmd_render(args) -> dict[str, Any]:
    from .render import theme
    from .render.animation_export import export_animation

    folder = os.path.dirname(os.path.abspath(args.out))
    if not os.path.isdir(folder) or not os.access(folder, os.W_OK):
        raise UsageError(f"cannot write --out {args.out!r}: no writable folder {folder!r}")
    fmt = args.format
    if fmt is None:
        fmt = "mp4" if args.out.lower().endswith(".mp4") else "gif"
    size = parse_size(args.size)
    fps = parse_int(args.fps, "--fps")
    max_frames = parse_int(args.max_frames, "--max-frames")
    one = _one_run(args)
    surface, r = one.surface, one.run
    color = theme.method_color(args.optimizer, r.hparams)
    data = export_animation(
        surface,
        [(_run_label(args.optimizer, dict(r.hparams)), color, r.path)],
        format=fmt,
        size=size,
        fps=fps,
        max_frames=max_frames,
    )
    try:
        with open(args.out, "wb") as f:
            f.write(data)
    except OSError as e:
        raise UsageError(f"cannot write --out {args.out!r}: {e.strerror or e}") from None
    return {
        **_surface_fields(args, surface),
        "optimizer": args.optimizer,
        "hparams": dict(r.hparams),
        "start": list(one.start),
        "steps": one.steps,
        "diverged_at": r.diverged_at,
        "final_point": r.path[-1],
        "out": args.out,
        "format": fmt,
        "bytes": len(data),
        "size": list(size),
        "fps": fps,
    }


def cmd_run(args) -> dict[str, Any]:
    one = _one_run(args, record_state=args.state)
    surface, start, steps, sch, noise, seed, tol, r = (
        one.surface, one.start, one.steps, one.schedule_params, one.noise, one.seed, one.tol, one.run
    )
    metrics = r.metrics.to_dict()
    out = {
        **_surface_fields(args, surface),
        "optimizer": args.optimizer,
        "hparams": dict(r.hparams),
        "schedule": args.schedule,
        "schedule_params": sch,
        "noise": noise,
        "seed": seed,
        "batch_size": r.spec.batch_size,
        "start": list(start),
        "steps": steps,
        "path": r.path,
        "loss": r.loss,
        "lr": r.lr,
        "grad": r.grad,
        "diverged_at": r.diverged_at,
        "tol": tol,
        "tol_mode": args.tol_mode,
        "metrics": metrics,
    }
    for k, v in metrics.items():
        out.setdefault(k, v)
    if args.state:
        out["state"] = dict(r.state)
    return out


def cmd_sweep(args) -> dict[str, Any]:
    from .core.engine import sweep

    if not args.grid or len(args.grid) != 2:
        raise UsageError("sweep needs exactly two --grid NAME=LOW:HIGH:N[:log] options")
    gx, gy = (parse_grid(g) for g in args.grid)
    sp = parse_pairs(args.surface_param, "--surface-param")
    hp = parse_pairs(args.hp, "--hp")
    sch = parse_pairs(args.schedule_param, "--schedule-param")
    surface = _surface(args, sp)
    start = parse_start(args.start) if args.start is not None else surface.start
    steps = parse_int(args.steps, "--steps")
    res = sweep(
        surface,
        args.optimizer,
        gx,
        gy,
        start,
        steps,
        hparams=hp,
        schedule=args.schedule,
        schedule_params=sch,
        noise=parse_float(args.noise, "--noise"),
        seed=parse_int(args.seed, "--seed"),
        batch_size=_batch_size(args),
        tol=parse_float(args.tol, "--tol"),
        tol_mode=args.tol_mode,
    )
    stt = res.steps_to_tolerance.astype(object)
    stt[res.steps_to_tolerance < 0] = None
    div = res.diverged_at.astype(object)
    div[res.diverged_at == 0] = None
    return {
        **_surface_fields(args, surface),
        "optimizer": args.optimizer,
        "hparams": hp,
        "start": list(start),
        "steps": steps,
        "x": {"name": gx.name, "log": gx.log, "values": gx.values()},
        "y": {"name": gy.name, "log": gy.log, "values": gy.values()},
        "layout": "rows follow y, columns follow x",
        "final_loss": res.final_loss,
        "steps_to_tolerance": stt.tolist(),
        "diverged_at": div.tolist(),
    }


def cmd_surfaces(args) -> dict[str, Any]:
    from .core.surfaces import SURFACES, make_surface

    out = {}
    for name, spec in SURFACES.items():
        s = make_surface(name)
        out[name] = {
            "title": spec.title,
            "description": spec.description,
            "params": {p.name: {"default": p.default, "low": p.low, "high": p.high, "doc": p.doc} for p in spec.params},
            "window": list(s.window),
            "log_levels": s.log_levels,
            "start": list(s.start),
            "quadratic": s.is_quadratic,
            "critical_points": [{"x": c.x, "y": c.y, "kind": c.kind} for c in s.critical_points],
            "min_value": s.min_value,
        }
    return {"surfaces": out}


def _hparam_listing(h) -> dict[str, Any]:
    """kind, default and meaning; a tuple's parts (names to sweep, ranges), a choice's values."""
    out: dict[str, Any] = {"kind": h.kind, "default": h.default, "doc": h.doc}
    if h.parts:
        out["parts"] = [{"name": p.name, "low": p.low, "high": p.high, "log": p.log} for p in h.parts]
    if h.choices:
        out["choices"] = list(h.choices)
    return out


def cmd_optimizers(args) -> dict[str, Any]:
    from .core.engine import sweepable
    from .core.optimizers import OPTIMIZERS

    return {
        "optimizers": {
            name: {
                "title": o.title,
                "torch": None if o.torch_name is None else f"torch.optim.{o.torch_name}",
                "description": o.description,
                "hparams": {h.name: _hparam_listing(h) for h in o.hparams},
                "sweepable": sweepable(name),
            }
            for name, o in OPTIMIZERS.items()
        }
    }


def cmd_schedules(args) -> dict[str, Any]:
    from .core.schedules import SCHEDULES

    return {
        "schedules": {
            name: {"title": s.title, "params": {p.name: {"default": p.default, "doc": p.doc} for p in s.params}}
            for name, s in SCHEDULES.items()
        }
    }


def cmd_theory(args) -> dict[str, Any]:
    from .core.theory import quadratic_theory

    surface = _surface(args, parse_pairs(args.surface_param, "--surface-param"))
    if not surface.is_quadratic:
        raise UsageError(f"surface {args.surface} is not quadratic: theory needs a constant Hessian")
    th = quadratic_theory(surface, parse_float(args.momentum, "--momentum"))
    return {**_surface_fields(args, surface), **th.to_dict()}


def _common(p: argparse.ArgumentParser, steps_default: str) -> None:
    p.add_argument("--surface", required=True, help="surface name (see `surfaces`), or custom with --expr")
    p.add_argument("--surface-param", action="append", metavar="K=V", help="surface parameter, repeatable")
    p.add_argument("--expr", metavar="FORMULA", help="f(x, y) for --surface custom, e.g. 'x**2 + 10*y**2'")
    p.add_argument("--optimizer", required=True, help="optimizer name (see `optimizers`)")
    p.add_argument("--hp", action="append", metavar="K=V", help="hyperparameter (torch's name), repeatable")
    p.add_argument("--start", metavar="X,Y", help="start point; negative values as --start=-1.5,2.0")
    p.add_argument("--steps", default=steps_default, help="number of updates")
    p.add_argument("--schedule", default="constant", help="lr schedule (see `schedules`)")
    p.add_argument("--schedule-param", action="append", metavar="K=V", help="schedule parameter, repeatable")
    p.add_argument("--noise", default="0", metavar="SIGMA", help="std of Gaussian gradient noise")
    p.add_argument("--seed", default="0", help="seed of the noise generator and of mini-batch sampling")
    p.add_argument("--batch-size", default=None, help="mini-batch size on data surfaces (neuron); default: all points")
    p.add_argument("--tol", default="1e-6", help="tolerance for steps_to_tolerance")
    p.add_argument("--tol-mode", default="loss", choices=["loss", "distance"], help="tolerance on loss gap or distance")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m optim_viz", description="optim_viz trajectory engine")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    run = sub.add_parser("run", help="one trajectory as JSON")
    _common(run, "100")
    run.add_argument("--state", action="store_true", help="include optimizer state after each update")
    sw = sub.add_parser("sweep", help="a grid over two hyperparameters as JSON")
    _common(sw, "200")
    sw.add_argument("--grid", action="append", metavar="NAME=LOW:HIGH:N[:log]", help="sweep axis (give two)")
    rd = sub.add_parser("render", help="one run as an animated GIF or MP4 file")
    _common(rd, "150")
    rd.add_argument("--out", required=True, metavar="FILE", help="file to write (.gif or .mp4)")
    rd.add_argument("--format", choices=["gif", "mp4"], help="file format (default: from --out, else gif)")
    rd.add_argument("--size", default="1280x720", metavar="WxH", help="frame size in pixels (at most 1920x1080)")
    rd.add_argument("--fps", default="20", help="frames per second")
    rd.add_argument("--max-frames", default="300", help="frames at most (longer runs are sampled evenly; ≤ 600)")
    th = sub.add_parser("theory", help="convergence theory of a quadratic surface")
    th.add_argument(
        "--surface", required=True, help="a quadratic surface (quadratic, ravine, booth, saddle), or custom"
    )
    th.add_argument("--surface-param", action="append", metavar="K=V", help="surface parameter, repeatable")
    th.add_argument("--expr", metavar="FORMULA", help="a quadratic f(x, y) for --surface custom")
    th.add_argument("--momentum", default="0.9", help="β for the heavy-ball stability bound")
    sub.add_parser("surfaces", help="surfaces, their parameters and defaults")
    sub.add_parser("optimizers", help="optimizers, their hyperparameters and defaults")
    sub.add_parser("schedules", help="learning-rate schedules and their parameters")
    return parser


COMMANDS = {
    "run": cmd_run,
    "sweep": cmd_sweep,
    "render": cmd_render,
    "theory": cmd_theory,
    "surfaces": cmd_surfaces,
    "optimizers": cmd_optimizers,
    "schedules": cmd_schedules,
}


def _one_line(message: str) -> str:
    return " ".join(str(message).split())[:500]


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
        result = COMMANDS[args.command](args)
        _emit(result)
        return 0
    except SystemExit as e:  # --help
        return int(e.code or 0)
    except BrokenPipeError:  # output piped into e.g. `head`
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - silence the flush at exit
        return 1
    except (UsageError, ValueError) as e:
        message = _one_line(e)
        if "--start" in message and "expected one argument" in message:
            message += " (write negative values as --start=-1.5,2.0)"
        if "--expr" in message and "expected one argument" in message:
            message += " (write a formula that starts with '-' as --expr=-x**2)"
        sys.stderr.write(f"error: {message}\n")
        return 2
    except MemoryError:
        sys.stderr.write("error: out of memory: reduce --steps or the grid size\n")
        return 2
    except Exception as e:  # never a traceback
        sys.stderr.write(f"error: internal error: {_one_line(type(e).__name__ + ': ' + str(e))}\n")
        return 1
