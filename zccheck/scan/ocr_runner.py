"""OCR as the scanner uses it: each page recognised at most once, results cached by content hash
in the user's cache directory (never in the applicant's folder)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from zccheck.scan.cache import default_cache_dir
from zccheck.scan.ocr import OcrCache, OcrError, OcrResult, engine_version, ocr_available, ocr_image
from zccheck.scan.ocr_heading import HeadingRule, reads_dates


@dataclass
class OcrRunner:
    cache: OcrCache | None
    available: bool
    # False: every line is read by the thorough recogniser (zccheck.scan.ocr_cascade) — an applicant whose name
    # the quick one cannot read (scan.plan.ReadingRules.thorough).
    quick: bool = True
    # The applicant's ID number: a line the quick recogniser reads with it exactly is not read again for it
    # (zccheck.scan.ocr_cascade.needs_thorough_read; scan.plan.ReadingRules.own_id).
    own_numbers: tuple[str, ...] = ()

    @classmethod
    def create(cls, use_cache: bool = True) -> "OcrRunner":
        return cls(OcrCache(default_cache_dir() / "ocr") if use_cache else None, ocr_available())

    def thorough(self) -> "OcrRunner":
        """This runner reading every line with the thorough recogniser."""
        return dataclasses.replace(self, quick=False)

    def knowing(self, id_number: str) -> "OcrRunner":
        """This runner for an applicant whose ID number is `id_number`."""
        return dataclasses.replace(self, own_numbers=(id_number,))

    def text(self, image, sha256: str, page: int) -> str | None:
        """The page's text, '' when it has none; None when OCR could not run (not installed, failed)."""
        result = self.read(image, sha256, page)
        return None if result is None else result.text

    def read(self, image, sha256: str, page: int, heading: HeadingRule | None = None) -> OcrResult | None:
        """The page read whole, or with `heading` its top first (zccheck.scan.ocr_heading); None when OCR
        could not run. A page read whole serves every later read of it; one read only to its top, or under a
        rule that reads no dates, serves only reads under the same rule, so a read that needs the whole page
        never gets a top."""
        if not self.available:
            return None
        # A thorough reading serves every read of the page; a quick one only reads that allow it.
        modes = (False, True) if self.quick else (False,)
        wholes = [OcrCache.make_key(sha256, page, engine_version(quick)) for quick in modes] if self.cache else []
        tops = [f"{whole}:head-{heading.fingerprint}" for whole in wholes] if heading is not None else []
        for key in (*wholes, *tops):
            cached = self.cache.get(key) if self.cache else None
            if cached is not None:
                return cached
        try:
            result = ocr_image(image, heading, quick=self.quick, own_numbers=self.own_numbers)
        except OcrError:
            return None
        # stored under this read's own mode; a page whose dates were read less carefully (reads_dates), even to its
        # end, only for reads under the same rule
        whole = result.complete and reads_dates(heading)
        stored = (wholes[-1] if whole else tops[-1] if tops else None) if wholes else None
        if stored and self.cache:
            try:
                self.cache.put(stored, result)
            except OSError:
                pass
        return result
