"""The network window: build a network by clicking, train it on a toy dataset, watch its output
and curves, and slice its loss landscape. Runs, optimizers, schedules, playback and sessions work
as in the surface window (the same base class, panels and controller)."""

from __future__ import annotations

import time

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QSplitter

from ..core.networks.datasets import make_dataset
from ..core.params import ParamError
from ..session.model import Session, classic_network
from .base_window import PlaygroundWindow
from .panels.data_panel import DataPanel
from .panels.landscape_panel import LandscapePanel
from .views.curves_view import NETWORK_PANES, CurvesView, network_series
from .views.network_diagram import NetworkBuilder
from .views.output_view import OutputView


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
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)
        split.setChildrenCollapsible(False)
        self.setCentralWidget(split)
        self.curves_view = CurvesView(panes=NETWORK_PANES, series_fn=network_series)
        self.data_panel = DataPanel(self.c)
        self.landscape = LandscapePanel(self.c)
        return [
            ("runs", "Runs", self.runs_panel, Qt.LeftDockWidgetArea, False),
            ("optimizer", "Optimizer and schedule", self.optimizer_panel, Qt.LeftDockWidgetArea, True),
            ("data", "Data and loss", self.data_panel, Qt.LeftDockWidgetArea, True),
            ("curves", "Curves", self.curves_view, Qt.RightDockWidgetArea, False),
            ("landscape", "Loss landscape", self.landscape, Qt.RightDockWidgetArea, False),
        ]

    def _arrange_docks(self):
        self.tabifyDockWidget(self.docks["optimizer"], self.docks["data"])
        self.docks["optimizer"].raise_()
        self.resizeDocks([self.docks["runs"], self.docks["curves"]], [360, 460], Qt.Horizontal)
        self.resizeDocks([self.docks["curves"], self.docks["landscape"]], [430, 430], Qt.Vertical)

    def _structure_views(self):
        net = self.c.session.network
        if getattr(self, "_data_key", None) != net.data:  # selecting a run changes no data
            try:
                self.dataset = make_dataset(net.data)
            except ParamError as exc:
                self.statusBar().showMessage(str(exc))
                return
            self.output.set_dataset(self.dataset)
            self._data_key = net.data
        self.builder.set_network(net.network, self.dataset.feature_names, self.dataset.n_outputs)
        self.curves_view.set_runs(self.c.session.runs)
        self._model_key = None

    def _draw_views(self, step, hist, runs, hidden):
        self.curves_view.update_runs(hist, runs, step, hidden)
        c = self.c
        race = c.race
        if race is None or not runs:
            return
        # the output and the link weights redraw a few times a second: a forward pass each
        key = (c.selected, step)
        if key == self._model_key or (c.playing and time.perf_counter() - self._modelled < 0.25):
            return
        self._model_key, self._modelled = key, time.perf_counter()
        model = race.model_at(c.selected, step)
        self.output.show_model(model)
        linears = [b.linear.weight.detach().numpy() for b in model.blocks] + [model.head.weight.detach().numpy()]
        self.builder.canvas.set_weights(linears)

    _model_key = None
    _modelled = 0.0

    def _architecture_proposed(self, spec):
        """The builder proposes a new architecture: confirm the restart, then apply or explain."""
        from dataclasses import replace

        if self.c.step > 0:
            answer = QMessageBox.question(
                self, "Restart training?",
                "Changing the architecture builds a new network with new initial weights, so "
                "training starts again. Continue?", QMessageBox.Yes | QMessageBox.No)
            if answer != QMessageBox.Yes:
                self._structure_views()
                return
        error = self.c.set_network(replace(self.c.session.network, network=spec))
        if error:
            self.statusBar().showMessage(error, 8000)
            QMessageBox.warning(self, "Architecture not changed", error)
            self._structure_views()

    def _step_text(self, step: int) -> str:
        """Steps and epochs: an epoch is one pass over the training set (batch size / n steps)."""
        hist = self.c.histories()
        if self.c.session.runs and self.c.selected < len(hist) and len(hist[self.c.selected]):
            h = hist[self.c.selected]
            epoch = h["epoch"][h.row_of_step(step)]
            return f"step {step:,} · epoch {epoch:.1f}"
        return f"step {step:,}"

    def central_view(self):
        return self.output

    def closeEvent(self, event):
        super().closeEvent(event)
        if event.isAccepted():
            self.landscape.shutdown()
