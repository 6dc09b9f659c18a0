"""The start page: every lesson as a tile (thumbnail, title, one line) plus the two ways to play
freely, shown at the first launch and from Help ▸ Start page. A click opens the lesson (or the
free-play session) in the window that showed the page, as the Lessons menu would.

Thumbnails are resources/lessons/thumbs/<key>.png, made by scripts/make_thumbnails.py; a
missing one leaves its tile with the text alone.
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QSize, Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (QDialog, QGridLayout, QLabel, QPushButton, QScrollArea,
                               QSizePolicy, QVBoxLayout, QWidget)

from ..core import resources

translate = QCoreApplication.translate

#: settings key: the start page has been shown once (it then waits for Help ▸ Start page)
SHOWN_SETTING = "start_page/shown"
#: the free-play tiles: kind -> (title, one line), translated where shown; the thumbnail of
#: kind K is free-play-K.png
FREE_PLAY = {
    "surfaces": (QT_TRANSLATE_NOOP("StartPage", "Free play: surfaces"),
                 QT_TRANSLATE_NOOP("StartPage", "Race optimizers on any surface, or type your own formula.")),
    "network": (QT_TRANSLATE_NOOP("StartPage", "Free play: build a network"),
                QT_TRANSLATE_NOOP("StartPage", "Click a network together and train it on a toy dataset.")),
}
THUMB_SIZE = QSize(240, 150)
COLUMNS = 4


def thumbnail_path(key: str):
    """Where the thumbnail of lesson (or free-play tile) ``key`` lives."""
    return resources.path("lessons", "thumbs", f"{key}.png")


class Tile(QPushButton):
    """One clickable tile: thumbnail, bold title, a line of explanation."""

    def __init__(self, key: str, title: str, line: str, parent=None):
        super().__init__(parent)
        self.key = key
        self.setObjectName(f"tile-{key}")
        self.setCursor(Qt.PointingHandCursor)
        self.setToolTip(line)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        self.picture = QLabel()
        self.picture.setFixedSize(THUMB_SIZE)
        self.picture.setAlignment(Qt.AlignCenter)
        pixmap = QPixmap(str(thumbnail_path(key)))
        if pixmap.isNull():  # not made yet: the tile still says what it opens
            self.picture.setStyleSheet("background: #1c1c22; border-radius: 4px;")
        else:
            self.picture.setPixmap(pixmap.scaled(THUMB_SIZE, Qt.KeepAspectRatio, Qt.SmoothTransformation))
        self.title = QLabel(title)
        self.title.setWordWrap(True)
        self.title.setStyleSheet("font-weight: bold; font-size: 10.5pt; background: transparent;")
        self.line = QLabel(line)
        self.line.setWordWrap(True)
        self.line.setStyleSheet("color: #b8b8c4; background: transparent;")
        for label in (self.title, self.line):
            label.setFixedWidth(THUMB_SIZE.width())
            label.setAttribute(Qt.WA_TransparentForMouseEvents)  # the click is the tile's
        self.picture.setAttribute(Qt.WA_TransparentForMouseEvents)
        layout.addWidget(self.picture)
        layout.addWidget(self.title)
        layout.addWidget(self.line)
        layout.addStretch(1)
        self.setStyleSheet("QPushButton { text-align: left; padding: 0; }")
        self.setSizePolicy(QSizePolicy.Fixed, QSizePolicy.Preferred)  # a row's tiles: one height

    def sizeHint(self):
        return self.layout().sizeHint()

    def minimumSizeHint(self):
        return self.layout().minimumSize()


class StartPage(QDialog):
    """The gallery. ``open_lesson(name)`` and ``free_play(kind)`` ("surfaces" or "network") are
    called when a tile is clicked; the page then closes."""

    def __init__(self, open_lesson: Callable[[str], None], free_play: Callable[[str], None], parent=None):
        super().__init__(parent)
        from ..lessons import LESSONS, lesson_text
        from .language import current

        self.setObjectName("start-page")
        self.setWindowTitle(translate("StartPage", "Start page"))
        lang = current()
        outer = QVBoxLayout(self)
        heading = QLabel(translate("StartPage", "<b>Optimization Playground</b> — pick a lesson, press "
                                   "Space and watch; or play freely."))
        heading.setWordWrap(True)
        heading.setStyleSheet("font-size: 13pt; padding: 6px 4px;")
        outer.addWidget(heading)
        grid_host = QWidget()
        grid = QGridLayout(grid_host)
        grid.setSpacing(10)
        self.tiles: dict[str, Tile] = {}
        entries = [(name, lesson_text(name, lang).title, lesson_text(name, lang).summary,
                    lambda n=name: open_lesson(n)) for name in LESSONS]
        entries += [(f"free-play-{kind}", translate("StartPage", title), translate("StartPage", line),
                     lambda k=kind: free_play(k)) for kind, (title, line) in FREE_PLAY.items()]
        for i, (key, title, line, action) in enumerate(entries):
            tile = Tile(key, title, line)
            tile.clicked.connect(lambda _checked=False, act=action: self._chosen(act))
            grid.addWidget(tile, i // COLUMNS, i % COLUMNS)
            self.tiles[key] = tile
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(grid_host)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        outer.addWidget(scroll, 1)
        hint = QLabel(translate("StartPage", "This page is always in Help ▸ Start page."))
        hint.setStyleSheet("color: #9a9aa8;")
        outer.addWidget(hint)
        width = grid_host.sizeHint().width() + scroll.verticalScrollBar().sizeHint().width() + 30
        self.resize(width, 860)

    def _chosen(self, action) -> None:
        self.accept()
        action()


def free_play_session(kind: str):
    """The session a free-play tile opens ("surfaces": the classic race; "network": a small
    network on the circles)."""
    from ..session.model import classic_network, classic_race

    return classic_network("circles") if kind == "network" else classic_race("rosenbrock")


def show_start_page(window) -> StartPage:
    """Show the start page over ``window`` (a PlaygroundWindow); clicks open there."""

    def free_play(kind: str) -> None:
        if window.session_files.confirm_discard():
            window.session_files.open_session(free_play_session(kind), None)

    page = StartPage(lambda name: window.open_lesson(name, 0), free_play, window)
    page.setAttribute(Qt.WA_DeleteOnClose)
    page.show()
    return page


def show_at_first_launch(window) -> StartPage | None:
    """The start page, the first time the app starts on this machine (then only on request)."""
    from .session_files import settings

    if settings().value(SHOWN_SETTING, False, type=bool):
        return None
    settings().setValue(SHOWN_SETTING, True)
    return show_start_page(window)
