"""The start page: shown at the first launch only (remembered in the settings) and from Help ▸
Start page; every lesson and both free-play tiles, each opening the right thing."""

import pytest
from PySide6.QtWidgets import QApplication, QDialog

from playground.lessons import LESSONS, lesson_text
from playground.ui import start_page
from playground.ui.windows import OPEN_WINDOWS


@pytest.fixture
def first_launch():
    """Settings as on a machine where the app never ran."""
    from playground.ui.session_files import settings

    settings().remove(start_page.SHOWN_SETTING)
    yield
    settings().remove(start_page.SHOWN_SETTING)


def _pages():
    return [w for w in QApplication.topLevelWidgets()
            if isinstance(w, start_page.StartPage) and w.isVisible()]


def test_first_launch_shows_it_and_the_second_does_not(qtbot, make_window, first_launch, monkeypatch):
    from playground.ui import app

    make_window()  # the fixture's set-up (dialogs never block), then the real start-up path
    monkeypatch.setattr(QApplication, "exec", staticmethod(lambda: 0))
    assert app.run_app(None) == 0
    (page,) = _pages()
    assert page.parent() is OPEN_WINDOWS[-1]
    page.close()
    qtbot.waitUntil(lambda: not _pages())
    assert app.run_app(None) == 0  # the next start goes straight to the window
    assert not _pages()


def test_a_session_file_on_the_command_line_skips_it(qtbot, make_window, first_launch, monkeypatch, tmp_path):
    from playground.session.io import save_session
    from playground.session.model import classic_race
    from playground.ui import app

    make_window()
    path = tmp_path / "race.json"
    save_session(classic_race("bowl"), path)
    monkeypatch.setattr(QApplication, "exec", staticmethod(lambda: 0))
    app.run_app(str(path))
    assert not _pages()


def test_help_menu_shows_it_with_every_lesson_and_free_play(qtbot, make_window):
    w = make_window()
    help_menu = next(a.menu() for a in w.menuBar().actions() if a.text() == "&Help")
    action = next(a for a in help_menu.actions() if a.text() == "Start page")
    action.trigger()
    (page,) = _pages()
    assert list(page.tiles) == list(LESSONS) + ["free-play-surfaces", "free-play-network"]
    for name in LESSONS:
        tile = page.tiles[name]
        assert (tile.title.text(), tile.line.text()) == (lesson_text(name).title, lesson_text(name).summary)
    assert page.tiles["free-play-network"].title.text() == "Free play: build a network"
    page.close()


def test_each_lesson_tile_opens_its_lesson(qtbot, make_window):
    w = make_window()
    for name in LESSONS:
        page = w.show_start_page()
        page.tiles[name].click()
        assert page.result() == QDialog.Accepted and not page.isVisible()
        # a surface lesson opens here, a network lesson in a network window beside this one
        window = OPEN_WINDOWS.pop() if OPEN_WINDOWS else w
        assert window.controller.session.lesson == name
        assert window.controller.session.name == LESSONS[name].parts[0]
        assert window.lesson_dock.isVisible() and lesson_text(name).title in window.lesson_dock.text.text()
        assert window.controller.session.is_network == (type(window).__name__ == "NetworkWindow")
        if window is not w:
            window.close()
            window.controller.shutdown()


def test_free_play_tiles_open_a_race_and_a_network(qtbot, make_window):
    from playground.lessons import lesson_sessions

    w = make_window(lesson_sessions("warmup")[0])  # a network window on a lesson
    w.show_start_page().tiles["free-play-network"].click()
    assert w.controller.session.is_network and w.controller.session.lesson is None
    assert not w.lesson_dock.isVisible()
    w.show_start_page().tiles["free-play-surfaces"].click()  # another kind: a window beside it
    surface = OPEN_WINDOWS[-1]
    assert not surface.controller.session.is_network and surface.controller.session.lesson is None
    assert [r.optimizer for r in surface.controller.session.runs][:2] == ["sgd", "sgd"]


def test_tiles_show_their_thumbnails(qtbot, make_window):
    w = make_window()
    page = w.show_start_page()
    for key, tile in page.tiles.items():
        has_file = start_page.thumbnail_path(key).is_file()
        assert (tile.picture.pixmap() is not None and not tile.picture.pixmap().isNull()) == has_file, key
    page.close()


def test_the_page_is_in_chinese_when_the_interface_is(qtbot, make_window):
    from playground.ui import language

    language.install("zh")
    try:
        w = make_window()
        page = w.show_start_page()
        assert page.tiles["saddle-point"].title.text() == lesson_text("saddle-point", "zh").title
        page.close()
    finally:
        language.install("en")
