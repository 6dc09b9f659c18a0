"""The command line, end to end."""

import csv
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from playground.cli import main
from playground.core.surfaces.problem import get_surface
from playground.core.surfaces.race import RunConfig, run_race

ROOT = Path(__file__).resolve().parents[1]


def run_cli(*args):
    out = subprocess.run([sys.executable, str(ROOT / "main.py"), *map(str, args)],
                         capture_output=True, text=True, cwd=ROOT)
    return out.returncode, out.stdout, out.stderr


def read_csv(path):
    with open(path, newline="") as f:
        return list(csv.reader(f))


def test_single_run_csv_reads_back_to_the_same_float64(tmp_path):
    out = tmp_path / "a.csv"
    rc, _, err = run_cli("run", "--problem", "rosenbrock", "--start", "-1.5,2", "--optimizer", "adam",
                         "--opt", "lr=0.05", "--opt", "betas=0.9,0.99", "--scheduler",
                         "cosineannealinglr", "--sched", "T_max=40", "--warmup", "5",
                         "--steps", "40", "--out", out)
    assert rc == 0, err
    rows = read_csv(out)
    assert rows[0] == ["step", "x", "y", "loss", "lr"]
    assert rows[1][0] == "0" and rows[1][4] == "" and len(rows) == 42
    run = RunConfig("r", "adam", {"lr": 0.05, "betas": (0.9, 0.99)}, "cosineannealinglr",
                    {"T_max": 40}, warmup=5, start=(-1.5, 2))
    (h,), _ = run_race(get_surface("rosenbrock"), [run], 40)
    data = np.array([[float(v) for v in r[1:4]] for r in rows[1:]])
    np.testing.assert_array_equal(data[:, :2], h["pos"])  # bit for bit
    np.testing.assert_array_equal(data[:, 2], h["loss"])
    np.testing.assert_array_equal([float(r[4]) for r in rows[2:]], h["lr"][1:])


@pytest.mark.parametrize("start", [["--start", "-1.5,2"], ["--start=-1.5,2"]])
def test_negative_values_as_users_type_them(tmp_path, start):
    out = tmp_path / "n.csv"
    assert main(["run", *start, "--steps", "2", "--out", str(out)]) == 0
    assert read_csv(out)[1][1:3] == ["-1.5", "2.0"]


def test_session_with_several_runs_writes_a_folder_and_flags_override(tmp_path):
    sess = tmp_path / "s.json"
    assert main(["run", "--problem", "ravine", "--start", "-10,1", "--save", str(sess)]) == 0
    doc = json.loads(sess.read_text())
    doc["runs"].append(dict(doc["runs"][0], name="second run"))
    sess.write_text(json.dumps(doc))
    before = sess.read_bytes()
    folder = tmp_path / "out"
    assert main(["run", str(sess), "--opt", "lr=0.5", "--steps", "10", "--out", str(folder)]) == 0
    assert sorted(p.name for p in folder.iterdir()) == ["run.csv", "second_run.csv"]
    rows = read_csv(folder / "second_run.csv")
    assert float(rows[2][4]) == 0.5 and len(rows) == 12
    assert sess.read_bytes() == before  # the input is never changed


def test_run_flag_targets_one_run(tmp_path):
    sess = ROOT / "tests" / "session" / "golden" / "v1_race.json"
    folder = tmp_path / "o"
    assert main(["run", str(sess), "--run", "GD", "--opt", "lr=0.1", "--steps", "2", "--out", str(folder)]) == 0
    assert float(read_csv(folder / "GD.csv")[2][4]) == 0.1
    assert float(read_csv(folder / "Momentum.csv")[2][4]) == 0.3


def test_divergence_is_reported_and_the_csv_ends_at_the_last_finite_row(tmp_path):
    out = tmp_path / "d.csv"
    rc, _, err = run_cli("run", "--problem", "saddle", "--opt", "lr=0.5", "--steps", "3000", "--out", out)
    assert rc == 0
    assert "diverged at step" in err
    rows = read_csv(out)
    assert all(np.isfinite(float(v)) for r in rows[1:] for v in r[1:4])
    assert len(rows) - 1 < 3001


