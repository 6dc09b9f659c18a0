"""Views a student can read (issue 8): arrow lengths with their scale stated, readable step
inspector, readable names and axes."""

import re

from playground.session.model import classic_race


def test_the_arrow_legend_states_the_scale_it_draws_at(qtbot, make_window):
    w = make_window(classic_race("bowl"))
    w.controller.play(until=3)
    assert w.controller.wait_idle()
    w.controller.mark_dirty()
    w.redraw()
    view = w.surface_view
    text = view.legend_text.textItem.toPlainText()
    scales = view._scales()
    g, u = re.search(r"full at \|∇f\| = (\S+), \|Δθ\| = (\S+);", text).groups()
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
