"""Quick, pure-Pillow looks at page images: blank page, red official seal.

Every function takes a PIL image and works on a thumbnail of at most
:data:`THUMB_SIDE` pixels, so it costs milliseconds even for 12-MP phone
photos.  An *unloaded* JPEG (straight from ``Image.open``) is decoded in
libjpeg draft mode at 1/2..1/8 scale, which is much cheaper than a full
decode — note that draft mode reduces that image object in place, so pass
``image.copy()`` if you need it at full size afterwards.  The ID photo's
pixel size is checked against the rule pack's limits by
``zccheck.checks.photo_quality``, not here.

No numpy: everything is Pillow (``ImageFilter``/``ImageChops``/``ImageOps``)
plus a run-length connected-component pass in pure Python over a small
binary mask.
"""

from __future__ import annotations

import contextlib
import math
import re
from dataclasses import dataclass
from typing import cast

from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageOps

__all__ = [
    "THUMB_SIDE",
    "BlankCheck",
    "SealCheck",
    "find_red_seal",
    "is_blank",
    "looks_blank",
    "top_is_inked",
]

#: Analysis works on thumbnails no larger than this (pixels, longest side).
THUMB_SIDE = 512

# EXIF orientation values that swap width and height (90°/270° rotations).
_EXIF_ORIENTATION = 0x0112
_SWAPPING_ORIENTATIONS = {5, 6, 7, 8}


# --------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------


def _oriented_size(image: Image.Image) -> tuple[int, int]:
    """Pixel size as displayed, i.e. with the EXIF rotation applied."""
    w, h = image.size
    try:
        orientation = image.getexif().get(_EXIF_ORIENTATION)
    except Exception:  # noqa: BLE001 - broken EXIF must not matter
        orientation = None
    if orientation in _SWAPPING_ORIENTATIONS:
        return h, w
    return w, h


def flatten_to_rgb(image: Image.Image) -> Image.Image:
    """The image as 8-bit RGB, the way a page looks on paper: transparency flattened onto white, 16/32-bit
    and float greyscale scans stretched to 8 bits (not clipped). An RGB image comes back as it is."""
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        bg = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(bg, rgba).convert("RGB")
    if image.mode in ("I;16", "I;16B", "I;16L", "I", "F"):
        lo, hi = cast("tuple[float, float]", image.getextrema())  # one band: (low, high)
        span = (hi - lo) or 1
        return image.point(lambda v: (v - lo) * 255 / span).convert("L").convert("RGB")
    return image if image.mode == "RGB" else image.convert("RGB")


def _thumbnail(image: Image.Image, side: int = THUMB_SIDE) -> Image.Image:
    """RGB thumbnail (longest side <= ``side``), EXIF rotation not applied."""
    w, h = image.size
    if w <= 0 or h <= 0:
        raise ValueError(f"empty image {w}x{h}")
    if getattr(image, "format", None) == "JPEG" and max(w, h) > side:
        # draft() only acts before load(); it picks the largest 1/2^k scale
        # that still yields at least the requested size.
        t = side / max(w, h)
        with contextlib.suppress(Exception):  # a draft is only a speed-up: without it the full decode
            image.draft("RGB", (max(1, math.ceil(w * t)), max(1, math.ceil(h * t))))
    image = flatten_to_rgb(image)
    if max(image.size) > side:
        # BOX: the area average, a third cheaper than bilinear for the 1.2–2× reductions a draft leaves.
        # Pillow's thumbnail() would do the same resize, but in place: on a copy of the whole page.
        image = image.resize(thumbnail_size(image.size, side), Image.Resampling.BOX, reducing_gap=2.0)
    return image


def thumbnail_size(size: tuple[int, int], side: int) -> tuple[int, int]:
    """The size Pillow's thumbnail((side, side)) gives an image of `size`: the aspect kept, each side rounded
    the way that keeps it best."""
    width, height = size
    aspect = width / height
    if aspect <= 1:
        return max(min(math.floor(side * aspect), math.ceil(side * aspect), key=lambda n: abs(aspect - n / side)), 1), side
    return side, max(min(math.floor(side / aspect), math.ceil(side / aspect),
                         key=lambda n: 0 if n == 0 else abs(aspect - side / n)), 1)


def _count_nonzero(mask: Image.Image) -> int:
    """Number of non-zero pixels of an 'L' image."""
    return mask.size[0] * mask.size[1] - mask.histogram()[0]


