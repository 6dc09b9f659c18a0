"""The Lessons menu and the dock that explains the open lesson."""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QDockWidget, QLabel, QMenu

from ..session.model import Session


def fill_lessons_menu(menu: QMenu, open_lesson: Callable[[str, int], None]) -> None:
    """One entry per lesson (a submenu for a lesson of several parts); ``open_lesson(name,
    part)`` is called when one is chosen."""
    from ..core.resources import lesson_title
    from ..lessons import LESSONS
    from .language import current

    for name, lesson in LESSONS.items():  # sessions are built only when one is opened
        title = lesson_title(name, current(), lesson.title)
        if len(lesson.parts) == 1:
            menu.addAction(title, lambda n=name: open_lesson(n, 0))
        else:
            sub = menu.addMenu(title)
            for k, part in enumerate(lesson.parts):
                sub.addAction(part, lambda n=name, k=k: open_lesson(n, k))


class LessonDock(QDockWidget):
    """The lesson's explanation, shown only while a lesson session is open."""

    def __init__(self, parent=None):
        super().__init__(QCoreApplication.translate("LessonDock", "Lesson"), parent)
        self.setObjectName("dock-lesson")
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.RichText)
        self.text.setAlignment(Qt.AlignTop | Qt.AlignLeft)
        self.text.setStyleSheet("padding: 6px 8px; font-size: 10.5pt;")
        self.text.setMaximumHeight(110)  # a few lines: the views keep the space
        self.setWidget(self.text)

    def show_lesson(self, session: Session, left: str | None = None) -> None:
        """Show ``session``'s lesson; or, when the session has left lesson ``left`` (its setup
        changed), that lesson's text greyed under a note, so the text no longer passes for a
        description of what is on screen; or nothing."""
        from ..lessons import LESSONS

        lesson = LESSONS.get(session.lesson or "")
        if lesson is not None:
            part = f" — {session.name}" if len(lesson.parts) > 1 else ""
            self.text.setText(f"<b>{lesson.title}</b>{part}<br>{lesson.text}"
                              + QCoreApplication.translate("LessonDock", "<br><i>Press Space to play.</i>"))
            self.text.setEnabled(True)
            self.show()
            return
        lesson = LESSONS.get(left or "")
        if lesson is None:
            self.hide()
            return
        note = QCoreApplication.translate(
            "LessonDock", "Setup changed: this is no longer the lesson “{title}” (Lessons menu: open it again).")
        self.text.setText(f"<b>{note.format(title=lesson.title)}</b><br>{lesson.text}")
        self.text.setEnabled(False)  # greyed: kept for reading, not a description of the view
        self.show()
