"""Issue 12: what a network race records per step is bounded in bytes, and readers on another
thread only ever see immutable snapshots."""

import threading

import numpy as np
import pytest
import torch

from playground.core import limits
from playground.core.networks.datasets import DataSpec
from playground.core.networks.model import LayerSpec, NetworkSpec
from playground.core.networks.problem import NetProblem
from playground.core.networks.race import NetRace, NetRunConfig, run_net_race
from playground.core.networks.recording import MIN_ROWS, ROW_OVERHEAD, WeightLog
from playground.core.params import ParamError
from playground.session.io import SessionError, session_from_dict, session_to_dict
from playground.session.model import Session


def _problem(widths=(4,), batchnorm=False):
    return NetProblem(DataSpec("circles", 64), NetworkSpec(tuple(LayerSpec(w, "tanh", batchnorm) for w in widths)), "ce")


def test_a_log_stays_within_its_byte_budget_keeping_the_first_and_newest_rows():
    row = np.zeros(100, dtype=np.float32)  # 400 bytes + overhead
    log = WeightLog(budget=50 * (row.nbytes + ROW_OVERHEAD))
    for step in range(5000):
        log.append(step, row.copy() + step)
        assert log.nbytes <= log.budget
    rec = log.snapshot()
    assert rec.steps[0] == 0 and rec.steps[-1] == 4999 and len(rec.steps) <= 50
    assert list(rec.steps) == sorted(rec.steps)
    assert rec.at(4999)[0] == 4999 and rec.at(10**9)[0] == 4999
    assert rec.at(0)[0] == 0 and rec.at(-5)[0] == 0
    assert rec.at(rec.steps[5] + 0)[0] == rec.steps[5]
    # older steps are sparser than newer ones
    gaps = np.diff(rec.steps)
    assert gaps[0] > gaps[-1] == 1


def test_a_row_larger_than_the_budget_still_keeps_the_start_and_the_newest():
    log = WeightLog(budget=10)
    for step in range(100):
        log.append(step, np.full(1000, step, dtype=np.float32))
    rec = log.snapshot()
    assert len(rec.steps) <= MIN_ROWS and rec.steps[0] == 0 and rec.steps[-1] == 99


def test_recorded_rows_are_read_only_and_snapshots_never_change():
    log = WeightLog(budget=10**6)
    for step in range(10):
        log.append(step, np.full(4, step, dtype=np.float32))
    rec = log.snapshot()
    with pytest.raises(ValueError):
        rec.states[0][0] = 5.0
    for step in range(10, 20_000):
        log.append(step, np.full(4, step, dtype=np.float32))
    assert rec.steps == tuple(range(10)) and [s[0] for s in rec.states] == list(range(10))


def test_a_race_records_all_its_runs_within_the_stated_budget(monkeypatch):
    monkeypatch.setattr(limits, "MAX_WEIGHT_BYTES", 200_000)
    runs = [NetRunConfig("a", "sgd", {"lr": 0.1}), NetRunConfig("b", "adam", {"lr": 0.01})]
    race = NetRace(_problem((16, 16)), runs)
    for _ in race.play(600):
        pass
    held = sum(r.log.nbytes for r in race.runs)
    assert held <= 200_000
    w = race.weights(0)
    assert w.shape[1] == race.n_params and 10 < len(w) < 601
    np.testing.assert_array_equal(w[0], race.weights(1)[0])  # same start


def test_model_at_restores_the_weights_and_batchnorm_statistics_of_that_step():
    race = NetRace(_problem((4,), batchnorm=True), [NetRunConfig("a", "sgd", {"lr": 0.1}, batch_size=16)])
    for _ in race.play(5):
        pass
    at5 = race.model_at(0)
    for name, p in race.runs[0].model.state_dict().items():
        if p.is_floating_point():
            torch.testing.assert_close(at5.state_dict()[name], p)  # the newest = the live network
    for _ in race.play(20):
        pass
    again = race.model_at(0, 5)
    for name, p in at5.state_dict().items():
        if p.is_floating_point():
            torch.testing.assert_close(again.state_dict()[name], p)
    assert not torch.equal(race.model_at(0).blocks[0].norm.running_mean, again.blocks[0].norm.running_mean)


