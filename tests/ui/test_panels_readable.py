"""Panel-level fixes of issue 8: the wheel over the optimizer dock scrolls it (#11), the step
inspector is readable (#12), formula errors keep the dialog and name the right column, and
schedulers have readable names (#15)."""

import re

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QTextDocument, QWheelEvent
from PySide6.QtWidgets import QApplication, QDialog, QScrollArea

from playground.core.optim.schedulers import SCHEDULERS
from playground.session.model import classic_race
from playground.ui.panels.inspector_panel import fmt
from playground.ui.panels.math_text import formula_chunks, formula_html, unicode_math


def wheel(widget, down=True):
    """A real wheel event (as Qt builds it from the mouse) at the widget's centre; Qt propagates
    it to the parents while nobody accepts it."""
    pos = QPointF(widget.width() / 2, widget.height() / 2)
    event = QWheelEvent(pos, widget.mapToGlobal(pos), QPoint(0, 0), QPoint(0, -120 if down else 120),
                        Qt.NoButton, Qt.NoModifier, Qt.NoScrollPhase, False)
    QApplication.sendEvent(widget, event)


def test_wheel_over_the_lr_preview_scrolls_the_dock_and_leaves_the_preview(qtbot, make_window):
    w = make_window()
    w.resize(1280, 600)  # the optimizer dock is taller than its room: it scrolls
    qtbot.wait(50)
    scroll = w.docks["optimizer"].widget()
    assert isinstance(scroll, QScrollArea)
    bar = scroll.verticalScrollBar()
    assert bar.maximum() > 0
    preview = w.optimizer_panel.preview
    before = [list(r) for r in preview.getViewBox().viewRange()]
    bar.setValue(0)
    wheel(preview.viewport())
    assert bar.value() > 0, "the wheel over the LR preview did not scroll the dock"
    after = [list(r) for r in preview.getViewBox().viewRange()]
    np.testing.assert_allclose(after, before)  # no zoom: η never goes negative on the axis
    assert preview.getViewBox().state["mouseEnabled"] == [False, False]  # no drag-pan either


def test_adam_step_is_readable_in_the_inspector(qtbot, make_window):
    w = make_window()
    w.runs_panel.list.setCurrentRow(4)  # Adam
    w.controller.play(until=3)
    assert w.controller.wait_idle()
    qtbot.wait(50)
    w.redraw()
    w.inspector.refresh()
    panel = w.inspector
    # the formula: real subscripts, no TeX braces or underscores
    text = panel.formula.text()
    assert "<sub>t−1</sub>" in text and "_{" not in text and "_t" not in text
    # the table: symbols and meanings with Unicode subscripts; m_t and m̂_t differ
    symbols = [panel.table.item(r, 0).text() for r in range(panel.table.rowCount())]
    meanings = [panel.table.item(r, 1).text() for r in range(panel.table.rowCount())]
    assert "mₜ" in symbols and "m̂ₜ" in symbols
    assert len(set(symbols)) == len(symbols)
    assert not any("_" in s or "{" in s for s in symbols + meanings)
    assert "gradient ∇L(θₜ₋₁)" in meanings
    # the meaning column wraps instead of eliding, and the full text is in the tooltip
    assert panel.table.wordWrap() and panel.table.textElideMode() == Qt.ElideNone
    assert panel.table.item(1, 1).toolTip().endswith(meanings[1])
    panel.table.setFixedWidth(250)  # a narrow dock: the stretching meaning column shrinks
    qtbot.wait(50)
    longest = max(range(len(meanings)), key=lambda r: len(meanings[r]))
    assert panel.table.columnWidth(1) < panel.table.fontMetrics().horizontalAdvance(meanings[longest])
    assert panel.table.rowHeight(longest) > panel.table.rowHeight(0)  # wrapped onto 2+ lines


def test_no_negative_zero():
    assert fmt(-0.0).strip() == "0"
    assert fmt(0.0).strip() == "0"
    assert fmt(-1.5).strip() == "-1.5"
    assert fmt(float("nan")) == "—"


