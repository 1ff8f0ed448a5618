"""Image facts with Pillow: size, DPI, and a quick look (blank? red seal?) at reduced size; OCR
text when the OCR extra is installed and asked for."""

from __future__ import annotations

import contextlib
import dataclasses
import io
import math
import warnings
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable

from PIL import Image, ImageFile

from zccheck.models import FileProblem, ImageFacts, PageFacts
from zccheck.scan import image_analysis

if TYPE_CHECKING:
    from zccheck.scan.ocr_heading import HeadingRule
    from zccheck.scan.ocr_runner import OcrRunner

# Pillow refuses images over this many pixels (a decompression bomb is a tiny file that decodes to
# gigabytes); 120 MP still admits a 600-dpi A3 scan.
Image.MAX_IMAGE_PIXELS = 120_000_000
ANALYSIS_SIDE = 1024  # analyse at most this many pixels per side: JPEG draft decodes at 1/2–1/8 cost
# Without OCR only the blank/seal look needs pixels, and it looks at a 512-pixel thumbnail: decoding a
# 300-dpi scan at 1/4 scale (DCT scaling in libjpeg) is most of a batch's speed on a drive of scans.
# A 300-dpi A4 page decodes at 1/8 (438 px) rather than 1/4 (877 px) when the look accepts a little less
# than its 512-px thumbnail: the DCT's 8×8 averaging is the same smoothing the thumbnail would apply.
LOOK_SIDE = int(image_analysis.THUMB_SIDE * 0.75)


def draft_size(size: tuple[int, int], side: int) -> tuple[int, int]:
    """The size to ask JPEG draft() for: the image scaled so its longer side is `side` (draft then picks
    the largest 1/2^k reduction that is still at least that big)."""
    w, h = size
    t = min(1.0, side / max(w, h, 1))
    return max(1, math.ceil(w * t)), max(1, math.ceil(h * t))


