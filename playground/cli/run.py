"""`python main.py run [SESSION.json] [options] --steps N --out PATH`: train headless, write CSV.

Also home of the options every training command shares (:func:`add_training_options`) and of
:func:`session_from_args`, the session a command's flags describe.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

from ..core import limits
from .args import CliError, parse_floats, parse_int, parse_key_values

EXAMPLES = """\
examples:
  python main.py run --problem rosenbrock --optimizer adam --opt lr=0.05 --steps 500 --out adam.csv
  python main.py run --problem ravine --start -10,1 --optimizer sgd --opt lr=0.9 \\
        --opt momentum=0.9 --scheduler cosineannealinglr --sched T_max=300 --warmup 20 \\
        --steps 300 --out ravine.csv
  python main.py run --optimizer adam --opt betas=0.9,0.99 --scheduler multisteplr \\
        --sched milestones=40,80 --save my.json          # write the session, no training
  python main.py run my.json --steps 1000 --out runs/   # a session with several runs: a folder
  python main.py run my.json --opt lr=0.01 --steps 200 --out runs/   # flags override the file
  python main.py list                                    # every name and parameter
"""


def add_parser(sub) -> None:
    p = sub.add_parser("run", help="train headless and write CSV",
                       formatter_class=argparse.RawDescriptionHelpFormatter, epilog=EXAMPLES,
                       description="Train one or more runs headless, on a surface or a network. "
                                   "Flags given with a session file override it (applied to "
                                   "every run, or to the one named by --run).")
    add_training_options(p)
    p.add_argument("--out", help="CSV file (one run) or folder (several runs)")
    p.add_argument("--save", help="write the session these options describe to this file")


def add_training_options(p) -> None:
    """Options shared by `run` and `landscape`: session, surface, network, optimizer, schedule."""
    from .network import add_network_options
    from ..core.optim.optimizers import OPTIMIZERS
    from ..core.optim.schedulers import SCHEDULERS
    from ..core.surfaces.problem import CUSTOM, surface_names

    p.add_argument("session", nargs="?", help="session JSON file to start from")
    p.add_argument("--lesson", help="start from a built-in lesson (python main.py lessons)")
    p.add_argument("--part", default="1", help="which session of a lesson with several (default 1)")
    p.add_argument("--problem", help=f"surface: {', '.join(surface_names())}, {CUSTOM}")
    p.add_argument("--formula", help="f(x, y) for --problem custom, e.g. 'x^2 + 10*y^2'")
    p.add_argument("--view", help="view box xmin,xmax,ymin,ymax (custom surfaces)")
    p.add_argument("--start", help="start point X,Y (e.g. --start -1.5,2)")
    add_network_options(p)
    p.add_argument("--optimizer", help=f"one of: {', '.join(OPTIMIZERS.names())}")
    p.add_argument("--opt", action="append", default=[], metavar="KEY=VALUE",
                   help="optimizer hyperparameter, repeatable (lr=0.01, betas=0.9,0.99, "
                        "nesterov=true)")
    p.add_argument("--scheduler", help=f"one of: {', '.join(SCHEDULERS.names())}")
    p.add_argument("--sched", action="append", default=[], metavar="KEY=VALUE",
                   help="scheduler parameter, repeatable (T_max=300, milestones=40,80)")
    p.add_argument("--warmup", help="linear warmup steps (0: none)")
    p.add_argument("--warmup-start", help="warmup starts at this fraction of lr (default 0.01)")
    p.add_argument("--run", help="with a session: apply the flags only to the run of this name")
    p.add_argument("--name", help="run name (one run without a session)")
    p.add_argument("--steps", help="number of updates (default 500)")


# -- run ---------------------------------------------------------------------------------------


def session_from_args(args):
    """The session described by a session file (if any) with the flags applied on top."""
    from ..core.params import ParamError
    from ..core.surfaces.race import RunConfig
    from ..session.io import SessionError, load_session
    from ..session.model import Session

    try:
        if args.session and args.lesson:
            raise CliError("give a session file or --lesson, not both")
        if args.lesson:
            from ..lessons import lesson_sessions

            parts = lesson_sessions(args.lesson)
            part = parse_int(args.part, "--part", low=1)
            if part > len(parts):
                raise CliError(f"--part: lesson {args.lesson!r} has {len(parts)} part(s)")
            session = parts[part - 1]
        elif args.session:
            session = load_session(args.session)
        else:
            session = Session(name=args.name or "cli")
        from .network import apply_network_flags, wants_network

        if wants_network(args, session):
            apply_network_flags(session, args)
            apply_run_flags(session, args)
            return session
        if args.problem:
            session.problem = args.problem
        if args.formula is not None:
            session.formula = args.formula
        if args.view:
            session.view_box = parse_floats(args.view, "--view", 4)
        surface = session.surface()
        if not session.runs:
            session.add_run(RunConfig(args.name or "run", start=surface.start))
        apply_run_flags(session, args)
        return session
    except (ParamError, SessionError) as exc:
        raise CliError(str(exc)) from None


def apply_run_flags(session, args) -> None:
    """Apply --optimizer/--opt/--scheduler/--sched/--warmup/--start/--name (and, for networks,
    --batch-size) to every run of ``session`` or to the one --run names."""
    from ..core.optim.optimizers import OPTIMIZERS
    from ..core.optim.schedulers import SCHEDULERS

    targets = list(range(len(session.runs)))
    if args.run is not None:
        targets = [i for i, r in enumerate(session.runs) if r.name == args.run]
        if not targets:
            names = ", ".join(r.name for r in session.runs)
            raise CliError(f"--run: no run named {args.run!r}; runs: {names}")
    for i in targets:
        run = session.runs[i]
        changes = {}
        if args.optimizer:
            OPTIMIZERS.get(args.optimizer)
            if args.optimizer != run.optimizer:
                changes["opt"] = {}  # hyperparameters of another optimizer don't carry over
            changes["optimizer"] = args.optimizer
        if args.opt:
            opt = dict(changes.get("opt", run.opt))
            opt.update(parse_key_values(args.opt, OPTIMIZERS.get(changes.get("optimizer", run.optimizer)), "--opt"))
            changes["opt"] = opt
        if args.scheduler:
            SCHEDULERS.get(args.scheduler)
            if args.scheduler != run.scheduler:
                changes["sched"] = {}
            changes["scheduler"] = args.scheduler
        if args.sched:
            sched = dict(changes.get("sched", run.sched))
            sched.update(parse_key_values(args.sched, SCHEDULERS.get(changes.get("scheduler", run.scheduler)), "--sched"))
            changes["sched"] = sched
        if args.warmup is not None:
            changes["warmup"] = parse_int(args.warmup, "--warmup")
        if args.warmup_start is not None:
            changes["warmup_start"] = parse_floats(args.warmup_start, "--warmup-start", 1)[0]
        if args.start:
            if session.is_network:
                raise CliError("--start is for surfaces; a network starts from its initial weights (--seed)")
            changes["start"] = parse_floats(args.start, "--start", 2)
        if getattr(args, "batch_size", None) is not None:
            if not session.is_network:
                raise CliError("--batch-size is for networks (--dataset ...)")
            changes["batch_size"] = parse_int(args.batch_size, "--batch-size")
        if args.name and not args.session:
            changes["name"] = args.name
        if getattr(args, "seed", None) is not None and not session.is_network:
            changes["seed"] = parse_int(args.seed, "--seed")  # recorded; surfaces are deterministic
        session.runs[i] = replace(run, **changes).validated()


def command(args) -> int:
    from ..core.surfaces.race import DIVERGED, run_race

    session = session_from_args(args)
    if args.save:
        from ..session.io import save_session

        _check_writable_file(args.save, "--save")
        if args.session and os.path.abspath(args.save) == os.path.abspath(args.session):
            pass  # explicitly asked to update the input file
        save_session(session, args.save)
        print(f"saved session to {args.save}", file=sys.stderr)
        if args.out is None and args.steps is None:
            return 0
    if args.out is None:
        raise CliError("--out PATH is required (a CSV file, or a folder for several runs)")
    steps = parse_int(args.steps, "--steps", high=limits.MAX_STEPS) if args.steps is not None else 500
    if len(session.runs) == 1:
        _check_writable_file(args.out, "--out")
    if session.is_network:
        from .network import run_network

        return run_network(session, steps, args.out)
    histories, race = run_race(session.surface(), session.runs, steps, record="path")
    from ..core.export import history_csv

    csvs = {run.name: history_csv(h) for run, h in zip(race.runs, histories)}
    if len(session.runs) == 1:
        from ..session.io import write_atomic

        write_atomic(args.out, next(iter(csvs.values())))
    else:
        write_folder(args.out, csvs)
    for i, run in enumerate(race.runs):
        if race.status[i] == DIVERGED:
            last = race.diverged_at[i] - 1
            print(f"run {run.name!r} diverged at step {race.diverged_at[i]}: its CSV ends at "
                  f"the last finite row (step {last})", file=sys.stderr)
    return 0


def write_folder(out: str, csvs: dict[str, str]) -> None:
    """Write all CSVs into a new temporary folder, then move them into ``out`` together."""
    from ..core.export import unique_filenames

    target = Path(out)
    if target.exists() and not target.is_dir():
        raise CliError(f"--out: {out} is a file; several runs need a folder")
    names = unique_filenames(list(csvs))
    parent = target.parent if str(target.parent) else Path(".")
    if not parent.is_dir():
        raise CliError(f"--out: folder {parent} does not exist")
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=parent))
    try:
        for name, text in csvs.items():
            (tmp / names[name]).write_text(text, encoding="utf-8")
        target.mkdir(exist_ok=True)
        for fname in names.values():
            os.replace(tmp / fname, target / fname)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _check_writable_file(path: str, what: str) -> None:
    p = Path(path)
    if p.is_dir():
        raise CliError(f"{what}: {path} is a folder; give a file name")
    parent = p.parent if str(p.parent) else Path(".")
    if not parent.is_dir():
        raise CliError(f"{what}: folder {parent} does not exist")


