"""A short subset of the real-display journeys (run_journeys.py): the app launched under Xvfb,
driven by real key presses and a real file dialog. Skipped, with the reason, where Xvfb, xdotool
or ImageMagick are not installed (`.ci/run` installs them where it can)."""

import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from tests.journeys.run_journeys import missing_tools

SCRIPT = Path(__file__).with_name("run_journeys.py")

pytestmark = pytest.mark.skipif(bool(missing_tools()),
                                reason=f"needs {', '.join(missing_tools())} (apt-get install "
                                       "xvfb xdotool imagemagick)")


def _colours(path: Path) -> int:
    with Image.open(path) as img:
        return len(img.convert("RGB").resize((480, 270)).getcolors(1 << 20) or [])


def test_launch_play_and_save_in_a_real_display(tmp_path):
    proc = subprocess.run([sys.executable, str(SCRIPT), "--quick", "--only", "launch", "save",
                           "--out", str(tmp_path)], capture_output=True, text=True, timeout=400)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    for name in ("01-launch", "02-play-2s", "05-1280x720", "41-saved", "42-reopened"):
        shot = tmp_path / f"{name}.png"
        assert shot.exists(), f"{name}.png missing\n{proc.stdout}"
        assert _colours(shot) > 200, f"{name}.png is (nearly) blank: the window was not drawn"
    log = (tmp_path / "journeys.txt").read_text()
    assert "saved " in log and "journey-saved.json" in log
