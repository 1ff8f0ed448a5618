"""seal: a document that must carry the official seal (公章) shows one.

A scan is looked at for a red circular seal. A born-digital PDF with no image at all cannot carry a
real seal: a warning asks for the stamped scan instead.
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
    born_digital = [f for f, seen in zip(files, looks) if seen is None and not any(p.image_count for p in f.pages)]
    if len(born_digital) == len(files):
        yield finding("ZC406", ctx.item.id, files[0].path, severity="warning",
                      detail="这是电子生成的 PDF，不含任何图像，不可能带有公章。请上传加盖公章后的扫描件。",
                      detail_en="It is a born-digital PDF with no image, so it cannot carry a seal. Upload the scan of the stamped paper.")
        return
    undecided = [f for f, seen in zip(files, looks) if seen is None]
    if undecided:
        yield finding("ZC407", ctx.item.id, undecided[0].path, detail="无法判断是否加盖公章，请人工核对。",
                      detail_en="cannot tell whether it carries the official seal: check by hand.")
        return
    yield finding("ZC406", ctx.item.id, files[0].path,
                  detail="请加盖公章后重新扫描上传（扫描件上应能看到红色圆形公章）。",
                  detail_en="Stamp it and scan it again (the red round seal must be visible on the scan).")
