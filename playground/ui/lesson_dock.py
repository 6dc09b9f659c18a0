"""The Lessons menu and the dock that explains the open lesson."""

from __future__ import annotations

import html
from typing import Callable

from PySide6.QtCore import QCoreApplication, QEvent, Qt, QTimer
from PySide6.QtWidgets import QDockWidget, QFrame, QLabel, QMenu, QScrollArea

from ..session.model import Session
from .panels.math_text import formula_html

translate = QCoreApplication.translate

#: the most of the window's height the dock takes to fit its text (the rest scrolls)
MAX_SHARE = 0.3
#: and the height it always leaves to the left column (toolbar, runs and the LR preview at the
#: top of the optimizer dock, which must stay in view at 1280x720)
KEEP_FOR_COLUMN = 540


def text_height_cap(window_height: int) -> int:
    """The most height the lesson's text area takes in a window ``window_height`` tall."""
    return max(80, min(int(MAX_SHARE * window_height), window_height - KEEP_FOR_COLUMN))


def fill_lessons_menu(menu: QMenu, open_lesson: Callable[[str, int], None]) -> None:
    """One entry per lesson (a submenu for a lesson of several parts); ``open_lesson(name,
    part)`` is called when one is chosen."""
    from ..lessons import LESSONS, lesson_text
    from .language import current

    for name, lesson in LESSONS.items():  # sessions are built only when one is opened
        title = lesson_text(name, current()).title
        if len(lesson.parts) == 1:
            menu.addAction(title, lambda n=name: open_lesson(n, 0))
        else:
            sub = menu.addMenu(title)
            for k, part in enumerate(lesson.parts):
                sub.addAction(part, lambda n=name, k=k: open_lesson(n, k))


def lesson_html(name: str, part: str, lang: str) -> str:
    """The dock's rich text for lesson ``name`` (``part``: the part's name, or "" for a lesson of
    one part): title, explanation, "try this next", the formula and how to start."""
    from ..lessons import lesson_text

    t = lesson_text(name, lang)
    heading = f"<b>{html.escape(t.title, quote=False)}</b>"
    if part:
        heading += f" — {html.escape(part, quote=False)}"
    blocks = [f'<div style="font-size:11.5pt">{heading}</div>', f"<div>{t.text}</div>"]
    if t.try_next:
        blocks.append("<div>" + translate("LessonDock", "<b>Try this next:</b> {text}").format(text=t.try_next)
                      + "</div>")
    if t.formula:
        # the formula on its own line in a mathematical face, never broken inside an equation
        blocks.append('<div style="color:#d8d8a8; font-family:\'DejaVu Serif\', serif; font-size:11pt">'
                      + formula_html([t.formula]) + "</div>")
    # (the same translated string as before the blocks were divs: its line break is the div's)
    blocks.append("<div>" + translate("LessonDock", "<br><i>Press Space to play.</i>").removeprefix("<br>")
                  + "</div>")
    return "".join(blocks)


class LessonDock(QDockWidget):
    """The lesson's explanation, shown only while a lesson session is open. It takes the height
    its text needs at the dock's width (at most :data:`MAX_SHARE` of the window; beyond that
    it scrolls), so nothing is clipped and the other docks keep the rest."""

    def __init__(self, parent=None):
        super().__init__(translate("LessonDock", "Lesson"), parent)
        self.setObjectName("dock-lesson")
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.RichText)
        self.text.setAlignment(Qt.AlignTop | Qt.AlignLeft)
        self.text.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.text.setStyleSheet("padding: 6px 10px; font-size: 10.5pt;")
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.scroll.setWidget(self.text)
        self.setWidget(self.scroll)
        self._fitted = (-1, -1)  # (dock width, window height) the height was last fitted to
        if parent is not None:  # a taller or shorter window changes the dock's share
            parent.installEventFilter(self)

    def show_lesson(self, session: Session, left: str | None = None) -> None:
        """Show ``session``'s lesson; or, when the session has left lesson ``left`` (its setup
        changed), that lesson's text greyed under a note, so the text no longer passes for a
        description of what is on screen; or nothing."""
        from ..lessons import LESSONS, lesson_text
        from .language import current

        lesson = LESSONS.get(session.lesson or "")
        if lesson is not None:
            part = session.name if len(lesson.parts) > 1 else ""
            self.text.setText(lesson_html(lesson.name, part, current()))
            self.text.setEnabled(True)
        else:
            lesson = LESSONS.get(left or "")
            if lesson is None:
                self.hide()
                return
            note = translate(
                "LessonDock", "Setup changed: this is no longer the lesson “{title}” (Lessons menu: open it again).")
            title = lesson_text(lesson.name, current()).title
            self.text.setText(f"<div><b>{html.escape(note.format(title=title), quote=False)}</b></div>"
                              + lesson_html(lesson.name, "", current()))
            self.text.setEnabled(False)  # greyed: kept for reading, not a description of the view
        self.show()
        self._fitted = (-1, -1)
        QTimer.singleShot(0, self, self.fit_height)  # once the dock has its width

    def needed_height(self) -> int:
        """The text area's height that shows the whole text at the current width."""
        return self.text.heightForWidth(self.scroll.viewport().width())

    def fit_height(self) -> None:
        """Hold the text area at the height its text needs (a fixed height: the window's
        layout honours it whatever else resizes; a dock asked to resize is not)."""
        window = self.parent()
        if not self.isVisible() or window is None:
            return
        self._fitted = (self.width(), window.height())
        self.scroll.setFixedHeight(min(self.needed_height(), text_height_cap(window.height())))

    def _refit_if_changed(self) -> None:
        window = self.parent()
        if self.isVisible() and window is not None and (self.width(), window.height()) != self._fitted:
            QTimer.singleShot(0, self, self.fit_height)  # narrower: more lines; wider: fewer

    def resizeEvent(self, event):
        super().resizeEvent(event)
        self._refit_if_changed()

    def eventFilter(self, watched, event):
        if event.type() == QEvent.Resize and watched is self.parent():
            self._refit_if_changed()
        return False
