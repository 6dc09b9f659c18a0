"""resources/translations/ui_strings_zh.tsv: the Chinese for every interface string of
playground/ui/ (the source the Qt .ts files are made from once the UI calls tr()). Each entry
is well-formed (placeholders, mnemonics, markup kept), each still names a string the code shows,
and every text the code hands to a widget has an entry."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
TSV = ROOT / "resources" / "translations" / "ui_strings_zh.tsv"
SOURCES = sorted((ROOT / "playground" / "ui").rglob("*.py")) + [ROOT / "playground" / "core" / "lessons.py"]

CJK = re.compile(r"[\u4e00-\u9fff]")
PLACEHOLDER = re.compile(r"\{(\w*)\}")
TAG = re.compile(r"</?\w+[^>]*>")

#: the Qt calls whose string arguments a user reads, and which arguments those are
USER_TEXT_ARGS = {
    "QAction": (0,), "addMenu": (0,), "QLabel": (0,), "QPushButton": (0,), "QCheckBox": (0,),
    "QGroupBox": (0,), "QDockWidget": (0,), "QToolBar": (0,), "setToolTip": (0,),
    "setStatusTip": (0,), "setText": (0,), "setTitle": (0,), "setWindowTitle": (0,),
    "setPrefix": (0,), "setSpecialValueText": (0,), "showMessage": (0,), "addItems": (0,),
    "_action": (0, 3), "setLabel": (1,), "setHorizontalHeaderLabels": (0,), "addRow": (0,),
    "question": (1, 2), "warning": (1, 2), "information": (1, 2), "about": (1, 2),
    "getText": (1, 2), "getItem": (1, 2), "getOpenFileName": (1, 3), "getSaveFileName": (1, 3),
    "getExistingDirectory": (1,), "getColor": (2,), "emit": (0,), "addAction": (0,),
}
#: identifiers the user types or picks as they are (the loss names, like PyTorch's names)
IDENTIFIERS = {"ce", "mse"}


def _entries() -> list[tuple[int, str, str]]:
    rows = []
    for n, line in enumerate(TSV.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        assert len(parts) == 2, f"line {n}: english<TAB>中文 expected, got {line!r}"
        en, zh = (p.replace("\\n", "\n") for p in parts)
        rows.append((n, en, zh))
    return rows


def _constants(path: Path) -> list[str]:
    """Every string literal of a module, f-strings' literal parts included."""
    return [node.value for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
            if isinstance(node, ast.Constant) and isinstance(node.value, str)]


def _shown_literals():
    """(file, line, text) for each string literal passed to a call that shows it to the user."""
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            for i in USER_TEXT_ARGS.get(name, ()):
                if i >= len(node.args):
                    continue
                arg = node.args[i]
                items = arg.elts if isinstance(arg, (ast.List, ast.Tuple)) else [arg]
                for item in items:
                    if isinstance(item, ast.Constant) and isinstance(item.value, str):
                        yield path.name, item.lineno, item.value


def test_entries_are_well_formed():
    seen = set()
    for n, en, zh in _entries():
        assert en.strip() and zh.strip(), f"line {n}: empty side"
        assert en not in seen, f"line {n}: {en!r} twice"
        seen.add(en)
        words = PLACEHOLDER.sub("", TAG.sub("", en))
        if re.search(r"[A-Za-z]{2}", words):  # real words: they must be translated
            assert CJK.search(zh), f"line {n}: {zh!r} is not Chinese"
        assert sorted(PLACEHOLDER.findall(en)) == sorted(PLACEHOLDER.findall(zh)), f"line {n}: placeholders"
        assert sorted(TAG.findall(en)) == sorted(TAG.findall(zh)), f"line {n}: markup"
        assert en.count("\n") == zh.count("\n"), f"line {n}: line breaks"
        assert en.endswith("…") == zh.endswith("…"), f"line {n}: a dialog's '…' must stay"
        mnemonic = re.search(r"&(\w)", en)
        if mnemonic:
            assert f"(&{mnemonic.group(1).upper()})" in zh.upper(), f"line {n}: keep &{mnemonic.group(1)} as (&X)"


def test_every_entry_is_still_shown_by_the_code():
    """An entry whose text the code no longer contains is stale (placeholders stand for the
    formatted fields of an f-string, so only the literal parts between them are looked for)."""
    literals = "\x00".join(text for path in SOURCES for text in _constants(path))
    for n, en, _ in _entries():
        for fragment in PLACEHOLDER.split(en)[::2]:
            assert fragment in literals, f"line {n}: {fragment!r} of {en!r} is not in playground/ui"


def test_every_shown_literal_has_a_translation():
    english = {en for _, en, _ in _entries()}
    missing = [f"{name}:{line}: {text!r}" for name, line, text in _shown_literals()
               if re.search(r"[A-Za-z]{2}", text) and text not in english | IDENTIFIERS]
    assert not missing, "no Chinese for:\n" + "\n".join(missing)


@pytest.mark.parametrize("table", ["arrows", "speeds", "panes", "status", "lesson parts"])
def test_every_label_table_has_translations(table):
    from playground.core.lessons import LESSONS
    from playground.ui.controller import SPEEDS
    from playground.ui.panels.runs_panel import STATUS_TEXT
    from playground.ui.views.curves_view import NETWORK_PANES, PANES
    from playground.ui.views.surface_view import ARROW_STYLES

    labels = {"arrows": [label for label, *_ in ARROW_STYLES.values()],
              "speeds": list(SPEEDS),
              "panes": [title for _, title, _ in PANES + NETWORK_PANES],
              "status": [s for s in STATUS_TEXT.values() if s],
              "lesson parts": [p for lesson in LESSONS.values() for p in lesson.parts]}[table]
    english = {en for _, en, _ in _entries()}
    assert labels and not set(labels) - english
