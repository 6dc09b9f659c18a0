"""Views a student can read (issue 8): arrow lengths with their scale stated, readable step
inspector, readable names and axes."""

import re

import numpy as np

import pytest

from playground.session.model import classic_race
from playground.ui.panels.landscape_panel import PATH_RED

from .pictures import settle


def test_the_arrow_legend_states_the_scale_it_draws_at(qtbot, make_window):
    w = make_window(classic_race("bowl"))
    w.controller.play(until=3)
    assert w.controller.wait_idle()
    w.controller.mark_dirty()
    w.redraw()
    view = w.surface_view
    text = view.legend_text.textItem.toPlainText()
    scales = view._scales()
    g, u = re.search(r"full at \|∇f\| = (\S+), \|Δθ\| = (\S+)\n", text).groups()
    assert float(g) == float(f"{scales['gradient']:.2g}") and float(u) == float(f"{scales['update']:.2g}")
    assert "none below 10⁻⁴" in text
    # the legend sits on a dark box, whatever the heatmap under it
    assert view.legend_text.fill.color().value() < 60


def test_a_number_field_shows_the_start_of_a_long_number(qtbot):
    from playground.core.optim.optimizers import OPTIMIZERS
    from playground.ui.panels.param_form import ParamField

    field = ParamField(OPTIMIZERS.get("sgd").spec("lr"), 1e6)
    qtbot.addWidget(field)
    assert field.editor.text() == "1e6" and field.editor.cursorPosition() == 0
    field = ParamField(OPTIMIZERS.get("sgd").spec("lr"), 123456.7)
    qtbot.addWidget(field)
    assert field.editor.text() == "1.234567e5" and field.editor.cursorPosition() == 0


def test_the_inspector_tells_m_hat_from_m(qtbot, make_window):
    """Issue 8, item 12: the default font dropped the hat, so m̂ₜ and mₜ looked the same."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QColor, QImage, QPainter

    w = make_window()
    w.controller.select(4)  # Adam
    w.controller.play(until=3)
    assert w.controller.wait_idle()
    w.inspector.refresh()
    table = w.inspector.table
    cells = {table.item(r, 0).text(): table.item(r, 0) for r in range(table.rowCount())}
    assert "m̂ₜ" in cells and "mₜ" in cells

    table.ensurePolished()
    font = table.font()  # the table's font as its style sheet makes it: the cells' font

    def picture(item):
        image = QImage(60, 30, QImage.Format_RGB32)
        image.fill(QColor("white"))
        p = QPainter(image)
        p.setFont(font)
        p.drawText(image.rect(), Qt.AlignLeft | Qt.AlignVCenter, item.text())
        p.end()
        return image

    assert picture(cells["m̂ₜ"]) != picture(cells["mₜ"])


def test_a_title_names_the_parameters_as_the_axes_do():
    """Issue 8: the saddle lesson's title mixed x·y with axes w1, w2."""
    import re

    from playground.core.surfaces.problem import SURFACES

    renamed = [e.factory for e in SURFACES if e.factory.axis_names != ("x", "y")]
    assert renamed  # tiny-net's parameters are w1, w2
    for surface in renamed:
        assert not re.search(r"(?<![a-z])[xy](?![a-z0-9])", surface.formula), surface.formula
        assert all(name in surface.formula for name in surface.axis_names)


