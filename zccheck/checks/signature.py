"""signature: a document the applicant must sign (the 承诺书) must be a scan of the signed paper.
A born-digital PDF with text only cannot carry a handwritten signature.

Passing: a scan of the signed paper (an image, or a PDF whose pages are images).
Failing: a born-digital PDF holding text only (ZC407: it cannot show a handwritten signature).
"""

from __future__ import annotations

from zccheck.checks.context import ItemContext
from zccheck.models import finding

KIND = "signature"


def run(ctx: ItemContext):
    for cf in ctx.files:
        f = cf.facts
        if f.usable and f.image is None and f.pages and not any(p.image_count for p in f.pages):
            yield finding("ZC407", ctx.item.id, f.path, problem="born-digital-unsigned")
