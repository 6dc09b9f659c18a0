"""The command line for networks: `run --dataset ...` and `landscape`."""

from __future__ import annotations

import math
import sys
from dataclasses import replace

import numpy as np

LANDSCAPE_EXAMPLES = """\
examples:
  python main.py landscape --dataset circles --layers 16,16 --optimizer adam --opt lr=0.01 \\
        --steps 300 --grid 51 --directions pca --out slice.npz
  python main.py landscape my_network.json --run Adam --grid 101 --out slice.npz
"""


def add_network_options(p) -> None:
    from .core.datasets import DATASETS, EXTRA_FEATURES
    from .core.network import ACTIVATIONS

    g = p.add_argument_group("networks (any of these trains a network instead of a surface)")
    g.add_argument("--dataset", help=f"one of: {', '.join(DATASETS)}, csv (with --csv, --target)")
    g.add_argument("--csv", help="a CSV file of numeric columns with a header (--dataset csv)")
    g.add_argument("--target", help="the CSV column to predict")
    g.add_argument("--layers", help="hidden layer widths, e.g. 16,16 (empty: no hidden layer)")
    g.add_argument("--activation", help=f"one for all layers or one per layer: {', '.join(ACTIVATIONS)}")
    g.add_argument("--batchnorm", action="store_true", help="BatchNorm in every hidden layer")
    g.add_argument("--dropout", help="dropout rate of every hidden layer, in [0, 1)")
    g.add_argument("--residual", action="store_true", help="residual connections where widths match")
    g.add_argument("--loss", choices=("mse", "ce"), help="default: ce for classes, mse for values")
    g.add_argument("--batch-size", help="mini-batch size (0: the full training set); default 32")
    g.add_argument("--samples", help="number of samples (default 400)")
    g.add_argument("--noise", help="noise level (default 0.1)")
    g.add_argument("--test-fraction", help="share of samples held out for testing (default 0.3)")
    g.add_argument("--shift", help="shift of the test inputs (the mismatch lesson)")
    g.add_argument("--features", help=f"extra input features, comma-separated: {', '.join(EXTRA_FEATURES)}")
    g.add_argument("--no-standardize", action="store_true", help="keep the raw feature scales")
    g.add_argument("--weight-decay", help="L2 penalty λ (added to the loss)")
    g.add_argument("--early-stopping", help="stop a run after this many steps without a better test loss")
    g.add_argument("--seed", help="seed of the data, the initial weights and the batch order")


#: flags that describe a network problem: any of them switches `run` to networks
#: (--batch-size and --seed alone do not: they refine runs of either kind)
NETWORK_FLAGS = ("dataset", "csv", "target", "layers", "activation", "dropout", "loss",
                 "samples", "noise", "test_fraction", "shift", "features", "weight_decay",
                 "early_stopping")


def wants_network(args, session) -> bool:
    given = any(getattr(args, f, None) is not None for f in NETWORK_FLAGS)
    given = given or args.batchnorm or args.residual or args.no_standardize
    if given and getattr(args, "problem", None):
        from .cli import CliError

        raise CliError("--problem (a surface) and network options (--dataset ...) exclude each other")
    return session.is_network or given


def apply_network_flags(session, args) -> None:
    """Turn ``session`` into (or update) a network session from the flags."""
    from .cli import CliError, _int
    from .core.datasets import DATASETS, DataSpec, make_dataset
    from .core.nettrain import NetProblem, NetRunConfig
    from .core.network import NetworkSpec

    net = session.network or NetProblem(DataSpec("circles"), NetworkSpec.of([8, 8], "tanh"), "")
    data = net.data
    if args.dataset:
        data = replace(data, name=args.dataset)
    if args.csv or args.target:
        data = replace(data, csv_path=args.csv or data.csv_path, target=args.target or data.target)
    number = {"samples": int, "noise": float, "test_fraction": float, "shift": float}
    for key, kind in number.items():
        text = getattr(args, key)
        if text is not None:
            try:
                value = kind(text)
            except ValueError:
                raise CliError(f"--{key.replace('_', '-')}: {text!r} is not a number") from None
            data = replace(data, **{key: value})
    if args.features is not None:
        data = replace(data, features=tuple(f for f in args.features.split(",") if f))
    if args.no_standardize:
        data = replace(data, standardize=False)
    if args.seed is not None:
        seed = _int(args.seed, "--seed")
        data = replace(data, seed=seed)
        net = replace(net, init_seed=seed)
        session.runs = [replace(r, seed=seed) for r in session.runs]
    network = net.network
    if args.layers is not None or args.activation or args.dropout or args.batchnorm or args.residual:
        widths = [w for w in (args.layers if args.layers is not None else
                              ",".join(str(layer.width) for layer in network.layers)).split(",") if w]
        try:
            widths = [int(w) for w in widths]
        except ValueError:
            raise CliError(f"--layers: {args.layers!r} is not a list of whole numbers") from None
        acts = (args.activation or (network.layers[0].activation if network.layers else "relu")).split(",")
        if len(acts) == 1:
            acts = acts * len(widths)
        try:
            dropout = float(args.dropout) if args.dropout else 0.0
        except ValueError:
            raise CliError(f"--dropout: {args.dropout!r} is not a number") from None
        network = NetworkSpec.of(widths, acts, args.batchnorm, dropout, args.residual)
    weight_decay, early = net.weight_decay, net.early_stopping
    if args.weight_decay is not None:
        try:
            weight_decay = float(args.weight_decay)
        except ValueError:
            raise CliError(f"--weight-decay: {args.weight_decay!r} is not a number") from None
    if args.early_stopping is not None:
        early = _int(args.early_stopping, "--early-stopping")
    dataset = make_dataset(data)
    loss = args.loss or net.loss or ("ce" if DATASETS.get(data.name, dataset.task) == "classification"
                                     and dataset.task == "classification" else "mse")
    net = NetProblem(data, network, loss, weight_decay, early, net.init_seed).validated(dataset)
    session.network = net
    if not session.runs or not isinstance(session.runs[0], NetRunConfig):
        session.runs = [NetRunConfig(args.name or "run", "sgd", {"lr": 0.1}, seed=net.init_seed).validated()]
        session.histories = [None]


