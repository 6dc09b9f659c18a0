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

    def show_lesson(self, session: Session) -> None:
        from ..lessons import LESSONS

        lesson = LESSONS.get(session.lesson or "")
        if lesson is None:
            self.hide()
            return
        part = f" — {session.name}" if len(lesson.parts) > 1 else ""
        self.text.setText(f"<b>{lesson.title}</b>{part}<br>{lesson.text}"
                          + QCoreApplication.translate("LessonDock", "<br><i>Press Space to play.</i>"))
        self.show()
