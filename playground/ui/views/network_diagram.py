"""The network builder: the architecture drawn as a diagram (inputs, hidden layers, outputs) with
links whose width and colour show the selected run's weights, and controls to edit it.

Click a layer to select it; its ⊕ / ⊖ add or remove a neuron; the editor below changes the
selected layer (width, activation, BatchNorm, dropout, residual) or adds and removes layers. The
builder only edits the :class:`NetworkSpec`; the controller rebuilds the model from it.
"""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
from PySide6.QtCore import QCoreApplication, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDoubleSpinBox, QHBoxLayout, QLabel,
                               QPushButton, QSpinBox, QToolTip, QVBoxLayout, QWidget)

from ...core.networks.model import ACTIVATIONS, MAX_LAYERS, MAX_WIDTH, LayerSpec, NetworkSpec

translate = QCoreApplication.translate

MAX_DRAWN = 16  # neurons drawn per column; wider layers show a count
POSITIVE, NEGATIVE = QColor("#f59e42"), QColor("#4a9eff")


def _fitting(p: QPainter, texts, width: float) -> str:
    """The first of ``texts`` (longest first) that fits ``width`` pixels, else the last."""
    metrics = p.fontMetrics()
    return next((t for t in texts if metrics.horizontalAdvance(t) <= width), texts[-1])


def _placed(p: QPainter, labels, room: float) -> list:
    """(text, rect) of the labels to draw: each in the longest form that fits ``room``, in
    order of priority, without overlapping a label already placed."""
    metrics, taken, out = p.fontMetrics(), [], []
    for _priority, x, y, forms in sorted(labels, key=lambda l: l[0]):
        text = _fitting(p, forms, room)
        width = metrics.horizontalAdvance(text) + 4
        r = QRectF(x - width / 2, y, width, 16)
        if any(r.intersects(t) for t in taken):
            continue
        taken.append(r)
        out.append((text, r))
    return out


