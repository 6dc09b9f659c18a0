"""The network window, driven as a user would: build by clicking, change data, train, slice."""

from dataclasses import replace

import numpy as np
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QMessageBox

from playground.core.networks.model import NetworkSpec
from playground.session.io import load_session
from playground.session.model import classic_network, classic_race


def click(qtbot, widget, point):
    qtbot.mouseClick(widget, Qt.LeftButton, pos=QPoint(int(point.x()), int(point.y())))


def test_opens_on_a_network_race(make_window):
    w = make_window(classic_network("circles"))
    assert type(w).__name__ == "NetworkWindow"
    assert [r.name for r in w.controller.session.runs] == ["SGD", "Momentum", "Adagrad", "RMSProp", "Adam"]
    assert w.builder.canvas.inputs == ["x1", "x2"] and w.builder.canvas.outputs == 2
    assert set(w.docks) == {"runs", "optimizer", "data", "curves", "landscape", "curvature", "lesson"}


def test_clicking_the_builder_adds_neurons_and_layers(qtbot, make_window):
    w = make_window(classic_network("circles"))
    canvas = w.builder.canvas
    canvas.grab()  # lay out the clickable parts
    plus = next(rect for rect, layer, delta in canvas._buttons if layer == 1 and delta == 1)
    click(qtbot, canvas, plus.center())
    assert [l.width for l in w.controller.session.network.network.layers] == [8, 9]
    canvas.grab()
    minus = next(rect for rect, layer, delta in canvas._buttons if layer == 0 and delta == -1)
    click(qtbot, canvas, minus.center())
    assert [l.width for l in w.controller.session.network.network.layers] == [7, 9]
    w.builder.add_layer.click()
    assert len(w.controller.session.network.network.layers) == 3
    w.builder.activation.setCurrentText("relu")
    w.builder.activation.activated.emit(w.builder.activation.currentIndex())
    assert w.controller.session.network.network.layers[w.builder.selected].activation == "relu"
    w.builder.batchnorm.setChecked(True)
    assert w.controller.session.network.network.layers[w.builder.selected].batchnorm
    w.builder.remove_layer.click()
    assert len(w.controller.session.network.network.layers) == 2


def test_architecture_change_mid_training_asks_and_refusals_explain(qtbot, make_window, monkeypatch):
    w = make_window(classic_network("circles"))
    w.controller.play(until=10)
    assert w.controller.wait_idle(20)
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.No))
    w.builder.add_layer.click()
    assert len(w.controller.session.network.network.layers) == 2 and w.controller.step == 10  # kept
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.Yes))
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda *a: shown.append(a[2])))
    w.builder.canvas.selected = 0
    w.builder._fill_editor()
    w.builder.residual.setChecked(True)  # layer 1: 2 inputs -> 8 units
    assert "residual connection needs equal widths" in shown[0]
    assert not w.controller.session.network.network.layers[0].residual
    w.builder.add_layer.click()
    assert len(w.controller.session.network.network.layers) == 3 and w.controller.step == 0  # restarted


def test_training_draws_outputs_curves_and_weights(qtbot, make_window):
    w = make_window(classic_network("circles"))
    w.controller.play(until=60)
    assert w.controller.wait_idle(30)
    w.controller.mark_dirty()
    w.redraw()
    image = w.output.image.image
    assert image is not None and image.shape == (90, 90) and 0 <= image.min() <= image.max() <= 1
    assert w.builder.canvas.weights is not None and w.builder.canvas.weights[0].shape == (8, 2)
    assert len(w.controller.histories()[0]) == 61 and "test_acc" in w.controller.histories()[0].columns()


def test_data_panel_switches_to_regression_with_contributions(qtbot, make_window):
    w = make_window(classic_network("circles"))
    panel = w.data_panel
    panel.dataset.setCurrentText("sine")
    panel.dataset.activated.emit(panel.dataset.currentIndex())
    net = w.controller.session.network
    assert net.data.name == "sine" and net.loss == "mse"
    w.controller.set_network(replace(net, network=NetworkSpec.of([5], "sigmoid")))
    w.controller.play(until=30)
    assert w.controller.wait_idle(30)
    w.controller.mark_dirty()
    w.redraw()
    xs, fit = w.output.fit.getData()
    parts = [p.getData()[1] for p in w.output.parts if p.isVisible()]
    assert len(parts) == 5
    bias = float(w.controller.race.model_at(w.controller.selected).head.bias.detach())
    np.testing.assert_allclose(np.sum(parts, axis=0) + bias, fit, rtol=1e-4, atol=1e-5)  # they add up


