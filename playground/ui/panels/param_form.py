"""Forms generated from parameter specs: each field parses with its spec and shows the reason
when a value is refused; nothing invalid ever reaches the session."""

from __future__ import annotations

import math

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QCheckBox, QComboBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit,
                               QSlider, QWidget)

from ...core.params import ParamError, ParamSpec

def title_label() -> QLabel:
    """The bold heading a panel shows for the selected run."""
    label = QLabel()
    label.setStyleSheet("font-weight: bold; font-size: 11pt;")
    label.setWordWrap(True)
    label.setFixedHeight(44)  # two lines; a height that follows the text re-lays out the docks
    return label


ERROR_STYLE = "QLineEdit { border: 1px solid #e05555; background: #3a2020; }"
SLIDER_STEPS = 1000


class ParamField(QWidget):
    """One parameter: a text entry (exact value), plus a log slider where the spec asks for it,
    a check box for booleans, a combo box for choices."""

    committed = Signal(str, object)  # name, value (already checked)
    invalid = Signal(str, str)  # name, message

    def __init__(self, spec: ParamSpec, value, parent=None):
        super().__init__(parent)
        self.spec = spec
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.slider = None
        self.setToolTip(f"{spec.help}\n{spec.name}: {spec.range_text()}")
        if spec.kind == "bool":
            self.editor = QCheckBox()
            self.editor.setChecked(bool(value))
            self.editor.toggled.connect(lambda v: self.committed.emit(spec.name, v))
            layout.addWidget(self.editor)
            layout.addStretch(1)
            return
        if spec.kind == "choice":
            self.editor = QComboBox()
            self.editor.addItems([str(c) for c in spec.choices])
            self.editor.setCurrentText(str(value))
            self.editor.currentTextChanged.connect(lambda v: self.committed.emit(spec.name, v))
            layout.addWidget(self.editor)
            return
        self.editor = QLineEdit(spec.format(value))
        self.editor.setCursorPosition(0)  # a number wider than the field shows its start
        self.editor.setMinimumWidth(70)
        self.editor.editingFinished.connect(self._commit_text)
        if spec.log and spec.slider and spec.kind == "float":
            self.slider = QSlider(Qt.Horizontal)
            self.slider.setRange(0, SLIDER_STEPS)
            self.slider.setMinimumWidth(90)
            self._set_slider(value)
            self.slider.sliderReleased.connect(self._commit_slider)
            self.slider.valueChanged.connect(self._slider_moved)
            layout.addWidget(self.slider, 2)
        layout.addWidget(self.editor, 1)

    # log slider <-> value
    def _slider_value(self, pos: int) -> float:
        lo, hi = (math.log10(v) for v in self.spec.slider)
        return float(f"{10 ** (lo + (hi - lo) * pos / SLIDER_STEPS):.3g}")

    def _set_slider(self, value) -> None:
        if self.slider is None or not value or value <= 0:
            return
        lo, hi = (math.log10(v) for v in self.spec.slider)
        pos = (math.log10(value) - lo) / (hi - lo) * SLIDER_STEPS
        self.slider.blockSignals(True)
        self.slider.setValue(int(round(min(max(pos, 0), SLIDER_STEPS))))
        self.slider.blockSignals(False)

    def _slider_moved(self, pos: int) -> None:
        self.editor.setText(self.spec.format(self._slider_value(pos)))
        if not self.slider.isSliderDown():  # keyboard / wheel: commit at once
            self._commit_text()

    def _commit_slider(self) -> None:
        self._commit_text()

    def _commit_text(self) -> None:
        try:
            value = self.spec.parse(self.editor.text())
        except ParamError as exc:
            self.editor.setStyleSheet(ERROR_STYLE)
            self.editor.setToolTip(str(exc))
            self.invalid.emit(self.spec.name, str(exc))
            return
        self.editor.setStyleSheet("")
        self.editor.setToolTip(self.spec.help)
        self._set_slider(value)
        self.committed.emit(self.spec.name, value)



class ParamForm(QWidget):
    """A form for a list of specs; emits ``changed(name, value)`` for valid edits only and
    ``invalid(message)`` with the reason for refused ones."""

    changed = Signal(str, object)
    invalid = Signal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.form = QFormLayout(self)
        self.form.setContentsMargins(0, 0, 0, 0)
        self.form.setLabelAlignment(Qt.AlignRight)
        self.fields: dict[str, ParamField] = {}

    def set_specs(self, specs, values: dict) -> None:
        while self.form.rowCount():
            self.form.removeRow(0)
        self.fields = {}
        for spec in specs:
            field = ParamField(spec, values.get(spec.name, spec.default))
            field.committed.connect(self.changed)
            field.invalid.connect(lambda name, msg: self.invalid.emit(msg))
            label = QLabel(spec.name)
            label.setToolTip(spec.help)
            self.form.addRow(label, field)
            self.fields[spec.name] = field