class NetworkCanvas(QWidget):
    """Draws the diagram; emits ``layer_clicked(i)`` and ``neuron_delta(i, ±1)``."""

    layer_clicked = Signal(int)
    neuron_delta = Signal(int, int)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setMouseTracking(True)
        self.setMinimumSize(240, 220)
        self.spec = NetworkSpec()
        self.inputs, self.outputs = ["x1", "x2"], 1
        self.weights: list[np.ndarray] | None = None  # per linear layer: (out, in)
        self.selected = 0
        self._links: list[tuple] = []  # (p0, p1, value, text) for hover
        self._buttons: list[tuple] = []  # (rect, layer, delta)
        self._columns: list[QRectF] = []

    def set_network(self, spec: NetworkSpec, inputs: list[str], outputs: int) -> None:
        self.spec, self.inputs, self.outputs = spec, inputs, outputs
        self.selected = min(self.selected, max(len(spec.layers) - 1, 0))
        self.update()

    def set_weights(self, weights) -> None:
        self.weights = weights
        self.update()

    def _column_sizes(self) -> list[int]:
        return [len(self.inputs)] + [l.width for l in self.spec.layers] + [self.outputs]

    def _node_positions(self):
        sizes = self._column_sizes()
        w, h = self.width(), self.height()
        left, right, top, bottom = 40, 40, 54, 24
        xs = np.linspace(left, w - right, len(sizes)) if len(sizes) > 1 else [w / 2]
        cols = []
        for x, n in zip(xs, sizes):
            shown = min(n, MAX_DRAWN)
            ys = np.linspace(top, h - bottom, shown + 2)[1:-1] if shown else []
            cols.append([(float(x), float(y)) for y in ys])
        return cols

    def paintEvent(self, event):
        p = QPainter(self)
        p.setRenderHint(QPainter.Antialiasing)
        p.fillRect(self.rect(), QColor("#1e1e24"))
        cols = self._node_positions()
        sizes = self._column_sizes()
        self._links, self._buttons, self._columns = [], [], []
        # links, with the selected run's weights where known
        for k in range(len(cols) - 1):
            w = self.weights[k] if self.weights is not None and k < len(self.weights) else None
            scale = float(np.abs(w).max()) if w is not None and w.size else 1.0
            for j, b in enumerate(cols[k + 1]):
                for i, a in enumerate(cols[k]):
                    value = float(w[j, i]) if w is not None and j < w.shape[0] and i < w.shape[1] else None
                    if value is None:
                        pen = QPen(QColor(150, 150, 160, 60), 1)
                    else:
                        color = QColor(POSITIVE if value >= 0 else NEGATIVE)
                        color.setAlpha(60 + int(180 * min(abs(value) / (scale or 1), 1)))
                        pen = QPen(color, 0.5 + 3.5 * min(abs(value) / (scale or 1), 1))
                        self._links.append((a, b, value, translate("NetworkDiagram", "layer {k}: unit {i} → unit {j}").format(k=k + 1, i=i + 1, j=j + 1)))
                    p.setPen(pen)
                    p.drawLine(QPointF(*a), QPointF(*b))
        # nodes and labels
        font = QFont()
        font.setPointSize(8)
        p.setFont(font)
        # the room between two columns: labels wider than it overlapped their neighbours'
        # ("(33 units(33 units)", issue 8). A label takes the longest form that fits; where
        # even the shortest does not, labels are placed selected layer first and a label that
        # would overlap one already placed is left out. ⊕/⊖ need 40 px: in narrower columns
        # only the selected layer has them.
        xs = [nodes[0][0] for nodes in cols if nodes]
        room = min((b - a for a, b in zip(xs, xs[1:])), default=float(self.width())) - 6
        labels = []  # (priority, x, y, forms longest first)
        for c, (nodes, n) in enumerate(zip(cols, sizes)):
            hidden = 0 < c < len(cols) - 1
            layer = c - 1
            selected = hidden and layer == self.selected
            x = nodes[0][0] if nodes else self.width() / 2
            half = min(34.0, room / 2 + 2)  # columns never overlap: a click picks one layer
            rect = QRectF(x - half, 4, 2 * half, self.height() - 8)
            if hidden:
                self._columns.append(rect)
                if selected:
                    p.setPen(QPen(QColor("#ffffff"), 1, Qt.DashLine))
                    p.setBrush(Qt.NoBrush)
                    p.drawRoundedRect(rect, 6, 6)
            for (nx, ny) in nodes:
                p.setPen(QPen(QColor("#111"), 1))
                p.setBrush(QColor("#d8d8e0") if hidden else QColor("#9ad0a0") if c == 0 else QColor("#f0c070"))
                p.drawEllipse(QPointF(nx, ny), 7, 7)
            p.setPen(QColor("#e6e6e6"))
            if c == 0:
                forms = (translate("NetworkDiagram", "inputs"),)
                for (nx, ny), name in zip(nodes, self.inputs):
                    p.drawText(QRectF(nx - 44, ny - 8, 34, 16), Qt.AlignRight | Qt.AlignVCenter, name)
            elif c == len(cols) - 1:
                forms = (translate("NetworkDiagram", "output"),)
            else:
                spec = self.spec.layers[layer]
                extras = "".join([" BN" if spec.batchnorm else "", f" d{spec.dropout:g}" if spec.dropout else "",
                                  " +res" if spec.residual else ""])
                forms = (f"{n} {spec.activation}{extras}", f"{n} {spec.activation}", f"{n}")
                if room >= 40 or selected:
                    for delta, dx, sign in ((+1, -12, "+"), (-1, 12, "−")):
                        r = QRectF(x + dx - 8, 22, 16, 16)
                        p.setPen(QPen(QColor("#bbbbc8"), 1))
                        p.setBrush(QColor("#33333d"))
                        p.drawEllipse(r)
                        p.drawText(r, Qt.AlignCenter, sign)
                        self._buttons.append((r, layer, delta))
            labels.append((0 if selected else 1, x, 4.0, forms))
            if n > MAX_DRAWN:
                labels.append((0 if selected else 1, x, self.height() - 20.0,
                               (translate("NetworkDiagram", "({n} units)").format(n=n), f"({n})")))
        p.setPen(QColor("#e6e6e6"))
        for text, r in _placed(p, labels, room):
            p.drawText(r, Qt.AlignCenter, text)
        p.end()

    def mousePressEvent(self, event):
        pos = event.position()
        for rect, layer, delta in self._buttons:
            if rect.contains(pos):
                self.neuron_delta.emit(layer, delta)
                return
        for layer, rect in enumerate(self._columns):
            if rect.contains(pos):
                self.selected = layer
                self.layer_clicked.emit(layer)
                self.update()
                return

    def mouseMoveEvent(self, event):
        pos = event.position()
        best, text = 6.0, None
        for a, b, value, where in self._links:
            d = _distance(pos.x(), pos.y(), a, b)
            if d < best:
                best, text = d, f"w = {value:.4g}   ({where})"
        if text:
            QToolTip.showText(event.globalPosition().toPoint(), text, self)
        else:
            QToolTip.hideText()


def _distance(x, y, a, b) -> float:
    (ax, ay), (bx, by) = a, b
    dx, dy = bx - ax, by - ay
    t = max(0.0, min(1.0, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy or 1)))
    return math.hypot(x - (ax + t * dx), y - (ay + t * dy))


