"""Ready-made run sets, such as the classic optimizer comparison with per-surface learning rates."""

from __future__ import annotations

from .race import RunConfig

#: (sgd, momentum-sgd, adagrad, rmsprop, adam) learning rates that suit each surface: large
#: enough to see progress in a few hundred steps, small enough not to diverge from its start.
CLASSIC_RATES = {
    "bowl": (0.1, 0.02, 0.5, 0.02, 0.1),
    "ravine": (1.5, 0.3, 1.0, 0.05, 0.2),
    "rosenbrock": (5e-4, 2e-4, 0.5, 0.01, 0.05),
    "beale": (0.01, 0.002, 0.5, 0.01, 0.05),
    "himmelblau": (0.01, 0.002, 0.5, 0.05, 0.1),
    "saddle": (0.05, 0.01, 0.3, 0.01, 0.05),
    "tiny-net": (0.1, 0.02, 0.5, 0.02, 0.05),
    "two-minima": (0.05, 0.01, 0.5, 0.02, 0.05),
    "rastrigin": (0.002, 0.001, 0.5, 0.05, 0.1),
}
GENERIC_RATES = (0.01, 0.002, 0.3, 0.01, 0.05)


def classic_runs(problem: str, start: tuple[float, float] | None = None) -> list[RunConfig]:
    """SGD, SGD with momentum 0.9, Adagrad, RMSProp and Adam from the surface's start point."""
    from .problem import SURFACES, get_surface

    if start is None:
        start = get_surface(problem).start if problem in SURFACES else (1.0, 1.0)
    sgd, mom, adagrad, rmsprop, adam = CLASSIC_RATES.get(problem, GENERIC_RATES)
    start = tuple(start)
    return [
        RunConfig("SGD", "sgd", {"lr": sgd}, start=start),
        RunConfig("Momentum", "sgd", {"lr": mom, "momentum": 0.9}, start=start),
        RunConfig("Adagrad", "adagrad", {"lr": adagrad}, start=start),
        RunConfig("RMSProp", "rmsprop", {"lr": rmsprop}, start=start),
        RunConfig("Adam", "adam", {"lr": adam}, start=start),
    ]
