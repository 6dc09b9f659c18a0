"""Readable names for the learning-rate schedulers.

Files, the CLI and the engine use PyTorch's class names lowercased (``cosineannealingwarmrestarts``)
so they match ``torch.optim.lr_scheduler``; people read "Cosine annealing with warm restarts".
The PyTorch class itself is named in each entry's tooltip.
"""

from __future__ import annotations

from ...core.optim.schedulers import SCHEDULERS

TITLES = {
    "constant": "Constant",
    "steplr": "Step decay",
    "multisteplr": "Step decay at milestones",
    "exponentiallr": "Exponential decay",
    "cosineannealinglr": "Cosine annealing",
    "cosineannealingwarmrestarts": "Cosine annealing with warm restarts",
    "onecyclelr": "One-cycle",
    "cycliclr": "Cyclic",
    "linearlr": "Linear ramp",
    "polynomiallr": "Polynomial decay",
    "reducelronplateau": "Reduce on plateau",
}


def scheduler_title(name: str) -> str:
    """The readable name of scheduler ``name`` (the name itself for one without a title)."""
    return TITLES.get(name, name)


def scheduler_tooltip(name: str) -> str:
    """PyTorch's class (what files and the CLI call it) and what the scheduler does."""
    entry = SCHEDULERS.get(name)
    cls = getattr(entry.factory, "__name__", None)
    where = f"torch.optim.lr_scheduler.{cls}" if cls else "no scheduler: η stays at lr"
    return f"{where}  (in files and the CLI: {name})\n{entry.help}"
