"""`python main.py analyze`: the JSON it prints on surfaces and networks, and its refusals."""

import csv
import json
import math

import numpy as np
import pytest

from playground.cli import main

SURFACE_KEYS = {"point", "loss", "gradient", "hessian", "eigenvalues", "eigenvectors",
                "condition_number", "kind", "escape_direction"}
NETWORK_KEYS = {"top_eigenvalues", "trace", "trace_stderr", "density", "parameters", "samples"}
SMALL_NET = ["--dataset", "sine", "--samples", "80", "--layers", "6", "--activation", "tanh",
             "--optimizer", "sgd", "--opt", "lr=0.05", "--batch-size", "0"]


def analyze(capsys, *args):
    rc = main(["analyze", *map(str, args)])
    out, err = capsys.readouterr()
    return rc, out, err


def test_a_saddle_point_reads_as_the_issue_writes_it(capsys):
    rc, out, err = analyze(capsys, "--problem", "tiny-net", "--at", "0,0")
    assert rc == 0, err
    doc = json.loads(out)
    assert set(doc) == SURFACE_KEYS
    assert doc["kind"] == "saddle" and doc["point"] == [0.0, 0.0] and doc["loss"] == 1.0
    np.testing.assert_allclose(doc["eigenvalues"], [-2, 2])
    np.testing.assert_allclose(doc["escape_direction"], [2**-0.5, 2**-0.5])
    H = np.array(doc["hessian"])
    for lam, v in zip(doc["eigenvalues"], doc["eigenvectors"]):  # unit, same order
        np.testing.assert_allclose(H @ v, lam * np.array(v), atol=1e-12)
        assert math.isclose(np.linalg.norm(v), 1)


def test_a_slope_is_not_critical_and_has_no_escape(capsys):
    rc, out, _ = analyze(capsys, "--problem", "bowl", "--at", "-1.5,2")
    doc = json.loads(out)
    assert rc == 0 and doc["kind"] == "not-critical" and doc["escape_direction"] is None
    assert doc["gradient"] == [-3.0, 4.0] and doc["condition_number"] == 1.0


def test_critical_points_of_himmelblau(capsys):
    rc, out, err = analyze(capsys, "--problem", "himmelblau", "--critical-points",
                           "--box", "-5,5,-5,5")
    assert rc == 0, err
    doc = json.loads(out)
    assert doc["box"] == [-5, 5, -5, 5]
    kinds = [p["kind"] for p in doc["critical_points"]]
    assert sorted(kinds) == ["maximum"] + ["minimum"] * 4 + ["saddle"] * 4
    assert all(set(p) == SURFACE_KEYS for p in doc["critical_points"])


def test_a_network_after_steps_against_the_exact_hessian(capsys):
    rc, out, err = analyze(capsys, *SMALL_NET, "--steps", "30", "--top-k", "3", "--exact")
    assert rc == 0, err
    doc = json.loads(out)
    assert NETWORK_KEYS <= set(doc)
    assert doc["parameters"] == 6 * 1 + 6 + 6 + 1 and doc["samples"] == 56  # 30 % held out
    assert doc["step"] == 30 and len(doc["top_eigenvalues"]) == 3
    np.testing.assert_allclose(doc["top_eigenvalues"], doc["exact_top_eigenvalues"], rtol=1e-3)
    density = doc["density"]
    assert len(density["grid"]) == len(density["values"]) > 10
    mass = np.trapezoid(density["values"], density["grid"])
    assert abs(mass - 1) < 1e-3
    assert doc["trace_stderr"] > 0 and doc["condition_estimate"] > 1


@pytest.mark.parametrize("args, says", [
    (["--problem", "custom", "--formula", "log(x) + y^2", "--at", "-1,0"], "outside the domain"),
    (["--problem", "bowl", "--at", "nan,0"], "finite numbers"),
    (["--problem", "bowl", "--at", "1"], "2 comma-separated"),
    (["--problem", "bowl"], "exactly one of --at"),
    (["--problem", "bowl", "--at", "0,0", "--critical-points"], "exactly one of --at"),
    (["--problem", "bowl", "--critical-points", "--box", "1,0,0,1"], "x0 < x1"),
    (["--problem", "bowl", "--at", "0,0", "--box", "0,1,0,1"], "--box goes with"),
    (SMALL_NET + ["--at", "0,0"], "for surfaces"),
    (["--dataset", "sine", "--layers", "64,64", "--exact"], "too many for the exact Hessian"),
    (SMALL_NET + ["--top-k", "0"], "--top-k"),
    (SMALL_NET + ["--probes", "x"], "--probes"),
    (["--dataset", "sine", "--optimizer", "sgd", "--opt", "lr=1000", "--batch-size", "0",
      "--steps", "30"], "diverged"),
])
def test_bad_input_is_one_line_and_exit_2(capsys, args, says):
    rc, out, err = analyze(capsys, *args)
    assert rc == 2 and out == ""
    assert err.count("\n") == 1 and says in err, err


def test_run_sharpness_every_adds_a_column(tmp_path):
    out = tmp_path / "s.csv"
    assert main(["run", *SMALL_NET, "--sharpness-every", "5", "--steps", "12",
                 "--out", str(out)]) == 0
    rows = list(csv.DictReader(out.read_text().splitlines()))
    assert len(rows) == 13 and "sharpness" in rows[0]
    measured = [r["step"] for r in rows if r["sharpness"]]
    assert measured == ["0", "5", "10"]
    assert all(float(r["sharpness"]) > 0 for r in rows if r["sharpness"])
    plain = tmp_path / "p.csv"
    assert main(["run", *SMALL_NET, "--steps", "3", "--out", str(plain)]) == 0
    assert "sharpness" not in plain.read_text().splitlines()[0]


def test_sharpness_every_is_refused_on_a_surface(capsys):
    rc = main(["run", "--problem", "bowl", "--sharpness-every", "5", "--out", "x.csv"])
    assert rc == 2 and "exclude each other" in capsys.readouterr().err
