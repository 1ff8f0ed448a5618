"""Recognition in two steps: every line read by a quick model, and read again by the thorough one when the
quick reading could be what a check gets wrong.

Recognition is most of OCR's time (notes/ocr.md). PP-OCRv6's tiny recogniser (shipped in
zccheck/scan/models, see its NOTICE.md) reads a line five times faster than the small one RapidOCR ships, and
on the lines it is sure of it reads the same text; where it is unsure it misreads names (阿依古丽 → 阿恢古丽)
and it knows 6,904 characters, not 18,000. And it can be sure and still drop a digit (2021年9月10日 →
202年9月10日 at 0.995). So a line is read again by the thorough model, and its reading is the thorough one,
when the quick model is not sure of it, or when it holds what a check parses as a number: a year, a date,
an ID number. What a page's text says is then the thorough model's reading on every line either could
get wrong, at a fifth to a half of the cost.

Measured on 57 scanned pages and 99 phone photos of the tuning drives (2,196 lines): with these two
rules, 31 % of the lines' width is read again, and the lines equal the thorough model's readings but for
space forms, a bracket, one rare character on an achievement page (墒 read 嫡) and one line the quick model
read right and the thorough one not (博士學位证書 for 博士学位证书).

The recogniser is RapidOCR's (`TextRecognizer`): called with a `TextRecInput` of line crops, it answers a
`TextRecOutput` with one text and score per crop, and so does this.
"""

from __future__ import annotations

import copy
import functools
import math
import re
import unicodedata
from pathlib import Path
from typing import Any, Callable

#: The quick recogniser and its dictionary, shipped with zccheck (models/NOTICE.md).
QUICK_MODEL = Path(__file__).with_name("models") / "PP-OCRv6_rec_tiny.onnx"
QUICK_KEYS = Path(__file__).with_name("models") / "PP-OCRv6_rec_tiny_dict.txt"

#: A line the quick model reads with less confidence than this is read again (on the tuning pages, the
#: quick model's misreadings of names and words all scored below it; notes/ocr.md).
MIN_QUICK_SCORE = 0.97

# What a check reads as a number: a digit (or a Chinese numeral) before 年/月/日 (2019年度, 二〇一九年八月,
# 9月10日), a dotted or dashed date (2021.9.10, 9.10-9.16), a year in brackets ((2019), （2019）), a run of
# six digits or more (an ID number, a certificate number).
_NUMBERS = re.compile(r"[\d〇○零一二三四五六七八九十]\s*[年月日]|\d[.\-/]\d{1,2}[.\-/]\d|[(（]\s*\d{4}|\d{6}")

#: Bumped whenever what the cascade reads again changes: part of the OCR cache key.
CASCADE_VERSION = 3


@functools.lru_cache(maxsize=1)
def _quick_characters() -> frozenset[str]:
    try:
        return frozenset(QUICK_KEYS.read_text(encoding="utf-8").splitlines())
    except OSError:
        return frozenset()


def quick_knows(name: str) -> bool:
    """Whether the quick model can read `name` at all: every character of it (but its spaces and middle dots)
    is in the quick model's dictionary. It reads a character it does not know as one it does, and is sure of
    it (李翀 → 李肿 at 0.99): an applicant named so has every line read by the thorough model."""
    known = _quick_characters()
    return not name or bool(known) and all(ch in known for ch in name if not ch.isspace() and ch not in "·.•・．")


# What a check reads as a number on a page whose dates nobody reads (its path gives its years): an ID number
# or another run of six digits or more.
_LONG_NUMBERS = re.compile(r"\d{6}")


