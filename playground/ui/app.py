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
    """A calm dark theme that matches the plots."""
    app.setStyle("Fusion")
    app.setStyleSheet("""
        QWidget { background: #24242b; color: #e6e6e6; font-size: 10pt; }
        QMainWindow::separator { background: #33333d; width: 4px; height: 4px; }
        QDockWidget::title { background: #2e2e37; padding: 4px 8px; font-weight: bold; }
        QGroupBox { border: 1px solid #3a3a45; border-radius: 5px; margin-top: 12px; padding-top: 6px; }
        QGroupBox::title { subcontrol-origin: margin; left: 8px; color: #bdbdc8; }
        QLineEdit, QComboBox, QSpinBox, QListWidget, QTableWidget {
            background: #1c1c22; border: 1px solid #3a3a45; border-radius: 3px; padding: 2px; }
        QPushButton, QToolButton { background: #33333d; border: 1px solid #45454f; border-radius: 4px; padding: 4px 9px; }
        QPushButton:hover, QToolButton:hover { background: #3d3d49; }
        QPushButton:disabled { color: #77777f; }
        QHeaderView::section { background: #2e2e37; border: none; padding: 3px; }
        QMenuBar::item:selected, QMenu::item:selected { background: #3d3d49; }
        QStatusBar QLabel { color: #c8c8d0; padding: 0 6px; }
        QToolBar { border: none; spacing: 4px; padding: 3px; }
    """)


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
