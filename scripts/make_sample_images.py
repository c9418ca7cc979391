#!/usr/bin/env python3
"""Generate the sample magazine's illustrations as small, real PNG files.

Standard library only (zlib + struct). Every image is an indexed-colour PNG
(colour type 3) with a small palette and large flat areas, so the files stay
small. Rerun from anywhere:

    python3 scripts/make_sample_images.py

Output goes to sample-site/static/images/ and to the page bundle of the long
essay in sample-site/content/personages/.
"""
import math
import os
import struct
import zlib

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "sample-site")
STATIC = os.path.join(ROOT, "static", "images")
BUNDLE = os.path.join(ROOT, "content", "personages", "jozef-mrowka-painter-of-heat")

# A muted magazine palette.
INK = (38, 40, 48)
CREAM = (240, 232, 214)
PAPER = (226, 216, 194)
OCHRE = (196, 150, 72)
RUST = (164, 82, 52)
EMBER = (214, 112, 58)
SLATE = (84, 98, 112)
SEA = (70, 112, 126)
SAGE = (138, 154, 120)
ROSE = (190, 140, 132)
PLUM = (92, 66, 84)
SMOKE = (150, 146, 140)


class Canvas:
    """An indexed-colour image: a palette plus one byte per pixel."""

    def __init__(self, width, height, background):
        self.w = width
        self.h = height
        self.palette = []
        self.px = bytearray([self.colour(background)]) * (width * height)

    def colour(self, rgb):
        rgb = tuple(int(round(c)) for c in rgb)
        if rgb in self.palette:
            return self.palette.index(rgb)
        if len(self.palette) >= 256:
            raise ValueError("palette full")
        self.palette.append(rgb)
        return len(self.palette) - 1

    def rect(self, x0, y0, x1, y1, rgb):
        c = self.colour(rgb)
        x0, x1 = max(0, int(x0)), min(self.w, int(x1))
        y0, y1 = max(0, int(y0)), min(self.h, int(y1))
        if x1 <= x0:
            return
        row = bytes([c]) * (x1 - x0)
        for y in range(y0, y1):
            i = y * self.w
            self.px[i + x0:i + x1] = row

    def vgradient(self, y0, y1, top, bottom, steps=16, x0=0, x1=None):
        """A vertical gradient in flat bands (compresses well, looks printed)."""
        x1 = self.w if x1 is None else x1
        span = max(1, y1 - y0)
        for s in range(steps):
            t = s / max(1, steps - 1)
            rgb = tuple(a + (b - a) * t for a, b in zip(top, bottom))
            self.rect(x0, y0 + span * s / steps, x1, y0 + span * (s + 1) / steps + 1, rgb)

    def circle(self, cx, cy, r, rgb):
        c = self.colour(rgb)
        for y in range(max(0, int(cy - r)), min(self.h, int(cy + r) + 1)):
            dy = y - cy
            if dy * dy > r * r:
                continue
            dx = math.sqrt(r * r - dy * dy)
            x0, x1 = max(0, int(cx - dx)), min(self.w, int(cx + dx) + 1)
            if x1 > x0:
                i = y * self.w
                self.px[i + x0:i + x1] = bytes([c]) * (x1 - x0)

    def rings(self, cx, cy, r, colours, width):
        """Concentric discs, outermost first: a sun or a furnace mouth."""
        for k, rgb in enumerate(colours):
            self.circle(cx, cy, r - k * width, rgb)

    def polygon(self, points, rgb):
        """Scanline fill of a simple polygon."""
        c = self.colour(rgb)
        ys = [p[1] for p in points]
        for y in range(max(0, int(min(ys))), min(self.h, int(max(ys)) + 1)):
            yc = y + 0.5
            xs = []
            n = len(points)
            for i in range(n):
                (xa, ya), (xb, yb) = points[i], points[(i + 1) % n]
                if (ya <= yc < yb) or (yb <= yc < ya):
                    xs.append(xa + (yc - ya) * (xb - xa) / (yb - ya))
            xs.sort()
            for a, b in zip(xs[0::2], xs[1::2]):
                x0, x1 = max(0, int(a)), min(self.w, int(b))
                if x1 > x0:
                    i = y * self.w
                    self.px[i + x0:i + x1] = bytes([c]) * (x1 - x0)

    def frame(self, x0, y0, x1, y1, rgb, t):
        self.rect(x0, y0, x1, y0 + t, rgb)
        self.rect(x0, y1 - t, x1, y1, rgb)
        self.rect(x0, y0, x0 + t, y1, rgb)
        self.rect(x1 - t, y0, x1, y1, rgb)

    def png(self):
        def chunk(kind, data):
            body = kind + data
            return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)

        raw = bytearray()
        for y in range(self.h):
            raw.append(0)  # filter: none
            raw += self.px[y * self.w:(y + 1) * self.w]
        ihdr = struct.pack(">IIBBBBB", self.w, self.h, 8, 3, 0, 0, 0)
        plte = b"".join(bytes(c) for c in self.palette)
        return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"PLTE", plte)
                + chunk(b"IDAT", zlib.compress(bytes(raw), 9)) + chunk(b"IEND", b""))

    def save(self, path):
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(self.png())
        print(f"{os.path.relpath(path, ROOT)}: {self.w}x{self.h}, {os.path.getsize(path):,} bytes")


