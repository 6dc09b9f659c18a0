"""What makes frames cheap, tested as behaviour (speed itself is measured by
benchmarks/gui_responsiveness.py): a cached backdrop, hidden docks skipped, screen-resolution
curves that keep every spike, bounded painting, and the issue-8 pictures fixed on the way."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtGui import QTransform
from PySide6.QtWidgets import QApplication

from playground.core.history import History
from playground.core.surfaces.problem import get_surface
from playground.session.model import classic_race
from playground.ui.views.painting import PIXEL_LIMIT, minmax_decimate, to_device


def _paint():
    for _ in range(3):
        QApplication.processEvents()


def _history(n: int, seed: int = 0) -> History:
    """A synthetic run of ``n`` steps spiralling into the origin."""
    t = np.arange(n, dtype=float)
    r = 1.5 * np.exp(-t / max(n / 4, 1))
    pos = np.column_stack([r * np.cos(t / 7), r * np.sin(t / 7)])
    grad = np.vstack([[np.nan, np.nan], 2 * pos[:-1]])
    return History.from_dict({"step": t, "pos": pos, "loss": (pos ** 2).sum(1) + 1e-3,
                              "lr": np.full(n, 0.1), "grad": grad})


# -- the backdrop ----------------------------------------------------------------------------
def test_backdrop_is_not_re_rendered_when_only_runs_move(make_window):
    w = make_window()
    w.redraw()
    _paint()
    backdrop = w.surface_view.backdrop
    renders = backdrop.renders
    assert renders >= 1 and w.surface_view.layer.points_painted == 0
    w.controller.play(until=30)
    assert w.controller.wait_idle()
    for _ in range(3):
        w.controller.mark_dirty()
        w.redraw()
        _paint()
    assert w.surface_view.layer.points_painted > 0  # the runs were painted ...
    assert backdrop.renders == renders  # ... over the same cached picture
    w.surface_view.plot.setRange(xRange=(-1, 1), yRange=(0, 2), padding=0)  # zoom: re-render
    _paint()
    assert backdrop.renders > renders


def test_changing_the_surface_leaves_no_stale_contours(make_window):
    """Issue 8, item 1: himmelblau's contours stayed drawn over the next surface."""
    w = make_window(classic_race("himmelblau"))
    w.set_surface("ravine")
    _paint()
    after = w.surface_view.backdrop._cache.copy()
    fresh = make_window(classic_race("ravine"))
    _paint()
    assert fresh.surface_view.backdrop._cache == after
    assert len(w.surface_view.backdrop.contours) == len(fresh.surface_view.backdrop.contours)


def test_a_long_title_does_not_widen_the_view(make_window):
    """Issue 8, item 2: a long title pushed the colour bar off-screen, for every later surface."""
    w = make_window()
    view = w.surface_view
    w.set_surface("custom", "x^2 + 10*y^2 + " + " + ".join(f"0*x^{k}" for k in range(2, 40)))
    _paint()
    assert view.plot.sceneBoundingRect().right() <= view.width() + 1
    w.set_surface("himmelblau")
    _paint()
    assert view.colorbar.sceneBoundingRect().right() <= view.width() + 1
    x0, x1 = view.plot.viewRange()[0]
    assert x0 < -4 and x1 > 4  # himmelblau's whole box, not x ≤ 0 only


# -- hidden docks ----------------------------------------------------------------------------
def test_a_hidden_dock_is_not_drawn(make_window, monkeypatch):
    w = make_window()
    calls = []
    original = w.curves_view.draw
    monkeypatch.setattr(w.curves_view, "draw", lambda frame: (calls.append(frame.step), original(frame)))
    w.controller.play(until=20)
    assert w.controller.wait_idle()
    w.docks["curves"].hide()
    calls.clear()  # frames drawn while training
    w.controller.mark_dirty()
    w.redraw()
    assert calls == []
    w.docks["curves"].show()
    _paint()  # shown again: a frame is due (the frame clock may draw it here) ...
    w.redraw()
    assert calls == [20]  # ... and draws the dock once, at the current step


