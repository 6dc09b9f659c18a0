"""Session files: round trips, golden files, migrations, corrupt and foreign inputs, atomic saves."""

import json
import os
import pickle
from pathlib import Path

import numpy as np
import pytest

from playground.core.surfaces.race import RunConfig, run_race
from playground.session import io as sio
from playground.session.io import SessionError, load_session, save_session
from playground.session.model import Session, classic_race

GOLDEN = Path(__file__).parent / "golden"


def _session():
    s = classic_race("rosenbrock")
    s.runs[4] = RunConfig("Adam", "adam", {"lr": 0.05, "betas": (0.8, 0.99)}, "multisteplr",
                          {"milestones": (40, 80)}, warmup=10, warmup_start=0.1,
                          start=(-1.5, 2.0), color="#123456").validated()
    s.view = {"arrows": {"gradient": True}}
    return s


def test_round_trip_is_exact(tmp_path):
    s = _session()
    save_session(s, tmp_path / "s.json")
    back = load_session(tmp_path / "s.json")
    assert back.runs == s.runs and back.problem == s.problem and back.view == s.view
    assert back.runs[4].opt["betas"] == (0.8, 0.99) and back.runs[4].sched["milestones"] == (40, 80)


def test_histories_round_trip_bit_for_bit_without_pickle(tmp_path):
    s = _session()
    s.histories, _ = run_race(s.surface(), s.runs, 50)
    save_session(s, tmp_path / "h.json", with_histories=True)
    text = (tmp_path / "h.json").read_text()
    assert "histories" in json.loads(text)
    back = load_session(tmp_path / "h.json")
    for a, b in zip(s.histories, back.histories):
        assert a.columns() == b.columns()
        for col in a.columns():
            np.testing.assert_array_equal(a[col], b[col])


def test_custom_surface_round_trip(tmp_path):
    s = Session(problem="custom", formula="x^2 + 10*y^2", view_box=(-2, 2, -1, 1))
    s.add_run(RunConfig("r", start=(1, 0.5)))
    save_session(s, tmp_path / "c.json")
    back = load_session(tmp_path / "c.json")
    assert back.formula == "x^2 + 10*y^2" and back.view_box == (-2, 2, -1, 1)
    assert back.surface().value(1, 1) == 11


def test_golden_v1_file_loads_to_the_expected_session():
    s = load_session(GOLDEN / "v1_race.json")
    assert s.name == "golden race" and s.problem == "ravine"
    assert [r.name for r in s.runs] == ["GD", "Momentum", "Adam warm"]
    adam = s.runs[2]
    assert adam.opt == {"lr": 0.2, "betas": (0.9, 0.999), "eps": 1e-08, "weight_decay": 0.0,
                        "amsgrad": False}
    assert adam.scheduler == "cosineannealinglr" and adam.sched == {"T_max": 300, "eta_min": 0.0}
    assert adam.warmup == 20 and adam.start == (-10.0, 1.0)
    # gradient descent on 0.005x² + 0.5y² with lr 0.9: x *= 1 - 0.009, y *= 1 - 0.9 per step
    hs, _ = run_race(s.surface(), s.runs, 3)
    np.testing.assert_allclose(hs[0]["pos"][3], [-10 * 0.991**3, 0.1**3], rtol=1e-14)


@pytest.mark.parametrize("name", ["v2_race.json", "v2_network.json"])
def test_golden_output_is_stable(name):
    """Saving a current golden session again gives the same document (the format does not drift)."""
    s = load_session(GOLDEN / name)
    want = json.loads((GOLDEN / name).read_text())
    assert sio.session_to_dict(s) == want


def test_v1_files_migrate_to_the_current_schema():
    doc = sio.migrate(json.loads((GOLDEN / "v1_race.json").read_text()))
    assert doc["schema_version"] == sio.SCHEMA_VERSION and doc["problem"]["kind"] == "surface"
    assert sio.session_to_dict(load_session(GOLDEN / "v1_race.json")) == json.loads(
        (GOLDEN / "v2_race.json").read_text())


def test_golden_network_session():
    s = load_session(GOLDEN / "v2_network.json")
    assert s.is_network and s.network.data.name == "moons" and s.network.data.features == ("x^2",)
    layer = s.network.network.layers[1]
    assert (layer.width, layer.activation, layer.batchnorm, layer.dropout, layer.residual) == (
        16, "relu", True, 0.1, True)
    assert [r.batch_size for r in s.runs] == [16, 0] and s.runs[1].warmup == 10


def test_migration_chain_runs_in_order(monkeypatch):
    doc = json.loads((GOLDEN / "v1_race.json").read_text())
    from playground.session import migrations

    monkeypatch.setattr(migrations, "SCHEMA_VERSION", 3)
    seen = []
    real = migrations.MIGRATIONS[1]
    monkeypatch.setattr(migrations, "MIGRATIONS", {
        1: lambda d: (seen.append(1), real({**d, "name": d["name"] + " v2"}))[1],
        2: lambda d: (seen.append(2), {**d, "name": d["name"] + " v3"})[1],
    })
    s = sio.session_from_dict(doc)
    assert seen == [1, 2] and s.name == "golden race v2 v3"


