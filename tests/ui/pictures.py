"""Pictures of a window for tests that compare them: what each part of the window shows, as
pixel arrays, and a tolerant comparison (antialiasing may differ by a level or two; a stale
contour, range or map differs by far more)."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QImage

from playground.session.io import session_from_dict, session_to_dict

#: a pixel "differs" when a channel is off by more than this many levels
LEVELS = 48
#: and a picture differs when more than this share of its pixels do
SHARE = 0.004


def copy_session(session):
    """The state as a file holds it (what "opening the same state fresh" starts from)."""
    return session_from_dict(session_to_dict(session))


def settle(w, rounds: int = 4) -> None:
    """Let layouts, the frame clock and the text panels catch up, then draw a frame."""
    for _ in range(rounds):
        QCoreApplication.processEvents()
        w.controller.mark_dirty()
        w.redraw()
    QCoreApplication.processEvents()


def train(w, steps: int) -> None:
    """Train ``steps`` more steps and wait for them."""
    w.controller.play(until=w.controller.step + steps)
    assert w.controller.wait_idle(60), "training did not finish"
    settle(w)


def _array(image: QImage) -> np.ndarray:
    image = image.convertToFormat(QImage.Format_RGBA8888)
    h, w = image.height(), image.width()
    data = np.frombuffer(image.constBits(), np.uint8, count=image.bytesPerLine() * h)
    return data.reshape(h, image.bytesPerLine() // 4, 4)[:, :w, :3].copy()


def pictures(w) -> dict[str, np.ndarray]:
    """Every visible part of window ``w`` except the lesson dock (compared on its own: it says
    which lesson the state is), as RGB arrays keyed by dock (``central`` for the centre)."""
    settle(w)
    parts = {"central": w.centralWidget()}
    parts.update({key: dock.widget() for key, dock in w.docks.items()
                  if key != "lesson" and dock.isVisible()})
    return {key: _array(widget.grab().toImage()) for key, widget in parts.items()}


def differences(a: dict, b: dict) -> list[str]:
    """What differs between two :func:`pictures`: one line per part, empty when equal."""
    out = []
    for key in sorted(set(a) | set(b)):
        if key not in a or key not in b:
            out.append(f"{key}: shown in one window only")
            continue
        if a[key].shape != b[key].shape:
            out.append(f"{key}: size {a[key].shape[1::-1]} against {b[key].shape[1::-1]}")
            continue
        off = np.abs(a[key].astype(int) - b[key].astype(int)).max(axis=2) > LEVELS
        if off.mean() > SHARE:
            ys, xs = np.nonzero(off)
            out.append(f"{key}: {off.mean():.2%} of the pixels differ, within x {xs.min()}–{xs.max()},"
                       f" y {ys.min()}–{ys.max()}")
    return out


def save_pair(a: dict, b: dict, stem: str) -> None:
    """Both pictures side by side under ``stem``-KEY.png (for a failing comparison)."""
    from PIL import Image

    for key in set(a) & set(b):
        h = max(a[key].shape[0], b[key].shape[0])
        canvas = np.zeros((h, a[key].shape[1] + b[key].shape[1] + 8, 3), np.uint8)
        canvas[:a[key].shape[0], :a[key].shape[1]] = a[key]
        canvas[:b[key].shape[0], a[key].shape[1] + 8:] = b[key]
        Image.fromarray(canvas).save(f"{stem}-{key}.png")
