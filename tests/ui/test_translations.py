"""The interface in 简体中文 through Qt's translation system (issue 11): the .ts source is complete
and matches the code, the committed .qm matches the .ts, the windows show no English left after
switching, View ▸ Language switches without a restart, and CJK text renders real glyphs."""

from __future__ import annotations

import filecmp
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from playground.core import resources

ROOT = Path(__file__).resolve().parents[2]
TS = ROOT / "resources" / "translations" / "playground_zh_CN.ts"
sys.path.insert(0, str(ROOT / "scripts"))
import translations as tool  # noqa: E402  (scripts/translations.py)


def _messages(ts: Path) -> list[tuple[str, str, str, str | None]]:
    """(context, source, translation, type) of every message."""
    out = []
    for context in ET.parse(ts).getroot().iter("context"):
        for m in context.iter("message"):
            tr = m.find("translation")
            out.append((context.findtext("name"), m.findtext("source"), tr.text or "", tr.get("type")))
    return out


def test_every_entry_is_translated_and_none_is_obsolete():
    messages = _messages(TS)
    assert len(messages) > 250
    bad = [(c, s, t) for c, s, tr, t in messages if t is not None or not tr.strip()]
    assert not bad, f"unfinished / obsolete / vanished entries: {bad[:5]}"


def test_the_ts_matches_the_code(tmp_path):
    """lupdate over the code finds no string the .ts lacks and none it has extra: every string
    in translate()/QT_TRANSLATE_NOOP is translated."""
    copy = tmp_path / TS.name
    shutil.copy(TS, copy)
    subprocess.run([tool.tool("pyside6-lupdate"), *tool.sources(), "-no-obsolete", "-locations", "none",
                    "-ts", str(copy)], cwd=ROOT, check=True, capture_output=True)
    before = {(c, s) for c, s, _, _ in _messages(TS)}
    after = _messages(copy)
    new = [(c, s) for c, s, _, t in after if t == "unfinished"]
    assert not new, f"strings in the code without a translation (run make translations): {new}"
    assert {(c, s) for c, s, _, _ in after} == before


def test_the_committed_qm_is_compiled_from_the_ts(tmp_path):
    (qm,) = tool.release(tmp_path)
    assert filecmp.cmp(qm, resources.translation_file("zh"), shallow=False), \
        "playground_zh_CN.qm is older than the .ts: run make translations"


def test_translations_keep_placeholders_markup_and_mnemonics():
    for context, source, translation, _ in _messages(TS):
        where = f"{context}: {source!r}"
        assert sorted(re.findall(r"\{\w*\}", source)) == sorted(re.findall(r"\{\w*\}", translation)), where
        assert sorted(re.findall(r"</?\w+>", source)) == sorted(re.findall(r"</?\w+>", translation)), where
        # a mnemonic stays a mnemonic (Chinese writes it after the word: 文件(&F))
        assert ("&" in source) == ("&" in translation), where
        assert source.count("\n") == translation.count("\n"), where


def test_lessons_lang_zh_lists_chinese_titles():
    out = subprocess.run([sys.executable, "main.py", "lessons", "--lang", "zh"], cwd=ROOT,
                         capture_output=True, text=True, check=True).stdout
    from playground.lessons import LESSONS, lesson_text

    for name in LESSONS:
        assert f"{name} " in out
        assert lesson_text(name, "zh").title in out
    assert "鞍点" in out


# -- the windows in Chinese ---------------------------------------------------------------------

#: ASCII words the Chinese interface keeps: PyTorch's names, formats, symbols, problem names
KEPT = {"SGD", "Adam", "AdamW", "Adagrad", "RMSProp", "RMSprop", "NAdam", "RAdam", "Adadelta",
        "Adamax", "Momentum", "PyTorch", "torch", "optim", "lr_scheduler", "BatchNorm", "dropout",
        "Hessian", "PCA", "CSV", "PNG", "SVG", "GIF", "MP4", "imageio", "ffmpeg", "softmax", "mse",
        "ce", "relu", "tanh", "sigmoid", "gelu", "linear", "log", "min", "max", "Li", "et", "al",
        "pip", "install", "sin", "cos", "exp", "sqrt", "abs", "pi", "Space", "Ctrl", "Shift",
        "Delete", "json", "csv", "MSE", "ReLU", "English", "BN", "res", "OpenGL", "PyOpenGL", "Qt", "Right", "Left", "L2", "mismatch", "offscreen",
        "Lanczos", "Hutchinson", "Newton", "_max", "_min"}  # names of methods, and λ_max written plainly


