"""The 3-D view: a clean fallback without OpenGL, and real rendering under Xvfb (Mesa)."""

import os
import shutil
import subprocess
import sys
import textwrap
import time

import pytest


def test_without_opengl_the_3d_dock_says_why(qtbot, make_window):
    w = make_window()
    dock = w.docks["view3d"]
    assert not dock.isVisible()  # off until asked for
    assert not w.view3d.available
    assert "offscreen" in w.view3d.problem
    dock.show()
    w.controller.play(until=30)
    assert w.controller.wait_idle()
    w.redraw()  # no crash, nothing drawn
    assert dock.toggleViewAction().text() == "3-D view"


GL_SCRIPT = textwrap.dedent("""
    import time
    import numpy as np
    from playground.ui.app import make_app
    from playground.ui.windows.surface import MainWindow
    app = make_app()
    w = MainWindow(autosave=False)
    w.resize(1400, 900)
    w.show()
    w.docks["view3d"].show()
    w.docks["view3d"].raise_()
    def settle():
        for _ in range(20):
            app.processEvents()
            time.sleep(0.01)
    settle()
    assert w.view3d.available, w.view3d.problem
    before = w.view3d.gl.grabFramebuffer()
    w.controller.play(until=300)
    assert w.controller.wait_idle(60)
    w.controller.mark_dirty()
    w.redraw()
    settle()
    after = w.view3d.gl.grabFramebuffer()
    def pixels(img):
        img = img.convertToFormat(img.Format.Format_RGB888)
        ptr = img.constBits()
        rows = np.frombuffer(ptr, np.uint8, img.sizeInBytes()).reshape(img.height(), -1)
        # copy: the converted image (and the memory it views) is freed when this returns
        return rows[:, : img.width() * 3].reshape(img.height(), img.width(), 3).copy()
    a, b = pixels(before), pixels(after)
    background = np.array([0x1e, 0x1e, 0x24])
    surface = np.abs(a.astype(int) - background).sum(axis=2) > 30
    changed = np.abs(a.astype(int) - b.astype(int)).sum(axis=2) > 30
    print(f"surface {surface.mean():.3f} changed {changed.mean():.4f}")
    assert surface.mean() > 0.15, "the surface covers too little of the view"
    assert changed.mean() > 0.0005, "the paths did not appear"
    w.controller.shutdown()
""")


@pytest.mark.skipif(shutil.which("Xvfb") is None, reason="Xvfb is not installed (the CI script installs it)")
def test_opengl_view_draws_the_surface_and_the_paths(tmp_path):
    display = f":{90 + os.getpid() % 9}"
    xvfb = subprocess.Popen(["Xvfb", display, "-screen", "0", "1600x1000x24", "-nolisten", "tcp"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        time.sleep(1.0)
        env = dict(os.environ, DISPLAY=display, QT_QPA_PLATFORM="xcb",
                   XDG_CONFIG_HOME=str(tmp_path / "config"), XDG_DATA_HOME=str(tmp_path / "data"))
        out = subprocess.run([sys.executable, "-c", GL_SCRIPT], env=env, capture_output=True,
                             text=True, timeout=240)
        if "could not connect to display" in out.stderr or "no OpenGL context" in out.stderr:
            pytest.skip("Xvfb gave no usable display/OpenGL here: " + out.stderr[-300:])
        assert out.returncode == 0, out.stdout[-2000:] + out.stderr[-3000:]
    finally:
        xvfb.terminate()
        xvfb.wait(10)
