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
    collect_garbage_on_the_gui_thread(app)
    return app


def collect_garbage_on_the_gui_thread(app: QApplication) -> None:
    """Python's cyclic garbage collector runs in whichever thread happens to allocate: in a
    training or curvature worker it would destroy unreachable Qt objects (a QFont, a table item
    of a closed window) off the GUI thread, and Qt's font and text-layout caches are not
    thread-safe. That crashed the GUI random walk (tests/ui/test_gui_walk.py, seed 12) with a
    segfault in QTextLine::layout_helper under QHeaderView sizing, in most runs under
    PySide6 6.10 and some under 6.11. So automatic collection is off and a timer collects on the
    GUI thread instead (pyqtgraph's GarbageCollector, made for exactly this), twice a second."""
    from pyqtgraph.util.garbage_collector import GarbageCollector

    if getattr(app, "_garbage_collector", None) is None:
        app._garbage_collector = GarbageCollector(interval=0.5)


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
    window, errors = first_window(session_path)
    window.show()
    splash.finish(window)
    if errors:
        QMessageBox.warning(window, translate("App", "Cannot open session"), "\n\n".join(errors))
    elif not session_path and not window.controller.modified:  # a plain start (nothing recovered): where the lessons are
        from .start_page import show_at_first_launch

        show_at_first_launch(window)
    return app.exec()


def first_window(session_path: str | None = None):
    """The window the app opens with, and the messages to show over it.

    Tries, in order, the session named on the command line (or else the one recovered after a
    crash) and the classic race. Any failure, of the loader or of a window that cannot show the
    session, becomes a message and the next candidate is tried: start-up never dies of a file.
    """
    from ..session.io import SessionError
    from ..session.model import classic_race
    from .session_files import autosave_path, failure_text, read_session, set_aside
    from .windows import OPEN_WINDOWS, window_for

    errors: list[str] = []
    candidates = []  # (session, path, recovered)
    if session_path:
        try:
            candidates.append((read_session(session_path), session_path, False))
        except SessionError as exc:
            errors.append(str(exc))
            print(f"error: {exc}", file=sys.stderr)
    else:
        recovered = recover_autosave()
        if recovered is not None:
            candidates.append((recovered, None, True))
    for session, path, recovered in candidates:
        try:
            window = window_for(session, path)
        except Exception as exc:  # noqa: BLE001 - say why and fall back to the classic race
            errors.append(translate("App", "Cannot show {what}: {error}").format(
                what=path or translate("App", "the recovered session"), error=failure_text(exc)))
            print(f"error: {errors[-1]}", file=sys.stderr)
            if recovered:
                kept = set_aside(autosave_path())
                if kept is not None:
                    errors.append(translate("App", "The recovered session was kept in {path}.").format(path=kept))
            continue
        if recovered:
            window.controller.mark_modified(True)  # recovered work is unsaved work
        break
    else:
        window = window_for(classic_race("rosenbrock"), None)
    OPEN_WINDOWS.append(window)
    return window, errors


def recover_autosave(parent=None):
    """After a crash the autosave file is still there: offer it back. Returns the session or
    None: nothing to recover, declined (the file is removed) or unreadable (the file is renamed
    aside, ``autosave-unreadable-<time>.json``, and the message says where)."""
    from ..session.io import SessionError
    from .session_files import autosave_path, read_session, set_aside

    path = autosave_path()
    if not path.exists():
        return None
    answer = QMessageBox.question(parent, translate("App", "Recover session?"),
                                  translate("App", "The app did not close normally last time. Recover the "
                                      "unsaved session?"), QMessageBox.Yes | QMessageBox.No)
    if answer != QMessageBox.Yes:
        path.unlink(missing_ok=True)
        return None
    try:
        return read_session(path)
    except SessionError as exc:
        # never delete what may be the user's only copy, and do not ask again at every start
        kept = set_aside(path)
        message = str(exc) if kept is None else "\n\n".join(
            [str(exc), translate("App", "The file was kept as {path}.").format(path=kept)])
        QMessageBox.warning(parent, translate("App", "Cannot recover"), message)
    return None
