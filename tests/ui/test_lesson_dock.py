"""The lesson dock: title, explanation, "try this next" and the formula of the open lesson, in
the interface's language, all of it in view (the dock takes the height its text needs), and
the saddle lesson's escape button in view beside it at the window's default size."""

import html

import pytest

from playground.lessons import LESSONS, lesson_sessions, lesson_text
from playground.ui.lesson_dock import MAX_SHARE, lesson_html, text_height_cap
from playground.ui.panels.math_text import formula_html

#: the window's size when nothing is remembered (PlaygroundWindow.__init__)
DEFAULT_SIZE = (1500, 950)


@pytest.fixture
def fresh_layout():
    """No remembered window layout: the windows open as a first-time user sees them."""
    from playground.ui.session_files import settings

    for kind in ("surface", "network"):
        settings().remove(kind)
    yield


@pytest.fixture(params=["en", "zh"])
def lang(request, make_window):
    from playground.ui import language

    language.install(request.param)
    yield request.param
    language.install("en")


@pytest.mark.parametrize("name", list(LESSONS))
@pytest.mark.parametrize("language", ["en", "zh"])
def test_the_dock_text_has_every_part_of_the_lesson(name, language):
    text, shown = lesson_text(name, language), lesson_html(name, "", language)
    assert f"<b>{html.escape(text.title, quote=False)}</b>" in shown
    assert text.text in shown and text.try_next in shown
    assert text.formula and formula_html([text.formula]) in shown
    # rendered: real subscripts, no TeX-like markup left, equations kept whole
    assert "_{" not in shown and "^{" not in shown
    assert shown.index(text.text) < shown.index(text.try_next)


def test_formulas_are_rendered_with_real_scripts():
    shown = lesson_html("normalization-flattens", "", "en")
    assert "λ<sub>max</sub>/λ<sub>min</sub>" in shown
    assert "γ<sup>⌊t/s⌋</sup>" in lesson_html("schedules-compared", "", "en")


def _scrolled_out(widget):
    """How many pixels of ``widget`` lie outside the viewport of the scroll area it is in."""
    from PySide6.QtCore import QRect

    area = widget.parentWidget()
    while not hasattr(area, "viewport"):
        area = area.parentWidget()
    viewport = area.viewport()
    rect = QRect(widget.mapTo(viewport, widget.rect().topLeft()), widget.size())
    return max(0, rect.bottom() - viewport.rect().bottom(), viewport.rect().top() - rect.top())


def _settle(qtbot, window):
    """Let the dock fit its height (once it has its width, on a zero timer) and the window lay
    itself out again."""
    d = window.lesson_dock
    qtbot.waitUntil(lambda: not d.isVisible() or d.scroll.height() == min(
        d.needed_height(), text_height_cap(window.height())), timeout=3000)
    qtbot.wait(30)
    window.controller.mark_dirty()
    window.redraw()


def _fits(dock):
    """The whole text is shown: the label has the height its text needs, nothing scrolls."""
    label, bar = dock.text, dock.scroll.verticalScrollBar()
    return label.height() >= label.heightForWidth(dock.scroll.viewport().width()) and bar.maximum() == 0


def test_the_longest_lessons_fit_without_scrolling(qtbot, make_window, fresh_layout, lang):
    longest = sorted(LESSONS, key=lambda n: -len(lesson_text(n, lang).text + lesson_text(n, lang).try_next))
    for name in longest[:2] + ["saddle-point"]:
        w = make_window(lesson_sessions(name)[0])
        w.resize(*DEFAULT_SIZE)
        _settle(qtbot, w)
        assert w.lesson_dock.isVisible() and _fits(w.lesson_dock), name
        assert lesson_text(name, lang).title in w.lesson_dock.text.text()
        assert w.lesson_dock.height() < 0.35 * w.height()  # the views keep most of the window


def test_saddle_escape_button_in_view_at_the_default_size(qtbot, make_window, fresh_layout, lang):
    w = make_window(lesson_sessions("saddle-point")[0])
    w.resize(*DEFAULT_SIZE)
    w.controller.play(until=3)
    assert w.controller.wait_idle(30)
    _settle(qtbot, w)
    button = w.inspector.escape
    assert button.isEnabled() and button.isVisible()  # at the saddle: the way out is offered
    assert _scrolled_out(button) == 0
    assert _fits(w.lesson_dock)


def test_the_dock_follows_a_sequence_of_lessons_and_sizes(qtbot, make_window, fresh_layout):
    """No stale text or height: a shorter lesson shrinks the dock, a narrower window makes it
    taller, a session without a lesson hides it and a lesson shows it again."""
    w = make_window(lesson_sessions("adaptive-bursts")[0])
    w.resize(*DEFAULT_SIZE)
    _settle(qtbot, w)
    long_height = w.lesson_dock.height()
    w.open_lesson("schedules-compared")
    _settle(qtbot, w)
    assert lesson_text("schedules-compared").title in w.lesson_dock.text.text()
    assert lesson_text("adaptive-bursts").title not in w.lesson_dock.text.text()
    assert _fits(w.lesson_dock) and w.lesson_dock.height() < long_height
    wide_height = w.lesson_dock.height()
    w.resize(1100, DEFAULT_SIZE[1])
    _settle(qtbot, w)
    assert _fits(w.lesson_dock) and w.lesson_dock.height() > wide_height
    w.resize(1100, 500)  # a short window: the dock keeps to its share, the rest scrolls
    _settle(qtbot, w)
    assert w.lesson_dock.height() <= (MAX_SHARE + 0.05) * w.height()
    assert w.lesson_dock.scroll.verticalScrollBar().maximum() > 0
    w.resize(*DEFAULT_SIZE)
    _settle(qtbot, w)
    assert _fits(w.lesson_dock)
    w.new_session()
    _settle(qtbot, w)
    assert not w.lesson_dock.isVisible()
    w.open_lesson("momentum-over-the-bump", 1)  # a lesson of two parts: the part is named
    _settle(qtbot, w)
    assert w.lesson_dock.isVisible() and _fits(w.lesson_dock)
    assert "momentum overshoots on the ravine" in w.lesson_dock.text.text()


def test_switching_language_shows_the_lesson_in_the_new_language(qtbot, make_window, fresh_layout,
                                                                switching_language):
    from playground.ui import language
    from playground.ui.windows import OPEN_WINDOWS

    window = make_window(lesson_sessions("saddle-point")[0])
    OPEN_WINDOWS.append(window)
    _settle(qtbot, window)
    language.install("zh")
    window.retranslate("zh")  # what View ▸ Language ▸ 简体中文 does
    zh = OPEN_WINDOWS[-1]
    assert zh is not window and zh.controller.session.lesson == "saddle-point"
    zh.resize(*DEFAULT_SIZE)
    _settle(qtbot, zh)
    shown = zh.lesson_dock.text.text()
    assert lesson_text("saddle-point", "zh").title in shown and lesson_text("saddle-point", "zh").try_next in shown
    assert lesson_text("saddle-point", "en").title not in shown  # nothing stale
    assert _fits(zh.lesson_dock)