def _csv_value(v: float) -> str:
    return "" if math.isnan(v) else repr(float(v))


def network_csv(history) -> str:
    """CSV with header step,epoch,train_loss,test_loss,lr (+ train_acc,test_acc); lr is empty on
    row 0, every number written at full precision."""
    cols = ["step", "epoch", "train_loss", "test_loss", "lr"]
    if "train_acc" in history.columns():
        cols += ["train_acc", "test_acc"]
    lines = [",".join(cols)]
    arrays = [history[c] for c in cols]
    for t in range(len(history)):
        values = [str(int(arrays[0][t]))] + [_csv_value(a[t]) for a in arrays[1:]]
        lines.append(",".join(values))
    return "\n".join(lines) + "\n"


def run_network(session, steps: int, out: str) -> int:
    from .cli import _write_folder
    from .core.nettrain import run_net_race
    from .core.training import DIVERGED
    from .session.io import write_atomic

    histories, race = run_net_race(session.network, session.runs, steps)
    csvs = {run.name: network_csv(h) for run, h in zip(session.runs, histories)}
    if len(session.runs) == 1:
        write_atomic(out, next(iter(csvs.values())))
    else:
        _write_folder(out, csvs)
    for i, run in enumerate(session.runs):
        if race.status[i] == DIVERGED:
            print(f"run {run.name!r} diverged at step {race.diverged_at[i]}: its CSV ends at the "
                  f"last finite row", file=sys.stderr)
    return 0


# -- landscape --------------------------------------------------------------------------------


def add_landscape_parser(sub) -> None:
    import argparse

    from .cli import add_training_options

    p = sub.add_parser("landscape", help="a 2-D slice of a network's loss around its weights",
                       formatter_class=argparse.RawDescriptionHelpFormatter,
                       epilog=LANDSCAPE_EXAMPLES,
                       description="Train N steps, then evaluate the training loss on a grid "
                                   "around the final weights of one run (--run, default the "
                                   "first) along two directions; write alphas, betas, loss and "
                                   "the projected trajectory to an .npz file.")
    add_training_options(p)
    p.add_argument("--grid", default="51", help="grid points per axis, 3 to 201 (default 51)")
    p.add_argument("--directions", choices=("random", "pca"), default="random",
                   help="filter-normalised random directions, or the trajectory's top two "
                        "principal components")
    p.add_argument("--span", help="half-width of the slice in direction units (default: 1 for "
                                  "random, the trajectory's extent for pca)")
    p.add_argument("--out", required=True, help=".npz file")


def cmd_landscape(args) -> int:
    from .cli import CliError, _int, session_from_args
    from .core.landscape import slice_around
    from .core.nettrain import NetRace

    session = session_from_args(args)
    if not session.is_network:
        raise CliError("landscape needs a network: give --dataset (or a network session)")
    grid = _int(args.grid, "--grid", low=3)
    if grid > 201:
        raise CliError(f"--grid: {grid} is too fine (at most 201)")
    steps = _int(args.steps, "--steps") if args.steps is not None else 200
    span = None
    if args.span is not None:
        try:
            span = float(args.span)
        except ValueError:
            raise CliError(f"--span: {args.span!r} is not a number") from None
        if not span > 0:
            raise CliError("--span must be > 0")
    index = 0
    if args.run is not None:
        names = [r.name for r in session.runs]
        if args.run not in names:
            raise CliError(f"--run: no run named {args.run!r}; runs: {', '.join(names)}")
        index = names.index(args.run)
    if args.directions == "pca" and steps < 2:
        raise CliError("--directions pca needs a trajectory: --steps 2 or more")
    race = NetRace(session.network, session.runs, record_weights=True)
    for _ in race.play(steps):
        pass
    ds = race.dataset
    result = slice_around(race.runs[index].model, ds.x_train, ds.y_train, race.loss,
                          race.weights(index), grid, args.directions, span,
                          seed=session.network.init_seed)
    from pathlib import Path

    out = Path(args.out)
    if out.is_dir() or not (out.parent if str(out.parent) else Path(".")).is_dir():
        raise CliError(f"--out: cannot write {args.out}")
    tmp = out.with_name(f".{out.name}.tmp.npz")
    np.savez(tmp, **result)
    tmp.replace(out)
    print(f"wrote a {grid}x{grid} slice to {args.out}", file=sys.stderr)
    return 0
