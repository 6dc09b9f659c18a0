"""The session: the problem, the runs and the view, plus optional recorded histories.

A session is plain data. The GUI keeps one as its source of truth, the CLI builds one from its
flags, and :mod:`playground.session.io` reads and writes it as JSON.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from ..core import limits
from ..core.history import History
from ..core.params import ParamError
from ..core.surfaces.problem import CUSTOM, Surface, get_surface
from ..core.networks.problem import NetProblem, default_loss
from ..core.surfaces.race import RunConfig

#: run colours in order (Okabe–Ito, distinguishable with colour-blindness), then cycled
PALETTE = ("#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7",
           "#999999")


@dataclass
class Session:
    """Everything needed to reproduce a playground exactly.

    Attributes
    ----------
    problem : surface name (``custom`` uses ``formula``).
    view_box : (xmin, xmax, ymin, ymax) shown, or None for the surface's default.
    view : display settings (arrows shown, colour scale ...), free-form but JSON-typed.
    histories : one :class:`History` (or None) per run; saved only when asked.
    """

    name: str = "untitled"
    problem: str = "rosenbrock"
    formula: str | None = None
    view_box: tuple[float, float, float, float] | None = None
    runs: list[RunConfig] = field(default_factory=list)
    view: dict = field(default_factory=dict)
    histories: list[History | None] = field(default_factory=list)
    lesson: str | None = None
    #: set for a network session: then ``runs`` are NetRunConfig and the surface fields unused
    network: "NetProblem | None" = None

    @property
    def is_network(self) -> bool:
        return self.network is not None

    def surface(self) -> Surface:
        if self.is_network:
            raise ParamError("a network session has no surface")
        return get_surface(self.problem, self.formula, self.view_box if self.problem == CUSTOM else None)

    def next_color(self) -> str:
        used = {r.color for r in self.runs}
        for c in PALETTE:
            if c not in used:
                return c
        return PALETTE[len(self.runs) % len(PALETTE)]

    def unique_name(self, base: str) -> str:
        """``base``, or ``base N`` with the first free N ("Adam 2" copied gives "Adam 3")."""
        names = {r.name for r in self.runs}
        if base not in names:
            return base
        base = re.sub(r" \d+$", "", base)
        i = 2
        while f"{base} {i}" in names:
            i += 1
        return f"{base} {i}"

    def add_run(self, run: RunConfig) -> RunConfig:
        """Add ``run`` with a unique name and a free colour, its hyperparameters resolved.
        Raises :class:`ParamError` past the number of runs a session may hold."""
        if len(self.runs) >= run_limit(self):
            raise ParamError(f"a session holds at most {run_limit(self):,} runs: remove one first")
        run = replace(run, name=self.unique_name(run.name),
                      color=run.color or self.next_color()).validated()
        self.runs.append(run)
        self.histories.append(None)
        return run


def run_limit(session: Session) -> int:
    """How many runs ``session`` may hold (a network run costs a full evaluation a step)."""
    return limits.MAX_NETWORK_RUNS if session.is_network else limits.MAX_RUNS


def classic_network(dataset: str = "circles") -> Session:
    """A ready-made network race: the classic five optimizers on a small MLP."""
    from ..core.networks.datasets import DATASETS, DataSpec
    from ..core.networks.model import NetworkSpec
    from ..core.networks.presets import classic_net_runs

    loss = default_loss(DATASETS.get(dataset))
    session = Session(name=f"network on {dataset}",
                      network=NetProblem(DataSpec(dataset, 400), NetworkSpec.of([8, 8], "tanh"), loss))
    for run in classic_net_runs():
        session.add_run(run)
    return session


def classic_race(problem: str = "rosenbrock") -> Session:
    """The classic comparison: SGD, momentum, Adagrad, RMSProp and Adam on one surface,
    with learning rates that suit that surface."""
    from ..core.surfaces.presets import classic_runs

    session = Session(name=f"classic race on {problem}", problem=problem)
    for run in classic_runs(problem):
        session.add_run(run)
    return session
