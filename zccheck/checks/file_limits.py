"""file-limits: what the upload system takes for one item — its file formats, the size of each file, how
many files, and a suggested pixel size. Written in a pack as the item's `limits:` (or pack.yaml
`files.limits:` for every item); the loader turns them into this check.

Passing (咸阳 2022: JPG pictures of at most 600 KB; the photo JPG/PNG of at most 100 KB):
    考核表2019.jpg, 312 KB
Failing:
    考核表2019.pdf (unsupported-format: the system takes JPG pictures), 考核表2019.jpg of 900 KB (too-large)
"""

from __future__ import annotations

from typing import Iterator

from zccheck.checks.context import ItemContext
from zccheck.models import ClassifiedFile, Finding, finding

KIND = "file-limits"


def _kb(size: float) -> str:
    return f"{size / 1024:.0f} KB"


def run(ctx: ItemContext) -> Iterator[Finding]:
    formats = tuple(ctx.param("formats") or ())
    max_kb = ctx.param("max_kb")
    files = [cf for cf in ctx.files if cf.facts.usable]
    for cf in files:
        kind = cf.facts.kind
        if formats and kind not in formats:  # worded with the pack's advice for the kind
            yield finding("ZC304", ctx.item.id, cf.facts.path, kind=kind, data={"format": kind, "accepted": list(formats)})
        if max_kb and cf.facts.size > max_kb * 1024:
            yield finding("ZC305", ctx.item.id, cf.facts.path, size=_kb(cf.facts.size), limit=f"{max_kb:g} KB",
                          data={"bytes": cf.facts.size, "limit_bytes": int(max_kb * 1024)})
        yield from _pixels(ctx, cf)
    yield from _count(ctx, files)


def _pixels(ctx: ItemContext, cf: ClassifiedFile) -> Iterator[Finding]:
    suggested = ctx.param("suggest_px")
    image = cf.facts.image
    if not suggested or image is None:
        return
    width, height = (int(x) for x in suggested)
    if (image.width, image.height) != (width, height):
        yield finding("ZC306", ctx.item.id, cf.facts.path, severity="info", problem="suggested-pixels", width=image.width,
                      height=image.height, suggested_width=width, suggested_height=height,
                      data={"width": image.width, "height": image.height, "suggested": [width, height]})


def _count(ctx: ItemContext, files: list[ClassifiedFile]) -> Iterator[Finding]:
    """Too few files: the item is incomplete; too many for the upload slot: a person looks (one may be extra)."""
    min_files, max_files = ctx.param("min_files"), ctx.param("max_files")
    count = len(files)
    if min_files and 0 < count < min_files:  # none at all is presence's to report
        yield finding("ZC102", ctx.item.id, None, parts="min-files", mode="min-files", files=count, min_files=min_files,
                      data={"files": count, "min_files": min_files})
    if max_files and count > max_files:
        yield finding("ZC407", ctx.item.id, files[max_files].facts.path, problem="too-many-files", files=count,
                      max_files=max_files, data={"files": count, "max_files": max_files})
