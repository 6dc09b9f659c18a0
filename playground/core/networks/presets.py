"""Ready-made network run sets."""

from __future__ import annotations

from .race import NetRunConfig


def classic_net_runs(batch_size: int = 32) -> list:
    """The classic five for networks, with learning rates that suit small MLPs."""
    return [
        NetRunConfig("SGD", "sgd", {"lr": 0.1}, batch_size=batch_size),
        NetRunConfig("Momentum", "sgd", {"lr": 0.05, "momentum": 0.9}, batch_size=batch_size),
        NetRunConfig("Adagrad", "adagrad", {"lr": 0.05}, batch_size=batch_size),
        NetRunConfig("RMSProp", "rmsprop", {"lr": 0.003}, batch_size=batch_size),
        NetRunConfig("Adam", "adam", {"lr": 0.01}, batch_size=batch_size),
    ]
