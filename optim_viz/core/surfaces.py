"""Two-dimensional loss surfaces with analytic gradients and Hessians.

Every surface is a value function, its exact gradient and its exact Hessian, vectorized over
arrays of any shape, plus what a learner needs to read a contour plot: named parameters with defaults,
a view window, whether log-spaced contour levels suit it, its known minima and notable
saddles or maxima, and a suggested start.

``make_surface(name, params)`` validates the parameters and returns a bound ``Surface``::

    s = make_surface("ravine", {"kappa": 50})
    f, gx, gy = s.value_and_grad(x, y)
    fxx, fxy, fyy = s.second_derivatives(x, y)   # or s.hessian_at(x, y): shape (..., 2, 2)
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

Array = np.ndarray
ValueAndGrad = Callable[[Array, Array, Mapping[str, float]], tuple[Array, Array, Array]]
SecondDerivatives = ValueAndGrad  # (x, y, params) -> (∂²f/∂x², ∂²f/∂x∂y, ∂²f/∂y²)


@dataclass(frozen=True)
class SurfaceParam:
    """One named surface parameter: its default, a valid range and a one-line meaning."""

    name: str
    default: float | str
    low: float
    high: float
    doc: str
    low_inclusive: bool = True
    integer: bool = False
    choices: tuple[str, ...] = ()  # a categorical parameter: one of these strings

    def validate(self, value: object) -> float | str:
        if self.choices:
            if not isinstance(value, str) or value not in self.choices:
                raise ValueError(
                    f"Invalid surface parameter {self.name}: {value!r} (choose from {', '.join(self.choices)})"
                )
            return value
        if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
            raise ValueError(f"Invalid surface parameter {self.name}: {value!r} (expected a number)")
        v = float(value)
        too_low = v < self.low or (v == self.low and not self.low_inclusive)
        if not math.isfinite(v) or too_low or v > self.high:
            bracket = "[" if self.low_inclusive else "("
            raise ValueError(
                f"Invalid surface parameter {self.name}: {value} "
                f"(must be in {bracket}{self.low:g}, {self.high:g}])"
            )
        if self.integer and not v.is_integer():
            raise ValueError(f"Invalid surface parameter {self.name}: {value} (must be a whole number)")
        return int(v) if self.integer else v


@dataclass(frozen=True)
class CriticalPoint:
    x: float
    y: float
    kind: str  # "global minimum", "local minimum", "saddle", "local maximum"


@dataclass(frozen=True)
class SurfaceSpec:
    """Static description of a surface family (before its parameters are bound)."""

    name: str
    title: str
    description: str
    formula: str  # LaTeX
    params: tuple[SurfaceParam, ...]
    value_and_grad: ValueAndGrad
    window: Callable[[Mapping[str, float]], tuple[float, float, float, float]]
    critical_points: Callable[[Mapping[str, float]], tuple[CriticalPoint, ...]]
    start: Callable[[Mapping[str, float]], tuple[float, float]]
    log_levels: bool
    hessian: Callable[[Mapping[str, float]], Array] | None = None  # constant Hessian of quadratics
    # Surfaces that are a mean loss over data points also give the loss of a sample of them:
    # (x (B,), y (B,), params, idx (B, batch)) -> (f, gx, gy) of each run's own mini-batch.
    batch_value_and_grad: Callable[..., tuple[Array, Array, Array]] | None = None
    n_samples: Callable[[Mapping[str, float]], int] | None = None
    second_derivatives: SecondDerivatives | None = None  # exact Hessian entries at any point
    check: Callable[[Mapping[str, object]], None] | None = None  # rules between parameters (ValueError)


@dataclass(frozen=True)
class Surface:
    """A surface with its parameters bound and validated."""

    spec: SurfaceSpec
    params: Mapping[str, float] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.spec.name

    def value_and_grad(self, x: Array, y: Array) -> tuple[Array, Array, Array]:
        """f(x, y) and its exact gradient (∂f/∂x, ∂f/∂y), elementwise over arrays of any shape."""
        x = np.asarray(x, dtype=np.float64)
        y = np.asarray(y, dtype=np.float64)
        return self.spec.value_and_grad(x, y, self.params)

    def value(self, x: Array, y: Array) -> Array:
        return self.value_and_grad(x, y)[0]

    def second_derivatives(self, x: Array, y: Array) -> tuple[Array, Array, Array]:
        """(∂²f/∂x², ∂²f/∂x∂y, ∂²f/∂y²), exact, as float64 arrays of the broadcast shape of x and y.

        A surface without its own formula for them but with a constant Hessian (a quadratic
        made elsewhere) gives that constant; any other raises ValueError.
        """
        x = np.asarray(x, dtype=np.float64)
        y = np.asarray(y, dtype=np.float64)
        shape = np.broadcast_shapes(x.shape, y.shape)
        if self.spec.second_derivatives is not None:
            parts = self.spec.second_derivatives(x, y, self.params)
        elif self.spec.hessian is not None:
            H = self.spec.hessian(self.params)
            parts = (H[0, 0], H[0, 1], H[1, 1])
        else:
            raise ValueError(f"Surface {self.name} has no Hessian")
        return tuple(np.array(np.broadcast_to(p, shape), dtype=np.float64) for p in parts)

    def hessian_at(self, x: Array, y: Array) -> Array:
        """The Hessian ∇²f at each point: shape (*S, 2, 2) for x, y of broadcast shape S."""
        fxx, fxy, fyy = self.second_derivatives(x, y)
        return np.stack([np.stack([fxx, fxy], axis=-1), np.stack([fxy, fyy], axis=-1)], axis=-2)

    def grad(self, x: Array, y: Array) -> tuple[Array, Array]:
        _, gx, gy = self.value_and_grad(x, y)
        return gx, gy

    @property
    def window(self) -> tuple[float, float, float, float]:
        """Default view (x_min, x_max, y_min, y_max)."""
        return self.spec.window(self.params)

    @property
    def critical_points(self) -> tuple[CriticalPoint, ...]:
        return self.spec.critical_points(self.params)

    @property
    def minima(self) -> tuple[CriticalPoint, ...]:
        return tuple(p for p in self.critical_points if "minimum" in p.kind)

    @property
    def global_minima(self) -> tuple[CriticalPoint, ...]:
        return tuple(p for p in self.critical_points if p.kind == "global minimum")

    @property
    def min_value(self) -> float | None:
        """The global minimum value, or None when the surface is unbounded below."""
        g = self.global_minima
        if not g:
            return None
        return float(self.value(np.float64(g[0].x), np.float64(g[0].y)))

    @property
    def start(self) -> tuple[float, float]:
        return self.spec.start(self.params)

    @property
    def log_levels(self) -> bool:
        return self.spec.log_levels

    @property
    def is_quadratic(self) -> bool:
        return self.spec.hessian is not None

    @property
    def hessian(self) -> Array | None:
        """Constant Hessian of a quadratic surface, else None."""
        return None if self.spec.hessian is None else self.spec.hessian(self.params)

    @property
    def description(self) -> str:
        return self.spec.description

    @property
    def n_samples(self) -> int | None:
        """Number of data points for surfaces that are a mean loss over data, else None."""
        return None if self.spec.n_samples is None else self.spec.n_samples(self.params)

    def batch_value_and_grad(self, x: Array, y: Array, idx: Array) -> tuple[Array, Array, Array]:
        """Loss and gradient of each run's mini-batch: x, y of shape (B,), idx of shape (B, batch)."""
        if self.spec.batch_value_and_grad is None:
            raise ValueError(f"Surface {self.name} has no data points to sample mini-batches from")
        return self.spec.batch_value_and_grad(x, y, self.params, idx)

    def distance_to_nearest_minimum(self, x: Array, y: Array) -> Array | None:
        mins = self.minima
        if not mins:
            return None
        x = np.asarray(x, dtype=np.float64)
        y = np.asarray(y, dtype=np.float64)
        d = np.stack([np.hypot(x - m.x, y - m.y) for m in mins])
        return d.min(axis=0)


