"""The training engine: history layout, batching, divergence, stopping, reproducibility."""

import numpy as np
import pytest

from playground.core.surfaces.problem import get_surface
from playground.core.surfaces.race import DIVERGED, DONE, PAUSED, Race, RunConfig, run_race

from .reference import SURFACES


def _runs(n, optimizer="adam", opt=None, **kw):
    rng = np.random.default_rng(1)
    return [RunConfig(f"r{i}", optimizer, opt or {"lr": 0.01}, start=tuple(rng.uniform(-2, 2, 2)),
                      **kw) for i in range(n)]


def test_rows_pair_each_position_with_the_update_that_led_there():
    s = get_surface("beale")
    (h,), _ = run_race(s, [RunConfig("r", "sgd", {"lr": 1e-3, "momentum": 0.9}, start=(1, 1.5))], 20)
    assert len(h) == 21 and h.steps == 20
    assert np.isnan(h["lr"][0]) and np.isnan(h["grad"][0]).all()
    f, grad = SURFACES["beale"]
    for t in range(1, 21):
        x, y = h["pos"][t - 1]
        np.testing.assert_allclose(h["grad"][t], grad(x, y), rtol=1e-12)  # gradient it used
        assert h["loss"][t] == pytest.approx(f(*h["pos"][t]), rel=1e-12)  # loss at the new point
    np.testing.assert_allclose(h.updates()[1:], np.diff(h["pos"], axis=0))
    # momentum buffer: the update is exactly -lr times it
    np.testing.assert_allclose(h.updates()[1:], -1e-3 * h["state.momentum_buffer"][1:], rtol=1e-9)


@pytest.mark.parametrize("surface", ["rosenbrock", "rastrigin", "himmelblau"])
@pytest.mark.parametrize("optimizer,opt", [("adam", {"lr": 0.02}), ("sgd", {"lr": 1e-3, "momentum": 0.9}),
                                           ("rmsprop", {"lr": 0.01, "centered": True}), ("nadam", {"lr": 0.01}),
                                           ("adagrad-rms", {"lr": 0.05}), ("adadelta", {})])
def test_batched_runs_equal_running_each_alone_bit_for_bit(surface, optimizer, opt):
    s = get_surface(surface)
    runs = _runs(37, optimizer, opt)
    assert len(Race(s, runs).groups) == 1  # really batched
    assert len(Race(s, runs, batch=False).groups) == 37
    batched, _ = run_race(s, runs, 80)
    alone, _ = run_race(s, runs, 80, batch=False)
    for a, b in zip(batched, alone):
        for col in b.columns():
            np.testing.assert_array_equal(a[col], b[col])


def test_divergence_ends_that_run_and_keeps_its_finite_rows():
    s = get_surface("saddle")
    runs = [RunConfig("wild", "sgd", {"lr": 0.5}, start=(1.5, 0.01)),
            RunConfig("tame", "sgd", {"lr": 1e-4}, start=(1.5, 0.01))]
    hs, race = run_race(s, runs, 3000)
    assert race.status == {0: DIVERGED, 1: DONE}
    wild, tame = hs
    assert len(tame) == 3001
    assert np.isfinite(wild["pos"]).all() and np.isfinite(wild["loss"]).all()
    # y grows 2x per step from 0.01: y² overflows (loss = -inf) when y > 1.34e154
    with np.errstate(over="ignore"):
        y = 0.01 * 2.0 ** np.arange(3000)
        first_bad = int(np.argmax(~np.isfinite(1.5**2 - y**2)))
    assert race.diverged_at[0] == first_bad == len(wild)


def test_huge_learning_rate_diverges_without_exception():
    hs, race = run_race(get_surface("rosenbrock"), [RunConfig("x", "sgd", {"lr": 10.0}, start=(-1.5, 2))], 100)
    assert race.status[0] == DIVERGED and 1 <= len(hs[0]) < 10


def test_one_diverging_run_in_a_batch_leaves_the_others_untouched():
    s = get_surface("rosenbrock")
    runs = [RunConfig("a", "sgd", {"lr": 5e-4}, start=(-1.5, 2)),
            RunConfig("b", "sgd", {"lr": 5e-4}, start=(40.0, 2)),  # far out: explodes
            RunConfig("c", "sgd", {"lr": 5e-4}, start=(0.5, 0.5))]
    hs, race = run_race(s, runs, 200)
    assert race.status == {0: DONE, 1: DIVERGED, 2: DONE}
    alone, _ = run_race(s, [runs[0], runs[2]], 200, batch=False)
    np.testing.assert_array_equal(hs[0]["pos"], alone[0]["pos"])
    np.testing.assert_array_equal(hs[2]["pos"], alone[1]["pos"])


def test_stop_flag_is_honoured_within_one_step():
    calls = []

    def stop():
        calls.append(1)
        return len(calls) > 25

    race = Race(get_surface("bowl"), _runs(3))
    snaps = list(race.play(None, stop))
    assert race.step_count == 25
    assert all(s == PAUSED for s in snaps[-1].status.values())


def test_snapshots_carry_only_new_rows_and_resume_continues_exactly():
    s = get_surface("rosenbrock")
    runs = _runs(2)
    race = Race(s, runs)
    rows = {0: [], 1: []}
    for steps in (30, 31, 100):  # play, pause, play again
        for snap in race.play(steps, interval=0.0):
            for i, chunk in snap.rows.items():
                rows[i].append(chunk["pos"])
    whole, _ = run_race(s, runs, 100)
    for i in (0, 1):
        np.testing.assert_array_equal(np.concatenate(rows[i]), whole[i]["pos"])


def test_same_configuration_gives_identical_numbers():
    runs = _runs(4, "radam", {"lr": 0.05}, scheduler="cosineannealinglr", sched={"T_max": 50}, warmup=5)
    a, _ = run_race(get_surface("himmelblau"), runs, 120)
    b, _ = run_race(get_surface("himmelblau"), runs, 120)
    for ha, hb in zip(a, b):
        for col in ha.columns():
            np.testing.assert_array_equal(ha[col], hb[col])


def test_plateau_runs_are_scheduled_alone():
    runs = _runs(3, "sgd", {"lr": 0.01}, scheduler="reducelronplateau", sched={"patience": 2})
    race = Race(get_surface("bowl"), runs)
    assert len(race.groups) == 3


def test_path_recording_keeps_positions_losses_and_rates_only():
    (h,), _ = run_race(get_surface("bowl"), _runs(1), 10, record="path")
    assert set(h.columns()) == {"pos", "loss", "lr", "step"}
