"""The four lessons of lessons/data_and_depth.py: criteria that can fail, the exact quadratic surfaces of
the normalization lesson, the speed each lesson sets. (tests/core/test_lessons.py runs every
lesson, these included, and asserts its check passes.)"""

import numpy as np
import pytest

from playground.lessons import data_and_depth as M
from playground.lessons import LESSONS, lesson_sessions, lesson_text

NAMES = ["deeper-is-not-better", "overfitting", "mismatch", "normalization-flattens"]
N = M.SHOWN


def _curve(start, end, steps=M.STEPS, at=None):
    """A loss curve from ``start`` to ``end``, reaching ``end`` at step ``at`` (default: the end)."""
    at = steps if at is None else at
    t = np.minimum(np.arange(steps + 1) / at, 1.0)
    return start + (end - start) * t


def _net(train, test=None):
    test = train + 0.01 if test is None else test
    return {"step": np.arange(len(train)), "train_loss": train, "test_loss": test}


def test_the_four_lessons_are_registered_with_texts():
    for name in NAMES:
        lesson = LESSONS[name]
        text = lesson_text(name)
        assert len(text.text) > 200 and text.try_next and text.formula
        assert lesson.steps == M.STEPS >= N  # the full run covers the first 10 s


def test_every_session_sets_a_speed_whose_10_seconds_are_the_checked_steps():
    from playground.ui.controller import SPEEDS

    label, rate = M.SPEED
    assert SPEEDS[label] == rate and N == 10 * rate
    for name in NAMES:
        for session in lesson_sessions(name):
            assert session.view["speed"] == label


def test_sessions_survive_a_save_and_reload(tmp_path):
    from playground.session.io import load_session, save_session

    for name in NAMES:
        for k, session in enumerate(lesson_sessions(name)):
            save_session(session, tmp_path / f"{name}-{k}.json")
            back = load_session(tmp_path / f"{name}-{k}.json")
            assert back.runs == session.runs and back.network == session.network
            assert back.formula == session.formula and back.view == session.view


# -- the criteria fail when the effect is missing ---------------------------------------------

def test_deep_criterion():
    shallow, plain, residual = _curve(0.7, 0.01, at=150), _curve(0.69, 0.69), _curve(0.7, 0.0, at=60)
    assert M._deep_check([[_net(shallow)], [_net(plain)], [_net(residual)]]) == ""
    assert "residual" in M._deep_check([[_net(shallow)], [_net(plain)], [_net(plain)]])
    # the plain deep net learns too, or the shallow one does not: no gap
    assert "plain 20-layer" in M._deep_check([[_net(shallow)], [_net(shallow)], [_net(residual)]])
    assert "2-layer" in M._deep_check([[_net(plain)], [_net(plain)], [_net(residual)]])
    # the gap appears only after the steps 10 s show: the second criterion catches it
    late = np.where(np.arange(M.STEPS + 1) <= N + 10, 0.7, 0.01)
    assert f"by step {N}" in M._deep_check([[_net(late)], [_net(plain)], [_net(late)]])


def test_overfitting_criterion():
    train = _curve(0.7, 0.0, at=50)
    u_turn = np.concatenate([_curve(0.8, 0.45, 20, 20), _curve(0.45, 1.4, M.STEPS - 21)])
    cured = [[_net(_curve(0.7, 0.1), _curve(0.8, 0.55))]] * 4
    assert M._over_check([[_net(train, u_turn)]] + cured) == ""
    # a cure that does not close the gap is named
    bad = [[_net(train, u_turn)]] + cured[:2] + [[_net(train, u_turn)]] + cured[3:]
    assert M._over_check(bad).startswith("early stopping")
    # no turn-up within the steps 10 s show
    late = np.concatenate([_curve(0.8, 0.45, N, N), _curve(0.45, 1.4, M.STEPS - N - 1)])
    assert "no clear turn up" in M._over_check([[_net(train, late)]] + cured)


def test_mismatch_criterion():
    low, high = _curve(0.5, 0.01, at=30), _curve(0.9, 0.8)
    shifted = [_net(low, high), _net(low, high)]
    control = [_net(low, low + 0.01)]
    assert M._mis_check([shifted, shifted, shifted[:1], control]) == ""
    # more data from the training distribution that DID help would break the claim
    helped = [_net(low, low + 0.02), _net(low, low + 0.02)]
    assert M._mis_check([shifted, helped, shifted[:1], control]).startswith("10× more training data")
    assert "did not learn" in M._mis_check([shifted, shifted, shifted[:1], [_net(high, high)]])


# -- normalization: the surfaces are the regression's exact MSE -----------------------------------

def test_surfaces_are_the_exact_mse_of_the_data():
    from playground.core.networks.datasets import make_dataset
    from playground.core.surfaces.problem import get_surface

    data = make_dataset(M.SCALED)
    x = data.raw_train - data.raw_train.mean(axis=0)
    y = data.y_train.numpy()[:, 0].astype(np.float64)
    y = y - y.mean()
    rng = np.random.default_rng(1)
    for key, xs in (("raw", x), ("standardised", x / x.std(axis=0))):
        q = M.scaled_surfaces()[key]
        surface = get_surface("custom", q.formula)
        for w in rng.uniform(-3, 3, (5, 2)):
            assert surface.value(*w) == pytest.approx(np.mean((xs @ w - y) ** 2), rel=1e-6)
        assert np.mean((xs @ q.w_star - y) ** 2) == pytest.approx(q.f_min, rel=1e-6)
    raw, std = M.scaled_surfaces()["raw"], M.scaled_surfaces()["standardised"]
    assert raw.condition_number > 1e3 and std.condition_number < 10


@pytest.mark.parametrize("key, lr", [("raw", M.RAW_LR), ("standardised", M.STD_LR),
                                      ("standardised", 0.9)])
def test_gd_steps_to_a_threshold_match_plain_iteration(key, lr):
    q = M.scaled_surfaces()[key]
    w, threshold = np.array(M.START, dtype=np.float64), 0.5
    for step in range(1, 100_000):
        w = w - lr * (q.hessian @ (w - q.w_star))
        if 0.5 * (w - q.w_star) @ q.hessian @ (w - q.w_star) + q.f_min < threshold:
            break
    assert q.gd_steps_to(threshold, M.START, lr) == step
    assert q.gd_steps_to(threshold, M.START, lr, limit=step - 1) is None


def test_standardising_makes_gd_more_than_ten_times_faster():
    raw, std = M.scaled_surfaces()["raw"], M.scaled_surfaces()["standardised"]
    n_raw = raw.gd_steps_to(M.CONVERGED, M.START, M.RAW_LR)
    n_std = std.gd_steps_to(M.CONVERGED, M.START, M.STD_LR)
    assert 10 * n_std <= N and n_raw > 100 * n_std
    assert M.TOO_BIG_LR > 2 / np.linalg.eigvalsh(raw.hessian)[-1] > M.RAW_LR  # the stability limit


def test_batchnorm_uses_batch_statistics_in_training_and_running_averages_in_evaluation():
    assert M._bn_modes_check() == ""