def mix(a, b, t):
    return tuple(x + (y - x) * t for x, y in zip(a, b))


def cover_1():
    """Issue 1, 'Crossings': a ferry under a low moon on banded water."""
    c = Canvas(600, 800, CREAM)
    c.vgradient(0, 470, PAPER, ROSE, steps=12)
    c.circle(410, 250, 92, CREAM)
    c.circle(410, 250, 70, mix(CREAM, OCHRE, 0.35))
    c.vgradient(470, 800, SEA, INK, steps=10)
    for k, y in enumerate(range(500, 800, 38)):
        c.rect(40 + (k % 3) * 60, y, 560 - (k % 2) * 80, y + 4, mix(SEA, CREAM, 0.35))
    c.polygon([(110, 440), (390, 440), (360, 480), (140, 480)], INK)   # hull
    c.rect(170, 395, 330, 440, SLATE)                                  # cabin
    for x in range(185, 320, 30):
        c.rect(x, 408, x + 16, 422, OCHRE)                             # windows
    c.rect(300, 350, 318, 395, RUST)                                   # funnel
    c.rect(0, 0, 600, 96, INK)                                         # masthead band
    c.rect(40, 40, 300, 52, CREAM)
    c.rect(40, 62, 190, 68, OCHRE)
    return c


def cover_2():
    """Issue 2, 'Heat': a furnace mouth between dark columns."""
    c = Canvas(600, 800, INK)
    c.vgradient(96, 800, PLUM, INK, steps=14)
    c.rings(300, 470, 230, [RUST, EMBER, mix(EMBER, OCHRE, 0.5), OCHRE, mix(OCHRE, CREAM, 0.6)], 38)
    for x in (40, 150, 410, 520):
        c.rect(x, 150, x + 44, 800, SLATE)
        c.rect(x, 150, x + 44, 162, SMOKE)
    c.rect(0, 690, 600, 800, INK)
    for x in range(0, 600, 60):
        c.rect(x, 700, x + 40, 708, RUST)
    c.rect(0, 0, 600, 96, CREAM)
    c.rect(40, 40, 300, 52, INK)
    c.rect(40, 62, 190, 68, RUST)
    return c


