"""The real window, driven as a user would: race, play, pause, step, scrub, edit, save, reopen,
export, close mid-training."""

import time

import numpy as np
import pytest
from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from playground.core.surfaces.race import RunConfig, run_race
from playground.session.io import load_session
from playground.session.model import Session


def play_until(qtbot, w, steps):
    """Play at full speed, then pause once at least ``steps`` steps are done."""
    w.controller.play()
    qtbot.waitUntil(lambda: w.controller.step >= steps, timeout=20000)
    w.controller.pause()
    assert w.controller.wait_idle()
    qtbot.wait(50)


def test_opens_on_the_classic_race(make_window):
    w = make_window()
    assert [r.name for r in w.controller.session.runs] == ["SGD", "Momentum", "Adagrad", "RMSProp", "Adam"]
    assert "classic race on rosenbrock" in w.windowTitle()
    assert w.runs_panel.list.count() == 5
    menus = [a.text() for a in w.menuBar().actions()]
    assert menus == ["&File", "&Edit", "&Training", "&View", "&Lessons", "&Help"]


def test_play_pause_records_every_run_in_lockstep(qtbot, make_window):
    w = make_window()
    play_until(qtbot, w, 60)
    step = w.controller.step
    assert step >= 60
    assert all(len(h) == step + 1 for h in w.controller.histories())
    assert w.controller.status == ["paused"] * 5
    qtbot.wait(200)
    assert w.controller.step == step  # really paused
    # the numbers equal a headless run of the same session
    expected, _ = run_race(w.controller.session.surface(), w.controller.session.runs, step)
    for h, e in zip(w.controller.histories(), expected):
        np.testing.assert_array_equal(h["pos"], e["pos"])
    assert "paused" in w.status_rate.text() and f"step {step:,}" in w.status_step.text()


def test_space_plays_and_pauses_and_right_arrow_steps(qtbot, make_window):
    w = make_window()
    w.activateWindow()
    qtbot.waitUntil(lambda: w.isActiveWindow(), timeout=2000)
    target = w.runs_panel.compare  # a plain button: arrow keys reach the shortcut map
    target.setFocus()
    qtbot.keyClick(target, Qt.Key_Right)
    assert w.controller.wait_idle()
    qtbot.wait(50)
    assert w.controller.step == 1
    target = w.timeline
    target.setFocus()
    qtbot.keyClick(target, Qt.Key_Space)
    qtbot.waitUntil(lambda: w.controller.step > 20, timeout=3000)
    qtbot.keyClick(target, Qt.Key_Space)
    assert w.controller.wait_idle()
    qtbot.keyClick(target, Qt.Key_R)
    assert w.controller.step == 0 and all(len(h) == 0 for h in w.controller.histories())


def test_redraws_on_a_clock_not_per_step(qtbot, make_window):
    w = make_window()
    frames = w.frames_drawn
    started = time.perf_counter()
    w.controller.play()
    qtbot.waitUntil(lambda: w.controller.step >= 400, timeout=20000)
    w.controller.pause()
    assert w.controller.wait_idle()
    elapsed = time.perf_counter() - started
    drawn = w.frames_drawn - frames
    assert drawn <= 60 * elapsed + 3  # the clock's limit
    assert drawn < w.controller.step / 4  # far fewer frames than steps: never one per step


def test_scrub_shows_the_past_without_recomputing(qtbot, make_window):
    w = make_window()
    w.controller.play(until=100)
    assert w.controller.wait_idle()
    qtbot.wait(50)
    before = [h["pos"].copy() for h in w.controller.histories()]
    w.timeline.setValue(10)
    w.redraw()
    assert w.controller.shown_step == 10 and w.controller.step == 100
    np.testing.assert_allclose(w.surface_view.head_of(4), before[4][10])
    assert "update 10" in w.inspector.title.text()
    for h, b in zip(w.controller.histories(), before):
        np.testing.assert_array_equal(h["pos"], b)
    w.timeline.setValue(100)
    assert w.controller.display_step is None


