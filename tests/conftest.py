"""Test setup: Qt renders offscreen, and no test may leave a thread running."""

import os
import threading

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def no_leftover_threads():
    before = {t.ident for t in threading.enumerate()}
    yield
    left = [t for t in threading.enumerate() if t.ident not in before and t.is_alive()]
    for t in left:
        t.join(timeout=2.0)
    left = [t.name for t in left if t.is_alive()]
    assert not left, f"test left threads running: {left}"