def _dilate(mask: Image.Image, radius: int) -> Image.Image:
    """MaxFilter(2·radius+1) of a 0/255 mask, five times faster: any ink in the box makes its mean > 0
    (Pillow's rank filters sort every window; the box blur is a running sum)."""
    return _threshold(mask.filter(ImageFilter.BoxBlur(radius)), 0)


def _erode(mask: Image.Image, radius: int) -> Image.Image:
    """MinFilter(2·radius+1) of a 0/255 mask: only a box full of ink keeps its mean at 255."""
    return _threshold(mask.filter(ImageFilter.BoxBlur(radius)), 254)


def _threshold(gray: Image.Image, level: int) -> Image.Image:
    """'L' mask: 255 where gray > level."""
    return gray.point(_above(level))


def _above(level: int) -> list[int]:
    """Lookup table of a threshold: 255 above `level`, else 0 (a list, not a lambda Pillow calls 256 times)."""
    return [0] * (level + 1) + [255] * (255 - level)


# --------------------------------------------------------------------------
# blank page
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class BlankCheck:
    """``ink_fraction``: share of thumbnail pixels clearly darker than the
    local paper; ``stddev``: grey-level standard deviation after the paper's
    shading is removed (0 for a perfectly flat page)."""

    blank: bool
    ink_fraction: float
    stddev: float


#: Grey levels below the local paper brightness that count as ink.
BLANK_INK_DELTA = 50
#: Marks smaller than this many thumbnail pixels (~1.6 mm on an A4 page at
#: 512 px) are specks, not content.
BLANK_MIN_MARK = 3
#: Default thresholds of :func:`is_blank` (see notes/ocr.md for measurements).
BLANK_INK_FRACTION = 0.00015
BLANK_STDDEV = 12.0
#: Margin (share of each side) ignored: scanner edge shadows, punch holes.
BLANK_MARGIN = 0.03


def _ink_image(gray: Image.Image) -> Image.Image:
    """How much darker each pixel is than the local paper (0 = paper)."""
    w, h = gray.size
    # Paper brightness: max over ~1/16-page windows of a 1/8-scale copy (the
    # max ignores text), smoothed, scaled back up.  Removes lighting gradients
    # and yellowed paper while keeping strokes.
    small = gray.reduce(8) if min(w, h) >= 64 else gray
    bg = small.filter(ImageFilter.MaxFilter(5)).filter(ImageFilter.GaussianBlur(2))
    bg = bg.resize((w, h), Image.Resampling.BILINEAR)
    return ImageChops.subtract(bg, gray)


def is_blank(
    image: Image.Image,
    *,
    std_threshold: float = BLANK_STDDEV,
    ink_fraction_threshold: float = BLANK_INK_FRACTION,
) -> BlankCheck:
    """Is this a (nearly) uniform page or photo?

    The paper's shading is removed first (see :func:`_ink_image`); pixels
    more than :data:`BLANK_INK_DELTA` grey levels darker than the local paper
    are ink, except specks smaller than :data:`BLANK_MIN_MARK` (dust, JPEG
    noise).  Blank means *both* ``ink_fraction < ink_fraction_threshold``
    and ``stddev < std_threshold`` (a flat page; catches faint content that
    never reaches the ink level).  One short line of small text, a
    signature or a seal makes a page non-blank.
    """
    ink, stddev = _ink_and_stddev(image)
    ink_fraction = _ink_fraction(ink)
    blank = ink_fraction < ink_fraction_threshold and stddev < std_threshold
    return BlankCheck(blank=blank, ink_fraction=ink_fraction, stddev=round(stddev, 3))


def looks_blank(
    image: Image.Image,
    *,
    std_threshold: float = BLANK_STDDEV,
    ink_fraction_threshold: float = BLANK_INK_FRACTION,
) -> bool:
    """``is_blank(image).blank``, sooner: a page whose ink image varies at least ``std_threshold``
    is not blank whatever its specks, so the speck analysis (the costly part on a page of text) is
    only done for nearly flat pages."""
    ink, stddev = _ink_and_stddev(image)
    return stddev < std_threshold and _ink_fraction(ink) < ink_fraction_threshold


def _ink_and_stddev(image: Image.Image) -> tuple[Image.Image, float]:
    """The ink image of the page inside its margins (see :func:`_ink_image`) and its grey-level spread."""
    gray = ImageOps.grayscale(_thumbnail(image))
    w, h = gray.size
    mx, my = int(w * BLANK_MARGIN), int(h * BLANK_MARGIN)
    if w - 2 * mx >= 16 and h - 2 * my >= 16:
        gray = gray.crop((mx, my, w - mx, h - my))
    ink = _ink_image(gray)
    return ink, _stddev(ink)


