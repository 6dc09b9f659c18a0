"""Render a window offscreen after N training steps (``python main.py shot``; the cli parses
the arguments and calls :func:`render` with plain values)."""

from __future__ import annotations

import os


def render(session_path: str | None, steps: int, out: str, size: tuple[int, int],
           lesson: str | None = None, part: int = 1, lang: str = "en", central: bool = False) -> None:
    """Write ``out``: the window (or, ``central``, only its central area) showing the session
    file, the lesson's part or the classic race after ``steps`` steps."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from .app import make_app
    from ..session.io import load_session
    from .windows import window_for
    from ..session.model import classic_race

    from .language import install

    app = make_app()
    install(lang)  # the shot's language, whatever the settings say
    if lesson:
        from ..lessons import lesson_sessions

        session = lesson_sessions(lesson)[part - 1]
    else:
        session = load_session(session_path) if session_path else classic_race("rosenbrock")
    window = window_for(session, session_path, autosave=False)
    window.resize(*size)
    window.show()
    app.processEvents()
    if (window.width(), window.height()) != tuple(size):
        # the window has a minimum size (from 1280x720 up its docks fit): a smaller picture
        # would be another size than asked, silently
        need = window.minimumSizeHint().expandedTo(window.minimumSize())
        window.controller.shutdown()
        window.close()
        raise ValueError(f"--size: this window needs at least {need.width()}x{need.height()}; "
                         f"{size[0]}x{size[1]} is smaller")
    if steps:
        window.controller.play(until=steps)
        if not window.controller.wait_idle(timeout=600):
            raise RuntimeError("training did not finish")
    app.processEvents()
    window.controller.mark_dirty()
    window.redraw()
    app.processEvents()
    ok = (window.centralWidget() if central else window).grab().save(out, "PNG")
    window.controller.shutdown()
    window.close()
    if not ok:
        raise OSError(f"could not write {out}")
