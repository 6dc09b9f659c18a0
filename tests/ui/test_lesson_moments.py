"""The decisive moment of a lesson is marked on the views when, and only when, the step shown
has reached it; and a lesson opens at its own speed."""

from playground.lessons import LESSONS, lesson_sessions


def _play(qtbot, w, steps):
    w.controller.play(until=steps)
    assert w.controller.wait_idle()
    qtbot.wait(20)
    w.controller.mark_dirty()
    w.redraw()


def _labels(view):
    return [label.textItem.toPlainText() for label in view.moment_labels if label.isVisible()]


def test_the_saddle_escape_is_ringed_and_named_and_gone_when_scrubbed_back(qtbot, make_window):
    (session,) = lesson_sessions("saddle-point")
    w = make_window(session)
    assert w.speed.currentData() == LESSONS["saddle-point"].speed[0] == "5 steps/s"
    _play(qtbot, w, 50)
    surface, curves = w.surface_view, w.curves_view
    assert _labels(surface) == ["escape (step 27)"]
    (spot,) = surface.moment_rings.points()
    x, y = spot.pos().x(), spot.pos().y()
    assert 0.5 < x * y < 0.7  # where the nudged run was at the escape
    assert len(curves._moment_lines) == len(curves.plots)
    assert {line.value() for line, _ in curves._moment_lines} == {27}
    w.controller.scrub(20)  # before the escape: no marker
    w.redraw()
    assert _labels(surface) == [] and not surface.moment_rings.points().size
    assert curves._moment_lines == []
    w.controller.scrub(None)
    w.redraw()
    assert _labels(surface) == ["escape (step 27)"]


def test_no_marker_outside_a_lesson_or_for_a_hidden_run(qtbot, make_window):
    w = make_window()  # the classic race: no lesson, no moments
    _play(qtbot, w, 5)
    assert w.controller.frame().moments == ()
    (session,) = lesson_sessions("cross-entropy-vs-mse")
    session.view["hidden"] = ["GD on cross-entropy"]
    w2 = make_window(session)
    _play(qtbot, w2, 20)
    assert [m.kind for m in w2.controller.frame().moments] == ["leaves the plateau"]
    assert _labels(w2.surface_view) == [] and w2.curves_view._moment_lines == []


def test_adams_spike_is_marked_in_the_network_windows_curves(qtbot, make_window):
    (session,) = lesson_sessions("warmup")
    w = make_window(session)
    assert w.speed.currentData() == "5 steps/s"
    _play(qtbot, w, 10)
    lines = w.curves_view._moment_lines
    assert {line.value() for line, _ in lines} == {1}  # plain Adam's first step; no other run
    labelled = [line for line, plot in lines if plot is w.curves_view.first_plot]
    assert labelled[0].label.textItem.toPlainText() == "spike"
