"""What a lesson says, in each language: read from ``resources/lessons/<name>.json`` and from
nowhere else (the Python lessons hold only sessions and criteria, so a text is edited once).

Each file holds the formula (shared by both languages) and, per language, the title, a one-line
summary (menus, the start page's gallery), the explanation and the "try this next" line (both
rich text with <b>/<i> only). A language or field a file lacks falls back to English, then to
the lesson's name, so a damaged resource shows less text instead of stopping the app.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache

from ..core import resources

#: the languages every lesson text is written in (tests hold each file to both)
LANGUAGES = ("en", "zh")
#: the fields each language has (the formula is shared)
FIELDS = ("title", "summary", "text", "try_next")


@dataclass(frozen=True)
class LessonText:
    title: str
    summary: str  # one plain line
    text: str  # the explanation (rich text)
    try_next: str  # what to change next and what will happen (rich text)
    formula: str  # the formula the lesson is about, the same in every language


@lru_cache(maxsize=None)
def _load(name: str) -> dict:
    file = resources.path("lessons", f"{name}.json")
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def lesson_text(name: str, lang: str = "en") -> LessonText:
    """The texts of lesson ``name`` in ``lang`` ("en" or "zh")."""
    data = _load(name)
    chosen, english = data.get(lang) or {}, data.get("en") or {}

    def field(key: str) -> str:
        value = chosen.get(key) or english.get(key) or ""
        return value if isinstance(value, str) else ""

    formula = data.get("formula")
    return LessonText(title=field("title") or name, summary=field("summary"), text=field("text"),
                      try_next=field("try_next"), formula=formula if isinstance(formula, str) else "")
