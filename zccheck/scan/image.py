"""Image facts with Pillow: size, DPI, and a quick look (blank? red seal?) at reduced size; OCR
text when the OCR extra is installed and asked for."""

from __future__ import annotations

import dataclasses
import io
import math
import warnings
from dataclasses import dataclass

from PIL import Image

from zccheck.models import ImageFacts, PageFacts
from zccheck.scan import image_analysis

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
    ocr: object | None = None  # zccheck.scan.ocr_runner.OcrRunner
    ocr_max_pages: int = 3

    def draft_request(self, size: tuple[int, int]) -> tuple[int, int]:
        """What to ask JPEG draft() for: OCR reads text and needs resolution; the look needs a thumbnail."""
        if self.ocr is not None:
            return min(size[0], ANALYSIS_SIDE), min(size[1], ANALYSIS_SIDE)
        return draft_size(size, LOOK_SIDE)

    def _look(self, image: Image.Image) -> tuple[bool | None, bool | None, Image.Image]:
        """(blank?, red seal?, the thumbnail both looked at)."""
        try:
            image = image_analysis._thumbnail(image)  # once, for every look (each would make the same one)
        except Exception:
            pass
        try:
            blank = image_analysis.looks_blank(image)
        except Exception:
            blank = None
        try:
            seal = image_analysis.find_red_seal(image).found
        except Exception:
            seal = None
        return blank, seal, image

    def _ocr(self, image: Image.Image, page: int) -> str | None:
        if self.ocr is None or page > self.ocr_max_pages:
            return None
        return self.ocr.text(image, self.sha256, page)

    def page_facts(self, facts: PageFacts, image: Image.Image) -> PageFacts:
        image = _reduce(image, self.ocr is not None)
        blank, seal, _ = self._look(image)
        ocr_text = None if blank else self._ocr(image, facts.number)
        return dataclasses.replace(facts, blank=blank, seal=seal, ocr_text=ocr_text,
                                   width_px=image.width, height_px=image.height)

    def image_facts(self, data: bytes) -> tuple[ImageFacts | None, str | None, str]:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("error", Image.DecompressionBombWarning)
                image = Image.open(io.BytesIO(data))
                width, height, mode = image.size[0], image.size[1], image.mode
                dpi = image.info.get("dpi")
                if image.format == "JPEG":
                    image.draft("RGB", self.draft_request((width, height)))
                image.load()  # decodes: a truncated or corrupt file fails here
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as e:
            return None, "unreadable", f"图像像素过多 / too many pixels ({str(e)[:60]})"
        except Exception as e:
            return None, "unreadable", f"{type(e).__name__}: {str(e)[:100]}"
        try:
            image = _orient(image)
            if image.size != (width, height) and image.size == (height, width):
                width, height = height, width
        except Exception:
            pass
        dpi_pair = None
        if isinstance(dpi, tuple) and len(dpi) == 2:
            try:
                dpi_pair = (float(dpi[0]), float(dpi[1]))
            except (TypeError, ValueError, OverflowError):
                dpi_pair = None
            if dpi_pair and not all(math.isfinite(v) and 0 < v < 100_000 for v in dpi_pair):
                dpi_pair = None  # a damaged header's NaN or 0 dpi says nothing about the scan
        small = _reduce(image, self.ocr is not None)
        blank, seal, thumbnail = self._look(small)
        ocr_text = None if blank else self._ocr(small if max(small.size) >= 1500 else image, 1)
        return ImageFacts(width=width, height=height, dpi=dpi_pair, mode=mode, blank=blank, seal=seal,
                          ocr_text=ocr_text, paper_fraction=paper_fraction(thumbnail)), None, ""


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


def _orient(image: Image.Image) -> Image.Image:
    """Phone photos are stored sideways with an EXIF rotation; a portrait photo must read as portrait."""
    from PIL import ImageOps

    return ImageOps.exif_transpose(image) or image


def _reduce(image: Image.Image, for_ocr: bool = True) -> Image.Image:
    """RGB or grey, and (for OCR) at most 2×ANALYSIS_SIDE per side; the look makes its own thumbnail."""
    if image.mode == "1":  # a bilevel fax-style scan: 1 byte a pixel as grey, not 3 as RGB (600-dpi pages)
        image = image.convert("L")
    if image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    if for_ocr and max(image.size) > ANALYSIS_SIDE * 2:
        image = image.copy()
        image.thumbnail((ANALYSIS_SIDE * 2, ANALYSIS_SIDE * 2))
    return image
