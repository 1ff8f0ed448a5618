"""scan-quality: a scanned document must have enough resolution to be read. The effective DPI comes
from the file's DPI record, else from its pixels over the document's paper size.

Passing: an A4 scan of 1240×1754 pixels (150 dpi); an ID card (paper_mm [85.6, 54]) of 1011×638 (300 dpi).
Failing (ZC306, a warning): an A4 scan of 595×842 pixels (72 dpi, below pack.yaml's min_scan_dpi 100).
"""

from __future__ import annotations

from zccheck.checks.context import ItemContext
from zccheck.models import finding

KIND = "scan-quality"
MM_PER_INCH = 25.4


def run(ctx: ItemContext):
    paper = ctx.param("paper_mm", [210, 297])
    min_dpi = float(ctx.param("min_dpi", ctx.pack.files.min_scan_dpi))
    short_mm, long_mm = sorted(float(x) for x in paper)
    for cf in ctx.files:
        image = cf.facts.image
        if image is None or not cf.facts.usable:
            continue
        short_px, long_px = sorted((image.width, image.height))
        # Pixels over paper size: a phone photo carries no meaningful DPI record, the pixels do.
        effective = min(short_px / (short_mm / MM_PER_INCH), long_px / (long_mm / MM_PER_INCH))
        if effective < min_dpi:
            yield finding("ZC306", ctx.item.id, cf.facts.path, problem="low-dpi", dpi=f"{effective:.0f}",
                          width=image.width, height=image.height, min_dpi=f"{min_dpi:.0f}",
                          data={"dpi": round(effective), "width": image.width, "height": image.height})
