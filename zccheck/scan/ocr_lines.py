"""A page's text boxes into visual lines: rows top to bottom, boxes left to right, in the page's own frame.

Used for the lines OCR returns (zccheck.scan.ocr) and, before any box is read, for which boxes make a
page's top rows (zccheck.scan.ocr_heading): both group boxes the same way.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Iterable, Sequence

Points = Sequence[tuple[float, float]]

MAX_SKEW_DEGREES = 10.0


def _deskew(boxes: Iterable[Points]) -> tuple[float, float]:
    """(cos, sin) of the page's skew: the median angle of the top edges of boxes at least three times as
    wide as tall (lines of text, not single characters); none when no box qualifies or the angle is odd."""
    angles = []
    for pts in boxes:
        if len(pts) != 4:
            continue
        (x0, y0), (x1, y1) = pts[0], pts[1]  # detector boxes run clockwise from the top-left corner
        width = math.hypot(x1 - x0, y1 - y0)
        height = math.hypot(pts[3][0] - x0, pts[3][1] - y0)
        if width >= 3 * max(height, 1.0) and x1 > x0:
            angles.append(math.atan2(y1 - y0, x1 - x0))
    if not angles:
        return 1.0, 0.0
    angle = sorted(angles)[len(angles) // 2]
    if abs(math.degrees(angle)) > MAX_SKEW_DEGREES:
        return 1.0, 0.0
    return math.cos(angle), math.sin(angle)


@dataclass(frozen=True)
class PlacedBox:
    """A box in the page's frame (turned back by the page's skew); `index`: its place in the input."""

    center_y: float
    height: float
    left: float
    right: float
    index: int


def rows(boxes: Sequence[Points]) -> list[list[PlacedBox]]:
    """The boxes grouped into visual rows, top to bottom, each row left to right.

    A photographed page is seldom square to the camera: at 2° a line across a 1080-px page climbs 38 px,
    more than a line's height, and rows read in y order interleave. Rows are found in the page's own
    frame: every box turned back by the page's skew (the median slope of the wide boxes' top edges)."""
    cos_a, sin_a = _deskew(boxes)
    placed = []
    for i, pts in enumerate(boxes):
        xs = [x * cos_a + y * sin_a for x, y in pts]
        ys = [y * cos_a - x * sin_a for x, y in pts]
        top, bottom = min(ys), max(ys)
        placed.append(PlacedBox((top + bottom) / 2, max(1.0, bottom - top), min(xs), max(xs), i))
    placed.sort(key=lambda b: (b.center_y, b.left))
    grouped: list[list[PlacedBox]] = []
    for b in placed:
        if grouped:
            row = grouped[-1]
            row_cy = sum(r.center_y for r in row) / len(row)
            row_h = min(r.height for r in row)
            if abs(b.center_y - row_cy) <= 0.5 * min(row_h, b.height):
                row.append(b)
                continue
        grouped.append([b])
    for row in grouped:
        row.sort(key=lambda r: r.left)
    return grouped


def order_lines(items: Iterable[tuple[Points, str]]) -> list[str]:
    """Text boxes (points, text) as visual lines. Boxes on one row are concatenated directly when they
    nearly touch (the detector often splits one printed line) and joined by a space when there is a
    visible gap (form fields such as ``姓名 张三``). Boxes with no text are left out first."""
    kept = [(pts, txt.strip()) for pts, txt in items if txt.strip()]
    lines = []
    for row in rows([pts for pts, _ in kept]):
        parts = [kept[row[0].index][1]]
        for prev, cur in zip(row, row[1:]):
            gap = cur.left - prev.right
            parts.append(("" if gap < 0.8 * min(prev.height, cur.height) else " ") + kept[cur.index][1])
        lines.append("".join(parts))
    return lines
