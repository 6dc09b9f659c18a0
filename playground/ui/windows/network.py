"""The network window: build a network by clicking, train it on a toy dataset, watch its output
and curves, and slice its loss landscape. Runs, optimizers, schedules, playback and sessions work
as in the surface window (the same base class, panels and controller)."""

from __future__ import annotations

import time

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QMessageBox, QSplitter

from ...core.networks.datasets import CLASSIFICATION, make_dataset
from ...core.params import ParamError
from ...session.model import Session, classic_network
from .base import PlaygroundWindow
from ..panels.curvature_dock import CurvatureDock
from ..panels.data_panel import DataPanel
from ..panels.landscape_panel import LandscapePanel
from ..views.curves_view import (NETWORK_DASHED, NETWORK_EMPTY, NETWORK_PANES, CurvesView,
                                 network_series)
from ..views.network_diagram import NetworkBuilder
from ..views.output_view import OutputView

translate = QCoreApplication.translate


class NetworkWindow(PlaygroundWindow):
    KIND = "network"

    def __init__(self, session: Session | None = None, path: str | None = None, autosave: bool = True):
        super().__init__(session or classic_network("circles"), path, autosave)
        self.builder.spec_changed.connect(self._architecture_proposed)

    def default_session(self) -> Session:
        return classic_network("circles")

    def _create_views(self):
        self.builder = NetworkBuilder()
        self.output = OutputView()
        split = QSplitter(Qt.Horizontal)
        split.addWidget(self.builder)
        split.addWidget(self.output)
        self.output.setMinimumWidth(240)
        # the map gets the larger share: it is drawn 1:1, so a narrow pane frames a data set
        # of any shape as a tall strip
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        split.setChildrenCollapsible(False)
        self.setCentralWidget(split)
        self.curves_view = CurvesView(panes=NETWORK_PANES, series_fn=network_series,
                                      dashed=NETWORK_DASHED, empty=NETWORK_EMPTY)
        self.data_panel = DataPanel(self.controller)
        self.landscape = LandscapePanel(self.controller)
        self.curvature = CurvatureDock(self.controller)
        self.dataset = None  # the session's dataset, rebuilt only when its settings change
        self._data_key = None
        self._model_key = None  # (run, step) of the model shown by the output and the diagram
        self._modelled = 0.0  # when it was last computed
        self.views = {"curves": self.curves_view}
        return [
            ("runs", translate("NetworkWindow", "Runs"), self.runs_panel, Qt.LeftDockWidgetArea, False),
            ("optimizer", translate("NetworkWindow", "Optimizer and schedule"), self.optimizer_panel, Qt.LeftDockWidgetArea, True),
            ("data", translate("NetworkWindow", "Data and loss"), self.data_panel, Qt.LeftDockWidgetArea, True),
            ("curves", translate("NetworkWindow", "Curves"), self.curves_view, Qt.RightDockWidgetArea, False),
            ("landscape", translate("NetworkWindow", "Loss landscape"), self.landscape, Qt.RightDockWidgetArea, False),
            ("curvature", translate("NetworkWindow", "Curvature"), self.curvature, Qt.RightDockWidgetArea, True),
        ]

    def _arrange_docks(self):
        self.tabifyDockWidget(self.docks["optimizer"], self.docks["data"])
        self.docks["optimizer"].raise_()
        self.resizeDocks([self.docks["runs"], self.docks["curves"]], [360, 460], Qt.Horizontal)
        self.resizeDocks([self.docks["curves"], self.docks["landscape"]], [430, 430], Qt.Vertical)
        self.tabifyDockWidget(self.docks["landscape"], self.docks["curvature"])
        self.docks["landscape"].raise_()

    def _structure_views(self):
        net = self.controller.session.network
        if self._data_key != net.data:  # selecting a run changes no data
            try:
                self.dataset = make_dataset(net.data)
            except ParamError as exc:
                self.statusBar().showMessage(str(exc))
                return
            self.output.set_dataset(self.dataset)
            self._data_key = net.data
        self.builder.set_network(net.network, self.dataset.feature_names, self.dataset.n_outputs)
        classes = self.dataset.task == CLASSIFICATION  # accuracy means nothing for a regression
        self.curves_view.show_panes([key for key, _t, _l in NETWORK_PANES if classes or key != "test_acc"])
        self.curves_view.set_runs(self.controller.session.runs)
        self._model_key = None

    def _draw_extras(self, frame):
        if self.controller.race is None or not frame.runs:
            if self._model_key != "none":  # nothing trained: no map, no weights of a former model
                self.output.clear_model()
                self.builder.canvas.set_weights(None)
                self._model_key = "none"
            return
        # the output and the link weights redraw a few times a second: a forward pass each
        # a frame drawn while playing may read weights not yet recorded for its step: the frame
        # at rest draws again even at the same step
        key = (frame.selected, frame.step, frame.playing)
        if key == self._model_key or (frame.playing and time.perf_counter() - self._modelled < 0.25):
            return
        self._model_key, self._modelled = key, time.perf_counter()
        model = self.controller.model_at(frame.selected, frame.step)
        self.output.show_model(model)
        linears = [b.linear.weight.detach().numpy() for b in model.blocks] + [model.head.weight.detach().numpy()]
        self.builder.canvas.set_weights(linears)

    def _architecture_proposed(self, spec):
        """The builder proposes a new architecture: confirm the restart, then apply or explain."""
        from dataclasses import replace

        if self.controller.step > 0:
            answer = QMessageBox.question(
                self, translate("NetworkWindow", "Restart training?"),
                translate("NetworkWindow", "Changing the architecture builds a new network with new initial weights, so "
                    "training starts again. Continue?"), QMessageBox.Yes | QMessageBox.No)
            if answer != QMessageBox.Yes:
                self._structure_views()
                return
        error = self.controller.set_network(replace(self.controller.session.network, network=spec))
        if error:
            self.statusBar().showMessage(error, 8000)
            QMessageBox.warning(self, translate("NetworkWindow", "Architecture not changed"), error)
            self._structure_views()

    def _step_text(self, step: int) -> str:
        """Steps and epochs: an epoch is one pass over the training set (batch size / n steps)."""
        histories, selected = self.controller.histories(), self.controller.selected
        if self.controller.session.runs and selected < len(histories) and len(histories[selected]):
            history = histories[selected]
            epoch = history["epoch"][history.row_of_step(step)]
            return translate("NetworkWindow", "step {step} · epoch {epoch}").format(step=f"{step:,}", epoch=f"{epoch:.1f}")
        return super()._step_text(step)

    def central_view(self):
        return self.output
