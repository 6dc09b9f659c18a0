"""Exports of the main window: the surface view as PNG or SVG, histories as CSV, the trajectory
animation as GIF (Pillow) or MP4 (where imageio-ffmpeg is installed)."""

from __future__ import annotations

import io
import os
from pathlib import Path

import numpy as np
from PySide6.QtCore import QBuffer, QCoreApplication, QIODevice

from ..core.export import history_csv, unique_filenames

translate = QCoreApplication.translate

GIF_FRAMES = 80
GIF_MS = 60


def mp4_available() -> bool:
    try:
        import imageio.v2  # noqa: F401
        import imageio_ffmpeg  # noqa: F401
    except ImportError:
        return False
    return True


def export(window, kind: str, path: str) -> str:
    """Write ``kind`` (png, svg, csv, gif, mp4) to ``path``; returns what was written."""
    if kind == "png":
        window.redraw()
        if not window.central_view().grab().save(path, "PNG"):
            raise OSError(translate("Exporting", "could not write {path}").format(path=path))
        return path
    if kind == "svg":
        # Qt's SVG generator: paths stay vectors, the heatmap is embedded as an image
        # (pyqtgraph's own SVG exporter fails on empty or NaN-broken curves)
        from PySide6.QtGui import QPainter
        from PySide6.QtSvg import QSvgGenerator

        window.redraw()
        view = window.central_view()
        gen = QSvgGenerator()
        gen.setFileName(path)
        gen.setSize(view.size())
        gen.setViewBox(view.rect())
        gen.setTitle(window.controller.session.name)
        painter = QPainter(gen)
        view.render(painter)
        painter.end()
        if not os.path.getsize(path):
            raise OSError(translate("Exporting", "could not write {path}").format(path=path))
        return path
    if kind == "csv":
        return export_csv(window.controller, path)
    if kind in ("gif", "mp4"):
        return export_animation(window, path, kind)
    raise ValueError(f"unknown export {kind!r}")


def export_csv(controller, folder: str) -> str:
    runs, histories = controller.session.runs, controller.histories()
    if not any(len(h) for h in histories):
        raise ValueError(translate("Exporting", "nothing to export yet: press Play first"))
    names = unique_filenames([r.name for r in runs])
    Path(folder).mkdir(parents=True, exist_ok=True)
    for run, h in zip(runs, histories):
        tmp = Path(folder) / f".{names[run.name]}.tmp"
        tmp.write_text(history_csv(h), encoding="utf-8")
        os.replace(tmp, Path(folder) / names[run.name])
    return translate("Exporting", "{count} CSV files to {folder}").format(count=len(runs), folder=folder)


def _frames(window, count: int):
    """Grab the surface view at ``count`` steps spread over the history (scrubbing, no training)."""
    c = window.controller
    last = c.step
    if last == 0:
        raise ValueError(translate("Exporting", "nothing to animate yet: press Play first"))
    was = c.display_step
    try:
        for step in np.unique(np.linspace(0, last, count).round().astype(int)):
            c.scrub(int(step))
            window.redraw()
            image = window.central_view().grab().toImage()
            buf = QBuffer()
            buf.open(QIODevice.WriteOnly)
            image.save(buf, "PNG")
            yield bytes(buf.data())
    finally:
        c.scrub(was)
        window.redraw()


def export_animation(window, path: str, kind: str) -> str:
    from PIL import Image

    frames = [Image.open(io.BytesIO(png)).convert("RGB") for png in _frames(window, GIF_FRAMES)]
    if kind == "gif":
        paletted = [f.quantize(colors=255) for f in frames]
        paletted[0].save(path, save_all=True, append_images=paletted[1:], duration=GIF_MS,
                         loop=0, optimize=False)
    else:
        if not mp4_available():
            raise RuntimeError(translate("Exporting", "MP4 needs imageio-ffmpeg: pip install imageio imageio-ffmpeg"))
        import imageio.v2 as imageio

        with imageio.get_writer(path, fps=1000 // GIF_MS, macro_block_size=1) as writer:
            for f in frames:
                writer.append_data(np.asarray(f))
    return translate("Exporting", "{count} frames to {path}").format(count=len(frames), path=path)
