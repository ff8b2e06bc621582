"""Draw the Teams app icons: color.png (192×192) and outline.png (32×32, white on transparent)."""

from __future__ import annotations

import sys
from pathlib import Path

from PIL import Image, ImageDraw

HERE = Path(__file__).resolve().parent
ACCENT = (31, 111, 120, 255)  # the manifest's accentColor, #1F6F78
WHITE = (255, 255, 255, 255)


def _bubble(draw: ImageDraw.ImageDraw, size: int, inset: float, width: int | None) -> None:
    """A speech bubble with a tail: the same shape at both sizes (filled, or outlined when width is set)."""
    left, top, right, bottom = size * inset, size * inset, size * (1 - inset), size * 0.7
    radius = size * 0.14
    tail = [(size * 0.3, bottom - 1), (size * 0.28, size * (1 - inset)), (size * 0.48, bottom - 1)]
    if width is None:
        draw.rounded_rectangle((left, top, right, bottom), radius=radius, fill=WHITE)
        draw.polygon(tail, fill=WHITE)
    else:
        draw.rounded_rectangle((left, top, right, bottom), radius=radius, outline=WHITE, width=width)
        draw.line([tail[0], tail[1], tail[2]], fill=WHITE, width=width)


def color_icon() -> Image.Image:
    """The full-colour icon: a white speech bubble on the accent colour, three dots for conversation."""
    image = Image.new("RGBA", (192, 192), ACCENT)
    draw = ImageDraw.Draw(image)
    _bubble(draw, 192, 0.2, None)
    for x in (72, 96, 120):
        draw.ellipse((x - 8, 78 - 8, x + 8, 78 + 8), fill=ACCENT)
    return image


def outline_icon() -> Image.Image:
    """The outline icon Teams tints itself: white strokes, everything else fully transparent."""
    image = Image.new("RGBA", (32, 32), (0, 0, 0, 0))
    _bubble(ImageDraw.Draw(image), 32, 0.1, 2)
    return image


def write_icons(folder: Path = HERE) -> list[Path]:
    """Write both icons into the folder and return their paths."""
    paths = [folder / "color.png", folder / "outline.png"]
    color_icon().save(paths[0])
    outline_icon().save(paths[1])
    return paths


if __name__ == "__main__":
    for written in write_icons(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE):
        print(f"wrote {written}")
