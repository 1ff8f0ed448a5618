"""OCR as the scanner uses it: each page recognised at most once, results cached by content hash
in the user's cache directory (never in the applicant's folder)."""

from __future__ import annotations

from dataclasses import dataclass

from zccheck.scan.cache import default_cache_dir
from zccheck.scan.ocr import OcrCache, OcrError, ocr_available, ocr_image


@dataclass
class OcrRunner:
    cache: OcrCache | None
    available: bool

    @classmethod
    def create(cls, use_cache: bool = True) -> "OcrRunner":
        return cls(OcrCache(default_cache_dir() / "ocr") if use_cache else None, ocr_available())

    def text(self, image, sha256: str, page: int) -> str | None:
        """The page's text, '' when it has none; None when OCR could not run (not installed, failed)."""
        if not self.available:
            return None
        key = OcrCache.make_key(sha256, page) if self.cache else None
        if key and self.cache:
            cached = self.cache.get(key)
            if cached is not None:
                return cached.text
        try:
            result = ocr_image(image)
        except OcrError:
            return None
        if key and self.cache:
            try:
                self.cache.put(key, result)
            except OSError:
                pass
        return result.text
