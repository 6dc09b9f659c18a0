"""GUI fuzz: odd sessions the loader accepts, opened in their window and played a few frames.

The session fuzzer (:mod:`playground.session.fuzzing`) proves that every mutant is refused or
trains headless; this proves that an accepted one can also be shown. Each accepted mutant gets
a window of its kind (offscreen), plays ``steps`` steps, draws frames along the way, is
scrubbed back to its start and closed. A case fails on any exception: raised, printed by Qt
from a slot (caught by a temporary ``sys.excepthook``), or reported by the training worker;
and when a worker thread outlives its window. Used by tests/ui/test_window_fuzz.py (a few
dozen cases) and scripts/fuzz_windows.py (as many as asked).
"""

from __future__ import annotations

import sys
import tempfile
import time
import warnings
from contextlib import contextmanager
from pathlib import Path

from PySide6.QtWidgets import QApplication, QMessageBox

from ..core import limits
from ..session import fuzzing
from ..session.fuzzing import ACCEPTED, FAILED, HUNG, REFUSED, Outcome, Tally


@contextmanager
def _caught_slot_errors(errors: list[str]):
    """Collect exceptions Qt would only print (raised inside slots called by the event loop)."""
    old = sys.excepthook
    sys.excepthook = lambda kind, exc, tb: errors.append(f"{kind.__name__}: {exc}")
    try:
        yield
    finally:
        sys.excepthook = old


@contextmanager
def _no_dialogs():
    """A fuzzed session must never wait for a click: every question is answered No/Discard."""
    saved = {name: getattr(QMessageBox, name) for name in ("question", "warning", "information")}
    QMessageBox.question = staticmethod(lambda *a, **k: QMessageBox.Discard)
    QMessageBox.warning = QMessageBox.information = staticmethod(lambda *a, **k: QMessageBox.Ok)
    try:
        yield
    finally:
        for name, value in saved.items():
            setattr(QMessageBox, name, value)


def check_window(session, label: str = "", steps: int = 20, seconds: float = 20.0,
                 windows: dict | None = None) -> Outcome:
    """Show ``session`` in a window of its kind, play ``steps`` steps drawing frames, scrub.

    ``windows`` (kind -> window) keeps one window per kind open between cases: a session is then
    loaded into it as File ▸ Open does (building a window costs seconds). Without it, a new
    window is built and closed.
    """
    from .controller import THREADS
    from .windows import problem_kind, window_for

    errors: list[str] = []
    before = set(THREADS)
    window = None
    own = windows is None
    windows = {} if own else windows
    with _caught_slot_errors(errors), _no_dialogs(), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            window = windows.get(problem_kind(session))
            if window is None:
                window = windows[problem_kind(session)] = window_for(session, None, autosave=False)
                window.resize(1000, 700)
                window.show()
                window.controller.message.connect(
                    lambda m: errors.append(m) if m.startswith("Training stopped") else None)
            else:
                window.controller.load_session(session, None)
                if window.view_error is not None:
                    raise window.view_error
            _play(window, steps, seconds, errors)
        except Exception as exc:  # noqa: BLE001 - the finding
            errors.append(f"{type(exc).__name__}: {exc}")
            windows.pop(problem_kind(session), None)  # never reuse a window in an unknown state
            own = True
        finally:
            if own and window is not None:
                close(window)
    if own:
        left = [t.objectName() for t in THREADS - before if t.isRunning()]
        if left:
            errors.append(f"threads left running: {left}")
    if errors:
        kind = HUNG if any("still training" in e for e in errors) else FAILED
        return Outcome(kind, limits.clip(errors[0], 200), label)
    return Outcome(ACCEPTED, "", label)


def _play(window, steps: int, seconds: float, errors: list[str]) -> None:
    controller = window.controller
    controller.play(until=steps)
    end = time.perf_counter() + seconds
    while controller.playing and time.perf_counter() < end:
        QApplication.processEvents()
        window.redraw()
        time.sleep(0.005)
    if controller.playing:
        errors.append(f"still training after {seconds:g} s")
    controller.wait_idle(seconds)
    window.redraw()
    window.grab()
    controller.scrub(0)
    window.redraw()
    window.grab()


def close(window) -> None:
    window.close()
    window.controller.shutdown()
    window.deleteLater()
    QApplication.processEvents()


def fuzz_windows(n: int, seed: int = 0, steps: int = 20, tries: int | None = None) -> Tally:
    """Open ``n`` accepted mutants (from at most ``tries`` mutants) in their windows."""
    from ..session.io import SessionError, session_from_bytes

    tally = Tally()
    windows: dict = {}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        mutator = fuzzing.Mutator(fuzzing.seed_documents(work), [str(work / "missing.csv"), "", "x"], seed)
        for _ in range(tries or 50 * n):
            if tally.tried >= n:
                break
            label, data = mutator.case()
            try:
                with fuzzing.time_limit(5):
                    session = session_from_bytes(data)
            except (SessionError, fuzzing.CaseTimeout):
                continue  # refusals are the session fuzzer's business
            tally.add(check_window(session, label, steps, windows=windows))
        for window in windows.values():
            close(window)
    return tally


__all__ = ["ACCEPTED", "FAILED", "HUNG", "REFUSED", "check_window", "fuzz_windows"]
