"""Guards against the PySide6 6.12.0 refcount crash on Python 3.11 (bool_dealloc / none_dealloc):
tens of thousands of signal emissions and hundreds of curve redraws must not abort the process.
Run in a subprocess so that an abort fails this test instead of killing the test session."""

import subprocess
import sys

CODE = r"""
import os
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication

app = QApplication([])

class Emitter(QObject):
    flag = Signal(bool)
    value = Signal(object)

got = []
e = Emitter()
e.flag.connect(lambda v: got.append(v))
e.value.connect(lambda v: got.append(v))
for i in range(30000):
    e.flag.emit(i % 2 == 0)
    e.value.emit(None)
plot = pg.PlotWidget()
curve = plot.plot()
x = np.arange(500.0)
for i in range(400):
    curve.setData(x, np.sin(x / 50 + i))
    app.processEvents()
print(len(got))
"""


def test_many_signals_and_redraws_do_not_crash():
    out = subprocess.run([sys.executable, "-c", CODE], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip() == "60000"


def test_pinned_pyside_is_below_6_12_on_python_3_11():
    import PySide6

    major, minor = (int(v) for v in PySide6.__version__.split(".")[:2])
    if sys.version_info[:2] == (3, 11):
        assert (major, minor) < (6, 12), PySide6.__version__
