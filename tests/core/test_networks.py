"""Datasets, network specs, network races and loss landscapes."""

import itertools

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from playground.core.networks import landscape as L
from playground.core.networks.datasets import DATASETS, DataSpec, load_csv, make_dataset
from playground.core.networks.race import STOPPED_EARLY, NetProblem, NetRace, NetRunConfig, run_net_race
from playground.core.networks.model import ACTIVATIONS, LayerSpec, NetworkSpec, build_model
from playground.core.params import ParamError


@pytest.mark.parametrize("name", list(DATASETS))
def test_datasets_are_seeded_and_shaped(name):
    a, b = make_dataset(DataSpec(name, 200, seed=3)), make_dataset(DataSpec(name, 200, seed=3))
    c = make_dataset(DataSpec(name, 200, seed=4))
    assert torch.equal(a.x_train, b.x_train) and torch.equal(a.y_test, b.y_test)
    assert not torch.equal(a.x_train, c.x_train)
    assert len(a.x_train) + len(a.x_test) == 200 and a.x_train.dtype == torch.float32
    if DATASETS[name] == "classification":
        assert a.n_classes == 2 and a.y_train.dtype == torch.long and set(a.y_train.tolist()) == {0, 1}
    else:
        assert a.y_train.shape == (len(a.x_train), 1)
    assert np.allclose(a.x_train.mean(0), 0, atol=1e-5)  # standardised on the training set


def test_scaled_linear_features_differ_in_scale_by_100():
    d = make_dataset(DataSpec("scaled-linear", 2000, standardize=False))
    std = d.x_train.std(0)
    assert 50 < float(std[1] / std[0]) < 200


def test_extra_features_and_shift():
    d = make_dataset(DataSpec("circles", 100, features=("x^2", "x1*x2", "sin")))
    assert d.n_inputs == 2 + 2 + 1 + 2 and "x1·x2" in d.feature_names
    plain = make_dataset(DataSpec("gaussians", 400, shift=0.0))
    shifted = make_dataset(DataSpec("gaussians", 400, shift=2.0))
    np.testing.assert_allclose(shifted.raw_test, plain.raw_test + 2.0)
    np.testing.assert_array_equal(shifted.raw_train, plain.raw_train)


def test_csv_import(tmp_path):
    good = tmp_path / "g.csv"
    rng = np.random.default_rng(0)
    rows = ["a,b,label"] + [f"{x:.3f},{y:.3f},{int(x > y)}" for x, y in rng.normal(size=(30, 2))]
    good.write_text("\n".join(rows))
    x, y, task = load_csv(str(good), "label")
    assert x.shape == (30, 2) and task == "classification"
    d = make_dataset(DataSpec("csv", csv_path=str(good), target="label"))
    assert d.n_inputs == 2 and d.n_classes == 2
    x, y, task = load_csv(str(good), "b")
    assert task == "regression"


@pytest.mark.parametrize("text,message", [
    ("", "header row"),
    ("a,b\n", "header row"),
    ("a\n1\n2\n", "at least two columns"),
    ("a,b\n1,2\n3\n", "line 3 has 1 values"),
    ("a,b\n1,x\n", "line 2, column 2: not a number"),
    ("a,a\n1,2\n", "repeat"),
    ("a,b\n" + "1,2\n" * 3, "at least 8 data rows"),
    ("a,c\n" + "1,2\n" * 9, "no column 'b' in the header \\(2 columns\\)"),
    ("a,b\n1,inf\n" + "1,2\n" * 9, "non-finite"),
])
def test_bad_csv_files_are_refused_clearly(tmp_path, text, message):
    p = tmp_path / "bad.csv"
    p.write_text(text)
    with pytest.raises(ParamError, match=message):
        load_csv(str(p), "b")


def test_binary_and_missing_csv(tmp_path):
    p = tmp_path / "bin.csv"
    p.write_bytes(bytes(range(256)))
    with pytest.raises(ParamError, match="UTF-8"):
        load_csv(str(p), "b")
    with pytest.raises(ParamError, match="no such file"):
        load_csv(str(tmp_path / "none.csv"), "b")


COMBOS = list(itertools.product(ACTIVATIONS, [False, True], [0.0, 0.2], [False, True]))


@pytest.mark.parametrize("act,bn,drop,res", COMBOS, ids=[f"{a}-bn{b}-do{d}-res{r}" for a, b, d, r in COMBOS])
def test_every_layer_combination_builds_and_trains(act, bn, drop, res):
    spec = NetworkSpec.of([8, 8], act, bn, drop, res)
    problem = NetProblem(DataSpec("moons", 120), spec, "ce")
    (h,), race = run_net_race(problem, [NetRunConfig("r", "adam", {"lr": 0.01}, batch_size=16)], 25)
    assert len(h) == 26 and np.isfinite(h["train_loss"]).all()
    assert h["train_loss"][-1] < h["train_loss"][0]


def test_limits_are_generous_and_clear():
    build_model(NetworkSpec.of([256] * 64, "relu"), 2, 2)
    with pytest.raises(ParamError, match="at most 128"):
        NetworkSpec.of([4] * 129).validated()
    with pytest.raises(ParamError, match=r"width 2000 must be a whole number in \[1, 1024\]"):
        NetworkSpec((LayerSpec(2000),)).validated()
    with pytest.raises(ParamError, match="unknown activation 'swish'"):
        NetworkSpec((LayerSpec(4, "swish"),)).validated()


