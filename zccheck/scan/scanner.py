"""One file's bytes → FileFacts. Never raises: whatever goes wrong becomes the file's `problem`."""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from zccheck.models import FileFacts
from zccheck.scan.filetype import IMAGE_KINDS, sniff
from zccheck.scan.text_clean import clean_text

if TYPE_CHECKING:
    from zccheck.scan.ocr_heading import HeadingRule
    from zccheck.scan.ocr_runner import OcrRunner

# The parsers (pypdf, Pillow) are imported where files are read, in the worker processes: a re-run
# whose every result is stored never loads them (a tenth of its time).

# Which pages of a PDF have their text decoded (zccheck.scan.pdf.read_pdf; scan.plan decides).
Words = Literal["all", "first", "none"]

SCANNER_VERSION = "15"  # part of every cache key: bump when what the scanner records changes


@dataclass(frozen=True)
class ScanSettings:
    max_file_bytes: int
    accepted_kinds: tuple[str, ...]
    ocr: bool = False
    ocr_max_pages: int = 3
    ocr_cache: bool = True  # False with --no-cache, or when the cache would land in the checked tree
    # With OCR: when a file's first page settles it by its top alone (zccheck.scan.ocr_heading), from the
    # classifier (zccheck.classify.heading_rule); None: every page is read whole.
    heading_rule: HeadingRule | None = field(default=None, compare=False)

    @property
    def cache_tag(self) -> str:
        return f"v{SCANNER_VERSION}-ocr{int(self.ocr)}"

    def whole_tag(self, thorough: bool = False) -> str:
        """The cache tag of a whole look's facts; with OCR and `thorough`, of one whose every line the thorough
        recogniser read (zccheck.scan.ocr_cascade): a quick reading does not serve such a task."""
        return self.cache_tag + ("-thorough" if thorough and self.ocr else "")

    def tag_for(self, blank_only: bool, heading_first: bool = False, words: Words = "all",
                read_until: HeadingRule | None = None, thorough: bool = False, seal_look: bool = True) -> str:
        """The cache tag of facts scanned with or without the blank-only look (whole-look facts serve both;
        with OCR, a blank-only look reads no words either), without decoding text pages' words, without the
        seal look, or read top first under the heading rule or a task's own rule (`read_until`)."""
        tag = (self.whole_tag(thorough) + ("-blank" if blank_only else "") + ("" if words == "all" else f"-words-{words}")
               + ("" if seal_look else "-noseal"))
        rule = self.first_page_rule(heading_first, read_until)
        if rule is not None:
            tag += ("-named-" if rule is read_until else "-head-") + rule.fingerprint
        return tag

    def first_page_rule(self, heading_first: bool, read_until: HeadingRule | None) -> HeadingRule | None:
        """The rule a file's first page is read top first under, None: read whole."""
        if not self.ocr:
            return None
        return read_until if read_until is not None else self.heading_rule if heading_first else None


def scan_bytes(path: str, data: bytes, settings: ScanSettings, ocr_runner: OcrRunner | None = None,
               blank_only: bool = False, heading_first: bool = False, words: Words = "all",
               read_until: HeadingRule | None = None, seal_look: bool = True) -> FileFacts:
    """`seal_look`: its scans are looked at for a red seal (False: their pages' `seal` is None, not looked at)."""
    facts = _scan(path, data, settings, ocr_runner, blank_only, settings.first_page_rule(heading_first, read_until), words,
                  seal_look)
    if facts.problem_detail:  # parser messages quote the file's bytes: no escape sequences, no lone surrogates
        detail = clean_text(facts.problem_detail)
        if detail != facts.problem_detail:
            facts = dataclasses.replace(facts, problem_detail=detail)
    return facts


def _scan(path: str, data: bytes, settings: ScanSettings, ocr_runner: OcrRunner | None, blank_only: bool,
          heading: HeadingRule | None, words: Words, seal_look: bool = True) -> FileFacts:
    size = len(data)
    if size == 0:
        return FileFacts(path=path, size=0, sha256="", kind="empty", problem="empty")
    sha = hashlib.sha256(data).hexdigest()
    kind = sniff(data[:2048], path.rsplit("/", 1)[-1])
    from zccheck.scan.image import ImageAnalyzer

    # A blank-only look needs no words: its file's items read none (scan.plan), so OCR is not run on it; nor on a
    # file whose words nobody reads (its slot and name settle an item that reads none, looked at whole: the ID photo).
    reads = settings.ocr and not blank_only and words != "none"
    analyzer = ImageAnalyzer(sha, ocr_runner if reads else None, settings.ocr_max_pages,
                             blank_only=blank_only, heading=heading, seal_look=seal_look)
    try:
        if kind == "pdf":
            from zccheck.scan.pdf import read_pdf  # pypdf: 15 MB a worker that only ever reads photos does without

            pdf = read_pdf(data, analyzer, words)
            return FileFacts(path=path, size=size, sha256=sha, kind=kind, problem=pdf.problem,
                             problem_detail=pdf.detail, page_count=pdf.page_count, pages=pdf.pages)
        if kind in IMAGE_KINDS:
            image, problem, detail = analyzer.image_facts(data)
            if problem is None and kind not in settings.accepted_kinds:
                problem, detail = "unsupported", kind
            return FileFacts(path=path, size=size, sha256=sha, kind=kind, problem=problem, problem_detail=detail,
                             page_count=1 if image else 0, image=image)
    except MemoryError:
        return FileFacts(path=path, size=size, sha256=sha, kind=kind, problem="unreadable", problem_detail="out of memory")
    except Exception as e:  # a parser bug on a hostile file must not stop the check
        return FileFacts(path=path, size=size, sha256=sha, kind=kind, problem="unreadable",
                         problem_detail=f"{type(e).__name__}: {str(e)[:100]}")
    return FileFacts(path=path, size=size, sha256=sha, kind=kind, problem="unsupported", problem_detail=kind)