BAD = {
    "empty.json": (b"", "empty"),
    "blank.json": (b"   \n", "empty"),
    "truncated.json": (b'{"format": "optimization-playground-session", "schema_', "truncated"),
    "notjson.json": (b"problem = rosenbrock\n", "not valid JSON"),
    "foreign.json": (b'{"name": "x", "layers": [1, 2]}', "not an Optimization Playground session"),
    "list.json": (b"[1, 2, 3]", "not an Optimization Playground session"),
    "future.json": (b'{"format": "optimization-playground-session", "schema_version": 99}',
                    "newer version"),
    "badversion.json": (b'{"format": "optimization-playground-session", "schema_version": "1"}',
                        "schema_version"),
    "binary.json": (bytes(range(256)), "binary|not a text file"),
    "pickle.json": (pickle.dumps({"format": "optimization-playground-session"}), "pickle"),
}


@pytest.mark.parametrize("name", list(BAD))
def test_bad_files_get_one_clear_message(tmp_path, name):
    data, message = BAD[name]
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(SessionError, match=message):
        load_session(path)
    assert path.read_bytes() == data  # never changed


@pytest.mark.parametrize("mutate,message", [
    (lambda d: d.pop("runs"), "missing field 'runs'"),
    (lambda d: d.update(runs="many"), "runs has the wrong type"),
    (lambda d: d["runs"][0].update(optimizer="lbfgs"), "unknown optimizer 'lbfgs'"),
    (lambda d: d["runs"][0]["opt"].update(lr=-2), "lr: -2 is out of range"),
    (lambda d: d["runs"][0].update(start=[1, "a"]), "start has the wrong type"),
    (lambda d: d["runs"][0].update(warmup=True), "warmup has the wrong type"),
    (lambda d: d["problem"].update(surface="moon"), "unknown surface 'moon'"),
    (lambda d: d.update(histories=[{"pos": "not base64!"}] * 3), "malformed"),
])
def test_wrong_typed_fields_are_named(tmp_path, mutate, message):
    doc = json.loads((GOLDEN / "v1_race.json").read_text())
    mutate(doc)
    path = tmp_path / "s.json"
    path.write_text(json.dumps(doc))
    with pytest.raises(SessionError, match=message):
        load_session(path)


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(SessionError, match="no such file"):
        load_session(tmp_path / "nope.json")
    with pytest.raises(SessionError, match="is a folder"):
        load_session(tmp_path)


def test_interrupted_save_leaves_the_old_file(tmp_path, monkeypatch):
    path = tmp_path / "s.json"
    save_session(_session(), path)
    before = path.read_bytes()

    def crash(*a, **k):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", crash)
    s = _session()
    s.name = "changed"
    with pytest.raises(OSError):
        save_session(s, path)
    assert path.read_bytes() == before
    assert os.listdir(tmp_path) == ["s.json"]  # no temp file left behind


def test_history_arrays_with_objects_are_refused(tmp_path):
    import base64
    import io

    buf = io.BytesIO()
    np.save(buf, np.array([{"a": 1}], dtype=object), allow_pickle=True)
    doc = json.loads((GOLDEN / "v1_race.json").read_text())
    doc["histories"] = [{"pos": base64.b64encode(buf.getvalue()).decode()}, None, None]
    path = tmp_path / "evil.json"
    path.write_text(json.dumps(doc))
    with pytest.raises(SessionError, match="malformed"):
        load_session(path)


def test_network_session_round_trip_with_histories(tmp_path):
    from playground.core.networks.race import run_net_race

    s = load_session(GOLDEN / "v2_network.json")
    s.histories, _ = run_net_race(s.network, s.runs, 10)
    save_session(s, tmp_path / "n.json", with_histories=True)
    back = load_session(tmp_path / "n.json")
    assert back.network == s.network and back.runs == s.runs
    for a, b in zip(s.histories, back.histories):
        for col in a.columns():
            np.testing.assert_array_equal(a[col], b[col])


def test_a_run_with_its_own_objective_round_trips_and_a_bad_one_is_refused(tmp_path):
    import pytest

    from playground.core.params import ParamError
    from playground.core.surfaces.race import RunConfig
    from playground.session.io import load_session, save_session
    from playground.session.model import Session

    s = Session(problem="bowl")
    s.add_run(RunConfig("own", "sgd", {"lr": 0.1}, start=(1.0, 1.0), objective="(x - 1)^2 + y^2"))
    s.add_run(RunConfig("plain", "sgd", {"lr": 0.1}, start=(1.0, 1.0)))
    save_session(s, tmp_path / "s.json")
    back = load_session(tmp_path / "s.json")
    assert back.runs == s.runs and back.runs[1].objective is None
    with pytest.raises(ParamError, match="run 'bad': objective: .*"):
        RunConfig("bad", "sgd", {"lr": 0.1}, objective="x +* y").validated()


def test_sharpness_option_and_column_round_trip(tmp_path):
    from dataclasses import replace

    from playground.core.networks.race import run_net_race

    s = load_session(GOLDEN / "v2_network.json")
    s.network = replace(s.network, sharpness_every=4)
    s.histories, _ = run_net_race(s.network, s.runs, 9)
    assert np.isfinite(s.histories[0]["sharpness"][[0, 4, 8]]).all()
    assert np.isnan(s.histories[0]["sharpness"][[1, 2, 3, 5]]).all()
    save_session(s, tmp_path / "n.json", with_histories=True)
    assert json.loads((tmp_path / "n.json").read_text())["problem"]["sharpness_every"] == 4
    back = load_session(tmp_path / "n.json")
    assert back.network.sharpness_every == 4
    np.testing.assert_array_equal(back.histories[0]["sharpness"], s.histories[0]["sharpness"])
    doc = json.loads((tmp_path / "n.json").read_text())
    doc["problem"]["sharpness_every"] = -1
    (tmp_path / "bad.json").write_text(json.dumps(doc))
    with pytest.raises(SessionError, match="sharpness_every"):
        load_session(tmp_path / "bad.json")