def test_layer_labels_never_overlap_their_neighbours(qtbot, monkeypatch):
    """Issue 8: narrow columns drew "(33 units(33 units)"; 20 layers drew a row of ⊕⊖ on
    top of each other."""
    from playground.core.networks.model import NetworkSpec
    from playground.ui.views import network_diagram as D

    placed = []
    real = D._placed
    monkeypatch.setattr(D, "_placed", lambda p, labels, room: placed.extend(real(p, labels, room)) or placed)
    canvas = D.NetworkCanvas()
    qtbot.addWidget(canvas)

    def draw(widths, width):
        placed.clear()
        canvas.set_network(NetworkSpec.of(widths, "relu"), ["x1", "x2"], 2)
        canvas.resize(width, 400)
        canvas.grab()
        rects = [r for _, r in placed]
        assert not any(a.intersects(b) for i, a in enumerate(rects) for b in rects[i + 1:])
        buttons = [r for r, *_ in canvas._buttons]
        assert not any(a.intersects(b) for i, a in enumerate(buttons) for b in buttons[i + 1:])
        columns = canvas._columns
        assert not any(a.intersects(b) for i, a in enumerate(columns) for b in columns[i + 1:])
        return [text for text, _ in placed]

    assert draw([33] * 6, 1400).count("(33 units)") == 6
    narrow = draw([33] * 6, 360)
    assert "(33 units)" not in narrow and "(33)" in narrow
    deep = draw([16] * 20, 300)
    assert "16 relu" in deep or "16" in deep  # the selected layer is always named
    assert len(canvas._buttons) == 2  # only the selected layer's ⊕ ⊖


def test_the_decision_map_is_square_and_framed_on_the_data_before_training(qtbot, make_window):
    from playground.session.io import load_session

    w = make_window(load_session("docs/sessions/network-spirals.json"))
    settle(w)  # laid out at the window's size, as a user sees it
    view = w.output
    assert view.getViewBox().state["aspectLocked"] == 1.0  # x and y at the same scale
    (x0, x1), (y0, y1) = view.getViewBox().viewRange()
    bx0, bx1, by0, by1 = view._box
    assert x0 <= bx0 and x1 >= bx1 and y0 <= by0 and y1 >= by1
    assert max(x1 - x0, y1 - y0) < 4 * max(bx1 - bx0, by1 - by0)  # not ±900
    for axis in ("left", "bottom"):
        assert "×" not in view.getAxis(axis).labelString()
    assert view.legend.opts["brush"].color().value() < 60  # readable over the map


def test_each_landscape_slice_is_framed_on_its_own_range_with_a_red_path(qtbot, make_window):
    """Issue 8, item 5: a PCA slice after a random one kept the ±1 range; the path called red
    was pale pink; on a random slice the path was a few pixels."""
    from PySide6.QtGui import QColor

    from playground.session.model import classic_network

    w = make_window(classic_network("moons"))
    w.controller.play(until=60)
    assert w.controller.wait_idle(30)
    panel = w.landscape
    framed = []
    w.controller.landscape_progress.connect(
        lambda *a: framed.append(panel.plot.getViewBox().viewRange()[0]))
    panel.grid.setValue(11)
    for mode in ("2-D random", "2-D PCA of the path", "2-D random"):
        panel.mode.setCurrentText(mode)
        framed.clear()
        panel.start()
        qtbot.waitUntil(lambda: not panel.busy, timeout=60000)
        a, b = panel.result["alphas"], panel.result["betas"]
        (x0, x1), (y0, y1) = panel.plot.getViewBox().viewRange()
        assert (x0, x1, y0, y1) == pytest.approx((a[0], a[-1], b[0], b[-1]), rel=0.02, abs=0.02), mode
        # partial pictures are drawn in the slice's own coordinates too
        assert all(f == pytest.approx([a[0], a[-1]], rel=0.02, abs=0.02) for f in framed)
        ends = panel.path_ends.points()
        assert len(ends) == 2 and ends[1].brush().color().getRgb()[:3] == QColor(PATH_RED).getRgb()[:3]
        if mode == "2-D random":
            assert "ring marks its start" in panel.note.text()
    assert panel.result["alphas"][-1] == pytest.approx(1.0)
    hue = QColor(PATH_RED)
    assert hue.red() > 200 and hue.green() < 80 and hue.blue() < 80  # red, not pink


def test_log_axis_labels_are_distinct_within_a_decade_and_powers_as_before(qtbot):
    from playground.ui.views.curves_view import LogAxis

    axis = LogAxis("left")
    values = [float(np.log10(v)) for v in (0.692, 0.694, 0.696, 0.698)]
    labels = axis.logTickStrings(values, 1.0, 0.001)
    assert len(set(labels)) == 4 and labels[0] == "0.692"
    assert axis.logTickStrings([-5.0, 0.0, 3.0], 1.0, 1.0) == ["10⁻⁵", "1", "10³"]