def _ink_fraction(ink: Image.Image) -> float:
    """Share of pixels that are ink, specks smaller than BLANK_MIN_MARK left out."""
    total = ink.size[0] * ink.size[1]
    return _ink_pixels(ink) / total if total else 0.0


def _ink_pixels(ink: Image.Image) -> int:
    """Pixels of the ink image that are ink, specks smaller than BLANK_MIN_MARK left out."""
    return _kept_ink_pixels(_threshold(ink, BLANK_INK_DELTA))


def _kept_ink_pixels(mask: Image.Image) -> int:
    """_ink_pixels of an ink mask."""
    ink_pixels = _count_nonzero(mask)
    if ink_pixels:
        # drop isolated specks: group nearby marks, keep groups >= BLANK_MIN_MARK
        keep = Image.new("L", mask.size, 0)
        draw = ImageDraw.Draw(keep)
        kept = False
        for left, top, right, bottom, _n in _components(_dilate(mask, 1)):
            if max(right - left, bottom - top) - 2 >= BLANK_MIN_MARK:
                draw.rectangle((left, top, right - 1, bottom - 1), fill=255)
                kept = True
        ink_pixels = _count_nonzero(ImageChops.darker(mask, keep)) if kept else 0
    return ink_pixels


#: How much more ink than the blank threshold the top of a page must hold before the rest of it is
#: not looked at (see :func:`top_is_inked`): a title line alone is some 50 times the threshold.
TOP_INK_MARGIN = 10


def top_is_inked(top: Image.Image, page_size: tuple[int, int]) -> bool:
    """Whether ``top``, the upper part of a page of ``page_size`` pixels (same scale, at most
    :data:`THUMB_SIDE` a side), holds :data:`TOP_INK_MARGIN` times the ink that makes a whole page
    non-blank: then the page is not blank, whatever the rest holds. False says nothing."""
    w, h = page_size
    mx, my = int(w * BLANK_MARGIN), int(h * BLANK_MARGIN)
    gray = ImageOps.grayscale(top)
    if gray.size[0] - 2 * mx < 16 or gray.size[1] - my < 16 or w - 2 * mx < 16 or h - 2 * my < 16:
        return False
    gray = gray.crop((mx, my, gray.size[0] - mx, gray.size[1]))
    page_area = (w - 2 * mx) * (h - 2 * my)
    needed = TOP_INK_MARGIN * BLANK_INK_FRACTION * page_area
    mask = _threshold(_ink_image(gray), BLANK_INK_DELTA)
    if _count_nonzero(mask) < needed:
        return False  # not even counting its specks
    # The marks of a page's text lie in long runs: counted so first, no speck search (a third of a no-OCR batch's
    # look at scanned PDFs) is needed to tell that a top holds ink enough.
    return _ink_in_long_runs(mask, needed) >= needed or _kept_ink_pixels(mask) >= needed


def _ink_in_long_runs(mask: Image.Image, enough: float) -> int:
    """How many ink pixels of `mask` are the middle of a row of ink as long as a mark _kept_ink_pixels keeps
    (BLANK_MIN_MARK + 2) — and, when those are fewer than `enough`, of a row or a column: each lies in a mark it
    keeps, so the count is never more than it counts. A title's strokes give plenty (box blurs along rows, then
    columns, the mask padded with paper so that no run of ink reaches past its edges: a sixth of the time of the
    speck search, which runs a Python loop over every run)."""
    reach = (BLANK_MIN_MARK + 2) // 2
    w, h = mask.size
    padded = mask.crop((-reach, -reach, w + reach, h + reach))  # outside the mask: 0
    across = padded.filter(ImageFilter.BoxBlur((reach, 0))).point(_above(254))
    count = _count_nonzero(across)
    if count >= enough:
        return count
    down = padded.filter(ImageFilter.BoxBlur((0, reach))).point(_above(254))
    return _count_nonzero(ImageChops.lighter(across, down))


def _stddev(gray: Image.Image) -> float:
    hist = gray.histogram()
    n = sum(hist)
    if not n:
        return 0.0
    mean = sum(i * c for i, c in enumerate(hist)) / n
    var = sum(c * (i - mean) ** 2 for i, c in enumerate(hist)) / n
    return math.sqrt(var)


