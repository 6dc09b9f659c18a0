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
