"""The part of a page worth detecting text in: where its ink is, with a margin, on the detector's own grid.

Text detection costs what the area it is given costs (notes/ocr.md: 40 % of OCR's time on a scanned page),
and a scan is mostly paper: a certificate or an ID card scanned on an A4 flatbed fills a fifth to a half of
the page, a letter leaves its bottom blank. Only the inked part is detected, and at the page's own scale on
the page's own grid: the detector shrinks a page to at most 704 px a side, rounded to multiples of 32 (its
stride), so the part is cut at rows and columns that fall on that grid and resized exactly as the page
would be — the network sees the same pixels at the same places, and finds the same boxes (a part cut
anywhere and resized on its own lost dates beside seals and found others). Recognition reads the boxes from
the page's own pixels as before. A photo whose background is not paper (a desk, a shadow) has ink
everywhere by this measure and is detected whole, as before.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from typing import Any

#: Part of the OCR cache key (zccheck.scan.ocr.engine_version): bump when what part is detected changes.
INKED_PART_VERSION = 2

#: The page looked at in blocks of this many pixels a side (their mean): a character's stroke still darkens
#: its block, a single pixel of noise does not.
BLOCK = 4
#: A block this much darker than the paper, in its darkest colour channel (a red seal is dark in green), is ink.
INK_BELOW_PAPER = 24
#: The paper: this percentile of the blocks' brightness (most of a scan is paper).
PAPER_PERCENTILE = 90
#: Paper darker than this is no paper (a dark photo, a negative): the page is detected whole.
DARKEST_PAPER = 120
#: Ink this close to the page's edge is a scanner's edge shadow or a punched hole, not text: ignored.
EDGE = 0.01
#: Around the ink, this much of the page's longest side (at least MIN_MARGIN pixels): the detector's boxes
#: reach beyond the ink of their line (RapidOCR unclips them by 1.6), and its convolutions see context.
MARGIN = 0.03
MIN_MARGIN = 48
#: A part must save at least this much of the page's area to be worth it (else the page is detected whole).
MIN_SAVING = 0.15
#: The detector's stride: its input's sides are multiples of this.
STRIDE = 32


@dataclass(frozen=True)
class DetectionPart:
    """Rows and columns of a page, and where they fall on the detector's grid (the page as the detector is given
    it, at `grid_size`)."""

    rows: slice
    cols: slice
    grid_rows: slice
    grid_cols: slice
    page_size: tuple[int, int]  # the whole page's (height, width)
    grid_size: tuple[int, int]  # the same on the grid

    @property
    def whole(self) -> bool:
        return self.grid_rows == slice(0, self.grid_size[0]) and self.grid_cols == slice(0, self.grid_size[1])

    def top(self, fraction: float) -> "DetectionPart":
        """Its top `fraction`, cut on the grid."""
        on_grid = self.grid_rows.stop - self.grid_rows.start
        kept = min(on_grid, max(STRIDE, round(on_grid * fraction / STRIDE) * STRIDE))
        scale = self.grid_size[0] / self.page_size[0]
        bottom = min(self.rows.stop, round((self.grid_rows.start + kept) / scale))
        return dataclasses.replace(self, rows=slice(self.rows.start, bottom),
                                   grid_rows=slice(self.grid_rows.start, self.grid_rows.start + kept))


def detection_size(height: int, width: int, limit: int) -> tuple[int, int]:
    """The size RapidOCR's detector gives a page of `height` × `width` (limit_type "max": its longest side at
    most `limit`, each side rounded to the stride)."""
    ratio = limit / max(height, width) if max(height, width) > limit else 1.0
    return (max(STRIDE, round(int(height * ratio) / STRIDE) * STRIDE),
            max(STRIDE, round(int(width * ratio) / STRIDE) * STRIDE))


def part_to_detect(page: Any, limit: int) -> DetectionPart:
    """The part of `page` (an H×W×3 uint8 array) to detect text in: its inked part on the detector's grid, or
    the whole page."""
    height, width = page.shape[:2]
    grid = detection_size(height, width, limit)
    whole = DetectionPart(slice(0, height), slice(0, width), slice(0, grid[0]), slice(0, grid[1]), (height, width), grid)
    inked = inked_part(page)
    if inked is None:
        return whole
    rows, grid_rows = _on_grid(inked[0], height, grid[0])
    cols, grid_cols = _on_grid(inked[1], width, grid[1])
    if (grid_rows.stop - grid_rows.start) * (grid_cols.stop - grid_cols.start) > (1 - MIN_SAVING) * grid[0] * grid[1]:
        return whole
    return DetectionPart(rows, cols, grid_rows, grid_cols, (height, width), grid)


def _on_grid(span: slice, side: int, side_on_grid: int) -> tuple[slice, slice]:
    """`span` of a side of `side` pixels widened to the detector's grid (the side is `side_on_grid` there): the
    span in pixels, and on the grid."""
    scale = side_on_grid / side
    first = math.floor(span.start * scale / STRIDE) * STRIDE
    last = min(side_on_grid, math.ceil(span.stop * scale / STRIDE) * STRIDE)
    return slice(round(first / scale), min(side, round(last / scale))), slice(first, last)


def inked_part(page: Any) -> tuple[slice, slice] | None:
    """The rows and columns of `page` holding its ink, with a margin; None: the whole page (ink everywhere,
    no paper, no ink)."""
    import cv2
    import numpy as np

    height, width = page.shape[:2]
    if min(height, width) < 8 * BLOCK:
        return None
    # averaged first, then the darkest channel: numpy's min across the channels of a whole page takes 80 ms.
    # Whole blocks only (the last rows and columns short of a block left out): OpenCV averages exact blocks
    # 2.5× faster than blocks of a fractional size, and a block's index times BLOCK is then its first pixel.
    rows_b, cols_b = height // BLOCK, width // BLOCK
    means = cv2.resize(page[:rows_b * BLOCK, :cols_b * BLOCK], (cols_b, rows_b), interpolation=cv2.INTER_AREA)
    blocks = cv2.min(cv2.min(means[:, :, 0], means[:, :, 1]), means[:, :, 2])
    # the percentile from the blocks' histogram: sorting a page's 130k blocks took 10 ms a page
    counts = np.cumsum(np.bincount(blocks.ravel(), minlength=256))
    paper = float(np.searchsorted(counts, counts[-1] * PAPER_PERCENTILE / 100))
    if paper < DARKEST_PAPER:
        return None
    ink = blocks < paper - INK_BELOW_PAPER
    edge_r, edge_c = max(1, round(rows_b * EDGE)), max(1, round(cols_b * EDGE))
    ink[:edge_r], ink[rows_b - edge_r:], ink[:, :edge_c], ink[:, cols_b - edge_c:] = False, False, False, False
    rows = np.flatnonzero(ink.any(axis=1))
    cols = np.flatnonzero(ink.any(axis=0))
    if not len(rows):
        return None  # no ink: the detector finds nothing either way, and a page with none is rare
    margin = max(MIN_MARGIN, round(max(height, width) * MARGIN))
    top = max(0, int(rows[0]) * BLOCK - margin)
    bottom = min(height, (int(rows[-1]) + 1) * BLOCK + margin)
    left = max(0, int(cols[0]) * BLOCK - margin)
    right = min(width, (int(cols[-1]) + 1) * BLOCK + margin)
    return slice(top, bottom), slice(left, right)
