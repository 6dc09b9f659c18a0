"""The picture depends only on the state, not on the path to it (issue 8): a state reached
through other states (surface A → B, lesson X → Y, Reset, resize, opening a session) looks the
same, within a few levels of antialiasing, as the same state opened fresh in a new window.

A window "fresh" on a state is a new window on a copy of the session as a file holds it, trained
the same number of steps (training is deterministic). Each part of the window is compared: the
centre and every visible dock but the lesson dock, whose text is checked on its own.
"""

import html
import pytest

from playground.core.surfaces.problem import surface_names
from playground.lessons import lesson_text, LESSONS, lesson_sessions
from playground.session.io import save_session
from playground.session.model import classic_network, classic_race

from .pictures import copy_session, differences, pictures, save_pair, settle, train

STEPS = 12  # a few steps: paths, heads, arrows and curves are drawn, ranges are set


def assert_same_as_fresh(make_window, w, tmp_path, label: str, steps: int = 0):
    """``w``'s parts look as a new window on the same state after ``steps`` steps does."""
    fresh = make_window(copy_session(w.controller.session))
    # the lesson it has left is the window's state, not the file's: both show it greyed
    fresh.controller.left_lesson = w.controller.left_lesson
    fresh.lesson_dock.show_lesson(fresh.controller.session, fresh.controller.left_lesson)
    same_layout(fresh, w)
    if steps:
        train(fresh, steps)
    settle(w)
    a, b = pictures(w), pictures(fresh)
    diff = differences(a, b)
    if diff:
        save_pair(a, b, str(tmp_path / label))
    assert not diff, f"{label}: the picture depends on the path ({tmp_path}): " + "; ".join(diff)
    fresh.close()


def same_layout(window, like) -> None:
    """``window`` sized and its docks arranged as ``like``'s: the content is compared, not where
    the user dragged the dock splitters (Qt gives a grown window's space to the centre)."""
    window.resize(like.size())
    settle(window)
    window.restoreState(like.saveState())
    settle(window)


def other_surface(name: str) -> str:
    names = surface_names()
    return names[(names.index(name) + 4) % len(names)]


@pytest.mark.parametrize("name", surface_names())
def test_surface_after_another_surface(qtbot, make_window, tmp_path, name):
    """Surface A trained, then surface B trained: as B fresh (contours, colour bar, title,
    curve ranges)."""
    w = make_window(classic_race(other_surface(name)))
    train(w, STEPS * 2)
    assert w.set_surface(name)
    train(w, STEPS)
    assert_same_as_fresh(make_window, w, tmp_path, f"surface-{name}", STEPS)


def test_a_long_title_leaves_no_clipped_view(qtbot, make_window, tmp_path):
    """The cross-entropy lesson's long title, then himmelblau: the whole plot is in view."""
    w = make_window(lesson_sessions("cross-entropy-vs-mse")[0])
    settle(w)
    assert w.set_surface("himmelblau")
    assert_same_as_fresh(make_window, w, tmp_path, "long-title")
    view = w.surface_view
    assert view.plot.sceneBoundingRect().right() <= view.width() + 1


def _lesson_parts(kind_network: bool):
    return [(name, k) for name, lesson in LESSONS.items()
            for k in range(len(lesson.parts))
            if lesson_sessions(name)[k].is_network == kind_network]


SURFACE_PARTS = _lesson_parts(False)
NETWORK_PARTS = _lesson_parts(True)


@pytest.mark.parametrize("name,part", SURFACE_PARTS + NETWORK_PARTS,
                         ids=[f"{n}-{k + 1}" for n, k in SURFACE_PARTS + NETWORK_PARTS])
def test_lesson_after_another_lesson(qtbot, make_window, tmp_path, name, part):
    """Lesson X trained, then lesson Y opened in the same window and trained: as Y fresh, its
    lesson text shown."""
    session = lesson_sessions(name)[part]
    parts = SURFACE_PARTS if not session.is_network else NETWORK_PARTS
    before = parts[(parts.index((name, part)) + 1) % len(parts)]
    w = make_window(lesson_sessions(before[0])[before[1]])
    train(w, STEPS)
    w.open_lesson(name, part)
    assert w.controller.session.lesson == name
    train(w, STEPS)
    assert w.lesson_dock.isVisible() and w.lesson_dock.text.isEnabled()
    assert html.escape(lesson_text(name, "en").title, quote=False) in w.lesson_dock.text.text()
    assert_same_as_fresh(make_window, w, tmp_path, f"lesson-{name}-{part}", STEPS)