def _interface_texts(window):
    """(where, text) of every text a user can read: menus, actions, tooltips, buttons, labels,
    titles, combo items, spin box affixes, table headers and plot titles."""
    from PySide6.QtWidgets import (QAbstractButton, QAbstractSpinBox, QComboBox, QDockWidget,
                                   QGroupBox, QLabel, QMenu, QTableWidget, QWidget)

    from playground.ui.lesson_dock import LessonDock
    from playground.ui.panels.param_form import ParamForm

    texts = [("title", window.windowTitle())]
    # Not .ts text: the lessons' titles, part names and explanations (resources/lessons), and
    # what core writes in English: parameter help and limits (the parameter forms and the
    # scheduler's tooltip) and the step inspector's terms
    skip = {id(window.optimizer_panel.scheduler)}
    for widget in window.findChildren(LessonDock) + window.findChildren(ParamForm):
        skip |= {id(w) for w in widget.findChildren(QWidget)}
    inspector = getattr(window, "inspector", None)
    if inspector is not None:
        skip |= {id(inspector.formula), id(inspector.table)}
    lessons_menu = window.menuBar().actions()[-2].menu()  # the menu before Help
    skip_menus = {id(m) for m in [lessons_menu] + lessons_menu.findChildren(QMenu)}
    texts.append(("menu", lessons_menu.title()))
    for menu in window.menuBar().findChildren(QMenu):
        if id(menu) in skip_menus:
            continue
        texts.append(("menu", menu.title()))
        for action in menu.actions():
            texts += [("action", action.text()), ("tip", action.statusTip())]
    for w in window.findChildren(QWidget):
        if id(w) in skip:
            continue
        texts.append(("tooltip", w.toolTip()))
        if isinstance(w, (QLabel, QAbstractButton)):
            texts.append((type(w).__name__, w.text()))
        if isinstance(w, QGroupBox):
            texts.append(("group", w.title()))
        if isinstance(w, QDockWidget):
            texts.append(("dock", w.windowTitle()))
        if isinstance(w, QComboBox):
            texts += [("combo", w.itemText(i)) for i in range(w.count())]
        if isinstance(w, QAbstractSpinBox):
            texts += [("spin", getattr(w, "prefix", str)()), ("spin", w.specialValueText())]
        if isinstance(w, QTableWidget):
            texts += [("header", w.horizontalHeaderItem(i).text()) for i in range(w.columnCount())
                      if w.horizontalHeaderItem(i)]
    return texts


def _english_left(window, allowed: set[str]) -> list:
    from playground.core.networks.datasets import DATASETS
    from playground.core.optim.optimizers import OPTIMIZERS
    from playground.core.surfaces.problem import surface_names

    from playground.core.networks.model import ACTIVATIONS

    names = set(allowed) | KEPT
    for name in surface_names() + list(DATASETS) + list(ACTIVATIONS) + [e.name for e in OPTIMIZERS]:
        names |= set(re.findall(r"[A-Za-z_][A-Za-z_0-9]+", name))
    # names the user (or a lesson, or a file) gave: the session's and the runs'
    for name in [window.controller.session.name] + [run.name for run in window.controller.session.runs]:
        names |= set(re.findall(r"[A-Za-z_][A-Za-z_0-9]+", name))
    left = []
    for where, text in _interface_texts(window):
        plain = re.sub(r"<[^>]+>", " ", text or "")
        words = [w for w in re.findall(r"[A-Za-z_][A-Za-z_0-9]+", plain) if w not in names]
        if words:
            left.append((where, text, words))
    return left


@pytest.fixture
def chinese(make_window):
    from playground.ui import language

    language.install("zh")
    yield make_window
    language.install("en")


def _param_names():
    """Parameter names are PyTorch's keyword arguments (lr, betas, …) and stay as they are."""
    from playground.core.optim.optimizers import OPTIMIZERS
    from playground.core.optim.schedulers import SCHEDULERS

    names = set()
    for registry in (OPTIMIZERS, SCHEDULERS):
        for entry in registry:
            for spec in entry.params:
                names.add(spec.name)
    return names


def test_no_english_left_in_the_surface_window(chinese, qtbot):
    window = chinese()
    window.controller.play(until=5)
    assert window.controller.wait_idle(timeout=60)
    window.redraw()
    assert window.menuBar().actions()[0].text() == "文件(&F)"
    left = _english_left(window, _param_names() | {"warmup", "warmup_start", "x", "y", "f"})
    assert not left, "\n".join(map(repr, left))


