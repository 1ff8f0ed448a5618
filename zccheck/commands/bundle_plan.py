"""What becomes of each of the applicant's files in the upload-ready copy, decided from the checker's own
classification (zccheck.engine.classify_files): into the slot of the item it was classified as, or to
待确认/ with the reason the check gives — unreadable (or a format nothing converts faithfully),
a duplicate of a file already placed, misfiled, unclassified. A file's limits (formats, size) are the
item's file-limits, as the check reads them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from zccheck.checks.file_health import check_classification, check_file
from zccheck.classify.sequence import capture_order
from zccheck.commands.bundle_images import CONVERTIBLE, ImageLimits, pixel_floor
from zccheck.commands.bundle_names import Slot
from zccheck.content.mask import mask_text
from zccheck.models import ClassifiedFile, Finding, finding
from zccheck.pack.model import Item, Pack
from zccheck.report.messages import render_message

LIMIT_KIND = "file-limits"


@dataclass(frozen=True)
class Decision:
    cf: ClassifiedFile
    slot: Slot | None  # None: to 待确认
    reason: str = ""  # why it goes to 待确认 (worded, ID numbers masked)
    item: str | None = None  # the item it is, or may be (for the manifest)


def limit(pack: Pack, item: Item, key: str) -> Any:
    """An upload limit of the item as its file-limits check reads it: the check's parameter, else content.yaml's."""
    spec = next((c for c in item.checks if c.kind == LIMIT_KIND), None)
    value = spec.param(key) if spec is not None else None
    defaults = pack.content.get(LIMIT_KIND)
    if value is None and isinstance(defaults, dict):
        value = defaults.get(key)
    return value


def item_formats(pack: Pack, item: Item) -> tuple[str, ...]:
    return tuple(limit(pack, item, "formats") or pack.files.accepted_kinds)


def item_max_bytes(pack: Pack, item: Item) -> int | None:
    max_kb = limit(pack, item, "max_kb")
    return int(float(max_kb) * 1024) if max_kb else None


def is_photo(item: Item) -> bool:
    return any(c.kind == "photo-quality" for c in item.checks) or "portrait-photo" in item.match.looks_like


def image_limits(pack: Pack, item: Item) -> ImageLimits:
    """The item's formats and size, and the least pixels a picture of it may be scaled to: the photo's
    minimum for a photo, else its paper (scan-quality's, A4 by default) at the pack's least resolution."""
    if is_photo(item):
        floor = tuple(sorted((pack.files.photo_min_width, pack.files.photo_min_height)))
    else:
        paper, dpi = (210.0, 297.0), float(pack.files.min_scan_dpi)
        for spec in item.checks:
            if spec.kind == "scan-quality":
                paper = tuple(float(x) for x in spec.param("paper_mm", paper))  # type: ignore[assignment]
                dpi = float(spec.param("min_dpi", dpi))
        short_mm, long_mm = sorted(paper)
        floor = pixel_floor(short_mm, long_mm, dpi)
    return ImageLimits(item_formats(pack, item), item_max_bytes(pack, item), (int(floor[0]), int(floor[1])))


def worded(f: Finding, pack: Pack, lang: str) -> str:
    return mask_text(render_message(f, pack, lang))


def _placeable(cf: ClassifiedFile) -> bool:
    f, c = cf.facts, cf.cls
    usable = f.problem is None or (f.problem == "unsupported" and f.kind in CONVERTIBLE)
    return usable and c.item is not None and c.source != "misfiled"


def _keepers(files: list[ClassifiedFile]) -> dict[str, str]:
    """Content hash → the file kept of those bytes: the first (in path order) that goes into a slot, else the first."""
    by_path = {cf.facts.path: cf for cf in files}
    keep: dict[str, str] = {}
    for cf in files:
        sha = cf.facts.sha256
        if sha and (sha not in keep or (_placeable(cf) and not _placeable(by_path[keep[sha]]))):
            keep[sha] = cf.facts.path
    return keep


def _review_reason(cf: ClassifiedFile, keepers: dict[str, str], pack: Pack, lang: str, timeout: float) -> str | None:
    """Why the file cannot go into a slot as it is, worded as the check words it; None when it can."""
    f, c = cf.facts, cf.cls
    if f.problem is not None and not (f.problem == "unsupported" and f.kind in CONVERTIBLE):
        found = check_file(pack, cf, timeout)
        return worded(found[0], pack, lang) if found else f.problem
    keeper = keepers.get(f.sha256) if f.sha256 else None
    if keeper is not None and keeper != f.path:
        return worded(finding("ZC106", c.item, f.path, other=keeper), pack, lang)
    if c.source == "misfiled" or c.item is None:
        found = check_classification(pack, cf) or [finding("ZC105", None, f.path)]
        return worded(found[0], pack, lang)
    return None


def _order(cf: ClassifiedFile) -> tuple:
    """Within a slot: by year, then as the device saved them (the checker's page order)."""
    return (min(cf.cls.years) if cf.cls.years else 10_000, capture_order(cf.facts.path))


def decide(classified: list[ClassifiedFile], pack: Pack, slots: dict[str, Slot], lang: str,
           timeout: float) -> list[Decision]:
    """A decision for every file that is not OS junk: placed ones in the pack's slot order and the checker's
    page order within a slot, then those to 待确认 in path order."""
    files = [cf for cf in classified if not cf.cls.ignored]
    keepers = _keepers(files)
    placed: list[Decision] = []
    review: list[Decision] = []
    for cf in files:
        reason = _review_reason(cf, keepers, pack, lang, timeout)
        if reason is None and cf.cls.item in slots:
            placed.append(Decision(cf, slots[cf.cls.item], item=cf.cls.item))
        else:
            may_be = cf.cls.item or (cf.cls.candidates[0] if cf.cls.source == "misfiled" and cf.cls.candidates else None)
            review.append(Decision(cf, None, reason or "", item=may_be))
    order = {item_id: i for i, item_id in enumerate(slots)}
    placed.sort(key=lambda d: (order[d.cf.cls.item or ""], _order(d.cf)))
    return placed + review