def lead_coalitions():
    """Overlapping circles: partners that must share a middle."""
    c = Canvas(1200, 750, PAPER)
    c.rect(0, 600, 1200, 750, mix(PAPER, SMOKE, 0.4))
    c.circle(470, 360, 230, SAGE)
    c.circle(730, 360, 230, ROSE)
    # the lens where both overlap
    col = c.colour(mix(SAGE, ROSE, 0.5))
    for y in range(130, 591):
        for x in range(500, 701):
            if (x - 470) ** 2 + (y - 360) ** 2 <= 230 ** 2 and (x - 730) ** 2 + (y - 360) ** 2 <= 230 ** 2:
                c.px[y * c.w + x] = col
    c.circle(600, 360, 40, INK)
    c.rect(120, 660, 1080, 668, INK)
    return c


def lead_gallery():
    """Four framed canvases on a gallery wall, each holding a small fire."""
    c = Canvas(1200, 750, mix(PAPER, SMOKE, 0.25))
    c.rect(0, 620, 1200, 750, mix(SMOKE, INK, 0.4))
    specs = [(90, 170, 330, 470, RUST), (380, 120, 640, 520, EMBER),
             (690, 200, 870, 440, OCHRE), (920, 150, 1110, 500, PLUM)]
    for x0, y0, x1, y1, col in specs:
        c.rect(x0 + 10, y0 + 12, x1 + 10, y1 + 12, mix(SMOKE, INK, 0.3))  # shadow
        c.rect(x0, y0, x1, y1, INK)
        c.vgradient(y0 + 14, y1 - 14, col, INK, steps=8, x0=x0 + 14, x1=x1 - 14)
        c.circle((x0 + x1) / 2, (y0 + y1) / 2 + 30, (x1 - x0) / 5, mix(col, CREAM, 0.5))
    c.rect(0, 610, 1200, 620, INK)
    return c


def lead_steel_town():
    """A river town at dusk: chimneys, a closed mill, the water."""
    c = Canvas(1200, 750, PAPER)
    c.vgradient(0, 480, mix(ROSE, PAPER, 0.4), OCHRE, steps=16)
    c.circle(860, 400, 110, mix(OCHRE, CREAM, 0.55))
    for x, h in ((180, 300), (260, 360), (330, 250), (700, 330)):
        c.rect(x, 480 - h, x + 36, 480, SLATE)
    c.rect(120, 380, 620, 480, SLATE)
    c.polygon([(120, 380), (240, 320), (360, 380)], SLATE)
    c.polygon([(360, 380), (480, 320), (600, 380)], SLATE)
    for x in range(150, 600, 50):
        c.rect(x, 410, x + 24, 440, mix(SLATE, INK, 0.5))
    c.vgradient(480, 750, SEA, INK, steps=8)
    for y in range(510, 750, 44):
        c.rect(80, y, 1120, y + 3, mix(SEA, OCHRE, 0.4))
    return c


def lead_ferry():
    """Night ferry: lit portholes on a dark band, stars as dots."""
    c = Canvas(1200, 750, INK)
    c.vgradient(0, 430, mix(INK, PLUM, 0.6), INK, steps=10)
    for (x, y) in ((120, 80), (340, 140), (520, 60), (760, 110), (980, 70), (1110, 160), (640, 200), (220, 250)):
        c.circle(x, y, 3, CREAM)
    c.circle(930, 190, 48, mix(CREAM, OCHRE, 0.3))
    c.polygon([(150, 430), (1050, 430), (980, 540), (220, 540)], SLATE)
    c.rect(330, 330, 870, 430, mix(SLATE, SMOKE, 0.3))
    for x in range(360, 850, 56):
        c.circle(x + 14, 380, 13, OCHRE)
    c.rect(760, 250, 800, 330, RUST)
    c.vgradient(540, 750, mix(SEA, INK, 0.5), INK, steps=6)
    for y in range(560, 750, 36):
        c.rect(200, y, 1000, y + 3, mix(OCHRE, INK, 0.55))
    return c