# -- curves at screen resolution -------------------------------------------------------------
def test_decimation_keeps_every_local_extremum():
    rng = np.random.default_rng(1)
    x = np.arange(100_000, dtype=float)
    y = 1 + 0.01 * rng.random(len(x))
    y[31_337] = 1000.0  # one step a thousand times the rest
    y[77_000] = 1e-3
    y[50_000:50_010] = np.nan  # a gap stays a gap
    dx, dy = minmax_decimate(x, y, 0.0, x[-1], 400)
    assert len(dx) <= 2 * 400 * 2 + 10
    assert 1000.0 in dy and 1e-3 in dy and dx[list(dy).index(1000.0)] == 31_337
    assert np.isnan(dy).any()
    # every column's min and max are kept
    col = np.clip((x / x[-1] * 400).astype(int), 0, 399)
    kept = set(zip(dx.tolist(), dy.tolist()))
    for c in range(0, 400, 37):
        sel = (col == c) & np.isfinite(y)
        i, j = np.flatnonzero(sel)[np.argmin(y[sel])], np.flatnonzero(sel)[np.argmax(y[sel])]
        assert (x[i], y[i]) in kept and (x[j], y[j]) in kept


def test_a_one_step_spike_survives_in_the_curves_view(qtbot):
    from playground.ui.app import make_app
    from playground.ui.views.curves_view import CurvesView

    make_app()
    view = CurvesView()
    qtbot.addWidget(view)
    view.resize(500, 400)
    view.show()
    runs = classic_race("rosenbrock").runs[:1]
    h = _history(50_000)
    h["loss"][20_001] = 1000 * h["loss"][20_000]
    view.set_runs(runs)
    view.update_runs([h], runs, 49_999, set())
    _paint()
    color, x, y = view.layers["loss"].lines[0]  # on a log axis: log10 of the values
    assert len(x) <= 4 * view.plots["loss"].getViewBox().width() + 10
    assert np.nanmax(10 ** y) == pytest.approx(h["loss"][20_001])
    assert 0 < view.layers["loss"].points_painted <= len(x)


# -- bounded painting ------------------------------------------------------------------------
def test_points_painted_do_not_grow_with_history_length(qtbot):
    from playground.ui.app import make_app
    from playground.ui.views.surface_view import SurfaceView

    make_app()
    view = SurfaceView()
    qtbot.addWidget(view)
    view.resize(800, 600)
    view.show()
    session = classic_race("rosenbrock")
    view.set_surface(get_surface("rosenbrock"))
    painted = []
    for n in (5_000, 200_000):
        runs = session.runs
        view.set_runs(runs, movable=False)
        view.update_runs([_history(n, k) for k in range(len(runs))], runs, n - 1, set(), {})
        _paint()
        painted.append(view.layer.points_painted)
    assert 0 < painted[1] <= painted[0] * 1.1


def test_device_coordinates_are_finite_and_clipped():
    """QPainter crashed on coordinates near 1e19 (issue 12): they never reach it."""
    tr = QTransform(100, 0, 0, -100, 400, 300)
    px = to_device(tr, np.array([[0, 0], [1e19, -1e19], [np.inf, 0], [np.nan, 1], [1, 1]]))
    assert len(px) == 3 and np.all(np.abs(px) <= PIXEL_LIMIT)


# -- honest arrows ---------------------------------------------------------------------------
def test_arrow_length_shows_the_gradient_magnitude(make_window):
    """Issue 8, item 9: a gradient of 1e-10 was drawn as long as one at the start."""
    w = make_window()
    view = w.surface_view
    h = _history(3)
    lengths = {}
    for g in (1000.0, 100.0, 1.0, 1e-10):  # rosenbrock's full scale: about 500
        h["grad"][2] = [g, 0.0]
        arrows = view._arrows(h, 2, {"gradient": True, "momentum": False, "update": False})
        lengths[g] = arrows["gradient"][2] if "gradient" in arrows else 0.0
    assert lengths[1000.0] >= lengths[100.0] > lengths[1.0] > lengths[1e-10] == 0.0


def test_incremental_decimation_equals_decimating_everything():
    from playground.ui.views.curves_view import DecimatedSeries, series

    h = _history(30_000)
    h["loss"][12_345] = 1e6
    cached = DecimatedSeries(series, "loss", True)
    for n in (10, 500, 4_000, 4_001, 17_000, 30_000, 29_990, 12_000, 12_345, 30_000):  # play, scrub
        x, y = cached.get(h, n, 50_000.0, 300)
        fx, fy = minmax_decimate(h.steps_of_rows()[:n], h["loss"][:n], 0.0, 50_000.0, 300, always=True)
        np.testing.assert_array_equal(x, fx)
        np.testing.assert_array_equal(y, fy)
    assert 1e6 in y and len(x) <= 2 * 300 + 2


def test_curves_name_their_runs(make_window):
    """Issue 8, item 7: the curves had no legend."""
    w = make_window()
    text = w.curves_view.legend.text
    assert all(run.name in text and run.color in text for run in w.controller.session.runs)
