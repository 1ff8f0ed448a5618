"""photo-quality: the photo is a portrait image of plausible 1-inch/2-inch proportions with enough pixels.

Passing: a 295×413 JPEG (a 1-inch photo at 300 dpi), within pack.yaml's files.photo_min_width/height
and photo_aspect.
Failing (ZC306, a warning): 150×200 pixels (too few); 413×295 (landscape, not a portrait's proportions).
"""

from __future__ import annotations

from zccheck.checks.context import ItemContext
from zccheck.models import finding

KIND = "photo-quality"


def run(ctx: ItemContext):
    policy = ctx.pack.files
    low, high = policy.photo_aspect
    for cf in ctx.files:
        image = cf.facts.image
        if image is None or not cf.facts.usable:
            continue
        problems = []
        if image.width < policy.photo_min_width or image.height < policy.photo_min_height:
            problems.append("photo-too-small")
        aspect = image.width / image.height if image.height else 0
        if not low <= aspect <= high:
            problems.append("photo-aspect")
        if problems:
            yield finding("ZC306", ctx.item.id, cf.facts.path, problem=problems, width=image.width, height=image.height,
                          min_width=policy.photo_min_width, min_height=policy.photo_min_height, aspect=round(aspect, 2),
                          low=low, high=high, data={"width": image.width, "height": image.height})