@dataclass
class ImageAnalyzer:
    """Looks at the images of one file. `sha256` keys the OCR cache; `ocr` is None when OCR is off."""

    sha256: str
    ocr: OcrRunner | None = None
    ocr_max_pages: int = 3
    # Only the blank look is wanted (the file's item is checked for no seal and no photo): a scan whose
    # top already shows plenty of ink is not decoded further (see inked_top).
    blank_only: bool = False
    # With OCR: the file's path says nothing of its item, so its first page is read top first, and only
    # its top when that settles the file (zccheck.scan.ocr_heading).
    heading: HeadingRule | None = None
    # Its scans are looked at for a red seal (the file may be an item that checks for one); else `seal` is None.
    seal_look: bool = True
    _settled_by_top: bool = field(default=False, init=False)
    _next_pages_rule: HeadingRule | None = field(default=None, init=False)  # the first page settled only itself

    def inked_top(self, data: bytes) -> tuple[int, int] | None:
        """For a baseline JPEG (a scan, or a scanned PDF page): decode only its first QUICK_SHARE of
        bytes (the top of the page) and, when that holds plenty of ink, the page is not blank — the
        decoded size is returned and the rest of the file is never decoded. None: look at it whole.
        Huffman decoding is most of a scan's cost, and it cannot skip: only reading less saves."""
        if not self.blank_only or self.ocr is not None or len(data) < QUICK_MIN_BYTES:
            return None
        cut = int(len(data) * QUICK_SHARE)
        if data.rfind(b"\xff\xd9", cut) == -1:
            return None  # no end-of-image marker past the part read: a truncated file, decoded whole to say so
        try:
            image = Image.open(io.BytesIO(data[:cut]))
            if image.format != "JPEG" or image.mode not in ("RGB", "L") or "progressive" in image.info \
                    or "progression" in image.info:
                return None  # CMYK and progressive files fill what is missing otherwise: looked at whole
            image.draft("RGB", draft_size(image.size, LOOK_SIDE))
            with _truncated_allowed():
                image.load()
            gray = image.convert("L")
        except Exception:
            return None
        rows = _decoded_rows(gray)
        if rows is None or rows < 32:
            return None
        return gray.size if _top_inked(gray.crop((0, 0, gray.width, rows)), gray.size) else None

    def quick_band_facts(self, facts: PageFacts, band: Image.Image, page_size: tuple[int, int]) -> PageFacts | None:
        """quick_page_facts for a page drawn in bands (scan.pdf.page_bands): its top band, decoded alone at
        the page's scale (`page_size`), shows ink enough that the page is not blank; None: look at it whole."""
        if not self.blank_only or self.ocr is not None or not _top_inked(band.convert("L"), page_size):
            return None
        return dataclasses.replace(facts, blank=False, width_px=page_size[0], height_px=page_size[1])

    def quick_top_facts(self, facts: PageFacts, top: Image.Image, page_size: tuple[int, int]) -> PageFacts | None:
        """page_facts from a page's top rows alone (`top`, of a page of `page_size`; scan.pdf decodes no more of
        a page stored row by row): ink enough there and the page is not blank. For a black-and-white page
        (mode "1") that is all there is to ask without OCR; a grey or colour one only when the file's item
        needs no more than the blank look. None: look at it whole."""
        if self.ocr is not None or (top.mode != "1" and not self.blank_only):
            return None
        factor = max(1, max(page_size) // ANALYSIS_SIDE)  # as page_facts: a box-reduced grey copy, then the look
        small_page = (-(-page_size[0] // factor), -(-page_size[1] // factor))  # the sizes reduce() gives
        if not _top_inked(top.convert("L").reduce(factor), small_page):
            return None
        seal = None if top.mode == "1" else facts.seal  # no colour: a red seal cannot be told (see _look)
        return dataclasses.replace(facts, blank=False, seal=seal, width_px=page_size[0], height_px=page_size[1])

    def draft_request(self, size: tuple[int, int]) -> tuple[int, int]:
        """What to ask JPEG draft() for: OCR reads text and needs resolution; the look needs a thumbnail."""
        if self.ocr is not None:
            return min(size[0], ANALYSIS_SIDE), min(size[1], ANALYSIS_SIDE)
        return draft_size(size, LOOK_SIDE)

    def _look(self, image: Image.Image,
              closer: Callable[[], Image.Image] | None = None) -> tuple[bool | None, bool | None, Image.Image]:
        """(blank?, red seal?, the thumbnail both looked at). `closer`: the page decoded at up to
        RED_MASK_SIDE, for a second look at a near-miss seal when `image` is smaller than that."""
        try:
            thumbnail = image_analysis._thumbnail(image)  # once, for every look
        except Exception:
            thumbnail = image
        try:
            blank = image_analysis.looks_blank(thumbnail)
        except Exception:
            blank = None
        try:
            # A grey or black-and-white page shows no red, sealed or not: no search for one, and no verdict
            # (None: a person looks). "No seal" would fail a sealed 公示 copied in black and white.
            seal: bool | None = (None if not self.seal_look or image.mode in ("1", "L")
                                 else self._seal(image, thumbnail, closer))
        except Exception:
            seal = None
        return blank, seal, thumbnail

    def _seal(self, image: Image.Image, thumbnail: Image.Image, closer: Callable[[], Image.Image] | None) -> bool:
        """A thin rim (a WeChat photo) fades into pink on the thumbnail: the red mask is taken on a copy of
        up to RED_MASK_SIDE. With OCR the page is decoded that large anyway; without, only a near miss on
        the thumbnail is looked at again closer (most pages have no red, or a seal plain at any size)."""
        if self.ocr is not None:
            return image_analysis.find_red_seal(image, thumbnail).found
        check = image_analysis.find_red_seal(thumbnail, thumbnail)
        if check.near_miss:
            larger = closer() if closer is not None and max(image.size) < image_analysis.RED_MASK_SIDE else image
            check = image_analysis.find_red_seal(larger)
        return check.found

    def _ocr(self, image: Image.Image, page: int, image_of: str = "") -> str | None:
        if self.ocr is None or page > self.ocr_max_pages or self._settled_by_top:
            return None
        # `image_of` names what the page's image is made of when it is not one picture (a page of bands:
        # "bands"): part of the OCR cache key, so that no text read from a single band is ever served.
        content = f"{self.sha256}+{image_of}" if image_of else self.sha256
        rule = self.heading if page == 1 else self._next_pages_rule
        result = self.ocr.read(image, content, page, rule)
        if result is None:
            return None
        if page == 1 and not result.complete and rule is not None:
            # The first page's title settled the file as an item that reads no words: the next pages' words
            # would change nothing either (the file's item is its first page's title). Or it settled only
            # the page (a certificate that named its holder and year): the next are read under the rule it says.
            try:
                self._next_pages_rule = rule.next_pages(result.lines)
            except Exception:  # noqa: BLE001 - a rule that fails on a page's words: its later pages are read whole
                self._next_pages_rule = None
                return result.text
            self._settled_by_top = self._next_pages_rule is None
        return result.text

    def quick_page_facts(self, facts: PageFacts, jpeg: bytes) -> PageFacts | None:
        """A scanned PDF page from its JPEG's top alone (see inked_top), or None."""
        size = self.inked_top(jpeg)
        if size is None:
            return None
        return dataclasses.replace(facts, blank=False, width_px=size[0], height_px=size[1])

    def page_facts(self, facts: PageFacts, image: Image.Image,
                   closer: Callable[[], Image.Image] | None = None, image_of: str = "") -> PageFacts:
        """The look (and with OCR the words) of a page that is an image; `closer`: see _look; `image_of`:
        see _ocr."""
        if image.mode == "1" and self.ocr is None:
            # A black-and-white page (CCITT, JBIG2: fax-mode scanners at 300–600 dpi) has no colour to
            # look for: judged from a box-reduced grey copy, 1/4 of the time of the whole page.
            size = image.size
            small = image.convert("L").reduce(max(1, max(size) // ANALYSIS_SIDE))
            blank, _, _ = self._look(small)
            return dataclasses.replace(facts, blank=blank, seal=None, width_px=size[0], height_px=size[1])
        image = _reduce(image, self.ocr is not None)
        blank, seal, _ = self._look(image, closer)
        ocr_text = None if blank else self._ocr(image, facts.number, image_of)
        return dataclasses.replace(facts, blank=blank, seal=seal, ocr_text=ocr_text,
                                   width_px=image.width, height_px=image.height)

    def image_facts(self, data: bytes) -> tuple[ImageFacts | None, FileProblem | None, str]:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("error", Image.DecompressionBombWarning)
                image = Image.open(io.BytesIO(data))
                mode, dpi = image.mode, image.info.get("dpi")
                width, height = image_analysis._oriented_size(image)  # as shown: a phone's EXIF rotation applied
                if image.format == "JPEG" and self.inked_top(data) is not None:
                    return ImageFacts(width=width, height=height, dpi=_dpi_pair(dpi), mode=mode, blank=False), None, ""
                if image.format == "JPEG":
                    image.draft("RGB", self.draft_request(image.size))
                image.load()  # decodes: a truncated or corrupt file fails here
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            return None, "unreadable", "too-many-pixels"  # worded when reporting (PHRASES)
        except Exception as e:
            return None, "unreadable", f"{type(e).__name__}: {str(e)[:100]}"
        shown: Image.Image = image
        try:
            shown = upright(image)
        except Exception:
            pass
        dpi_pair = _dpi_pair(dpi)
        small = _reduce(shown, self.ocr is not None)
        blank, seal, thumbnail = self._look(small, lambda: upright(decoded_for_seal(data)))
        ocr_text = None if blank else self._ocr(small if max(small.size) >= 1500 else shown, 1)
        return ImageFacts(width=width, height=height, dpi=dpi_pair, mode=mode, blank=blank, seal=seal,
                          ocr_text=ocr_text, paper_fraction=paper_fraction(thumbnail)), None, ""


def _top_inked(top: Image.Image, page_size: tuple[int, int]) -> bool:
    """Whether `top` (grey), the upper part of a page of `page_size`, shows ink enough that the page is
    not blank (image_analysis.top_is_inked, at the thumbnail's scale)."""
    scale = min(1.0, image_analysis.THUMB_SIDE / max(page_size))
    page = (max(1, round(page_size[0] * scale)), max(1, round(page_size[1] * scale)))
    if scale < 1.0:
        top = top.resize((page[0], max(1, round(top.height * scale))), Image.Resampling.BOX)
    try:
        return image_analysis.top_is_inked(top, page)
    except Exception:
        return False


def decoded_for_seal(data: bytes) -> Image.Image:
    """An image file (or a scanned page's JPEG) decoded for a second look at its seal: a JPEG at the
    reduction nearest RED_MASK_SIDE a side (draft), anything else whole."""
    image = Image.open(io.BytesIO(data))
    if image.format == "JPEG":
        image.draft("RGB", draft_size(image.size, image_analysis.RED_MASK_SIDE))
    image.load()
    return image


def _dpi_pair(dpi) -> tuple[float, float] | None:
    if not (isinstance(dpi, tuple) and len(dpi) == 2):
        return None
    try:
        pair = (float(dpi[0]), float(dpi[1]))
    except (TypeError, ValueError, OverflowError):
        return None
    if not all(math.isfinite(v) and 0 < v < 100_000 for v in pair):
        return None  # a damaged header's NaN or 0 dpi says nothing about the scan
    return pair


# The quick blank look (ImageAnalyzer.inked_top): the share of a JPEG's bytes decoded first, and the
# size below which a file is simply decoded whole.
QUICK_SHARE = 0.25
QUICK_MIN_BYTES = 256 * 1024
# Rows libjpeg fills when the data ends: flat mid-grey. A boundary MCU row is part real, part filler.
_FILLER = 128
_BOUNDARY_ROWS = 4


@contextlib.contextmanager
def _truncated_allowed():
    previous = ImageFile.LOAD_TRUNCATED_IMAGES
    ImageFile.LOAD_TRUNCATED_IMAGES = True
    try:
        yield
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = previous


def _decoded_rows(gray: Image.Image) -> int | None:
    """How many rows from the top of a truncated decode are real: up to the first row of pure filler,
    less the MCU row that may be only partly real. None when no filler row shows where the data ended
    (a decoder that fills otherwise): then nothing of it is trusted."""
    width, height = gray.size
    pixels = gray.tobytes()
    filler = bytes([_FILLER]) * width
    for row in range(height):
        if pixels[row * width:(row + 1) * width] == filler:
            return max(0, row - _BOUNDARY_ROWS)
    return None


def paper_fraction(image: Image.Image) -> float | None:
    """Share of near-white pixels: a scanned page is mostly paper, an ID photo hardly any."""
    try:
        gray = image.convert("L")
        factor = -(-max(gray.size) // 256)
        if factor > 1:
            gray = gray.reduce(factor)  # about 256 pixels a side: an area average, as cheap as it gets
        histogram = gray.histogram()
        total = sum(histogram)
        return round(sum(histogram[200:]) / total, 3) if total else None
    except Exception:
        return None


# EXIF orientations that turn or mirror the picture (1, or none, is upright)
_TURNED = frozenset(range(2, 9))


def upright(image: Image.Image) -> Image.Image:
    """Phone photos are stored sideways with an EXIF rotation; a portrait photo must read as portrait.
    An upright picture is returned as it is: Pillow's exif_transpose copies it (a 200-dpi page's 11.6 MB,
    held beside the engine's own copy while an OCR worker reads the page)."""
    from PIL import ExifTags, ImageOps

    with contextlib.suppress(Exception):  # broken EXIF: shown as stored
        if image.getexif().get(ExifTags.Base.Orientation, 1) in _TURNED:
            return ImageOps.exif_transpose(image) or image
    return image


def _reduce(image: Image.Image, for_ocr: bool = True) -> Image.Image:
    """RGB or grey, and (for OCR) as the engine takes it (ocr.bounded_for_engine); the look makes its own
    thumbnail."""
    if image.mode == "1":  # a bilevel fax-style scan: 1 byte a pixel as grey, not 3 as RGB (600-dpi pages)
        image = image.convert("L")
    if image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    if for_ocr:
        from zccheck.scan.ocr import bounded_for_engine  # imports nothing heavy: the engine loads on first use

        factor = _as_a_draft_would(image.size)
        if factor > 1:
            image = image.reduce(factor)
        image = bounded_for_engine(image)
    return image


def _as_a_draft_would(size: tuple[int, int]) -> int:
    """The whole factor a JPEG's draft() takes for OCR (ImageAnalyzer.draft_request: both sides at least
    ANALYSIS_SIDE): a 300-dpi A4 page is read at 1240 × 1754 whether it comes as a JPEG (reduced while decoded)
    or as raw pixels (a Flate-wrapped scan, a PNG, a CCITT or JBIG2 page, reduced here by averaging blocks).
    Before, such a page went to the engine at 2048 px by a bicubic resize of the whole page: 0.1 s a page, as
    much as the detection it feeds, and a different reading of the same scan by its container."""
    width, height = size
    scale = min(width // min(width, ANALYSIS_SIDE), height // min(height, ANALYSIS_SIDE)) if min(size) > 0 else 1
    return next(factor for factor in (8, 4, 2, 1) if scale >= factor)  # Pillow's JpegImageFile.draft