@pytest.mark.parametrize("session", [classic_race("rosenbrock"), classic_race("saddle"),
                                     classic_network("circles"), classic_network("sine")],
                         ids=["rosenbrock", "saddle", "circles", "sine"])
def test_reset_resize_and_reopen(qtbot, make_window, tmp_path, session):
    """Trained long (curve ranges down to tiny losses), Reset: as fresh. Resized small and back:
    as before. Another session trained, then this one opened from its file: as fresh."""
    w = make_window(copy_session(session))
    train(w, 300 if not session.is_network else 60)
    w.controller.reset()
    train(w, STEPS)
    assert_same_as_fresh(make_window, w, tmp_path, "reset", STEPS)

    before, state = pictures(w), w.saveState()
    w.resize(1280, 720)
    settle(w)
    w.resize(1400, 900)
    settle(w)
    w.restoreState(state)
    diff = differences(before, pictures(w))
    assert not diff, "a resize changed the picture: " + "; ".join(diff)

    path = tmp_path / "state.json"
    save_session(w.controller.session, path)
    other = make_window(classic_race("beale") if not session.is_network else classic_network("sine"))
    other.optimizer_panel.parentWidget().parentWidget().verticalScrollBar().setValue(10_000)
    train(other, 40)
    assert other.open_path(str(path))
    train(other, STEPS)
    assert_same_as_fresh(make_window, other, tmp_path, "reopen", STEPS)


def test_setup_changed_greys_the_lesson_and_the_file_drops_it(qtbot, make_window, tmp_path):
    w = make_window(lesson_sessions("cross-entropy-vs-mse")[0])
    assert w.set_surface("himmelblau")
    assert w.controller.session.lesson is None
    assert w.lesson_dock.isVisible() and not w.lesson_dock.text.isEnabled()
    assert "Setup changed" in w.lesson_dock.text.text()
    path = tmp_path / "s.json"
    save_session(w.controller.session, path)
    again = make_window()
    assert again.open_path(str(path))
    assert again.controller.session.lesson is None and not again.lesson_dock.isVisible()
    # opening a lesson again shows it in full
    again.open_lesson("saddle-point")
    assert again.lesson_dock.text.isEnabled() and "Setup changed" not in again.lesson_dock.text.text()


def test_the_lessons_escape_button_asks_nothing_on_leaving(qtbot, make_window, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    asked = []
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: asked.append(a) or QMessageBox.Discard))
    w = make_window(lesson_sessions("saddle-point")[0])
    w.docks["inspector"].show()
    w.docks["inspector"].raise_()
    settle(w)
    assert w.inspector.escape.isEnabled()
    w.inspector.escape.click()
    assert w.controller.step == 0 and not w.controller.modified
    w.open_lesson("momentum-over-the-bump")
    assert not asked and w.controller.session.lesson == "momentum-over-the-bump"


def test_title_follows_the_file_after_save_as(qtbot, make_window, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    w = make_window(lesson_sessions("saddle-point")[0])
    target = tmp_path / "my escape.json"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), "")))
    assert w.session_files.save_as()
    assert w.windowTitle().startswith("my escape.json")


def test_the_inspector_shows_the_counters_step(qtbot, make_window):
    w = make_window()
    w.docks["inspector"].show()
    w.docks["inspector"].raise_()
    train(w, 37)
    w.controller.scrub(20)
    settle(w)
    assert "step 20" in w.status_step.text() and "update 20" in w.inspector.title.text()


def test_no_model_no_decision_map(qtbot, make_window):
    w = make_window(classic_network("circles"))
    train(w, 20)
    assert w.output.image.image is not None
    w.controller.reset()
    settle(w)
    assert w.output.image.image is None and w.builder.canvas.weights is None


def test_no_hidden_layer_hides_the_layer_editor(qtbot, make_window):
    from dataclasses import replace

    from playground.core.networks.model import NetworkSpec

    w = make_window(classic_network("circles"))
    assert w.builder.width_box.isVisible()
    assert w.controller.set_network(replace(w.controller.session.network, network=NetworkSpec(()))) is None
    settle(w)
    assert not w.builder.width_box.isVisible() and not w.builder.remove_layer.isVisible()
    assert w.builder.add_layer.isVisible()


def test_accuracy_pane_only_for_classes(qtbot, make_window):
    w = make_window(classic_network("sine"))
    assert not w.curves_view.plots["test_acc"].isVisible()
    w2 = make_window(classic_network("circles"))
    assert w2.curves_view.plots["test_acc"].isVisible()
