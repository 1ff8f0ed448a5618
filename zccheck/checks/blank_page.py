"""blank-page: a PDF page with no text and nothing drawn, or a scan/photo that is (nearly) uniform.

Passing: a page with text; a scanned page or image that is not uniform.
Failing (ZC402, with the page): a PDF page with no text and nothing drawn; a scanned page or an image
that is (nearly) uniform.
"""

from __future__ import annotations

from zccheck.checks.context import ItemContext
from zccheck.models import finding

KIND = "blank-page"


def run(ctx: ItemContext):
    for cf in ctx.files:
        f = cf.facts
        if not f.usable:
            continue
        if f.image is not None:
            if f.image.blank:
                yield finding("ZC402", ctx.item.id, f.path, page=1)
            continue
        for page in f.pages:
            has_text = bool((page.text or "").strip())
            empty_page = not has_text and not page.image_count and not page.has_content_stream
            if page.text is not None and (empty_page or (not has_text and page.blank)):
                yield finding("ZC402", ctx.item.id, f.path, page=page.number)
