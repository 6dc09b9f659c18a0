"""Curvature in the windows: the sharpness curve with its limit 2/η, the curvature dock (compute,
cancel, slice), critical points and the eigen-ellipse on surfaces."""

from dataclasses import replace

import numpy as np

from playground.core.networks.datasets import DataSpec
from playground.core.networks.model import NetworkSpec
from playground.core.networks.problem import NetProblem
from playground.core.networks.race import NetRunConfig
from playground.lessons.base import network_lesson_session


def small_network(sharpness_every=0):
    problem = NetProblem(DataSpec("sine", 80, 0.1), NetworkSpec.of([8], "tanh"), "mse",
                         sharpness_every=sharpness_every)
    return network_lesson_session(None, problem, [
        NetRunConfig("GD", "sgd", {"lr": 0.05}, batch_size=0),
        NetRunConfig("Adam", "adam", {"lr": 0.01}, batch_size=0)])


def test_sharpness_curve_and_its_limit_are_drawn(make_window):
    w = make_window(small_network())
    pane = w.curves_view.plots["sharpness"]
    w.controller.play(until=5)
    assert w.controller.wait_idle(30)
    w.redraw()
    assert w.curves_view.empty_note["sharpness"].isVisible()  # off: the pane says how to turn it on
    assert not w.curves_view.layers["sharpness"].lines or not any(
        np.isfinite(line[2]).any() for line in w.curves_view.layers["sharpness"].lines)
    # the Data dock's field turns it on (and restarts the race)
    w.data_panel.sharpness.setValue(5)
    w.data_panel.sharpness.editingFinished.emit()
    assert w.controller.session.network.sharpness_every == 5
    w.controller.play(until=20)
    assert w.controller.wait_idle(60)
    w.redraw()
    lines = w.curves_view.layers["sharpness"].lines
    solid = [line[2] for line in lines if len(line) == 3 and np.isfinite(line[2]).any()]
    dashed = [line[2] for line in lines if line[3:] == (True,) and np.isfinite(line[2]).any()]
    assert len(solid) == 2  # both runs' sharpness
    assert len(dashed) == 2  # GD's 2/η; Adam's limit of its preconditioned sharpness, 38/η
    np.testing.assert_allclose(10 ** dashed[0][np.isfinite(dashed[0])], 2 / 0.05)
    np.testing.assert_allclose(10 ** dashed[1][np.isfinite(dashed[1])], 38 / 0.01)
    assert not w.curves_view.empty_note["sharpness"].isVisible()
    h = w.controller.histories()[0]
    assert np.isfinite(h["sharpness"][[0, 5, 10, 15, 20]]).all()
    lo, hi = pane.getViewBox().viewRange()[1]
    assert lo < np.log10(np.nanmin(h["sharpness"])) and np.log10(2 / 0.05) < hi  # both in view


def _wait(qtbot, dock, timeout=60_000):
    qtbot.waitUntil(lambda: not dock.busy, timeout=timeout)


def test_curvature_dock_computes_the_spectrum_at_the_shown_step(qtbot, make_window):
    import torch

    from playground.core.networks.hessian import exact_hessian

    w = make_window(small_network())
    w.controller.play(until=40)
    assert w.controller.wait_idle(30)
    w.controller.scrub(20)  # the dock analyses the step shown, not the newest
    dock = w.curvature
    dock.k.setValue(3)
    dock.compute.click()
    assert dock.busy and dock.cancel.isEnabled() and not dock.compute.isEnabled()
    _wait(qtbot, dock)
    r = dock.result
    assert r is not None and dock.progress.value() == 1000 and not dock.cancel.isEnabled()
    op = w.controller.race.hessian(0, 20)
    exact = torch.linalg.eigvalsh(exact_hessian(op.model, op.loss, op.x, op.y)).flip(0)[:3]
    # Lanczos stops when each residual is below 1e-3·λ_max: each value is within that of H's
    np.testing.assert_allclose(r["top_eigenvalues"], exact.numpy(), rtol=0, atol=1e-3 * float(exact[0]))
    assert "step 20" in dock.numbers.text() and "2/η" in dock.numbers.text()
    # the density is drawn (log axis: all values > 0) and the slice rises on both sides
    x, y = dock.density.xData, dock.density.yData  # as given (getData: log-transformed)
    assert len(x) > 10 and (y > 0).all()
    a, loss = dock.slice.getData()
    mid = len(a) // 2
    assert loss[0] > loss[mid] < loss[-1] and abs(loss[mid] - r["loss"]) < 1e-4
    # a change to the network clears the result (it was about weights that are gone)
    w.data_panel.sharpness.setValue(3)
    w.data_panel.sharpness.editingFinished.emit()
    assert dock.result is None and dock.numbers.text() == ""