# --------------------------------------------------------------------------------------
# Formulas. Each function returns (f, ∂f/∂x, ∂f/∂y).


def _quadratic(x, y, p):
    a, b = p["a"], p["b"]
    return 0.5 * (a * x * x + b * y * y), a * x, b * y


def _quadratic_h(x, y, p):
    return p["a"], 0.0, p["b"]


def _ravine(x, y, p):
    th = math.radians(p["angle_deg"])
    c, s = math.cos(th), math.sin(th)
    kappa = p["kappa"]
    u = x * c + y * s
    v = -x * s + y * c
    kv = kappa * v
    # ∂f/∂x = u·c − κv·s,  ∂f/∂y = u·s + κv·c
    return 0.5 * (u * u + kappa * v * v), u * c - kv * s, u * s + kv * c


def _ravine_h(x, y, p):
    H = _ravine_hessian(p)
    return H[0, 0], H[0, 1], H[1, 1]


def _rosenbrock(x, y, p):
    a, b = p["a"], p["b"]
    r = a - x
    q = y - x * x
    return r * r + b * q * q, -2.0 * r - 4.0 * b * x * q, 2.0 * b * q


def _rosenbrock_h(x, y, p):
    # ∂/∂x of −2(a − x) − 4b·x(y − x²) is 2 − 4b(y − x²) + 8b·x²
    b = p["b"]
    return 2.0 - 4.0 * b * y + 12.0 * b * x * x, -4.0 * b * x, 2.0 * b + 0.0 * x