def test_views_reading_while_the_worker_trains_and_thins_never_fail(monkeypatch):
    monkeypatch.setattr(limits, "MAX_WEIGHT_BYTES", 20_000)  # thinning every few steps
    race = NetRace(_problem((8,)), [NetRunConfig("a", "sgd", {"lr": 0.1}, batch_size=8)])
    stop, errors = threading.Event(), []

    def train():
        for _ in race.play(None, stop.is_set):
            pass

    worker = threading.Thread(target=train)
    worker.start()
    try:
        for k in range(400):
            rec = race.recorded(0)
            assert len(rec.steps) == len(rec.states)
            model = race.model_at(0, k)
            assert all(torch.isfinite(p).all() for p in model.parameters())
            race.weights(0)
    except Exception as exc:  # noqa: BLE001
        errors.append(exc)
    finally:
        stop.set()
        worker.join()
    assert not errors and race.step_count > 10


def test_the_number_of_network_runs_is_capped_in_files_and_in_the_session():
    s = Session(name="net", network=_problem())
    for _ in range(limits.MAX_NETWORK_RUNS):
        s.add_run(NetRunConfig("a", "sgd", {"lr": 0.1}))
    with pytest.raises(ParamError, match="at most 32 runs"):
        s.add_run(NetRunConfig("a", "sgd", {"lr": 0.1}))
    doc = session_to_dict(s)
    doc["runs"].append(doc["runs"][0])
    with pytest.raises(SessionError, match="too many"):
        session_from_dict(doc)


def test_headless_races_without_recording_still_give_the_model():
    histories, race = run_net_race(_problem(), [NetRunConfig("a", "sgd", {"lr": 0.1})], 3)
    assert race.runs[0].log is None and len(race.recorded(0).steps) == 0
    model = race.model_at(0)
    torch.testing.assert_close(model.head.weight, race.runs[0].model.head.weight)
    assert model is not race.runs[0].model


# -- what a legal network may cost --------------------------------------------------------------


@pytest.mark.parametrize("widths, batchnorm", [((4,), False), ((16, 16), True), ((3, 5, 7), False)])
def test_the_parameter_count_is_the_models(widths, batchnorm):
    from playground.core.networks.model import build_model

    spec = NetworkSpec(tuple(LayerSpec(w, "relu", batchnorm) for w in widths))
    model = build_model(spec, 3, 2)
    assert spec.parameter_count(3, 2) == sum(p.numel() for p in model.parameters())


def test_a_network_too_large_to_hold_is_refused_before_it_is_built():
    huge = NetworkSpec(tuple(LayerSpec(1024) for _ in range(128)))  # 134 M weights: every layer legal
    with pytest.raises(ParamError, match="too many"):
        huge.validated(2)
    doc = session_to_dict(Session(name="net", network=_problem()))
    doc["problem"]["layers"] = [{"width": 1024}] * 128
    with pytest.raises(SessionError, match="weights, too many"):
        session_from_dict(doc)


def test_runs_times_weights_are_bounded_in_files_and_races(monkeypatch):
    monkeypatch.setattr(limits, "MAX_RACE_PARAMETERS", 10_000)
    problem = _problem((16, 16))  # 2-16-16-2: 354 weights
    runs = [NetRunConfig("a", "sgd", {"lr": 0.1})] * 29  # 10,266 > 10,000
    with pytest.raises(ParamError, match="too much to train at once"):
        NetRace(problem, runs)
    NetRace(problem, runs[:28])
    s = Session(name="net", network=problem)
    for run in runs:
        s.add_run(run)
    with pytest.raises(SessionError, match="too much"):
        session_from_dict(session_to_dict(s))
