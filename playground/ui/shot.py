"""`python main.py shot`: render the main window offscreen after N training steps."""

from __future__ import annotations

import os
import sys


def render(session_path: str | None, steps: int, out: str, size: tuple[int, int],
           lesson: str | None = None, part: int = 1) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from .app import make_app
    from ..session.io import load_session
    from .windows import window_for
    from ..session.model import classic_race

    app = make_app()
    if lesson:
        from ..core.lessons import lesson_sessions

        session = lesson_sessions(lesson)[part - 1]
    else:
        session = load_session(session_path) if session_path else classic_race("rosenbrock")
    window = window_for(session, session_path, autosave=False)
    window.resize(*size)
    window.show()
    app.processEvents()
    if steps:
        window.controller.play(until=steps)
        if not window.controller.wait_idle(timeout=600):
            raise RuntimeError("training did not finish")
    app.processEvents()
    window.controller.mark_dirty()
    window.redraw()
    app.processEvents()
    ok = window.grab().save(out, "PNG")
    window.controller.shutdown()
    window.close()
    if not ok:
        raise OSError(f"could not write {out}")


def cmd_shot(args) -> int:
    from ..cli import CliError, _int
    from ..core.params import ParamError
    from ..session.io import SessionError

    try:
        w, h = (int(v) for v in args.size.lower().split("x"))
        if w < 200 or h < 200:
            raise ValueError
    except ValueError:
        raise CliError(f"--size: {args.size!r} is not WxH (at least 200x200)") from None
    steps = _int(args.steps, "--steps") if args.steps is not None else 200
    try:
        render(args.session, steps, args.out, (w, h), args.lesson, _int(args.part, "--part", low=1))
    except (SessionError, ParamError, IndexError) as exc:
        raise CliError(str(exc)) from None
    except OSError as exc:
        raise CliError(str(exc)) from None
    print(f"wrote {args.out}", file=sys.stderr)
    return 0
