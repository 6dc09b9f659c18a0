"""Test setup: Qt renders offscreen with its settings in a temporary folder, and no test may
leave a thread running (Python threads or the app's QThreads)."""

import os
import sys
import tempfile
import threading

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
_home = tempfile.mkdtemp(prefix="playground-tests-")
os.environ["XDG_CONFIG_HOME"] = os.path.join(_home, "config")  # QSettings
os.environ["XDG_DATA_HOME"] = os.path.join(_home, "data")  # autosave

import pytest  # noqa: E402
import torch  # noqa: E402

# One thread per process: the suite's small tensors gain nothing from more, and on a shared
# 2-core machine PyTorch's thread pool against Qt's made one lesson check 20x slower.
torch.set_num_threads(1)


def _running_qthreads():
    if "playground.ui.controller" not in sys.modules:
        return []
    from playground.ui.controller import THREADS

    alive = []
    for t in list(THREADS):
        try:
            if t.isRunning():
                alive.append(t.objectName())
        except RuntimeError:  # its C++ object is gone: it is not running
            THREADS.discard(t)
    return alive


@pytest.fixture(autouse=True)
def no_leftover_threads():
    before = {t.ident for t in threading.enumerate()}
    yield
    left = [t for t in threading.enumerate() if t.ident not in before and t.is_alive()
            and not isinstance(t, threading._DummyThread)]
    for t in left:
        t.join(timeout=2.0)
    left = [t.name for t in left if t.is_alive()]
    assert not left, f"test left threads running: {left}"
    assert not _running_qthreads(), f"test left QThreads running: {_running_qthreads()}"