def test_unicode_math_writes_scripts_as_unicode():
    assert unicode_math("m_{t−1}") == "mₜ₋₁"
    assert unicode_math("m̂_t") == "m̂ₜ"
    assert unicode_math("g_t²") == "gₜ²"
    assert unicode_math("(1 − 0.9^t)") == "(1 − 0.9ᵗ)"
    assert unicode_math("Σ_{i≤t} g_i²") == "Σ(i≤t) gᵢ²"  # ≤ has no subscript: still no brace
    assert unicode_math("Δθ") == "Δθ"


def _line_texts(html: str, width: float) -> list[str]:
    doc = QTextDocument()
    doc.setHtml(html)
    doc.setTextWidth(width)
    doc.documentLayout().documentSize()  # lays the text out
    lines = []
    block = doc.begin()
    while block.isValid():
        layout = block.layout()
        for i in range(layout.lineCount()):
            line = layout.lineAt(i)
            lines.append(block.text()[line.textStart():line.textStart() + line.textLength()])
        block = block.next()
    return lines


def test_a_narrow_formula_wraps_between_equations_never_inside_one():

    formula = ["m_t = 0.9·m_{t−1} + 0.1·g_t        m̂_t = m_t / (1 − 0.9^t)",
               "θ_t = θ_{t−1} − (η_t / σ_t) · m̂_t   (momentum: a decaying sum of all past gradients)"]
    html = formula_html(formula)
    assert "<sub>t−1</sub>" in html and "<sup>t</sup>" in html
    lines = [re.sub(r"\s+", " ", t.replace("\u00a0", " ")).strip() for t in _line_texts(html, 180)]
    assert len(lines) > len(formula)  # it did wrap at this width
    for chunk in formula_chunks(formula[0]) + formula_chunks(formula[1])[:1]:
        plain = re.sub(r"[_^]\{?([^{}]*?)\}?(?=\s|$|[)·/+−])", r"\1", chunk)
        plain = plain.replace("_", "").replace("^", "").replace("{", "").replace("}", "")
        assert any(plain in line for line in lines), f"{chunk!r} was broken across lines: {lines}"


def test_a_refused_formula_keeps_the_dialog_open_with_the_text(qtbot, make_window):
    from playground.ui.formula_dialog import FormulaDialog

    w = make_window()
    problem = w.controller.session.problem
    dialog = FormulaDialog(w, "x^2 + 10*y^2", lambda t: w.controller.set_problem("custom", t))
    qtbot.addWidget(dialog)
    dialog.open()
    dialog.setTextValue("x^2 + (y")
    dialog.accept()
    assert dialog.isVisible() and dialog.result() != QDialog.Accepted
    assert dialog.textValue() == "x^2 + (y"
    assert "at column 7" in dialog.labelText()
    assert w.controller.session.problem == problem  # the surface stays as it was
    dialog.setTextValue("x^2 + (y - 1)^2")
    dialog.accept()
    assert not dialog.isVisible() and dialog.result() == QDialog.Accepted
    assert w.controller.session.problem == "custom" and w.controller.session.formula == "x^2 + (y - 1)^2"


def test_schedulers_have_readable_names_and_pytorch_tooltips(make_window):
    w = make_window()
    combo = w.optimizer_panel.scheduler
    assert combo.count() == len(list(SCHEDULERS))
    i = combo.findData("cosineannealingwarmrestarts")
    assert combo.itemText(i) == "Cosine annealing with warm restarts"
    assert "torch.optim.lr_scheduler.CosineAnnealingWarmRestarts" in combo.itemData(i, Qt.ToolTipRole)
    for k in range(combo.count()):  # no raw class name shown
        assert combo.itemText(k) != combo.itemData(k) or combo.itemData(k) == "constant"
    combo.setCurrentIndex(i)
    combo.activated.emit(i)
    run = w.controller.session.runs[w.controller.selected]
    assert run.scheduler == "cosineannealingwarmrestarts"  # files keep PyTorch's name
    w.optimizer_panel.refresh()
    assert combo.currentText() == "Cosine annealing with warm restarts"


def test_custom_formula_round_trip_keeps_names():
    s = classic_race("ravine")
    assert s.runs[0].scheduler == "constant"
