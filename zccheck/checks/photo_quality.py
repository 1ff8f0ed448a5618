"""photo-quality: the photo is a portrait image of plausible 1-inch/2-inch proportions with enough pixels."""

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
        problems, problems_en = [], []
        if image.width < policy.photo_min_width or image.height < policy.photo_min_height:
            problems.append(f"照片只有 {image.width}×{image.height} 像素，至少需要 {policy.photo_min_width}×{policy.photo_min_height}")
            problems_en.append(f"the photo is only {image.width}×{image.height} pixels, at least "
                               f"{policy.photo_min_width}×{policy.photo_min_height} are needed")
        aspect = image.width / image.height if image.height else 0
        if not low <= aspect <= high:
            problems.append(f"照片宽高比 {aspect:.2f} 不是一寸/二寸证件照的竖版比例（{low}–{high}）")
            problems_en.append(f"its width/height ratio {aspect:.2f} is not that of a portrait 1- or 2-inch ID photo ({low}–{high})")
        if problems:
            yield finding("ZC306", ctx.item.id, cf.facts.path, detail="；".join(problems), detail_en="; ".join(problems_en),
                          data={"width": image.width, "height": image.height})
