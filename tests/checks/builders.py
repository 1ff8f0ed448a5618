"""Small facts for the per-kind check tests (yamllint's tests/rules idea): a check is a pure function of
facts, so its tests build the facts by hand — no PDF, no image, no disk, no subprocess.

    f = pdf("现对××同志申报…", "第二页")                    # a born-digital PDF, one text per page
    s = scan(1240, 1754, seal=True, ocr_text="…")           # a scanned image (a JPEG unless path= says)
    ctx = context("placeholder", "unit-publicity", [f])     # the kind's spec as the pack's item gives it
    assert found(placeholder.run(ctx)) == [("ZC401", "unit-publicity", "doc.pdf", 1)]

Every builder takes the few fields a check reads and fills the rest with what a scanner would write.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from functools import lru_cache
from typing import Any, Iterable, Mapping

from zccheck.checks.context import ItemContext
from tests.factories import PROFILE
from zccheck.models import Classification, ClassifiedFile, FileFacts, FileProblem, Finding, ImageFacts, PageFacts
from zccheck.pack.kinds import KINDS
from zccheck.pack.loader import load_pack
from zccheck.pack.model import CheckSpec, Pack
from zccheck.profile import Profile, load_profile

# The applicant of tests/factories.py: a 副研究员 applicant from Xinjiang whose profile is complete and valid
# (its 工作单位 is no profile field: left out here).
APPLICANT: dict[str, str] = {k: v for k, v in PROFILE.items() if k != "工作单位"}
PROFILE_FILE = "申报信息.yaml"


@lru_cache(maxsize=None)
def the_pack() -> Pack:
    """The bundled rule pack, loaded once per test session."""
    return load_pack()


# --- facts ------------------------------------------------------------------------------------------


def page(text: str | None = "", *, number: int = 1, images: int = 0, drawn: bool = True, blank: bool | None = None,
         seal: bool | None = None, ocr_text: str | None = None, width: int = 0, height: int = 0) -> PageFacts:
    """One PDF page. `text=None`: the page was not read; `images`: how many images it holds;
    `drawn=False`: no content stream at all (a truly empty page)."""
    return PageFacts(number=number, text=text, image_count=images, has_content_stream=drawn, blank=blank, seal=seal,
                     ocr_text=ocr_text, width_px=width, height_px=height)


def scanned_page(*, seal: bool | None = None, blank: bool | None = None, ocr_text: str | None = None,
                 width: int = 1240, height: int = 1754) -> PageFacts:
    """A PDF page that is one scanned image and no text layer."""
    return page("", images=1, seal=seal, blank=blank, ocr_text=ocr_text, width=width, height=height)


def _sha(*content: Any) -> str:
    # Same content, same digest: two builders given equal pages make a duplicate, as the scanner would see it.
    return hashlib.sha256(repr(content).encode()).hexdigest()


def pdf(*pages: str | PageFacts, path: str = "doc.pdf", problem: FileProblem | None = None, detail: str = "",
        size: int | None = None) -> FileFacts:
    """A PDF: each argument is a page, a text (a born-digital page) or a `page(...)`; pages are numbered
    in order. `size` in bytes (default: about what the text takes)."""
    built = tuple(PageFacts(number=i, text=p) if isinstance(p, str) else replace(p, number=i)
                  for i, p in enumerate(pages, start=1))
    if size is None:
        size = 1000 + sum(len((p.text or "").encode()) for p in built)
    return FileFacts(path=path, size=size, sha256=_sha("pdf", built),
                     kind="pdf", problem=problem, problem_detail=detail, page_count=len(built), pages=built)


def scan(width: int = 1240, height: int = 1754, *, seal: bool | None = None, blank: bool | None = None,
         ocr_text: str | None = None, dpi: tuple[float, float] | None = None, path: str = "scan.jpg",
         paper_fraction: float | None = None, problem: FileProblem | None = None, size: int | None = None) -> FileFacts:
    """An image file (a scan or a photo) of `width`×`height` pixels. `seal`/`blank`: what the image
    analysis saw (None: not analysed); `ocr_text`: what OCR read (None: OCR did not run)."""
    image = ImageFacts(width=width, height=height, dpi=dpi, mode="RGB", blank=blank, seal=seal, ocr_text=ocr_text,
                       paper_fraction=paper_fraction)
    kind = "png" if path.lower().endswith(".png") else "jpeg"
    size = width * height // 10 if size is None else size
    return FileFacts(path=path, size=size, sha256=_sha("image", image), kind=kind, problem=problem,
                     page_count=1, image=image)


def broken(path: str, problem: FileProblem, *, kind: str = "pdf", detail: str = "", size: int = 1000,
           sha256: str = "") -> FileFacts:
    """A file the scanner could not use, and why (FileFacts.problem); most such files have no digest."""
    return FileFacts(path=path, size=size, sha256=sha256, kind=kind, problem=problem, problem_detail=detail)


def classified(facts: FileFacts, item: str | None = None, *, years: Iterable[int] = (), parts: Iterable[str] = (),
               source: str | None = None, slot_item: str | None = None, candidates: Iterable[str] = (),
               ignored: bool = False) -> ClassifiedFile:
    """A file as the classifier credits it: to `item`, for `years`, holding `parts` (`source`: how it was
    recognised; by its name unless it was not)."""
    return ClassifiedFile(facts, Classification(item=item, parts=frozenset(parts), years=tuple(years),
                                                source=source or ("name" if item else "none"),
                                                slot_item=slot_item, candidates=tuple(candidates), ignored=ignored))


# --- the applicant and the check's context ---------------------------------------------------------


def profile_text(fields: Mapping[str, str]) -> str:
    return "".join(f'{k}: "{v}"\n' for k, v in fields.items())


@lru_cache(maxsize=64)
def _profile(fields: tuple[tuple[str, str], ...]) -> Profile:
    loaded, problems = load_profile(profile_text(dict(fields)).encode(), PROFILE_FILE, the_pack())
    assert not problems, problems  # a builder's profile is valid; tests of invalid profiles call load_profile
    return loaded


def applicant(**changes: str | None) -> Profile:
    """The standard applicant's profile, with fields changed (Chinese keys, as 申报信息.yaml writes
    them) or left out (None)."""
    fields = {k: v for k, v in {**APPLICANT, **changes}.items() if v is not None}
    return _profile(tuple(fields.items()))


def context(kind: str, item_id: str, files: Iterable[FileFacts | ClassifiedFile], *,
            profile: Profile | Mapping[str, str | None] | None = None, params: Mapping[str, Any] | None = None,
            ocr: bool = False) -> ItemContext:
    """What the engine hands `kind` for item `item_id`: the item's own spec of that kind (its parameters
    from items.yaml) with `params` laid over it, the files credited to the item, and the applicant
    (`profile`: a Profile, or field changes to the standard applicant)."""
    pack = the_pack()
    item = pack.item(item_id)
    given = next((spec for spec in item.checks if spec.kind == kind), CheckSpec(kind))
    merged = {**dict(given.params), **(params or {})}
    # The pack validated its own parameters when it loaded; a test's are validated the same way (a typo fails).
    KINDS[kind].validate_params(dict(params or {}), "test", None, f"{item_id}.checks.{kind}")
    if profile is None:
        profile = applicant()
    elif not isinstance(profile, Profile):
        profile = applicant(**profile)
    credited = tuple(f if isinstance(f, ClassifiedFile) else classified(f, item_id) for f in files)
    return ItemContext(pack, item, profile, credited, CheckSpec(kind, tuple(merged.items())), ocr)


# --- what came out ------------------------------------------------------------------------------------


def found(findings: Iterable[Finding]) -> list[tuple[str, str | None, str | None, int | None]]:
    """The findings as (code, item, file, page): what a test asserts first, wording aside."""
    return [(f.code, f.item, f.file, f.page) for f in findings]


def data(f: Finding, *keys: str) -> dict[str, Any]:
    """The finding's structured data, only `keys` of it when given (the rest may grow)."""
    d = f.data_dict()
    return {k: d.get(k) for k in keys} if keys else d
