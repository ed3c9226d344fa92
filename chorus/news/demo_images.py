"""Photos for the demo, drawn with Pillow: nothing is downloaded, every picture is made here.

Text on placards uses the Noto fonts from Debian's fonts-noto-core when they are there,
and Pillow's built-in font otherwise, so the demo works on any machine.
"""

from __future__ import annotations

import io
import math
import random
from collections.abc import Callable
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT = 1600, 1000
FONT_DIRS = [Path("/usr/share/fonts/truetype/noto"), Path("/usr/share/fonts/opentype/noto")]

FontType = ImageFont.FreeTypeFont | ImageFont.ImageFont


def _font(name: str, size: int) -> FontType:
    for folder in FONT_DIRS:
        path = folder / name
        if path.exists():
            return ImageFont.truetype(str(path), size)
    return ImageFont.load_default(size)


def _sky(draw: ImageDraw.ImageDraw, top: tuple[int, int, int], bottom: tuple[int, int, int]) -> None:
    for y in range(HEIGHT):
        mix = y / HEIGHT
        colour = tuple(int(top[i] * (1 - mix) + bottom[i] * mix) for i in range(3))
        draw.line([(0, y), (WIDTH, y)], fill=colour)


def _person(draw: ImageDraw.ImageDraw, x: int, base: int, scale: float, colour: tuple[int, int, int]) -> None:
    head = int(34 * scale)
    body_h = int(190 * scale)
    draw.ellipse([x - head, base - body_h - 2 * head, x + head, base - body_h], fill=colour)
    draw.rounded_rectangle(
        [x - int(48 * scale), base - body_h, x + int(48 * scale), base], radius=int(30 * scale), fill=colour
    )