def _beale(x, y, p):
    y2 = y * y
    y3 = y2 * y
    t1 = 1.5 - x + x * y
    t2 = 2.25 - x + x * y2
    t3 = 2.625 - x + x * y3
    f = t1 * t1 + t2 * t2 + t3 * t3
    gx = 2.0 * (t1 * (y - 1.0) + t2 * (y2 - 1.0) + t3 * (y3 - 1.0))
    gy = 2.0 * x * (t1 + 2.0 * y * t2 + 3.0 * y2 * t3)
    return f, gx, gy


def _beale_h(x, y, p):
    # f = Σᵢ tᵢ² with tᵢ = cᵢ − x + x·yⁱ (i = 1, 2, 3): ∂ₓtᵢ = yⁱ − 1, ∂ᵧtᵢ = i·x·yⁱ⁻¹, ∂ₓₓtᵢ = 0,
    # ∂ₓᵧtᵢ = i·yⁱ⁻¹, ∂ᵧᵧtᵢ = i(i − 1)·x·yⁱ⁻²; so ∂²f = 2 Σᵢ (∂tᵢ ∂tᵢ + tᵢ ∂²tᵢ).
    fxx = fxy = fyy = 0.0
    for i, c in ((1, 1.5), (2, 2.25), (3, 2.625)):
        t = c - x + x * y**i
        tx = y**i - 1.0
        ty = i * x * y ** (i - 1)
        fxx = fxx + 2.0 * tx * tx
        fxy = fxy + 2.0 * (tx * ty + t * i * y ** (i - 1))
        fyy = fyy + 2.0 * (ty * ty + t * i * (i - 1) * x * y ** max(i - 2, 0))
    return fxx, fxy, fyy


def _himmelblau(x, y, p):
    t1 = x * x + y - 11.0
    t2 = x + y * y - 7.0
    return t1 * t1 + t2 * t2, 4.0 * x * t1 + 2.0 * t2, 2.0 * t1 + 4.0 * y * t2


def _himmelblau_h(x, y, p):
    return 12.0 * x * x + 4.0 * y - 42.0, 4.0 * (x + y), 4.0 * x + 12.0 * y * y - 26.0


def _rastrigin(x, y, p):
    A = p["A"]
    w = 2.0 * math.pi
    f = 2.0 * A + x * x - A * np.cos(w * x) + y * y - A * np.cos(w * y)
    return f, 2.0 * x + A * w * np.sin(w * x), 2.0 * y + A * w * np.sin(w * y)


def _rastrigin_h(x, y, p):
    A = p["A"]
    w = 2.0 * math.pi
    return 2.0 + A * w * w * np.cos(w * x), 0.0, 2.0 + A * w * w * np.cos(w * y)


def _saddle(x, y, p):
    return x * x - y * y, 2.0 * x, -2.0 * y


def _saddle_h(x, y, p):
    return 2.0, 0.0, -2.0


def _booth(x, y, p):
    t1 = x + 2.0 * y - 7.0
    t2 = 2.0 * x + y - 5.0
    return t1 * t1 + t2 * t2, 2.0 * t1 + 4.0 * t2, 4.0 * t1 + 2.0 * t2