def test_save_writes_a_loadable_session(tmp_path):
    path = tmp_path / "saved.json"
    assert main(["run", "--optimizer", "adam", "--opt", "betas=0.9,0.99", "--scheduler", "multisteplr",
                 "--sched", "milestones=40,80", "--warmup", "10", "--save", str(path)]) == 0
    from playground.session.io import load_session

    s = load_session(path)
    assert s.runs[0].sched["milestones"] == (40, 80) and s.runs[0].warmup == 10


BAD_ARGS = [
    (["run", "--optimizer", "lbfgs", "--out", "{o}"], "unknown optimizer 'lbfgs'; valid: sgd"),
    (["run", "--problem", "banana", "--out", "{o}"], "unknown surface 'banana'"),
    (["run", "--opt", "lr=-1", "--out", "{o}"], "lr: -1 is out of range"),
    (["run", "--opt", "lr=fast", "--out", "{o}"], "'fast' is not a valid number"),
    (["run", "--opt", "lr", "--out", "{o}"], "expected KEY=VALUE"),
    (["run", "--opt", "momentum=2", "--out", "{o}"], "momentum: 2 is out of range"),
    (["run", "--optimizer", "adam", "--opt", "betas=0.9", "--out", "{o}"], "exactly 2 values"),
    (["run", "--opt", "nesterov=true", "--out", "{o}"], "Nesterov"),
    (["run", "--steps", "-5", "--out", "{o}"], "--steps: -5 is out of range, must be in [0, "),
    (["run", "--steps", "1e3x", "--out", "{o}"], "not a whole number"),
    (["run", "--start", "1", "--out", "{o}"], "--start"),
    (["run", "--start", "nan,1", "--out", "{o}"], "finite"),
    (["run", "--scheduler", "cosine", "--out", "{o}"], "unknown scheduler"),
    (["run", "--sched", "T_max=0", "--scheduler", "cosineannealinglr", "--out", "{o}"], "T_max"),
    (["run", "--problem", "custom", "--formula", "import os", "--out", "{o}"], "formula"),
    (["run", "{missing}", "--out", "{o}"], "no such file"),
    (["run", "--steps", "5"], "--out PATH is required"),
    (["run", "--frobnicate"], "unrecognized arguments"),
]


@pytest.mark.parametrize("args,message", BAD_ARGS, ids=[m for _, m in BAD_ARGS])
def test_bad_input_gets_one_line_and_no_output(tmp_path, capsys, args, message):
    out = tmp_path / "never.csv"
    args = [a.format(o=out, missing=tmp_path / "missing.json") for a in args]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert message in err, err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert not out.exists()