def _placard(
    draw: ImageDraw.ImageDraw, x: int, y: int, text: str, font: FontType, fill: tuple[int, int, int]
) -> None:
    left, top, right, bottom = draw.textbbox((0, 0), text, font=font)
    width, height = right - left + 50, bottom - top + 44
    draw.line([(x, y + height), (x, y + height + 170)], fill=(92, 64, 40), width=10)
    draw.rectangle([x - width // 2, y, x + width // 2, y + height], fill=fill, outline=(40, 30, 40), width=4)
    draw.text((x - (right - left) // 2 - left, y + 22 - top), text, font=font, fill=(25, 20, 30))


def embassy_protest() -> Image.Image:
    """Placards outside an embassy: columns, a flagpole and a line of people."""
    image = Image.new("RGB", (WIDTH, HEIGHT))
    draw = ImageDraw.Draw(image)
    _sky(draw, (150, 196, 235), (236, 226, 214))
    draw.rectangle([180, 260, 1420, 760], fill=(226, 219, 205), outline=(150, 140, 125), width=6)
    draw.polygon([(140, 270), (800, 90), (1460, 270)], fill=(214, 205, 190), outline=(150, 140, 125))
    for column in range(8):
        x = 260 + column * 150
        draw.rectangle([x, 320, x + 56, 740], fill=(244, 240, 232), outline=(170, 160, 145), width=3)
    draw.rectangle([690, 560, 910, 760], fill=(92, 70, 60))
    draw.rectangle([140, 740, 1460, 790], fill=(190, 182, 170))
    draw.line([(1500, 120), (1500, 790)], fill=(90, 90, 96), width=8)
    draw.rectangle([1500, 130, 1590, 190], fill=(60, 90, 160))
    draw.rectangle([0, 790, WIDTH, HEIGHT], fill=(120, 120, 118))
    latin = _font("NotoSans-Bold.ttf", 36)
    thai = _font("NotoSansThai-Bold.ttf", 40)
    khmer = _font("NotoSansKhmer-Bold.ttf", 36)
    signs = [
        (235, "RIGHTS NOT RESCUE", latin, (250, 214, 90)),
        (630, "สิทธิแรงงาน", thai, (255, 170, 190)),
        (1010, "SEX WORK IS WORK", latin, (170, 225, 200)),
        (1390, "សិទ្ធិការងារ", khmer, (250, 214, 90)),
    ]
    colours = [(70, 40, 90), (140, 40, 80), (40, 70, 110), (110, 60, 40), (60, 100, 80), (90, 50, 110)]
    for index, x in enumerate(range(110, WIDTH, 170)):
        _person(draw, x + (index % 2) * 30, 990, 1.2 + (index % 3) * 0.1, colours[index % len(colours)])
    for x, text, font, fill in signs:
        _placard(draw, x, 520, text, font, fill)
    return image


def river_light() -> Image.Image:
    """Abstract shapes: bands of light over a river at dusk."""
    image = Image.new("RGB", (WIDTH, HEIGHT))
    draw = ImageDraw.Draw(image)
    _sky(draw, (38, 30, 80), (190, 80, 110))
    rng = random.Random(7)  # noqa: S311 - a fixed pattern, not a secret
    for band in range(14):
        y0 = 420 + band * 42
        points = [(x, y0 + 22 * math.sin(x / 140 + band)) for x in range(0, WIDTH + 40, 40)]
        shade = 140 + band * 8
        draw.line(points, fill=(shade, shade // 2 + 60, 200), width=18)
    for _ in range(26):
        x, y, r = rng.randint(0, WIDTH), rng.randint(60, 380), rng.randint(12, 60)
        draw.ellipse([x - r, y - r, x + r, y + r], outline=(255, 220, 150), width=4)
    draw.ellipse([1180, 120, 1380, 320], fill=(255, 214, 120))
    draw.text((90, 820), "Riverlight", font=_font("NotoSans-Bold.ttf", 120), fill=(255, 246, 230))
    return image


def letter_handover() -> Image.Image:
    """A letter in an envelope on a desk, with a pen and a stamp."""
    image = Image.new("RGB", (WIDTH, HEIGHT), (120, 82, 56))
    draw = ImageDraw.Draw(image)
    for y in range(0, HEIGHT, 60):
        draw.line([(0, y), (WIDTH, y + 30)], fill=(110, 75, 50), width=6)
    draw.rectangle([420, 120, 1180, 900], fill=(250, 248, 240), outline=(200, 196, 180), width=4)
    title = _font("NotoSans-Bold.ttf", 46)
    draw.text((480, 170), "To the Ambassador", font=title, fill=(30, 30, 40))
    for line in range(12):
        y = 270 + line * 46
        draw.line([(480, y), (1120 - (line % 4) * 60, y)], fill=(120, 120, 130), width=6)
    draw.text((560, 830), "Riverlight Collective", font=_font("NotoSans-Regular.ttf", 34), fill=(138, 28, 74))
    draw.polygon([(80, 640), (520, 640), (520, 960), (80, 960)], fill=(232, 214, 170))
    draw.polygon([(80, 640), (300, 820), (520, 640)], fill=(214, 192, 142))
    draw.line([(1240, 300), (1520, 780)], fill=(20, 40, 90), width=22)
    draw.ellipse([1300, 100, 1480, 280], outline=(138, 28, 74), width=10)
    return image


def drop_in_space() -> Image.Image:
    """The drop-in space: a table, chairs, mugs and a window."""
    image = Image.new("RGB", (WIDTH, HEIGHT), (246, 236, 214))
    draw = ImageDraw.Draw(image)
    draw.rectangle([980, 100, 1460, 480], fill=(170, 215, 240), outline=(255, 255, 255), width=18)
    draw.line([(1220, 100), (1220, 480)], fill=(255, 255, 255), width=14)
    draw.rectangle([0, 760, WIDTH, HEIGHT], fill=(196, 160, 120))
    draw.ellipse([300, 560, 1300, 760], fill=(150, 96, 60))
    for x in (340, 1200):
        draw.rectangle([x, 700, x + 60, 900], fill=(120, 78, 48))
    for index, x in enumerate(range(520, 1120, 150)):
        colour = [(220, 90, 90), (90, 150, 220), (240, 200, 80), (120, 190, 130)][index % 4]
        draw.rounded_rectangle([x, 560, x + 70, 650], radius=10, fill=colour)
        draw.arc([x + 55, 575, x + 100, 625], 270, 90, fill=colour, width=10)
    draw.text((120, 140), "Open Sundays", font=_font("NotoSans-Bold.ttf", 84), fill=(138, 28, 74))
    draw.text((120, 250), "เปิดทุกวันอาทิตย์", font=_font("NotoSansThai-Bold.ttf", 64), fill=(60, 60, 70))
    return image


DRAWINGS: dict[str, Callable[[], Image.Image]] = {
    "embassy": embassy_protest,
    "river": river_light,
    "letter": letter_handover,
    "drop-in": drop_in_space,
}


def jpeg_bytes(picture: Image.Image) -> bytes:
    buffer = io.BytesIO()
    picture.save(buffer, format="JPEG", quality=85, optimize=True)
    return buffer.getvalue()
