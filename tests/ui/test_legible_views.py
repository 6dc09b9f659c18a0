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
