"""Fuzzing the session loader and CSV import: every mutant is refused clearly or works.

A seeded generator (playground.session.fuzzing) mutates valid sessions (a surface race with
histories, a custom formula, a network with histories, a CSV network, a schema-1 file) by byte
flips, truncation, type swaps, huge numbers, NaN/Infinity, deep nesting, long strings, unknown
names, special file paths and schema versions. Set PLAYGROUND_FUZZ_SEED to try other cases;
scripts/fuzz_sessions.py runs the same generator for as many cases as asked.
"""

import os
from dataclasses import replace
import time

import pytest

from playground.session import fuzzing
from playground.session.fuzzing import ACCEPTED, FAILED, HUNG, REFUSED

SEED = int(os.environ.get("PLAYGROUND_FUZZ_SEED", "0"))


def _report(tally) -> str:
    return "\n".join(f"{o.kind}: {o.label} -> {o.detail}" for o in tally.failures)


def test_a_thousand_mutated_sessions_are_refused_clearly_or_load_save_and_train():
    tally = fuzzing.fuzz_sessions(1000, seed=SEED)
    assert tally.tried == 1000
    assert tally.counts[FAILED] == 0 and tally.counts[HUNG] == 0, _report(tally)
    # both branches are exercised, or the test would prove little
    assert tally.counts[REFUSED] > 100 and tally.counts[ACCEPTED] > 20


def test_csv_imports_of_hostile_files_are_refused_clearly_or_load():
    tally = fuzzing.fuzz_csv(40, seed=SEED)
    assert tally.counts[FAILED] == 0 and tally.counts[HUNG] == 0, _report(tally)
    assert tally.counts[REFUSED] > 20 and tally.counts[ACCEPTED] >= 1


# -- the checker can fail ----------------------------------------------------------------------


def test_the_checker_reports_foreign_exceptions_long_messages_and_hangs(monkeypatch):
    from playground.session import io as sio

    good = b'{"format": "optimization-playground-session", "schema_version": 2, ' \
           b'"problem": {"surface": "rosenbrock"}, "runs": []}'
    assert fuzzing.check_session_bytes(good).kind == ACCEPTED

    def raises(data):
        raise KeyError("escaped")

    monkeypatch.setattr(sio, "session_from_bytes", raises)
    assert fuzzing.check_session_bytes(good).kind == FAILED

    class Long(sio.SessionError):
        def __init__(self):
            ValueError.__init__(self, "x" * 1000)  # skips the cut, as a careless subclass might

    def long_message(data):
        raise Long()

    monkeypatch.setattr(sio, "session_from_bytes", long_message)
    assert fuzzing.check_session_bytes(good).kind == FAILED

    def waits(data):  # a hang that uses no CPU (a FIFO): the clock limit, 10 × the CPU limit
        time.sleep(5)

    monkeypatch.setattr(sio, "session_from_bytes", waits)
    start = time.perf_counter()
    assert fuzzing.check_session_bytes(good, seconds=0.1).kind == HUNG
    assert time.perf_counter() - start < 1.0 * fuzzing.WALL_FACTOR * 0.1 + 1

    def spins(data):  # a hang that computes: the CPU limit
        while True:
            pass

    monkeypatch.setattr(sio, "session_from_bytes", spins)
    cpu = time.process_time()
    assert fuzzing.check_session_bytes(good, seconds=0.2).kind == HUNG
    assert time.process_time() - cpu < 1.5


@pytest.mark.parametrize("special", ["/dev/zero", "/dev/urandom"])
def test_the_csv_checker_refuses_devices_in_time(special):
    assert fuzzing.check_csv(special).kind == REFUSED


def test_the_checker_fails_an_accepted_session_with_a_field_of_the_wrong_type(monkeypatch):
    """A list where a flag belongs loaded and trained (it is truthy): the checker must see it."""
    from playground.core.networks.model import LayerSpec, NetworkSpec
    from playground.session import io as sio
    from playground.session.model import Session, classic_network

    assert fuzzing.ill_typed(classic_network("circles")) is None
    net = classic_network("circles")
    net.network = replace(net.network, network=NetworkSpec((LayerSpec(4, "relu", batchnorm=[1]),)))
    assert "batchnorm" in fuzzing.ill_typed(net)
    monkeypatch.setattr(sio, "session_from_bytes", lambda data: net)
    outcome = fuzzing.check_session_bytes(b"{}")
    assert outcome.kind == FAILED and "wrong type" in outcome.detail
    assert fuzzing.ill_typed(Session(view_box=(0.0, 1.0, 0.0, True))) is not None
