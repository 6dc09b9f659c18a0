"""Plot titles and labels that wrap instead of widening their plot past its widget.

pyqtgraph makes a label's text width its minimum width, which the layout never gives back: a
long title (the cross-entropy lesson's surface, the decision map's key, the LR preview's plateau
note, a curve pane's title or legend in a narrow dock) pushed the plot's right side off-screen,
and kept it there for every later title (issue 8, item 2). :func:`wrap_label` lifts that
minimum; :func:`fit_label` wraps a label only when it is wider than the room it has, laying a
shorter one out afresh (centred).
"""

from __future__ import annotations

#: room left beside a wrapped title (axis and margins)
MARGIN = 40.0


def wrap_label(label) -> None:
    """Let ``label`` (a pyqtgraph LabelItem) be narrower than its text."""

    def update_min():
        label.setMinimumWidth(0)
        label.setMinimumHeight(label.itemRect().height())
        label.setMaximumHeight(label.itemRect().height())

    label.updateMin = update_min
    update_min()


def fit_label(label, width: float) -> None:
    """Wrap ``label`` to ``width`` pixels less :data:`MARGIN` if it is wider; call after
    setting its text and when its widget is resized."""
    item = label.item
    item.setTextWidth(-1)
    available = max(60.0, width - MARGIN)
    if item.boundingRect().width() > available:
        item.setTextWidth(available)
    label.updateMin()


def wrap_titles(plot) -> None:
    """Let ``plot``'s (a pyqtgraph PlotItem) title be narrower than its text."""
    wrap_label(plot.titleLabel)


def fit_title(plot, width: float) -> None:
    """:func:`fit_label` for ``plot``'s title in a widget ``width`` pixels wide."""
    fit_label(plot.titleLabel, width)


def fresh_axes(plot) -> None:
    """Size ``plot``'s left and bottom axes for the labels they show now: pyqtgraph widens an
    axis for its widest label ever and narrows it only by more than 10 px, so the last
    picture's labels would set this one's plot width (issue 8)."""
    for name in ("left", "bottom"):
        axis = plot.getAxis(name)
        axis.textWidth, axis.textHeight = 30, 18  # pyqtgraph's initial values
        axis._updateWidth() if name == "left" else axis._updateHeight()
