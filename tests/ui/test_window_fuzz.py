"""GUI fuzz (issue 12): odd sessions the loader accepts open in their window and play.

Accepted mutants of the session fuzzer's seeds are shown in a surface or network window
(offscreen), played 20 steps with frames drawn, scrubbed back and the window closed; any
exception (raised, or printed by Qt from a slot), worker error or thread left is a failure.
It found runs without a colour (pyqtgraph's mkPen("") raised while the window was built) and
colours Qt cannot read. scripts/fuzz_windows.py runs more cases.
"""

import os

from playground.session.model import Session
from playground.ui.window_fuzz import ACCEPTED, FAILED, check_window, fuzz_windows

SEED = int(os.environ.get("PLAYGROUND_FUZZ_SEED", "0"))


def test_thirty_accepted_odd_sessions_open_play_and_paint(make_window):
    tally = fuzz_windows(30, seed=SEED, steps=20)
    assert tally.tried == 30
    assert tally.counts[ACCEPTED] == 30, "\n".join(f"{o.kind}: {o.label} -> {o.detail}" for o in tally.failures)


def test_the_window_checker_reports_errors_qt_would_only_print(make_window, monkeypatch):
    from playground.ui.windows.surface import MainWindow

    real = MainWindow._draw

    def draws_badly(self):
        real(self)
        raise ZeroDivisionError("in a slot")

    monkeypatch.setattr(MainWindow, "_draw", draws_badly)
    outcome = check_window(Session(name="plain"), "plain", steps=3)
    assert outcome.kind == FAILED and "ZeroDivisionError" in outcome.detail
