"""signature: a document the applicant must sign (the 承诺书) must be a scan of the signed paper.
A born-digital PDF with text only cannot carry a handwritten signature."""

from __future__ import annotations

from zccheck.checks.context import ItemContext
from zccheck.models import finding

KIND = "signature"


def run(ctx: ItemContext):
    for cf in ctx.files:
        f = cf.facts
        if f.usable and f.image is None and f.pages and not any(p.image_count for p in f.pages):
            yield finding("ZC407", ctx.item.id, f.path,
                          detail="这是电子生成、只有文字的 PDF，看不到本人签字：须本人签字后扫描上传。",
                          detail_en="a born-digital, text-only PDF shows no signature: sign the paper and upload its scan.")
