"""Command line: run anything the app runs, without a display.

``python main.py run [SESSION.json] [options] --steps N --out PATH`` trains and writes CSV;
``python main.py landscape ...`` writes a 2-D loss slice around a network's weights;
``python main.py analyze ...`` prints curvature (a surface point, critical points, a network's
Hessian spectrum) as JSON;
``python main.py list`` prints every surface, optimizer and scheduler with its parameters;
``python main.py lessons [--check]`` lists (and checks) the built-in lessons;
``python main.py shot ...`` renders the main window to a PNG.
Bad input of any kind ends with one line on stderr and exit status 2, never a traceback.

One module per command; each has ``add_parser(subparsers)`` and ``command(args) -> int``.
The cli may import the ui only lazily, inside a function, to open the app or render a shot.
"""

from __future__ import annotations

import argparse
import sys

from . import analyze, landscape, lessons, listing, run, shot
from .args import CliError, Parser, join_negative_values

#: subcommand name -> its module, in the order ``--help`` lists them
COMMANDS = {"run": run, "landscape": landscape, "analyze": analyze, "list": listing,
            "lessons": lessons, "shot": shot}


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(prog="python main.py", formatter_class=argparse.RawDescriptionHelpFormatter,
                    description="Optimization Playground. Without a subcommand: open the app "
                                "(optionally on SESSION.json).", epilog=run.EXAMPLES)
    sub = parser.add_subparsers(dest="command", parser_class=Parser)
    for module in COMMANDS.values():
        module.add_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        if not argv or (argv[0].endswith(".json") and len(argv) == 1):
            return open_app(argv[0] if argv else None)
        parser = build_parser()
        args = parser.parse_args(join_negative_values(argv))
        if args.command in COMMANDS:
            return COMMANDS[args.command].command(args)
        parser.print_help()
        return 2
    except CliError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


def open_app(session_path: str | None) -> int:
    """Open the desktop window (the UI package), optionally on a session file."""
    try:
        from ..ui.app import run_app
    except ImportError as exc:  # e.g. Qt's system libraries are missing
        print(f"error: cannot start the desktop app ({exc}); the command line still works: "
              "python main.py run --help", file=sys.stderr)
        return 2
    return run_app(session_path)
