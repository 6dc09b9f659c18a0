"""The custom-surface dialog: a refused formula keeps the dialog open, with the typed text and
the reason (including the column of the mistake) shown in it, so the user fixes rather than
retypes."""

from __future__ import annotations

import html
from typing import Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialog, QInputDialog, QWidget

def prompt() -> str:
    return "f(x, y) = <br><small>{}</small>".format(QCoreApplication.translate(
        "FormulaDialog", "numbers, x, y, pi, e, + − * / ^, sin cos exp log sqrt abs tanh sigmoid relu …"))


class FormulaDialog(QInputDialog):
    """Ask for a formula; ``apply(text)`` returns an error message, or None once it is used.

    The dialog closes only when ``apply`` accepts the text, or on Cancel.
    """

    def __init__(self, parent: QWidget | None, text: str, apply: Callable[[str], str | None]):
        super().__init__(parent)
        self._apply = apply
        self.setWindowTitle(QCoreApplication.translate("FormulaDialog", "Custom surface"))
        self.setInputMode(QInputDialog.TextInput)
        self.setLabelText(prompt())
        self.setTextValue(text)
        self.resize(520, self.sizeHint().height())
        self.error = ""

    def done(self, result: int) -> None:
        if result == QDialog.Accepted:
            self.error = self._apply(self.textValue()) or ""
            if self.error:  # stay open, keep the text, say why
                self.setLabelText(f'{prompt()}<br><span style="color:#ff7b7b">'
                                  f"{html.escape(self.error)}</span>")
                return
        super().done(result)