# --------------------------------------------------------------------------
# red seal
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class SealCheck:
    """``score`` 0..1 of the best candidate (ring-likeness); ``box`` is its
    bounding box ``(left, top, right, bottom)`` in the coordinates of the
    image passed in, or None."""

    found: bool
    score: float
    box: tuple[int, int, int, int] | None

    @property
    def near_miss(self) -> bool:
        """Not a seal, but a ring-like red shape that a larger copy of the page may show whole."""
        return not self.found and self.score >= SEAL_NEAR_SCORE


#: Seal diameter relative to the image's shorter side.  A 3.5–4.5 cm seal on
#: A4 (21 cm) is 0.17–0.21; photos with background and small certificates
#: widen the range.  Big red title characters (~20 mm) stay below 0.1.
SEAL_MIN_REL = 0.12
SEAL_MAX_REL = 0.5
#: Bounding box must be this square (short/long side); oval seals are ~0.7.
SEAL_MIN_ASPECT = 0.7
#: Red pixels / bounding-box area: a ring with text is ~0.1–0.4, a solid
#: disc 0.785; a thin outline stays above ~0.03.
SEAL_MIN_FILL = 0.03
SEAL_MAX_FILL = 0.6
#: Minimum score for ``found``.
SEAL_SCORE = 0.6
#: A score from this up to SEAL_SCORE is a near miss: a ring with a third or more of its rim (a thin rim
#: on a WeChat photo decoded at half its size breaks up). The scanner then looks at a larger decode.
SEAL_NEAR_SCORE = 0.2

_RAY_COUNT = 72


def _share_capped(share: float, cap: int) -> list[int]:
    """Lookup table of min(cap, share·v) − 1: a margin that grows with a pixel's red up to `cap`."""
    return [max(0, min(cap, int(share * v)) - 1) for v in range(256)]


# How far R must stand above G and above B: 70 and 50 in good light; in a dim photo the whole ink is
# darker (an ink of (200, 60, 60) is (81, 19, 24) under a desk lamp's shadow), so below R ≈ 127 the
# margin is a share of R — the hue, not the brightness, makes a pixel seal-red.
_RED_OVER_GREEN = _share_capped(0.55, 70)
_RED_OVER_BLUE = _share_capped(0.40, 50)
_RED_MIN = 60  # darker than this, JPEG noise gives any hue: no red is told


def _red_mask(rgb: Image.Image) -> Image.Image:
    """'L' mask of seal-red pixels: R clearly above G and B (by a margin that shrinks with the light:
    see _RED_OVER_GREEN), and not black.

    Catches pinkish/faded stamp ink (e.g. 230,110,120), saturated red and red in dim light (81,19,24);
    rejects black/grey text, skin and brown wood tones (G more than half of R).
    """
    r, g, b = rgb.split()
    rg = ImageChops.subtract(r, g)  # R - G, clamped at 0
    rb = ImageChops.subtract(r, b)
    m1 = ImageChops.subtract(rg, r.point(_RED_OVER_GREEN)).point(_above(0))
    m2 = ImageChops.subtract(rb, r.point(_RED_OVER_BLUE)).point(_above(0))
    m3 = r.point(_above(_RED_MIN - 1))
    return ImageChops.darker(ImageChops.darker(m1, m2), m3)


def _components(mask: Image.Image) -> list[tuple[int, int, int, int, int]]:
    """8-connected components of a 0/255 'L' mask by run-length union-find.

    Returns ``(left, top, right, bottom, pixel_count)`` with exclusive
    right/bottom.  Cost is linear in the number of runs, not pixels.
    """
    w, h = mask.size
    data = mask.tobytes()
    run_re = re.compile(rb"[^\x00]+")
    parent: list[int] = []

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    runs: list[tuple[int, int, int]] = []  # (y, x0, x1)
    prev: list[int] = []  # run ids of previous row
    for y in range(h):
        row = data[y * w : (y + 1) * w]
        cur: list[int] = []
        j = 0
        for m in run_re.finditer(row):
            x0, x1 = m.start(), m.end()
            rid = len(runs)
            runs.append((y, x0, x1))
            parent.append(rid)
            # 8-connectivity: previous-row runs overlapping [x0-1, x1+1)
            while j < len(prev) and runs[prev[j]][2] < x0:
                j += 1
            k = j
            while k < len(prev) and runs[prev[k]][1] <= x1:
                a, b = find(rid), find(prev[k])
                if a != b:
                    parent[a] = b
                k += 1
            cur.append(rid)
        prev = cur

    comps: dict[int, list[int]] = {}
    for rid, (y, x0, x1) in enumerate(runs):
        root = find(rid)
        c = comps.get(root)
        if c is None:
            comps[root] = [x0, y, x1, y + 1, x1 - x0]
        else:
            c[0] = min(c[0], x0)
            c[2] = max(c[2], x1)
            c[3] = y + 1
            c[4] += x1 - x0
    return [tuple(c) for c in comps.values()]  # type: ignore[misc]


