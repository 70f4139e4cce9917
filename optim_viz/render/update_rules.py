r"""Each optimizer's update rule as LaTeX, with the run's hyperparameter values substituted.

The rules follow torch.optim operation for operation (see optimizers.py); terms that vanish for the
current values (weight decay 0, dampening 0, …) are left out so the rule on screen is the one that
runs. Squares, roots and divisions act per coordinate. Nothing here evaluates user text: numbers
come from validated floats and are formatted, never interpolated as strings from the URL.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..core.optimizers import OPTIMIZERS
from ..core.schedules import SCHEDULES


def num(v: float) -> str:
    """A number as LaTeX: 0.035, 10^{-8}, 1.5\\times10^{-5}."""
    v = float(v)
    if v == 0:
        return "0"
    if 1e-3 <= abs(v) < 1e5:
        return f"{v:.6g}"
    mant, exp = f"{v:.3e}".split("e")
    mant = mant.rstrip("0").rstrip(".")
    exp = int(exp)
    if mant in ("1", "-1"):
        return f"{mant[:-1]}10^{{{exp}}}"
    return f"{mant}\\times10^{{{exp}}}"


def _lr(schedule: str) -> str:
    return r"\eta" if schedule == "constant" else r"\eta_t"


def _gradient(hp: Mapping[str, Any], noise: float, batch_size: int | None, decoupled: bool = False) -> list[str]:
    grad = r"\nabla f_{B_t}(x_{t-1})" if batch_size else r"\nabla f(x_{t-1})"
    sign = "-" if hp.get("maximize") else ""  # torch's maximize: the optimizer sees −∇f
    line = rf"g_t &= {sign}{grad}"
    if noise > 0:
        line += rf" + {num(noise)}\,\varepsilon_t"
    wd = float(hp.get("weight_decay", 0.0) or 0.0)
    if wd > 0 and not decoupled:
        line += rf" + {num(wd)}\,x_{{t-1}}"
    return [line]


def _sgd(hp, eta) -> list[str]:
    mu, tau = hp["momentum"], hp["dampening"]
    if mu == 0:
        return [rf"x_t &= x_{{t-1}} - {eta}\,g_t"]
    damp = "" if tau == 0 else rf"{num(1 - tau)}\,"
    lines = [rf"b_t &= {num(mu)}\,b_{{t-1}} + {damp}g_t \quad (b_1 = g_1)"]
    if hp["nesterov"]:
        lines.append(rf"x_t &= x_{{t-1}} - {eta}\,(g_t + {num(mu)}\,b_t)")
    else:
        lines.append(rf"x_t &= x_{{t-1}} - {eta}\,b_t")
    return lines


def _ewma(hp, eta) -> list[str]:
    b = hp["beta"]
    lines = [rf"v_t &= {num(b)}\,v_{{t-1}} + {num(1 - b)}\,g_t \quad (v_0 = 0)"]
    if hp["bias_correction"]:
        lines.append(rf"\hat v_t &= v_t / (1 - {num(b)}^t)")
        lines.append(rf"x_t &= x_{{t-1}} - {eta}\,\hat v_t")
    else:
        lines.append(rf"x_t &= x_{{t-1}} - {eta}\,v_t")
    return lines


def _adagrad(hp, eta) -> list[str]:
    lines = []
    step = eta
    if hp["lr_decay"] > 0:
        lines.append(rf"\tilde\eta_t &= {eta} / (1 + (t-1)\cdot {num(hp['lr_decay'])})")
        step = r"\tilde\eta_t"
    g0 = hp["initial_accumulator_value"]
    lines.append(rf"G_t &= G_{{t-1}} + g_t^2 \quad (G_0 = {num(g0)})")
    lines.append(rf"x_t &= x_{{t-1}} - {step}\,\frac{{g_t}}{{\sqrt{{G_t}} + {num(hp['eps'])}}}")
    return lines


def _rmsprop(hp, eta) -> list[str]:
    a, mu, eps = hp["alpha"], hp["momentum"], num(hp["eps"])
    lines = [rf"v_t &= {num(a)}\,v_{{t-1}} + {num(1 - a)}\,g_t^2"]
    if hp["centered"]:
        lines.append(rf"\bar g_t &= {num(a)}\,\bar g_{{t-1}} + {num(1 - a)}\,g_t")
        lines.append(rf"D_t &= \sqrt{{v_t - \bar g_t^2}} + {eps}")
    else:
        lines.append(rf"D_t &= \sqrt{{v_t}} + {eps}")
    if mu > 0:
        lines.append(rf"b_t &= {num(mu)}\,b_{{t-1}} + g_t / D_t")
        lines.append(rf"x_t &= x_{{t-1}} - {eta}\,b_t")
    else:
        lines.append(rf"x_t &= x_{{t-1}} - {eta}\,g_t / D_t")
    return lines


def _adadelta(hp, eta) -> list[str]:
    r, eps = hp["rho"], num(hp["eps"])
    return [
        rf"v_t &= {num(r)}\,v_{{t-1}} + {num(1 - r)}\,g_t^2",
        rf"\Delta_t &= \frac{{\sqrt{{u_{{t-1}} + {eps}}}}}{{\sqrt{{v_t + {eps}}}}}\,g_t",
        rf"u_t &= {num(r)}\,u_{{t-1}} + {num(1 - r)}\,\Delta_t^2",
        rf"x_t &= x_{{t-1}} - {eta}\,\Delta_t",
    ]


def _adam(hp, eta, decoupled: bool) -> list[str]:
    b1, b2 = hp["betas"]
    eps = num(hp["eps"])
    lines = []
    wd = float(hp.get("weight_decay", 0.0))
    x_prev = r"x_{t-1}"
    if decoupled and wd > 0:
        lines.append(rf"x'_{{t-1}} &= x_{{t-1}}\,(1 - {eta}\cdot {num(wd)})")
        x_prev = r"x'_{t-1}"
    lines.append(rf"m_t &= {num(b1)}\,m_{{t-1}} + {num(1 - b1)}\,g_t")
    lines.append(rf"v_t &= {num(b2)}\,v_{{t-1}} + {num(1 - b2)}\,g_t^2")
    v = "v_t"
    if hp.get("amsgrad"):
        lines.append(r"\hat v_t &= \max(\hat v_{t-1}, v_t)")
        v = r"\hat v_t"
    if hp.get("bias_correction", True):
        lines.append(
            rf"x_t &= {x_prev} - \frac{{{eta}}}{{1 - {num(b1)}^t}}\,"
            rf"\frac{{m_t}}{{\sqrt{{{v}}}/\sqrt{{1 - {num(b2)}^t}} + {eps}}}"
        )
    else:
        lines.append(rf"x_t &= {x_prev} - {eta}\,\frac{{m_t}}{{\sqrt{{{v}}} + {eps}}}")
    return lines


def _nadam(hp, eta, decoupled: bool) -> list[str]:
    b1, b2 = hp["betas"]
    psi, eps = hp["momentum_decay"], num(hp["eps"])
    wd = float(hp.get("weight_decay", 0.0))
    x_prev = r"x_{t-1}"
    lines = []
    if decoupled and wd > 0:
        lines.append(rf"x'_{{t-1}} &= x_{{t-1}}\,(1 - {eta}\cdot {num(wd)})")
        x_prev = r"x'_{t-1}"
    lines += [
        rf"\mu_t &= {num(b1)}\,(1 - \tfrac12\,0.96^{{{num(psi)}\,t}}), \quad \Pi_t = \textstyle\prod_{{i \le t}} \mu_i",
        rf"m_t &= {num(b1)}\,m_{{t-1}} + {num(1 - b1)}\,g_t",
        rf"v_t &= {num(b2)}\,v_{{t-1}} + {num(1 - b2)}\,g_t^2",
        rf"D_t &= \sqrt{{v_t / (1 - {num(b2)}^t)}} + {eps}",
        rf"x_t &= {x_prev} - \frac{{{eta}\,(1 - \mu_t)}}{{1 - \Pi_t}}\,\frac{{g_t}}{{D_t}}"
        rf" - \frac{{{eta}\,\mu_{{t+1}}}}{{1 - \Pi_t\,\mu_{{t+1}}}}\,\frac{{m_t}}{{D_t}}",
    ]
    return lines


def _decay(hp, eta) -> tuple[list[str], str]:
    """Decoupled weight decay x' = x(1 − η·λ), where it applies; the name of the point stepped from."""
    wd = float(hp.get("weight_decay", 0.0) or 0.0)
    if wd > 0:
        return [rf"x'_{{t-1}} &= x_{{t-1}}\,(1 - {eta}\cdot {num(wd)})"], r"x'_{t-1}"
    return [], r"x_{t-1}"


