"""`python main.py analyze ...`: the curvature of a surface at a point, its critical points, or a
network's Hessian spectrum after N steps, printed as one JSON object on stdout."""

from __future__ import annotations

import argparse
import json
import math

from .args import CliError, parse_floats, parse_int
from .run import add_training_options, session_from_args

ANALYZE_EXAMPLES = """\
examples:
  python main.py analyze --problem tiny-net --at 0,0
  python main.py analyze --problem himmelblau --critical-points --box -5,5,-5,5
  python main.py analyze --dataset sine --layers 16,16 --optimizer sgd --opt lr=0.05 \\
        --batch-size 0 --steps 300 --top-k 5
  python main.py analyze my_network.json --run Adam --steps 200 --exact
"""


def add_parser(sub) -> None:
    p = sub.add_parser("analyze", help="curvature: a surface point, critical points, a network's "
                                       "Hessian spectrum (JSON)",
                       formatter_class=argparse.RawDescriptionHelpFormatter,
                       epilog=ANALYZE_EXAMPLES,
                       description="On a surface: --at X,Y prints the point's loss, gradient, "
                                   "Hessian, eigenvalues and verdict; --critical-points lists "
                                   "every critical point in --box. On a network: train --steps N "
                                   "(default 0), then print the top eigenvalues, trace, density "
                                   "of the full training loss's Hessian at one run's weights.")
    add_training_options(p)
    p.add_argument("--at", help="surface: the point X,Y")
    p.add_argument("--critical-points", action="store_true",
                   help="surface: list the critical points inside --box")
    p.add_argument("--box", help="x0,x1,y0,y1 for --critical-points (default: the surface's view)")
    p.add_argument("--top-k", default="5", help="network: eigenvalues to compute (1 to 50, default 5)")
    p.add_argument("--probes", default="30",
                   help="network: Hutchinson probes for the trace (2 to 10000, default 30)")
    p.add_argument("--exact", action="store_true",
                   help="network: also the exact Hessian's top eigenvalues (at most 2,000 "
                        "parameters)")


def command(args) -> int:
    session = session_from_args(args)
    doc = _network(session, args) if session.is_network else _surface(session, args)
    print(json.dumps(doc, allow_nan=False))
    return 0


def _surface(session, args) -> dict:
    from ..core.params import ParamError
    from ..core.surfaces.critical import find_critical_points, point_report

    if bool(args.at) == bool(args.critical_points):
        raise CliError("analyze on a surface needs exactly one of --at X,Y and --critical-points")
    if args.box and not args.critical_points:
        raise CliError("--box goes with --critical-points")
    surface = session.surface()
    try:
        if args.at:
            return point_report(surface, *parse_floats(args.at, "--at", 2))
        box = parse_floats(args.box, "--box", 4) if args.box else tuple(surface.view)
        points = find_critical_points(surface, box)
        return {"box": [float(v) for v in box],
                "critical_points": [point_report(surface, *p.point) for p in points]}
    except ParamError as exc:
        raise CliError(str(exc)) from None


def _network(session, args) -> dict:
    from ..core import limits
    from ..core.networks.hessian import MAX_EXACT_PARAMETERS, curvature_summary, exact_hessian
    from ..core.networks.race import DIVERGED, NetRace

    if args.at or args.critical_points or args.box:
        raise CliError("--at, --critical-points and --box are for surfaces, not networks")
    k = parse_int(args.top_k, "--top-k", low=1, high=50)
    probes = parse_int(args.probes, "--probes", low=2, high=10_000)
    steps = parse_int(args.steps, "--steps", high=limits.MAX_STEPS) if args.steps is not None else 0
    names = [r.name for r in session.runs]
    index = 0
    if args.run is not None:
        index = names.index(args.run)  # apply_run_flags has refused an unknown name already
    race = NetRace(session.network, session.runs, record_weights=False)
    if args.exact:  # refuse before training, not after
        size = sum(p.numel() for p in race.initial.parameters())
        if size > MAX_EXACT_PARAMETERS:
            raise CliError(f"--exact: the network has {size:,} parameters, too many for the "
                           f"exact Hessian (at most {MAX_EXACT_PARAMETERS:,})")
    for _ in race.play(steps):
        pass
    if race.status[index] == DIVERGED:
        raise CliError(f"run {names[index]!r} diverged at step {race.diverged_at[index]}: "
                       "its Hessian is not finite")
    op = race.hessian(index)
    if not math.isfinite(op.loss_value):
        raise CliError(f"run {names[index]!r}: the loss is not finite, nor is its Hessian")
    summary = curvature_summary(op, k, probes=probes, seed=session.network.init_seed)
    doc = {"run": names[index], "step": race.step_count, "loss": op.loss_value,
           **summary.as_dict(), "parameters": op.dim, "samples": len(race.dataset.x_train)}
    if args.exact:
        import torch

        H = exact_hessian(op.model, op.loss, op.x, op.y, op.weight_decay)  # the same float64 copy
        exact = torch.linalg.eigvalsh(H).flip(0)[:k]
        doc["exact_top_eigenvalues"] = [float(v) for v in exact]
    return doc