def _booth_h(x, y, p):
    return 10.0, 8.0, 10.0


def _six_hump_camel(x, y, p):
    x2 = x * x
    y2 = y * y
    f = (4.0 - 2.1 * x2 + x2 * x2 / 3.0) * x2 + x * y + (-4.0 + 4.0 * y2) * y2
    gx = 8.0 * x - 8.4 * x2 * x + 2.0 * x2 * x2 * x + y
    gy = x - 8.0 * y + 16.0 * y2 * y
    return f, gx, gy


def _six_hump_camel_h(x, y, p):
    x2 = x * x
    return 8.0 - 25.2 * x2 + 10.0 * x2 * x2, 1.0, -8.0 + 48.0 * y * y


_BUMP_W = 2.0 * math.pi  # the bumps repeat every 1 along x


def _bumpy(x, y, p):
    h = p["h"]
    return (
        x * x / 20.0 + h * (1.0 - np.cos(_BUMP_W * x)) + y * y,
        x / 10.0 + h * _BUMP_W * np.sin(_BUMP_W * x),
        2.0 * y,
    )


def _bumpy_h(x, y, p):
    return 0.1 + p["h"] * _BUMP_W * _BUMP_W * np.cos(_BUMP_W * x), 0.0, 2.0 + 0.0 * y


@functools.lru_cache(maxsize=64)
def _bumpy_floor_points(h: float, x0: float, x1: float) -> tuple[CriticalPoint, ...]:
    """Every stationary point of the bumpy valley with x in [x0, x1]: all lie on the floor y = 0, where
    ∂f/∂x = x/10 + 2πh·sin 2πx vanishes. Sign changes on a fine grid, then bisection to the last bit;
    f_yy = 2 > 0, so a point is a minimum where f_xx = 1/10 + 4π²h·cos 2πx > 0 and a saddle where it is < 0."""

    def fx(x):
        return x / 10.0 + h * _BUMP_W * math.sin(_BUMP_W * x)

    grid = np.linspace(x0, x1, 4001)  # 400 samples per bump: ∂f/∂x cannot change sign twice in between
    values = grid / 10.0 + h * _BUMP_W * np.sin(_BUMP_W * grid)
    points = [CriticalPoint(0.0, 0.0, _MIN)]
    for i in np.flatnonzero(np.sign(values[:-1]) * np.sign(values[1:]) < 0):
        a, b = float(grid[i]), float(grid[i + 1])
        if a < 0.0 < b:
            continue  # the global minimum, exact above
        fa = fx(a)
        for _ in range(100):
            m = 0.5 * (a + b)
            if m in (a, b):
                break
            if (fx(m) < 0) == (fa < 0):
                a, fa = m, fx(m)
            else:
                b = m
        x = 0.5 * (a + b)
        fxx = 0.1 + h * _BUMP_W * _BUMP_W * math.cos(_BUMP_W * x)
        points.append(CriticalPoint(x, 0.0, _LOCAL if fxx > 0 else _SADDLE))
    return tuple(sorted(points, key=lambda c: c.x))


def _bumpy_critical(p):
    return _bumpy_floor_points(float(p["h"]), -5.0, 5.0)


def _neuron_data(p):
    from . import neuron

    return neuron.make_data(int(p["n_points"]), int(p["data_seed"]), float(p["separation"]))


def _neuron(x, y, p):
    from . import neuron

    X, labels = _neuron_data(p)
    return neuron.loss_and_grad(x, y, X, labels, p["loss"], p["activation"])


def _neuron_batch(x, y, p, idx):
    from . import neuron

    X, labels = _neuron_data(p)
    return neuron.loss_and_grad(x, y, X[idx], labels[idx], p["loss"], p["activation"])


def _neuron_h(x, y, p):
    from . import neuron

    X, labels = _neuron_data(p)
    return neuron.hessian(x, y, X, labels, p["loss"], p["activation"])


def _neuron_check(p):
    from . import neuron

    neuron.check_model(p["loss"], p["activation"])


_NEURON_MINIMA: dict[tuple, tuple[float, float]] = {}


