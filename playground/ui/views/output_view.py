"""What the selected run's network computes: a decision map with the data (2-D classification),
or the fitted curve with the data (1-D regression), and for a one-hidden-layer regression net each
hidden unit's weighted contribution c_i·a_i(x), which add up to the output (the notes' figure)."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
import torch
from PySide6.QtCore import QCoreApplication, QRectF

from ...core.networks.datasets import CLASSIFICATION
from ...core.networks.model import contributions
from .titles import fit_title, fresh_axes, wrap_titles

translate = QCoreApplication.translate

MAP_GRID = 90
CURVE_POINTS = 300
CLASS_COLORS = ("#4a9eff", "#f59e42", "#6ad27a", "#e05555", "#c58af9", "#f0e442")


def _diverging():
    return pg.ColorMap([0.0, 0.5, 1.0], [(40, 110, 200), (235, 235, 240), (235, 140, 50)])


class OutputView(pg.PlotWidget):
    def __init__(self, parent=None):
        super().__init__(parent, background="#1e1e24")
        self.setMenuEnabled(False)
        wrap_titles(self.plotItem)  # the decision map's key wraps in a narrow pane
        self.image = pg.ImageItem()
        self.image.setColorMap(_diverging())
        self.addItem(self.image)
        self.train_points = pg.ScatterPlotItem(size=6)
        self.test_points = pg.ScatterPlotItem(size=7)
        self._default_look()
        self.fit = pg.PlotDataItem(pen=pg.mkPen("#ffffff", width=2.5))
        self.parts: list[pg.PlotDataItem] = []
        for item in (self.train_points, self.test_points, self.fit):
            self.addItem(item)
            item.setZValue(10)
        # on a dark box: the map under it is orange, blue or white (issue 8, item 8)
        self.legend = self.addLegend(offset=(8, 8), brush=pg.mkBrush(20, 20, 28, 215),
                                     pen=pg.mkPen(90, 90, 100), labelTextColor="#e8e8e8")
        self.legend.addItem(self.train_points, translate("OutputView", "train"))
        self.legend.addItem(self.test_points, translate("OutputView", "test"))
        self.dataset = None
        self._box = None

    def _default_look(self) -> None:
        """The legend's samples draw the points' default pen and brush (a filled dot, a ring).
        A dataset that sets one colour for all points (regression) replaces those defaults, so
        each new dataset starts from them again: otherwise the legend keeps the last dataset's
        look."""
        self.train_points.setPen(pg.mkPen("#111", width=0.5), update=False)
        self.train_points.setBrush(pg.mkBrush("#d8d8e0"), update=False)
        self.test_points.setPen(pg.mkPen("#d8d8e0", width=1.5), update=False)
        self.test_points.setBrush(None, update=False)

    def set_dataset(self, dataset) -> None:
        """Show the data; the model's output is drawn by :meth:`show_model`."""
        self.dataset = dataset
        self._default_look()
        self.legend.update()
        for p in self.parts:
            self.removeItem(p)
        self.parts = []
        raw_tr, raw_te = dataset.raw_train, dataset.raw_test
        if dataset.task == CLASSIFICATION and raw_tr.shape[1] == 2:
            colors = [pg.mkBrush(CLASS_COLORS[int(k) % len(CLASS_COLORS)]) for k in dataset.y_train]
            self.train_points.setData(raw_tr[:, 0], raw_tr[:, 1], brush=colors)
            pens = [pg.mkPen(CLASS_COLORS[int(k) % len(CLASS_COLORS)], width=1.5) for k in dataset.y_test]
            self.test_points.setData(raw_te[:, 0], raw_te[:, 1], pen=pens, brush=None)
            both = np.concatenate([raw_tr, raw_te])
            lo, hi = both.min(0), both.max(0)
            pad = 0.1 * (hi - lo)
            self._box = (lo[0] - pad[0], hi[0] + pad[0], lo[1] - pad[1], hi[1] + pad[1])
            self.setLabel("bottom", "x1")
            self.setLabel("left", "x2")
            self.setTitle(translate("OutputView", "decision map: P(class 1)  ·  filled: train, rings: test"), size="9pt", color="#e0e0e0")
            self.image.show()
            self.fit.hide()
            # 1:1: a circle of data is drawn as a circle, not a tall oval (issue 8, item 8)
            self.setAspectLocked(True)
        elif raw_tr.shape[1] == 1:
            self.train_points.setData(raw_tr[:, 0], dataset.y_train[:, 0].numpy(), brush=pg.mkBrush("#9ad0a0"))
            self.test_points.setData(raw_te[:, 0], dataset.y_test[:, 0].numpy(), pen=pg.mkPen("#f0c070"), brush=None)
            both = np.concatenate([raw_tr, raw_te])[:, 0]
            self._box = (float(both.min()), float(both.max()))
            self.setLabel("bottom", "x")
            self.setLabel("left", "y")
            self.setTitle(translate("OutputView", "fit (white) and data"), size="9pt", color="#e0e0e0")
            self.image.hide()
            self.fit.show()
            self.setAspectLocked(False)
        else:
            pred = dataset.y_test.numpy().ravel()
            self.train_points.setData([], [])
            self.test_points.setData(pred, pred, pen=pg.mkPen("#f0c070"), brush=None)
            self._box = None
            self.setLabel("bottom", translate("OutputView", "target"))
            self.setLabel("left", translate("OutputView", "prediction"))
            self.setTitle(translate("OutputView", "test set: prediction against target"), size="9pt", color="#e0e0e0")
            self.image.hide()
            self.fit.hide()
            self.setAspectLocked(False)
            lo, hi = float(pred.min()), float(pred.max())
            pad = 0.1 * max(hi - lo, 1e-9)
            self._square = (lo - pad, hi + pad)  # predictions are drawn against the targets' range
        fit_title(self.plotItem, self.width())
        fresh_axes(self.plotItem)
        self._frame()

    def _frame(self) -> None:
        """Frame the data, set here, not whatever the items' bounds are: pyqtgraph's auto-range
        follows whatever the last model drew, so the frame would depend on the models shown
        before (issue 8), and an image not drawn yet made the axes read "x2 (×0.001)" from
        −900 to 900 before training."""
        if self._box is not None and len(self._box) == 4:
            x0, x1, y0, y1 = self._box
            self.disableAutoRange()
            self.setRange(xRange=(x0, x1), yRange=(y0, y1), padding=0)
            return
        self.enableAutoRange()
        if self._box is None:  # prediction against target: the targets' range on both axes
            self.setRange(xRange=self._square, yRange=self._square, padding=0)
        else:  # 1-D regression: x is the data's, y follows the fit
            x0, x1 = self._box
            pad = 0.03 * (x1 - x0)
            self.setXRange(x0 - pad, x1 + pad, padding=0)

    def resizeEvent(self, ev):
        if getattr(self, "plotItem", None) is not None:
            fit_title(self.plotItem, self.width())
        super().resizeEvent(ev)

    def clear_model(self) -> None:
        """No model (before training, no run): the data alone, nothing a previous model
        computed (issue 8: a stale map)."""
        self.image.clear()
        self.fit.setData([], [])
        fresh_axes(self.plotItem)  # sized for this picture's labels, not a former model's
        for p in self.parts:
            p.hide()
        ds = self.dataset
        if ds is not None and not (ds.raw_train.shape[1] <= 2 and (ds.task == CLASSIFICATION
                                                                  or ds.raw_train.shape[1] == 1)):
            self.test_points.setData([], [])  # the prediction-against-target scatter

    def show_model(self, model) -> None:
        ds = self.dataset
        if ds is None or model is None:
            self.clear_model()
            return
        model.eval()
        with torch.no_grad():
            if ds.task == CLASSIFICATION and ds.raw_train.shape[1] == 2:
                x0, x1, y0, y1 = self._box
                gx, gy = np.meshgrid(np.linspace(x0, x1, MAP_GRID), np.linspace(y0, y1, MAP_GRID))
                logits = model(ds.transform(np.column_stack([gx.ravel(), gy.ravel()])))
                prob = torch.softmax(logits, 1)[:, 1].numpy().reshape(MAP_GRID, MAP_GRID)
                self.image.setImage(prob, levels=(0, 1), autoLevels=False)
                self.image.setRect(QRectF(x0, y0, x1 - x0, y1 - y0))
            elif ds.raw_train.shape[1] == 1:
                xs = np.linspace(*self._box, CURVE_POINTS)
                inputs = ds.transform(xs[:, None])
                self.fit.setData(xs, model(inputs)[:, 0].numpy())
                parts = contributions(model, inputs)
                if parts is None:
                    for p in self.parts:
                        p.hide()
                else:
                    while len(self.parts) < parts.shape[1]:
                        item = pg.PlotDataItem(pen=pg.mkPen((200, 200, 255, 110), width=1))
                        self.addItem(item)
                        self.parts.append(item)
                    for k, item in enumerate(self.parts):
                        item.setVisible(k < parts.shape[1])
                        if k < parts.shape[1]:
                            item.setData(xs, parts[:, k])
            else:
                pred = model(ds.x_test).numpy()
                pred = pred.argmax(1) if ds.task == CLASSIFICATION else pred[:, 0]
                self.test_points.setData(ds.y_test.numpy().ravel(), pred, pen=pg.mkPen("#f0c070"), brush=None)
        model.train()
