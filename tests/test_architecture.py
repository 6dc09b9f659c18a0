"""The core and session packages never load Qt (checked in a fresh process)."""

import subprocess
import sys


def test_core_and_session_import_without_qt():
    code = (
        "import sys\n"
        "import playground.core.surfaces.race, playground.core.surfaces.presets, playground.core.surfaces.formula\n"
        "import playground.session.io, playground.cli\n"
        "from playground.core.surfaces.problem import get_surface\n"
        "from playground.core.surfaces.race import RunConfig, run_race\n"
        "run_race(get_surface('bowl'), [RunConfig(start=(1, 1))], 5)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6', 'pyqtgraph'))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
