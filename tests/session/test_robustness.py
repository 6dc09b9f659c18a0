"""The holes of issue 12, each closed, with a test built from its reproducer."""

import json
import math
import os
import stat
import time

import pytest

from playground.core import limits
from playground.core.networks.datasets import load_csv
from playground.core.params import ParamError
from playground.core.surfaces.curvature import analyze
from playground.core.surfaces.problem import get_surface
from playground.core.surfaces.race import RunConfig, run_race
from playground.session import io as sio
from playground.session.fuzzing import time_limit
from playground.session.io import SessionError, load_session, save_session, session_from_bytes
from playground.session.model import Session, classic_race


def _doc(**changes):
    doc = {"format": sio.FORMAT, "schema_version": 2, "problem": {"surface": "rosenbrock"},
           "runs": [{"optimizer": "adam", "opt": {"lr": 0.01}, "start": [1.0, 2.0]}]}
    doc.update(changes)
    return doc


def _refused(data: bytes | str) -> str:
    with pytest.raises(SessionError) as info:
        with time_limit(5):
            session_from_bytes(data.encode() if isinstance(data, str) else data)
    msg = str(info.value)
    assert "\n" not in msg and 0 < len(msg) <= limits.MAX_MESSAGE
    return msg


# -- formulas ----------------------------------------------------------------------------------


@pytest.mark.parametrize("formula", ["x^2", "y", "3", "x^2 + 0*y", "sin(y)", "-2.5"])
def test_formulas_in_one_variable_or_none_are_surfaces_that_train(formula):
    surface = get_surface("custom", formula)
    histories, _ = run_race(surface, [RunConfig(optimizer="adam", start=(1.0, 2.0))], 5)
    pos = histories[0].as_dict()["pos"]
    assert len(pos) == 6 and all(math.isfinite(v) for v in pos.ravel())
    assert analyze(surface, 1.0, 2.0).kind in ("slope", "flat")


def test_a_formula_in_x_alone_moves_only_x():
    histories, _ = run_race(get_surface("custom", "x^2"), [RunConfig(optimizer="sgd", opt={"lr": 0.1},
                                                                      start=(1.0, 2.0))], 3)
    pos = histories[0].as_dict()["pos"]
    assert pos[-1][0] < 1.0 and pos[-1][1] == 2.0


@pytest.mark.parametrize("formula", ["9**9**9", "1/0", "log(0)", "-1/0", "0/0", "sqrt(-1)"])
def test_constant_formulas_that_are_not_finite_are_refused_at_validation(formula):
    with pytest.raises(ParamError, match="constant"):
        get_surface("custom", formula)


def test_huge_literals_and_deep_nesting_in_formulas_are_refused():
    assert get_surface("custom", "1" + "0" * 39 + "*x^2").value(1.0, 0.0) == 1e39  # 40 digits: fine
    for formula in ["1" + "0" * 400 + "*x", "1e400*x", "-" * 300 + "x", "sin(" * 120 + "x" + ")" * 120]:
        with pytest.raises(ParamError):
            get_surface("custom", formula)


# -- JSON --------------------------------------------------------------------------------------


def test_deeply_nested_json_is_refused_not_a_recursion_error():
    deep = '{"a":' * 5000 + "1" + "}" * 5000
    assert "nested" in _refused(json.dumps(_doc(view={"z": 0})).replace("0}", deep + "}", 1))
    assert "nested" in _refused("[" * 100_000 + "]" * 100_000)


def test_huge_integer_literals_anywhere_are_refused():
    text = json.dumps(_doc(name="NUMBER"))
    assert "digits" in _refused(text.replace('"NUMBER"', "9" * 5000))
    forty = "1" + "0" * 39
    assert "digits" in _refused(json.dumps(_doc()).replace("[1.0, 2.0]", f"[{forty}, 2.0]"))
    assert "too large" in _refused(json.dumps(_doc()).replace("[1.0, 2.0]", "[1e400, 2.0]"))


def test_nan_and_infinity_are_refused_on_load():
    assert "NaN" in _refused(json.dumps(_doc()).replace("[1.0, 2.0]", "[NaN, 2.0]"))
    assert "Infinity" in _refused(json.dumps(_doc(view={"z": 1})).replace('"z": 1', '"z": -Infinity'))


@pytest.mark.parametrize("problem", ["true", "-1", "[1]", '"rosenbrock"', "null"])
def test_schema_1_files_with_a_problem_that_is_not_an_object_are_refused(problem):
    text = json.dumps(_doc(schema_version=1, problem="P")).replace('"P"', problem)
    assert "problem" in _refused(text)


def test_nothing_but_session_error_escapes_the_loader(monkeypatch):
    def broken(doc):
        raise ZeroDivisionError("a hole nobody found yet")

    monkeypatch.setattr(sio, "_build", broken)
    assert "ZeroDivisionError" in _refused(json.dumps(_doc()))


# -- bounds ------------------------------------------------------------------------------------


