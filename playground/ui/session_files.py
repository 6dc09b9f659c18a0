"""Session files for a window: New, Open, Open Recent, Save, Save As, autosave and recovery.

A :class:`SessionFiles` belongs to one window; it asks before discarding unsaved work and opens
a session of another kind in a window of its own.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, QSettings, QStandardPaths, QTimer
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox

from ..session.io import SessionError, load_session, save_session
from ..session.model import Session

translate = QCoreApplication.translate

APP_NAME = "Optimization Playground"  # the settings' and files' name, never translated
AUTOSAVE_MS = 20_000
MAX_RECENT = 8


def app_name() -> str:
    """The application's name as the interface language writes it."""
    return translate("SessionFiles", "Optimization Playground")


def settings() -> QSettings:
    return QSettings("OptimizationPlayground", "OptimizationPlayground")


def autosave_path() -> Path:
    base = QStandardPaths.writableLocation(QStandardPaths.AppDataLocation) or str(Path.home())
    return Path(base) / "autosave.json"


class SessionFiles(QObject):
    """Opening and saving the sessions of ``window`` (a :class:`PlaygroundWindow`).

    Parameters
    ----------
    window : PlaygroundWindow
        Its controller holds the session; its status bar shows what happened.
    autosave : bool
        Write a recovery file every :data:`AUTOSAVE_MS` while there are unsaved changes.
    """

    def __init__(self, window, autosave: bool = True):
        super().__init__(window)
        self.window = window
        self.controller = window.controller
        self.autosave_enabled = autosave
        self.recent_menu = QMenu(translate("SessionFiles", "Open &Recent"), window)
        self.autosave_timer = QTimer(self)
        self.autosave_timer.timeout.connect(self.autosave)
        if autosave:
            self.autosave_timer.start(AUTOSAVE_MS)
        self.fill_recent()

    def _status(self, text: str, ms: int) -> None:
        self.window.statusBar().showMessage(text, ms)

    def confirm_discard(self) -> bool:
        """True when the session may be replaced (saved, discarded, or unchanged)."""
        if not self.controller.modified:
            return True
        answer = QMessageBox.question(
            self.window, app_name(), translate("SessionFiles", "Save changes to “{name}”?").format(name=self.controller.session.name),
            QMessageBox.Save | QMessageBox.Discard | QMessageBox.Cancel, QMessageBox.Save)
        if answer == QMessageBox.Save:
            return self.save()
        return answer == QMessageBox.Discard

    def new_session(self) -> None:
        if self.confirm_discard():
            self.controller.load_session(self.window.default_session(), None)

    def open_dialog(self) -> None:
        if not self.confirm_discard():
            return
        path, _ = QFileDialog.getOpenFileName(self.window, translate("SessionFiles", "Open session"), self.last_dir(),
                                              translate("SessionFiles", "Sessions (*.json);;All files (*)"))
        if path:
            self.open_path(path)

    def open_session(self, session: Session, path: str | None) -> None:
        """Show ``session`` here, or in a new window when it is of another kind."""
        from .windows import open_window, window_class

        if window_class(session) is not type(self.window):
            open_window(session, path, self.autosave_enabled)
        else:
            self.controller.load_session(session, path)

    def open_path(self, path: str) -> bool:
        try:
            session = load_session(path)
        except SessionError as exc:
            QMessageBox.warning(self.window, translate("SessionFiles", "Cannot open session"), str(exc))
            return False
        self.open_session(session, path)
        self.add_recent(path)
        self._status(translate("SessionFiles", "Opened {path}").format(path=path), 5000)
        return True

    def save(self) -> bool:
        if not self.controller.path:
            return self.save_as()
        return self.save_to(self.controller.path)

    def save_as(self) -> bool:
        session = self.controller.session
        start = self.controller.path or os.path.join(self.last_dir(), f"{session.name}.json")
        path, _ = QFileDialog.getSaveFileName(self.window, translate("SessionFiles", "Save session"), start, translate("SessionFiles", "Sessions (*.json)"))
        if not path:
            return False
        if not path.endswith(".json"):
            path += ".json"
        if session.name in ("untitled",) or session.name.startswith("classic race"):
            session.name = Path(path).stem
        return self.save_to(path)

    def save_to(self, path: str) -> bool:
        try:
            save_session(self.controller.session, path)
        except OSError as exc:
            QMessageBox.warning(self.window, translate("SessionFiles", "Cannot save"), f"{path}: {exc.strerror or exc}")
            return False
        self.controller.saved(path)
        self.add_recent(path)
        self.window.show_title()
        self._status(translate("SessionFiles", "Saved {path}").format(path=path), 5000)
        return True

    def last_dir(self) -> str:
        recent = self.recent()
        return str(Path(recent[0]).parent) if recent else str(Path.home())

    def recent(self) -> list[str]:
        value = settings().value("recent", [])
        return [value] if isinstance(value, str) else list(value or [])

    def add_recent(self, path: str) -> None:
        path = os.path.abspath(path)
        recent = [path] + [p for p in self.recent() if p != path]
        settings().setValue("recent", recent[:MAX_RECENT])
        self.fill_recent()

    def fill_recent(self) -> None:
        self.recent_menu.clear()
        recent = self.recent()
        for p in recent:
            self.recent_menu.addAction(p, lambda p=p: self.confirm_discard() and self.open_path(p))
        self.recent_menu.setEnabled(bool(recent))

    def autosave(self) -> None:
        """Write the session to the recovery file while it has unsaved changes."""
        if not (self.autosave_enabled and self.controller.modified):
            return
        try:
            path = autosave_path()
            path.parent.mkdir(parents=True, exist_ok=True)
            save_session(self.controller.session, path)
        except OSError:
            pass  # recovery is best effort; the user's own file is untouched

    def closed(self) -> None:
        """The window closed normally: stop autosaving and drop the recovery file."""
        self.autosave_timer.stop()
        if self.autosave_enabled:
            try:
                autosave_path().unlink()
            except OSError:
                pass