def test_corrupt_session_via_subprocess_no_traceback(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_bytes(b'{"format": "optimization-playground-session", "schema_version": 1, "runs": [')
    rc, out, err = run_cli("run", bad, "--steps", "3", "--out", tmp_path / "x.csv")
    assert rc == 2 and "truncated" in err and "Traceback" not in err
    assert not (tmp_path / "x.csv").exists()


def test_help_and_list_document_everything():
    rc, out, _ = run_cli("run", "--help")
    assert rc == 0 and "--warmup-start" in out and "examples:" in out
    rc, out, _ = run_cli("list")
    assert rc == 0
    for name in ("rosenbrock", "adagrad-rms", "onecyclelr", "betas=0.9,0.999", "warmup"):
        assert name in out


def test_shot_renders_the_window_after_n_steps(tmp_path):
    from PIL import Image

    out = tmp_path / "shot.png"
    sess = ROOT / "tests" / "session" / "golden" / "v1_race.json"
    rc, _, err = run_cli("shot", sess, "--steps", "20", "--out", out, "--size", "1300x740")
    assert rc == 0, err
    with Image.open(out) as img:
        assert img.size == (1300, 740)
        colours = img.convert("RGB").getcolors(maxcolors=1_000_000)
        assert len(colours) > 50  # a real picture, not a blank
    rc, _, err = run_cli("shot", "--out", tmp_path / "x.png", "--size", "tiny")
    assert rc == 2 and "--size" in err and "Traceback" not in err
    # smaller than the window can be: said, not a picture of another size
    rc, _, err = run_cli("shot", "--out", tmp_path / "y.png", "--size", "600x400")
    assert rc == 2 and "needs at least" in err and "Traceback" not in err
    assert not (tmp_path / "y.png").exists()


def test_network_run_csv_and_determinism(tmp_path):
    args = ["run", "--dataset", "circles", "--layers", "8,8", "--activation", "relu,tanh",
            "--optimizer", "adam", "--opt", "lr=0.01", "--batch-size", "16", "--seed", "3",
            "--steps", "20"]
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    assert main(args + ["--out", str(a)]) == 0 and main(args + ["--out", str(b)]) == 0
    rows = read_csv(a)
    assert rows[0] == ["step", "epoch", "train_loss", "test_loss", "lr", "train_acc", "test_acc"]
    assert len(rows) == 22 and rows[1][4] == "" and float(rows[2][4]) == 0.01
    assert a.read_text() == b.read_text()  # same seed, same numbers
    assert main(["run", "--dataset", "sine", "--layers", "16", "--steps", "3", "--out", str(a)]) == 0
    assert read_csv(a)[0] == ["step", "epoch", "train_loss", "test_loss", "lr"]


def test_network_session_save_and_rerun(tmp_path):
    sess = tmp_path / "net.json"
    assert main(["run", "--dataset", "xor", "--layers", "8", "--batchnorm", "--dropout", "0.1",
                 "--loss", "ce", "--weight-decay", "0.001", "--save", str(sess)]) == 0
    out = tmp_path / "o.csv"
    assert main(["run", str(sess), "--steps", "5", "--out", str(out)]) == 0
    assert len(read_csv(out)) == 7


def test_landscape_writes_the_slice(tmp_path):
    out = tmp_path / "slice.npz"
    rc, _, err = run_cli("landscape", "--dataset", "moons", "--layers", "8,8", "--optimizer", "adam",
                         "--opt", "lr=0.02", "--steps", "30", "--grid", "11", "--directions", "pca",
                         "--out", out)
    assert rc == 0, err
    with np.load(out, allow_pickle=False) as d:
        assert d["loss"].shape == (11, 11) and d["alphas"].shape == (11,)
        assert d["trajectory"].shape == (31, 2)
        np.testing.assert_allclose(d["trajectory"][-1], [0, 0], atol=1e-5)


@pytest.mark.parametrize("args,message", [
    (["run", "--dataset", "sine", "--loss", "ce"], "regression problem"),
    (["run", "--dataset", "circles", "--layers", "4,8", "--residual"], "residual"),
    (["run", "--dataset", "circles", "--layers", "a,b"], "--layers"),
    (["run", "--dataset", "circles", "--activation", "swish"], "unknown activation"),
    (["run", "--dataset", "circles", "--dropout", "1.5"], "dropout"),
    (["run", "--dataset", "circles", "--samples", "3"], "samples"),
    (["run", "--dataset", "csv", "--csv", "/no/such.csv", "--target", "y"], "no such file"),
    (["run", "--problem", "bowl", "--dataset", "circles"], "exclude each other"),
    (["run", "--batch-size", "8"], "--batch-size is for networks"),
    (["landscape", "--problem", "bowl"], "landscape needs a network"),
    (["landscape", "--dataset", "circles", "--grid", "500"], "must be in [3, 201]"),
])
def test_bad_network_input_gets_one_line(tmp_path, capsys, args, message):
    out = tmp_path / "never.out"
    assert main(args + ["--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1 and not out.exists()