def _adamax(hp, eta) -> list[str]:
    b1, b2 = hp["betas"]
    return [
        rf"m_t &= {num(b1)}\,m_{{t-1}} + {num(1 - b1)}\,g_t",
        rf"u_t &= \max({num(b2)}\,u_{{t-1}},\ |g_t| + {num(hp['eps'])})",
        rf"x_t &= x_{{t-1}} - \frac{{{eta}}}{{1 - {num(b1)}^t}}\,\frac{{m_t}}{{u_t}}",
    ]


def _radam(hp, eta, decoupled: bool) -> list[str]:
    b1, b2 = hp["betas"]
    lines, x_prev = _decay(hp, eta) if decoupled else ([], r"x_{t-1}")
    rho_inf = 2 / (1 - b2) - 1
    r = num(rho_inf)
    lines += [
        rf"m_t &= {num(b1)}\,m_{{t-1}} + {num(1 - b1)}\,g_t, \quad v_t = {num(b2)}\,v_{{t-1}} + {num(1 - b2)}\,g_t^2",
        rf"\hat m_t &= m_t / (1 - {num(b1)}^t), \quad \rho_t = {num(rho_inf)} - 2t\,{num(b2)}^t / (1 - {num(b2)}^t)",
        rf"r_t &= \sqrt{{\tfrac{{(\rho_t - 4)(\rho_t - 2)\,{r}}}{{({r} - 4)({r} - 2)\,\rho_t}}}}",
        rf"x_t &= {x_prev} - {eta}\,\hat m_t\,r_t\,\frac{{\sqrt{{1 - {num(b2)}^t}}}}{{\sqrt{{v_t}} + {num(hp['eps'])}}}"
        rf"\ \ (\rho_t > 5), \quad {x_prev} - {eta}\,\hat m_t\ \ (\rho_t \le 5)",
    ]
    return lines