def test_curvature_dock_cancels_and_never_freezes(qtbot, make_window):
    from playground.ui.jobs import THREADS

    problem = NetProblem(DataSpec("sine", 1500, 0.1), NetworkSpec.of([64, 64], "tanh"), "mse")
    w = make_window(network_lesson_session(None, problem, [NetRunConfig("GD", "sgd", {"lr": 0.05}, batch_size=0)]))
    dock = w.curvature
    dock.probes.setValue(1000)  # far more work than the test waits for
    dock.compute.click()
    qtbot.waitUntil(lambda: dock.progress.value() > 0, timeout=30_000)
    ticks = []
    from PySide6.QtCore import QTimer

    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(10)
    qtbot.wait(300)  # the GUI thread keeps running its event loop while the worker computes
    timer.stop()
    assert len(ticks) >= 10 and dock.busy
    dock.cancel.click()
    _wait(qtbot, dock, 20_000)
    assert dock.result is None and "Cancelled" in dock.note.text()
    assert dock.compute.isEnabled()
    w.close()
    assert not any(t.isRunning() for t in THREADS if t.objectName() == "curvature-worker")


def test_find_critical_points_lists_and_marks_them(qtbot, make_window):
    from playground.session.model import classic_race

    w = make_window(classic_race("himmelblau"))
    w.surface_view.plot.setRange(xRange=(-5, 5), yRange=(-5, 5), padding=0)
    panel = w.critical
    panel.find.click()
    assert panel.busy and not panel.find.isEnabled()
    qtbot.waitUntil(lambda: not panel.busy, timeout=60_000)
    kinds = sorted(panel.table.item(r, 0).text() for r in range(panel.table.rowCount()))
    assert kinds == ["maximum"] + ["minimum"] * 4 + ["saddle"] * 4
    marks = w.surface_view.curvature
    assert len(marks.points.data) == 9
    x, y = marks.points.getData()
    assert any(abs(a - 3) < 1e-6 and abs(b - 2) < 1e-6 for a, b in zip(x, y))  # (3, 2) marked
    assert "maximum × 1" in panel.note.text()
    panel.table.selectRow(0)
    rx, ry = marks.ring.getData()
    assert (rx[0], ry[0]) == panel.points[0].point
    # another surface: the list and the marks are of the old one, so they go
    w.set_surface("bowl")
    assert panel.table.rowCount() == 0 and len(marks.points.data) == 0


def test_critical_point_search_can_be_cancelled(qtbot, make_window):
    from playground.session.model import classic_race

    w = make_window(classic_race("rastrigin"))
    panel = w.critical
    panel.find.click()
    panel.cancel.click()
    qtbot.waitUntil(lambda: not panel.busy, timeout=30_000)
    assert "Cancelled" in panel.note.text() and panel.table.rowCount() == 0


def test_the_eigen_ellipse_at_a_saddle_has_its_falling_axis_dashed(qtbot, make_window):
    from PySide6.QtCore import Qt

    from playground.lessons import lesson_sessions

    w = make_window(lesson_sessions("saddle-point")[0])
    w.docks["inspector"].raise_()
    w.controller.play(until=2)
    assert w.controller.wait_idle(30)
    w.redraw()
    marks = w.surface_view.curvature
    point, lam, vecs = marks._ellipse
    np.testing.assert_allclose(point, [0, 0], atol=1e-12)
    np.testing.assert_allclose(lam, [-2, 2])
    styles = [axis.opts["pen"].style() for axis in marks.axes]
    assert styles == [Qt.DashLine, Qt.SolidLine]  # λ = −2 dashed (the escape), λ = 2 solid
    x, y = marks.axes[0].getData()
    direction = np.array([x[1] - x[0], y[1] - y[0]])
    assert abs(abs(direction @ [1, 1]) / np.linalg.norm(direction) - 2**0.5) < 1e-9  # along (1, 1)
    ox, oy = marks.outline.getData()
    assert len(ox) > 50 and marks.outline.opts["pen"].style() == Qt.DashLine  # not a minimum


def test_ellipse_axes_scale_with_one_over_root_lambda():
    from playground.ui.views.curvature_marks import MAX_AXIS_RATIO, ellipse_axes

    np.testing.assert_allclose(ellipse_axes([1.0, 4.0], 2.0), [2.0, 1.0])  # 1/√1 : 1/√4
    np.testing.assert_allclose(ellipse_axes([-9.0, 1.0], 3.0), [1.0, 3.0])  # |λ|
    np.testing.assert_allclose(ellipse_axes([0.0, 1.0], 1.0), [1.0, 1 / MAX_AXIS_RATIO])
