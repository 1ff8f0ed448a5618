"""Reading a page's top first: recognition of the rest only when the top leaves it needed.

Recognition is 85 % of OCR's time and costs what a page says (notes/ocr.md). A page whose file the path
says nothing of (微信图片_….jpg) is read to tell its item; when its title alone settles that, and the
item's checks read no words (a 获奖证书 among the achievements: only its blank look is checked), the
body's lines would change nothing. So for such a page the caller passes a `HeadingRule`: the page's
text boxes are detected as always, its rows are recognised from the top one at a time until the rule
decides (at most its `lines` first lines), and the rule says whether they settle the page. If they do,
the page's text is those lines (the result is marked incomplete and cached apart from complete ones); if
not, the remaining boxes are read and the text is exactly what reading the page at once gives: each box
is recognised on its own (a batch of one, zccheck.scan.ocr), so a box reads the same whichever boxes are
read with it.

The rule comes from the classifier (zccheck.classify.heading_rule), which knows titles and items; this
module knows only boxes and lines.
"""

from __future__ import annotations

import contextlib
from typing import Any, Callable, Iterator, Protocol, Sequence

from zccheck.scan.ocr_lines import order_lines, rows


class HeadingRule(Protocol):
    """Whether a page's first lines settle everything its words are needed for."""

    @property
    def lines(self) -> int: ...  # the most first lines of a page it reads

    @property
    def fingerprint(self) -> str: ...  # what it depends on (the pack's titles and items), for cache keys

    def __call__(self, lines: Sequence[str]) -> bool | None:
        """True: these first lines settle the page; False: they do not; None: more lines could change
        that (given `lines` lines, the rule decides)."""

    def next_pages(self, lines: Sequence[str]) -> "HeadingRule | None":
        """For first lines that settle a file's first page: the rule each later page is read under, or None
        when they settle the whole file (its later pages are not read)."""

    # A rule may also say `reads_dates = False`: nothing reads the years or dates of a page read under it (its
    # path gives the file's years and its checks read none), so the recogniser reads them less carefully
    # (zccheck.scan.ocr_cascade) and the page's text, even read to its end, serves only reads under that rule.
    #
    # A rule may also say `settles_near_top = True`: it almost always settles a page within its top part (a
    # certificate of a known item names its holder there), so the page's text is detected there first
    # (zccheck.scan.ocr.TOP_BAND). A rule that settles only some pages (a loose page's title rule: most titles
    # name items whose words are read) would pay for that detection twice on the others.


def reads_dates(rule: HeadingRule | None) -> bool:
    """Whether a page read under `rule` (None: read whole) has its years and dates read with care (HeadingRule)."""
    return rule is None or bool(getattr(rule, "reads_dates", True))


class BoxWatch:
    """RapidOCR's text detector, its last boxes kept for the recogniser (the crops it is given come from
    them, in their order)."""

    def __init__(self, detector: Any) -> None:
        self._detector = detector
        self.boxes: Any = None
        # set by `given`: the rows and columns of the page text is detected in, and how far down a box may reach
        self.region: tuple[slice, slice] | None = None
        self.floor: float | None = None
        self._page_shape: tuple[int, int] | None = None  # (height, width) of the page `given` is for
        self._giving = False

    def __call__(self, image: Any) -> Any:
        self.boxes = None
        # RapidOCR pads a page it finds too wide or too low (a strip) before detection: that page is detected as
        # RapidOCR detects it, whole
        self._giving = self._page_shape is not None and tuple(image.shape[:2]) == self._page_shape
        region = self.region if self._giving else None
        try:
            # the part is a view of the page: the recogniser crops its lines from the page, no copy is made
            result = self._detector(image if region is None else image[region])
        finally:
            self._giving = False
        if region is not None and getattr(result, "boxes", None) is not None:
            boxes = result.boxes.copy()  # in the page's frame, of the detector's dtype (cv2 takes float32 only)
            boxes[..., 0] += region[1].start
            boxes[..., 1] += region[0].start
            result.boxes = boxes
        if self.floor is not None and getattr(result, "boxes", None) is not None:
            _drop_boxes_below(result, self.floor)
        self.boxes = getattr(result, "boxes", None)
        return result

    @contextlib.contextmanager
    def given(self, detector_input: Any, page_shape: tuple[int, int], region: tuple[slice, slice] | None = None,
              floor: float | None = None) -> Iterator[None]:
        """While a part of a page is detected (its inked part, zccheck.scan.ocr_crop; its top band): the `region`
        (rows, columns; None: the whole page) of a page of `page_shape` (height, width) given to the detector
        as `detector_input`, the part as it lies on the whole page scaled for detection, rather than scaled on
        its own; with `floor`, without the boxes that reach that far down the page — a line the band's lower
        edge cuts through is no line to read. A RapidOCR whose detector no longer builds its preprocessing in
        `get_preprocess` detects the whole page as before."""
        detector = self._detector
        while "get_preprocess" not in dir(type(detector)) and hasattr(detector, "_detector"):
            detector = detector._detector  # through any wrapper to RapidOCR's own
        builds = getattr(type(detector), "get_preprocess", None)
        try:
            if builds is not None:
                detector.get_preprocess = lambda: _given(builds(detector), detector_input) if self._giving \
                    else builds(detector)
                self._page_shape = (int(page_shape[0]), int(page_shape[1]))
            self.region, self.floor = region, floor
            yield
        finally:
            self.region, self.floor, self._page_shape = None, None, None
            if builds is not None:
                vars(detector).pop("get_preprocess", None)

    def __getattr__(self, name: str) -> Any:  # RapidOCR sets the detector's post-processing options
        return getattr(self._detector, name)