def needs_thorough_read(text: str, score: float, dates: bool = True, own: tuple[str, ...] = ()) -> bool:
    """Whether a line the quick model read as `text` with `score` is read again by the thorough model; without
    `dates`, a sure line only for a long number (an ID number), not for a year or a date. A number in `own` (the
    applicant's ID number) that the quick model read exactly needs no second reading: the thorough model could
    only confirm it, for a misreading that gives exactly the applicant's own number is no risk worth a reading."""
    if score < MIN_QUICK_SCORE:
        return True
    for number in own:
        text = re.sub(re.escape(number), " ", text, flags=re.IGNORECASE)
    return (_NUMBERS if dates else _LONG_NUMBERS).search(text) is not None


# The characters of a line its numbers' part spans: digits, and a run of Chinese numerals before 年/月/日.
_NUMBER_CHARACTERS = re.compile(r"[\d〇○零一二三四五六七八九十]+(?=\s*[年月日])|\d+")


def _same_character(a: str, b: str) -> bool:
    return unicodedata.normalize("NFKC", a) == unicodedata.normalize("NFKC", b)


class _FrameRecorder:
    """The quick recogniser's CTC decoding, also keeping the frame each character of its last line was read at
    (the line's columns: RapidOCR returns only the text)."""

    def __init__(self, decode: Any) -> None:
        self._decode = decode
        self.last: tuple[list[int], int] | None = None  # (frame of each character, frames in the line)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._decode, name)

    def __call__(self, preds: Any, return_word_box: bool = False, **kwargs: Any) -> Any:
        out = self._decode(preds, return_word_box, **kwargs)
        self.last = None
        if getattr(preds, "ndim", 0) == 3 and preds.shape[0] == 1:
            import numpy as np

            best = preds[0].argmax(axis=1)
            kept = np.ones(len(best), dtype=bool)
            kept[1:] = best[1:] != best[:-1]
            for ignored in self._decode.get_ignored_tokens():
                kept &= best != ignored
            self.last = (np.nonzero(kept)[0].tolist(), int(len(best)))
        return out


def _unpadded(recognizer: Any) -> Any:
    """`recognizer` reading a crop at its own width, for the numbers' part of a line (于2019年参: ~150 px at 48
    high): RapidOCR pads a crop narrower than its model's width (320 px) with blank columns, which the network
    reads at full cost. Only parts: a short whole line (a name, a page number) read unpadded reads otherwise
    (the line 郑博 became 关郑博), while a part's reading is kept only when its edge characters agree with the quick
    model's (CascadeRecognizer._numbers_again). Eight slot applicants read the same, 1,160 lines; five photo
    folders 1,175 of 1,178 (the others by a space or a bracket's width); the parts' width 15.0k → 11.9k px."""
    shape = getattr(recognizer, "rec_image_shape", None)
    if shape is None or len(shape) != 3:
        return recognizer
    view = copy.copy(recognizer)  # the same session and decoder
    view.rec_image_shape = [shape[0], shape[1], shape[1]]
    return view


