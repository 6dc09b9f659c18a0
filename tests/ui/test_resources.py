"""resources/: the app icon (window and desktop launcher) and the style sheet, loaded through
playground.core.resources, and packaged where that module finds them."""

import configparser
import re
import tomllib
from pathlib import Path

from playground.core import resources

ROOT = Path(__file__).resolve().parents[2]


def test_the_app_uses_the_style_sheet_and_icon_from_resources(make_window):
    from PySide6.QtWidgets import QApplication

    window = make_window()
    app = QApplication.instance()
    assert app.styleSheet() == resources.style_sheet() and "QDockWidget::title" in app.styleSheet()
    icon = window.windowIcon()  # every window inherits the application's icon
    assert not icon.isNull() and not icon.pixmap(64, 64).isNull()
    image = icon.pixmap(64, 64).toImage()
    assert len({image.pixel(x, y) for x in range(0, 64, 4) for y in range(0, 64, 4)}) > 4  # drawn, not blank


def test_a_missing_style_sheet_leaves_a_note_not_a_crash(make_window, monkeypatch, capsys):
    from PySide6.QtWidgets import QApplication

    from playground.ui.app import apply_style

    def missing():
        raise FileNotFoundError("resources/style/playground.qss")

    monkeypatch.setattr(resources, "style_sheet", missing)
    app = QApplication.instance()
    try:
        apply_style(app)
        assert "no style sheet" in capsys.readouterr().err
    finally:
        monkeypatch.undo()
        apply_style(app)


def test_the_desktop_launcher_starts_the_installed_command_with_the_icon():
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # keys are case-sensitive
    entry.read(resources.desktop_file(), encoding="utf-8")
    desktop = entry["Desktop Entry"]
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["scripts"]
    assert desktop["Type"] == "Application" and desktop["Exec"].split()[0] in scripts
    assert desktop["Icon"] == resources.icon_file().stem
    assert desktop["Name"] == "Optimization Playground" and desktop["Name[zh_CN]"]
    assert desktop["Categories"].endswith(";")


def test_packaging_carries_the_resources():
    manifest = (ROOT / "MANIFEST.in").read_text()
    assert "graft resources" in manifest  # the sdist
    setup = (ROOT / "setup.py").read_text()
    # the launcher and icon installed under <prefix>/share/ are the files the app uses
    shared = re.findall(r'"(resources/[^"]+)"', setup)
    assert sorted(ROOT / p for p in shared) == sorted([resources.desktop_file(), resources.icon_file()])
    assert all((ROOT / p).is_file() for p in shared)
