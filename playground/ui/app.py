"""Starting the desktop app."""

from __future__ import annotations

import sys

import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QApplication, QMessageBox

translate = QCoreApplication.translate


def make_app() -> QApplication:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setOrganizationName("OptimizationPlayground")
    app.setApplicationName("OptimizationPlayground")
    from .language import install

    install()  # the interface language before any widget is built
    app.setApplicationDisplayName(translate("App", "Optimization Playground"))
    pg.setConfigOptions(imageAxisOrder="row-major", antialias=False)
    apply_style(app)
    return app


def apply_style(app: QApplication) -> None:
    """A calm dark theme that matches the plots (resources/style/playground.qss), and the app's
    icon on every window."""
    from PySide6.QtGui import QIcon

    from ..core import resources

    app.setStyle("Fusion")
    try:
        app.setStyleSheet(resources.style_sheet())
    except OSError as exc:  # a broken install: plain Fusion still works
        print(f"note: no style sheet ({exc}); the app keeps Qt's own look", file=sys.stderr)
    app.setWindowIcon(QIcon(str(resources.icon_file())))


def run_app(session_path: str | None = None) -> int:
    """Open a window on a session file, on a session recovered after a crash, or on the
    classic race; a network session opens the network window."""
    app = make_app()
    # the first optimizer PyTorch builds imports torch._dynamo (~1.5 s here): say so at once
    from PySide6.QtGui import QColor, QPixmap
    from PySide6.QtWidgets import QSplashScreen

    pixmap = QPixmap(420, 120)
    pixmap.fill(QColor("#24242b"))
    splash = QSplashScreen(pixmap)
    splash.showMessage(translate("App", "Optimization Playground\n\nloading PyTorch…"), Qt.AlignCenter, QColor("#e6e6e6"))
    splash.show()
    app.processEvents()
    from ..session.io import SessionError, load_session
    from ..session.model import classic_race
    from .windows import OPEN_WINDOWS, window_for

    session, path, error = None, None, None
    if session_path:
        try:
            session, path = load_session(session_path), session_path
        except SessionError as exc:
            error = str(exc)
            print(f"error: {exc}", file=sys.stderr)
    recovered = None if session_path else recover_autosave()
    window = window_for(recovered or session or classic_race("rosenbrock"), path)
    if recovered is not None:
        window.controller.mark_modified(True)  # recovered work is unsaved work
    OPEN_WINDOWS.append(window)
    window.show()
    splash.finish(window)
    if error:
        QMessageBox.warning(window, translate("App", "Cannot open session"), error)
    elif session is None and recovered is None:  # a plain start: where the lessons are
        from .start_page import show_at_first_launch

        show_at_first_launch(window)
    return app.exec()


def recover_autosave(parent=None):
    """After a crash the autosave file is still there: offer it back. Returns the session or
    None (declined, unreadable, or nothing to recover; the file is then removed)."""
    from ..session.io import SessionError, load_session
    from .session_files import autosave_path

    path = autosave_path()
    if not path.exists():
        return None
    answer = QMessageBox.question(parent, translate("App", "Recover session?"),
                                  translate("App", "The app did not close normally last time. Recover the "
                                      "unsaved session?"), QMessageBox.Yes | QMessageBox.No)
    try:
        if answer == QMessageBox.Yes:
            return load_session(path)
    except SessionError as exc:
        QMessageBox.warning(parent, translate("App", "Cannot recover"), str(exc))
    finally:
        if answer != QMessageBox.Yes:
            path.unlink(missing_ok=True)
    return None
