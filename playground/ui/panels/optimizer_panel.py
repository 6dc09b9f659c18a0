"""The selected run's optimizer, schedule and warmup, with a preview of its learning rate."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
import pyqtgraph as pg
from PySide6.QtWidgets import (QAbstractScrollArea, QApplication, QComboBox, QFormLayout,
                               QGroupBox, QLabel, QSpinBox, QVBoxLayout, QWidget)

from ...core.optim.optimizers import OPTIMIZERS
from ...core.params import ParamError
from ...core.optim.schedulers import SCHEDULERS, WARMUP_SPECS, lr_sequence
from ..views.titles import fit_title, wrap_titles
from .param_form import ParamForm, title_label
from .scheduler_names import scheduler_title, scheduler_tooltip

translate = QCoreApplication.translate

PREVIEW_STEPS = 600


class StillPlot(pg.PlotWidget):
    """A plot that only shows: no mouse zoom or pan, and the wheel scrolls whatever holds it.

    The LR preview sits in a scrolling dock; a wheel turned over it must scroll the dock, not
    zoom the preview to negative learning rates (issue 8 #11). The ranges are set by the panel.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.setMouseEnabled(False, False)
        self.hideButtons()  # the "A" auto-range button would be a zoom control too
        self.setMenuEnabled(False)
        wrap_titles(self.plotItem)  # the plateau note wraps in the narrow dock

    def resizeEvent(self, ev):
        if getattr(self, "plotItem", None) is not None:  # None while pyqtgraph builds it
            fit_title(self.plotItem, self.width())
        super().resizeEvent(ev)

    def wheelEvent(self, event):
        # hand the wheel to the scroll area holding the plot (Qt would propagate an ignored
        # event itself, but only a spontaneous one; this way any wheel event scrolls the dock)
        area = self.parentWidget()
        while area is not None and not isinstance(area, QAbstractScrollArea):
            area = area.parentWidget()
        if area is None:
            event.ignore()
            return
        QApplication.sendEvent(area.viewport(), event)


class OptimizerPanel(QWidget):
    def __init__(self, controller, parent=None):
        super().__init__(parent)
        self.controller = controller
        self.setMinimumWidth(330)  # the forms' fields stay readable; no sideways scrolling
        layout = QVBoxLayout(self)
        self.title = title_label()
        layout.addWidget(self.title)
        # the preview first: what the settings below do to η_t, visible without scrolling even
        # at 1280×720 (issue 8, item 6)
        self.preview = StillPlot(background="#1e1e24")
        self.preview.setFixedHeight(150)  # a glance, not the dock: the forms stay in view
        self.preview.setTitle(translate("OptimizerPanel", "η_t over the first {n} steps (before training)").format(n=PREVIEW_STEPS),
                              size="9pt", color="#e0e0e0")
        self.preview.setLabel("bottom", translate("OptimizerPanel", "step"))
        # a fixed axis width: pyqtgraph's grows with the widest label ever shown, so the picture
        # of a run would depend on the runs shown before it
        self.preview.getAxis("left").setWidth(52)
        self.preview_curve = self.preview.plot()
        layout.addWidget(self.preview)

        opt_box = QGroupBox(translate("OptimizerPanel", "Optimizer"))
        opt_layout = QFormLayout(opt_box)
        self.optimizer = QComboBox()
        for e in OPTIMIZERS:
            self.optimizer.addItem(e.name)
            self.optimizer.setItemData(self.optimizer.count() - 1, e.help, 3)  # tooltip role
        opt_layout.addRow(translate("OptimizerPanel", "optimizer"), self.optimizer)
        self.opt_form = ParamForm()
        opt_layout.addRow(self.opt_form)
        layout.addWidget(opt_box)

        sched_box = QGroupBox(translate("OptimizerPanel", "Learning-rate schedule"))
        sched_layout = QFormLayout(sched_box)
        self.scheduler = QComboBox()
        for e in SCHEDULERS:  # readable names; the stored (PyTorch) name is the item's data
            self.scheduler.addItem(scheduler_title(e.name), e.name)
            self.scheduler.setItemData(self.scheduler.count() - 1, scheduler_tooltip(e.name), 3)
        sched_layout.addRow(translate("OptimizerPanel", "scheduler"), self.scheduler)
        self.sched_form = ParamForm()
        sched_layout.addRow(self.sched_form)
        self.warmup_form = ParamForm()
        sched_layout.addRow(self.warmup_form)
        layout.addWidget(sched_box)

        self.batch_row = QWidget()  # networks only: the mini-batch size of this run
        batch_layout = QFormLayout(self.batch_row)
        batch_layout.setContentsMargins(0, 0, 0, 0)
        self.batch = QSpinBox()
        self.batch.setRange(0, 100_000)
        self.batch.setSpecialValueText(translate("OptimizerPanel", "full set"))
        self.batch.setToolTip(translate("OptimizerPanel", "Samples per step (0: the full training set); 1 is pure SGD"))
        batch_layout.addRow(translate("OptimizerPanel", "batch size"), self.batch)
        layout.addWidget(self.batch_row)
        self.batch.editingFinished.connect(lambda: self._apply(batch_size=self.batch.value()))

        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #ff7b7b;")
        layout.addWidget(self.error)
        layout.addStretch(1)

        self.optimizer.activated.connect(lambda _: self._apply(optimizer=self.optimizer.currentText(), opt={}))
        self.scheduler.activated.connect(lambda _: self._apply(scheduler=self.scheduler.currentData(), sched={}))
        self.opt_form.changed.connect(lambda k, v: self._apply(opt={**self._run().opt, k: v}))
        self.sched_form.changed.connect(lambda k, v: self._apply(sched={**self._run().sched, k: v}))
        self.warmup_form.changed.connect(lambda k, v: self._apply(**{k: v}))
        for form in (self.opt_form, self.sched_form, self.warmup_form):
            form.invalid.connect(self.error.setText)
        controller.structure_changed.connect(self.refresh)
        self.refresh()

    def _run(self):
        runs = self.controller.session.runs
        return runs[self.controller.selected] if runs else None

    def _apply(self, **changes) -> None:
        if self._run() is None:
            return
        message = self.controller.update_run(self.controller.selected, **changes)
        self.error.setText(message or "")
        if message:
            self.refresh(keep_error=True)

    def refresh(self, keep_error: bool = False) -> None:
        run = self._run()
        self.setEnabled(run is not None)
        if not keep_error:
            self.error.setText("")
        if run is None:
            self.title.setText(translate("OptimizerPanel", "No run selected"))
            return
        self.title.setText(f'<span style="color:{run.color}">●</span> {run.name}')
        self.batch_row.setVisible(hasattr(run, "batch_size"))
        if hasattr(run, "batch_size"):
            self.batch.setValue(run.batch_size)
        self.optimizer.setCurrentText(run.optimizer)
        self.scheduler.setCurrentIndex(self.scheduler.findData(run.scheduler))
        self.scheduler.setToolTip(scheduler_tooltip(run.scheduler))
        self.opt_form.set_specs(OPTIMIZERS.get(run.optimizer).params, run.opt)
        self.sched_form.set_specs(SCHEDULERS.get(run.scheduler).params, run.sched)
        self.warmup_form.set_specs(WARMUP_SPECS, {"warmup": run.warmup, "warmup_start": run.warmup_start})
        try:
            lrs = lr_sequence(run.optimizer, run.opt, run.scheduler, run.sched, run.warmup,
                              run.warmup_start, PREVIEW_STEPS)
            self.preview_curve.setData(range(1, PREVIEW_STEPS + 1), lrs,
                                       pen=pg.mkPen(run.color, width=2))
            top = float(lrs.max()) if lrs.max() > 0 else 1.0
            self.preview.setYRange(0, top * 1.08, padding=0)  # η ≥ 0: start the axis at 0
            note = translate("OptimizerPanel", " — depends on the loss, flat until it stalls") if run.scheduler == "reducelronplateau" else ""
            self.preview.setTitle(translate("OptimizerPanel", "η_t over the first {n} steps{note}").format(n=PREVIEW_STEPS, note=note), size="9pt",
                                  color="#e0e0e0")
            fit_title(self.preview.plotItem, self.preview.width())
        except ParamError as exc:
            self.preview_curve.setData([], [])
            self.error.setText(str(exc))
