"""Draw the program's icon: three rising white bars (results over the years) on a blue rounded square.

    python installer/make_icon.py    writes resources/icons/msoko.png (256 px) and msoko.ico (16–256 px)

Drawn here with Pillow, no third-party artwork; the files are committed, so this runs only to change them.
"""

from pathlib import Path

from PIL import Image, ImageDraw

ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"
BLUE, WHITE, GOLD = (31, 78, 154, 255), (255, 255, 255, 255), (242, 181, 46, 255)
SCALE = 4  # drawn 4× larger, then scaled down: smooth edges


def draw(size: int = 256) -> Image.Image:
    s = size * SCALE
    image = Image.new("RGBA", (s, s), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    pen.rounded_rectangle((0, 0, s - 1, s - 1), radius=s // 5, fill=BLUE)
    bar, gap, floor = s * 0.16, s * 0.07, s * 0.80
    left = (s - 3 * bar - 2 * gap) / 2
    for index, height in enumerate((0.26, 0.40, 0.56)):
        x = left + index * (bar + gap)
        pen.rounded_rectangle((x, floor - s * height, x + bar, floor), radius=s // 40, fill=WHITE)
    pen.rectangle((left - gap, floor + s * 0.03, s - left + gap, floor + s * 0.06), fill=GOLD)
    return image.resize((size, size), Image.Resampling.LANCZOS)


if __name__ == "__main__":
    icon = draw()
    icon.save(ICONS / "msoko.png")
    icon.save(ICONS / "msoko.ico", sizes=[(n, n) for n in (16, 24, 32, 48, 64, 128, 256)])
    print(ICONS / "msoko.ico")
