"""The lesson texts in resources/lessons/: one JSON file per lesson of LESSONS.md, each with its
formula and the same four fields in English and in 简体中文, written with the course notes' own
Chinese terms. A translation that drops a number, renames an optimizer or forgets a field fails
here, not in front of a student."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

LESSON_DIR = Path(__file__).resolve().parents[1] / "resources" / "lessons"
FIELDS = ("title", "summary", "text", "try_next")
LANGUAGES = ("en", "zh")

#: the fifteen lessons of ../shared/LESSONS.md (the app builds them as they are written)
LESSON_NAMES = (
    "batch-size-noise", "sigmoid-vs-relu", "deeper-is-not-better", "overfitting", "mismatch",
    "saddle-point", "momentum-over-the-bump", "adagrad-on-the-ravine", "rmsprop-on-the-crescent",
    "adaptive-bursts", "warmup", "normalization-flattens", "cross-entropy-vs-mse",
    "schedules-compared", "edge-of-stability",
)

#: the course notes' term a lesson is about: its Chinese text must use it (not a synonym)
COURSE_TERMS = {
    "saddle-point": ("鞍点", "特征值"),
    "momentum-over-the-bump": ("动量",),
    "adagrad-on-the-ravine": ("学习率",),
    "rmsprop-on-the-crescent": ("新月",),
    "adaptive-bursts": ("学习率调度",),
    "schedules-compared": ("学习率调度", "预热"),
    "warmup": ("预热",),
    "cross-entropy-vs-mse": ("交叉熵", "均方误差"),
    "batch-size-noise": ("批次",),
    "normalization-flattens": ("标准化", "批次标准化"),
    "overfitting": ("过拟合", "正则化"),
    "deeper-is-not-better": ("过拟合", "残差"),
    "mismatch": ("分布",),
    "edge-of-stability": ("特征值",),
}

#: optimizer and scheduler names as PyTorch spells them: kept, untranslated, in both languages
TORCH_NAMES = ("SGD", "Adam", "RAdam", "Adagrad", "RMSprop", "StepLR", "CosineAnnealingLR",
               "OneCycleLR", "LinearLR", "ExponentialLR", "BatchNorm")
NOT_TORCH_SPELLINGS = ("RMSProp", "RMSPROP", "ADAM")

#: names a formula may contain (functions, distributions, PyTorch's keyword ``momentum``)
FORMULA_WORDS = {"mean", "sigmoid", "max", "min", "cos", "Bernoulli", "MSE", "shift", "momentum",
                 "dropout", "train", "test"}

#: run colours are not fixed (the user may recolour runs), so a text must not name one
COLOUR_WORDS = re.compile(r"\b(white|black|red|blue|green|orange|yellow|purple|grey|gray)\b|"
                          r"白色|黑色|红色|蓝色|绿色|橙色|黄色|紫色|灰色", re.IGNORECASE)

CJK = re.compile(r"[\u4e00-\u9fff]")
TAG = re.compile(r"<(/?)([a-zA-Z]+)[^>]*>")
NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


def _load(name: str) -> dict:
    return json.loads((LESSON_DIR / f"{name}.json").read_text(encoding="utf-8"))


def test_one_file_per_lesson():
    names = {p.stem for p in LESSON_DIR.glob("*.json")}
    assert names == set(LESSON_NAMES)


def test_every_built_in_lesson_has_texts():
    from playground.lessons import LESSONS

    missing = set(LESSONS) - {p.stem for p in LESSON_DIR.glob("*.json")}
    assert not missing, f"lessons without resources/lessons/<name>.json: {sorted(missing)}"


@pytest.mark.parametrize("name", LESSON_NAMES)
def test_both_languages_with_every_field(name):
    data = _load(name)
    assert set(data) == {"name", "formula", *LANGUAGES}
    assert data["name"] == name
    for lang in LANGUAGES:
        assert set(data[lang]) == set(FIELDS), f"{name}/{lang}"
        for field in FIELDS:
            value = data[lang][field]
            assert isinstance(value, str) and value.strip() == value and value, f"{name}/{lang}/{field}"


@pytest.mark.parametrize("name", LESSON_NAMES)
def test_formula_is_a_formula(name):
    formula = _load(name)["formula"]
    assert isinstance(formula, str) and formula.strip()
    assert re.search(r"[=←<≠]", formula), "a formula relates something to something"
    assert not CJK.search(formula), "the formula is shared by both languages"
    # the dock renders _x / ^x as one scripted character: longer scripts need braces
    assert not re.search(r"[_^][A-Za-z]{2}", formula), "write λ_{max}, not λ_max"
    words = set(re.findall(r"[A-Za-z]{3,}", formula)) - set(TORCH_NAMES) - FORMULA_WORDS
    assert not words, f"English words in a formula both languages show: {words}"


@pytest.mark.parametrize("name", LESSON_NAMES)
def test_chinese_is_chinese_and_english_is_not(name):
    data = _load(name)
    for field in FIELDS:
        assert CJK.search(data["zh"][field]), f"{name}/zh/{field} has no Chinese"
        assert not CJK.search(data["en"][field]), f"{name}/en/{field} has Chinese"


@pytest.mark.parametrize("name", sorted(COURSE_TERMS))
def test_chinese_uses_the_course_terms(name):
    zh = _load(name)["zh"]["text"]  # the explanation itself, not only the title
    for term in COURSE_TERMS[name]:
        assert term in zh, f"{name}: the zh explanation should use the notes' term {term}"


@pytest.mark.parametrize("name", LESSON_NAMES)
def test_torch_names_stay_as_they_are(name):
    data = _load(name)
    for field in FIELDS:
        en, zh = data["en"][field], data["zh"][field]
        for torch_name in TORCH_NAMES:
            pattern = rf"(?<![A-Za-z]){torch_name}(?![A-Za-z])"
            in_en, in_zh = bool(re.search(pattern, en)), bool(re.search(pattern, zh))
            assert in_en == in_zh, f"{name}/{field}: {torch_name} is in {'en' if in_en else 'zh'} only"
        for wrong in NOT_TORCH_SPELLINGS:
            assert wrong not in en + zh, f"{name}/{field}: write {wrong!r} as PyTorch spells it"


@pytest.mark.parametrize("name", LESSON_NAMES)
def test_translation_keeps_every_number(name):
    data = _load(name)
    for field in FIELDS[1:]:  # titles may drop a number for brevity; the rest may not
        en, zh = (sorted(NUMBER.findall(data[lang][field])) for lang in LANGUAGES)
        assert en == zh, f"{name}/{field}: numbers differ between en {en} and zh {zh}"


@pytest.mark.parametrize("name", LESSON_NAMES)
def test_markup_is_bold_and_italic_only(name):
    data = _load(name)
    for lang in LANGUAGES:
        for field in ("title", "summary"):  # gallery lines and menu entries: plain, one line
            assert not TAG.search(data[lang][field]) and "\n" not in data[lang][field]
        assert len(data[lang]["summary"]) <= (130 if lang == "en" else 70), f"{name}/{lang} summary"
        for field in ("title", "summary"):  # plain text: an entity would show as typed
            assert not re.search(r"&\w+;", data[lang][field]), f"{name}/{lang}/{field}"
        for field in ("text", "try_next"):
            # rich text: a bare "<" (as in "η < 2") would swallow the rest of the text in Qt
            bare = re.sub(r"&(lt|gt|amp|nbsp);", "", TAG.sub("", data[lang][field]))
            assert not re.search(r"[<>&]", bare), f"{name}/{lang}/{field}: escape < > & as &lt; &gt; &amp;"
            tags = TAG.findall(data[lang][field])
            assert {t for _, t in tags} <= {"b", "i"}, f"{name}/{lang}/{field}: {tags}"
            for t in ("b", "i"):
                assert tags.count(("", t)) == tags.count(("/", t)), f"{name}/{lang}/{field}: <{t}>"


@pytest.mark.parametrize("name", LESSON_NAMES)
def test_no_colours_named(name):
    data = _load(name)
    for lang in LANGUAGES:
        for field in FIELDS:
            assert not COLOUR_WORDS.search(data[lang][field]), f"{name}/{lang}/{field}"


#: words the Chinese texts quote from the course notes (not interface names)
NOTES_QUOTES = {"长久以来横向移动累积的小梯度会突然爆发", "铲平", "惩罚"}


def _ui_translations() -> dict[str, str]:
    """English -> Chinese of every interface string (the Qt .ts source), mnemonics dropped."""
    import xml.etree.ElementTree as ET

    ts = LESSON_DIR.parents[0] / "translations" / "playground_zh_CN.ts"
    out = {}
    for message in ET.parse(ts).getroot().iter("message"):
        en, zh = message.findtext("source"), message.findtext("translation") or ""
        out[en.replace("&", "")] = re.sub(r"\(&\w\)", "", zh)
    return out


@pytest.mark.parametrize("name", LESSON_NAMES)
def test_interface_names_match_the_interface_translation(name):
    """A button named in <i>…</i> or a panel quoted “…” is called what the Chinese interface
    calls it, so a student can find it."""
    data, ui = _load(name), _ui_translations()
    for field in ("text", "try_next"):
        en_names = re.findall(r"<i>(.*?)</i>", data["en"][field])
        zh_names = re.findall(r"<i>(.*?)</i>", data["zh"][field])
        assert len(en_names) == len(zh_names), f"{name}/{field}: <i> names differ"
        for en, zh in zip(en_names, zh_names):
            assert zh == ui.get(en, en), f"{name}/{field}: {en!r} is {ui.get(en, en)!r} in the interface"
        for quoted in re.findall(r"“(.*?)”", data["zh"][field]):
            assert quoted in set(ui.values()) | NOTES_QUOTES, f"{name}/{field}: “{quoted}” is no interface name"


# -- read through one function, kept in one place ------------------------------------------------

def test_lesson_text_reads_every_field_in_both_languages():
    from playground.lessons import LESSONS, lesson_text

    for name in LESSONS:
        data = _load(name)
        for lang in LANGUAGES:
            text = lesson_text(name, lang)
            assert (text.title, text.summary, text.text, text.try_next) == tuple(data[lang][f] for f in FIELDS)
            assert text.formula == data["formula"]
        assert lesson_text(name, "zh").title != lesson_text(name, "en").title


def test_no_second_copy_of_a_lesson_text_in_python():
    """The Python lessons hold sessions and criteria; a title or explanation written there as
    well would drift from the JSON the app shows. So a Lesson(...) takes no text but its name,
    and no lesson text is quoted anywhere in the code."""
    import ast

    from playground.lessons.base import Lesson

    assert [f for f in Lesson.__dataclass_fields__] == ["name", "steps", "build", "check", "parts", "speed", "moment"]
    code = LESSON_DIR.parents[1] / "playground"
    calls = 0
    for path in code.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Lesson":
                calls += 1
                texts = [a for a in node.args if isinstance(a, ast.JoinedStr)
                         or isinstance(a, ast.Constant) and isinstance(a.value, str)]
                assert len(texts) == 1 and {k.arg for k in node.keywords} <= {"parts", "speed", "moment"}, \
                    f"{path.name}:{node.lineno}: a lesson's words go in resources/lessons/"
    assert calls >= len(LESSON_NAMES)  # every lesson is found
    sources = "\n".join(p.read_text(encoding="utf-8") for p in code.rglob("*.py"))
    for name in LESSON_NAMES:
        for lang in LANGUAGES:
            for field in FIELDS:
                head = TAG.sub("", _load(name)[lang][field])[:40]  # as a literal would start
                assert head not in sources, f"{name}/{lang}/{field} is copied into the code"


def test_a_damaged_text_falls_back_instead_of_failing(tmp_path, monkeypatch):
    from playground.lessons import texts

    (tmp_path / "lessons").mkdir()
    (tmp_path / "lessons" / "half.json").write_text(
        json.dumps({"formula": "a = b", "en": {"title": "Half", "text": "English only"}}), encoding="utf-8")
    (tmp_path / "lessons" / "broken.json").write_text("{not json", encoding="utf-8")
    monkeypatch.setattr(texts.resources, "path", lambda *parts: tmp_path.joinpath(*parts))
    texts._load.cache_clear()
    try:
        half = texts.lesson_text("half", "zh")  # no Chinese: the English, not an empty dock
        assert (half.title, half.text, half.try_next, half.formula) == ("Half", "English only", "", "a = b")
        for missing in ("broken", "absent"):
            assert texts.lesson_text(missing, "en") == texts.LessonText(missing, "", "", "", "")
    finally:
        texts._load.cache_clear()


def test_cli_lists_titles_in_the_language_asked():
    import subprocess
    import sys

    from playground.lessons import LESSONS, lesson_text

    root = LESSON_DIR.parents[1]
    for lang in LANGUAGES:
        out = subprocess.run([sys.executable, "main.py", "lessons", "--lang", lang], cwd=root,
                             capture_output=True, text=True, check=True).stdout
        for name in LESSONS:
            assert f"{name:26s} {lesson_text(name, lang).title}" in out
