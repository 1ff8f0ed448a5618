"""placeholder: unfilled template marks (××, ×（高、中、初）, ××××年××月××日, 某某, ____) in a document.

Passing: 现对张三同志申报自然科学研究系列副高级专业技术任职资格进行公示。
Failing: 现对××同志申报××系列×（高、中、初）级专业技术任职资格进行公示。
"""

from __future__ import annotations

from zccheck.checks.context import ItemContext
from zccheck.content.placeholders import find_placeholders
from zccheck.models import finding

KIND = "placeholder"


def run(ctx: ItemContext):
    patterns = ctx.param("patterns")
    limit = ctx.param("max_per_file", 3)
    for cf in ctx.files:
        reported = 0
        for page, text in cf.facts.page_texts():
            for hit in find_placeholders(text, patterns):
                if reported >= limit:
                    break
                reported += 1
                yield finding("ZC401", ctx.item.id, cf.facts.path, page=page, match=hit.match, context=hit.context,
                              data={"match": hit.match, "kind": hit.kind})
