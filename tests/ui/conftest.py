import pytest

from playground.session.model import classic_race


@pytest.fixture(autouse=True)
def _train_at_full_speed(monkeypatch):
    """GUI tests train as fast as the machine allows unless they test the speed itself: a
    session without a speed of its own plays at "fastest" here (the app's default is slower)."""
    from playground.ui import controller

    monkeypatch.setattr(controller, "DEFAULT_SPEED", "fastest")


@pytest.fixture
def make_window(qtbot, monkeypatch):
    """Open MainWindow instances; each is closed (and its thread stopped) at the end."""
    from PySide6.QtWidgets import QMessageBox

    from playground.ui.app import make_app

    make_app()
    # never block on a dialog: unsaved changes are discarded unless a test says otherwise
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.Discard))
    windows = []

    def make(session=None, path=None):
        from playground.ui.windows import window_for

        w = window_for(session or classic_race("rosenbrock"), path, autosave=False)
        qtbot.addWidget(w)
        w.resize(1400, 900)
        w.show()
        windows.append(w)
        return w

    yield make
    from playground.ui.windows import OPEN_WINDOWS

    for w in windows + OPEN_WINDOWS:
        w.close()
        w.controller.shutdown()
    OPEN_WINDOWS.clear()


@pytest.fixture
def switching_language(make_window):
    """For a test that switches the interface language (windows are rebuilt into OPEN_WINDOWS):
    afterwards English again, the setting forgotten, every window closed without questions."""
    yield
    from playground.ui import language
    from playground.ui.session_files import settings
    from playground.ui.windows import OPEN_WINDOWS

    language.install("en")
    settings().remove(language.SETTING)
    for w in list(OPEN_WINDOWS):
        w._replaced = True  # no "save changes?" question
        w.close()
        w.controller.shutdown()
    OPEN_WINDOWS.clear()
