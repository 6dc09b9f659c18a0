"""The whole test suite, as `make test` and CI run it: the Qt-free tests in one process, then each
GUI test file (tests/ui/test_*.py) in a process of its own.

Why separate processes: a full run of every GUI file in one process (hundreds of windows made and
destroyed) has ended in a segmentation fault inside Qt's text layout (QTextEngine::resolveFormats,
reached from QHeaderView sizing, QWidget.grab or the event loop), at a different test each time,
while each file passes on its own. Until that is found, one file's windows cannot corrupt the
next file's process. Any arguments are passed on to every pytest run (e.g. -x, -k)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main(extra: list[str]) -> int:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    ui = sorted((ROOT / "tests" / "ui").glob("test_*.py"))
    runs = [["tests", "--ignore=tests/ui"]] + [[str(p.relative_to(ROOT))] for p in ui]
    failed = []
    for args in runs:
        print(f"== pytest {' '.join(args)}", flush=True)
        code = subprocess.call([sys.executable, "-m", "pytest", "-q", *args, *extra], cwd=ROOT, env=env)
        if code not in (0, 5):  # 5: nothing collected (e.g. -k matched nothing in this file)
            failed.append((args[0], code))
    for name, code in failed:
        print(f"FAILED: {name} (exit status {code}{', a crash' if code < 0 else ''})")
    print("all test processes passed" if not failed else f"{len(failed)} of {len(runs)} test processes failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
