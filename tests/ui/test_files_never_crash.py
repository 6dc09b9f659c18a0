"""Issue 12 in the app: whatever a file does, start-up, File ▸ Open, Open Recent, drag-and-drop,
crash recovery, Save and autosave end in a message, the shown session stays as it was, and a
window that cannot be built leaves no thread behind."""

import json

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QFileDialog, QMessageBox

from playground.session import io as sio
from playground.session.io import save_session
from playground.session.model import Session, classic_network, classic_race
from playground.ui import session_files
from playground.ui.controller import THREADS


@pytest.fixture
def warnings_shown(monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda *a, **k: shown.append(a[2])))
    return shown


def _loader_raises(monkeypatch, exc):
    def broken(path):
        raise exc

    monkeypatch.setattr(session_files, "load_session", broken)


def _views_fail_for(monkeypatch, window_class, name, exc):
    """Make ``window_class``'s views raise ``exc`` whenever they rebuild for session ``name``."""
    real = window_class._structure_views

    def fails(self):
        if self.controller.session.name == name:
            raise exc
        real(self)

    monkeypatch.setattr(window_class, "_structure_views", fails)


def _running(threads_before):
    return [t for t in THREADS - threads_before if t.isRunning()]


# -- start-up ------------------------------------------------------------------------------------


def test_start_up_survives_any_loader_error_and_opens_the_classic_race(make_window, tmp_path, monkeypatch):
    from playground.ui.app import first_window

    path = tmp_path / "s.json"
    save_session(Session(name="mine"), path)
    _loader_raises(monkeypatch, KeyError("a hole the checks missed"))
    window, errors = first_window(str(path))
    assert window.controller.session.name.startswith("classic race")
    assert len(errors) == 1 and "KeyError" in errors[0] and str(path) in errors[0]
    assert "\n" not in errors[0]


def test_start_up_survives_a_window_that_cannot_show_the_session(make_window, tmp_path, monkeypatch):
    from playground.ui.app import first_window
    from playground.ui.windows.surface import MainWindow

    path = tmp_path / "odd.json"
    save_session(Session(name="odd"), path)
    _views_fail_for(monkeypatch, MainWindow, "odd", ValueError("this view cannot draw that"))
    before = set(THREADS)
    window, errors = first_window(str(path))
    assert window.controller.session.name.startswith("classic race")
    assert "this view cannot draw that" in errors[0]
    # the failed window's worker threads were stopped; the new window's three run (training,
    # landscape, curvature)
    assert len(_running(before)) == 3
    window.close()
    window.controller.shutdown()
    assert _running(before) == []


def test_an_unreadable_recovery_file_is_kept_aside_and_not_offered_again(make_window, warnings_shown,
                                                                         monkeypatch):
    from playground.ui.app import first_window, recover_autosave
    from playground.ui.session_files import autosave_path

    path = autosave_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('{"format": "optimization-playground-session", "problem": tru')
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.Yes))
    assert recover_autosave() is None
    assert not path.exists()
    kept = list(path.parent.glob("autosave-unreadable-*.json"))
    assert len(kept) == 1 and kept[0].read_text().endswith("tru")  # nothing lost
    assert "not valid JSON" in warnings_shown[0] and str(kept[0]) in warnings_shown[0]
    window, errors = first_window(None)  # nothing left to offer: the classic race, no message
    assert errors == [] and window.controller.session.name.startswith("classic race")
    kept[0].unlink()


def test_a_recovered_session_no_window_can_show_is_kept_and_the_app_starts(make_window, monkeypatch):
    from playground.ui.app import first_window
    from playground.ui.session_files import autosave_path
    from playground.ui.windows.surface import MainWindow

    save_session(Session(name="recovered"), autosave_path())
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.Yes))
    _views_fail_for(monkeypatch, MainWindow, "recovered", RuntimeError("boom"))
    window, errors = first_window(None)
    assert window.controller.session.name.startswith("classic race")
    assert "boom" in errors[0] and "kept in" in errors[1]
    kept = list(autosave_path().parent.glob("autosave-unreadable-*.json"))
    assert len(kept) == 1 and json.loads(kept[0].read_text())["name"] == "recovered"
    kept[0].unlink()


# -- opening from a window -----------------------------------------------------------------------


@pytest.mark.parametrize("exc", [KeyError("k"), RecursionError("deep"), MemoryError(), ZeroDivisionError("z")])
def test_file_open_shows_any_loader_error_and_changes_nothing(make_window, tmp_path, monkeypatch,
                                                              warnings_shown, exc):
    w = make_window()
    w.controller.update_run(0, opt={"lr": 3e-4})
    runs, modified = list(w.controller.session.runs), w.controller.modified
    path = tmp_path / "s.json"
    save_session(Session(name="other"), path)
    _loader_raises(monkeypatch, exc)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(path), "")))
    w.session_files.open_dialog()
    assert len(warnings_shown) == 1 and type(exc).__name__ in warnings_shown[0]
    assert w.controller.session.runs == runs and w.controller.modified == modified