def _neuron_critical(p):
    from . import neuron

    key = tuple(sorted(p.items()))
    if key not in _NEURON_MINIMA:
        if len(_NEURON_MINIMA) > 64:
            _NEURON_MINIMA.clear()
        X, labels = _neuron_data(p)
        _NEURON_MINIMA[key] = neuron.find_minimum(X, labels, p["loss"], activation=p["activation"])
    return (CriticalPoint(*_NEURON_MINIMA[key], _MIN),)


# --------------------------------------------------------------------------------------
# Geometry helpers.


def _rot(u: float, v: float, angle_deg: float) -> tuple[float, float]:
    """(u, v) in the ravine's own axes to (x, y)."""
    th = math.radians(angle_deg)
    return u * math.cos(th) - v * math.sin(th), u * math.sin(th) + v * math.cos(th)


def _ravine_hessian(p):
    th = math.radians(p["angle_deg"])
    c, s = math.cos(th), math.sin(th)
    k = p["kappa"]
    return np.array([[c * c + k * s * s, (1 - k) * c * s], [(1 - k) * c * s, s * s + k * c * c]])


def _fixed(*pts: CriticalPoint):
    return lambda p: pts


def _window(x0, x1, y0, y1):
    return lambda p: (x0, x1, y0, y1)


_MIN = "global minimum"
_LOCAL = "local minimum"
_SADDLE = "saddle"
_MAX = "local maximum"