def _rprop(hp, eta) -> list[str]:
    lo, hi = hp["etas"]
    smin, smax = hp["step_sizes"]
    return [
        rf"s_t &= \operatorname{{sign}}(g_t\,g_{{t-1}}) \quad (\Delta_0 = {eta})",
        rf"\Delta_t &= \operatorname{{clamp}}(\Delta_{{t-1}} \cdot \{{{num(hi)}\ (s_t > 0);\ {num(lo)}\ (s_t < 0);"
        rf"\ 1\ (s_t = 0)\}},\ {num(smin)},\ {num(smax)})",
        r"g_t &\leftarrow 0 \ \text{where } s_t < 0",
        r"x_t &= x_{t-1} - \operatorname{sign}(g_t)\,\Delta_t",
    ]


def _asgd(hp, eta) -> list[str]:
    lam, alpha, t0 = num(hp["lambd"]), num(hp["alpha"]), num(hp["t0"])
    return [
        rf"x_t &= x_{{t-1}}\,(1 - {lam}\,\eta_t) - \eta_t\,g_t \quad (\eta_1 = {eta})",
        r"\bar x_t &= \bar x_{t-1} + \mu_t\,(x_t - \bar x_{t-1}) \quad (\bar x_t = x_t \text{ while } \mu_t = 1)",
        rf"\eta_{{t+1}} &= {eta} / (1 + {lam}\cdot{eta}\cdot t)^{{{alpha}}}, \quad \mu_{{t+1}} = 1/\max(1,\ t - {t0})",
    ]


def _adafactor(hp, eta) -> list[str]:
    eps1, eps2 = hp["eps"]
    e1 = r"\epsilon_{\mathrm{mach}}" if eps1 is None else num(eps1)
    lines, x_prev = _decay(hp, eta)
    lines += [
        rf"\rho_t &= \min({eta},\ 1/\sqrt t), \quad \alpha_t = \max({num(eps2)},\ \mathrm{{RMS}}(x_{{t-1}}))\,\rho_t",
        rf"V_t &= V_{{t-1}} + t^{{{num(hp['beta2_decay'])}}}\,(g_t^2 - V_{{t-1}})",
        rf"U_t &= g_t / \sqrt{{\max(V_t,\ {e1}^2)}}",
        rf"x_t &= {x_prev} - \alpha_t\,U_t / \max(1,\ \mathrm{{RMS}}(U_t)/{num(hp['d'])})",
    ]
    return lines


def _lbfgs(hp, eta) -> list[str]:
    search = hp.get("line_search_fn")
    step = r"\alpha_t \text{ from a strong-Wolfe line search}" if search == "strong_wolfe" else rf"\alpha_t = {eta}"
    return [
        rf"d_t &= -H_t\,g_t \quad (H_t \text{{ from the last }} {int(hp['history_size'])} \text{{ pairs }} (s_i, y_i))",
        rf"x_t &= x_{{t-1}} + \alpha_t\,d_t, \quad {step}",
        rf"&\text{{up to {int(hp['max_iter'])} such iterations per step, stopping when }} \max|g| \le "
        rf"{num(hp['tolerance_grad'])}",
    ]


