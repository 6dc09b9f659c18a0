"""Where the top-level ``resources/`` folder is (translations, lesson texts and thumbnails, the
icon and the style sheet), run from the checkout or installed.

From a checkout (and an editable install) the folder sits next to the package; ``pip install .``
copies it into the package as ``playground/_resources`` (see setup.py). Plain paths, no Qt:
the cli reads lesson titles (lessons/texts.py) without loading the ui.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parents[1]  # .../playground

#: the interface languages: code -> name in that language
LANGUAGES = {"en": "English", "zh": "简体中文"}


@lru_cache(maxsize=1)
def root() -> Path:
    """The resources folder: the checkout's, else the installed copy."""
    for candidate in (_PACKAGE.parent / "resources", _PACKAGE / "_resources"):
        if (candidate / "lessons").is_dir():
            return candidate
    raise FileNotFoundError(f"no resources folder next to or inside {_PACKAGE}")


def path(*parts: str) -> Path:
    """``resources/<parts...>`` (it may not exist: callers that can do without check)."""
    return root().joinpath(*parts)


def icon_file() -> Path:
    """The app's icon (SVG: every size from one file)."""
    return path("icons", "optimization-playground.svg")


def desktop_file() -> Path:
    """The freedesktop.org launcher (setup.py installs it with the icon under share/)."""
    return path("optimization-playground.desktop")


def style_sheet() -> str:
    """The Qt style sheet of the whole app (an OSError when the file is missing)."""
    return path("style", "playground.qss").read_text(encoding="utf-8")


def translation_file(lang: str) -> Path:
    """The compiled Qt translation (.qm) of interface language ``lang`` ("zh")."""
    return path("translations", f"playground_{'zh_CN' if lang == 'zh' else lang}.qm")
