"""Presence: an item that applies must have at least one usable file (missing / blank-slot), and
an item whose condition depends on an empty profile field is needs-review, never guessed.

Passing: any usable file credited to the item; no file for an item that does not apply (机关调动: 否 →
not-applicable).
Failing: no file (ZC101, missing); the item's slot folder empty (ZC103, missing). Needs-review: the
condition's field not filled in (ZC003); only unrecognised scans that may be it (ZC410); a file whose
words tie between this item and another (ZC111).
"""

from __future__ import annotations

from zccheck.models import ClassifiedFile, Finding, ItemStatus, finding
from zccheck.pack.model import Item, Pack
from zccheck.profile import Profile


def applicability(item: Item, profile: Profile) -> tuple[bool | None, tuple[str, ...]]:
    return profile.evaluate(item.when)


def check_presence(pack: Pack, profile: Profile, item: Item, files: list[ClassifiedFile],
                   slot_folders: list[str], unidentified_scans: list[str],
                   undecided: tuple[ClassifiedFile, ...] = ()) -> tuple[ItemStatus | None, list[Finding]]:
    """Returns (status, findings); status None means 'present: let the other checks decide'.
    `undecided`: files whose words tie between items; one that may be this item makes it
    needs-review, never a false 'missing'."""
    applies, unknown = applicability(item, profile)
    usable = [cf for cf in files if cf.facts.usable]
    if applies is False:
        return "not-applicable", []
    if usable:
        return None, []
    if applies is None:
        labels = [pack.field_def(k).label for k in unknown]
        return "needs-review", [finding("ZC003", item.id, None, fields=unknown, data={"fields": labels})]
    maybe = [cf for cf in undecided if item.id in cf.cls.candidates]
    if maybe:
        return "needs-review", [finding("ZC111", item.id, maybe[0].facts.path, candidates=maybe[0].cls.candidates,
                                        data={"candidates": list(maybe[0].cls.candidates)})]
    if unidentified_scans:
        # Without OCR a scan named IMG_0031.jpg may well be this item: say so, never a false 'missing'.
        return "needs-review", [finding("ZC410", item.id, unidentified_scans[0], count=len(unidentified_scans),
                                        data={"scans": unidentified_scans[:20]})]
    if slot_folders:
        return "missing", [finding("ZC103", item.id, slot_folders[0])]
    word = item.match.names[0] if item.match.names else item.title
    return "missing", [finding("ZC101", item.id, None, clause=item.clause, slot=item.slot, word=word)]
