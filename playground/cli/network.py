"""Network flags shared by `run` and `landscape` (`--dataset ...`), and network CSV output."""

from __future__ import annotations

import math
import sys
from dataclasses import replace

from .args import CliError, parse_float, parse_int, parse_int_list

def add_network_options(p) -> None:
    from ..core.networks.datasets import DATASETS, EXTRA_FEATURES
    from ..core.networks.model import ACTIVATIONS

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
    g.add_argument("--sharpness-every", metavar="K",
                   help="measure each run's sharpness λ_max every K steps (a 'sharpness' CSV "
                        "column; each measurement costs about 10-40 full-batch gradients)")


#: flags that describe a network problem: any of them switches `run` to networks
#: (--batch-size and --seed alone do not: they refine runs of either kind)
NETWORK_FLAGS = ("dataset", "csv", "target", "layers", "activation", "dropout", "loss",
                 "samples", "noise", "test_fraction", "shift", "features", "weight_decay",
                 "early_stopping", "sharpness_every")


def wants_network(args, session) -> bool:
    given = any(getattr(args, f, None) is not None for f in NETWORK_FLAGS)
    given = given or args.batchnorm or args.residual or args.no_standardize
    if given and getattr(args, "problem", None):
        raise CliError("--problem (a surface) and network options (--dataset ...) exclude each other")
    return session.is_network or given


def apply_network_flags(session, args) -> None:
    """Turn ``session`` into (or update) a network session from the flags."""
    from ..core.networks.datasets import DataSpec, make_dataset
    from ..core.networks.problem import NetProblem, default_loss
    from ..core.networks.race import NetRunConfig
    from ..core.networks.model import NetworkSpec

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
            what = f"--{key.replace('_', '-')}"
            value = parse_int(text, what) if kind is int else parse_float(text, what)
            data = replace(data, **{key: value})
    if args.features is not None:
        data = replace(data, features=tuple(f for f in args.features.split(",") if f))
    if args.no_standardize:
        data = replace(data, standardize=False)
    if args.seed is not None:
        seed = parse_int(args.seed, "--seed")
        data = replace(data, seed=seed)
        net = replace(net, init_seed=seed)
        session.runs = [replace(r, seed=seed) for r in session.runs]
    network = net.network
    if args.layers is not None or args.activation or args.dropout or args.batchnorm or args.residual:
        widths = [w for w in (args.layers if args.layers is not None else
                              ",".join(str(layer.width) for layer in network.layers)).split(",") if w]
        widths = parse_int_list(",".join(widths), "--layers")
        acts = (args.activation or (network.layers[0].activation if network.layers else "relu")).split(",")
        if len(acts) == 1:
            acts = acts * len(widths)
        dropout = parse_float(args.dropout, "--dropout") if args.dropout else 0.0
        network = NetworkSpec.of(widths, acts, args.batchnorm, dropout, args.residual)
    weight_decay, early, sharpness = net.weight_decay, net.early_stopping, net.sharpness_every
    if args.weight_decay is not None:
        weight_decay = parse_float(args.weight_decay, "--weight-decay")
    if args.early_stopping is not None:
        early = parse_int(args.early_stopping, "--early-stopping")
    if getattr(args, "sharpness_every", None) is not None:
        sharpness = parse_int(args.sharpness_every, "--sharpness-every")
    dataset = make_dataset(data)
    loss = args.loss or net.loss or default_loss(dataset.task)
    net = NetProblem(data, network, loss, weight_decay, early, net.init_seed,
                     sharpness).validated(dataset)
    session.network = net
    if not session.runs or not isinstance(session.runs[0], NetRunConfig):
        session.runs = [NetRunConfig(args.name or "run", "sgd", {"lr": 0.1}, seed=net.init_seed).validated()]
        session.histories = [None]


def _csv_value(v: float) -> str:
    return "" if math.isnan(v) else repr(float(v))


def network_csv(history) -> str:
    """CSV with header step,epoch,train_loss,test_loss,lr (+ train_acc,test_acc; + sharpness when
    measured, empty between measurements); lr is empty on row 0, every number written at full
    precision."""
    cols = ["step", "epoch", "train_loss", "test_loss", "lr"]
    if "train_acc" in history.columns():
        cols += ["train_acc", "test_acc"]
    if "sharpness" in history.columns():
        cols.append("sharpness")
    lines = [",".join(cols)]
    arrays = [history[c] for c in cols]
    for t in range(len(history)):
        values = [str(int(arrays[0][t]))] + [_csv_value(a[t]) for a in arrays[1:]]
        lines.append(",".join(values))
    return "\n".join(lines) + "\n"


def run_network(session, steps: int, out: str) -> int:
    from .run import write_folder
    from ..core.networks.race import run_net_race
    from ..core.surfaces.race import DIVERGED
    from ..session.io import write_atomic

    histories, race = run_net_race(session.network, session.runs, steps)
    csvs = {run.name: network_csv(h) for run, h in zip(session.runs, histories)}
    if len(session.runs) == 1:
        write_atomic(out, next(iter(csvs.values())))
    else:
        write_folder(out, csvs)
    for i, run in enumerate(session.runs):
        if race.status[i] == DIVERGED:
            print(f"run {run.name!r} diverged at step {race.diverged_at[i]}: its CSV ends at the "
                  f"last finite row", file=sys.stderr)
    return 0
