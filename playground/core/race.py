"""What every race shares, whatever it trains (a surface or a network).

The run statuses, the one resume rule, and the run configuration fields every kind has. A kind's
race (``core.surfaces.race``, ``core.networks.race``) adds only its own stepping and columns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from .optim.optimizers import check_optimizer
from .optim.schedulers import CONSTANT, WARMUP_START_DEFAULT, check_schedule
from .params import ParamError

#: run statuses (strings, because sessions and the UI show them as they are)
READY, RUNNING, PAUSED, DONE, DIVERGED = "ready", "running", "paused", "done", "diverged"
STOPPED_EARLY = "stopped early"
#: a run's colour: "" (the session picks one) or hex, #RGB, #RRGGBB or #RRGGBBAA as Qt reads it
COLOR = re.compile(r"#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})")

#: a run in one of these never advances again; every other run resumes on the next play()
ENDED = frozenset({DIVERGED, STOPPED_EARLY})


def resume(status: dict[int, str]) -> None:
    """The resume rule, written once: every run that has not ended becomes RUNNING."""
    for i, s in status.items():
        if s not in ENDED:
            status[i] = RUNNING


def settle(status: dict[int, str], done: bool) -> None:
    """At the end of a play(): runs that have not ended are DONE (all steps made) or PAUSED."""
    for i, s in status.items():
        if s not in ENDED:
            status[i] = DONE if done else PAUSED


@dataclass(frozen=True)
class RunConfigBase:
    """The fields every run has, whatever it trains; frozen, so a worker can hold it safely.

    A kind's run config subclasses it, adds its own fields (a surface run's ``start``, a network
    run's ``batch_size``) and checks them in :meth:`check_own`.
    """

    name: str = "run"
    optimizer: str = "sgd"
    opt: dict = field(default_factory=dict)
    scheduler: str = CONSTANT
    sched: dict = field(default_factory=dict)
    warmup: int = 0
    warmup_start: float = WARMUP_START_DEFAULT
    seed: int = 0
    color: str = ""

    def validated(self):
        """A copy with every hyperparameter resolved (defaults filled in) and checked.

        Raises :class:`ParamError` naming the run and the problem.
        """
        try:
            opt = check_optimizer(self.optimizer, self.opt)
            sched = check_schedule(self.scheduler, self.sched, self.warmup, self.warmup_start,
                                   self.optimizer, opt)
        except ParamError as exc:
            raise ParamError(f"run {self.name!r}: {exc}") from None
        if self.color and not (isinstance(self.color, str) and COLOR.fullmatch(self.color)):
            raise ParamError(f"run {self.name!r}: colour {self.color!r} is not a hex colour like #E69F00")
        return replace(self, opt=opt, sched=sched, **self.check_own())

    def check_own(self) -> dict:
        """The kind's own fields, checked (and normalised): a dict of replacements."""
        return {}