SURFACES: dict[str, SurfaceSpec] = {
    s.name: s
    for s in [
        SurfaceSpec(
            name="quadratic",
            title="Quadratic bowl",
            description="An axis-aligned quadratic bowl; a and b are the curvatures along x and y.",
            formula=r"f(x,y)=\tfrac12\,(a\,x^2+b\,y^2)",
            params=(
                SurfaceParam("a", 1.0, 0.0, 1e4, "curvature along x", low_inclusive=False),
                SurfaceParam("b", 1.0, 0.0, 1e4, "curvature along y", low_inclusive=False),
            ),
            value_and_grad=_quadratic,
            second_derivatives=_quadratic_h,
            window=_window(-3.0, 3.0, -3.0, 3.0),
            critical_points=_fixed(CriticalPoint(0.0, 0.0, _MIN)),
            start=lambda p: (-2.5, 2.0),
            log_levels=True,
            hessian=lambda p: np.array([[p["a"], 0.0], [0.0, p["b"]]]),
        ),
        SurfaceSpec(
            name="ravine",
            title="Elongated ravine",
            description=(
                "A long, narrow valley: curvature 1 along the floor and kappa across it, "
                "rotated by angle_deg; plain SGD zig-zags between its walls."
            ),
            formula=(
                r"f=\tfrac12\,(u^2+\kappa\,v^2),\ u=x\cos\theta+y\sin\theta,"
                r"\ v=-x\sin\theta+y\cos\theta"
            ),
            params=(
                SurfaceParam("kappa", 20.0, 0.0, 1e4, "condition number κ", low_inclusive=False),
                SurfaceParam("angle_deg", 0.0, -360.0, 360.0, "rotation of the valley in degrees"),
            ),
            value_and_grad=_ravine,
            second_derivatives=_ravine_h,
            window=_window(-5.0, 5.0, -5.0, 5.0),
            critical_points=_fixed(CriticalPoint(0.0, 0.0, _MIN)),
            start=lambda p: _rot(-4.5, 1.5, p["angle_deg"]),
            log_levels=True,
            hessian=_ravine_hessian,
        ),
        SurfaceSpec(
            name="rosenbrock",
            title="Rosenbrock's banana",
            description="A curved, flat-bottomed valley around the minimum at (a, a²).",
            formula=r"f(x,y)=(a-x)^2+b\,(y-x^2)^2",
            params=(
                SurfaceParam("a", 1.0, -10.0, 10.0, "position of the minimum (a, a²)"),
                SurfaceParam("b", 100.0, 0.0, 1e4, "steepness of the valley walls", low_inclusive=False),
            ),
            value_and_grad=_rosenbrock,
            second_derivatives=_rosenbrock_h,
            window=lambda p: (
                min(-2.0, p["a"] - 3.0),
                max(2.0, p["a"] + 1.0),
                min(-1.0, p["a"] ** 2 - 2.0),
                max(3.0, p["a"] ** 2 + 2.0),
            ),
            critical_points=lambda p: (CriticalPoint(p["a"], p["a"] ** 2, _MIN),),
            start=lambda p: (p["a"] - 2.5, p["a"] ** 2 + 1.5),
            log_levels=True,
        ),
        SurfaceSpec(
            name="beale",
            title="Beale",
            description="Flat plateaus and sharp ridges, with the minimum at (3, 0.5).",
            formula=(
                r"f=(1.5-x+xy)^2+(2.25-x+xy^2)^2+(2.625-x+xy^3)^2"
            ),
            params=(),
            value_and_grad=_beale,
            second_derivatives=_beale_h,
            window=_window(-4.5, 4.5, -4.5, 4.5),
            critical_points=_fixed(CriticalPoint(3.0, 0.5, _MIN)),
            start=lambda p: (0.7, 1.4),
            log_levels=True,
        ),
        SurfaceSpec(
            name="himmelblau",
            title="Himmelblau",
            description="Four equally deep minima; which one you reach depends on where you start.",
            formula=r"f(x,y)=(x^2+y-11)^2+(x+y^2-7)^2",
            params=(),
            value_and_grad=_himmelblau,
            second_derivatives=_himmelblau_h,
            window=_window(-5.0, 5.0, -5.0, 5.0),
            critical_points=_fixed(
                CriticalPoint(3.0, 2.0, _MIN),
                CriticalPoint(-2.805118086952745, 3.131312518250573, _MIN),
                CriticalPoint(-3.779310253377747, -3.2831859912861696, _MIN),
                CriticalPoint(3.5844283403304917, -1.8481265269644034, _MIN),
                CriticalPoint(-0.2708445906673476, -0.9230385564799815, _MAX),
                CriticalPoint(0.08667750455539634, 2.884254701174776, _SADDLE),
                CriticalPoint(-3.0730257507643897, -0.08135304428796751, _SADDLE),
                CriticalPoint(3.385154183607021, 0.07385187983774928, _SADDLE),
                CriticalPoint(-0.12796134673068005, -1.9537149802445766, _SADDLE),
            ),
            start=lambda p: (-0.5, 0.5),
            log_levels=True,
        ),
        SurfaceSpec(
            name="rastrigin",
            title="Rastrigin",
            description="A bowl covered in a regular grid of local minima; A sets their depth.",
            formula=r"f=2A+x^2-A\cos 2\pi x+y^2-A\cos 2\pi y",
            params=(SurfaceParam("A", 10.0, 0.0, 100.0, "depth of the ripples"),),
            value_and_grad=_rastrigin,
            second_derivatives=_rastrigin_h,
            window=_window(-5.12, 5.12, -5.12, 5.12),
            critical_points=_fixed(CriticalPoint(0.0, 0.0, _MIN)),
            start=lambda p: (3.1, 2.2),
            log_levels=False,
        ),
        SurfaceSpec(
            name="saddle",
            title="Saddle",
            description="A saddle point at the origin: uphill along x, downhill along y; unbounded below.",
            formula=r"f(x,y)=x^2-y^2",
            params=(),
            value_and_grad=_saddle,
            second_derivatives=_saddle_h,
            window=_window(-2.0, 2.0, -2.0, 2.0),
            critical_points=_fixed(CriticalPoint(0.0, 0.0, _SADDLE)),
            start=lambda p: (-1.8, 0.05),
            log_levels=False,
            hessian=lambda p: np.array([[2.0, 0.0], [0.0, -2.0]]),
        ),
        SurfaceSpec(
            name="booth",
            title="Booth",
            description="A tilted quadratic bowl (Hessian eigenvalues 18 and 2) with its minimum at (1, 3).",
            formula=r"f(x,y)=(x+2y-7)^2+(2x+y-5)^2",
            params=(),
            value_and_grad=_booth,
            second_derivatives=_booth_h,
            window=_window(-10.0, 10.0, -10.0, 10.0),
            critical_points=_fixed(CriticalPoint(1.0, 3.0, _MIN)),
            start=lambda p: (-7.0, -6.0),
            log_levels=True,
            hessian=lambda p: np.array([[10.0, 8.0], [8.0, 10.0]]),
        ),
        SurfaceSpec(
            name="six_hump_camel",
            title="Six-hump camel",
            description="Six local minima, two of them global, around a saddle at the origin.",
            formula=r"f=(4-2.1x^2+\tfrac{x^4}{3})\,x^2+xy+(-4+4y^2)\,y^2",
            params=(),
            value_and_grad=_six_hump_camel,
            second_derivatives=_six_hump_camel_h,
            window=_window(-3.0, 3.0, -2.0, 2.0),
            critical_points=_fixed(
                CriticalPoint(0.08984201310031807, -0.7126564030207396, _MIN),
                CriticalPoint(-0.08984201310031807, 0.7126564030207396, _MIN),
                CriticalPoint(-1.703606714969981, 0.7960835686726251, _LOCAL),
                CriticalPoint(1.703606714969981, -0.7960835686726251, _LOCAL),
                CriticalPoint(-1.6071047529201976, -0.5686514548841313, _LOCAL),
                CriticalPoint(1.6071047529201976, 0.5686514548841313, _LOCAL),
                CriticalPoint(0.0, 0.0, _SADDLE),
            ),
            start=lambda p: (-2.2, 1.2),
            log_levels=True,
        ),
        SurfaceSpec(
            name="bumpy",
            title="Bumpy valley",
            description=(
                "A wide valley whose floor is covered in small bumps, one per unit of x, with the lowest "
                "point at the origin; h sets the bumps' height. Plain SGD settles in the first dip it "
                "meets, while momentum can carry a run over the bumps."
            ),
            formula=r"f(x,y)=\tfrac{x^2}{20}+h\,(1-\cos 2\pi x)+y^2",
            params=(SurfaceParam("h", 0.1, 0.0, 1.0, "height of the bumps"),),
            value_and_grad=_bumpy,
            second_derivatives=_bumpy_h,
            window=_window(-5.0, 5.0, -2.5, 2.5),
            critical_points=_bumpy_critical,
            start=lambda p: (-4.5, 1.0),
            log_levels=False,
        ),
        SurfaceSpec(
            name="neuron",
            title="A neuron's loss",
            description=(
                "The loss of one neuron ŷ = a(w₁x₁ + w₂x₂), a the sigmoid or ReLU, on two overlapping "
                "clusters, as a function of its two weights; steps can use mini-batches of the data."
            ),
            formula=r"L(w_1,w_2)=\frac1n\sum_i\big(a(w_1x_{i1}+w_2x_{i2})-y_i\big)^2",
            params=(
                SurfaceParam("n_points", 40, 4, 500, "number of data points", integer=True),
                SurfaceParam("data_seed", 0, 0, 2**31 - 1, "seed of the data set", integer=True),
                SurfaceParam("separation", 2.0, 0.0, 10.0, "distance between the cluster centres"),
                SurfaceParam("loss", "mse", 0, 0, "loss function", choices=("mse", "cross_entropy")),
                SurfaceParam("activation", "sigmoid", 0, 0, "activation function", choices=("sigmoid", "relu")),
            ),
            value_and_grad=_neuron,
            second_derivatives=_neuron_h,
            window=_window(-6.0, 6.0, -6.0, 6.0),
            critical_points=_neuron_critical,
            start=lambda p: (-4.0, 5.0),
            log_levels=False,
            batch_value_and_grad=_neuron_batch,
            n_samples=lambda p: int(p["n_points"]),
            check=_neuron_check,
        ),
    ]
}