def test_changing_a_hyperparameter_restarts_and_invalid_values_are_refused(qtbot, make_window):
    w = make_window()
    w.controller.play(until=30)
    assert w.controller.wait_idle()
    w.runs_panel.list.setCurrentRow(4)  # Adam
    field = w.optimizer_panel.opt_form.fields["lr"].editor
    field.setText("0.02")
    field.editingFinished.emit()
    assert w.controller.session.runs[4].opt["lr"] == 0.02
    assert w.controller.step == 0 and w.isWindowModified()
    field = w.optimizer_panel.opt_form.fields["betas"].editor
    field.setText("0.9, 1.2")
    field.editingFinished.emit()
    assert "betas: 1.2 is out of range" in w.optimizer_panel.error.text()
    assert w.controller.session.runs[4].opt["betas"] == (0.9, 0.999)
    assert "border" in field.styleSheet()


def test_scheduler_choice_updates_the_lr_preview(make_window):
    w = make_window()
    w.runs_panel.list.setCurrentRow(4)
    panel = w.optimizer_panel
    panel.scheduler.setCurrentIndex(panel.scheduler.findData("cosineannealinglr"))
    panel.scheduler.activated.emit(panel.scheduler.currentIndex())
    assert w.controller.session.runs[4].scheduler == "cosineannealinglr"
    x, y = w.optimizer_panel.preview_curve.getData()
    assert y[0] == pytest.approx(0.05) and y[499] < 1e-6  # T_max = 500
    w.optimizer_panel.warmup_form.fields["warmup"].editor.setText("50")
    w.optimizer_panel.warmup_form.fields["warmup"].editor.editingFinished.emit()
    x, y = w.optimizer_panel.preview_curve.getData()
    assert y[0] == pytest.approx(0.05 * 0.01) and np.argmax(y) == 50


def test_save_reopen_and_compare(qtbot, make_window, tmp_path):
    w = make_window()
    w.controller.update_run(0, opt={"lr": 1e-4, "momentum": 0.5})
    path = tmp_path / "race.json"
    assert w.session_files.save_to(str(path))
    assert not w.isWindowModified()
    w2 = make_window(Session())
    assert w2.open_path(str(path))
    assert w2.controller.session.runs == w.controller.session.runs
    assert w2.controller.path == str(path)
    assert load_session(path).runs[0].opt["momentum"] == 0.5
    assert str(path) in [a.text() for a in w2.session_files.recent_menu.actions()]


def test_a_corrupt_file_gets_a_message_and_changes_nothing(make_window, tmp_path, monkeypatch):
    w = make_window()
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda *a: shown.append(a[2])))
    runs = list(w.controller.session.runs)
    assert not w.open_path(str(bad))
    assert "not valid JSON" in shown[0]
    assert w.controller.session.runs == runs


def test_exports(qtbot, make_window, tmp_path):
    w = make_window()
    w.controller.play(until=60)
    assert w.controller.wait_idle()
    from playground.ui import exporting

    exporting.export(w, "png", str(tmp_path / "v.png"))
    exporting.export(w, "svg", str(tmp_path / "v.svg"))
    exporting.export(w, "csv", str(tmp_path / "csv"))
    exporting.export(w, "gif", str(tmp_path / "a.gif"))
    with Image.open(tmp_path / "v.png") as png:
        assert png.size[0] > 300
    assert "<svg" in (tmp_path / "v.svg").read_text()[:500]
    assert sorted(p.name for p in (tmp_path / "csv").iterdir()) == [
        "Adagrad.csv", "Adam.csv", "Momentum.csv", "RMSProp.csv", "SGD.csv"]
    assert len((tmp_path / "csv" / "Adam.csv").read_text().splitlines()) == 62
    with Image.open(tmp_path / "a.gif") as gif:
        assert gif.n_frames > 10
    assert w.controller.display_step is None  # back to the live view
    if exporting.mp4_available():  # the `video` extra, which `make` installs
        import imageio_ffmpeg

        exporting.export(w, "mp4", str(tmp_path / "a.mp4"))
        frames, seconds = imageio_ffmpeg.count_frames_and_secs(str(tmp_path / "a.mp4"))
        assert frames > 10 and seconds > 0.5


def test_close_mid_training_stops_the_worker(qtbot, make_window):
    w = make_window()
    w.controller.play()
    qtbot.waitUntil(lambda: w.controller.step > 10, timeout=3000)
    w.close()
    assert not w.controller._thread.isRunning()


def test_unsaved_changes_ask_before_closing(qtbot, make_window, monkeypatch):
    w = make_window()
    w.controller.update_run(0, opt={"lr": 2e-4})
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.Cancel))
    w.close()
    assert w.isVisible()  # cancelled
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.Discard))
    w.close()
    assert not w.isVisible()


