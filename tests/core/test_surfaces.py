"""Surfaces: formulas as LESSONS.md fixes them, gradients, landmarks, grids and custom formulas."""

import numpy as np
import pytest
import torch

from playground.core.params import ParamError
from playground.core.surfaces.problem import SURFACES, get_surface, surface_names
from playground.core.surfaces.formula import parse_formula

from .reference import SURFACES as REFERENCE


def test_every_lesson_surface_is_registered():
    assert set(surface_names()) == set(REFERENCE)


@pytest.mark.parametrize("name", list(REFERENCE))
def test_values_and_gradients_match_the_formulas(name):
    s = get_surface(name)
    f, grad = REFERENCE[name]
    rng = np.random.default_rng(0)
    pts = rng.uniform(-3, 3, size=(200, 2))
    x, y = torch.tensor(pts[:, 0]), torch.tensor(pts[:, 1])
    loss, gx, gy = s.value_and_grad(x, y)
    np.testing.assert_allclose(loss.numpy(), f(pts[:, 0], pts[:, 1]), rtol=1e-12, atol=1e-12)
    want = np.array(grad(pts[:, 0], pts[:, 1]))
    np.testing.assert_allclose(np.stack([gx, gy]), want, rtol=1e-10, atol=1e-9)
    # closed-form gradient agrees with autograd
    xa, ya = x.clone().requires_grad_(True), y.clone().requires_grad_(True)
    ax, ay = torch.autograd.grad(s.fn(xa, ya).sum(), (xa, ya))
    np.testing.assert_allclose(np.stack([gx, gy]), np.stack([ax, ay]), rtol=1e-10, atol=1e-9)
    assert s.fn(x, y).dtype == torch.float64


@pytest.mark.parametrize("name", list(REFERENCE))
def test_landmarks_are_critical_points(name):
    s = get_surface(name)
    for point in s.minima + s.saddles + s.maxima:
        assert np.hypot(*s.gradient(*point)) < 1e-4, (name, point)
    xmin, xmax, ymin, ymax = s.view
    assert xmin < s.start[0] < xmax and ymin < s.start[1] < ymax


def test_two_minima_has_the_shallow_and_the_deep_minimum():
    s = get_surface("two-minima")
    (xd, _), (xs, _) = s.minima
    assert xd == pytest.approx(-1.04, abs=0.01) and xs == pytest.approx(0.96, abs=0.01)
    assert s.value(xd, 0) < s.value(xs, 0)


def test_grid_is_oriented_rows_y_columns_x():
    s = get_surface("ravine")
    xs, ys, z = s.grid((-1, 1, -2, 2), nx=5, ny=3)
    assert z.shape == (3, 5)
    assert z[2, 4] == pytest.approx(0.005 * 1 + 0.5 * 4)
    assert z[0, 0] == pytest.approx(s.value(xs[0], ys[0]))


def test_custom_formula_with_autograd_gradient():
    s = get_surface("custom", "x^2 + 3*sin(y) - exp(-x*y)")
    x, y = 0.7, -1.3
    assert s.value(x, y) == pytest.approx(x**2 + 3 * np.sin(y) - np.exp(-x * y))
    gx, gy = s.gradient(x, y)
    assert gx == pytest.approx(2 * x + y * np.exp(-x * y))
    assert gy == pytest.approx(3 * np.cos(y) + x * np.exp(-x * y))
    assert get_surface("custom", "5").value(1, 2) == 5.0


@pytest.mark.parametrize("text,message", [
    ("", "empty"),
    ("x +", "not a valid expression"),
    ("__import__('os').system('true')", "unknown function"),
    ("x.real", "not allowed"),
    ("z + 1", "unknown name 'z'"),
    ("lambda: 1", "not allowed"),
    ("sin(x, y)", "exactly one argument"),
    ("'a' * 3", "not a number"),
    ("[x, y]", "not allowed"),
])
def test_bad_formulas_get_clear_messages(text, message):
    with pytest.raises(ParamError, match=message):
        parse_formula(text)


def test_unknown_surface_lists_valid_names():
    with pytest.raises(ParamError, match="unknown surface 'banana'; valid: bowl, ravine"):
        get_surface("banana")
    assert "rosenbrock" in SURFACES
