"""Qt conventions (issue 8, items 4 and 10): File ▸ Quit closes every window, each asking to
save its unsaved work; new windows cascade; Space plays from any widget that does not take
text, in both windows, and focus starts on the picture, not in a spin box."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QAbstractSpinBox, QComboBox, QLineEdit, QMessageBox, QTextEdit,
                               QWidget)

from playground.lessons import lesson_sessions
from playground.session.model import classic_network, classic_race


def test_quit_closes_every_window_asking_each_to_save(qtbot, make_window, monkeypatch):
    from playground.ui.windows import open_window

    first = make_window()
    second = open_window(classic_network("circles"), None, autosave=False)
    third = open_window(classic_race("ravine"), None, autosave=False)
    for w in (first, second, third):
        w.controller.mark_modified()
    asked = []

    def answer(parent, *a, **k):  # the ravine window cancels the first time it is asked
        asked.append(parent)
        return QMessageBox.Cancel if parent is third and asked.count(third) == 1 else QMessageBox.Discard

    monkeypatch.setattr(QMessageBox, "question", staticmethod(answer))
    first.act["quit"].trigger()
    assert third.isVisible(), "Cancel kept its window open"
    third.act["quit"].trigger()  # asked again, and Discard this time
    assert not any(w.isVisible() for w in (first, second, third))
    assert set(asked) == {first, second, third}, "every window with unsaved work was asked"
    assert first.act["quit"].shortcut().toString() == "Ctrl+Q"


def test_new_windows_cascade(qtbot, make_window):
    from playground.ui.windows import open_window

    first = make_window()
    qtbot.wait(50)
    a = open_window(classic_network("circles"), None, autosave=False)
    b = open_window(classic_network("xor"), None, autosave=False)
    positions = {(w.x(), w.y()) for w in (first, a, b)}
    assert len(positions) == 3, f"windows opened on top of each other at {positions}"


def _takes_text(widget) -> bool:
    return (isinstance(widget, (QLineEdit, QAbstractSpinBox, QTextEdit))
            or (isinstance(widget, QComboBox) and widget.isEditable()))


def _space_everywhere(qtbot, w):
    w.activateWindow()
    qtbot.waitUntil(w.isActiveWindow, timeout=3000)
    assert not _takes_text(w.focusWidget()), f"focus starts in {type(w.focusWidget()).__name__}"
    tried = 0
    for widget in w.findChildren(QWidget):
        if (_takes_text(widget) or not widget.isVisible() or not widget.isEnabled()
                or widget.focusPolicy() == Qt.NoFocus or widget.window() is not w):
            continue
        widget.setFocus()
        qtbot.keyClick(widget, Qt.Key_Space)
        assert w.controller.playing, f"Space on a {type(widget).__name__} did not play"
        qtbot.keyClick(widget, Qt.Key_Space)
        assert w.controller.wait_idle(10)
        assert not w.controller.playing, f"Space on a {type(widget).__name__} did not pause"
        tried += 1
    assert tried >= 5


def test_space_plays_from_any_non_text_widget_in_the_surface_window(qtbot, make_window):
    w = make_window()
    w.controller.set_speed("2 steps/s")
    _space_everywhere(qtbot, w)


def test_space_plays_from_any_non_text_widget_in_the_network_window(qtbot, make_window):
    w = make_window(lesson_sessions("sigmoid-vs-relu")[0])
    w.controller.set_speed("2 steps/s")
    _space_everywhere(qtbot, w)
