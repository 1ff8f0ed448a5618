"""`--thumbnails`: pictures of the pages the report is about, for the HTML report. Each file's first page,
and every page a finding names (a blank page, a placeholder, a missing seal), drawn by
zccheck.scan.thumbnail from the applicant as it was listed (folder or .zip, read only).

Opt-in because a picture shows what the text masks: an ID card's number, a face. The pictures are keyed
the way the report document names files (masked unless --show-pii), so the HTML finds them by the same
names it prints."""

from __future__ import annotations

import base64
from collections import defaultdict
from pathlib import Path

from zccheck.commands.output import note
from zccheck.content.mask import mask_text
from zccheck.engine import list_applicant
from zccheck.models import ApplicantResult
from zccheck.pack.model import Pack
from zccheck.scan.thumbnail import PagePicture, page_pictures

# One picture per page: (page, "data:image/jpeg;base64,…" or None, why not).
Picture = tuple[int, str | None, str]
FilePictures = dict[str, list[Picture]]


def _data_uri(picture: PagePicture) -> str | None:
    return None if picture.jpeg is None else "data:image/jpeg;base64," + base64.b64encode(picture.jpeg).decode("ascii")


def _pages_named(result: ApplicantResult) -> dict[str, set[int]]:
    pages: dict[str, set[int]] = defaultdict(lambda: {1})
    for f in result.findings:
        if f.file and f.page:
            pages[f.file].add(f.page)
    return pages


def pictures_wanted(thumbnails: bool, outputs: list[tuple[str, str | None]], lang: str) -> bool:
    """--thumbnails with an HTML report to put them in; without one, a note saying so."""
    if thumbnails and not any(fmt == "html" for fmt, _ in outputs):
        note("--thumbnails 只用于网页报告，请同时给出 --html 文件。" if lang == "zh"
             else "--thumbnails only adds pictures to the HTML report: give --html FILE too.")
        return False
    return thumbnails


def applicant_pictures(path: Path, display: str, pack: Pack, result: ApplicantResult, *, show_pii: bool,
                       timeout: float) -> FilePictures:
    """The pictures of one applicant's files, by the file names the report prints."""
    listing = list_applicant(path, display, pack, timeout)
    named = _pages_named(result)
    max_bytes = int(pack.files.max_file_mb * 1024 * 1024)
    pictures: FilePictures = {}
    for task in listing.tasks:
        drawn = page_pictures(task, tuple(named[task.path]), max_bytes=max_bytes, timeout=timeout)
        if drawn:
            key = task.path if show_pii else mask_text(task.path)
            pictures[key] = [(p.page, _data_uri(p), p.why) for p in drawn]
    return pictures