def test_astronomical_learning_rates_start_points_and_seeds_are_refused():
    assert "lr" in _refused(json.dumps(_doc()).replace('"lr": 0.01', f'"lr": {2**63}'))
    assert "lr" in _refused(json.dumps(_doc()).replace('"lr": 0.01', '"lr": 1e7'))
    assert "start" in _refused(json.dumps(_doc()).replace("[1.0, 2.0]", "[1e7, 2.0]"))
    doc = _doc()
    doc["runs"][0]["seed"] = 10**12
    assert "seed" in _refused(json.dumps(doc))
    doc = _doc(view_box=[-1e300, 1, 0, 1])
    assert "view_box" in _refused(json.dumps(doc))
    with pytest.raises(ParamError, match="lr"):
        RunConfig(optimizer="sgd", opt={"lr": 2.0**63}).validated()


def test_the_number_of_runs_is_bounded():
    doc = _doc()
    doc["runs"] = doc["runs"] * (limits.MAX_RUNS + 1)
    assert "too many" in _refused(json.dumps(doc))


def test_refusal_messages_are_cut_to_one_short_line():
    msg = _refused(json.dumps(_doc(problem={"surface": "x" * 10**6})))
    assert msg.startswith("unknown surface 'xxx") and "…" in msg
    doc = _doc()
    doc["runs"][0]["opt"]["lr"] = "a\n" * 10**5
    assert "lr" in _refused(json.dumps(doc))
    assert "name" in _refused(json.dumps(_doc(name="n" * 10**6)))


# -- files the session names or is read from ---------------------------------------------------


def _csv_session(path) -> bytes:
    return json.dumps({
        "format": sio.FORMAT, "schema_version": 2,
        "problem": {"kind": "network", "data": {"name": "csv", "csv_path": str(path), "target": "t"},
                    "layers": [{"width": 4}], "loss": "ce"},
        "runs": [{"optimizer": "sgd", "opt": {"lr": 0.1}}]}).encode()


def test_a_csv_path_that_is_a_device_fifo_or_folder_is_refused_at_once(tmp_path):
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    for path in ["/dev/zero", "/dev/urandom", fifo, tmp_path]:
        start = time.perf_counter()
        msg = _refused(_csv_session(path))
        assert "regular file" in msg or "folder" in msg
        assert time.perf_counter() - start < 2


def test_a_session_file_that_is_a_device_or_fifo_is_refused(tmp_path):
    fifo = tmp_path / "s.json"
    os.mkfifo(fifo)
    for path in ["/dev/zero", fifo]:
        with time_limit(5), pytest.raises(SessionError, match="regular file"):
            load_session(path)


def test_csv_errors_never_quote_the_file_and_caps_are_checked_while_reading(tmp_path):
    secret = tmp_path / "secret.csv"
    secret.write_text("a,t\n" + "hunter2,1\n" * 10)
    with pytest.raises(ParamError) as info:
        load_csv(str(secret), "t")
    assert "hunter2" not in str(info.value) and "line 2, column 1" in str(info.value)
    header = tmp_path / "header.csv"
    header.write_text("password1,hunter3\n1,2\n" * 10)
    with pytest.raises(ParamError) as info:
        load_csv(str(header), "t")
    assert "hunter3" not in str(info.value) and "password1" not in str(info.value)


def test_csv_field_row_and_column_caps(tmp_path):
    cases = {
        "field": ("a,t\n" + "1" * 200_000 + ",1\n", "longer than 131,072"),
        "columns": (",".join(f"c{i}" for i in range(1500)) + ",t\n" + "1," * 1500 + "1\n", "too many"),
        "wide": (",".join(f"c{i}" for i in range(10**6)) + "\n", "longer than"),
        "rows": ("a,t\n" + "1,0\n" * (limits.MAX_SAMPLES + 1), "more than 100,000 rows"),
    }
    for name, (text, message) in cases.items():
        path = tmp_path / f"{name}.csv"
        path.write_text(text)
        with pytest.raises(ParamError, match=message):
            load_csv(str(path), "t")


def test_a_csv_over_the_size_cap_is_refused_before_reading(tmp_path, monkeypatch):
    path = tmp_path / "big.csv"
    path.write_text("a,t\n" + "1,0\n" * 100)
    monkeypatch.setattr(limits, "MAX_CSV_BYTES", 100)
    with pytest.raises(ParamError, match="too large"):
        load_csv(str(path), "t")


# -- saving ------------------------------------------------------------------------------------


def test_a_nan_in_the_view_never_stops_a_save(tmp_path):
    s = classic_race()
    s.view = {"z": float("nan"), "ok": 1.5, "deep": {"inf": float("inf")}, "obj": object()}
    save_session(s, tmp_path / "s.json")
    assert load_session(tmp_path / "s.json").view == {"z": None, "ok": 1.5, "deep": {"inf": None},
                                                      "obj": None}


