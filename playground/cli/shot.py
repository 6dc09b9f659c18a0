"""`python main.py shot`: parse the arguments here, render with the ui (imported lazily)."""

from __future__ import annotations

import sys

from ..core import limits
from .args import CliError, parse_int


def add_parser(sub) -> None:
    p = sub.add_parser("shot", help="render the main window to a PNG (offscreen)")
    p.add_argument("session", nargs="?")
    p.add_argument("--lesson", help="render a built-in lesson instead of a session file")
    p.add_argument("--part", default="1", help="which part of the lesson (default 1)")
    p.add_argument("--steps", help="training steps before the shot (default 200)")
    p.add_argument("--out", required=True, help="PNG file")
    p.add_argument("--size", default="1600x1000", help="window size WxH (default 1600x1000)")
    p.add_argument("--lang", choices=("en", "zh"), default="en",
                   help="interface language (default en; zh: 简体中文)")
    p.add_argument("--central", action="store_true",
                   help="only the central area (the surface; the network and its output), "
                        "not the whole window: the lesson thumbnails")


def command(args) -> int:
    from ..core.params import ParamError
    from ..session.io import SessionError

    try:
        w, h = (int(v) for v in args.size.lower().split("x"))
        if not (200 <= w <= limits.MAX_IMAGE_SIDE and 200 <= h <= limits.MAX_IMAGE_SIDE):
            raise ValueError
    except ValueError:
        raise CliError(f"--size: {limits.quoted(args.size)} is not WxH (each side from 200 to "
                       f"{limits.MAX_IMAGE_SIDE})") from None
    steps = parse_int(args.steps, "--steps", high=limits.MAX_STEPS) if args.steps is not None else 200
    part = parse_int(args.part, "--part", low=1)
    try:
        from ..ui.shot import render  # the one allowed cli -> ui edge (lazy: Qt loads only here)

        render(args.session, steps, args.out, (w, h), args.lesson, part, args.lang, args.central)
    except (SessionError, ParamError, IndexError, ValueError) as exc:
        raise CliError(str(exc)) from None
    except OSError as exc:
        raise CliError(str(exc)) from None
    print(f"wrote {args.out}", file=sys.stderr)
    return 0
