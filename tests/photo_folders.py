"""Realistic applicant folders as people really hand them in: one phone photo or scan a PAGE, named the
way the device named it, flat, in the order the pages were photographed.

    from tests.photo_folders import make_photo_folder
    manifest = make_photo_folder(tmp_path / "申报人", seed=7)                       # complete
    manifest = make_photo_folder(tmp_path / "x", seed=7, remove="training-public:2016")  # one defect

What makes them realistic (and hard):

- Names follow the device, not the content: camera ``IMG_20210928_193025.jpg`` / ``IMG_4821.JPG`` /
  ``IMG_20210928_0001.jpg``, WeChat ``微信图片_20210928193025.jpg`` (``…(1).jpg`` when two were saved in the
  same second), flatbed ``Scan_0001.jpg``, CamScanner ``扫描全能王 2021-09-28 10.15_3.jpg`` /
  ``CamScanner 09-28-2021 10.15_1.jpg`` (a 2021 in the name of a 2016 certificate!). A folder is 1–3
  capture sessions, sometimes on different devices. Pages of one document are consecutive and in
  order; documents come in random order.
- Every material of a complete application (notice 五, 附件1, 附件2), each with several wordings, layouts
  and page counts chosen by the seed; multi-page documents whose later pages carry no title (the 附件
  名单 of a 任职资格文件, pages 2–3 of a work summary, the back of an annual assessment form, the content
  pages of a 项目任务书); the traps real documents hold (a 承诺书 that talks about 专业技术职务任职资格, a
  work summary that mentions 年度考核 and 2014-2020年度公需科目, an audit opinion that mentions 公示, a
  paper's 文章编号 with (2019) in it, the red national emblem on the ID card, a red thumbprint).
- Capture: camera (skew ±3°, perspective, desk around the page, lighting gradient, shadow, blur, JPEG
  70–90, 1512×2016 and similar), WeChat (the camera photo re-compressed to 1080 px wide, JPEG 55–75),
  CamScanner (cropped, flattened, contrast-enhanced, sometimes black-and-white), flatbed scanner (clean,
  slightly rotated, an ID card lying in the corner of the A4 bed).

Text is drawn with WenQuanYi Micro Hei (tests.factories.FONT_FILE) at 28–40 px glyphs on a 1240 px
wide page, so it stays legible to OCR after capture. A folder takes a few seconds.

`remove=` drops one material: an item id (``commitment``), a part (``id-card:back``,
``education:degree``, ``title-proof:review-form`` when the title was obtained outside Xinjiang) or a
year (``training-public:2016``, ``annual-assessment:2019``, both photos of that form). The manifest
says, for every file, which item (part, year) it truly is, and which finding the removal should cause.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import random
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont

from tests.factories import FONT_FILE, profile_yaml

A4 = (1240, 1754)
A4_LANDSCAPE = (1754, 1240)
CARD = (856, 540)
INK = (30, 30, 32)
RED = (206, 32, 38)
BLUE_INK = (28, 40, 110)
PAPER = (249, 248, 243)

NOTICE_YEAR = 2021
PUBLIC_YEARS = tuple(range(2014, 2021))
ASSESSMENT_YEARS = (2018, 2019, 2020)

# --- fonts and drawing ----------------------------------------------------------------------------


@lru_cache(maxsize=128)
def font(size: int) -> ImageFont.ImageFont:
    try:
        return ImageFont.truetype(FONT_FILE, size)
    except OSError:
        return ImageFont.load_default(size)


@lru_cache(maxsize=8192)
def _char_width(ch: str, size: int) -> float:
    return font(size).getlength(ch)


def wrap(text: str, size: int, width: float, indent: float = 0.0) -> list[str]:
    """Split `text` into lines no wider than `width` px (the first line `indent` px narrower)."""
    lines, line, used, limit = [], "", 0.0, width - indent
    for ch in text:
        w = _char_width(ch, size)
        if used + w > limit and line:
            lines.append(line)
            line, used, limit = "", 0.0, width
        line += ch
        used += w
    if line or not lines:
        lines.append(line)
    return lines


class Sheet:
    """One piece of paper being drawn; `lines` keeps the text drawn on it (the manifest's truth)."""

    def __init__(self, size: tuple[int, int] = A4, paper: tuple[int, int, int] = PAPER, margin: float = 0.09):
        self.im = Image.new("RGB", size, paper)
        self.d = ImageDraw.Draw(self.im)
        self.w, self.h = size
        self.margin = int(self.w * margin)
        self.lines: list[str] = []

    def text(self, s: str, y: float, size: int = 30, align: str = "left", x: float | None = None,
             fill=INK, bold: bool = False, spacing: float = 0.0, right: float | None = None,
             record: bool = True) -> int:
        width = sum(_char_width(c, size) for c in s) + spacing * max(len(s) - 1, 0)
        if align == "center":
            x = (self.w - width) / 2 if x is None else x - width / 2
        elif align == "right":
            x = (right if right is not None else self.w - self.margin) - width
        elif x is None:
            x = self.margin
        f = font(size)
        if spacing:
            cx = x
            for c in s:
                self.d.text((cx, y), c, font=f, fill=fill, stroke_width=1 if bold else 0, stroke_fill=fill)
                cx += _char_width(c, size) + spacing
        else:
            self.d.text((x, y), s, font=f, fill=fill, stroke_width=1 if bold else 0, stroke_fill=fill)
        if record and s.strip():
            self.lines.append(s)
        return int(y + size * 1.55)

    def para(self, s: str, y: float, size: int = 30, indent: int = 2, x0: float | None = None,
             x1: float | None = None, line_h: float = 1.6, fill=INK) -> int:
        x0 = self.margin if x0 is None else x0
        x1 = self.w - self.margin if x1 is None else x1
        for i, line in enumerate(wrap(s, size, x1 - x0, indent * size)):
            self.text(line, y, size, x=x0 + (indent * size if i == 0 else 0), fill=fill)
            y += size * line_h
        return int(y)

    def hline(self, y: float, fill=INK, width: int = 2, x0: float | None = None, x1: float | None = None) -> None:
        self.d.line((self.margin if x0 is None else x0, y, self.w - self.margin if x1 is None else x1, y),
                    fill=fill, width=width)

    def table(self, y: float, rows: list[tuple[list[float], list[str], int]], size: int = 28,
              x0: float | None = None, x1: float | None = None, align_first: str = "center") -> int:
        """rows: (column fractions, cell texts, row height). Cells wrap; a cell's text starts top-left
        when the row is tall (a 个人总结 box), centred otherwise."""
        x0 = self.margin if x0 is None else x0
        x1 = self.w - self.margin if x1 is None else x1
        total = x1 - x0
        top = y
        for fractions, cells, height in rows:
            x = x0
            for frac, cell in zip(fractions, cells):
                w = total * frac
                self.d.rectangle((x, y, x + w, y + height), outline=INK, width=2)
                if cell:
                    lines = wrap(cell, size, w - size * 0.6)
                    block = len(lines) * size * 1.45
                    tall = height > size * 4
                    ty = y + size * 0.45 if tall else y + (height - block) / 2 + size * 0.1
                    for line in lines:
                        lw = sum(_char_width(c, size) for c in line)
                        tx = x + size * 0.3 if tall or lw > w - size * 0.6 else x + (w - lw) / 2
                        self.text(line, ty, size, x=tx)
                        ty += size * 1.45
                x += w
            y += height
        self.d.rectangle((x0, top, x1, y), outline=INK, width=3)
        return int(y)

    def border(self, color, inset: int = 30, width: int = 8, double: bool = True) -> None:
        self.d.rectangle((inset, inset, self.w - inset, self.h - inset), outline=color, width=width)
        if double:
            i2 = inset + width + 10
            self.d.rectangle((i2, i2, self.w - i2, self.h - i2), outline=color, width=2)

    # ink that lies on the paper (seal, signature, thumbprint): multiplied, so the print shows through
    def ink(self, mask: Image.Image, color, at: tuple[int, int]) -> None:
        layer = Image.new("RGB", mask.size, color)
        region = (at[0], at[1], at[0] + mask.size[0], at[1] + mask.size[1])
        base = self.im.crop(region)
        inked = ImageChops.multiply(base, layer)
        self.im.paste(Image.composite(inked, base, mask), region[:2])


def seal_mask(rng: random.Random, radius: int, text: str, bottom: str = "") -> Image.Image:
    """An official seal's ink as a mask: ring, star, the unit's name along the rim, uneven ink."""
    size = radius * 2 + 8
    m = Image.new("L", (size, size), 0)
    d = ImageDraw.Draw(m)
    c = size / 2
    d.ellipse((c - radius, c - radius, c + radius, c + radius), outline=255, width=max(6, radius // 13))
    star = []
    for k in range(10):
        r = radius * (0.3 if k % 2 == 0 else 0.12)
        a = -math.pi / 2 + k * math.pi / 5
        star.append((c + r * math.cos(a), c + r * math.sin(a)))
    d.polygon(star, fill=255)
    n = len(text)
    fs = max(14, int(radius * (0.34 if n <= 10 else 0.26 if n <= 16 else 0.21)))
    f = font(fs)
    span = math.radians(min(250, 40 + 14 * n))
    for i, ch in enumerate(text):
        a = -math.pi / 2 - span / 2 + span * (i + 0.5) / n
        glyph = Image.new("L", (fs + 8, fs + 8), 0)
        ImageDraw.Draw(glyph).text((4, 2), ch, font=f, fill=255)
        glyph = glyph.rotate(-math.degrees(a) - 90, resample=Image.BILINEAR, expand=True)
        r = radius * 0.74
        gx, gy = c + r * math.cos(a) - glyph.size[0] / 2, c + r * math.sin(a) - glyph.size[1] / 2
        m.paste(255, (int(gx), int(gy)), glyph)
    if bottom:
        bf = font(max(12, radius // 6))
        bw = sum(_char_width(ch, max(12, radius // 6)) for ch in bottom)
        d.text((c - bw / 2, c + radius * 0.42), bottom, font=bf, fill=255)
    # uneven ink: some areas pale, a few speckles missing
    grain = gray_noise(rng, (max(4, size // 6), max(4, size // 6)), 60).resize((size, size), Image.BICUBIC)
    grain = grain.point(lambda v: max(90, min(255, int(v * 1.5))))
    m = ImageChops.multiply(m, grain)
    m = m.rotate(rng.uniform(-25, 25), resample=Image.BILINEAR)
    return m.filter(ImageFilter.GaussianBlur(0.7))


def stamp(sheet: Sheet, rng: random.Random, center: tuple[float, float], text: str, radius: int | None = None,
          bottom: str = "") -> None:
    radius = radius or rng.randint(100, 128)
    m = seal_mask(rng, radius, text, bottom)
    color = (rng.randint(195, 225), rng.randint(20, 55), rng.randint(30, 60))
    sheet.ink(m, color, (int(center[0] - m.size[0] / 2), int(center[1] - m.size[1] / 2)))


def handwriting(sheet: Sheet, rng: random.Random, text: str, x: float, y: float, size: int = 44,
                color=None) -> int:
    """Handwriting-ish: each character tilted, scaled and sheared a little, uneven baseline, thick ink."""
    color = color or rng.choice([BLUE_INK, (20, 20, 22), (35, 35, 70)])
    for ch in text:
        s = int(size * rng.uniform(0.85, 1.15))
        glyph = Image.new("L", (s * 2, s * 2), 0)
        ImageDraw.Draw(glyph).text((s // 2, s // 3), ch, font=font(s), fill=255, stroke_width=1, stroke_fill=255)
        shear = rng.uniform(-0.25, 0.05)
        glyph = glyph.transform(glyph.size, Image.AFFINE, (1, shear, -shear * s, 0, 1, 0), resample=Image.BILINEAR)
        glyph = glyph.rotate(rng.uniform(-9, 9), resample=Image.BILINEAR)
        gy = int(y + rng.uniform(-0.12, 0.12) * size - s // 3)
        if 0 <= x and x + glyph.size[0] < sheet.w and 0 <= gy and gy + glyph.size[1] < sheet.h:
            sheet.ink(glyph, color, (int(x), gy))
        x += s * rng.uniform(0.78, 1.0)
    return int(x)


def thumbprint(sheet: Sheet, rng: random.Random, center: tuple[float, float]) -> None:
    """A red fingerprint (按手印) next to a signature: an oval of ridges, not a seal."""
    w, h = rng.randint(50, 64), rng.randint(66, 82)
    m = Image.new("L", (w + 10, h + 10), 0)
    d = ImageDraw.Draw(m)
    for k in range(0, w // 2, 4):
        d.ellipse((5 + k, 5 + k * h / w, 5 + w - k, 5 + h - k * h / w), outline=rng.randint(150, 230), width=2)
    m = m.rotate(rng.uniform(-30, 30), expand=True).filter(ImageFilter.GaussianBlur(1.0))
    sheet.ink(m, (200, 40, 50), (int(center[0] - m.size[0] / 2), int(center[1] - m.size[1] / 2)))


def portrait(size: tuple[int, int], rng: random.Random, bg=None) -> Image.Image:
    """Head and shoulders, no text: an ID photo (or the photo printed on a card or a diploma)."""
    w, h = size
    bg = bg or rng.choice([(67, 142, 219), (92, 160, 226), (243, 243, 240), (205, 35, 45)])
    im = Image.new("RGB", (w, h), bg)
    shade = Image.linear_gradient("L").resize((w, h)).point(lambda v: 255 - v // 7)
    im = ImageChops.multiply(im, Image.merge("RGB", (shade, shade, shade)))
    d = ImageDraw.Draw(im)
    skin = rng.choice([(236, 200, 170), (222, 184, 150), (205, 160, 125), (240, 210, 185)])
    hair = rng.choice([(25, 22, 20), (40, 30, 25), (60, 45, 35)])
    suit = rng.choice([(30, 32, 45), (25, 25, 28), (55, 60, 80), (235, 235, 235)])
    cx = w / 2 + rng.uniform(-0.03, 0.03) * w
    fw, top = rng.uniform(0.17, 0.22) * w, rng.uniform(0.15, 0.22) * h
    d.ellipse((cx - 0.6 * w, 0.74 * h, cx + 0.6 * w, 1.45 * h), fill=suit)
    d.rectangle((cx - 0.085 * w, 0.55 * h, cx + 0.085 * w, 0.8 * h), fill=tuple(int(c * 0.9) for c in skin))
    if suit[0] < 200:
        d.polygon([(cx - 0.13 * w, 0.76 * h), (cx + 0.13 * w, 0.76 * h), (cx, 0.97 * h)], fill=(245, 245, 245))
        if rng.random() < 0.5:
            d.polygon([(cx - 0.025 * w, 0.8 * h), (cx + 0.025 * w, 0.8 * h), (cx + 0.035 * w, 0.97 * h),
                       (cx - 0.035 * w, 0.97 * h)], fill=rng.choice([(150, 20, 30), (30, 50, 120)]))
    face = (cx - fw, top + 0.06 * h, cx + fw, top + 0.06 * h + fw * 2.5)
    d.ellipse((cx - fw - 0.03 * w, face[1] + fw * 0.9, cx - fw + 0.03 * w, face[1] + fw * 1.4), fill=skin)
    d.ellipse((cx + fw - 0.03 * w, face[1] + fw * 0.9, cx + fw + 0.03 * w, face[1] + fw * 1.4), fill=skin)
    d.ellipse(face, fill=skin)
    long_hair = rng.random() < 0.35
    d.chord((cx - fw * 1.08, top - 0.01 * h, cx + fw * 1.08, top + fw * 1.6), 180, 360, fill=hair)
    if long_hair:
        d.rectangle((cx - fw * 1.12, top + fw * 0.6, cx - fw * 0.85, top + fw * 3.2), fill=hair)
        d.rectangle((cx + fw * 0.85, top + fw * 0.6, cx + fw * 1.12, top + fw * 3.2), fill=hair)
    ey = face[1] + fw * 1.05
    for sx in (-1, 1):
        ex = cx + sx * fw * 0.42
        d.ellipse((ex - fw * 0.14, ey - fw * 0.07, ex + fw * 0.14, ey + fw * 0.07), fill=(250, 250, 250))
        d.ellipse((ex - fw * 0.07, ey - fw * 0.07, ex + fw * 0.07, ey + fw * 0.07), fill=(35, 28, 25))
        d.line((ex - fw * 0.2, ey - fw * 0.22, ex + fw * 0.2, ey - fw * 0.25), fill=hair, width=max(2, int(fw * 0.07)))
    d.line((cx, ey + fw * 0.1, cx - fw * 0.08, ey + fw * 0.55), fill=tuple(int(c * 0.82) for c in skin), width=2)
    d.arc((cx - fw * 0.3, ey + fw * 0.55, cx + fw * 0.3, ey + fw * 0.95), 20, 160, fill=(170, 90, 90), width=3)
    return im.filter(ImageFilter.GaussianBlur(rng.uniform(0.4, 0.9)))


# --- capture: camera, WeChat, CamScanner, flatbed scanner -----------------------------------------

DESKS = [(150, 108, 70), (196, 165, 125), (118, 118, 124), (222, 222, 216), (52, 52, 58), (44, 92, 66), (172, 140, 112)]


def gray_noise(rng: random.Random, size: tuple[int, int], sigma: float) -> Image.Image:
    """Gaussian noise around 128 as an "L" image, drawn from `rng` (PIL's effect_noise is not seeded)."""
    import numpy as np

    g = np.random.default_rng(rng.getrandbits(64))
    return Image.fromarray(np.clip(g.normal(128, sigma, (size[1], size[0])), 0, 255).astype(np.uint8), "L")


def _perspective_coeffs(dst: list[tuple[float, float]], src: list[tuple[float, float]]) -> list[float]:
    """Coefficients for Image.transform(PERSPECTIVE): output point (dst) → input point (src)."""
    import numpy as np

    a, b = [], []
    for (x, y), (u, v) in zip(dst, src):
        a.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        b.append(u)
        a.append([0, 0, 0, x, y, 1, -v * x, -v * y])
        b.append(v)
    return [float(v) for v in np.linalg.solve(np.array(a, float), np.array(b, float))]


def _light(size: tuple[int, int], rng: random.Random, low: float, high: float, shadow: bool,
           tint: tuple[int, int, int]) -> Image.Image:
    """The light falling on the frame, as an RGB multiplier: brighter towards one side, a soft shadow
    (the phone or a hand) over one edge, a colour cast. Drawn small, scaled up once."""
    w, h = size
    sw, sh = max(8, w // 16), max(8, h // 16)
    import numpy as np

    angle = rng.uniform(0, 2 * math.pi)
    yy, xx = np.mgrid[0:sh, 0:sw]
    t = ((xx / sw - 0.5) * math.cos(angle) + (yy / sh - 0.5) * math.sin(angle)) / 1.42 + 0.5
    field = Image.fromarray((255 * (low + (high - low) * t)).astype(np.uint8), "L")
    if shadow:
        m = Image.new("L", (sw, sh), 255)
        d = ImageDraw.Draw(m)
        side, depth, dark = rng.choice("lrtb"), rng.uniform(0.12, 0.35), rng.randint(150, 205)
        if side == "l":
            d.polygon([(0, 0), (sw * depth, 0), (sw * depth * rng.uniform(0.3, 1.2), sh), (0, sh)], fill=dark)
        elif side == "r":
            d.polygon([(sw, 0), (sw * (1 - depth), 0), (sw * (1 - depth * rng.uniform(0.3, 1.2)), sh), (sw, sh)], fill=dark)
        elif side == "t":
            d.polygon([(0, 0), (sw, 0), (sw, sh * depth * rng.uniform(0.3, 1.0)), (0, sh * depth)], fill=dark)
        else:
            d.polygon([(0, sh), (sw, sh), (sw, sh * (1 - depth)), (0, sh * (1 - depth * 0.5))], fill=dark)
        field = ImageChops.multiply(field, m.filter(ImageFilter.GaussianBlur(max(1.5, sw / 30))))
    bands = [field.point(lambda v, t=t: v * t // 255) for t in tint]
    return Image.merge("RGB", bands).resize(size, Image.BILINEAR)


def _noise(im: Image.Image, rng: random.Random, sigma: float) -> Image.Image:
    w, h = im.size
    n = gray_noise(rng, (max(1, w // 2), max(1, h // 2)), sigma).resize((w, h), Image.BILINEAR)
    return ImageChops.add(im, Image.merge("RGB", (n, n, n)), 1.0, -128)


@dataclass
class Shot:
    image: Image.Image
    quality: int
    dpi: int


def _place(page: Image.Image, frame: tuple[int, int], rng: random.Random, fill: float, tilt: float,
           jitter: float, background: tuple[int, int, int]) -> Image.Image:
    """The page lying in the frame: scaled to `fill` of the frame, rotated, corners pushed about (a
    perspective), on a plain background. One resampling, straight to the frame's size."""
    fw, fh = frame
    pw, ph = page.size
    scale = min(fw * fill / pw, fh * fill / ph)
    cx = fw / 2 + rng.uniform(-0.04, 0.04) * fw
    cy = fh / 2 + rng.uniform(-0.04, 0.04) * fh
    theta = math.radians(tilt)
    corners = []
    for sx, sy in ((-1, -1), (1, -1), (1, 1), (-1, 1)):
        x, y = sx * pw * scale / 2, sy * ph * scale / 2
        xr = x * math.cos(theta) - y * math.sin(theta)
        yr = x * math.sin(theta) + y * math.cos(theta)
        corners.append((cx + xr + rng.uniform(-jitter, jitter) * fw, cy + yr + rng.uniform(-jitter, jitter) * fh))
    coeffs = _perspective_coeffs(corners, [(0, 0), (pw, 0), (pw, ph), (0, ph)])
    if scale < 0.8:  # a big page into a small frame: shrink first, or bilinear sampling aliases the strokes
        page = page.resize((round(pw * scale * 1.1), round(ph * scale * 1.1)), Image.BILINEAR)
        k = pw / page.size[0]
        coeffs = _perspective_coeffs(corners, [(0, 0), (pw / k, 0), (pw / k, ph / k), (0, ph / k)])
    return page.transform(frame, Image.PERSPECTIVE, coeffs, resample=Image.BILINEAR, fillcolor=background)


def capture(page: Image.Image, device: str, rng: random.Random, *, card: bool = False, color_needed: bool = True) -> Shot:
    """What a device makes of a piece of paper (see the module docstring)."""
    pw, ph = page.size
    landscape = pw > ph
    if device in ("camera", "wechat"):
        if card:
            frame = (1440, 1080) if rng.random() < 0.7 else (1080, 1440)
            fill = rng.uniform(0.55, 0.85)
        else:
            frame = rng.choice([(1512, 2016), (1536, 2048), (1500, 2000), (1728, 2304)])
            fill = rng.uniform(0.8, 0.97)
            if landscape:
                frame = (frame[1], frame[0])
        if device == "wechat":  # WeChat sends the photo re-compressed, 1080 px on its short side
            k = 1080 / min(frame)
            frame = (round(frame[0] * k), round(frame[1] * k))
        im = _place(page, frame, rng, fill, rng.uniform(-3, 3), rng.uniform(0.0, 0.018), rng.choice(DESKS))
        tint = rng.choice([(255, 246, 228), (255, 255, 255), (240, 246, 255), (255, 250, 240)])
        im = ImageChops.multiply(im, _light(frame, rng, rng.uniform(0.68, 0.85), rng.uniform(0.95, 1.0),
                                            rng.random() < 0.45, tint))
        im = im.filter(ImageFilter.BoxBlur(rng.uniform(0.4, 1.0) * (0.8 if device == "wechat" else 1.0)))
        im = _noise(im, rng, rng.uniform(4, 9))
        return Shot(im, rng.randint(55, 75) if device == "wechat" else rng.randint(72, 90), 72)
    if device == "camscanner":  # found the page's corners, flattened it, “增强”: paper white, ink dark
        frame = (pw, ph)
        im = _place(page, frame, rng, rng.uniform(0.97, 1.02), rng.uniform(-1, 1), 0.004, (205, 205, 200))
        im = ImageChops.multiply(im, _light(frame, rng, rng.uniform(0.9, 0.96), 1.0, False, (255, 255, 255)))
        lo, hi = rng.randint(40, 70), rng.randint(205, 230)
        curve = [max(0, min(255, (v - lo) * 255 // (hi - lo))) for v in range(256)]
        if not color_needed and rng.random() < 0.35:
            im = im.convert("L").point(curve).convert("RGB")  # “黑白”
        else:
            im = im.point(curve * 3)
        if rng.random() < 0.5:
            im = im.filter(ImageFilter.SHARPEN)
        if rng.random() < 0.5:  # exported smaller: the short side 1080, 1240 or 1654 px
            k = rng.choice([1080, 1240, 1654]) / min(im.size)
            im = im.resize((round(im.size[0] * k), round(im.size[1] * k)), Image.BILINEAR)
        return Shot(im, rng.randint(70, 88), 72)
    # flatbed scanner: the whole bed (an ID card lies in its corner), clean and straight
    if card:
        bed = Image.new("RGB", A4, (252, 252, 250))
        x, y = rng.randint(40, 120), rng.randint(40, 120)
        bed.paste(page.rotate(rng.uniform(-1.5, 1.5), expand=True, fillcolor=(252, 252, 250)), (x, y))
        page = bed
    im = page.rotate(rng.uniform(-0.7, 0.7), resample=Image.BILINEAR, fillcolor=(252, 252, 250))
    im = _noise(im, rng, 3).filter(ImageFilter.BoxBlur(rng.uniform(0.3, 0.5)))
    dpi = 150
    if rng.random() < 0.35:
        dpi = 200
        im = im.resize((round(im.size[0] * 4 / 3), round(im.size[1] * 4 / 3)), Image.BICUBIC)
    if not color_needed and rng.random() < 0.3:
        im = im.convert("L").convert("RGB")
    return Shot(im, rng.randint(80, 92), dpi)


# --- who applies -----------------------------------------------------------------------------------

SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶贺顾毛郝龚邵万钱严武戴孔汤"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚华建国志红文斌玉海燕鹏飞晓东雪梅新疆天山博涛宇航佳琪欣怡子涵浩然俊杰立新卫东振华春燕红梅丽娟"
MINORITY = [("艾尔肯·吐尔逊", "维吾尔", "男"), ("古丽娜尔·艾买提", "维吾尔", "女"), ("热依拉·阿不都", "维吾尔", "女"),
            ("买买提·吐尔逊", "维吾尔", "男"), ("努尔兰·哈山", "哈萨克", "男"), ("阿依古丽", "维吾尔", "女")]
REGIONS = {  # address code → (address, issuing authority)
    "650102": ("新疆乌鲁木齐市天山区", "乌鲁木齐市公安局天山分局"),
    "650103": ("新疆乌鲁木齐市沙依巴克区", "乌鲁木齐市公安局沙依巴克分局"),
    "650104": ("新疆乌鲁木齐市新市区", "乌鲁木齐市公安局新市分局"),
    "650105": ("新疆乌鲁木齐市水磨沟区", "乌鲁木齐市公安局水磨沟分局"),
    "652301": ("新疆昌吉市", "昌吉市公安局"),
    "653101": ("新疆喀什市", "喀什市公安局"),
    "654002": ("新疆伊宁市", "伊宁市公安局"),
    "652801": ("新疆库尔勒市", "库尔勒市公安局"),
    "659001": ("新疆石河子市", "石河子市公安局"),
    "410102": ("河南省郑州市中原区", "郑州市公安局中原分局"),
    "620102": ("甘肃省兰州市城关区", "兰州市公安局城关分局"),
    "370102": ("山东省济南市历下区", "济南市公安局历下分局"),
}
ROADS = ["友好北路", "北京南路", "新华北路", "克拉玛依西路", "西北路", "南湖路", "长江路", "黄河路", "解放南路", "光明路"]
UNITS = [  # (work unit, supervising authority, series it suits)
    ("新疆农业科学院农业质量标准与检测技术研究所", "新疆农业科学院", "自然科学研究"),
    ("新疆畜牧科学院兽医研究所", "新疆畜牧科学院", "自然科学研究"),
    ("新疆林业科学院", "新疆维吾尔自治区林业和草原局", "自然科学研究"),
    ("新疆维吾尔自治区分析测试研究院", "新疆维吾尔自治区科学技术厅", "自然科学研究"),
    ("新疆维吾尔自治区环境保护科学研究院", "新疆维吾尔自治区生态环境厅", "自然科学研究"),
    ("新疆水利水电科学研究院", "新疆维吾尔自治区水利厅", "自然科学研究"),
    ("新疆维吾尔自治区药物研究所", "新疆维吾尔自治区卫生健康委员会", "自然科学研究"),
    ("新疆大学", "新疆维吾尔自治区教育厅", "实验技术"),
    ("新疆农业大学", "新疆维吾尔自治区教育厅", "实验技术"),
    ("新疆医科大学", "新疆维吾尔自治区教育厅", "实验技术"),
    ("新疆维吾尔自治区产品质量监督检验研究院", "新疆维吾尔自治区市场监督管理局", "实验技术"),
    ("新疆维吾尔自治区疾病预防控制中心", "新疆维吾尔自治区卫生健康委员会", "实验技术"),
]
LADDER = {"自然科学研究": ["研究实习员", "助理研究员", "副研究员", "研究员"],
          "实验技术": ["助理实验师", "实验师", "高级实验师", "正高级实验师"]}
LEVELS = ["初级", "中级", "副高级", "正高级"]
UNIVERSITIES = ["新疆大学", "新疆农业大学", "兰州大学", "西北农林科技大学", "中国农业大学", "石河子大学", "新疆师范大学", "陕西师范大学"]
MAJORS = [("生态学", "理学"), ("分析化学", "理学"), ("农业资源与环境", "农学"), ("微生物学", "理学"),
          ("自然地理学", "理学"), ("植物保护", "农学"), ("环境科学", "理学"), ("预防兽医学", "农学")]
WEEKDAYS_CN = "〇一二三四五六七八九"


def cn_date(d: dt.date, month_only: bool = False) -> str:
    """二〇一九年五月（十二日）."""
    y = "".join(WEEKDAYS_CN[int(c)] for c in str(d.year))

    def num(n: int) -> str:
        if n < 10:
            return WEEKDAYS_CN[n]
        return ("十" if n < 20 else WEEKDAYS_CN[n // 10] + "十") + (WEEKDAYS_CN[n % 10] if n % 10 else "")
    return f"{y}年{num(d.month)}月" + ("" if month_only else f"{num(d.day)}日")


def id_check_digit(first17: str) -> str:
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    return "10X98765432"[sum(int(c) * w for c, w in zip(first17, weights)) % 11]


def make_id(rng: random.Random, region: str, birth: dt.date, sex: str) -> str:
    seq = rng.randint(1, 499) * 2 + (1 if sex == "男" else 0)
    first17 = f"{region}{birth:%Y%m%d}{seq:03d}"
    return first17 + id_check_digit(first17)


@dataclass
class Person:
    name: str
    sex: str
    ethnic: str
    birth: dt.date
    id_number: str
    region: str
    address: str
    politics: str
    series: str
    title: str
    level: str
    current: str
    since: tuple[int, int]
    region_obtained: str
    education: str
    degree: str
    graduated: tuple[int, int]
    university: str
    major: str
    discipline: str
    unit: str
    authority: str

    def profile(self) -> dict:
        return {"姓名": self.name, "身份证号": self.id_number, "系列": self.series, "申报职称": self.title,
                "现任职称": self.current, "现任职称取得时间": f"{self.since[0]}-{self.since[1]:02d}",
                "现任职称取得地": self.region_obtained, "学历": self.education, "学位": self.degree,
                "毕业时间": f"{self.graduated[0]}-{self.graduated[1]:02d}", "机关调动": "否", "单位类型": "区内单位",
                "援疆": "否", "高技能人才": "否", "访惠聚": "否", "工作单位": self.unit}


def make_person(rng: random.Random, overrides: dict) -> Person:
    if rng.random() < 0.12:
        name, ethnic, sex = rng.choice(MINORITY)
    else:
        name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))
        ethnic, sex = rng.choice(["汉"] * 8 + ["回", "维吾尔"]), rng.choice("男女")
    unit, _authority, series = rng.choice(UNITS)
    rank = rng.choice([2, 2, 2, 3, 1])  # index of the title applied for in LADDER
    birth = dt.date(rng.randint(1976, 1989), rng.randint(1, 12), rng.randint(1, 28))
    region = rng.choice(list(REGIONS)[:9] * 3 + list(REGIONS)[9:])
    education, degree = rng.choice([("硕士研究生", "硕士"), ("硕士研究生", "硕士"), ("博士研究生", "博士"), ("大学本科", "学士")])
    grad_year = birth.year + {"博士": 29, "硕士": 26, "学士": 23}[degree] + rng.randint(0, 2)
    grad_year = min(grad_year, 2012)
    since = (rng.randint(max(grad_year + 2, 2013), 2016), rng.choice([1, 6, 7, 9, 12]))
    p = {"姓名": name, "身份证号": make_id(rng, region, birth, sex), "系列": series, "申报职称": LADDER[series][rank],
         "现任职称": LADDER[series][rank - 1], "现任职称取得时间": f"{since[0]}-{since[1]:02d}", "现任职称取得地": "新疆",
         "学历": education, "学位": degree, "毕业时间": f"{grad_year}-07", "工作单位": unit}
    p.update({k: v for k, v in overrides.items() if v is not None})
    if p["系列"] != series and "申报职称" not in overrides:  # a series override keeps the level
        p["申报职称"] = LADDER[p["系列"]][rank]
        p["现任职称"] = LADDER[p["系列"]][rank - 1]
    idn = p["身份证号"]
    try:
        birth = dt.date(int(idn[6:10]), int(idn[10:12]), int(idn[12:14]))
        sex = "男" if int(idn[16]) % 2 else "女"
    except (ValueError, IndexError):
        pass
    region = idn[:6] if idn[:6] in REGIONS else "650102"
    series = p["系列"]
    title = p["申报职称"]
    level = LEVELS[LADDER[series].index(title)] if title in LADDER.get(series, []) else "副高级"
    y, m = (int(x) for x in str(p["现任职称取得时间"]).split("-")[:2])
    gy, gm = (int(x) for x in str(p["毕业时间"]).split("-")[:2])
    major, discipline = rng.choice(MAJORS)
    address = f"{REGIONS[region][0]}{rng.choice(ROADS)}{rng.randint(1, 480)}号{rng.randint(1, 30)}栋{rng.randint(1, 6)}单元{rng.randint(1, 24)}0{rng.randint(1, 4)}室"
    return Person(name=p["姓名"], sex=sex, ethnic=ethnic, birth=birth, id_number=idn, region=region, address=address,
                  politics=rng.choice(["中共党员", "中共党员", "群众", "九三学社社员"]), series=series, title=title, level=level,
                  current=p["现任职称"], since=(y, m), region_obtained=p["现任职称取得地"], education=p["学历"],
                  degree=p["学位"], graduated=(gy, gm), university=rng.choice(UNIVERSITIES), major=major,
                  discipline=discipline, unit=p["工作单位"],
                  authority=next((a for u, a, _ in UNITS if u == p["工作单位"]), "新疆维吾尔自治区科学技术厅"))


# --- the calendar of the application ----------------------------------------------------------------

def _workday(d: dt.date) -> bool:
    try:
        import chinese_calendar

        return chinese_calendar.is_workday(d)
    except Exception:  # noqa: BLE001 - the calendar is a zccheck dependency; weekdays as a fallback
        return d.weekday() < 5


def _add_workdays(start: dt.date, n: int) -> dt.date:
    """The last day of a period of n working days starting at `start` (a working day)."""
    d, count = start, 1
    while count < n:
        d += dt.timedelta(days=1)
        count += _workday(d)
    return d


def _next_workday(d: dt.date, at_least: int = 1) -> dt.date:
    d += dt.timedelta(days=at_least)
    while not _workday(d):
        d += dt.timedelta(days=1)
    return d


@dataclass
class Dates:
    commitment: dt.date
    publicity_start: dt.date
    publicity_end: dt.date
    audit: dt.date
    authority: dt.date
    capture: dt.date


def make_dates(rng: random.Random) -> Dates:
    """公示 of ≥ 5 working days in September 2021 (across the 中秋 holiday 9/19–21 when it falls there,
    counted with the official calendar), then the audit opinion, the authority's recommendation and
    the photographing, all inside the submission window (2021-09-06 … 10-10)."""
    while True:
        start = dt.date(2021, 9, rng.randint(7, 24))
        while not _workday(start):
            start += dt.timedelta(days=1)
        end = _add_workdays(start, rng.choice([5, 5, 5, 6, 7]))
        audit = _next_workday(end, rng.choice([0, 1, 1, 2]))
        authority = _next_workday(audit, rng.randint(1, 4))
        if authority <= dt.date(2021, 10, 9):
            break
    capture = min(authority + dt.timedelta(days=rng.randint(0, 2)), dt.date(2021, 10, 10))
    commitment = dt.date(2021, 9, rng.randint(6, min(start.day + 1, 25)))
    return Dates(commitment, start, end, audit, authority, capture)


# --- documents ---------------------------------------------------------------------------------------

@dataclass
class Doc:
    key: str  # unique within a folder, e.g. "training-public:2016", "achievements:patent"
    item: str
    kind: str
    sheets: list[Sheet]
    part: str | None = None
    year: int | None = None
    keys: tuple[str, ...] = ()  # what `remove=` may name to drop it
    card: bool = False  # an ID card lying on the desk / scanner bed
    color_needed: bool = True  # its seal is checked: never captured in black and white
    digital: bool = False  # the 免冠照片: a file, not paper


@dataclass
class Ctx:
    rng: random.Random
    p: Person
    dates: Dates

    def pick(self, options):
        return self.rng.choice(options)


def _signature_block(s: Sheet, c: Ctx, y: int, label: str, size: int = 32, date: dt.date | None = None,
                     hand_date: bool = False) -> int:
    x = s.w * c.rng.uniform(0.45, 0.55)
    s.text(label, y, size, x=x)
    lw = sum(_char_width(ch, size) for ch in label)
    handwriting(s, c.rng, c.p.name, x + lw + 10, y - 6, size=int(size * 1.45))
    y += int(size * 2.4)
    if date:
        if hand_date:
            handwriting(s, c.rng, f"{date.year}.{date.month}.{date.day}", x + lw * 0.3, y - 4, size=int(size * 1.2))
            s.lines.append(f"{date.year}.{date.month}.{date.day}")
        else:
            s.text(f"{date.year}年{date.month}月{date.day}日", y, size, x=x + lw * 0.3)
        y += int(size * 2)
    return y


def doc_commitment(c: Ctx) -> list[Doc]:
    p, rng = c.p, c.rng
    s = Sheet()
    title = c.pick(["承诺书", "诚信承诺书", "专业技术职务任职资格申报诚信承诺书", "个人承诺书", "职称申报承诺书"])
    y = s.text(title, 150, 48 if len(title) < 10 else 42, align="center", bold=True, spacing=8 if len(title) <= 5 else 0) + 40
    variant = rng.randrange(3)
    if variant == 0:
        body = [f"本人{p.name}，身份证号：{p.id_number}，现申报{p.series}系列{p.title}专业技术职务任职资格，郑重承诺如下：",
                "一、本人所提交的学历、资历、业绩成果、论文论著等全部申报材料真实、准确、完整，不存在弄虚作假行为。",
                "二、本人遵守职称评审工作的有关纪律和规定，不以任何方式干扰评审工作。",
                "三、如有不实，本人自愿承担相应责任，接受取消申报资格、撤销已取得的专业技术职务任职资格等处理。"]
    elif variant == 1:
        body = [f"本人自愿参加{NOTICE_YEAR}年度自治区{p.series}系列专业技术职务任职资格评审，现郑重承诺：",
                "本人提交的所有申报材料均真实有效，所填写的个人信息准确无误，所附业绩成果均为本人取得。",
                "如有弄虚作假，本人愿意承担由此产生的一切后果，并接受相关部门的处理。"]
    else:
        s.table(y, [([0.22, 0.3, 0.2, 0.28], ["姓名", p.name, "申报资格", p.title], 70),
                    ([0.22, 0.78], ["工作单位", p.unit], 70)], size=30)
        y += 180
        body = ["本人承诺：所提交的申报材料及个人信息真实、准确，无任何虚假成分，所有论文、奖励、项目等业绩材料均为本人真实取得。",
                "如有虚假，本人自愿放弃本次专业技术职务任职资格评审资格，并承担一切责任。"]
    for para in body:
        y = s.para(para, y, 32) + 14
    y += 60
    y = _signature_block(s, c, y, c.pick(["承诺人（签字）：", "承诺人：", "本人签字："]), date=c.dates.commitment,
                         hand_date=rng.random() < 0.4)
    if rng.random() < 0.3:
        thumbprint(s, rng, (s.w * 0.82, y - 150))
    return [Doc("commitment", "commitment", "commitment", [s], keys=("commitment",), color_needed=False)]


def doc_photo(c: Ctx) -> list[Doc]:
    size = c.pick([(295, 413), (358, 441), (390, 567), (413, 579), (480, 640)])
    s = Sheet(size)
    s.im = portrait(size, c.rng)
    return [Doc("photo", "photo", "id-photo", [s], keys=("photo",), digital=True)]


def _id_front(c: Ctx) -> Sheet:
    p, rng = c.p, c.rng
    s = Sheet(CARD, paper=(232, 238, 236))
    for k in range(0, CARD[1], 9):  # the faint wavy security print
        s.d.arc((-200, k - 300, CARD[0] + 200, k + 300), 200, 340, fill=(214, 226, 230), width=1)
    label = (70, 110, 150)
    s.text("姓名", 52, 24, x=50, fill=label)
    s.text(p.name, 46, 32, x=140)
    s.text("性别", 112, 24, x=50, fill=label)
    s.text(p.sex, 108, 30, x=140)
    s.text("民族", 112, 24, x=240, fill=label)
    s.text(p.ethnic, 108, 30, x=320)
    s.text("出生", 172, 24, x=50, fill=label)
    s.text(f"{p.birth.year}  年  {p.birth.month}  月  {p.birth.day}  日", 168, 30, x=140)
    s.text("住址", 232, 24, x=50, fill=label)
    y = 228
    for line in wrap(p.address, 28, 400):
        s.text(line, y, 28, x=140)
        y += 40
    s.text("公民身份号码", 440, 24, x=50, fill=label)
    s.text(p.id_number, 434, 34, x=240, spacing=2)
    s.im.paste(portrait((230, 290), rng, bg=(236, 240, 240)), (590, 70))
    return s


def _id_back(c: Ctx) -> Sheet:
    p, rng = c.p, c.rng
    s = Sheet(CARD, paper=(234, 238, 232))
    for k in range(0, CARD[1], 9):
        s.d.arc((-200, k - 300, CARD[0] + 200, k + 300), 20, 160, fill=(216, 228, 226), width=1)
    cx, cy, r = 120, 120, 72  # the national emblem: red with gold
    s.d.ellipse((cx - r, cy - r, cx + r, cy + r), fill=(200, 40, 40), outline=(220, 180, 60), width=6)
    for dx, dy, rr in [(0, -22, 20), (-30, -40, 8), (30, -40, 8), (-40, -15, 8), (40, -15, 8)]:
        pts = [(cx + dx + rr * math.cos(-math.pi / 2 + i * math.pi / 5) * (1 if i % 2 == 0 else 0.4),
                cy + dy + rr * math.sin(-math.pi / 2 + i * math.pi / 5) * (1 if i % 2 == 0 else 0.4)) for i in range(10)]
        s.d.polygon(pts, fill=(235, 195, 70))
    s.d.rectangle((cx - 30, cy + 10, cx + 30, cy + 40), fill=(235, 195, 70))
    s.text("中华人民共和国", 80, 44, x=260, bold=True, spacing=6)
    s.text("居民身份证", 170, 66, x=230, bold=True, spacing=14)
    issued = dt.date(rng.randint(max(p.birth.year + 18, 2008), 2019), rng.randint(1, 12), rng.randint(1, 28))
    age = issued.year - p.birth.year
    until = "长期" if age >= 46 else f"{issued.year + (10 if age < 26 else 20)}.{issued.month:02d}.{issued.day:02d}"
    s.text("签发机关", 382, 24, x=150, fill=(70, 110, 150))
    s.text(REGIONS[p.region][1], 376, 30, x=280)
    s.text("有效期限", 442, 24, x=150, fill=(70, 110, 150))
    s.text(f"{issued:%Y.%m.%d}-{until}", 436, 30, x=280)
    return s


def doc_id_card(c: Ctx, separate: bool) -> list[Doc]:
    front, back = _id_front(c), _id_back(c)
    if c.rng.random() < 0.6 or separate:
        return [Doc("id-card:front", "id-card", "id-card-front", [front], part="front", keys=("id-card", "id-card:front"),
                    card=True, color_needed=False),
                Doc("id-card:back", "id-card", "id-card-back", [back], part="back", keys=("id-card", "id-card:back"),
                    card=True, color_needed=False)]
    s = Sheet()  # 身份证复印件: both sides on one A4 copy
    y = 120
    if c.rng.random() < 0.6:
        y = s.text(c.pick(["身份证复印件", "居民身份证复印件", "身份证正反面"]), 110, 40, align="center", bold=True) + 30
    for side in (front, back):
        x = int((s.w - CARD[0]) / 2)
        s.im.paste(side.im.convert("L").convert("RGB") if c.rng.random() < 0.5 else side.im, (x, y))
        s.d.rectangle((x, y, x + CARD[0], y + CARD[1]), outline=(120, 120, 120), width=2)
        s.lines.extend(side.lines)
        y += CARD[1] + 70
    if c.rng.random() < 0.5:
        handwriting(s, c.rng, "此复印件与原件一致", s.w * 0.3, min(y, s.h - 150), size=40)
        s.lines.append("此复印件与原件一致")
    return [Doc("id-card", "id-card", "id-card-copy", [s], part="front+back", keys=("id-card", "id-card:front", "id-card:back"),
                color_needed=False)]


def _certificate_sheet(c: Ctx, color) -> Sheet:
    s = Sheet(A4_LANDSCAPE, paper=c.pick([(250, 247, 236), (247, 245, 240), (252, 250, 244)]))
    s.border(color, inset=c.rng.randint(24, 40), width=c.rng.randint(8, 16))
    return s


def doc_education(c: Ctx) -> list[Doc]:
    p, rng = c.p, c.rng
    gy, gm = p.graduated
    start = gy - {"博士": 3, "硕士": 3, "学士": 4}[p.degree]
    level = {"博士": "博士研究生", "硕士": "硕士研究生", "学士": "本科"}[p.degree]
    docs = []
    s = _certificate_sheet(c, (150, 30, 30))
    s.text("毕业证书", 120, 76, align="center", bold=True, spacing=30, fill=(160, 30, 30))
    s.im.paste(portrait((240, 320), rng, bg=(240, 240, 240)), (170, 320))
    x0 = 480
    y = 330
    if p.degree == "学士":
        body = (f"学生{p.name}，性别{p.sex}，{p.birth.year}年{p.birth.month}月{p.birth.day}日生，于{start}年9月至{gy}年{gm}月"
                f"在本校{p.major}专业四年制本科学习，修完教学计划规定的全部课程，成绩合格，准予毕业。")
    else:
        body = (f"研究生{p.name}，性别{p.sex}，{p.birth.year}年{p.birth.month}月生，于{start}年9月至{gy}年{gm}月在{p.major}"
                f"专业学习，学制三年，修完{level}培养计划规定的全部课程，成绩合格，毕业论文答辩通过，准予毕业。")
    y = s.para(body, y, 36, x0=x0, x1=s.w - 170)
    s.text(f"校（院）长：{c.pick(['李建国', '王立新', '张卫东', '刘振华'])}", y + 50, 32, x=x0)
    s.text(p.university, y + 120, 36, x=s.w - 620)
    s.text(f"{gy}年{gm}月{rng.randint(1, 28)}日", y + 180, 32, x=s.w - 600)
    s.text(f"证书编号：{rng.randint(10000, 19999)}{gy}0{rng.randint(10000000, 99999999)}", s.h - 170, 28, x=170)
    stamp(s, rng, (s.w - 480, y + 170), p.university, radius=110)
    docs.append(Doc("education:diploma", "education", "diploma", [s], part="diploma", keys=("education", "education:diploma"),
                    color_needed=False))
    if p.degree not in ("", "无"):
        s = _certificate_sheet(c, (40, 60, 120))
        s.text(f"{p.degree}学位证书", 120, 70, align="center", bold=True, spacing=16, fill=(40, 50, 110))
        s.im.paste(portrait((240, 320), rng, bg=(240, 240, 240)), (170, 320))
        body = (f"{p.name}，{p.sex}，{p.birth.year}年{p.birth.month}月生。在{p.university}{p.major}"
                f"{'专业完成了本科学习计划' if p.degree == '学士' else '学科完成了' + level + '学业'}，"
                f"{'业已毕业' if p.degree == '学士' else '通过论文答辩'}，经审核符合《中华人民共和国学位条例》的规定，"
                f"授予{p.discipline}{p.degree}学位。")
        y = s.para(body, 330, 36, x0=480, x1=s.w - 170)
        s.text(f"{p.university}学位评定委员会", y + 60, 32, x=s.w - 720)
        s.text(f"主席 {c.pick(['李建国', '王立新', '张卫东', '刘振华'])}", y + 115, 32, x=s.w - 620)
        s.text(f"{gy}年{gm}月{rng.randint(1, 28)}日", y + 170, 32, x=s.w - 600)
        s.text(f"证书编号：{rng.randint(10000, 19999)}{rng.randint(1, 3)}{gy}00{rng.randint(1000, 9999)}", s.h - 170, 28, x=170)
        docs.append(Doc("education:degree", "education", "degree", [s], part="degree", keys=("education", "education:degree"),
                        color_needed=False))
    return docs


def _title_year(p: Person) -> int:
    return p.since[0] if p.since[1] >= 6 else p.since[0] - 1


def _title_certificate(c: Ctx) -> Doc:
    p, rng = c.p, c.rng
    province = "新疆维吾尔自治区" if p.region_obtained == "新疆" else "河南省"
    sheets = []
    if rng.random() < 0.4:  # the red cover photographed first
        cover = Sheet(A4, paper=(150, 28, 32))
        cover.text(c.pick(["专业技术职务", "专业技术资格"]), 560, 64, align="center", fill=(235, 200, 110), bold=True, spacing=6)
        cover.text("任职资格证书" if rng.random() < 0.6 else "证  书", 680, 64, align="center", fill=(235, 200, 110), bold=True, spacing=6)
        cover.text(f"{province}人力资源和社会保障厅制", 1450, 34, align="center", fill=(235, 200, 110))
        sheets.append(cover)
    s = Sheet(A4_LANDSCAPE, paper=(248, 246, 238))
    s.d.line((s.w / 2, 40, s.w / 2, s.h - 40), fill=(200, 195, 185), width=3)  # the booklet's fold
    s.im.paste(portrait((260, 350), rng, bg=(240, 240, 240)), (300, 150))
    y = 560
    for label, value in (("姓名", p.name), ("性别", p.sex), ("出生年月", f"{p.birth.year}年{p.birth.month}月"),
                         ("工作单位", p.unit)):
        y = s.para(f"{label}：{value}", y, 32, indent=0, x0=120, x1=s.w / 2 - 60) + 6
    right = s.w / 2 + 90
    y = 140
    s.text(c.pick(["专业技术职务任职资格证书", "专业技术资格证书", "职称证书"]), y, 44, x=right, bold=True)
    y += 110
    fields = [("资格名称", p.current), ("专业", p.major),
              ("评审组织", f"{province}{p.series}系列{LEVELS[LADDER[p.series].index(p.current)][:-1]}级评审委员会"),
              ("批准文号", f"新人社职字〔{_title_year(p) + 1}〕{rng.randint(3, 40)}号"),
              ("资格取得时间", f"{p.since[0]}年{p.since[1]}月"),
              ("证书编号", f"{rng.choice(['XJ', 'A65', '65'])}{p.since[0]}{rng.randint(100000, 999999)}")]
    for label, value in fields:
        y = s.para(f"{label}：{value}", y, 32, indent=0, x0=right, x1=s.w - 110) + 10
    stamp(s, rng, (s.w - 340, s.h - 260), f"{province}人力资源和社会保障厅", radius=118)
    s.text(f"发证日期：{p.since[0]}年{min(12, p.since[1] + 2)}月", s.h - 160, 30, x=right)
    sheets.append(s)
    return Doc("title-proof:title-certificate", "title-proof", "title-certificate", sheets, part="title-certificate",
               keys=("title-proof", "title-proof:title-certificate"), color_needed=False)


def _title_document(c: Ctx) -> Doc:
    p, rng = c.p, c.rng
    year = _title_year(p)
    xj = p.region_obtained == "新疆"
    issuer = "新疆维吾尔自治区人力资源和社会保障厅" if xj else "河南省人力资源和社会保障厅"
    s = Sheet()
    header = issuer + "文件"
    size = min(60, int((s.w - 2 * s.margin) / len(header)))
    s.text(header, 170, size, align="center", fill=RED, bold=True)
    number = f"{'新人社职字' if xj else '豫人社职称'}〔{year + 1 if p.since[1] < 6 else year}〕{rng.randint(3, 40)}号"
    s.text(number, 330, 30, align="center")
    s.d.line((s.margin, 385, s.w - s.margin, 385), fill=RED, width=5)
    title = f"关于公布{year}年度{p.series}系列专业技术职务任职资格评审结果的通知"
    y = 440
    for line in wrap(title, 40, s.w - 2 * s.margin - 80):
        y = s.text(line, y, 40, align="center", bold=True) + 6
    y += 30
    y = s.text("各地、州、市人力资源和社会保障局，自治区各有关厅局，各有关单位：" if xj else "各省辖市人力资源和社会保障局，省直各有关单位：",
               y, 30) + 10
    level = LEVELS[LADDER[p.series].index(p.current)]
    body = [(f"根据职称评审工作有关规定，经{year}年度{p.series}系列{level[:-1]}级专业技术职务任职资格评审委员会评审，"
            f"并经公示无异议，{c.pick(['张立', '王芳', '李明', '陈静'])}等{rng.randint(20, 160)}名同志具备{p.current}专业技术职务任职资格，"
            f"资格取得时间为{p.since[0]}年{p.since[1]}月。现予公布。"),
            "请各单位按照有关规定做好专业技术职务聘任工作。"]
    for para in body:
        y = s.para(para, y, 30) + 10
    y = s.text(f"附件：{year}年度{p.series}系列专业技术职务任职资格评审通过人员名单", y + 20, 30, x=s.margin + 60)
    stamp(s, rng, (s.w - 360, y + 170), issuer, radius=120)
    s.text(f"{p.since[0]}年{p.since[1]}月{rng.randint(1, 28)}日", y + 170, 30, x=s.w - 480)
    if rng.random() < 0.5:
        s.text("- 1 -", s.h - 110, 26, align="center")
    # page 2: the 名单 — no title of its own except perhaps “附件”
    t = Sheet()
    y = 120
    if rng.random() < 0.7:
        y = t.text("附件", y, 32, bold=True) + 20
    if rng.random() < 0.5:
        y = t.text(f"{year}年度评审通过人员名单", y, 36, align="center", bold=True) + 20
    rows = [([0.1, 0.18, 0.5, 0.22], ["序号", "姓名", "单位", "资格名称"], 64)]
    others = [(rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN), rng.choice(UNITS)[0]) for _ in range(rng.randint(12, 16))]
    mine = rng.randrange(len(others))
    others[mine] = (p.name, p.unit)
    for i, (name, unit) in enumerate(others, 1):
        rows.append(([0.1, 0.18, 0.5, 0.22], [str(i), name, unit, p.current], 78 if len(unit) > 14 else 64))
    t.table(y, rows, size=26)
    if rng.random() < 0.5:
        t.text("- 2 -", t.h - 110, 26, align="center")
    return Doc("title-proof:qualification-document", "title-proof", "qualification-document", [s, t],
               part="qualification-document", keys=("title-proof", "title-proof:qualification-document"))


def _review_form(c: Ctx) -> Doc:
    p, rng = c.p, c.rng
    year = _title_year(p)
    cover = Sheet()
    cover.text("专业技术职务任职资格评审表", 420, 52, align="center", bold=True)
    y = 760
    for label, value in (("姓名", p.name), ("工作单位", p.unit), ("申报资格", p.current), ("填表时间", f"{year}年{rng.randint(8, 10)}月")):
        cover.text(f"{label}：", y, 34, x=280)
        cover.text(value, y, 34, x=470)
        cover.hline(y + 46, width=1, x0=460, x1=cover.w - 220)
        y += 100
    cover.text("新疆维吾尔自治区人力资源和社会保障厅制" if p.region_obtained == "新疆" else "河南省人力资源和社会保障厅制",
               1500, 32, align="center")
    info = Sheet()
    rows = [([0.16, 0.18, 0.12, 0.14, 0.18, 0.22], ["姓名", p.name, "性别", p.sex, "出生年月", f"{p.birth.year}.{p.birth.month:02d}"], 74),
            ([0.16, 0.18, 0.12, 0.14, 0.18, 0.22], ["民族", p.ethnic, "学历", p.education, "毕业时间", f"{p.graduated[0]}.{p.graduated[1]:02d}"], 74),
            ([0.16, 0.84], ["毕业院校及专业", f"{p.university} {p.major}"], 74),
            ([0.16, 0.84], ["工作单位", p.unit], 74),
            ([0.16, 0.84], ["主要工作经历", (f"{p.graduated[0]}年{p.graduated[1]}月至今在{p.unit}从事{p.major}研究工作，"
                                          f"主持和参加科研项目{rng.randint(3, 9)}项，发表论文{rng.randint(4, 15)}篇。")], 420),
            ([0.16, 0.84], ["主要业绩", "参与完成的成果获自治区科学技术进步奖，在核心期刊发表学术论文多篇，完成多项检测方法的建立与验证。"], 420)]
    info.table(140, rows, size=28)
    pages = [cover, info]
    verdict = Sheet()
    rows = [([0.16, 0.84], ["单位推荐意见", f"该同志业务能力强，工作成绩突出，同意推荐申报{p.current}资格。"], 330),
            ([0.16, 0.84], ["评审委员会意见", (f"经{year}年度评审委员会评审，应到委员{rng.randint(15, 25)}人，实到委员{rng.randint(13, 15)}人，"
                                         f"同意{rng.randint(11, 13)}票，通过。具备{p.current}任职资格。")], 420),
            ([0.16, 0.84], ["审批意见", "同意。"], 300)]
    verdict.table(160, rows, size=28)
    stamp(verdict, rng, (verdict.w - 360, 1300), "新疆维吾尔自治区人力资源和社会保障厅" if p.region_obtained == "新疆" else "河南省人力资源和社会保障厅")
    if rng.random() < 0.6:
        pages.append(verdict)
    return Doc("title-proof:review-form", "title-proof", "review-form", pages, part="review-form",
               keys=("title-proof", "title-proof:review-form"))


def doc_title_proof(c: Ctx, form: str | None) -> list[Doc]:
    makers = {"title-certificate": _title_certificate, "qualification-document": _title_document, "review-form": _review_form}
    if c.p.region_obtained != "新疆":
        return [m(c) for m in makers.values()]  # 外省取得：三件都要
    drawn = c.pick(["title-certificate", "title-certificate", "qualification-document", "review-form"])
    return [makers[form or drawn](c)]


COURSES = ["《专业技术人员创新能力培养与提高》", "《专业技术人员职业道德与诚信建设》", "《“一带一路”倡议与新疆发展》",
           "《大数据时代的互联网信息安全》", "《专业技术人员心理健康与压力管理》", "《现代科技发展与创新》", "《依法治疆与法治素养》"]


def _training_certificate(c: Ctx, year: int, public: bool) -> Sheet:
    p, rng = c.p, c.rng
    subject = "公需科目" if public else "专业科目"
    issued = dt.date(year + 1, rng.randint(1, 5), rng.randint(1, 28)) if public else dt.date(year, rng.randint(5, 8), rng.randint(1, 28))
    hours = rng.choice([24, 30, 32, 40]) if public else rng.choice([60, 72, 90])
    org = c.pick(["新疆维吾尔自治区专业技术人员继续教育基地", "新疆维吾尔自治区人力资源和社会保障厅", "新疆专业技术人员继续教育网络学院"])
    style = rng.randrange(3)
    if style == 0:  # landscape certificate
        s = _certificate_sheet(c, c.pick([(180, 140, 50), (40, 80, 140), (160, 40, 40)]))
        title = c.pick([f"继续教育{subject}培训合格证书", f"专业技术人员继续教育证书（{subject}）",
                        f"专业技术人员继续教育{subject}培训合格证书"])
        y = s.text(title, 150, 56 if len(title) <= 14 else 46, align="center", bold=True) + 30
        if rng.random() < 0.6:
            y = s.text(f"（{year}年度）", y, 40, align="center") + 30
        y += 30
        for label, value in (("姓名", p.name), ("身份证号", p.id_number), ("工作单位", p.unit),
                             ("培训年度", f"{year}年度"), ("培训内容", f"{subject}（{hours}学时）"), ("考核结果", "合格")):
            y = s.text(f"{label}：{value}", y, 36, x=260) + 8
        s.text(f"证书编号：{'GX' if public else 'ZY'}{year}{rng.randint(100000, 999999)}", s.h - 200, 30, x=260)
        s.text(org, s.h - 330, 34, x=s.w - 200 - len(org) * 34)
        s.text(f"发证日期：{issued.year}年{issued.month}月{issued.day}日", s.h - 260, 32, x=s.w - 620)
        stamp(s, rng, (s.w - 430, s.h - 330), org)
        return s
    s = Sheet()
    if style == 1:  # 学时证明 letter
        y = s.text(c.pick(["学时证明", "继续教育学时证明", "培训证明"]), 180, 50, align="center", bold=True, spacing=10) + 60
        courses = "、".join(rng.sample(COURSES, 3))
        body = (f"兹证明{p.name}同志（身份证号：{p.id_number}）于{year}年度参加专业技术人员继续教育{subject}学习，"
                f"完成{courses}等课程，共计{hours}学时，经考核成绩合格。" if public else
                f"兹证明{p.name}同志（身份证号：{p.id_number}）参加{year}年度专业技术人员继续教育{subject}培训，"
                f"完成{p.major}相关专业课程学习，共计{hours}学时，经考核成绩合格。")
        y = s.para(body, y, 34) + 20
        y = s.para("特此证明。", y, 34) + 120
        s.text(org, y, 32, align="right")
        s.text(f"{issued.year}年{issued.month}月{issued.day}日", y + 70, 32, align="right", right=s.w - s.margin - 40)
        stamp(s, rng, (s.w - 380, y + 40), org)
        return s
    # style 2: a printed record from the online platform
    y = s.text(f"专业技术人员继续教育{subject}培训合格证书", 160, 42, align="center", bold=True) + 20
    y = s.text(f"（{year}）", y, 36, align="center") + 40
    rows = [([0.25, 0.75], ["姓名", p.name], 70), ([0.25, 0.75], ["身份证号", p.id_number], 70),
            ([0.25, 0.75], ["工作单位", p.unit], 70), ([0.25, 0.75], ["科目", subject], 70),
            ([0.25, 0.75], ["学时", f"{hours}"], 70)]
    for k, course in enumerate(rng.sample(COURSES, 3), 1):
        rows.append(([0.25, 0.75], [f"课程{k}", course], 70))
    y = s.table(y, rows, size=30) + 80
    s.text(f"打印日期：{issued.year}-{issued.month:02d}-{issued.day:02d}", y, 28, align="right")
    stamp(s, rng, (s.w - 380, y + 140), org)
    return s


def doc_training(c: Ctx) -> list[Doc]:
    docs = [Doc("training-professional", "training-professional", "training-professional",
                [_training_certificate(c, NOTICE_YEAR, public=False)], year=NOTICE_YEAR,
                keys=("training-professional", f"training-professional:{NOTICE_YEAR}"), color_needed=False)]
    for year in PUBLIC_YEARS:
        docs.append(Doc(f"training-public:{year}", "training-public", "training-public", [_training_certificate(c, year, public=True)],
                        year=year, keys=("training-public", f"training-public:{year}"), color_needed=False))
    return docs


PROJECTS = ["干旱区绿洲农田土壤盐渍化监测与调控技术研究", "新疆特色林果病虫害绿色防控技术集成与示范", "塔里木河下游生态输水效果评估",
            "新疆主要农产品中农药残留快速检测方法研究", "天山北坡草地退化遥感监测", "牛羊重要疫病分子诊断技术研究与应用",
            "新疆道地药材质量标准提升研究", "准噶尔盆地地下水水质演变规律研究"]
JOURNALS = [("干旱区地理", "ARID LAND GEOGRAPHY", "1000-6060", "65-1103/X"), ("干旱区研究", "ARID ZONE RESEARCH", "1001-4675", "65-1095/X"),
            ("新疆农业科学", "XINJIANG AGRICULTURAL SCIENCES", "1001-4330", "65-1097/S"),
            ("干旱区资源与环境", "JOURNAL OF ARID LAND RESOURCES AND ENVIRONMENT", "1003-7578", "15-1112/N"),
            ("中国农业科学", "SCIENTIA AGRICULTURA SINICA", "0578-1752", "11-1328/S")]


def _coauthors(c: Ctx, n: int) -> list[str]:
    return [c.rng.choice(SURNAMES) + c.rng.choice(GIVEN) + c.rng.choice(GIVEN) for _ in range(n)]


def _award(c: Ctx) -> Doc:
    p, rng = c.p, c.rng
    s = _certificate_sheet(c, c.pick([(180, 140, 50), (170, 30, 30)]))
    year = rng.randint(p.since[0] + 1, 2020)
    title = c.pick(["荣誉证书", "获奖证书", "奖励证书", "证书"])
    s.text(title, 140, 84, align="center", bold=True, spacing=24, fill=(170, 30, 30))
    prize = c.pick(["科学技术进步奖三等奖", "科学技术进步奖二等奖", "科技进步奖三等奖"])
    y = s.text(f"{p.name}同志：", 380, 40, x=260) + 20
    y = s.para(f"您参与完成的“{c.pick(PROJECTS)}”项目荣获{year}年度新疆维吾尔自治区{prize}，特发此证，以资鼓励。",
               y, 40, x0=260, x1=s.w - 260) + 30
    s.text(f"证书编号：{year}-J{rng.randint(2, 3)}-{rng.randint(10, 99):03d}-R{rng.randint(1, 9):02d}", y, 30, x=260)
    issuer = "新疆维吾尔自治区人民政府"
    s.text(issuer, s.h - 330, 40, x=s.w - 760)
    s.text(cn_date(dt.date(year + 1, rng.randint(3, 9), 1), month_only=True), s.h - 260, 38, x=s.w - 680)
    stamp(s, rng, (s.w - 520, s.h - 320), issuer, radius=125)
    return Doc("achievements:award", "achievements", "award-certificate", [s], keys=("achievements",))


def _patent(c: Ctx) -> Doc:
    p, rng = c.p, c.rng
    s = Sheet(paper=(250, 248, 240))
    s.border((40, 90, 150), inset=36, width=10)
    filed = dt.date(rng.randint(max(2016, p.since[0]), 2019), rng.randint(1, 12), rng.randint(1, 28))
    granted = dt.date(filed.year + rng.randint(1, 2), rng.randint(1, 12), rng.randint(1, 28))
    s.text(f"证书号第{rng.randint(2000000, 4500000)}号", 150, 28, x=s.w - 520)
    s.text("发明专利证书", 300, 64, align="center", bold=True, spacing=10)
    name = c.pick(["一种", "一种基于"]) + c.pick(["土壤盐分快速测定的方法", "检测农药残留的试剂盒及其应用", "干旱区植被覆盖度遥感估算方法",
                                                 "牛结核病分子检测引物组及应用", "棉花黄萎病生防菌株及其应用"])
    y = 480
    y = s.para(f"发明名称：{name}", y, 32, indent=0) + 10
    y = s.para(f"发明人：{'；'.join([p.name] + _coauthors(c, rng.randint(1, 4)))}", y, 32, indent=0) + 10
    y = s.text(f"专利号：ZL {filed.year} 1 0{rng.randint(100000, 999999)}.{rng.randint(0, 9)}", y, 32) + 10
    y = s.text(f"专利申请日：{filed.year}年{filed.month:02d}月{filed.day:02d}日", y, 32) + 10
    y = s.para(f"专利权人：{p.unit}", y, 32, indent=0) + 10
    y = s.text(f"授权公告日：{granted.year}年{granted.month:02d}月{granted.day:02d}日", y, 32) + 40
    y = s.para("本发明经过本局依照中华人民共和国专利法进行审查，决定授予专利权，颁发发明专利证书并在专利登记簿上予以登记。"
               "专利权自授权公告之日起生效。", y, 28) + 40
    s.text("局长", y + 40, 32, x=s.w - 560)
    handwriting(s, rng, "申长雨", s.w - 460, y + 30, size=46, color=(20, 20, 20))
    stamp(s, rng, (s.w - 330, y + 60), "中华人民共和国国家知识产权局", radius=110)
    return Doc("achievements:patent", "achievements", "patent-certificate", [s], keys=("achievements",))


def _software(c: Ctx) -> Doc:
    p, rng = c.p, c.rng
    s = Sheet(paper=(250, 248, 240))
    s.border((150, 110, 40), inset=36, width=10)
    done = dt.date(rng.randint(max(2016, p.since[0]), 2020), rng.randint(1, 12), rng.randint(1, 28))
    s.text("中华人民共和国国家版权局", 190, 36, align="center")
    s.text("计算机软件著作权登记证书", 270, 52, align="center", bold=True)
    s.text(f"证书号：软著登字第{rng.randint(1000000, 6000000)}号", 380, 30, align="center")
    y = 500
    for label, value in (("软件名称", c.pick(["绿洲农田墒情监测管理系统V1.0", "农产品质量安全检测数据管理平台V2.0", "草地资源遥感监测分析软件V1.0",
                                            "实验室信息管理系统V1.0"])), ("著作权人", p.unit),
                         ("开发完成日期", f"{done.year}年{done.month:02d}月{done.day:02d}日"), ("首次发表日期", "未发表"),
                         ("权利取得方式", "原始取得"), ("权利范围", "全部权利"), ("登记号", f"{done.year + 1}SR{rng.randint(1000000, 9999999)}")):
        y = s.para(f"{label}：{value}", y, 32, indent=0) + 12
    y = s.para("根据《计算机软件保护条例》和《计算机软件著作权登记办法》的规定，经中国版权保护中心审核，对以上事项予以登记。", y + 30, 30)
    stamp(s, rng, (s.w - 360, y + 160), "中华人民共和国国家版权局", radius=115)
    s.text(f"{done.year + 1}年{rng.randint(1, 12):02d}月{rng.randint(1, 28):02d}日", y + 170, 30, x=s.w - 520)
    return Doc("achievements:software", "achievements", "software-copyright", [s], keys=("achievements",))


def _project(c: Ctx) -> Doc:
    p, rng = c.p, c.rng
    start = rng.randint(max(2016, p.since[0]), 2019)
    plan = c.pick([("新疆维吾尔自治区自然科学基金", "项目合同书"), ("自治区重点研发计划", "项目任务书"),
                   ("新疆维吾尔自治区天山青年计划", "项目任务书"), ("自治区科技支疆项目", "项目合同书")])
    name = c.pick(PROJECTS)
    cover = Sheet()
    cover.text(f"项目编号：{start}D01A{rng.randint(10, 99)}", 120, 28, x=cover.w - 480)
    cover.text(plan[0], 420, 44, align="center", bold=True)
    cover.text(plan[1], 520, 60, align="center", bold=True, spacing=10)
    y = 820
    for label, value in (("项目名称", name), ("承担单位", p.unit), ("项目负责人", p.name),
                         ("起止年限", f"{start}年1月至{start + 2}年12月"), ("主管部门", "新疆维吾尔自治区科学技术厅")):
        lines = wrap(value, 32, cover.w - 2 * cover.margin - 230)
        cover.text(f"{label}：", y, 32, x=cover.margin + 20)
        for line in lines:
            cover.text(line, y, 32, x=cover.margin + 230)
            y += 50
        cover.hline(y - 6, width=1, x0=cover.margin + 220, x1=cover.w - cover.margin)
        y += 24
    cover.text("新疆维吾尔自治区科学技术厅制", 1500, 32, align="center")
    cover.text(cn_date(dt.date(start, rng.randint(3, 6), 1), month_only=True), 1560, 32, align="center")
    pages = [cover]
    texts = [("一、项目主要研究内容", [(f"本项目围绕{name[:10]}等关键问题，开展野外调查、室内分析与模型构建研究，"
                                       "建立适用于新疆区域特点的技术体系，为相关部门决策提供科学依据。"),
                                       ("（1）系统收集研究区历史资料，布设监测样点，开展连续观测；（2）建立关键指标的测定与评价方法；"
                                       "（3）集成示范并形成技术规程。")]),
             ("二、考核指标", [f"1. 发表学术论文{rng.randint(3, 6)}篇，其中核心期刊论文不少于2篇；",
                              f"2. 申请发明专利{rng.randint(1, 2)}项，登记软件著作权1项；",
                              "3. 培养研究生2名，形成技术规程或标准草案1项；", "4. 建立示范点1处，提交研究报告1份。"]),
             ("三、进度安排", [f"{start}年1月—{start}年12月：资料收集、样点布设与野外调查；",
                              f"{start + 1}年1月—{start + 1}年12月：室内分析、方法建立与模型构建；",
                              f"{start + 2}年1月—{start + 2}年12月：集成示范，撰写论文与总结报告，完成验收。"]),
             ("四、经费预算", [(f"项目总经费{rng.randint(10, 60)}万元，其中自治区财政拨款{rng.randint(10, 30)}万元，"
                              "主要用于设备费、材料费、测试化验加工费、差旅费、劳务费等。")])]
    s = Sheet()
    y = 140
    for head, paras in texts:
        if y > s.h - 400:
            pages.append(s)
            s, y = Sheet(), 140
        y = s.text(head, y, 34, bold=True) + 10
        for para in paras:
            y = s.para(para, y, 30) + 10
        y += 20
    pages.append(s)
    if rng.random() < 0.5:
        sig = Sheet()
        rows = [([0.22, 0.78], ["项目承担单位意见", "同意承担本项目，保证提供必要的条件，并对项目实施进行监督管理。"], 360),
                ([0.22, 0.78], ["主管部门意见", "同意。"], 300)]
        y = sig.table(160, rows, size=30)
        stamp(sig, rng, (sig.w - 380, 380), p.unit)
        stamp(sig, rng, (sig.w - 380, 680), "新疆维吾尔自治区科学技术厅")
        pages.append(sig)
    return Doc("achievements:project", "achievements", "project-contract", pages, keys=("achievements",))


def _acceptance(c: Ctx) -> Doc:
    p, rng = c.p, c.rng
    year = rng.randint(max(2017, p.since[0] + 1), 2020)
    s = Sheet()
    s.text(c.pick(["科技项目验收证书", "项目验收证书", "结题证书", "科学技术成果鉴定证书"]), 260, 50, align="center", bold=True)
    s.text(f"新科{c.pick(['验', '鉴'])}字〔{year}〕第{rng.randint(10, 200):03d}号", 360, 30, align="center")
    y = 520
    for label, value in (("项目名称", c.pick(PROJECTS)), ("完成单位", p.unit), ("项目负责人", p.name),
                         ("组织单位", "新疆维吾尔自治区科学技术厅"), ("完成日期", f"{year}年{rng.randint(6, 12)}月")):
        y = s.para(f"{label}：{value}", y, 32, indent=0) + 14
    y = s.para("验收意见：该项目完成了任务书规定的各项研究内容和考核指标，技术资料齐全，经费使用合理，验收委员会同意该项目通过验收。",
               y + 20, 30) + 60
    stamp(s, rng, (s.w - 380, y + 100), "新疆维吾尔自治区科学技术厅")
    s.text(f"{year}年{rng.randint(6, 12)}月{rng.randint(1, 28)}日", y + 110, 30, x=s.w - 520)
    return Doc("achievements:acceptance", "achievements", "acceptance-certificate", [s], keys=("achievements",))


def _paper(c: Ctx) -> Doc:
    p, rng = c.p, c.rng
    journal, english, issn, cn = c.pick(JOURNALS)
    year = rng.randint(max(2016, p.since[0] + 1), 2021)
    vol, no = year - 1977, rng.randint(1, 6)
    first_page = rng.randint(100, 1400)
    title = c.pick(["基于多源遥感数据的干旱区绿洲土壤盐渍化时空变化分析", "新疆主要果品中有机磷农药残留的气相色谱测定",
                    "塔里木河下游生态输水后地下水位变化特征", "天山北坡典型草地植被覆盖度动态及其驱动因素",
                    "新疆地产羊肉中重金属含量调查与风险评估"])
    authors = [p.name] + _coauthors(c, rng.randint(1, 4))
    if rng.random() < 0.4:
        rng.shuffle(authors)
    pages = []
    if rng.random() < 0.35:  # the journal's cover
        cover = Sheet(paper=(236, 242, 248))
        cover.text(journal, 260, 96, align="center", bold=True, fill=(20, 60, 120))
        cover.text(english, 420, 34, align="center", fill=(20, 60, 120))
        cover.text(f"{year}年 第{vol}卷 第{no}期", 560, 40, align="center")
        cover.d.rectangle((140, 700, cover.w - 140, 1300), fill=(120, 160, 120))
        cover.text(f"ISSN {issn}    CN {cn}", 1440, 34, align="center")
        cover.text("中国科学院新疆生态与地理研究所 主办" if "干旱" in journal else "新疆农业科学院 主办", 1520, 32, align="center")
        pages.append(cover)
    if rng.random() < 0.3:  # 目次
        toc = Sheet()
        y = toc.text("目  次", 140, 48, align="center", bold=True) + 40
        entries = [(c.pick(PROJECTS)[:16] + "研究", _coauthors(c, 2)) for _ in range(6)]
        entries.insert(rng.randint(0, 5), (title, authors[:3]))
        page_no = first_page - 150
        for t, names in entries:
            y = toc.para(f"{t}", y, 30, indent=0) + 2
            y = toc.text(f"{'，'.join(names)} ……………… ({page_no})", y, 26, x=toc.margin + 60) + 18
            page_no += rng.randint(8, 14)
            if t == title:
                page_no = first_page
        pages.append(toc)
    s = Sheet()
    s.text(f"第{vol}卷 第{no}期", 80, 26)
    s.text(journal, 80, 26, align="center")
    s.text(f"Vol.{vol} No.{no}", 80, 26, align="right")
    s.text(f"{year}年{no * 2 - 1}月", 120, 26)
    s.text(english, 120, 22, align="right")
    s.hline(160, width=2)
    y = 220
    for line in wrap(title, 46, s.w - 2 * s.margin):
        y = s.text(line, y, 46, align="center", bold=True) + 10
    y = s.text("，".join(f"{a}{k % 2 + 1}" for k, a in enumerate(authors)), y + 10, 32, align="center") + 4
    y = s.para(f"（1. {p.unit}，新疆 乌鲁木齐 830011；2. 新疆大学资源与环境科学学院，新疆 乌鲁木齐 830046）", y, 26, indent=0,
               x0=s.margin + 60, x1=s.w - s.margin - 60) + 20
    y = s.para("摘  要：以新疆典型区域为研究对象，采用野外采样与室内分析相结合的方法，系统研究了其时空分布特征及影响因素。"
               "结果表明：研究区指标总体呈先升高后降低的趋势，空间上表现出明显的异质性；主成分分析显示人类活动和气候因子是主要驱动因素。"
               "研究结果可为干旱区资源合理利用与生态保护提供科学依据。", y, 28, indent=0) + 10
    y = s.para("关键词：干旱区；时空变化；影响因素；新疆", y, 28, indent=0) + 10
    y = s.text(f"中图分类号：X{rng.randint(100, 900)}.{rng.randint(1, 9)}   文献标志码：A   "
               f"文章编号：{issn}({year}){no:02d}-{first_page:04d}-{rng.randint(6, 12):02d}", y, 24) + 40
    s.hline(y - 10, width=1)
    y = s.para("1 引言", y + 10, 32, indent=0) + 6
    y = s.para("干旱区生态系统脆弱，水资源短缺，近几十年来在气候变化和人类活动的共同影响下，区域生态环境发生了显著变化，"
               "相关研究受到广泛关注。", y, 28) + 20
    s.hline(s.h - 260, width=1, x1=s.w / 2)
    s.para(f"收稿日期：{year - 1}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}；修订日期：{year}-{rng.randint(1, 3):02d}-{rng.randint(1, 28):02d}",
           s.h - 240, 22, indent=0)
    s.para(f"基金项目：新疆维吾尔自治区自然科学基金（{year - 2}D01A{rng.randint(10, 99)}）", s.h - 205, 22, indent=0)
    s.para(f"作者简介：{p.name}（{p.birth.year}-），{p.sex}，{p.ethnic}族，{p.degree}，{p.current}，研究方向为{p.major}。", s.h - 170, 22, indent=0)
    pages.append(s)
    return Doc("achievements:paper", "achievements", "paper", pages, keys=("achievements",))


def _retrieval(c: Ctx) -> Doc:
    p, rng = c.p, c.rng
    s = Sheet()
    s.text(c.pick(["检索证明", "论文收录检索证明", "文献检索报告"]), 200, 50, align="center", bold=True)
    y = 340
    y = s.para(f"委托人：{p.name}    单位：{p.unit}", y, 30, indent=0) + 10
    y = s.para("检索范围：Science Citation Index Expanded（SCI-E）、中国科学引文数据库（CSCD）、中国知网（CNKI）", y, 30, indent=0) + 10
    y = s.para(f"检索结果：经检索，委托人提供的{rng.randint(3, 8)}篇论文中，被SCI-E收录{rng.randint(1, 2)}篇，"
               f"被CSCD收录{rng.randint(2, 5)}篇，被他人引用{rng.randint(5, 40)}次。详见附件。", y, 30) + 10
    y = s.para("特此证明。", y, 30) + 60
    s.text("检索人：" + rng.choice(SURNAMES) + rng.choice(GIVEN), y, 30)
    s.text("审核人：" + rng.choice(SURNAMES) + rng.choice(GIVEN), y, 30, x=s.w / 2)
    org = c.pick(["新疆大学图书馆", "中国科学院新疆分院文献信息中心", "新疆农业大学图书馆"])
    stamp(s, rng, (s.w - 360, y + 220), org)
    s.text(org + "科技查新站", y + 220, 30, x=s.w - 700)
    s.text(f"2021年{rng.randint(6, 8)}月{rng.randint(1, 28)}日", y + 280, 30, x=s.w - 520)
    return Doc("achievements:retrieval", "achievements", "citation-report", [s], keys=("achievements",))


def _standard(c: Ctx) -> Doc:
    p, rng = c.p, c.rng
    year = rng.randint(2018, 2020)
    s = Sheet()
    s.text("ICS 65.020", 110, 26)
    s.text("B 04", 150, 26)
    s.text("DB65", 110, 90, align="right", bold=True)
    s.text("新疆维吾尔自治区地方标准", 330, 52, align="center", bold=True, spacing=6)
    s.hline(420, width=3)
    s.text(f"DB65/T {rng.randint(3800, 4400)}—{year}", 450, 32, align="right")
    s.text(c.pick(["干旱区农田土壤盐分测定技术规程", "设施蔬菜农药残留快速检测技术规范", "天然草地退化监测技术规程", "牛羊布鲁氏菌病检测技术规程"]),
           760, 48, align="center", bold=True)
    s.text("Technical specification", 860, 28, align="center")
    s.hline(s.h - 300, width=3)
    s.text(f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d} 发布", s.h - 260, 30, x=s.margin)
    s.text(f"{year + 1}-{rng.randint(1, 3):02d}-01 实施", s.h - 260, 30, align="right")
    s.text("新疆维吾尔自治区市场监督管理局  发布", s.h - 170, 36, align="center")
    pages = [s]
    if rng.random() < 0.6:
        f = Sheet()
        y = f.text("前  言", 160, 44, align="center", bold=True) + 30
        for para in ["本文件按照GB/T 1.1—2020《标准化工作导则 第1部分：标准化文件的结构和起草规则》的规定起草。",
                     "本文件由新疆维吾尔自治区农业农村厅提出并归口。",
                     f"本文件起草单位：{p.unit}。",
                     f"本文件主要起草人：{'、'.join(_coauthors(c, 2) + [p.name] + _coauthors(c, 3))}。"]:
            y = f.para(para, y, 30) + 14
        pages.append(f)
    return Doc("achievements:standard", "achievements", "local-standard", pages, keys=("achievements",))


def doc_achievements(c: Ctx) -> list[Doc]:
    makers = [_award, _patent, _software, _project, _acceptance, _paper, _retrieval, _standard]
    chosen = c.rng.sample(makers, c.rng.randint(2, 4))
    if _paper not in chosen and c.rng.random() < 0.6:
        chosen[-1] = _paper
    return [m(c) for m in chosen]


def doc_work_summary(c: Ctx) -> list[Doc]:
    p, rng = c.p, c.rng
    title = c.pick(["个人业务工作总结", "专业技术工作总结", "任现职以来个人业务工作总结", "个人专业技术工作总结"])
    paras = [
        (f"本人{p.name}，{p.birth.year}年{p.birth.month}月出生，{p.graduated[0]}年{p.graduated[1]}月毕业于{p.university}{p.major}专业，"
        f"获{p.degree}学位，现在{p.unit}从事{p.major}研究工作。{p.since[0]}年{p.since[1]}月取得{p.current}专业技术职务任职资格。"
        f"任现职以来，本人在单位领导和同事的支持下，认真履行岗位职责，在科研、业务和团队建设等方面取得了一定成绩，现将主要工作总结如下。"),
        "一、思想政治表现",
        ("本人坚持以习近平新时代中国特色社会主义思想为指导，认真学习党的路线方针政策，坚决贯彻落实新时代党的治疆方略，"
        "自觉维护祖国统一和民族团结，遵守学术道德和科研诚信规范，爱岗敬业，团结同事，积极参加单位组织的各项活动。"),
        "二、主要业务工作及成绩",
        (f"任现职以来，本人主持{rng.randint(2, 4)}项科研项目，包括自治区自然科学基金项目和自治区重点研发计划课题，"
        f"作为主要完成人参加国家及自治区科研项目{rng.randint(3, 8)}项。围绕{c.pick(PROJECTS)}等方向，开展了系统的野外调查和室内分析工作，"
        "建立了相关检测与评价方法，形成了较为完善的技术体系，相关成果在生产中得到推广应用。"),
        (f"在学术方面，共发表学术论文{rng.randint(6, 15)}篇，其中第一作者论文{rng.randint(3, 6)}篇，SCI收录{rng.randint(1, 3)}篇，"
        f"中文核心期刊论文{rng.randint(3, 6)}篇；获授权发明专利{rng.randint(1, 2)}项，登记软件著作权{rng.randint(1, 2)}项；"
        "参与编制地方标准1项。作为主要完成人获得自治区科学技术进步奖三等奖1项。"),
        ("在人才培养和团队建设方面，协助指导硕士研究生多名，带领青年科技人员开展野外工作，积极参与实验室的质量体系建设和仪器设备管理工作，"
        "保证了实验数据的准确可靠。"),
        "三、继续教育与考核情况",
        c.pick([(f"本人按要求参加专业技术人员继续教育，按时完成各年度公需科目和专业科目学习，学时均达到规定要求。"
                f"任现职以来历年年度考核均为合格以上，其中{rng.choice(ASSESSMENT_YEARS)}年度考核为优秀。"),
                ("本人积极参加继续教育，2014-2020年度公需科目学时均已完成，2021年度专业科目培训考核合格。"
                "近三年年度考核结果均为合格。"),
                "本人重视知识更新，积极参加各类学术交流和业务培训，年度考核均为称职（合格）。"]),
        "四、存在的不足和今后的努力方向",
        ("回顾任现职以来的工作，本人在理论水平和创新能力方面还有不足，高水平成果还不够多。今后，本人将进一步加强学习，"
        "瞄准学科前沿，围绕新疆经济社会发展需求，努力产出更多高质量的科研成果，为自治区科技事业发展作出更大贡献。"),
    ]
    pages: list[Sheet] = []
    s = Sheet()
    y = s.text(title, 150, 46, align="center", bold=True) + 20
    if rng.random() < 0.6:
        y = s.text(f"{p.unit}  {p.name}", y, 30, align="center") + 30
    footer = rng.choice(["none", "of", "dash"])
    bottom = s.h - 200
    size = c.pick([30, 30, 32])
    for para in paras:
        heading = para.startswith(("一、", "二、", "三、", "四、"))
        lines = wrap(para, size, s.w - 2 * s.margin, 0 if heading else 2 * size)
        for i, line in enumerate(lines):
            if y > bottom:
                pages.append(s)
                s, y = Sheet(), 150
            s.text(line, y, size, x=s.margin + (2 * size if i == 0 and not heading else 0), bold=heading)
            y += int(size * 1.65)
        y += 8
    if y > bottom - 200:
        pages.append(s)
        s, y = Sheet(), 150
    y = _signature_block(s, c, y + 40, c.pick(["总结人：", "述职人：", "本人签字："]), date=c.dates.commitment)
    pages.append(s)
    if len(pages) == 1:  # a one-pager still happens, but a real summary runs on
        pages.append(Sheet())
        pages[-1].para("（此页无正文）", 200, 30)
    for k, sheet in enumerate(pages, 1):
        if footer == "of":
            sheet.text(f"第{k}页 共{len(pages)}页", sheet.h - 120, 26, align="center")
        elif footer == "dash":
            sheet.text(f"- {k} -", sheet.h - 120, 28, align="center")
    return [Doc("work-summary", "work-summary", "work-summary", pages, keys=("work-summary",), color_needed=False)]


def doc_assessments(c: Ctx) -> list[Doc]:
    p, rng = c.p, c.rng
    style = rng.randrange(3)
    docs = []
    for year in ASSESSMENT_YEARS:
        front = Sheet()
        if style == 0:
            y = front.text("事业单位工作人员年度考核登记表", 140, 46, align="center", bold=True) + 10
            y = front.text(f"（{year}年度）", y, 36, align="center") + 30
        elif style == 1:
            y = front.text(f"{year}年度考核登记表", 140, 50, align="center", bold=True) + 40
        else:
            y = front.text(f"专业技术人员{year}年度考核登记表", 140, 46, align="center", bold=True) + 40
        y = front.text(f"单位：{p.unit}", y, 28) + 10
        w6 = [0.14, 0.2, 0.12, 0.14, 0.18, 0.22]
        summary = (f"{year}年，本人认真学习政治理论和业务知识，严格遵守单位各项规章制度，积极完成科研任务。"
                   f"全年{c.pick(['主持', '参加'])}科研项目{rng.randint(2, 5)}项，发表论文{rng.randint(1, 4)}篇，"
                   "完成样品检测与数据分析工作，按时提交项目年度报告。同时积极参加继续教育学习，团结同事，工作作风扎实。"
                   "不足之处是理论研究深度还需加强，今后将继续努力。")
        rows = [(w6, ["姓名", p.name, "性别", p.sex, "出生年月", f"{p.birth.year}.{p.birth.month:02d}"], 76),
                (w6, ["政治面貌", p.politics, "民族", p.ethnic, "学历", p.education], 76),
                ([0.14, 0.86], ["现任职务", f"{p.current}（专业技术岗位）"], 76),
                ([0.14, 0.86], ["个人总结", summary], 760)]
        front.table(y, rows, size=28)
        if rng.random() < 0.5:
            handwriting(front, rng, p.name, front.w * 0.62, front.h - 300, size=42)
            front.text("签名：", front.h - 290, 30, x=front.w * 0.5)
        back = Sheet()
        grade = "优秀" if rng.random() < 0.25 else "合格"
        leader = (f"该同志{year}年度" if rng.random() < 0.4 else "该同志") + \
            "工作认真负责，业务能力较强，较好地完成了各项工作任务。建议考核等次为" + grade + "。"
        next_date = dt.date(year + 1, rng.randint(1, 2), rng.randint(5, 28))
        rows = [([0.2, 0.8], ["主管领导评语和考核等次建议", leader], 400),
                ([0.2, 0.8], ["单位考核意见", f"同意，考核等次为{grade}。"], 360),
                ([0.2, 0.8], ["被考核人意见", "同意。"], 220),
                ([0.2, 0.8], ["未确定等次或不参加考核的原因", ""], 200),
                ([0.2, 0.8], ["备注", ""], 160)]
        y = back.table(140, rows, size=28)
        handwriting(back, rng, c.pick(["同意", "王建", "李明"]), back.w * 0.62, 440, size=40)
        back.text(f"{next_date.year}年{next_date.month}月{next_date.day}日", 490, 28, x=back.w * 0.62)
        stamp(back, rng, (back.w * 0.72, 800), p.unit, radius=105)
        handwriting(back, rng, p.name, back.w * 0.62, 1000, size=40)
        docs.append(Doc(f"annual-assessment:{year}", "annual-assessment", "annual-assessment", [front, back], year=year,
                        keys=("annual-assessment", f"annual-assessment:{year}"), color_needed=False))
    return docs


PRESCRIBED = "本单位已对提供的申报材料逐一审核，真实、完整、有效，同意推荐"


def doc_unit_audit(c: Ctx) -> list[Doc]:
    p, rng = c.p, c.rng
    s = Sheet()
    title = c.pick(["推荐单位审核意见", "单位审核意见", "审核意见", "申报人所在单位审核意见"])
    y = s.text(title, 180, 48, align="center", bold=True) + 60
    if rng.random() < 0.5:
        rows = [([0.2, 0.3, 0.2, 0.3], ["申报人", p.name, "申报资格", p.title], 80),
                ([0.2, 0.8], ["工作单位", p.unit], 80),
                ([0.2, 0.8], ["审核意见", f"{PRESCRIBED}。"], 420)]
        y = s.table(y, rows, size=32) + 60
    else:
        lead = c.pick([f"经审核，{p.name}同志申报{p.series}系列{p.title}专业技术职务任职资格的材料已在本单位公示5个工作日，公示期间无异议。",
                       f"{p.name}同志申报{p.title}专业技术职务任职资格。", ""])
        if lead:
            y = s.para(lead, y, 34) + 16
        y = s.para(f"{PRESCRIBED}。", y, 34) + 80
    s.text(c.pick(["单位负责人（签字）：", "负责人签字："]), y, 32, x=s.w * 0.42)
    handwriting(s, rng, c.pick(["王建新", "李卫东", "张振华", "刘国强"]), s.w * 0.42 + 330, y - 6, size=46)
    y += 140
    s.text(f"（{p.unit}）" if rng.random() < 0.3 else p.unit, y, 32, align="right")
    stamp(s, rng, (s.w * 0.7, y + 20), p.unit)
    s.text(f"{c.dates.audit.year}年{c.dates.audit.month}月{c.dates.audit.day}日", y + 70, 32, align="right",
           right=s.w - s.margin - 40)
    return [Doc("unit-audit", "unit-audit", "unit-audit", [s], keys=("unit-audit",))]


def doc_unit_publicity(c: Ctx) -> list[Doc]:
    p, rng, d = c.p, c.rng, c.dates
    a, b = d.publicity_start, d.publicity_end
    s = Sheet()
    title = c.pick(["推荐单位公示", "公  示", f"关于{p.name}同志申报{p.title}专业技术职务任职资格的公示", "职称申报公示"])
    y = 150
    for line in wrap(title, 44, s.w - 2 * s.margin):
        y = s.text(line, y, 44, align="center", bold=True) + 6
    y += 40
    period = c.pick([f"公示时间从{a.year}年{a.month}月{a.day}日起至{b.year}年{b.month}月{b.day}日止（公示期不少于5个工作日）",
                     f"公示时间：{a.year}年{a.month}月{a.day}日至{b.month}月{b.day}日（{'共' if rng.random() < 0.5 else ''}不少于5个工作日）",
                     f"公示期：{a.year}.{a.month}.{a.day}-{b.year}.{b.month}.{b.day}"])
    office = c.pick(["人事处", "人事教育处", "组织人事处", "综合办公室"])
    paras = [f"根据自治区职称评审的要求，现对{p.name}同志申报{p.series}系列{p.level}专业技术任职资格进行公示。",
             (f"基本信息：{p.name}，{p.sex}，{p.ethnic}族，{p.politics}，身份证号：{p.id_number}，现任{p.current}"
             f"（{p.since[0]}年{p.since[1]}月取得）。"),
             "思想政治条件：该同志政治立场坚定，拥护中国共产党的领导，遵纪守法，具有良好的职业道德和敬业精神，无学术不端行为。",
             (f"业绩成果：近五年主持或参加科研项目{rng.randint(3, 8)}项，发表学术论文{rng.randint(4, 12)}篇，获授权专利{rng.randint(1, 3)}项，"
             "参与完成的成果获自治区科学技术进步奖。"),
             f"{period}。如对{p.name}同志的相关信息有疑异，请电话或书面形式反映至{office}，监督电话：0991-{rng.randint(2000000, 8999999)}"]
    size = c.pick([28, 30])
    for para in paras:
        y = s.para(para, y, size) + 10
    two_pages = rng.random() < 0.45
    y += 30
    s.text("签字：", y, 30, x=s.w * 0.45)
    handwriting(s, rng, c.pick(["王建新", "李卫东", "张振华", "刘国强"]), s.w * 0.45 + 100, y - 6, size=42)
    y += 110
    s.text(p.unit, y, 30, align="right")
    stamp(s, rng, (s.w * 0.7, y + 10), p.unit)
    s.text(f"{a.year}年{a.month}月{a.day}日", y + 60, 30, align="right", right=s.w - s.margin - 40)
    y += 160
    result = (f"{p.unit}于{a.year}年{a.month}月{a.day}日至{b.month}月{b.day}日在本单位{c.pick(['公示栏', '内网', '办公楼一楼公示栏'])}"
              f"对{p.name}同志申报{p.title}专业技术职务任职资格的有关材料进行了公示，公示期间未收到任何异议。")
    pages = [s]
    if not two_pages and y < s.h - 300:
        s.para("公示结果：公示期内无异议。" if rng.random() < 0.5 else f"公示结果：{result}", y, size)
    else:
        r = Sheet()
        y = r.text(c.pick(["公示结果", "公示情况说明", "公示结果证明"]), 180, 48, align="center", bold=True) + 60
        y = r.para(result, y, 34) + 10
        y = r.para("特此证明。", y, 34) + 120
        r.text(p.unit, y, 32, align="right")
        stamp(r, rng, (r.w * 0.7, y + 10), p.unit)
        r.text(f"{d.audit.year}年{d.audit.month}月{d.audit.day}日", y + 70, 32, align="right", right=r.w - r.margin - 40)
        pages.append(r)
    return [Doc("unit-publicity", "unit-publicity", "unit-publicity", pages, keys=("unit-publicity",))]


def doc_authority(c: Ctx) -> list[Doc]:
    p, rng, d = c.p, c.rng, c.dates
    s = Sheet()
    title = c.pick(["主管单位推荐意见", "推荐意见", "主管部门推荐意见", "主管单位意见"])
    y = s.text(title, 200, 48, align="center", bold=True) + 80
    sentence = f"经审核，同意推荐{p.name}同志申报{p.series}系列{p.level}专业技术任职资格。"
    if rng.random() < 0.4:
        y = s.table(y, [([0.22, 0.78], ["申报人", p.name], 80), ([0.22, 0.78], ["工作单位", p.unit], 80),
                        ([0.22, 0.78], ["主管单位意见", sentence], 400)], size=32) + 100
    else:
        if rng.random() < 0.4:
            y = s.para(f"{p.unit}：", y, 34, indent=0) + 10
        y = s.para(sentence, y, 34) + 160
    s.text(p.authority, y, 32, align="right")
    stamp(s, rng, (s.w * 0.68, y + 20), p.authority)
    s.text(f"{d.authority.year}年{d.authority.month}月{d.authority.day}日", y + 70, 32, align="right", right=s.w - s.margin - 40)
    return [Doc("authority-recommendation", "authority-recommendation", "authority-recommendation", [s],
                keys=("authority-recommendation",))]


# --- devices and their names -------------------------------------------------------------------------

@dataclass
class Session:
    device: str  # camera | wechat | scanner | camscanner
    style: str
    clock: dt.datetime
    counter: int
    used: set = field(default_factory=set)  # the folder's names so far, shared by its sessions

    def tick(self, rng: random.Random, new_document: bool) -> None:
        if self.device == "camscanner":
            return
        if self.device == "wechat":
            self.clock += dt.timedelta(seconds=rng.choice([0, 0, 1, 1, 2, 3, 5, 8, 13, 40]))
        elif self.device == "camera":
            self.clock += dt.timedelta(seconds=rng.randint(3, 25) + (rng.randint(5, 90) if new_document else 0))
        else:
            self.clock += dt.timedelta(seconds=rng.randint(15, 40))
        self.counter += 1

    def name(self, page: int) -> str:
        c = self.clock
        if self.device == "camera":
            if self.style == "android":
                name = f"IMG_{c:%Y%m%d_%H%M%S}.jpg"
            elif self.style == "xiaomi":
                name = f"IMG{c:%Y%m%d%H%M%S}.jpg"
            elif self.style == "iphone":
                name = f"IMG_{self.counter:04d}.JPG"
            else:
                name = f"IMG_{c:%Y%m%d}_{self.counter:04d}.jpg"
        elif self.device == "wechat":
            name = f"微信图片_{c:%Y%m%d%H%M%S}.jpg"
        elif self.device == "scanner":
            name = self._scanner_name()
        elif self.style == "cn":
            name = f"扫描全能王 {c:%Y-%m-%d %H.%M}_{page}.jpg"
        else:
            name = f"CamScanner {c:%m-%d-%Y %H.%M}_{page}.jpg"
        stem, ext = name.rsplit(".", 1)
        k = 0
        while name in self.used:  # the same second twice: 微信图片_…(1).jpg
            k += 1
            name = f"{stem}({k}).{ext}"
        self.used.add(name)
        return name

    def _scanner_name(self) -> str:
        """A scanner numbers on from the last file it finds in the folder (a second session: Scan_0016.jpg)."""
        while True:
            name = f"Scan_{self.counter:04d}.jpg" if self.style == "scan" else f"扫描件_{self.counter:04d}.jpg"
            if name not in self.used:
                return name
            self.counter += 1


def make_session(rng: random.Random, device: str, start: dt.datetime, used: set | None = None) -> Session:
    """`used`: the names already in the folder (a later session's files must not overwrite an earlier one's)."""
    style = {"camera": rng.choice(["android", "android", "iphone", "xiaomi", "seq"]), "wechat": "wechat",
             "scanner": rng.choice(["scan", "scan", "cn"]), "camscanner": rng.choice(["cn", "cn", "en"])}[device]
    return Session(device, style, start, rng.randint(1, 6000) if style == "iphone" else 0,
                   used if used is not None else set())


# --- the folder ----------------------------------------------------------------------------------------

@dataclass
class FileTruth:
    name: str
    item: str
    part: str | None
    year: int | None
    doc: str
    kind: str
    page: int
    pages: int
    device: str
    text: str  # the text drawn on the page (first lines), for reports


@dataclass
class Manifest:
    seed: int
    root: str
    profile: dict
    removed: str | None
    expected: list[dict]  # findings the removal must cause: {"category", "item", optional "years"/"parts"}
    files: list[FileTruth]

    def by_name(self) -> dict[str, FileTruth]:
        return {f.name: f for f in self.files}

    def to_json(self) -> dict:
        return asdict(self)

    def write(self, path: Path) -> Path:
        path.write_text(json.dumps(self.to_json(), ensure_ascii=False, indent=1), encoding="utf-8")
        return path


REMOVABLE_PARTS = {"id-card": ("front", "back"), "education": ("diploma", "degree"),
                   "title-proof": ("title-certificate", "qualification-document", "review-form")}


def expected_findings(remove: str | None, p: Person) -> list[dict]:
    """What zccheck should report for a folder missing `remove` (nothing for a complete folder)."""
    if remove is None:
        return []
    item, _, rest = remove.partition(":")
    if not rest:
        return [{"category": "missing", "item": item}]
    if rest.isdigit():
        if item == "training-professional":
            return [{"category": "missing", "item": item}]
        return [{"category": "year-missing", "item": item, "years": [int(rest)]}]
    if item == "title-proof" and p.region_obtained == "新疆":
        return [{"category": "missing", "item": item}]  # the only one of 三选一
    return [{"category": "incomplete", "item": item, "parts": [rest]}]


def _plan_documents(seed: int, p: Person, dates: Dates, remove: str | None, title_proof: str | None) -> list[Doc]:
    """Every document of the complete application; each builder draws from its own random stream, so a
    remove-variant's other documents are the very same as the complete folder's."""
    separate_id = remove in ("id-card:front", "id-card:back")
    if remove and remove.startswith("title-proof:") and p.region_obtained == "新疆":
        title_proof = remove.split(":", 1)[1]

    def ctx(name: str) -> Ctx:
        return Ctx(random.Random(f"photo-folder:{seed}:{name}"), p, dates)

    docs = (doc_commitment(ctx("commitment")) + doc_photo(ctx("photo")) + doc_id_card(ctx("id-card"), separate_id)
            + doc_education(ctx("education"))
            + (doc_title_proof(ctx("title-proof"), title_proof) if p.current not in ("", "无") else [])
            + doc_training(ctx("training")) + doc_achievements(ctx("achievements")) + doc_work_summary(ctx("work-summary"))
            + doc_assessments(ctx("annual-assessment")) + doc_unit_audit(ctx("unit-audit"))
            + doc_unit_publicity(ctx("unit-publicity")) + doc_authority(ctx("authority")))
    if remove and not any(remove in d.keys for d in docs):
        raise ValueError(f"remove={remove!r} names no material of this folder "
                         f"(known: {sorted({k for d in docs for k in d.keys})})")
    return docs


def make_photo_folder(root: Path, seed: int, *, remove: str | None = None, profile: dict | None = None,
                      title_proof: str | None = None, devices: tuple[str, ...] | None = None,
                      **overrides) -> Manifest:
    """Draw one applicant's flat folder of phone photos and scans into `root` (created) and return
    what every file truly is. `profile` / `**overrides`: 申报信息 fields to force (姓名=…, 系列=…,
    现任职称取得地="外省" makes all three title documents). `title_proof`: title-certificate |
    qualification-document | review-form (新疆: the one uploaded). `devices`: force the capture devices
    (camera, wechat, scanner, camscanner), one session each. Same seed and arguments → the same files,
    byte for byte; a remove-variant has the same pictures of every other page (names may shift)."""
    rng = random.Random(f"photo-folder:{seed}")
    person = make_person(rng, {**(profile or {}), **overrides})
    dates = make_dates(rng)
    docs = _plan_documents(seed, person, dates, remove, title_proof)
    # The order the documents were photographed in, and where one capture session ends and the next
    # begins, are drawn per document and per folder — not from the length of the list — so a
    # remove-variant photographs every other document in the same place, on the same device.
    order_rng = random.Random(f"photo-folder-order:{seed}")
    place = {d.key: random.Random(f"photo-folder-order:{seed}:{d.key}").random() for d in docs}
    docs.sort(key=lambda d: place[d.key])
    n_sessions = order_rng.choice([1, 1, 2, 2, 3]) if devices is None else len(devices)
    kinds = list(devices) if devices else [order_rng.choice(["camera", "wechat", "wechat", "scanner", "camscanner"])
                                           for _ in range(n_sessions)]
    start = dt.datetime.combine(dates.capture, dt.time(order_rng.randint(8, 20), order_rng.randint(0, 59), order_rng.randint(0, 59)))
    sessions = []
    names: set[str] = set()
    for kind in kinds:
        sessions.append(make_session(order_rng, kind, start, names))
        start += dt.timedelta(minutes=order_rng.randint(20, 300))
    edges = [0.0, *sorted(order_rng.uniform(0.15, 0.85) for _ in range(len(sessions) - 1)), 1.0]
    bounds = [sum(place[d.key] < edge for d in docs) for edge in edges]
    bounds[-1] = len(docs)
    root.mkdir(parents=True, exist_ok=True)
    (root / "申报信息.yaml").write_text(profile_yaml(person.profile()), encoding="utf-8")
    files: list[FileTruth] = []
    for session, lo, hi in zip(sessions, bounds, bounds[1:]):
        for doc in docs[lo:hi]:
            if remove and remove in doc.keys:
                continue
            doc_rng = random.Random(f"photo-folder-capture:{seed}:{doc.key}")
            if session.device == "camscanner":
                session.clock += dt.timedelta(minutes=doc_rng.randint(1, 4))
            for k, sheet in enumerate(doc.sheets, 1):
                session.tick(doc_rng, new_document=k == 1)
                name = session.name(k)
                if doc.digital:
                    sheet.im.save(root / name, "JPEG", quality=doc_rng.randint(85, 95), dpi=(300, 300))
                else:
                    shot = capture(sheet.im, session.device, doc_rng, card=doc.card, color_needed=doc.color_needed)
                    shot.image.save(root / name, "JPEG", quality=shot.quality, dpi=(shot.dpi, shot.dpi))
                files.append(FileTruth(name=name, item=doc.item, part=doc.part, year=doc.year, doc=doc.key, kind=doc.kind,
                                       page=k, pages=len(doc.sheets), device=session.device,
                                       text="\n".join(sheet.lines[:6])))
    return Manifest(seed=seed, root=str(root), profile=person.profile(), removed=remove,
                    expected=expected_findings(remove, person), files=files)


def removable(manifest: Manifest) -> list[str]:
    """The `remove=` values that make sense for this folder's seed (items, parts, years)."""
    out = sorted({f.item for f in manifest.files})
    out += [f"training-public:{y}" for y in PUBLIC_YEARS] + [f"annual-assessment:{y}" for y in ASSESSMENT_YEARS]
    out += ["id-card:front", "id-card:back", "education:diploma", "education:degree"]
    return out

