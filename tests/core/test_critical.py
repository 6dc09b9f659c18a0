"""Critical points of the named surfaces and the ``analyze`` point report."""

import json
import math
from collections import Counter

import numpy as np
import pytest

from playground.core.surfaces.critical import find_critical_points, newton, point_report
from playground.core.params import ParamError
from playground.core.surfaces.problem import get_surface, surface_names

KNOWN = [(name, p, kind) for name in surface_names()
         for kind, points in (("minimum", get_surface(name).minima),
                              ("saddle", get_surface(name).saddles),
                              ("maximum", get_surface(name).maxima))
         for p in points]
# tiny-net's minima lie on a valley (xy = 1): one eigenvalue is 0, so they are degenerate
EXPECTED = {("tiny-net", p): "degenerate" for p in get_surface("tiny-net").minima}


def test_every_named_surface_has_a_known_point():
    assert {name for name, _, _ in KNOWN} == set(surface_names())


@pytest.mark.parametrize("name,point,kind", KNOWN, ids=[f"{n}-{k}-{p}" for n, p, k in KNOWN])
def test_verdict_at_each_known_point(name, point, kind):
    surface = get_surface(name)
    report = point_report(surface, *point)
    assert report["kind"] == EXPECTED.get((name, point), kind)
    # the landmark is (to its printed digits) where Newton converges
    x, y, ok = newton(surface, *point)
    assert ok[0] and math.hypot(x[0] - point[0], y[0] - point[1]) < 1e-5
    assert point_report(surface, x[0], y[0])["kind"] == report["kind"]


@pytest.mark.parametrize("point", [(1.0, 1.0), (2.0, 0.5), (-0.25, -4.0), (1.5, 1 / 1.5)])
def test_tiny_net_valley_is_degenerate(point):
    r = point_report(get_surface("tiny-net"), *point)
    assert r["kind"] == "degenerate"
    assert r["eigenvalues"][0] == pytest.approx(0, abs=1e-12)
    assert r["eigenvalues"][1] == pytest.approx(2 * (point[0] ** 2 + point[1] ** 2))
    assert r["condition_number"] is None and r["escape_direction"] is None


def test_report_schema_and_values_at_tiny_net_saddle():
    r = point_report(get_surface("tiny-net"), 0.0, 0.0)
    assert list(r) == ["point", "loss", "gradient", "hessian", "eigenvalues", "eigenvectors",
                       "condition_number", "kind", "escape_direction"]
    json.dumps(r, allow_nan=False)  # plain JSON
    assert r["kind"] == "saddle" and r["loss"] == 1.0 and r["gradient"] == [0.0, 0.0]
    np.testing.assert_allclose(r["hessian"], [[0, -2], [-2, 0]])
    np.testing.assert_allclose(r["eigenvalues"], [-2, 2])
    H = np.array(r["hessian"])
    for lam, v in zip(r["eigenvalues"], r["eigenvectors"]):
        assert np.linalg.norm(v) == pytest.approx(1)
        np.testing.assert_allclose(H @ v, lam * np.array(v), atol=1e-12)
    assert r["condition_number"] == pytest.approx(1)
    np.testing.assert_allclose(r["escape_direction"], np.array([1, 1]) / math.sqrt(2))


def test_not_critical_point():
    r = point_report(get_surface("rosenbrock"), -1.0, 1.0)
    assert r["kind"] == "not-critical" and r["escape_direction"] is None
    assert r["gradient"] == pytest.approx([-4.0, 0.0])


@pytest.mark.parametrize("name", ["saddle", "tiny-net", "two-minima", "himmelblau", "beale"])
def test_escape_direction_lowers_the_loss_both_ways(name):
    surface = get_surface(name)
    points = [p.point for p in find_critical_points(surface) if p.kind in ("saddle", "maximum")]
    assert points
    for point in points:
        r = point_report(surface, *point)
        e = np.array(r["escape_direction"])
        assert np.linalg.norm(e) == pytest.approx(1)
        for sign in (1, -1):
            for eps in (1e-3, 1e-2):
                q = np.array(point) + sign * eps * e
                assert surface.value(*q) < r["loss"]


def test_himmelblau_has_four_minima_one_maximum_four_saddles():
    surface = get_surface("himmelblau")
    points = find_critical_points(surface)
    assert Counter(p.kind for p in points) == {"minimum": 4, "maximum": 1, "saddle": 4}
    minima = sorted(p.point for p in points if p.kind == "minimum")
    np.testing.assert_allclose(minima, sorted(surface.minima), atol=1e-5)
    (maximum,) = [p.point for p in points if p.kind == "maximum"]
    np.testing.assert_allclose(maximum, surface.maxima[0], atol=1e-5)
    for p in points:
        if p.kind == "minimum":
            assert p.loss == pytest.approx(0, abs=1e-12)


def test_rastrigin_near_the_origin():
    surface = get_surface("rastrigin")
    (only,) = find_critical_points(surface, (-0.3, 0.3, -0.3, 0.3))
    assert only.kind == "minimum" and only.point == pytest.approx((0, 0), abs=1e-12)
    points = find_critical_points(surface, (-0.7, 0.7, -0.7, 0.7))
    assert Counter(p.kind for p in points) == {"minimum": 1, "saddle": 4, "maximum": 4}
    for p in points:  # on the axes' roots of 2x + 20π·sin(2πx) = 0 near ±0.5
        for c in p.point:
            assert abs(c) < 1e-9 or abs(abs(c) - 0.5025) < 1e-3


def test_valley_of_minima_shows_as_spread_degenerate_points():
    points = find_critical_points(get_surface("tiny-net"))
    kinds = Counter(p.kind for p in points)
    assert kinds["saddle"] == 1 and kinds["degenerate"] >= 6 and set(kinds) == {"saddle", "degenerate"}
    for p in points:
        if p.kind == "degenerate":
            assert p.point[0] * p.point[1] == pytest.approx(1)


@pytest.mark.parametrize("point", [(float("nan"), 0.0), (0.0, float("inf"))])
def test_non_finite_points_are_refused(point):
    with pytest.raises(ParamError, match="not finite"):
        point_report(get_surface("bowl"), *point)


def test_point_outside_the_domain_is_refused():
    surface = get_surface("custom", "log(x) + y^2")
    with pytest.raises(ParamError, match="outside the domain"):
        point_report(surface, -1.0, 0.0)


def test_bad_box_is_refused():
    with pytest.raises(ParamError, match="box"):
        find_critical_points(get_surface("bowl"), (1, -1, 0, 1))
