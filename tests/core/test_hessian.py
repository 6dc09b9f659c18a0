"""Network curvature against the exact Hessian (float64, small networks)."""

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from playground.core.networks.datasets import DataSpec, make_dataset
from playground.core.networks.hessian import (
    MatrixOperator, NetworkHessian, ScaledOperator, SharpnessTracker, exact_hessian,
    hutchinson_trace, spectral_density, top_eigenpairs,
)
from playground.core.networks.model import NetworkSpec, build_model


def _problem(spec, data="sine", loss=F.mse_loss, samples=60, seed=0):
    ds = make_dataset(DataSpec(data, samples=samples, seed=seed))
    model = build_model(spec, ds.n_inputs, ds.n_outputs, seed=seed).double()
    return model, loss, ds.x_train.double(), (ds.y_train.double() if ds.y_train.is_floating_point()
                                               else ds.y_train)


CASES = {
    "tanh-mse": lambda: _problem(NetworkSpec.of([8, 6], "tanh")),
    "relu-ce": lambda: _problem(NetworkSpec.of([7, 5], "gelu"), "moons", F.cross_entropy),
    "batchnorm-dropout": lambda: _problem(NetworkSpec.of([6, 6], "tanh", batchnorm=True, dropout=0.3)),
}


@pytest.fixture(params=sorted(CASES), scope="module")
def case(request):
    model, loss, x, y = CASES[request.param]()
    H = exact_hessian(model, loss, x, y)
    return model, loss, x, y, H, torch.linalg.eigvalsh(H).numpy()


def test_products_match_the_exact_hessian(case):
    model, loss, x, y, H, _ = case
    op = NetworkHessian(model, loss, x, y)
    v = torch.randn(op.dim, dtype=torch.float64, generator=torch.Generator().manual_seed(1))
    torch.testing.assert_close(op.matvec(v), H @ v, rtol=1e-10, atol=1e-12)
    assert model.training  # the mode is restored


def test_chunks_and_weight_decay_give_the_same_operator():
    model, loss, x, y = _problem(NetworkSpec.of([5], "tanh"))
    H = exact_hessian(model, loss, x, y, weight_decay=0.01)
    op = NetworkHessian(model, loss, x, y, weight_decay=0.01, chunk=7)
    v = torch.randn(op.dim, dtype=torch.float64)
    torch.testing.assert_close(op.matvec(v), H @ v, rtol=1e-10, atol=1e-12)


def test_top5_eigenvalues_within_1e4_relative(case):
    model, loss, x, y, H, exact = case
    result = top_eigenpairs(NetworkHessian(model, loss, x, y), k=5, tol=1e-6, max_iter=300)
    assert result.converged and not result.cancelled
    top = exact[::-1][:5]
    np.testing.assert_allclose(result.values, top, rtol=1e-4, atol=1e-4 * abs(top[0]))
    # unit eigenvectors: H y = λ y
    for lam, vec in zip(result.values, result.vectors):
        assert float(vec.norm()) == pytest.approx(1.0)
        assert float((H @ vec - lam * vec).norm()) <= 1e-5 * abs(top[0])


def test_largest_magnitude_finds_a_negative_eigenvalue():
    H = torch.diag(torch.tensor([-5.0, 1.0, 2.0, 3.0], dtype=torch.float64))
    result = top_eigenpairs(MatrixOperator(H), k=1, tol=1e-8, which="magnitude")
    assert result.values[0] == pytest.approx(-5.0)
    assert top_eigenpairs(MatrixOperator(H), k=1, tol=1e-8).values[0] == pytest.approx(3.0)


def test_repeated_and_zero_eigenvalues_are_found():
    # a rank-2 matrix in 30 dimensions: Lanczos closes early and must restart orthogonally
    H = torch.diag(torch.tensor([4.0, 4.0] + [0.0] * 28, dtype=torch.float64))
    result = top_eigenpairs(MatrixOperator(H), k=3, tol=1e-8)
    np.testing.assert_allclose(result.values, [4.0, 4.0, 0.0], atol=1e-10)


def test_trace_within_three_standard_errors(case):
    model, loss, x, y, H, exact = case
    result = hutchinson_trace(NetworkHessian(model, loss, x, y), probes=200, seed=3)
    assert result.probes == 200 and result.stderr > 0
    assert abs(result.trace - float(torch.trace(H))) <= 3 * result.stderr


