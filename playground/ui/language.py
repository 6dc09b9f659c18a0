"""The interface language: Qt translators loaded from resources/translations/*.qm, the choice
remembered in the settings (English, 简体中文, or the system's locale, the default), and the
View ▸ Language menu.

Switching takes effect in newly built widgets; the open windows are rebuilt on the same session
by :func:`set_language` callers (a window re-creates itself, see PlaygroundWindow.retranslate).
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QCoreApplication, QLocale, QTranslator
from PySide6.QtGui import QAction, QActionGroup

from ..core import resources

translate = QCoreApplication.translate

SETTING = "language"
#: menu choices: setting value -> label (the language names are not translated: a reader must
#: find their own language whatever the interface shows)
CHOICES = {"en": "English", "zh": "简体中文", "system": None}

_installed: list[QTranslator] = []  # the translator in use (kept alive: Qt does not own it)


def system_language() -> str:
    """"zh" when the system locale is Chinese, else "en"."""
    return "zh" if QLocale.system().language() == QLocale.Chinese else "en"


def chosen() -> str:
    """The setting: "en", "zh" or "system"."""
    from .session_files import settings

    value = settings().value(SETTING, "system")
    return value if value in CHOICES else "system"


def effective(choice: str | None = None) -> str:
    """The language shown for ``choice`` (default: the setting)."""
    choice = choice or chosen()
    return system_language() if choice == "system" else choice


def install(lang: str | None = None) -> str:
    """Load the translator of ``lang`` (default: the setting) into the application, replacing
    the one before; returns the language in use. English needs no translator."""
    app = QCoreApplication.instance()
    lang = effective(lang)
    for old in _installed:
        app.removeTranslator(old)
    _installed.clear()
    if lang != "en":
        translator = QTranslator(app)
        if not translator.load(str(resources.translation_file(lang))):
            # a broken install must not stop the app: say why and stay in English
            print(f"note: {resources.translation_file(lang)} cannot be loaded (make translations "
                  "builds it); the interface stays in English", file=sys.stderr)
            return "en"
        app.installTranslator(translator)
        _installed.append(translator)
    return lang


def current() -> str:
    """The language the interface shows now."""
    return "zh" if _installed else "en"


def fill_language_menu(menu, on_change) -> None:
    """English / 简体中文 / System, checked as set; picking one stores it and calls
    ``on_change(lang)``."""
    from .session_files import settings

    group = QActionGroup(menu)
    for value, label in CHOICES.items():
        text = label or translate("Language", "System ({language})").format(
            language=CHOICES[system_language()])
        action = QAction(text, menu, checkable=True)
        action.setChecked(value == chosen())
        group.addAction(action)
        menu.addAction(action)

        def pick(_checked=False, value=value):
            settings().setValue(SETTING, value)
            if effective(value) != current():
                on_change(install(value))

        action.triggered.connect(pick)