def essay_lead():
    """The essay's lead art: an open-hearth door with a figure in silhouette."""
    c = Canvas(1200, 750, INK)
    c.vgradient(0, 750, mix(PLUM, INK, 0.3), INK, steps=12)
    c.rect(380, 140, 900, 600, mix(SLATE, INK, 0.4))
    c.vgradient(190, 560, mix(OCHRE, CREAM, 0.5), RUST, steps=14, x0=430, x1=850)
    c.rings(640, 420, 120, [EMBER, mix(EMBER, OCHRE, 0.5), OCHRE, mix(OCHRE, CREAM, 0.7)], 26)
    # a worker in silhouette, left, leaning on a long bar
    c.circle(250, 300, 34, INK)
    c.polygon([(205, 345), (300, 345), (320, 600), (190, 600)], INK)
    c.polygon([(290, 400), (300, 385), (470, 505), (460, 520)], INK)
    c.rect(0, 600, 1200, 750, mix(INK, RUST, 0.15))
    for x in range(0, 1200, 80):
        c.rect(x, 600, x + 50, 606, mix(RUST, INK, 0.3))
    return c


def essay_figure_1():
    """Figure 1: a small canvas on an easel in a kitchen, a window beyond."""
    c = Canvas(900, 600, PAPER)
    c.rect(0, 430, 900, 600, mix(OCHRE, SMOKE, 0.5))
    c.rect(560, 80, 800, 330, SLATE)
    c.rect(574, 94, 786, 316, mix(SEA, PAPER, 0.45))
    c.rect(674, 94, 686, 316, SLATE)
    c.rect(574, 200, 786, 210, SLATE)
    # easel legs
    c.polygon([(230, 120), (244, 120), (170, 520), (156, 520)], RUST)
    c.polygon([(300, 120), (314, 120), (390, 520), (376, 520)], RUST)
    c.polygon([(266, 120), (280, 120), (284, 540), (270, 540)], mix(RUST, INK, 0.3))
    # the canvas on it
    c.rect(150, 150, 400, 380, INK)
    c.vgradient(162, 368, EMBER, PLUM, steps=8, x0=162, x1=388)
    c.circle(275, 290, 46, OCHRE)
    c.rect(130, 380, 420, 392, RUST)
    # a table with a cup
    c.rect(470, 400, 880, 416, mix(RUST, INK, 0.2))
    c.rect(520, 360, 556, 400, CREAM)
    return c


def essay_figure_2():
    """Figure 2: six rows of small panels, the colours of the works' cycle."""
    c = Canvas(900, 600, CREAM)
    cols = [SLATE, PLUM, RUST, EMBER, OCHRE, SAGE, ROSE, SEA]
    k = 0
    for row in range(3):
        for col in range(5):
            x0 = 60 + col * 160
            y0 = 60 + row * 170
            c.rect(x0 + 6, y0 + 8, x0 + 136, y0 + 148, mix(CREAM, SMOKE, 0.6))
            c.rect(x0, y0, x0 + 130, y0 + 140, cols[k % len(cols)])
            c.rect(x0, y0 + 90 - (k * 13) % 60, x0 + 130, y0 + 140, mix(cols[k % len(cols)], INK, 0.35))
            c.circle(x0 + 65, y0 + 60, 12 + (k * 7) % 20, mix(cols[(k + 3) % len(cols)], CREAM, 0.4))
            k += 1
    return c


def main():
    cover_1().save(os.path.join(STATIC, "cover-1.png"))
    cover_2().save(os.path.join(STATIC, "cover-2.png"))
    lead_coalitions().save(os.path.join(STATIC, "lead-coalitions.png"))
    lead_gallery().save(os.path.join(STATIC, "lead-gallery.png"))
    lead_steel_town().save(os.path.join(STATIC, "lead-river-town.png"))
    lead_ferry().save(os.path.join(STATIC, "lead-night-ferry.png"))
    essay_lead().save(os.path.join(BUNDLE, "lead.png"))
    essay_figure_1().save(os.path.join(BUNDLE, "figure-1.png"))
    essay_figure_2().save(os.path.join(BUNDLE, "figure-2.png"))


if __name__ == "__main__":
    main()
