"""Layout at the smallest supported size, 1280×720 (issue 8, item 6): every dock's content fits
its width (no sideways scrolling), the LR preview is in view without scrolling, the decision map
and the surface are neither covered by a dock nor cut off by their own titles; in both windows,
with and without a lesson open. Screenshots of these states go to the test's tmp folder."""

import pytest
from PySide6.QtCore import QRect
from PySide6.QtWidgets import QScrollArea

from playground.lessons import lesson_sessions
from playground.session.model import classic_network, classic_race

from .pictures import settle

STATES = {
    "surface": lambda: classic_race("rosenbrock"),
    "surface-long-title-lesson": lambda: lesson_sessions("cross-entropy-vs-mse")[0],
    "network": lambda: classic_network("circles"),
    "network-lesson": lambda: lesson_sessions("sigmoid-vs-relu")[0],
    "network-plateau-note": lambda: _plateau(classic_network("spirals")),
}


def _plateau(session):
    from dataclasses import replace

    session.runs[0] = replace(session.runs[0], scheduler="reducelronplateau", sched={})
    return session


def _in_window(w, widget) -> QRect:
    return QRect(widget.mapTo(w, widget.rect().topLeft()), widget.size())


@pytest.mark.parametrize("state", list(STATES))
def test_everything_fits_at_1280_by_720(qtbot, make_window, tmp_path, state):
    w = make_window(STATES[state]())
    w.resize(1280, 720)
    settle(w)
    w.grab().save(str(tmp_path / f"{state}.png"))
    assert w.width() <= 1280 and w.height() <= 720, f"the window cannot be 1280×720: {w.size()}"
    for key, dock in w.docks.items():
        if not dock.isVisible() or dock.visibleRegion().isEmpty():
            continue
        assert w.rect().contains(dock.geometry()), f"dock {key} leaves the window"
        area = dock.widget()
        if isinstance(area, QScrollArea):
            need = area.widget().minimumSizeHint().width()
            assert need <= area.viewport().width(), f"dock {key} needs {need} px, shows {area.viewport().width()}"
            assert area.horizontalScrollBar().maximum() == 0 or not area.horizontalScrollBar().isVisible()
        for plot in _plots(area):  # pyqtgraph plots inside the dock: not cut off on the right
            _assert_plot_fits(plot, f"dock {key}")
    central = _in_window(w, w.central_view())
    for key, dock in w.docks.items():
        if dock.isVisible() and not dock.visibleRegion().isEmpty():
            assert not central.intersects(dock.geometry()), f"dock {key} covers the central view"
    _assert_plot_fits(w.central_view(), "the central view")
    # the LR preview in view at the top of the optimizer dock, without scrolling
    area = w.docks["optimizer"].widget()
    preview = w.optimizer_panel.preview
    top = preview.mapTo(area.widget(), preview.rect().topLeft()).y()
    assert top + preview.height() <= area.viewport().height(), "the LR preview is below the fold"


def _plots(widget):
    import pyqtgraph as pg

    return [v for v in widget.findChildren(pg.GraphicsView) if v.isVisible()]


def _assert_plot_fits(view, where: str) -> None:
    items = view.scene().items() if view.scene() is not None else []
    import pyqtgraph as pg

    for item in items:
        if isinstance(item, pg.PlotItem) and item.isVisible():
            right = item.mapRectToScene(item.boundingRect()).right()
            assert right <= view.width() + 1, f"a plot in {where} is {right:.0f} px wide in {view.width()}"