def test_a_session_the_window_cannot_show_leaves_the_old_one_in_place(make_window, tmp_path, monkeypatch,
                                                                      warnings_shown):
    w = make_window()
    old = w.controller.session
    _views_fail_for(monkeypatch, type(w), "odd", ValueError("cannot draw"))
    path = tmp_path / "odd.json"
    save_session(Session(name="odd", runs=[]), path)
    assert not w.open_path(str(path))
    assert "cannot draw" in warnings_shown[0]
    assert w.controller.session is old and w.controller.path is None
    w.controller.step_once()  # and it still trains
    assert w.controller.wait_idle()
    assert w.controller.step == 1


def test_a_session_of_the_other_kind_whose_window_fails_leaves_no_thread(make_window, tmp_path, monkeypatch,
                                                                         warnings_shown):
    from playground.ui.windows import OPEN_WINDOWS
    from playground.ui.windows.network import NetworkWindow

    w = make_window()
    path = tmp_path / "net.json"
    save_session(classic_network("circles"), path)
    monkeypatch.setattr(NetworkWindow, "_structure_views", lambda self: 1 / 0)
    before = set(THREADS)
    assert not w.open_path(str(path))
    assert "ZeroDivisionError" in warnings_shown[0]
    assert _running(before) == [] and not OPEN_WINDOWS


def test_open_recent_drops_a_file_that_has_gone(make_window, tmp_path, warnings_shown):
    w = make_window()
    path = tmp_path / "gone.json"
    save_session(classic_race(), path)
    assert w.open_path(str(path))
    assert str(path) in w.session_files.recent()
    path.unlink()
    action = next(a for a in w.session_files.recent_menu.actions() if a.text() == str(path))
    action.trigger()
    assert "no such file" in warnings_shown[0]
    assert str(path) not in w.session_files.recent()


def test_recent_entries_of_the_wrong_type_in_the_settings_are_ignored(make_window):
    session_files.settings().setValue("recent", [3, None, "", "/x/a.json"])
    w = make_window()
    assert w.session_files.recent() == ["/x/a.json"]
    session_files.settings().setValue("recent", 7)
    assert w.session_files.recent() == []
    session_files.settings().remove("recent")


def _drop(window, path):
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    event = QDropEvent(QPointF(10, 10), Qt.CopyAction, mime, Qt.LeftButton, Qt.NoModifier)
    window.dropEvent(event)


def test_dropping_a_session_file_opens_it_and_a_bad_one_gets_a_message(make_window, tmp_path, warnings_shown):
    w = make_window()
    good = tmp_path / "good.json"
    save_session(Session(name="dropped", runs=list(classic_race().runs[:2])), good)
    _drop(w, good)
    assert w.controller.session.name == "dropped" and w.controller.path == str(good)
    bad = tmp_path / "bad.json"
    bad.write_bytes(b"\x80\x04pickle")
    _drop(w, bad)
    assert "pickle" in warnings_shown[0] and w.controller.session.name == "dropped"


# -- saving --------------------------------------------------------------------------------------


def test_save_and_autosave_errors_are_shown_not_raised(make_window, tmp_path, monkeypatch, warnings_shown):
    w = make_window()
    w.controller.update_run(0, opt={"lr": 3e-4})

    def broken(*a, **k):
        raise ValueError("Out of range float values are not JSON compliant")

    monkeypatch.setattr(session_files, "save_session", broken)
    assert not w.session_files.save_to(str(tmp_path / "s.json"))
    assert "not JSON compliant" in warnings_shown[0] and w.controller.modified
    w.session_files.autosave_enabled = True
    w.session_files.autosave()
    assert "Autosave failed" in w.statusBar().currentMessage()
    assert len(warnings_shown) == 1  # no dialog every 20 seconds


def test_a_view_option_that_is_not_finite_saves_and_reopens(make_window, tmp_path):
    w = make_window()
    w.controller.set_view_option("zoom", float("nan"))
    path = tmp_path / "nan.json"
    assert w.session_files.save_to(str(path))
    assert sio.load_session(path).view["zoom"] is None


def test_file_export_from_the_menu_writes_the_picture(make_window, tmp_path, monkeypatch):
    w = make_window()
    target = tmp_path / "view.png"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), "")))
    w.act["export_png"].trigger()
    assert target.stat().st_size > 1000
