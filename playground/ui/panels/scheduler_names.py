"""Readable names for the learning-rate schedulers.

Files, the CLI and the engine use PyTorch's class names lowercased (``cosineannealingwarmrestarts``)
so they match ``torch.optim.lr_scheduler``; people read "Cosine annealing with warm restarts".
The PyTorch class itself is named in each entry's tooltip.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from ...core.optim.schedulers import SCHEDULERS

TITLES = {  # shown translated (context "Schedulers"); the PyTorch class stays in the tooltip
    "constant": QT_TRANSLATE_NOOP("Schedulers", "Constant"),
    "steplr": QT_TRANSLATE_NOOP("Schedulers", "Step decay"),
    "multisteplr": QT_TRANSLATE_NOOP("Schedulers", "Step decay at milestones"),
    "exponentiallr": QT_TRANSLATE_NOOP("Schedulers", "Exponential decay"),
    "cosineannealinglr": QT_TRANSLATE_NOOP("Schedulers", "Cosine annealing"),
    "cosineannealingwarmrestarts": QT_TRANSLATE_NOOP("Schedulers", "Cosine annealing with warm restarts"),
    "onecyclelr": QT_TRANSLATE_NOOP("Schedulers", "One-cycle"),
    "cycliclr": QT_TRANSLATE_NOOP("Schedulers", "Cyclic"),
    "linearlr": QT_TRANSLATE_NOOP("Schedulers", "Linear ramp"),
    "polynomiallr": QT_TRANSLATE_NOOP("Schedulers", "Polynomial decay"),
    "reducelronplateau": QT_TRANSLATE_NOOP("Schedulers", "Reduce on plateau"),
}


def scheduler_title(name: str) -> str:
    """The readable name of scheduler ``name`` (the name itself for one without a title)."""
    return QCoreApplication.translate("Schedulers", TITLES[name]) if name in TITLES else name


def scheduler_tooltip(name: str) -> str:
    """PyTorch's class (what files and the CLI call it) and what the scheduler does."""
    entry = SCHEDULERS.get(name)
    cls = getattr(entry.factory, "__name__", None)
    where = (f"torch.optim.lr_scheduler.{cls}" if cls
             else QCoreApplication.translate("Schedulers", "no scheduler: η stays at lr"))
    return QCoreApplication.translate("Schedulers", "{where}  (in files and the CLI: {name})").format(
        where=where, name=name) + f"\n{entry.help}"
