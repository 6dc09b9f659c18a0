"""Make the lesson thumbnails of the start page (and of the README's gallery) with ``shot``.

    python scripts/make_thumbnails.py                      # every lesson and both free-play tiles
    python scripts/make_thumbnails.py warmup saddle-point  # only these
    python scripts/make_thumbnails.py --markdown           # print the README gallery table

Each thumbnail is ``python main.py shot --central`` of the lesson's first part after the
lesson's own number of steps (a free-play tile: the session that tile opens, after 300 steps),
cropped to 16:10 and scaled to THUMB (twice the start page's tile, for sharp high-DPI screens),
written to resources/lessons/thumbs/<key>.png with a 256-colour palette (small files in git).
Any lesson in lessons.ORDER works, so a new lesson needs only its name here.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playground.core import resources  # noqa: E402
from playground.lessons import LESSONS, ORDER, lesson_text  # noqa: E402
from playground.session.io import save_session  # noqa: E402

#: pixel size of a written thumbnail (16:10)
THUMB = (480, 300)
#: the window the shots are taken in: its central area comes out about 16:10 wide
WINDOW = "1800x1000"
#: the free-play tiles' thumbnails: key -> the kind of free play (ui/start_page.py)
FREE_PLAY = {"free-play-surfaces": "surfaces", "free-play-network": "network"}


def keys() -> list[str]:
    """Every thumbnail the start page shows, in its order."""
    return [name for name in ORDER if name in LESSONS] + list(FREE_PLAY)


def shot_arguments(key: str, tmp: Path) -> list[str]:
    if key in FREE_PLAY:
        session = tmp / f"{key}.json"
        from playground.ui.start_page import free_play_session  # the session the tile opens

        save_session(free_play_session(FREE_PLAY[key]), session)
        return [str(session), "--steps", "300"]
    if key not in LESSONS:
        raise SystemExit(f"unknown lesson {key!r}; valid: {', '.join(keys())}")
    return ["--lesson", key, "--steps", str(LESSONS[key].steps)]


def make(key: str, out_dir: Path) -> Path:
    from PIL import Image

    out = out_dir / f"{key}.png"
    with tempfile.TemporaryDirectory() as tmp:
        raw = Path(tmp) / "shot.png"
        subprocess.run([sys.executable, str(ROOT / "main.py"), "shot", *shot_arguments(key, Path(tmp)),
                        "--central", "--size", WINDOW, "--out", str(raw)], check=True, cwd=ROOT)
        image = Image.open(raw).convert("RGB")
    # cover THUMB: scale so both sides reach it, then cut the overhang evenly
    scale = max(THUMB[0] / image.width, THUMB[1] / image.height)
    image = image.resize((round(image.width * scale), round(image.height * scale)), Image.LANCZOS)
    left, top = (image.width - THUMB[0]) // 2, (image.height - THUMB[1]) // 2
    image = image.crop((left, top, left + THUMB[0], top + THUMB[1]))
    out_dir.mkdir(parents=True, exist_ok=True)
    image.quantize(256, dither=Image.Dither.NONE).save(out, optimize=True)
    return out


def markdown(columns: int = 3) -> str:
    """The README's gallery: a table of thumbnails with each lesson's name, title and line."""
    cells = []
    for key in keys():
        if key in FREE_PLAY:
            continue
        text = lesson_text(key)
        cells.append(f"![{key}](resources/lessons/thumbs/{key}.png)<br>**{text.title}**<br>"
                     f"`{key}`: {text.summary}")
    rows = [cells[i:i + columns] for i in range(0, len(cells), columns)]
    lines = ["| " + " | ".join([""] * columns) + " |", "|" + "---|" * columns]
    for row in rows:
        lines.append("| " + " | ".join(row + [""] * (columns - len(row))) + " |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("names", nargs="*", help="lessons (default: every one, and free play)")
    parser.add_argument("--markdown", action="store_true", help="print the README gallery table")
    args = parser.parse_args()
    if args.markdown:
        print(markdown())
        return 0
    out_dir = resources.path("lessons", "thumbs")
    for key in args.names or keys():
        print(f"{key}: {make(key, out_dir).relative_to(ROOT)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