#: The red mask is taken at up to this many pixels a side, then shrunk: a thin rim (a small seal on a
#: phone photo, WeChat's compression) averages into pink on the thumbnail and would be lost there.
RED_MASK_SIDE = 2 * THUMB_SIDE


def _red_mask_kept_thin(larger: Image.Image, thumb: Image.Image) -> Image.Image:
    """The red mask at the thumbnail's size, found on the larger copy and shrunk so that any red in a
    thumbnail pixel's area counts: thin strokes survive, the shapes stay those of the thumbnail."""
    if larger.size == thumb.size:
        return _red_mask(thumb)
    # BOX then a low threshold: a thumbnail pixel is red when a sixth of its area was.
    return _red_mask(larger).resize(thumb.size, Image.Resampling.BOX).point(_above(42))


def _ring_score(
    red: Image.Image, box: tuple[int, int, int, int]
) -> tuple[float, float, float]:
    """(angular coverage of the rim, share of red outside the inscribed
    ellipse, fill ratio) of the red mask within ``box``."""
    left, top, right, bottom = box
    bw, bh = right - left, bottom - top
    crop = red.crop(box)
    data = crop.tobytes()
    cx, cy = bw / 2.0, bh / 2.0
    ax, ay = bw / 2.0, bh / 2.0

    # Angular coverage: along each ray, is there red in 0.84..1.06 of the
    # ellipse radius?  A ring covers ~all angles, even with breaks where
    # black text crosses it; a character or a bar does not.
    covered = 0
    radii = [0.84 + 0.02 * i for i in range(12)]
    for k in range(_RAY_COUNT):
        a = 2 * math.pi * k / _RAY_COUNT
        ca, sa = math.cos(a), math.sin(a)
        for rr in radii:
            x = int(cx + ca * ax * rr)
            y = int(cy + sa * ay * rr)
            if 0 <= x < bw and 0 <= y < bh and data[y * bw + x]:
                covered += 1
                break
    coverage = covered / _RAY_COUNT

    total = _count_nonzero(crop)
    if total == 0:
        return 0.0, 1.0, 0.0
    # Red outside the ellipse grown by 8%: ~0 for a ring (its corners are
    # empty); large for square characters and rectangles.
    ell = Image.new("L", (bw, bh), 255)
    g = 0.08
    ImageDraw.Draw(ell).ellipse(
        (-bw * g / 2, -bh * g / 2, bw * (1 + g / 2) - 1, bh * (1 + g / 2) - 1), fill=0
    )
    outside = _count_nonzero(ImageChops.darker(crop, ell)) / total
    fill = total / float(bw * bh)
    return coverage, outside, fill


SEAL_MIN_RED_FRACTION = 0.0005


#: Components of red considered for joining (the largest ones): a seal is a few arcs at most.
SEAL_MAX_PARTS = 12
#: Components gathered around each of those into one box: a faded or recompressed rim in many arcs.
SEAL_MAX_GATHERED = 64


def _joined(a: tuple[int, ...], b: tuple[int, ...]) -> tuple[int, int, int, int]:
    return min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3])


def _seal_candidates(components: list[tuple[int, int, int, int, int]],
                     max_diameter: float) -> list[tuple[int, int, int, int]]:
    """The boxes that may hold a seal: each red region, each pair of regions joined, and each large
    region with the regions nearest it gathered while they fit in a seal. A seal is stamped over the
    unit's name and the date (骑字盖章), so a line of black text can cut its ring in two arcs that no
    small dilation rejoins; a faded rim, or one a phone's JPEG was compressed again, breaks into many
    arcs. The joined box is then the seal's, and the rim test on it decides as for one region (text,
    gathered the same way, fails that test: it fills the box's corners and leaves its rim open)."""
    boxes = [(left, top, right, bottom) for left, top, right, bottom, _n in components]
    by_size = sorted(components, key=lambda c: -c[4])
    largest, gatherable = by_size[:SEAL_MAX_PARTS], by_size[:SEAL_MAX_GATHERED]
    limit = max_diameter + 4
    for i, a in enumerate(largest):
        for b in largest[i + 1:]:
            joined = _joined(a, b)
            if max(joined[2] - joined[0], joined[3] - joined[1]) <= limit:
                boxes.append(joined)
        cx, cy = (a[0] + a[2]) / 2, (a[1] + a[3]) / 2
        box = _joined(a, a)
        for b in sorted(gatherable, key=lambda c: abs((c[0] + c[2]) / 2 - cx) + abs((c[1] + c[3]) / 2 - cy)):
            joined = _joined(box, b)
            if max(joined[2] - joined[0], joined[3] - joined[1]) <= limit:
                box = joined
        boxes.append(box)
    return boxes