def _muon(hp, eta) -> list[str]:
    mu = hp["momentum"]
    a, b, c = hp["ns_coefficients"]
    adjusted = num(0.2 * 2**0.5) + r"\cdot " if hp.get("adjust_lr_fn") == "match_rms_adamw" else ""
    lines, x_prev = _decay(hp, eta)
    lines.append(rf"B_t &= {num(mu)}\,B_{{t-1}} + {num(1 - mu)}\,g_t")
    direction = rf"{num(1 - mu)}\,g_t + {num(mu)}\,B_t" if hp["nesterov"] else "B_t"
    lines += [
        rf"O_t &= \mathrm{{NS}}^{{{int(hp['ns_steps'])}}}_{{({num(a)},\,{num(b)},\,{num(c)})}}({direction})"
        r" \quad \text{(Newton–Schulz, in bfloat16)}",
        rf"x_t &= {x_prev} - {adjusted}{eta}\,O_t",
    ]
    return lines


def _schedule_line(schedule: str, params: Mapping[str, float], lr: float) -> str | None:
    p = params
    e = num(lr)
    if schedule == "constant":
        return None
    if schedule == "step":
        return rf"\eta_t &= {e}\cdot {num(p['gamma'])}^{{\lfloor (t-1)/{num(p['step_size'])} \rfloor}}"
    if schedule == "exponential":
        return rf"\eta_t &= {e}\, e^{{-{num(p['k'])}\,(t-1)}}"
    if schedule == "inverse_time":
        return rf"\eta_t &= {e} / (1 + {num(p['k'])}\,(t-1))"
    if schedule == "cosine":
        lo = num(p["eta_min"])
        return (
            rf"\eta_t &= {lo} + \tfrac12\,({e} - {lo})\,"
            rf"(1 + \cos(\pi \min(t-1, {num(p['t_max'])}) / {num(p['t_max'])}))"
        )
    return rf"\eta_t &= \text{{{SCHEDULES[schedule].title}}}"


_RULES = {"adamax": _adamax, "rprop": _rprop, "asgd": _asgd, "adafactor": _adafactor, "lbfgs": _lbfgs,
          "muon": _muon}  # fmt: skip


def update_rule(
    optimizer: str,
    hparams: Mapping[str, Any],
    *,
    schedule: str = "constant",
    schedule_params: Mapping[str, float] | None = None,
    noise: float = 0.0,
    batch_size: int | None = None,
) -> str:
    """The update of step t as an ``aligned`` LaTeX block, values substituted."""
    hp = dict(hparams)
    lr = float(hp["lr"])
    eta = _lr(schedule) if schedule != "constant" else num(lr)
    decoupled = optimizer in ("adamw", "adafactor", "muon") or bool(hp.get("decoupled_weight_decay"))
    lines = _gradient(hp, noise, batch_size, decoupled)
    sched = _schedule_line(schedule, schedule_params or {}, lr)
    if sched:
        lines.insert(0, sched)
    if optimizer == "sgd":
        lines += _sgd(hp, eta)
    elif optimizer == "ewma_momentum":
        lines += _ewma(hp, eta)
    elif optimizer == "adagrad":
        lines += _adagrad(hp, eta)
    elif optimizer == "rmsprop":
        lines += _rmsprop(hp, eta)
    elif optimizer == "adadelta":
        lines += _adadelta(hp, eta)
    elif optimizer in ("adam", "adamw"):
        lines += _adam(hp, eta, decoupled)
    elif optimizer == "nadam":
        lines += _nadam(hp, eta, decoupled)
    elif optimizer in _RULES:
        lines += _RULES[optimizer](hp, eta)
    elif optimizer == "radam":
        lines += _radam(hp, eta, decoupled)
    else:
        lines.append(r"x_t &= \text{(no formula)}")
    return r"\begin{aligned}" + r" \\ ".join(lines) + r"\end{aligned}"


def symbol_legend(optimizer: str, hparams: Mapping[str, Any]) -> str:
    """Plain text: which symbol is which torch argument, e.g. 'η = lr = 0.035 · μ = momentum = 0.9'."""
    parts = []
    for h in OPTIMIZERS[optimizer].hparams:
        v = hparams.get(h.name, h.default)
        if h.kind == "bool":
            parts.append(f"{h.name} = {str(bool(v)).lower()}")
        elif h.kind in ("betas", "tuple"):
            shown = ", ".join("None" if x is None else f"{x:g}" for x in v)
            sym = f"{h.symbol} = " if h.symbol else ""
            parts.append(f"{sym}{h.name} = ({shown})")
        elif h.kind == "choice" or v is None:
            parts.append(f"{h.name} = {v}")
        else:
            sym = f"{h.symbol} = " if h.symbol else ""
            parts.append(f"{sym}{h.name} = {v:g}")
    return " · ".join(parts)