class CascadeRecognizer:
    """Two RapidOCR recognisers as one: `quick` reads every crop, `thorough` those `again` says it must.

    A line the quick model is sure of (MIN_QUICK_SCORE) that is read again only for its numbers (兹证明张三同志
    （身份证号：…）于2019) has only its numbers' part re-read: from the character before its first digit (or Chinese
    numeral before 年/月/日) to the one after its last, cut halfway between characters (the quick model's CTC
    frames give each character's column). The thorough reading replaces what lies between those two edge
    characters when it reads both edges as the quick one did; otherwise the whole line is read again (a cut
    character reads as another: GX → G<)."""

    def __init__(self, quick: Any, thorough: Any,
                 again: Callable[[str, float, bool, tuple[str, ...]], bool] = needs_thorough_read) -> None:
        self._quick = quick
        self._thorough = thorough
        self._thorough_unpadded = _unpadded(thorough)
        self._again = again
        self.quick_first = True  # False: the thorough model reads every line (zccheck.scan.ocr._run sets it)
        # False: the page's years and dates are read by nobody (zccheck.scan.ocr._run sets it from the page's
        # rule), so a sure line is read again only for a long number (needs_thorough_read)
        self.dates_read = True
        self.own_numbers: tuple[str, ...] = ()  # the applicant's ID number (needs_thorough_read), set as dates_read
        self._frames: _FrameRecorder | None = None
        decode = getattr(quick, "postprocess_op", None)
        if decode is not None and hasattr(decode, "get_ignored_tokens") and hasattr(quick, "rec_image_shape"):
            self._frames = quick.postprocess_op = _FrameRecorder(decode)

    def __getattr__(self, name: str) -> Any:  # settings RapidOCR reads from its recogniser: the thorough one's
        return getattr(self._thorough, name)

    def __call__(self, rec_input: Any) -> Any:
        crops = rec_input.img
        if not self.quick_first or not isinstance(crops, list) or not crops:
            return self._thorough(rec_input)
        texts: list[str] = []
        scores: list[float] = []
        columns: list[tuple[list[int], int] | None] = []
        first = None
        for crop in crops:  # one at a time, as RapidOCR reads them here anyway (Rec.rec_batch_num 1): each line's frames
            first = self._quick(type(rec_input)(img=[crop], return_word_box=False))
            texts.append((first.txts or ("",))[0])
            scores.append(float(first.scores[0]))
            columns.append(self._frames.last if self._frames is not None else None)
        whole = []
        for i, (text, score) in enumerate(zip(texts, scores)):
            if not self._again(text, score, self.dates_read, self.own_numbers):
                continue
            # a sure line is here for its numbers alone: only their part is read again
            spliced = self._numbers_again(type(rec_input), crops[i], text, columns[i]) if score >= MIN_QUICK_SCORE else None
            if spliced is None:
                whole.append(i)
            else:
                texts[i] = spliced
        words: list[Any] = [None] * len(crops)
        if whole:
            second = self._thorough(type(rec_input)(img=[crops[i] for i in whole],
                                                    return_word_box=rec_input.return_word_box))
            second_words = second.word_results if second.word_results is not None \
                and len(second.word_results) == len(whole) else (None,) * len(whole)
            for i, text, score, word in zip(whole, second.txts or ("",) * len(whole), second.scores, second_words):
                texts[i], scores[i], words[i] = text, float(score), word
        assert first is not None
        return type(first)(imgs=crops, txts=tuple(texts), scores=tuple(scores),
                           word_results=tuple(words), elapse=first.elapse, viser=first.viser)

    def _numbers_again(self, lines: Any, crop: Any, text: str, columns: tuple[list[int], int] | None) -> str | None:
        """`text` with its numbers' part as the thorough model reads it, or None: read the whole line again."""
        numbers = [(m.start(), m.end() - 1) for m in _NUMBER_CHARACTERS.finditer(text)]
        if columns is None or not numbers or len(columns[0]) != len(text):
            return None
        frames, count = columns
        height, width = crop.shape[:2]
        if count <= 0 or height <= 0:
            return None
        _, model_height, min_width = self._quick.rec_image_shape
        model_width = int(model_height * max(min_width / model_height, width / height))  # as RapidOCR pads a line
        drawn = min(model_width, math.ceil(model_height * width / height))
        x = [(f + 0.5) * model_width / count * width / drawn for f in frames]  # each character's column in the crop
        a, b = max(0, numbers[0][0] - 1), min(len(text) - 1, numbers[-1][1] + 1)
        left = 0 if a == 0 else int((x[a - 1] + x[a]) / 2)
        right = width if b == len(text) - 1 else int(math.ceil((x[b] + x[b + 1]) / 2))
        if right - left > 0.75 * width or right - left < height:
            return None  # most of the line: read it whole
        import numpy as np

        read = self._thorough_unpadded(lines(img=[np.ascontiguousarray(crop[:, left:right])], return_word_box=False)).txts
        part = read[0] if read else ""
        if len(part) < 2 or not _same_character(part[0], text[a]) or not _same_character(part[-1], text[b]):
            return None
        return text[:a + 1] + part[1:-1] + text[b:]
