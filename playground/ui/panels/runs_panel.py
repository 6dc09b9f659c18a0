"""The runs of the race: add, duplicate, rename, recolour, hide, remove; status of each."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import (QColorDialog, QHBoxLayout, QListWidget, QListWidgetItem,
                               QPushButton, QVBoxLayout, QWidget)

from ...core.race import DIVERGED, PAUSED, READY, RUNNING
from .scheduler_names import scheduler_title

translate = QCoreApplication.translate

STATUS_TEXT = {READY: "", RUNNING: QT_TRANSLATE_NOOP("RunsPanel", "running"), PAUSED: "",
               DIVERGED: QT_TRANSLATE_NOOP("RunsPanel", "DIVERGED")}  # shown translated


def swatch(color: str) -> QIcon:
    pm = QPixmap(14, 14)
    pm.fill(QColor(color))
    return QIcon(pm)


class RunsPanel(QWidget):
    def __init__(self, controller, parent=None):
        super().__init__(parent)
        self.controller = controller
        layout = QVBoxLayout(self)
        self.list = QListWidget()
        self.list.setToolTip(translate("RunsPanel", "Tick to show, double-click to rename; select to edit its optimizer."))
        layout.addWidget(self.list)
        buttons = QHBoxLayout()
        self.buttons = {}
        for key, text, tip in [("add", translate("RunsPanel", "Add"), translate("RunsPanel", "Add an Adam run")),
                               ("duplicate", translate("RunsPanel", "Duplicate"), translate("RunsPanel", "Copy the selected run")),
                               ("color", translate("RunsPanel", "Colour…"), translate("RunsPanel", "Pick the selected run's colour")),
                               ("remove", translate("RunsPanel", "Remove"), translate("RunsPanel", "Remove the selected run"))]:
            b = QPushButton(text)
            b.setToolTip(tip)
            buttons.addWidget(b)
            self.buttons[key] = b
        layout.addLayout(buttons)
        self.compare = QPushButton(translate("RunsPanel", "Compare optimizers"))
        self.compare.setToolTip(translate("RunsPanel", "Replace the runs by SGD, momentum, Adagrad, RMSProp and Adam, "
                                    "with learning rates that suit this problem"))
        layout.addWidget(self.compare)
        self.buttons["add"].clicked.connect(lambda: self.controller.add_run())
        self.buttons["duplicate"].clicked.connect(lambda: self.controller.duplicate_run(self.controller.selected))
        self.buttons["remove"].clicked.connect(lambda: self.controller.remove_run(self.controller.selected))
        self.buttons["color"].clicked.connect(self._pick_color)
        self.compare.clicked.connect(self.controller.compare_optimizers)
        self.list.currentRowChanged.connect(self._select)
        self.list.itemChanged.connect(self._item_changed)
        controller.structure_changed.connect(self.refresh)
        self._filling = False
        self.refresh()

    def refresh(self) -> None:
        self._filling = True
        self.list.clear()
        hidden = self.controller.hidden()
        for i, run in enumerate(self.controller.session.runs):
            item = QListWidgetItem(swatch(run.color), run.name)
            item.setFlags(item.flags() | Qt.ItemIsEditable | Qt.ItemIsUserCheckable)
            item.setCheckState(Qt.Unchecked if run.name in hidden else Qt.Checked)
            self.list.addItem(item)
        if self.controller.session.runs:
            self.list.setCurrentRow(self.controller.selected)
        self._filling = False
        self.update_status()

    def update_status(self) -> None:
        for i in range(self.list.count()):
            run = self.controller.session.runs[i]
            status = STATUS_TEXT.get(self.controller.status[i] if i < len(self.controller.status) else "", "")
            item = self.list.item(i)
            text = f"{run.name}   ⚠ {QCoreApplication.translate('RunsPanel', status)}" if status == "DIVERGED" else run.name
            detail = f"{run.optimizer} lr={run.opt.get('lr'):g}" + (
                f", {scheduler_title(run.scheduler).lower()}" if run.scheduler != "constant" else "") + (
                translate("RunsPanel", ", warmup {steps}").format(steps=run.warmup) if run.warmup else "")
            self._filling = True
            item.setToolTip(detail)
            if item.text() != text and not self.list.isPersistentEditorOpen(item):
                item.setData(Qt.DisplayRole, text)
                item.setForeground(QColor("#ff7b7b") if status == "DIVERGED" else QColor("#e8e8e8"))
            self._filling = False

    def _select(self, row: int) -> None:
        if self._filling or row < 0:
            return
        self.controller.select(row)

    def _item_changed(self, item: QListWidgetItem) -> None:
        if self._filling:
            return
        i = self.list.row(item)
        run = self.controller.session.runs[i]
        visible = item.checkState() == Qt.Checked
        if visible != (run.name not in self.controller.hidden()):
            self.controller.set_visible(i, visible)
        name = item.text().split("   ⚠")[0].strip()
        if name and name != run.name:
            if name in {r.name for r in self.controller.session.runs}:
                self.controller.message.emit(translate("RunsPanel", "A run named {name} exists already.").format(name=repr(name)))
                self.refresh()
            else:
                self.controller.update_run(i, name=name)

    def _pick_color(self) -> None:
        runs = self.controller.session.runs
        if not runs:
            return
        color = QColorDialog.getColor(QColor(runs[self.controller.selected].color), self, translate("RunsPanel", "Run colour"))
        if color.isValid():
            self.controller.update_run(self.controller.selected, color=color.name())
