"""Update the interface translations: ``python scripts/translations.py`` runs pyside6-lupdate over
playground/ (new and changed strings appear in resources/translations/*.ts as unfinished; strings
gone from the code are dropped) and pyside6-lrelease (the .ts sources -> the .qm files the app
loads). Both tools ship with PySide6. The .qm files are committed, so a fresh clone and
``pip install .`` need neither tool; tests/ui/test_translations.py checks they are up to date.

Translate with ``pyside6-linguist resources/translations/playground_zh_CN.ts`` or any editor
(the .ts is XML), then run this script again.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TS_DIR = ROOT / "resources" / "translations"
LANGUAGES = {"zh_CN": "zh_CN"}  # file suffix -> Qt language code


def tool(name: str) -> str:
    """A PySide6 tool next to the running Python, else on PATH."""
    here = Path(sys.executable).parent / name
    found = str(here) if here.exists() else shutil.which(name)
    if not found:
        raise SystemExit(f"{name} not found: it ships with PySide6 (pip install PySide6-Essentials)")
    return found


def sources() -> list[str]:
    return sorted(str(p.relative_to(ROOT)) for p in (ROOT / "playground").rglob("*.py"))


def ts_files() -> list[Path]:
    return [TS_DIR / f"playground_{suffix}.ts" for suffix in LANGUAGES]


def update() -> None:
    for ts, lang in zip(ts_files(), LANGUAGES.values()):
        subprocess.run([tool("pyside6-lupdate"), *sources(), "-no-obsolete", "-locations", "none",
                        "-target-language", lang, "-ts", str(ts.relative_to(ROOT))], cwd=ROOT,
                       check=True)


def release(out_dir: Path | None = None) -> list[Path]:
    """Compile every .ts to a .qm (into ``out_dir``, default next to the .ts)."""
    written = []
    for ts in ts_files():
        qm = (out_dir or TS_DIR) / ts.with_suffix(".qm").name
        subprocess.run([tool("pyside6-lrelease"), "-silent", str(ts), "-qm", str(qm)], check=True)
        written.append(qm)
    return written


if __name__ == "__main__":
    if "--release-only" not in sys.argv:
        update()
    for qm in release():
        print(f"wrote {qm.relative_to(ROOT)}")
