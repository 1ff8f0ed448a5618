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

import functools
import re
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
CASCADE_VERSION = 1


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


def needs_thorough_read(text: str, score: float) -> bool:
    """Whether a line the quick model read as `text` with `score` is read again by the thorough model."""
    return score < MIN_QUICK_SCORE or _NUMBERS.search(text) is not None


class CascadeRecognizer:
    """Two RapidOCR recognisers as one: `quick` reads every crop, `thorough` those `again` says it must."""

    def __init__(self, quick: Any, thorough: Any,
                 again: Callable[[str, float], bool] = needs_thorough_read) -> None:
        self._quick = quick
        self._thorough = thorough
        self._again = again
        self.quick_first = True  # False: the thorough model reads every line (zccheck.scan.ocr._run sets it)

    def __getattr__(self, name: str) -> Any:  # settings RapidOCR reads from its recogniser: the thorough one's
        return getattr(self._thorough, name)

    def __call__(self, rec_input: Any) -> Any:
        crops = rec_input.img
        if not self.quick_first or not isinstance(crops, list) or not crops:
            return self._thorough(rec_input)
        first = self._quick(rec_input)
        texts, scores = list(first.txts or ("",) * len(crops)), [float(s) for s in first.scores]
        words = list(first.word_results) if first.word_results is not None and len(first.word_results) == len(crops) \
            else [None] * len(crops)
        again = [i for i, (text, score) in enumerate(zip(texts, scores)) if self._again(text, score)]
        if again:
            second = self._thorough(type(rec_input)(img=[crops[i] for i in again],
                                                    return_word_box=rec_input.return_word_box))
            second_words = second.word_results if second.word_results is not None \
                and len(second.word_results) == len(again) else (None,) * len(again)
            for i, text, score, word in zip(again, second.txts or ("",) * len(again), second.scores, second_words):
                texts[i], scores[i], words[i] = text, float(score), word
        return type(first)(imgs=crops, txts=tuple(texts), scores=tuple(scores),
                           word_results=tuple(words), elapse=first.elapse, viser=first.viser)