def test_no_english_left_in_the_network_window(chinese, qtbot):
    from playground.lessons import lesson_sessions

    window = chinese(lesson_sessions("overfitting")[0])
    left = _english_left(window, _param_names() | {"warmup", "warmup_start", "x1", "x2"})
    assert not left, "\n".join(map(repr, left))


def test_view_language_switches_without_a_restart(make_window, qtbot, switching_language):
    """View ▸ Language ▸ 简体中文 rebuilds the window in Chinese on the same session, remembers
    the choice, and English switches back."""
    from playground.ui import language
    from playground.ui.session_files import settings
    from playground.ui.windows import OPEN_WINDOWS

    window = make_window()
    OPEN_WINDOWS.append(window)
    window.controller.session.name = "my race"
    window.controller.mark_modified(True)

    def pick(win, label):
        view = next(m for m in win.menuBar().actions() if m.text() in ("&View", "视图(&V)")).menu()
        lang_menu = next(a for a in view.actions() if a.menu() and a.text() in ("&Language", "语言(&L)")).menu()
        next(a for a in lang_menu.actions() if a.text() == label).trigger()
        return OPEN_WINDOWS[-1]

    zh = pick(window, "简体中文")
    assert zh is not window and not window.isVisible()
    assert settings().value(language.SETTING) == "zh" and language.current() == "zh"
    assert zh.menuBar().actions()[0].text() == "文件(&F)"
    assert zh.controller.session.name == "my race" and zh.controller.modified
    assert zh.act["play"].text() == "播放"
    en = pick(zh, "English")
    assert en.menuBar().actions()[0].text() == "&File" and language.current() == "en"
    assert settings().value(language.SETTING) == "en"


def test_system_language_is_the_default(monkeypatch, make_window):
    from PySide6.QtCore import QLocale

    from playground.ui import language

    make_window  # the application exists
    assert language.chosen() == "system"
    monkeypatch.setattr(QLocale, "system", staticmethod(lambda: QLocale(QLocale.Chinese, QLocale.China)))
    assert language.effective() == "zh"
    monkeypatch.setattr(QLocale, "system", staticmethod(lambda: QLocale(QLocale.German)))
    assert language.effective() == "en"


# -- CJK glyphs ---------------------------------------------------------------------------------

def _glyph(char: str):
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QColor, QFont, QImage, QPainter

    image = QImage(28, 28, QImage.Format_Grayscale8)
    image.fill(QColor("black"))
    painter = QPainter(image)
    font = QFont()
    font.setPixelSize(22)
    painter.setFont(font)
    painter.setPen(QColor("white"))
    painter.drawText(image.rect(), Qt.AlignCenter, char)
    painter.end()
    return bytes(image.constBits())


def test_chinese_text_renders_real_glyphs_not_boxes(make_window):
    """Every Chinese character of the interface renders with the default fonts: each looks unlike
    the missing-glyph box (drawn for a private-use character no font has) and unlike the others
    (boxes all look the same)."""
    make_window  # the application exists
    chars = sorted({ch for _, _, tr, _ in _messages(TS) for ch in tr if "\u4e00" <= ch <= "\u9fff"})
    assert len(chars) > 200
    box = _glyph("\U000f0000")
    images = {ch: _glyph(ch) for ch in chars}
    assert not [ch for ch, im in images.items() if im == box], "tofu: install a CJK font"
    assert not [ch for ch, im in images.items() if not any(im)], "blank glyphs"
    assert len(set(images.values())) == len(chars)


def test_switching_language_rebuilds_every_open_window(make_window, qtbot):
    from playground.lessons import lesson_sessions
    from playground.ui import language
    from playground.ui.windows import OPEN_WINDOWS, NetworkWindow

    surface, network = make_window(), make_window(lesson_sessions("warmup")[0])
    OPEN_WINDOWS.extend([surface, network])
    try:
        language.install("zh")
        surface.retranslate("zh")
        assert surface not in OPEN_WINDOWS and network not in OPEN_WINDOWS
        kinds = sorted(type(w).__name__ for w in OPEN_WINDOWS)
        assert kinds == sorted(["MainWindow", NetworkWindow.__name__])
        assert all(w.act["step"].text() == "单步" for w in OPEN_WINDOWS)
    finally:
        language.install("en")
        for w in list(OPEN_WINDOWS):
            w._replaced = True
            w.close()
            w.controller.shutdown()
        OPEN_WINDOWS.clear()