def _given(preprocess: Any, detector_input: Any) -> Any:
    """RapidOCR's detection preprocessing, with `detector_input` as what its resizing gives."""
    preprocess.resize = lambda image: detector_input
    return preprocess


def _drop_boxes_below(result: Any, floor: float) -> None:
    import numpy as np

    boxes = np.asarray(result.boxes)
    if boxes.ndim != 3 or not len(boxes):
        return
    keep = boxes[:, :, 1].max(axis=1) < floor
    if keep.all():
        return
    result.boxes = boxes[keep] if keep.any() else None
    if result.scores is not None and len(result.scores) == len(keep):
        result.scores = [score for score, kept in zip(result.scores, keep) if kept]


class HeadFirstRecognizer:
    """RapidOCR's recogniser, reading a page's top rows first while `rule` is set (see the module)."""

    def __init__(self, recognizer: Any, watch: BoxWatch, min_score: Callable[[], float]) -> None:
        self._recognizer = recognizer
        self._watch = watch
        self._min_score = min_score  # RapidOCR drops a box read with less confidence (Global.text_score)
        self.rule: HeadingRule | None = None
        self.partial = False  # the last page was settled by its top: only its top rows were read

    def __getattr__(self, name: str) -> Any:
        return getattr(self._recognizer, name)

    def __call__(self, rec_input: Any) -> Any:
        self.partial = False
        rule, boxes, crops = self.rule, self._watch.boxes, rec_input.img
        if rule is None or boxes is None or not isinstance(crops, list) or len(boxes) != len(crops):
            return self._recognizer(rec_input)
        try:
            return self._top_first(rec_input, rule, [[(float(x), float(y)) for x, y in box] for box in boxes])
        except Exception:  # noqa: BLE001 - a rule that fails on a page's words must not cost the page its text
            self.partial = False
            return self._recognizer(rec_input)

    def _top_first(self, rec_input: Any, rule: HeadingRule, points: list[list[tuple[float, float]]]) -> Any:
        grouped = rows(points)
        crops = rec_input.img
        read: dict[int, tuple[str, float, Any]] = {}
        taken, wanted, settled = 0, 1, False
        while taken < len(grouped):
            known = self._lines(points, read)
            if len(known) < wanted:  # a row read as nothing (a stain, a stamp's edge) is no line
                batch = grouped[taken:taken + wanted - len(known)]
                taken += len(batch)
                self._read(rec_input, [b.index for row in batch for b in row], read)
                continue
            verdict = rule(known)
            if verdict is not None or wanted >= rule.lines:
                settled = bool(verdict)
                break
            wanted += 1
        if settled and taken < len(grouped):
            self.partial = True
        else:
            self._read(rec_input, [i for i in range(len(crops)) if i not in read], read)
        return self._output(rec_input, read)

    def _lines(self, points: list[list[tuple[float, float]]], read: dict[int, tuple[str, float, Any]]) -> list[str]:
        """The lines the boxes read so far make, as the page's text would show them."""
        floor = self._min_score()
        return order_lines((points[i], txt) for i, (txt, score, _) in sorted(read.items()) if score >= floor)

    def _read(self, rec_input: Any, indices: list[int], read: dict[int, tuple[str, float, Any]]) -> None:
        if not indices:
            return
        out = self._recognizer(type(rec_input)(img=[rec_input.img[i] for i in indices],
                                               return_word_box=rec_input.return_word_box))
        words = out.word_results if out.word_results is not None and len(out.word_results) == len(indices) \
            else (None,) * len(indices)
        for i, txt, score, word in zip(indices, out.txts or ("",) * len(indices), out.scores, words):
            read[i] = (txt, float(score), word)

    def _output(self, rec_input: Any, read: dict[int, tuple[str, float, Any]]) -> Any:
        """One output for every crop, as the recogniser gives it; a crop not read has no text (RapidOCR
        drops it with the empty ones)."""
        from rapidocr.ch_ppocr_rec.typings import TextRecOutput

        n = len(rec_input.img)
        results = [read.get(i, ("", 0.0, None)) for i in range(n)]
        return TextRecOutput(imgs=rec_input.img, txts=tuple(r[0] for r in results),  # type: ignore[arg-type]
                             scores=tuple(r[1] for r in results),  # type: ignore[arg-type]
                             word_results=tuple(r[2] for r in results))