def find_red_seal(image: Image.Image, thumb: Image.Image | None = None) -> SealCheck:
    """Look for a red circular (or oval) official seal (红色公章).

    Red pixels are grouped into connected regions after a small dilation (so
    a ring broken by black text over it, and adjacent characters of a red
    title, join up).  A region counts as a seal when its box is roughly
    square, its size plausible for a 3.5–4.5 cm seal relative to the page,
    its fill ratio ring-like (not a solid blob, not a hairline), red
    pixels go all round the rim and almost none lie in the box corners.
    Red title text (红头) and red rules fail on squareness or on the rim test.

    `image` is the page at up to RED_MASK_SIDE a side or more (a smaller copy loses thin rims); `thumb`,
    its THUMB_SIDE thumbnail when the caller has made one for another look.
    """
    w0, h0 = image.size
    larger = _thumbnail(image, RED_MASK_SIDE)  # before the thumbnail: a JPEG's draft() is taken once
    if thumb is None or max(thumb.size) != min(THUMB_SIDE, max(larger.size)):
        thumb = _thumbnail(larger)
    tw, th = thumb.size
    scale_x, scale_y = w0 / tw, h0 / th
    red = _red_mask_kept_thin(larger, thumb)
    # The smallest plausible seal (0.12 of the short side, a rim 1/14 of its radius) covers about 0.1 % of
    # the page: with less red than half that there is no seal, and the costly shape analysis is skipped
    # (most scans carry a few red JPEG-noise pixels and nothing else).
    if _count_nonzero(red) < max(1, int(tw * th * SEAL_MIN_RED_FRACTION)):
        return SealCheck(False, 0.0, None)
    # Only the part of the page that holds red is analysed (a seal is a fifth of an A4 page): a margin
    # wider than the filters' reach keeps the result the same as on the whole page.
    left0, top0, right0, bottom0 = red.getbbox() or (0, 0, tw, th)
    margin = 6
    ox, oy = max(0, left0 - margin), max(0, top0 - margin)
    red = red.crop((ox, oy, min(tw, right0 + margin), min(th, bottom0 + margin)))
    cw, ch = red.size
    # close tiny gaps (JPEG, black strokes over the ring), then dilate more
    # for grouping only
    closed = _erode(_dilate(red, 1), 1)
    closed = ImageChops.lighter(closed, red)
    grouped = _dilate(closed, 2)

    short = min(tw, th)
    dmin, dmax = SEAL_MIN_REL * short, SEAL_MAX_REL * short
    best_score, best_box = 0.0, None
    for left, top, right, bottom in _seal_candidates(_components(grouped), dmax):
        # undo the 2-px growth of MaxFilter(5) on each side
        box = (
            max(0, left + 2),
            max(0, top + 2),
            min(cw, right - 2),
            min(ch, bottom - 2),
        )
        bw, bh = box[2] - box[0], box[3] - box[1]
        if bw <= 4 or bh <= 4:
            continue
        diameter = max(bw, bh)
        if not (dmin <= diameter <= dmax):
            continue
        aspect = min(bw, bh) / max(bw, bh)
        if aspect < SEAL_MIN_ASPECT:
            continue
        coverage, outside, fill = _ring_score(closed, box)
        if not (SEAL_MIN_FILL <= fill <= SEAL_MAX_FILL):
            continue
        score = coverage * max(0.0, 1.0 - 4.0 * outside)
        if score > best_score:
            best_score = score
            best_box = box
    if best_box is None:
        return SealCheck(False, 0.0, None)
    box_out = (
        int((best_box[0] + ox) * scale_x),
        int((best_box[1] + oy) * scale_y),
        math.ceil((best_box[2] + ox) * scale_x),
        math.ceil((best_box[3] + oy) * scale_y),
    )
    return SealCheck(best_score >= SEAL_SCORE, round(best_score, 4), box_out)
