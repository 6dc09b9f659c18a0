"""Issue 12: the painter never gets non-finite or astronomically large coordinates. A run with
lr = 2⁶³ once sent ~1e19 to QPainter.drawLines and the process died (a segfault: if this file
crashes the test process, that is the failure)."""

from dataclasses import replace

import numpy as np
import pytest
from PySide6.QtWidgets import QApplication

from playground.core.history import History
from playground.core.networks.race import NetRunConfig
from playground.core.surfaces.race import RunConfig
from playground.session.model import Session, classic_network

@pytest.fixture(autouse=True)
def layout_left_as_found():
    """These tests show every dock; closing a window remembers its layout, which the next test's
    window would restore (the 3-D dock open): put the stored layout back."""
    from playground.ui.session_files import settings

    keys = [f"{kind}/{what}" for kind in ("surface", "network") for what in ("geometry", "windowState")]
    stored = {k: settings().value(k) for k in keys}
    yield
    for k, v in stored.items():
        settings().remove(k) if v is None else settings().setValue(k, v)


EXTREMES = [0.0, 1.0, 1e19, -1e19, 2.0**63, 1e300, -1e308, np.inf, -np.inf, np.nan, 1e-320, 5.0]


def _extreme_history(n: int = 400, seed: int = 0) -> History:
    rng = np.random.default_rng(seed)
    pick = lambda *shape: rng.choice(EXTREMES, size=shape)  # noqa: E731
    return History.from_dict({"step": np.arange(n, dtype=float), "pos": pick(n, 2), "loss": pick(n),
                              "lr": pick(n), "grad": pick(n, 2), "exp_avg": pick(n, 2),
                              "momentum_buffer": pick(n, 2)})


def _paint_everything(w, path=None):
    for dock in w.docks.values():
        dock.show()
    w.controller.mark_dirty()
    w.redraw()
    QApplication.processEvents()
    image = w.grab()
    if path:
        image.save(str(path))
    return image


def test_runs_at_the_largest_learning_rate_play_and_paint(qtbot, make_window, tmp_path):
    session = Session(name="huge lr", problem="rosenbrock")
    for optimizer in ("sgd", "adam", "rmsprop", "adagrad"):
        session.add_run(RunConfig(optimizer, optimizer, {"lr": 1e6}, start=(-1.5, 2.0)))
    w = make_window(session)
    w.controller.play(until=300)
    assert w.controller.wait_idle(60)
    assert not _paint_everything(w, tmp_path / "huge.png").isNull()
    for step in (0, 1, 2, 3, 10, 299):  # scrub through the explosion
        w.controller.scrub(step)
        _paint_everything(w)


@pytest.mark.parametrize("problem", ["saddle", "bowl", "beale"])
def test_diverging_runs_on_unbounded_surfaces_paint(qtbot, make_window, problem):
    session = Session(name=problem, problem=problem)
    session.add_run(RunConfig("sgd", "sgd", {"lr": 1e6}, start=(0.5, 0.5)))
    session.add_run(RunConfig("calm", "sgd", {"lr": 1e-3}, start=(0.5, 0.5)))
    w = make_window(session)
    w.controller.play(until=200)
    assert w.controller.wait_idle(60)
    _paint_everything(w)


def test_histories_full_of_extreme_values_paint_in_every_view(qtbot, make_window, tmp_path):
    session = Session(name="extremes", problem="rosenbrock")
    for k in range(3):
        session.add_run(RunConfig(f"run {k}", "adam", {"lr": 0.1}, start=(0.0, 0.0)))
    w = make_window(session)
    histories = [_extreme_history(400, seed) for seed in range(3)]
    runs = w.controller.session.runs
    for step in (0, 1, 5, 399):
        w.surface_view.update_runs(histories, runs, step, set(), {"gradient": True, "momentum": True,
                                                                  "update": True})
        w.curves_view.update_runs(histories, runs, step, set())
        w.view3d.update_runs(histories, runs, step, set())
        assert not w.grab().isNull()


def test_a_network_at_the_largest_learning_rate_plays_and_paints(qtbot, make_window, tmp_path):
    session = classic_network("spirals")
    session.runs = [replace(r, opt={**r.opt, "lr": 1e6}) for r in session.runs]
    session.add_run(NetRunConfig("calm", "sgd", {"lr": 0.01}))
    w = make_window(session)
    w.controller.play(until=40)
    assert w.controller.wait_idle(120)
    _paint_everything(w, tmp_path / "net.png")
    w.controller.scrub(1)
    _paint_everything(w)