def test_races_share_initial_weights_and_are_deterministic():
    problem = NetProblem(DataSpec("circles", 200), NetworkSpec.of([8], "tanh"), "ce", init_seed=5)
    runs = [NetRunConfig("a", "sgd", {"lr": 0.5}, batch_size=1), NetRunConfig("b", "adam", {"lr": 0.01}, batch_size=0)]
    h1, r1 = run_net_race(problem, runs, 40, record_weights=True)
    h2, _ = run_net_race(problem, runs, 40)
    for a, b in zip(h1, h2):
        for col in a.columns():
            np.testing.assert_array_equal(a[col], b[col])
    np.testing.assert_array_equal(r1.weights(0)[0], r1.weights(1)[0])  # same start
    assert h1[0]["train_loss"][0] == h1[1]["train_loss"][0]
    assert h1[0]["epoch"][-1] == pytest.approx(40 / 140) and h1[1]["epoch"][-1] == pytest.approx(40)


def test_divergence_and_early_stopping():
    problem = NetProblem(DataSpec("sine", 200), NetworkSpec.of([16], "relu"), "mse")
    hs, race = run_net_race(problem, [NetRunConfig("wild", "sgd", {"lr": 1e4}, batch_size=0),
                                      NetRunConfig("calm", "sgd", {"lr": 0.05}, batch_size=0)], 50)
    assert race.status[0] == "diverged" and race.status[1] == "done"
    assert np.isfinite(hs[0]["train_loss"]).all() and len(hs[1]) == 51
    stop = NetProblem(DataSpec("sine", 100, noise=1.0), NetworkSpec.of([64], "relu"), "mse", early_stopping=5)
    _, race = run_net_race(stop, [NetRunConfig("r", "adam", {"lr": 0.05}, batch_size=0)], 400)
    assert race.status[0] == STOPPED_EARLY


def _slice_setup():
    ds = make_dataset(DataSpec("circles", 300))
    model = build_model(NetworkSpec((LayerSpec(16, "relu", batchnorm=True), LayerSpec(16, "tanh", residual=True))), 2, 2, 1)
    model.eval()
    with torch.no_grad():  # give BatchNorm non-trivial running statistics
        model.blocks[0].norm.running_mean.uniform_(-0.5, 0.5)
        model.blocks[0].norm.running_var.uniform_(0.5, 2.0)
    center = L.flatten(L._params(model)).numpy()
    d1, d2 = L.random_directions(model, 0)
    return ds, model, center, d1, d2


def test_landscape_centre_equals_the_loss_at_the_weights():
    ds, model, center, d1, d2 = _slice_setup()
    g = np.linspace(-1, 1, 7)
    grid = L.loss_grid(model, ds.x_train, ds.y_train, F.cross_entropy, center, d1, d2, g, g)
    with torch.no_grad():
        at_center = float(F.cross_entropy(model(ds.x_train), ds.y_train))
    assert grid[3, 3] == pytest.approx(at_center, rel=1e-5)


def test_fast_generic_and_pointwise_slices_agree():
    ds, model, center, d1, d2 = _slice_setup()
    g = np.linspace(-0.8, 0.8, 5)
    fast = L.loss_grid(model, ds.x_train, ds.y_train, F.cross_entropy, center, d1, d2, g, g)
    generic = torch.nn.Sequential(model)
    vm = L.loss_grid(generic, ds.x_train, ds.y_train, F.cross_entropy,
                     L.flatten(L._params(generic)).numpy(), d1, d2, g, g)
    point = L.loss_grid_pointwise(model, ds.x_train, ds.y_train, F.cross_entropy, center, d1, d2, g, g)
    np.testing.assert_allclose(fast, point, rtol=1e-4)
    np.testing.assert_allclose(vm, point, rtol=1e-4)
    assert fast[0, 0] != fast[4, 4]


def test_filter_normalised_directions():
    _, model, center, d1, d2 = _slice_setup()
    params = L._params(model)
    at = 0
    for name, p in params.items():
        part = d1[at:at + p.numel()].reshape(p.shape)
        at += p.numel()
        if p.dim() >= 2:
            np.testing.assert_allclose(np.linalg.norm(part, axis=1), p.norm(dim=1).numpy(), rtol=1e-4)
        else:
            assert not part.any()  # biases and BatchNorm stay put


def test_projected_trajectories_land_where_the_weights_were():
    _, model, center, d1, d2 = _slice_setup()
    points = np.array([[0.3, -0.2], [-0.5, 0.7], [0.0, 0.0]])
    trajectory = center + points[:, :1] * d1 + points[:, 1:] * d2
    np.testing.assert_allclose(L.project(trajectory, center, d1, d2), points, atol=1e-5)
    # PCA of a real trajectory: the final weights sit at the origin
    problem = NetProblem(DataSpec("moons", 150), NetworkSpec.of([8], "tanh"), "ce")
    race = NetRace(problem, [NetRunConfig("r", "adam", {"lr": 0.02}, batch_size=16)])
    for _ in race.play(60):
        pass
    traj = race.weights(0)
    final = traj[-1]
    u, v, var = L.pca_directions(traj, final)
    coords = L.project(traj, final, u, v)
    np.testing.assert_allclose(coords[-1], [0, 0], atol=1e-6)
    assert var[0] > 0.5 and abs(float(u @ v)) < 1e-5
