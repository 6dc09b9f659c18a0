"""Session files for a window: New, Open, Open Recent, Save, Save As, autosave and recovery.

A :class:`SessionFiles` belongs to one window; it asks before discarding unsaved work and opens
a session of another kind in a window of its own.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, QSettings, QStandardPaths, QTimer
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox

from ..core import limits
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


def read_session(path: str | os.PathLike) -> Session:
    """:func:`load_session` whose every failure is a :class:`SessionError` with a one-line
    message: a hole the loader's own checks missed must cost the user a message, never the
    window or the app (issue 12)."""
    try:
        return load_session(path)
    except SessionError:
        raise
    except Exception as exc:  # noqa: BLE001 - anything at all: the caller shows it
        raise SessionError(limits.clip(f"{path}: cannot open ({type(exc).__name__}: {exc})")) from None


def failure_text(exc: BaseException) -> str:
    """One short line for an unexpected error (its type tells a bug report what happened)."""
    if isinstance(exc, (SessionError, OSError)):
        return limits.clip(str(exc))
    return limits.clip(f"{type(exc).__name__}: {exc}")


def set_aside(path: Path) -> Path | None:
    """Rename an unreadable recovery file so that nothing is lost and the app stops asking."""
    target = path.with_name(f"{path.stem}-unreadable-{int(time.time())}{path.suffix}")
    try:
        path.replace(target)
    except OSError:
        return None
    return target


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

    def open_session(self, session: Session, path: str | None) -> bool:
        """Show ``session`` here, or in a new window when it is of another kind. If that fails,
        say why and keep what was open (the session shown here stays as it was)."""
        from .windows import open_window, window_class

        try:
            if window_class(session) is not type(self.window):
                open_window(session, path, self.autosave_enabled)
            else:
                self._replace_session(session, path)
        except Exception as exc:  # noqa: BLE001 - a session the views cannot show: say so
            QMessageBox.warning(self.window, translate("SessionFiles", "Cannot open session"),
                                failure_text(exc))
            return False
        return True

    def _replace_session(self, session: Session, path: str | None) -> None:
        controller = self.controller
        old = (controller.session, controller.path, controller.modified)
        try:
            controller.load_session(session, path)
            if getattr(self.window, "view_error", None) is not None:
                raise self.window.view_error  # the views could not show it (see _on_structure)
        except Exception:
            controller.load_session(*old[:2])  # back to what was shown (it was shown before)
            controller.mark_modified(old[2])
            raise

    def open_path(self, path: str) -> bool:
        try:
            session = read_session(path)
        except SessionError as exc:
            QMessageBox.warning(self.window, translate("SessionFiles", "Cannot open session"), str(exc))
            return False
        if not self.open_session(session, path):
            return False
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
            QMessageBox.warning(self.window, translate("SessionFiles", "Cannot save"),
                                limits.clip(f"{path}: {exc.strerror or exc}"))
            return False
        except Exception as exc:  # noqa: BLE001 - the old file is intact (atomic save): say why
            QMessageBox.warning(self.window, translate("SessionFiles", "Cannot save"),
                                limits.clip(f"{path}: {failure_text(exc)}"))
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
        value = [value] if isinstance(value, str) else value
        # the settings file is the user's to edit: keep only the paths it really holds
        return [p for p in value if isinstance(p, str) and p][:MAX_RECENT] if isinstance(value, list) else []

    def add_recent(self, path: str) -> None:
        path = os.path.abspath(path)
        recent = [path] + [p for p in self.recent() if p != path]
        settings().setValue("recent", recent[:MAX_RECENT])
        self.fill_recent()

    def fill_recent(self) -> None:
        self.recent_menu.clear()
        recent = self.recent()
        for p in recent:
            self.recent_menu.addAction(p, lambda p=p: self.open_recent(p))
        self.recent_menu.setEnabled(bool(recent))

    def open_recent(self, path: str) -> bool:
        """Open a recent file; one that has gone since is also dropped from the list."""
        if not self.confirm_discard():
            return False
        if self.open_path(path):
            return True
        if not os.path.exists(path):
            settings().setValue("recent", [p for p in self.recent() if p != path])
            self.fill_recent()
        return False

    def autosave(self) -> None:
        """Write the session to the recovery file while it has unsaved changes."""
        if not (self.autosave_enabled and self.controller.modified):
            return
        try:
            path = autosave_path()
            path.parent.mkdir(parents=True, exist_ok=True)
            save_session(self.controller.session, path)
        except Exception as exc:  # noqa: BLE001 - best effort: the user's own file is untouched
            # a line in the status bar, never a dialog every 20 s
            self._status(translate("SessionFiles", "Autosave failed: {error}").format(
                error=failure_text(exc)), 8000)

    def closed(self) -> None:
        """The window closed normally: stop autosaving and drop the recovery file."""
        self.autosave_timer.stop()
        if self.autosave_enabled:
            try:
                autosave_path().unlink()
            except OSError:
                pass