def surface_names() -> list[str]:
    return list(SURFACES)


def make_surface(name: str, params: Mapping[str, object] | None = None) -> Surface:
    """Bind and validate a surface's parameters; unknown names raise ValueError."""
    spec = SURFACES.get(name)
    if spec is None and name == CUSTOM:
        raise ValueError("Surface custom needs a formula: use make_custom_surface(expr)")
    if spec is None:
        raise ValueError(f"Unknown surface: {name!r} (choose from {', '.join(SURFACES)})")
    given = dict(params or {})
    known = {p.name for p in spec.params}
    unknown = sorted(set(given) - known)
    if unknown:
        allowed = ", ".join(sorted(known)) or "none"
        raise ValueError(f"Unknown parameter for surface {name}: {unknown[0]!r} (allowed: {allowed})")
    bound = {p.name: p.validate(given.get(p.name, p.default)) for p in spec.params}
    if spec.check is not None:
        spec.check(bound)
    return Surface(spec, bound)


# --------------------------------------------------------------------------------------
# Custom surfaces: f(x, y) typed by the user.

CUSTOM = "custom"  # the name of every surface made from a typed formula
CUSTOM_WINDOW = (-3.0, 3.0, -3.0, 3.0)


def make_custom_surface(expr: str, window: Sequence[float] | None = None) -> Surface:
    """A surface from a typed formula f(x, y), e.g. ``"x**2 + 10*y**2"`` (see ``optim_viz.expr``).

    The gradient and the Hessian are exact (symbolic; the Hessian is compiled on first use and
    raises ``expr.ParseError`` if it needs too many operations). A quadratic formula (total
    degree ≤ 2) gets its constant Hessian, for the convergence theory, and its critical point;
    other formulas have no known critical points. The start is the usual corner of ``window``
    (default ``CUSTOM_WINDOW``), or the nearest point of a coarse grid where f and its gradient
    are finite. Log-spaced contours only when f ≥ 0 can be proved. Raises ``expr.ParseError``
    (a ValueError) for a formula that is not allowed and ValueError for a bad window. Compilation
    is cached per formula text; the first formula imports sympy.
    """
    from .expr import parse

    parse(expr)  # a formula that is not allowed is refused before sympy is imported
    from .symbolic import compile_formula

    formula = compile_formula(expr)
    win = check_window(window)
    points: tuple[CriticalPoint, ...] = ()
    hessian = None
    q = formula.quadratic
    if q is not None:
        H = np.array(q.hessian)

        def hessian(p):
            return H.copy()

        z = q.stationary_point()
        if z is not None:
            lo, hi = np.linalg.eigvalsh(H)
            kind = _MIN if lo > 0 else _MAX if hi < 0 else _SADDLE
            points = (CriticalPoint(z[0], z[1], kind),)
    start = _defined_start(formula.value_and_grad, win)
    spec = SurfaceSpec(
        name=CUSTOM,
        title="Custom formula",
        description=f"f(x, y) = {expr.strip()}",
        formula=f"f(x,y)={formula.latex()}",
        params=(),
        value_and_grad=lambda x, y, p: formula.value_and_grad(x, y),
        second_derivatives=lambda x, y, p: formula.second_derivatives(x, y),
        window=lambda p: win,
        critical_points=lambda p: points,
        start=lambda p: start,
        log_levels=formula.nonnegative,
        hessian=hessian,
    )
    return Surface(spec, {})


