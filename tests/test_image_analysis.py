"""Tests for zccheck.scan.image_analysis on images drawn with Pillow at test time."""

from __future__ import annotations

import io
import math
import random
import time
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont

from zccheck.scan import image_analysis as ia

FONT_PATH = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
PAGE = (1240, 1754)  # A4 at 150 dpi
PX_PER_MM = PAGE[0] / 210.0

BODY = [
    "兹有我单位张某某同志，男，汉族，1985年3月出生，",
    "2008年7月毕业于新疆大学化学专业，获理学学士学位。",
    "该同志于2015年12月取得助理实验师资格，现任实验师。",
    "任现职以来，认真履行岗位职责，承担仪器设备管理工作，",
    "参与完成国家自然科学基金项目2项，自治区项目3项。",
    "在核心期刊发表学术论文4篇，其中第一作者2篇。",
    "2019年度、2020年度公需科目培训考核合格。",
    "特此证明。",
]


def font(size: int) -> ImageFont.ImageFont:
    if FONT_PATH.exists():
        return ImageFont.truetype(str(FONT_PATH), size)
    return ImageFont.load_default(size)


# ---------------------------------------------------------------- drawing


def jpeg_roundtrip(im: Image.Image, quality: int = 70) -> Image.Image:
    buf = io.BytesIO()
    im.save(buf, "JPEG", quality=quality)
    buf.seek(0)
    return Image.open(buf)