def test_divergence_is_marked_and_the_others_go_on(qtbot, make_window):
    s = Session(problem="saddle")
    s.add_run(RunConfig("wild", "sgd", {"lr": 0.9}, start=(1.5, 0.01)))
    s.add_run(RunConfig("tame", "sgd", {"lr": 1e-5}, start=(1.5, 0.01)))
    w = make_window(s)
    messages = []
    w.controller.message.connect(messages.append)
    w.controller.play(until=2000)
    assert w.controller.wait_idle()
    w.redraw()
    assert w.controller.status[0] == "diverged" and w.controller.status[1] != "diverged"
    assert len(w.controller.histories()[1]) == 2001
    assert "DIVERGED" in w.runs_panel.list.item(0).text()
    assert any("diverged at step" in m for m in messages)


def test_custom_formula_and_bad_formula(make_window, monkeypatch):
    w = make_window()
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda *a: shown.append(a[2])))
    assert w.set_surface("custom", "x^2 + 10*y^2")
    assert w.controller.session.problem == "custom" and "10*y^2" in w.surface_view.plot.titleLabel.text
    assert not w.set_surface("custom", "__import__('os')")
    assert "unknown function" in shown[0]
    assert w.controller.session.formula == "x^2 + 10*y^2"


def test_click_sets_the_start_before_training(qtbot, make_window):
    w = make_window()
    w.controller.select(2)
    w._on_surface_click(0.5, 0.25)
    assert w.controller.session.runs[2].start == (0.5, 0.25)
    w.controller.play(until=5)
    assert w.controller.wait_idle()
    w._on_surface_click(-1.0, -0.5)  # after training started: refused with a hint
    assert w.controller.session.runs[2].start == (0.5, 0.25)


def test_runs_panel_add_duplicate_hide_rename_remove(qtbot, make_window):
    w = make_window()
    panel = w.runs_panel
    panel.buttons["add"].click()
    assert len(w.controller.session.runs) == 6 and w.controller.session.runs[5].name == "Adam 2"
    panel.buttons["duplicate"].click()
    assert w.controller.session.runs[6].name == "Adam 3" and w.controller.session.runs[6].color != w.controller.session.runs[5].color
    panel.list.item(0).setCheckState(Qt.Unchecked)
    assert "SGD" in w.controller.hidden()
    w.redraw()
    assert not w.surface_view.runs[0]["visible"]
    panel.list.item(1).setText("Heavy ball")
    assert w.controller.session.runs[1].name == "Heavy ball"
    panel.list.setCurrentRow(6)
    panel.buttons["remove"].click()
    assert len(w.controller.session.runs) == 6


def test_saddle_lesson_curvature_and_escape(qtbot, make_window):
    s = Session(problem="tiny-net")
    s.add_run(RunConfig("GD", "sgd", {"lr": 0.1}, start=(0.0, 0.0)))
    w = make_window(s)
    w.controller.play(until=50)
    assert w.controller.wait_idle()
    assert np.all(w.controller.histories()[0]["pos"] == 0.0)  # gradient descent does not move
    w.inspector.refresh()
    text = w.inspector.curvature.text()
    assert "λ = -2, 2" in text and "SADDLE" in text and "(0.707, 0.707)" in text
    w.inspector.escape.click()
    w.controller.play(until=300)
    assert w.controller.wait_idle()
    x, y = w.controller.histories()[0]["pos"][-1]
    assert x * y == pytest.approx(1.0, abs=1e-3)  # reached the valley xy = 1


def test_layout_is_remembered_between_launches(qtbot, make_window):
    w = make_window()
    w.docks["curves"].hide()
    w.close()
    w2 = make_window()
    assert not w2.docks["curves"].isVisible()
    w2.docks["curves"].show()


def test_snapshots_arrive_from_the_worker_thread(qtbot, make_window):
    # the controller's slots assert they run on the GUI thread; here: the worker really is
    # in its own thread and its snapshots arrived
    w = make_window()
    w.controller.play(until=20)
    assert w.controller.wait_idle()
    assert w.controller.step == 20 and len(w.controller.histories()[0]) == 21
    assert w.controller._thread.isRunning() and w.controller._worker.thread() is w.controller._thread
    assert w.controller._worker.thread() is not w.controller.thread()


