"""Draw the program's icon (.ico with the Windows sizes, and a .png) with Pillow.

Usage: python installer/make_icon.py OUT_DIR  → OUT_DIR/ntm.ico, OUT_DIR/ntm.png
Drawn, not shipped as a binary, so that the repository holds no opaque files."""

from __future__ import annotations

import sys
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parent.parent
GREEN, LEAF, WHITE = (27, 94, 32), (129, 199, 132), (255, 255, 255)


def draw(size: int = 256) -> Image.Image:
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    pen.rounded_rectangle([0, 0, size - 1, size - 1], radius=size // 6, fill=GREEN)
    # a rice field: three rising leaf strokes over the ground line
    s = size / 256
    pen.rectangle([40 * s, 176 * s, 216 * s, 186 * s], fill=LEAF)
    for x, h in ((78, 70), (128, 100), (178, 70)):
        pen.polygon([(x * s, 176 * s), ((x - 16) * s, (176 - h) * s), ((x + 4) * s, 176 * s)], fill=LEAF)
        pen.polygon([(x * s, 176 * s), ((x + 16) * s, (176 - h * 0.8) * s), ((x - 4) * s, 176 * s)], fill=LEAF)
    font_file = ROOT / "resources" / "fonts" / "DejaVuSans.ttf"
    font = ImageFont.truetype(str(font_file), int(52 * s)) if font_file.exists() else ImageFont.load_default()
    pen.text((size / 2, 222 * s), "NTM", fill=WHITE, font=font, anchor="mm")
    return image


def main(out: str) -> None:
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    image = draw()
    image.save(folder / "ntm.png")
    image.save(folder / "ntm.ico", sizes=[(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (128, 128), (256, 256)])


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else str(ROOT / "installer" / "build"))