def paper(size=PAGE, *, noise: float = 6.0, shade: int = 18, tint=(250, 248, 242), seed: int = 0) -> Image.Image:
    """Off-white paper with a soft lighting gradient and sensor noise."""
    random.seed(seed)
    im = Image.new("RGB", size, tint)
    grad = Image.linear_gradient("L").rotate(35, expand=False).resize(size)
    grad = grad.point(lambda v: 255 - v * shade // 255)
    im = ImageChops.multiply(im, Image.merge("RGB", [grad] * 3))
    if noise:
        # effect_noise is centred on 128: split into darkening and brightening parts
        n = Image.effect_noise(size, noise)
        delta = n.point(lambda v: max(0, v - 128))
        im = ImageChops.subtract(im, Image.merge("RGB", [delta] * 3))
        delta = n.point(lambda v: max(0, 128 - v))
        im = ImageChops.add(im, Image.merge("RGB", [delta] * 3))
    return im


def text_page(lines=BODY, *, start_y: int = 260, size: int = 34, im: Image.Image | None = None) -> Image.Image:
    im = im if im is not None else paper()
    d = ImageDraw.Draw(im)
    f = font(size)
    y = start_y
    for line in lines:
        d.text((110, y), line, fill=(25, 25, 25), font=f)
        y += int(size * 2.2)
    return im


def star_points(cx: float, cy: float, r: float) -> list[tuple[float, float]]:
    pts = []
    for i in range(10):
        rr = r if i % 2 == 0 else r * 0.382
        a = -math.pi / 2 + i * math.pi / 5
        pts.append((cx + rr * math.cos(a), cy + rr * math.sin(a)))
    return pts


def seal_layer(size, center, diameter_mm: float = 42.0, color=(215, 35, 40), name="新疆某某研究所专用章") -> Image.Image:
    """White layer with a red official seal: ring, star, arc text, bottom text."""
    layer = Image.new("RGB", size, (255, 255, 255))
    d = ImageDraw.Draw(layer)
    cx, cy = center
    r = diameter_mm * PX_PER_MM / 2
    ring = max(3, int(1.2 * PX_PER_MM))
    d.ellipse((cx - r, cy - r, cx + r, cy + r), outline=color, width=ring)
    d.polygon(star_points(cx, cy, r * 0.28), fill=color)
    # arc text along the inside of the ring, upper 240 degrees
    fsize = int(r * 0.26)
    f = font(fsize)
    n = len(name)
    span = math.radians(240)
    for i, ch in enumerate(name):
        a = -math.pi / 2 - span / 2 + span * (i + 0.5) / n
        glyph = Image.new("L", (fsize * 2, fsize * 2), 0)
        ImageDraw.Draw(glyph).text((fsize // 2, fsize // 2), ch, fill=255, font=f)
        glyph = glyph.rotate(-math.degrees(a) - 90, resample=Image.Resampling.BICUBIC)
        rr = r - ring - fsize * 0.75
        gx = int(cx + rr * math.cos(a) - fsize)
        gy = int(cy + rr * math.sin(a) - fsize)
        layer.paste(Image.new("RGB", glyph.size, color), (gx, gy), glyph)
    f2 = font(int(r * 0.2))
    d.text((cx, cy + r * 0.55), "合同专用", fill=color, font=f2, anchor="mm")
    return layer


def stamp(page: Image.Image, center, **kw) -> Image.Image:
    """Red ink over the page: black text stays black where the seal crosses it."""
    return ImageChops.multiply(page, seal_layer(page.size, center, **kw))


def red_title_page(title: str = "新疆某某研究所文件", size: int = 96) -> Image.Image:
    im = paper()
    d = ImageDraw.Draw(im)
    red = (220, 30, 35)
    d.text((PAGE[0] // 2, 230), title, fill=red, font=font(size), anchor="mm")
    d.text((PAGE[0] // 2, 370), "新某所发〔2021〕12号", fill=(25, 25, 25), font=font(32), anchor="mm")
    d.line((90, 420, PAGE[0] - 90, 420), fill=red, width=5)
    return text_page(im=im, start_y=520)


def portrait_photo(size=(413, 579), bg=(67, 142, 219)) -> Image.Image:
    """A 2-inch style ID photo: plain background, head and shoulders."""
    w, h = size
    im = Image.new("RGB", size, bg)
    d = ImageDraw.Draw(im)
    d.ellipse((w * 0.05, h * 0.68, w * 0.95, h * 1.35), fill=(30, 30, 38))  # jacket
    d.rectangle((w * 0.42, h * 0.58, w * 0.58, h * 0.72), fill=(224, 182, 150))  # neck
    d.ellipse((w * 0.28, h * 0.18, w * 0.72, h * 0.66), fill=(232, 190, 160))  # face
    d.chord((w * 0.26, h * 0.12, w * 0.74, h * 0.5), 180, 360, fill=(20, 18, 18))  # hair
    for ex in (0.40, 0.60):
        d.ellipse((w * ex - 8, h * 0.40 - 5, w * ex + 8, h * 0.40 + 5), fill=(30, 25, 25))
    d.arc((w * 0.42, h * 0.50, w * 0.58, h * 0.58), 20, 160, fill=(170, 70, 70), width=3)
    return im.filter(ImageFilter.GaussianBlur(1.2))


def signature(im: Image.Image, x: int = 800, y: int = 1450) -> Image.Image:
    d = ImageDraw.Draw(im)
    pts = [(x + i * 6, y + 25 * math.sin(i / 3.0) + (i % 7) * 2) for i in range(40)]
    d.line(pts, fill=(20, 30, 90), width=3, joint="curve")
    d.line([(x + 20, y - 20), (x + 60, y + 40), (x + 110, y - 10)], fill=(20, 30, 90), width=3)
    return im


# ---------------------------------------------------------------- is_blank


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_blank_scan_with_noise_and_shading_is_blank(seed):
    im = jpeg_roundtrip(paper(noise=8, shade=25, seed=seed), quality=60)
    r = ia.is_blank(im)
    assert r.blank, r
    assert r.ink_fraction < ia.BLANK_INK_FRACTION


def test_blank_phone_photo_of_grey_paper_is_blank():
    # underexposed grey sheet with strong vignette, no content
    im = paper(tint=(190, 188, 180), shade=60, noise=12)
    r = ia.is_blank(jpeg_roundtrip(im, 50))
    assert r.blank, r


def test_pure_white_png_is_blank():
    r = ia.is_blank(Image.new("L", (800, 1100), 255))
    assert r.blank and r.ink_fraction == 0.0 and r.stddev == 0.0


def test_text_page_not_blank():
    r = ia.is_blank(jpeg_roundtrip(text_page()))
    assert not r.blank, r
    assert r.ink_fraction > 0.01


def test_one_line_of_text_not_blank():
    r = ia.is_blank(jpeg_roundtrip(text_page(["以下空白。"], start_y=800)))
    assert not r.blank, r


def test_one_short_line_of_small_print_not_blank():
    # 5 characters of ~7 pt text (14 px at 150 dpi)
    r = ia.is_blank(jpeg_roundtrip(text_page(["以下空白。"], start_y=800, size=14)))
    assert not r.blank, r


def test_dust_specks_still_blank():
    im = paper()
    d = ImageDraw.Draw(im)
    rnd = random.Random(5)
    for _ in range(30):
        x, y = rnd.randrange(100, 1100), rnd.randrange(100, 1600)
        d.ellipse((x, y, x + 3, y + 3), fill=(60, 60, 60))
    r = ia.is_blank(jpeg_roundtrip(im))
    assert r.blank, r


@pytest.mark.parametrize("seed", range(6))
def test_ink_counted_in_long_runs_never_exceeds_what_the_speck_search_keeps(seed):
    """The top of a page is called inked from its long runs of ink before any speck search: a count that must
    never exceed the search's, whatever marks a mask holds (specks, strokes, marks at its edges)."""
    rnd = random.Random(seed)
    for _ in range(150):
        w, h = rnd.randint(1, 160), rnd.randint(1, 60)
        mask = Image.new("L", (w, h), 0)
        d = ImageDraw.Draw(mask)
        for _ in range(rnd.randint(0, 30)):
            x, y, size = rnd.randrange(w), rnd.randrange(h), rnd.choice([0, 0, 1, 2, 3, 4, 8])
            d.rectangle((x, y, x + rnd.randint(0, size), y + rnd.randint(0, size)), fill=255)
        kept = ia._kept_ink_pixels(mask)
        assert ia._ink_in_long_runs(mask, 0) <= kept and ia._ink_in_long_runs(mask, 10**9) <= kept


def test_a_top_of_text_is_inked_and_a_top_of_dust_is_not():
    page = jpeg_roundtrip(text_page(BODY[:3]))
    thumb = ia._thumbnail(page)
    assert ia.top_is_inked(thumb.crop((0, 0, thumb.width, thumb.height // 3)), thumb.size)
    dusty = paper()
    d = ImageDraw.Draw(dusty)
    rnd = random.Random(7)
    for _ in range(400):  # specks of 2 × 2 px: more ink than a top needs, were each not too small to be a mark
        x, y = rnd.randrange(60, 1180), rnd.randrange(60, 560)
        d.rectangle((x, y, x + 1, y + 1), fill=(30, 30, 30))
    thumb = ia._thumbnail(jpeg_roundtrip(dusty))
    assert not ia.top_is_inked(thumb.crop((0, 0, thumb.width, thumb.height // 3)), thumb.size)


def test_signature_alone_not_blank():
    r = ia.is_blank(jpeg_roundtrip(signature(paper())))
    assert not r.blank, r


def test_seal_alone_not_blank():
    r = ia.is_blank(jpeg_roundtrip(stamp(paper(), (900, 1400))))
    assert not r.blank, r


def test_blank_thresholds_are_keywords():
    im = text_page(["以下空白。"], start_y=800)
    assert ia.is_blank(im, ink_fraction_threshold=0.5, std_threshold=255).blank


# ---------------------------------------------------------------- find_red_seal


def seal_over_text_page() -> Image.Image:
    page = text_page(BODY + ["新疆某某研究所（盖章）", "二〇二一年六月十五日"])
    return stamp(page, (380, 1120))


def test_seal_over_black_text_found():
    im = jpeg_roundtrip(seal_over_text_page(), 75)
    r = ia.find_red_seal(im)
    assert r.found, r
    assert r.score >= ia.SEAL_SCORE
    # box roughly where we stamped it (diameter 42 mm ~ 248 px at 150 dpi)
    left, top, right, bottom = r.box
    assert abs((left + right) / 2 - 380) < 30 and abs((top + bottom) / 2 - 1120) < 30
    assert 200 < right - left < 300


def test_seal_found_in_rotated_dim_phone_photo():
    im = seal_over_text_page().resize((2480, 3508))
    im = im.rotate(4, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=(80, 70, 60))
    im = ImageChops.multiply(im, Image.new("RGB", im.size, (215, 205, 195)))  # dim light
    im = jpeg_roundtrip(im.filter(ImageFilter.GaussianBlur(1.5)), 60)
    r = ia.find_red_seal(im)
    assert r.found, r


def test_faded_pink_seal_found():
    im = stamp(text_page(), (900, 1450), color=(228, 105, 115), diameter_mm=40)
    assert ia.find_red_seal(jpeg_roundtrip(im)).found


def test_red_title_and_rule_is_not_a_seal():
    im = jpeg_roundtrip(red_title_page(), 75)
    r = ia.find_red_seal(im)
    assert not r.found, r


@pytest.mark.parametrize("title", ["新疆某某研究所文件", "中共某某委员会", "回国", "〇"])
def test_big_red_characters_are_not_a_seal(title):
    # few, very large red characters (a 20 mm 〇 is ring-like, but far smaller than a seal)
    im = paper()
    ImageDraw.Draw(im).text((PAGE[0] // 2, 300), title, fill=(220, 30, 35), font=font(120), anchor="mm")
    r = ia.find_red_seal(jpeg_roundtrip(im))
    assert not r.found, (title, r)


def test_red_filled_disc_is_not_a_seal():
    im = paper()
    ImageDraw.Draw(im).ellipse((500, 700, 750, 950), fill=(220, 30, 35))
    assert not ia.find_red_seal(im).found


def test_red_square_frame_is_not_a_seal():
    im = paper()
    ImageDraw.Draw(im).rectangle((500, 700, 750, 950), outline=(220, 30, 35), width=7)
    assert not ia.find_red_seal(im).found


def test_black_text_page_has_no_seal():
    r = ia.find_red_seal(jpeg_roundtrip(text_page()))
    assert not r.found and r.box is None


def test_red_background_id_photo_has_no_seal():
    assert not ia.find_red_seal(portrait_photo(bg=(210, 30, 40))).found


def test_seal_with_red_title_on_same_page_found():
    im = stamp(red_title_page(), (900, 1450))
    assert ia.find_red_seal(jpeg_roundtrip(im)).found


# ---------------------------------------------------------------- speed / robustness


def test_big_jpeg_uses_draft_and_is_fast():
    buf = io.BytesIO()
    seal_over_text_page().resize((3000, 4244)).save(buf, "JPEG", quality=85)
    data = buf.getvalue()
    t = time.perf_counter()
    for _ in range(3):
        im = Image.open(io.BytesIO(data))
        assert ia.find_red_seal(im).found
        im = Image.open(io.BytesIO(data))
        assert not ia.is_blank(im).blank
    per_image = (time.perf_counter() - t) / 3
    assert per_image < 1.5, per_image  # ~0.1 s on a 2-core CI box


def _as_mode(im: Image.Image, mode: str) -> Image.Image:
    return im.convert("L").convert("I;16") if mode == "I;16" else im.convert(mode)


@pytest.mark.parametrize("mode, colour", [("1", False), ("L", False), ("LA", False), ("I;16", False),
                                          ("P", True), ("RGBA", True), ("CMYK", True)])
def test_every_image_mode_reads_the_same_page(mode, colour):
    """A stamped page of text stored in any mode Pillow opens: never blank, and its seal is found
    exactly when the mode keeps colour (a grey scan of a seal shows no red)."""
    im = _as_mode(seal_over_text_page(), mode)
    assert not ia.is_blank(im).blank
    assert not ia.looks_blank(im)
    assert ia.find_red_seal(im).found is colour


@pytest.mark.parametrize("mode", ["1", "L", "LA", "P", "RGBA", "CMYK"])
def test_blank_paper_is_blank_in_every_8_bit_mode(mode):
    im = _as_mode(paper(), mode)
    assert ia.is_blank(im).blank and ia.looks_blank(im)
    assert not ia.find_red_seal(im).found
