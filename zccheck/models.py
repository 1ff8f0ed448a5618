"""The facts and findings that flow through zccheck: scan → classify → check → report.

Everything here is a frozen dataclass so it can be cached, pickled to worker processes and
compared in tests. Nothing here reads the disk.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable, Literal, get_args

from zccheck.codes import SEVERITIES, Severity, severity_of

# What became of one item of the notice for one applicant (the contract's enum).
# How a file was placed: by its slot folder, its name, its title, its text, its look, as a later page of
# the document before it; or not: misfiled (its evidence names another slot's item), a tie between
# items, nothing at all.
ClassificationSource = Literal["slot", "name", "title", "text", "look", "continuation", "misfiled", "tie", "none"]
ItemStatus = Literal["ok", "missing", "incomplete", "not-applicable", "needs-review"]
# An applicant fails when any unwaived finding is an error.
ApplicantStatus = Literal["pass", "fail"]
# The language of messages and reports.
Lang = Literal["zh", "en"]
LANGS: tuple[Lang, ...] = get_args(Lang)
# Why a file could not be used (FileFacts.problem); None when it could. "refused": an archive member the
# safety checks refused while it was read (problem_detail: the refusal's kind); it becomes the archive's
# finding (zccheck.scan.inputs.settle_refused), never a file to classify.
FileProblem = Literal["unreadable", "encrypted", "empty", "unsupported", "too-large", "timeout", "inaccessible",
                      "refused"]


@dataclass(frozen=True)
class PageFacts:
    """What one PDF page holds: its text (when read) and whether anything is drawn on it."""

    number: int  # 1-based
    text: str | None  # None when the page was not read (long documents: only the first pages)
    image_count: int = 0
    has_content_stream: bool = True
    blank: bool | None = None  # for image-only pages: the page image is (nearly) uniform
    seal: bool | None = None  # a red circular seal was seen on the page image
    ocr_text: str | None = None
    width_px: int = 0  # of the largest image on the page (scans)
    height_px: int = 0
    # Its text layer lies over a scan of the page (Adobe Scan, ocrmypdf, a copier's searchable PDF): its words
    # are some OCR's reading, as fallible as ours.
    text_over_scan: bool = False

    @property
    def words(self) -> str:
        """What the page says: its text layer, else its OCR text. A layer of whitespace alone (reportlab and
        many scan-to-PDF tools write an empty text object on a scanned page) is no text."""
        layer = self.text or ""
        return layer if layer.strip() else (self.ocr_text or "")


@dataclass(frozen=True)
class ImageFacts:
    width: int
    height: int
    dpi: tuple[float, float] | None
    mode: str
    blank: bool | None = None  # None: not analysed
    seal: bool | None = None
    ocr_text: str | None = None
    paper_fraction: float | None = None  # share of near-white pixels (documents ≫ photos)


@dataclass(frozen=True)
class FileFacts:
    """What the scanner learned from one file's bytes. `path` is relative to the applicant root."""

    path: str
    size: int
    sha256: str
    kind: str  # pdf, jpeg, png, ... or office, archive, heic, empty, unknown
    problem: FileProblem | None = None
    problem_detail: str = ""
    page_count: int = 0
    pages: tuple[PageFacts, ...] = ()
    image: ImageFacts | None = None  # for image files, and the first image of image-only PDFs

    @property
    def name(self) -> str:
        return self.path.rsplit("/", 1)[-1]

    @property
    def text(self) -> str:
        """All text known from the file: what each page says (PageFacts.words), an image's OCR text."""
        parts = [p.words for p in self.pages]
        if self.image is not None and self.image.ocr_text:
            parts.append(self.image.ocr_text)
        return "\n".join(x for x in parts if x)

    @property
    def is_scan(self) -> bool:
        """An image, or a PDF whose read pages have no text layer, or only one an OCR tool drew over the scan:
        its content needs OCR or a person, and its words may be misread."""
        if self.image is not None:
            return True
        read = [p for p in self.pages if p.text is not None]
        return (bool(read) and all(p.text_over_scan or not (p.text or "").strip() for p in read)
                and any(p.image_count for p in read))

    @property
    def ocr_done(self) -> bool:
        if self.image is not None:
            return self.image.ocr_text is not None
        return any(p.ocr_text is not None for p in self.pages)

    def page_texts(self) -> list[tuple[int, str]]:
        """(page number, text) for every page whose text or OCR text is known."""
        if self.image is not None:
            ocr_text = self.image.ocr_text
            return [(1, ocr_text)] if ocr_text else []
        return [(p.number, p.words) for p in self.pages if p.words]

    @property
    def has_text(self) -> bool:
        return bool(self.text.strip())

    @property
    def usable(self) -> bool:
        return self.problem is None