def check_window(window: Sequence[float] | None) -> tuple[float, float, float, float]:
    if window is None:
        return CUSTOM_WINDOW
    values = tuple(window)
    if len(values) != 4 or any(isinstance(v, bool) or not isinstance(v, (int, float, np.number)) for v in values):
        raise ValueError(f"Invalid window: {window!r} (expected x_min, x_max, y_min, y_max)")
    x0, x1, y0, y1 = (float(v) for v in values)
    if not all(math.isfinite(v) and abs(v) <= 1e6 for v in (x0, x1, y0, y1)) or not (x0 < x1 and y0 < y1):
        raise ValueError(f"Invalid window: {window!r} (need x_min < x_max and y_min < y_max, within ±1e6)")
    return x0, x1, y0, y1


def _defined_start(value_and_grad, win: tuple[float, float, float, float]) -> tuple[float, float]:
    """The usual start (-2.5, 2) of the (-3, 3)² window, scaled to ``win``; if f or its gradient
    is not finite there, the nearest point of an 11×11 grid inside ``win`` where they are."""
    x0, x1, y0, y1 = win
    preferred = (x0 + (x1 - x0) / 12.0, y0 + (y1 - y0) * 5.0 / 6.0)
    X, Y = np.meshgrid(np.linspace(x0, x1, 13)[1:-1], np.linspace(y0, y1, 13)[1:-1])
    xs = np.concatenate([[preferred[0]], X.ravel()])
    ys = np.concatenate([[preferred[1]], Y.ravel()])
    f, gx, gy = value_and_grad(xs, ys)
    ok = np.flatnonzero(np.isfinite(f) & np.isfinite(gx) & np.isfinite(gy))
    if ok.size == 0 or ok[0] == 0:
        return preferred
    best = ok[np.argmin(np.hypot(xs[ok] - preferred[0], ys[ok] - preferred[1]))]
    return float(xs[best]), float(ys[best])