def test_saving_keeps_permissions_and_writes_through_symlinks(tmp_path):
    target = tmp_path / "real.json"
    target.write_text("{}")
    target.chmod(0o644)
    save_session(classic_race(), target)
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
    link = tmp_path / "link.json"
    link.symlink_to(target)
    save_session(Session(name="through the link"), link)
    assert link.is_symlink() and load_session(target).name == "through the link"
    fresh = tmp_path / "fresh.json"
    save_session(classic_race(), fresh)
    mask = os.umask(0)
    os.umask(mask)
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o666 & ~mask


def test_temporary_files_of_killed_saves_are_removed_at_the_next_save(tmp_path):
    path = tmp_path / "s.json"
    stale, recent, other = (tmp_path / ".s.json.abc123.tmp", tmp_path / ".s.json.def456.tmp",
                            tmp_path / ".other.json.abc.tmp")
    for f in (stale, recent, other):
        f.write_text("half a save")
    old = time.time() - limits.STALE_TEMP_SECONDS - 10
    os.utime(stale, (old, old))
    os.utime(other, (old, old))
    save_session(classic_race(), path)
    assert not stale.exists()
    assert recent.exists()  # maybe another save in progress right now
    assert other.exists()  # not ours
    assert sorted(p.name for p in tmp_path.iterdir()) == [".other.json.abc.tmp", ".s.json.def456.tmp",
                                                          "s.json"]


def test_a_dataset_number_that_is_a_list_is_refused_not_a_training_error():
    doc = json.loads(_csv_session("/nonexistent").decode())
    doc["problem"]["data"] = {"name": "circles", "samples": 64, "shift": [[1]]}
    assert "shift" in _refused(json.dumps(doc))


# -- fields of the wrong type (found by the longer fuzz runs) -----------------------------------


def _network_doc(**data):
    doc = json.loads(_csv_session("/nonexistent").decode())
    doc["problem"]["data"] = {"name": "circles", "samples": 64, **data}
    return doc


@pytest.mark.parametrize("field, value", [("batchnorm", [1]), ("residual", "yes"), ("batchnorm", 1),
                                          ("dropout", True), ("activation", ["relu"])])
def test_layer_flags_of_the_wrong_type_are_refused_not_taken_as_truthy(field, value):
    doc = _network_doc()
    doc["problem"]["layers"] = [{"width": 4, field: value}]
    assert field in _refused(json.dumps(doc))


@pytest.mark.parametrize("field, value", [("standardize", "false"), ("standardize", 0), ("samples", 64.5),
                                          ("samples", True), ("seed", [0]), ("seed", -1), ("name", ["circles"]),
                                          ("features", [["x^2"]]), ("target", 3)])
def test_dataset_fields_of_the_wrong_type_are_refused(field, value):
    msg = _refused(json.dumps(_network_doc(**{field: value})))
    assert field.rstrip("s") in msg or "dataset" in msg or "feature" in msg


@pytest.mark.parametrize("field, value", [("loss", ["ce"]), ("weight_decay", True), ("early_stopping", 2.5),
                                          ("init_seed", "0")])
def test_network_problem_fields_of_the_wrong_type_are_refused(field, value):
    doc = _network_doc()
    doc["problem"][field] = value
    assert field in _refused(json.dumps(doc))


@pytest.mark.parametrize("view", [{"arrows": [1, 2]}, {"arrows": {"gradient": [1]}}, {"arrows": {"update": "no"}},
                                  {"hidden": 3}, {"hidden": [["Adam"]]}, {"speed": [1]}])
def test_view_options_the_app_reads_must_have_their_types(view):
    assert "view" in _refused(json.dumps(_doc(view=view)))


def test_well_typed_view_options_and_unknown_ones_load():
    view = {"arrows": {"gradient": False}, "hidden": ["Adam"], "speed": "fastest", "mine": [1, {"a": None}]}
    assert session_from_bytes(json.dumps(_doc(view=view)).encode()).view == view


# -- found by the GUI fuzz (accepted sessions opened in the window) ----------------------------


def test_runs_without_a_colour_get_one_from_the_palette():
    doc = _doc()
    doc["runs"] = [dict(doc["runs"][0], color=""), doc["runs"][0]]
    runs = session_from_bytes(json.dumps(doc).encode()).runs
    assert runs[0].color and runs[1].color and runs[0].color != runs[1].color


@pytest.mark.parametrize("color", ["plateau", "#12345", "red; drop", "#GGGGGG"])
def test_a_colour_qt_cannot_read_is_refused(color):
    doc = _doc()
    doc["runs"][0]["color"] = color
    assert "colour" in _refused(json.dumps(doc))


@pytest.mark.parametrize("color", ["#abc", "#E69F00", "#80E69F00"])
def test_hex_colours_load(color):
    doc = _doc()
    doc["runs"][0]["color"] = color
    assert session_from_bytes(json.dumps(doc).encode()).runs[0].color == color