@dataclass(frozen=True)
class Classification:
    """Which material a file is, which parts and years it holds, and how we know."""

    item: str | None
    parts: frozenset[str] = frozenset()
    years: tuple[int, ...] = ()
    source: ClassificationSource = "none"
    slot_item: str | None = None  # the item whose slot folder the file sits in
    candidates: tuple[str, ...] = ()  # ambiguous matches, for the unclassified message
    ignored: bool = False  # OS junk (Thumbs.db, .DS_Store): listed, never checked


@dataclass(frozen=True)
class ClassifiedFile:
    facts: FileFacts
    cls: Classification


@dataclass(frozen=True)
class Finding:
    """A code and its data. `args` are what the message needs — ids (items, parts, profile fields), numbers,
    dates, file names, quotations, a `problem` key — never words: zccheck.report.messages words them in the
    report's language (zccheck.codes: CODES and PHRASES)."""

    code: str
    item: str | None
    file: str | None
    args: tuple[tuple[str, Any], ...] = ()  # message arguments, worded per language at report time
    data: tuple[tuple[str, Any], ...] = ()  # structured facts for the JSON `data` object
    page: int | None = None
    severity: Severity | None = None  # None: the code's default
    waived: bool = False

    def arg(self, key: str, default: Any = None) -> Any:
        return dict(self.args).get(key, default)

    def data_dict(self) -> dict[str, Any]:
        return {k: (list(v) if isinstance(v, tuple) else v) for k, v in self.data}


def finding(code: str, item: str | None, file: str | None, *, page: int | None = None,
            severity: Severity | None = None, data: dict[str, Any] | None = None, **args: Any) -> Finding:
    """Build a Finding from keyword arguments (frozen dataclasses want tuples, callers want dicts)."""
    return Finding(
        code=code, item=item, file=file, page=page, severity=severity,
        args=tuple(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in args.items())),
        data=tuple(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in (data or {}).items())),
    )


@dataclass(frozen=True)
class ItemResult:
    id: str
    status: ItemStatus
    files: tuple[str, ...]


@dataclass(frozen=True)
class ApplicantResult:
    path: str
    name: str | None
    series: str | None
    title: str | None
    items: tuple[ItemResult, ...]
    findings: tuple[Finding, ...]
    files: tuple[str, ...] = ()  # every file seen, for accounting
    eligibility: Any = None  # zccheck.checks.eligibility.EligibilityOutcome when decided (a higher layer)

    def counts(self) -> dict[Severity, int]:
        counts = dict.fromkeys(SEVERITIES, 0)
        for f in self.findings:
            if not f.waived:
                counts[severity_of(f)] += 1
        return counts

    @property
    def status(self) -> ApplicantStatus:
        return "fail" if self.counts()["error"] else "pass"


@dataclass(frozen=True)
class CheckOptions:
    lang: Lang = "zh"
    show_pii: bool = False
    ocr: bool = False
    use_cache: bool = True
    file_timeout: float = 10.0
    series: str | None = None
    title: str | None = None


# --- a finding's stable identity (baselines, SARIF fingerprints) -----------------------------------

FindingIdentity = tuple[str, str, str, str, tuple[int, ...]]


def folder_name(path: str) -> str:
    """The applicant's folder (or archive) name without directories: stable wherever the check runs."""
    name = path.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1]
    return name[:-4] if name.lower().endswith(".zip") else name


def identity(applicant_path: str, code: str, item: str | None, file: str | None,
             years: Iterable[int] | None) -> FindingIdentity:
    """The stable identity of a finding: applicant folder name, code, item, file name, years — never a
    page, a line, an absolute path or the message wording."""
    return (folder_name(applicant_path), code, item or "", (file or "").rsplit("/", 1)[-1],
            tuple(sorted(years or ())))