def test_density_has_mass_one_and_mean_trace_over_p(case):
    model, loss, x, y, H, exact = case
    P = len(exact)
    d = spectral_density(NetworkHessian(model, loss, x, y), probes=20, steps=40, seed=2)
    assert np.trapezoid(d.values, d.grid) == pytest.approx(1.0, abs=1e-3)
    per_probe = (d.nodes * d.weights).sum(axis=1)
    stderr = per_probe.std(ddof=1) / np.sqrt(len(per_probe))
    assert abs(d.mean - exact.mean()) <= 3 * stderr + 1e-9
    # the density's own mean (integrated on its grid) is the quadrature's mean
    assert np.trapezoid(d.grid * d.values, d.grid) == pytest.approx(d.mean, abs=1e-3 * np.abs(exact).max())
    assert d.grid[0] < exact.min() and d.grid[-1] > exact.max()
    assert P == NetworkHessian(model, loss, x, y).dim


def test_density_with_full_lanczos_puts_its_nodes_on_the_spectrum():
    model, loss, x, y = _problem(NetworkSpec.of([4], "tanh"))
    exact = torch.linalg.eigvalsh(exact_hessian(model, loss, x, y)).numpy()
    d = spectral_density(NetworkHessian(model, loss, x, y), probes=1, steps=len(exact))
    used = d.nodes[0][d.weights[0] > 1e-12]
    assert np.abs(used[:, None] - exact[None, :]).min(axis=1).max() < 1e-8 * np.abs(exact).max()


def _stop_after(n):
    calls = []

    def should_stop():
        calls.append(1)
        return len(calls) > n

    return should_stop


def test_cancellation_returns_partial_results():
    model, loss, x, y = _problem(NetworkSpec.of([8, 6], "tanh"))
    op = NetworkHessian(model, loss, x, y)
    seen = []
    eig = top_eigenpairs(op, k=3, tol=1e-12, max_iter=200, should_stop=_stop_after(5),
                         progress=seen.append)
    assert eig.cancelled and not eig.converged and eig.iterations == 5 and len(eig.values) == 3
    assert seen == sorted(seen) and seen[-1] < 1
    tr = hutchinson_trace(op, probes=100, should_stop=_stop_after(4))
    assert tr.cancelled and tr.probes == 4 and np.isfinite(tr.trace)
    d = spectral_density(op, probes=5, steps=10, should_stop=_stop_after(25))
    assert d.cancelled and d.probes == 2 and np.trapezoid(d.values, d.grid) == pytest.approx(1, abs=1e-3)
    nothing = spectral_density(op, probes=5, steps=10, should_stop=lambda: True)
    assert nothing.cancelled and nothing.probes == 0 and len(nothing.grid) == 0
    none = top_eigenpairs(op, k=2, should_stop=lambda: True)
    assert none.cancelled and len(none.values) == 0


def test_progress_reaches_one():
    H = torch.diag(torch.arange(1.0, 21.0, dtype=torch.float64))
    seen = []
    top_eigenpairs(MatrixOperator(H), k=2, tol=1e-8, progress=seen.append)
    assert seen[-1] == 1.0


def test_warm_started_sharpness_costs_few_products():
    model, loss, x, y = _problem(NetworkSpec.of([12, 10], "tanh"), samples=100)
    opt = torch.optim.SGD(model.parameters(), lr=0.05)
    tracker = SharpnessTracker(tol=1e-3, max_iter=30)
    costs = []
    for step in range(12):
        before = tracker.products
        lam = tracker.update(NetworkHessian(model, loss, x, y))
        costs.append(tracker.products - before)
        if step in (0, 5, 11):
            exact = float(torch.linalg.eigvalsh(exact_hessian(model, loss, x, y))[-1])
            assert lam == pytest.approx(exact, rel=1e-3)
        opt.zero_grad()
        loss(model(x), y).backward()
        opt.step()
    assert np.mean(costs[1:]) < costs[0]  # warm starts are cheaper than the cold one


def test_scaled_operator_gives_preconditioned_sharpness():
    H = torch.tensor([[2.0, 1.0], [1.0, 3.0]], dtype=torch.float64)
    d = torch.tensor([0.5, 2.0], dtype=torch.float64)
    lam = top_eigenpairs(ScaledOperator(MatrixOperator(H), d), k=1, tol=1e-10).values[0]
    expected = torch.linalg.eigvals(torch.diag(d**2) @ H).real.max()
    assert lam == pytest.approx(float(expected))


def test_exact_hessian_refuses_big_networks():
    model, loss, x, y = _problem(NetworkSpec.of([64, 64], "tanh"))
    with pytest.raises(ValueError, match="too many"):
        exact_hessian(model, loss, x, y)
