"""The playground's windows, one class per problem kind.

:data:`WINDOWS` maps a session's problem kind to its window class (as napari's
``layer_to_controls`` maps layer types to their controls); the base window never names a
subclass. A new problem kind adds one module here and one line to the table.
"""

from __future__ import annotations

from ...session.model import Session
from .base import OPEN_WINDOWS, PlaygroundWindow, playground_windows
from .network import NetworkWindow
from .surface import MainWindow

#: problem kind -> window class
WINDOWS: dict[str, type[PlaygroundWindow]] = {
    "surface": MainWindow,
    "network": NetworkWindow,
}


def problem_kind(session: Session) -> str:
    return "network" if session.is_network else "surface"


def window_class(session: Session) -> type[PlaygroundWindow]:
    """The window class that shows ``session``."""
    return WINDOWS[problem_kind(session)]


def window_for(session: Session, path: str | None = None, autosave: bool = True) -> PlaygroundWindow:
    """A new window of the right kind for ``session``."""
    return window_class(session)(session, path, autosave)


def open_window(session: Session, path: str | None = None, autosave: bool = True) -> PlaygroundWindow:
    """Show ``session`` in a new window of its own, kept in :data:`OPEN_WINDOWS`."""
    others = playground_windows()
    window = window_for(session, path, autosave)
    OPEN_WINDOWS.append(window)
    cascade(window, others)
    window.show()
    return window


#: how far each new window sits from the last: its title bar stays visible
CASCADE = 32


def cascade(window, others) -> None:
    """Place ``window`` down and right of the newest of ``others`` (windows restore one saved
    geometry, so they would open exactly on top of each other), staying on the screen."""
    from PySide6.QtCore import QPoint

    if not others:
        return
    last = max(others, key=lambda w: w.x() + w.y())  # the lowest, rightmost of the pile
    pos = last.pos() + QPoint(CASCADE, CASCADE)
    screen = last.screen().availableGeometry() if last.screen() else None
    if screen is not None and (pos.x() + window.width() > screen.right()
                               or pos.y() + window.height() > screen.bottom()):
        pos = screen.topLeft() + QPoint(CASCADE * (len(others) % 4), CASCADE * (len(others) % 4))
    window.move(pos)


__all__ = ["OPEN_WINDOWS", "WINDOWS", "MainWindow", "NetworkWindow", "PlaygroundWindow",
           "open_window", "window_class", "window_for"]
