"""The data and loss of a network problem: dataset, samples, noise, split, features, shift, loss,
L2, early stopping, sharpness measurement, and CSV import. Every change goes through the controller, which checks
it and restarts training; a refused change shows its reason and changes nothing."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
import csv
from dataclasses import replace

from PySide6.QtWidgets import (QCheckBox, QComboBox, QDoubleSpinBox, QFileDialog, QFormLayout,
                               QHBoxLayout, QInputDialog, QLabel, QPushButton, QSpinBox,
                               QVBoxLayout, QWidget)

from ...core.networks.datasets import CSV, DATASETS, EXTRA_FEATURES, MAX_SAMPLES
from ...core.networks.problem import default_loss

translate = QCoreApplication.translate


class DataPanel(QWidget):
    def __init__(self, controller, parent=None):
        super().__init__(parent)
        self.controller = controller
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.dataset = QComboBox()
        self.dataset.addItems(list(DATASETS))
        self.samples = QSpinBox()
        self.samples.setRange(8, MAX_SAMPLES)
        self.noise = QDoubleSpinBox()
        self.noise.setRange(0, 10)
        self.noise.setSingleStep(0.05)
        self.test_fraction = QDoubleSpinBox()
        self.test_fraction.setRange(0.05, 0.9)
        self.test_fraction.setSingleStep(0.05)
        self.shift = QDoubleSpinBox()
        self.shift.setRange(-10, 10)
        self.shift.setSingleStep(0.25)
        self.shift.setToolTip(translate("DataPanel", "Draw the test inputs from a shifted distribution (the mismatch lesson)"))
        self.standardize = QCheckBox(translate("DataPanel", "standardise features"))
        self.features = {f: QCheckBox(f) for f in EXTRA_FEATURES}
        feats = QHBoxLayout()
        for box in self.features.values():
            feats.addWidget(box)
        self.loss = QComboBox()
        self.loss.addItems(["ce", "mse"])
        self.loss.setToolTip(translate("DataPanel", "ce: softmax cross-entropy (classes); mse: mean squared error"))
        self.weight_decay = QDoubleSpinBox()
        self.weight_decay.setDecimals(5)
        self.weight_decay.setRange(0, 10)
        self.weight_decay.setSingleStep(0.0005)
        self.early = QSpinBox()
        self.early.setRange(0, 100_000)
        self.early.setSpecialValueText(translate("DataPanel", "off"))
        self.sharpness = QSpinBox()
        self.sharpness.setRange(0, 100_000)
        self.sharpness.setSpecialValueText(translate("DataPanel", "off"))
        self.sharpness.setPrefix(translate("DataPanel", "every "))
        self.sharpness.setSuffix(translate("DataPanel", " steps"))
        self.sharpness.setToolTip(translate(
            "DataPanel", "Measure each run's sharpness λ_max (the top Hessian eigenvalue of the "
            "full training loss; for Adam that of the preconditioned P⁻¹H) every N steps, drawn "
            "with its stability limit (2/η for SGD) in the curves. Each measurement costs about "
            "10 to 40 full-batch gradients: every 10 steps about doubles the training time, "
            "every step makes it about 7 times longer."))
        self.seed = QSpinBox()
        self.seed.setRange(0, 2**31 - 1)
        self.seed.setToolTip(translate("DataPanel", "Seed of the data and of the initial weights (shared by all runs)"))
        for label, w in [(translate("DataPanel", "dataset"), self.dataset), (translate("DataPanel", "samples"), self.samples),
                         (translate("DataPanel", "noise"), self.noise), (translate("DataPanel", "test share"), self.test_fraction),
                         (translate("DataPanel", "test shift"), self.shift)]:
            form.addRow(label, w)
        form.addRow("", self.standardize)
        form.addRow(translate("DataPanel", "extra inputs"), feats)
        for label, w in [(translate("DataPanel", "loss"), self.loss), (translate("DataPanel", "L2 λ"), self.weight_decay),
                         (translate("DataPanel", "early stopping"), self.early),
                         (translate("DataPanel", "sharpness"), self.sharpness), (translate("DataPanel", "seed"), self.seed)]:
            form.addRow(label, w)
        layout.addLayout(form)
        self.import_csv = QPushButton(translate("DataPanel", "Import CSV…"))
        self.import_csv.setToolTip(translate("DataPanel", "Numeric columns with a header row; you pick the target column"))
        layout.addWidget(self.import_csv)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #ff7b7b;")
        layout.addWidget(self.error)
        layout.addStretch(1)
        self._filling = False
        self.dataset.activated.connect(lambda _: self._apply_data(name=self.dataset.currentText()))
        for w, key in [(self.samples, "samples"), (self.noise, "noise"),
                       (self.test_fraction, "test_fraction"), (self.shift, "shift")]:
            w.editingFinished.connect(lambda w=w, key=key: self._apply_data(**{key: w.value()}))
        self.standardize.toggled.connect(lambda v: self._apply_data(standardize=v))
        for box in self.features.values():
            box.toggled.connect(lambda _: self._apply_data(
                features=tuple(f for f, b in self.features.items() if b.isChecked())))
        self.loss.activated.connect(lambda _: self._apply(loss=self.loss.currentText()))
        self.weight_decay.editingFinished.connect(lambda: self._apply(weight_decay=self.weight_decay.value()))
        self.early.editingFinished.connect(lambda: self._apply(early_stopping=self.early.value()))
        self.sharpness.editingFinished.connect(lambda: self._apply(sharpness_every=self.sharpness.value()))
        self.seed.editingFinished.connect(self._apply_seed)
        self.import_csv.clicked.connect(self.ask_csv)
        controller.structure_changed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        net = self.controller.session.network
        if net is None:
            return
        self._filling = True
        d = net.data
        if d.name == CSV and self.dataset.findText(CSV) < 0:
            self.dataset.addItem(CSV)
        self.dataset.setCurrentText(d.name)
        self.samples.setValue(d.samples)
        self.samples.setEnabled(d.name != CSV)
        self.noise.setValue(d.noise)
        self.test_fraction.setValue(d.test_fraction)
        self.shift.setValue(d.shift)
        self.standardize.setChecked(d.standardize)
        for f, box in self.features.items():
            box.setChecked(f in d.features)
        self.loss.setCurrentText(net.loss)
        self.weight_decay.setValue(net.weight_decay)
        self.early.setValue(net.early_stopping)
        self.sharpness.setValue(net.sharpness_every)
        self.seed.setValue(net.init_seed)
        self._filling = False

    def _apply(self, **changes) -> None:
        if self._filling:
            return
        error = self.controller.set_network(replace(self.controller.session.network, **changes))
        self.error.setText(error or "")
        if error:
            self.refresh()

    def _apply_data(self, **changes) -> None:
        if self._filling:
            return
        net = self.controller.session.network
        data = replace(net.data, **changes)
        loss = net.loss
        if "name" in changes and changes["name"] in DATASETS:  # pick the loss that fits the task
            loss = default_loss(DATASETS[changes["name"]])
        self._apply(data=data, loss=loss)

    def _apply_seed(self) -> None:
        if self._filling:
            return
        seed = self.seed.value()
        net = self.controller.session.network
        self._apply(init_seed=seed, data=replace(net.data, seed=seed))

    def ask_csv(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, translate("DataPanel", "Import CSV"), "", translate("DataPanel", "CSV files (*.csv);;All files (*)"))
        if not path:
            return
        try:
            with open(path, newline="", encoding="utf-8") as f:
                header = next(csv.reader(f))
        except (OSError, UnicodeDecodeError, StopIteration) as exc:
            self.error.setText(translate("DataPanel", "{path}: cannot read a header row ({error})").format(path=path, error=type(exc).__name__))
            return
        target, ok = QInputDialog.getItem(self, translate("DataPanel", "Target column"), translate("DataPanel", "Which column should the network predict?"),
                                          [h.strip() for h in header], len(header) - 1, False)
        if ok:
            self.load_csv(path, target)

    def load_csv(self, path: str, target: str) -> None:
        """Use a CSV file (checked by the core; errors name the row and column)."""
        from ...core.networks.datasets import load_csv
        from ...core.params import ParamError

        try:
            _, _, task = load_csv(path, target)
        except ParamError as exc:
            self.error.setText(str(exc))
            return
        net = self.controller.session.network
        self._apply(data=replace(net.data, name=CSV, csv_path=path, target=target),
                    loss=default_loss(task))