def test_long_training_thins_old_history_and_keeps_working(qtbot, make_window, monkeypatch):
    from playground.core import limits

    monkeypatch.setattr(limits, "MAX_HISTORY_ROWS", 400)
    w = make_window()
    w.controller.play(until=3000)
    assert w.controller.wait_idle(timeout=30)
    w.redraw()
    for h in w.controller.histories():
        assert len(h) <= 400
        assert h["step"][0] == 0 and h["step"][-1] == 3000
    w.timeline.setValue(5)  # a thinned stretch: shows the nearest kept step, no error
    w.redraw()
    assert "cannot explain" in w.inspector.formula.text() or "update" in w.inspector.title.text()
    w.timeline.setValue(2999)
    w.redraw()
    assert "update 2999" in w.inspector.title.text()


def test_dragging_a_start_ring_moves_that_run_before_training(qtbot, make_window):
    w = make_window()
    ring = w.surface_view.runs[3]["start"]
    ring.setPos(0.25, 1.5)
    ring.sigPositionChangeFinished.emit(ring)  # what a finished mouse drag emits
    assert w.controller.session.runs[3].start == (0.25, 1.5) and w.controller.selected == 3


def test_hover_reads_out_every_run_at_that_step(qtbot, make_window):
    from PySide6.QtCore import QPointF

    w = make_window()
    w.controller.play(until=50)
    assert w.controller.wait_idle()
    w.redraw()
    plot = w.curves_view.plots["loss"]
    vb = plot.getViewBox()
    (_, _), (y0, y1) = vb.viewRange()
    scene = vb.mapViewToScene(QPointF(20, (y0 + y1) / 2))
    w.curves_view._on_hover(scene)
    text = w.curves_view.readout["loss"].textItem.toPlainText()
    assert "step 20" in text and "SGD" in text and "Adam" in text
    loss = w.controller.histories()[4]["loss"][20]
    assert f"{loss:.4g}" in text


def test_autosave_and_recovery_after_a_crash(qtbot, make_window, monkeypatch):
    from playground.ui.app import recover_autosave
    from playground.ui.session_files import autosave_path

    w = make_window()
    w.session_files.autosave_enabled = True
    w.controller.update_run(0, opt={"lr": 3e-4})
    w.session_files.autosave()  # the 20-second timer's work
    assert autosave_path().exists()
    # "crash": a new window finds the file and offers it back
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.Yes))
    recovered = recover_autosave()
    assert recovered is not None and recovered.runs[0].opt["lr"] == 3e-4
    # a normal close removes it
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.Discard))
    w.close()
    assert not autosave_path().exists()


def test_reset_mid_training_stops_and_restarts_cleanly(qtbot, make_window):
    w = make_window()
    w.controller.play()
    qtbot.waitUntil(lambda: w.controller.step > 10, timeout=5000)
    w.controller.reset()
    assert w.controller.wait_idle()
    qtbot.wait(100)  # snapshots of the old race still in flight are dropped
    assert w.controller.step == 0 and all(len(h) == 0 for h in w.controller.histories())
    w.controller.play(until=5)
    assert w.controller.wait_idle()
    assert w.controller.step == 5 and len(w.controller.histories()[0]) == 6


def test_lessons_menu_opens_a_lesson_with_its_explanation(qtbot, make_window):
    w = make_window()
    assert not w.docks["lesson"].isVisible()
    menu = next(a.menu() for a in w.menuBar().actions() if a.text() == "&Lessons")
    titles = [a.text() for a in menu.actions()]
    assert "A saddle point holds gradient descent still" in titles
    action = next(a for a in menu.actions() if a.text() == "Why schedules exist: adaptive bursts")
    action.trigger()
    assert w.controller.session.lesson == "adaptive-bursts" and w.controller.session.problem == "ravine"
    assert w.docks["lesson"].isVisible() and "root <b>mean</b> square" in w.lesson_dock.text.text()
    assert [r.optimizer for r in w.controller.session.runs] == ["adagrad-rms", "adagrad-rms"]
    w.open_lesson("cross-entropy-vs-mse", 0)  # one view: MSE drawn, the CE run its own objective
    assert "sigmoid" in w.controller.session.formula
    assert "softplus" in w.controller.session.runs[1].objective
    w.new_session()
    assert not w.docks["lesson"].isVisible()
