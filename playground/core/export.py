"""Plain-text exports shared by the CLI and the app."""

from __future__ import annotations

import re

from .history import History


def history_csv(history: History) -> str:
    """CSV with header step,x,y,loss,lr. Row 0 is the start (lr empty); ``repr`` writes the
    shortest text that reads back to the same float64."""
    lines = ["step,x,y,loss,lr"]
    if not len(history):
        return lines[0] + "\n"
    pos, loss, lr = history["pos"], history["loss"], history["lr"]
    steps = history.steps_of_rows()
    for t in range(len(history)):
        lr_text = "" if t == 0 else repr(float(lr[t]))
        lines.append(f"{int(steps[t])},{float(pos[t, 0])!r},{float(pos[t, 1])!r},"
                     f"{float(loss[t])!r},{lr_text}")
    return "\n".join(lines) + "\n"


def safe_filename(name: str) -> str:
    """A file name made from a run name (letters, digits, . _ - only)."""
    safe = re.sub(r"[^A-Za-z0-9._-]+", "_", name).strip("._") or "run"
    return safe[:80]


def unique_filenames(names: list[str], suffix: str = ".csv") -> dict[str, str]:
    """One distinct file name per run name (case-insensitively distinct)."""
    out, seen = {}, set()
    for name in names:
        base = safe_filename(name)
        fname, i = base, 2
        while fname.lower() in seen:
            fname, i = f"{base}_{i}", i + 1
        seen.add(fname.lower())
        out[name] = fname + suffix
    return out
