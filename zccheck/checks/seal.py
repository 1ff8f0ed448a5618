"""seal: a document that must carry the official seal (公章) shows one.

A scan is looked at for a red circular seal. A born-digital PDF with no image at all cannot carry a
real seal: a warning asks for the stamped scan instead.

Passing: a scan (an image, or a PDF of scanned pages) with a red round seal on any of its pages.
Failing: a scan without one (ZC406); a born-digital PDF with no image (ZC406 as a warning: upload the
stamped scan); a scanned PDF whose pages were not looked at for a seal (ZC407: a person checks).
"""

from __future__ import annotations

from zccheck.checks.context import ItemContext
from zccheck.models import FileFacts, finding

KIND = "seal"


def _seal_seen(f: FileFacts) -> bool | None:
    if f.image is not None:
        return f.image.seal
    looks = [p.seal for p in f.pages if p.seal is not None]
    if any(looks):
        return True
    return False if looks else None


def run(ctx: ItemContext):
    files = [cf.facts for cf in ctx.files if cf.facts.usable]
    if not files:
        return
    looks = [_seal_seen(f) for f in files]
    if any(looks):
        return
    born_digital = [f for f, seen in zip(files, looks)
                    if seen is None and f.image is None and not any(p.image_count for p in f.pages)]
    if len(born_digital) == len(files):
        yield finding("ZC406", ctx.item.id, files[0].path, severity="warning", problem="born-digital-no-seal")
        return
    undecided = [f for f, seen in zip(files, looks) if seen is None]
    if undecided:
        yield finding("ZC407", ctx.item.id, undecided[0].path, problem="seal-undecided")
        return
    yield finding("ZC406", ctx.item.id, files[0].path, problem="no-seal-seen")