class NetworkBuilder(QWidget):
    """The canvas and an editor for the selected layer. Emits ``spec_changed(spec)`` with a
    proposed architecture; the owner validates and applies it (or reports why not)."""

    spec_changed = Signal(object)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.canvas = NetworkCanvas()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.canvas, 1)
        row, row2 = QHBoxLayout(), QHBoxLayout()
        self.title = QLabel()
        row.addWidget(self.title)
        self.width_box = QSpinBox()
        self.width_box.setRange(1, MAX_WIDTH)
        self.width_box.setPrefix(translate("NetworkDiagram", "width "))
        self.activation = QComboBox()
        self.activation.addItems(list(ACTIVATIONS))
        self.batchnorm = QCheckBox(translate("NetworkDiagram", "BatchNorm"))
        self.dropout = QDoubleSpinBox()
        self.dropout.setRange(0.0, 0.95)
        self.dropout.setSingleStep(0.05)
        self.dropout.setPrefix(translate("NetworkDiagram", "dropout "))
        self.residual = QCheckBox(translate("NetworkDiagram", "residual"))
        for w in (self.width_box, self.activation):
            row.addWidget(w)
        for w in (self.batchnorm, self.dropout, self.residual):
            row2.addWidget(w)
        layout.addLayout(row)
        layout.addLayout(row2)
        buttons = QHBoxLayout()
        self.add_layer = QPushButton(translate("NetworkDiagram", "Add layer"))
        self.add_layer.setToolTip(translate("NetworkDiagram", "Insert a copy of the selected layer after it"))
        self.remove_layer = QPushButton(translate("NetworkDiagram", "Remove layer"))
        buttons.addWidget(self.add_layer)
        buttons.addWidget(self.remove_layer)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.spec = NetworkSpec()
        self._filling = False
        self.canvas.layer_clicked.connect(lambda _: self._fill_editor())
        self.canvas.neuron_delta.connect(self._neurons)
        self.width_box.editingFinished.connect(lambda: self._edit(width=self.width_box.value()))
        self.activation.activated.connect(lambda _: self._edit(activation=self.activation.currentText()))
        self.batchnorm.toggled.connect(lambda v: self._edit(batchnorm=v))
        self.dropout.editingFinished.connect(lambda: self._edit(dropout=round(self.dropout.value(), 4)))
        self.residual.toggled.connect(lambda v: self._edit(residual=v))
        self.add_layer.clicked.connect(self._add_layer)
        self.remove_layer.clicked.connect(self._remove_layer)

    @property
    def selected(self) -> int:
        return self.canvas.selected

    def set_network(self, spec: NetworkSpec, inputs, outputs) -> None:
        self.spec = spec
        self.canvas.set_network(spec, inputs, outputs)
        self._fill_editor()

    def _fill_editor(self) -> None:
        self._filling = True
        has = bool(self.spec.layers)
        # no hidden layer: nothing to edit, so no greyed controls that look editable
        for w in (self.width_box, self.activation, self.batchnorm, self.dropout, self.residual,
                  self.remove_layer):
            w.setVisible(has)
        if has:
            layer = self.spec.layers[self.selected]
            self.title.setText(translate("NetworkDiagram", "layer {n}:").format(n=self.selected + 1))
            self.width_box.setValue(layer.width)
            self.activation.setCurrentText(layer.activation)
            self.batchnorm.setChecked(layer.batchnorm)
            self.dropout.setValue(layer.dropout)
            self.residual.setChecked(layer.residual)
        else:
            self.title.setText(translate("NetworkDiagram", "no hidden layer: Add layer inserts one"))
        self.add_layer.setEnabled(len(self.spec.layers) < MAX_LAYERS)
        self._filling = False

    def _propose(self, layers) -> None:
        self.spec_changed.emit(NetworkSpec(tuple(layers)))

    def _edit(self, **changes) -> None:
        if self._filling or not self.spec.layers:
            return
        layers = list(self.spec.layers)
        new = replace(layers[self.selected], **changes)
        if new != layers[self.selected]:
            layers[self.selected] = new
            self._propose(layers)

    def _neurons(self, layer: int, delta: int) -> None:
        self.canvas.selected = layer
        width = self.spec.layers[layer].width + delta
        if width < 1:
            self._remove_layer()
            return
        layers = list(self.spec.layers)
        layers[layer] = replace(layers[layer], width=width)
        self._propose(layers)

    def _add_layer(self) -> None:
        layers = list(self.spec.layers)
        base = layers[self.selected] if layers else LayerSpec(8, "relu")
        at = self.selected + 1 if layers else 0
        layers.insert(at, replace(base, residual=False))
        self.canvas.selected = at
        self._propose(layers)

    def _remove_layer(self) -> None:
        layers = list(self.spec.layers)
        if layers:
            del layers[self.selected]
            self.canvas.selected = max(0, self.selected - 1)
            self._propose(layers)
