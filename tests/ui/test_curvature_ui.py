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
    assert len(dashed) == 1  # 2/η only for gradient descent (Adam's limit is another matrix's)
    np.testing.assert_allclose(10 ** dashed[0][np.isfinite(dashed[0])], 2 / 0.05)
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
