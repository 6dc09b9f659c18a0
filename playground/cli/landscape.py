"""`python main.py landscape ...`: train a network, then write a 2-D loss slice around one
run's final weights to an .npz file."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

from ..core import limits
from .args import CliError, parse_float, parse_int
from .run import add_training_options, session_from_args

LANDSCAPE_EXAMPLES = """\
examples:
  python main.py landscape --dataset circles --layers 16,16 --optimizer adam --opt lr=0.01 \\
        --steps 300 --grid 51 --directions pca --out slice.npz
  python main.py landscape my_network.json --run Adam --grid 101 --out slice.npz
"""


def add_parser(sub) -> None:
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


def command(args) -> int:
    from ..core.networks.landscape import slice_around
    from ..core.networks.race import NetRace

    session = session_from_args(args)
    if not session.is_network:
        raise CliError("landscape needs a network: give --dataset (or a network session)")
    grid = parse_int(args.grid, "--grid", low=3, high=limits.MAX_GRID)
    steps = parse_int(args.steps, "--steps") if args.steps is not None else 200
    span = None
    if args.span is not None:
        span = parse_float(args.span, "--span")
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
    out = Path(args.out)
    if out.is_dir() or not (out.parent if str(out.parent) else Path(".")).is_dir():
        raise CliError(f"--out: cannot write {args.out}")
    tmp = out.with_name(f".{out.name}.tmp.npz")
    np.savez(tmp, **result)
    tmp.replace(out)
    print(f"wrote a {grid}x{grid} slice to {args.out}", file=sys.stderr)
    return 0
