import numpy as np
import pytest

from playground.core.surfaces.curvature import analyze
from playground.core.surfaces.problem import get_surface


def test_tiny_net_saddle_has_eigenvalues_minus_and_plus_two():
    c = analyze(get_surface("tiny-net"), 0.0, 0.0)
    assert c.kind == "saddle"
    np.testing.assert_allclose(c.eigenvalues, [-2.0, 2.0], atol=1e-12)
    np.testing.assert_allclose(c.escape_direction, np.array([1, 1]) / np.sqrt(2), atol=1e-12)


@pytest.mark.parametrize("name,point,kind", [
    ("bowl", (0, 0), "minimum"), ("rosenbrock", (1, 1), "minimum"), ("saddle", (0, 0), "saddle"),
    ("himmelblau", (-0.270845, -0.923039), "maximum"), ("rosenbrock", (-1, 1), "slope"),
])
def test_points_are_classified(name, point, kind):
    assert analyze(get_surface(name), *point).kind == kind


def test_ravine_condition_number_is_100():
    assert analyze(get_surface("ravine"), 3.0, 0.0).condition_number == pytest.approx(100)
