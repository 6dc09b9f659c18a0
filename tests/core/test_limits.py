"""The limits module: every limit stated with its reason, and the helpers behind the checks."""

import json

import pytest

from playground.core import limits


def test_every_limit_is_stated_with_a_reason():
    names = {n for n in vars(limits) if n.isupper() and not n.startswith("_")}
    described = {name for name, _, why in limits.described() if why}
    assert names == described
    table = limits.markdown_table()
    assert table.count("\n") == len(names) + 1 and "| `MAX_LR` | 1e+06 |" in table


def test_clip_keeps_one_line_and_both_ends():
    text = "start " + "x" * 1000 + "\nend"
    out = limits.clip(text, 100)
    assert len(out) == 100 and "\n" not in out and out.startswith("start") and out.endswith("end")
    assert limits.clip("short") == "short"
    assert len(limits.quoted("y" * 10**7)) <= limits.MAX_QUOTED


def test_json_depth_ignores_brackets_inside_strings():
    assert limits.json_depth(b'{"a": "[[[{{{\\"[[", "b": [[1]]}') == 3
    assert limits.json_depth(b"[" * 70 + b"]" * 70) == 70
    assert limits.json_depth(b'"no containers"') == 0


def test_loads_bounded_accepts_what_a_session_holds_and_refuses_the_rest():
    doc = {"a": [1, 2.5, -3e-5, None, True, "x" * 1000], "b": {"c": 2**31}}
    assert limits.loads_bounded(json.dumps(doc)) == doc
    for bad in ["[" * 65 + "]" * 65, "[1e309]", "[NaN]", "[-Infinity]", "[" + "1" * 31 + "]"]:
        with pytest.raises(limits.LimitError):
            limits.loads_bounded(bad)
    with pytest.raises(json.JSONDecodeError):
        limits.loads_bounded("[1,")


def test_json_safe_makes_anything_dumpable():
    value = {"nan": float("nan"), 1: (1, float("inf")), "set": {1}, "ok": [True, None, "s", 2.5]}
    safe = limits.json_safe(value)
    assert safe == {"nan": None, "1": [1, None], "set": None, "ok": [True, None, "s", 2.5]}
    json.dumps(safe, allow_nan=False)