def test_bad_data_changes_are_refused_with_a_reason(make_window):
    w = make_window(classic_network("circles"))
    panel = w.data_panel
    panel.loss.setCurrentText("ce")
    panel.dataset.setCurrentText("sine")
    w.controller.set_network(replace(w.controller.session.network, loss="ce", data=replace(w.controller.session.network.data, name="sine")))
    assert w.controller.session.network.data.name == "circles"
    panel.load_csv("/no/such/file.csv", "y")
    assert "no such file" in panel.error.text()


def test_landscape_in_a_worker_with_partial_results_and_cancel(qtbot, make_window):
    w = make_window(classic_network("moons"))
    w.controller.play(until=40)
    assert w.controller.wait_idle(30)
    panel = w.landscape
    partials = []
    w.controller.landscape_progress.connect(lambda *a: partials.append(a[2]))
    panel.grid.setValue(31)
    panel.mode.setCurrentText("2-D PCA of the path")
    panel.start()
    qtbot.waitUntil(lambda: not panel.busy, timeout=60000)
    assert panel.result is not None and panel.result["loss"].shape == (31, 31)
    np.testing.assert_allclose(panel.result["trajectory"][-1], [0, 0], atol=1e-5)
    assert partials and partials[-1] == 1.0
    panel.grid.setValue(201)  # large: cancel it
    panel.mode.setCurrentText("2-D random")
    panel.start()
    panel.stop()
    qtbot.waitUntil(lambda: not panel.busy, timeout=60000)
    assert "Cancelled" in panel.note.text()
    panel.mode.setCurrentText("1-D random")
    panel.start()
    qtbot.waitUntil(lambda: not panel.busy, timeout=60000)
    assert panel.result["loss"].shape == (1, 201)


def test_network_session_save_reopen_and_cross_window_open(qtbot, make_window, tmp_path):
    w = make_window(classic_network("xor"))
    w.controller.update_run(0, batch_size=8)
    path = tmp_path / "net.json"
    assert w.session_files.save_to(str(path))
    assert load_session(path).runs[0].batch_size == 8
    surface_window = make_window(classic_race("bowl"))
    assert surface_window.open_path(str(path))  # opens a network window beside it
    from playground.ui.windows import OPEN_WINDOWS

    other = OPEN_WINDOWS[-1]
    assert type(other).__name__ == "NetworkWindow" and other.controller.session.network.data.name == "xor"
    assert surface_window.controller.session.problem == "bowl"


def test_close_mid_training_stops_both_workers(qtbot, make_window):
    w = make_window(classic_network("circles"))
    w.controller.play()
    qtbot.waitUntil(lambda: w.controller.step > 5, timeout=20000)
    w.close()
    assert not w.controller._thread.isRunning() and not w.controller._landscape_thread.isRunning()


def test_status_shows_steps_and_epochs_and_hover_shows_a_weight(qtbot, make_window, monkeypatch):
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QMouseEvent
    from PySide6.QtWidgets import QToolTip

    w = make_window(classic_network("circles"))
    w.controller.update_run(0, batch_size=70)  # 280 training samples: 4 steps an epoch
    w.controller.play(until=10)
    assert w.controller.wait_idle(30)
    w.controller.mark_dirty()
    w.redraw()
    assert w.status_step.text() == "step 10 · epoch 2.5"
    canvas = w.builder.canvas
    canvas.grab()
    a, b, value, where = canvas._links[0]
    shown = []
    monkeypatch.setattr(QToolTip, "showText", staticmethod(lambda pos, text, *rest: shown.append(text)))
    mid = QPointF((a[0] + b[0]) / 2, (a[1] + b[1]) / 2)
    canvas.mouseMoveEvent(QMouseEvent(QMouseEvent.Type.MouseMove, mid, canvas.mapToGlobal(mid),
                                      Qt.NoButton, Qt.NoButton, Qt.NoModifier))
    assert shown and shown[-1].startswith("w = ")
