"""OCR as the scanner uses it: each page recognised at most once, results cached by content hash
in the user's cache directory (never in the applicant's folder)."""

from __future__ import annotations

from dataclasses import dataclass

from zccheck.scan.cache import default_cache_dir
from zccheck.scan.ocr import OcrCache, OcrError, OcrResult, ocr_available, ocr_image
from zccheck.scan.ocr_heading import HeadingRule


@dataclass
class OcrRunner:
    cache: OcrCache | None
    available: bool

    @classmethod
    def create(cls, use_cache: bool = True) -> "OcrRunner":
        return cls(OcrCache(default_cache_dir() / "ocr") if use_cache else None, ocr_available())

    def text(self, image, sha256: str, page: int) -> str | None:
        """The page's text, '' when it has none; None when OCR could not run (not installed, failed)."""
        result = self.read(image, sha256, page)
        return None if result is None else result.text

    def read(self, image, sha256: str, page: int, heading: HeadingRule | None = None) -> OcrResult | None:
        """The page read whole, or with `heading` its top first (zccheck.scan.ocr_heading); None when OCR
        could not run. A page read whole serves every later read of it; one read only to its top serves
        only reads under the same rule, so a read that needs the whole page never gets a top."""
        if not self.available:
            return None
        whole = OcrCache.make_key(sha256, page) if self.cache else None
        top = f"{whole}:head-{heading.fingerprint}" if whole and heading is not None else None
        for key in (whole, top):
            cached = self.cache.get(key) if key and self.cache else None
            if cached is not None:
                return cached
        try:
            result = ocr_image(image, heading)
        except OcrError:
            return None
        key = whole if result.complete else top
        if key and self.cache:
            try:
                self.cache.put(key, result)
            except OSError:
                pass
        return result
