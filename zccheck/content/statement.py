"""Is the prescribed sentence present in a document, allowing for OCR noise?

The notice requires the recommending unit to write exactly "本单位已对提供的申报材料逐一审核，真实、
完整、有效，同意推荐". Scans arrive through OCR, so a few characters may be wrong or missing,
lines break mid-sentence and commas flip between full and half width. A *different* sentence —
"本单位已对申报材料进行审核，同意推荐" — must still be rejected, because reviewers send it back.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from dataclasses import dataclass
from difflib import SequenceMatcher

# Similarity needed to accept (see StatementMatch.similarity). The 2021 notice's sentence
# (本单位已对提供的申报材料逐一审核，真实、完整、有效，同意推荐; the pack states it) has 26
# characters once punctuation is dropped, so each wrong, missing or extra character costs about
# 0.04: three wrong or missing characters score 23/26 = 0.88, four 0.85, five 0.81. The closest
# wordings reviewers reject — the sentence without "真实、完整、有效" and "本单位已对提供的申报材料
# 进行审核，同意推荐" — score 0.77 and 0.69. 0.82 accepts up to four OCR errors and keeps a margin
# of 0.05 to the nearest wrong wording; tests/test_content_text.py pins these numbers.
DEFAULT_THRESHOLD = 0.82

# Windows compared exactly, best candidates first. Only a text that is a soup of the sentence's
# own characters gets near it; a real occurrence, even with OCR noise, ranks among the first few.
MAX_EXACT_COMPARISONS = 1000

# Same kind of mark, different code point: OCR and keyboards pick either.
_PUNCTUATION_CLASSES = {
    ",": ",，、﹐﹑､",
    ".": ".。．｡",
    ":": ":：﹕",
    ";": ";；﹔",
    "!": "!！",
    "?": "?？",
    '"': "\"'“”„‟‘’「」『』〝〞",
    "(": "(（［[【〔〖",
    ")": ")）］]】〕〗",
    "-": "-‐‑‒–—―－~～〜",
}
_UNIFY_PUNCTUATION = {ord(ch): canon for canon, chars in _PUNCTUATION_CLASSES.items() for ch in chars}
_PUNCTUATION = set(_PUNCTUATION_CLASSES)

# Glyphs OCR confuses in administrative Chinese; folding both sides makes the confusion free.
_OCR_CONFUSIONS = str.maketrans({"己": "已", "巳": "已", "曰": "日", "未": "末", "兑": "说", "〇": "0", "○": "0"})


_FOLDED: dict[str, str] = {}  # character → its NFKC form with punctuation unified
MAX_FOLDED = 50_000  # distinct characters remembered (Chinese documents use a few thousand)


def _normalize_with_origin(text: str, fold_ocr_confusions: bool, drop_punctuation: bool) -> tuple[str, list[int]]:
    """The normalised text and, for each of its characters, the index it came from in `text`."""
    chars: list[str] = []
    origin: list[int] = []
    for index, ch in enumerate(text):
        if ch.isspace():
            continue
        folded = _FOLDED.get(ch)
        if folded is None:
            folded = unicodedata.normalize("NFKC", ch).translate(_UNIFY_PUNCTUATION)
            if len(_FOLDED) < MAX_FOLDED:
                _FOLDED[ch] = folded
        for out in folded:
            if out.isspace():
                continue
            if fold_ocr_confusions:
                out = out.translate(_OCR_CONFUSIONS)
            if drop_punctuation and (out in _PUNCTUATION or unicodedata.category(out).startswith("P")):
                continue
            chars.append(out)
            origin.append(index)
    return "".join(chars), origin


def normalize(text: str, *, fold_ocr_confusions: bool = False, drop_punctuation: bool = False) -> str:
    """NFKC, one code point per punctuation class (，, 、 → ","; 。. → "."; ～—- → "-" …), no whitespace.

    `fold_ocr_confusions` also maps look-alike glyphs (己/巳→已, 曰→日, 〇→0 …);
    `drop_punctuation` removes punctuation altogether.
    """
    return _normalize_with_origin(text, fold_ocr_confusions, drop_punctuation)[0]


@dataclass(frozen=True)
class StatementMatch:
    found: bool  # similarity >= threshold
    # Characters of the sentence found in the window, in order, divided by the length of the longer
    # of the two: wrong, missing and extra characters all cost alike; 1.0 is an exact match.
    similarity: float
    best_window: str  # that window as it stands in the original text, whitespace runs collapsed to one space


def find_statement(
    text: str,
    statement: str,
    threshold: float = DEFAULT_THRESHOLD,
    *,
    fold_ocr_confusions: bool = True,
) -> StatementMatch:
    """Best similarity of `statement` against any stretch of `text` of about the same length.

    Both sides are normalised with punctuation dropped: punctuation is the least reliable part of
    OCR output and carries none of the wording the reviewers check. Windows of the sentence's
    length are first ranked by how many of the sentence's characters they contain (an upper bound
    of the similarity, computed in one sliding pass); difflib's SequenceMatcher then runs only
    while that bound can still beat the best so far and reach the threshold (so the similarity
    reported for a text without the sentence is that of its most promising window).
    Around the best window, windows up to 3 characters shorter or longer are tried too.

    The score is not difflib's ratio(): ratio forgives missing characters (2·(26−k)/(52−k)), so the
    sentence with "真实、完整、有效" cut out would still score 0.87.
    """
    wanted = normalize(statement, fold_ocr_confusions=fold_ocr_confusions, drop_punctuation=True)
    haystack, origin = _normalize_with_origin(text, fold_ocr_confusions, True)
    size = len(wanted)
    if not wanted or not haystack:
        return StatementMatch(False, 0.0, "")

    width = min(size, len(haystack))
    overlaps = _sliding_overlaps(haystack, wanted, width)
    ranked = sorted(range(len(overlaps)), key=lambda start: -overlaps[start])

    matcher = SequenceMatcher(autojunk=False)
    matcher.set_seq2(wanted)
    best_score, best_start, best_end = -1.0, 0, width
    for compared, start in enumerate(ranked[:MAX_EXACT_COMPARISONS]):
        bound = overlaps[start] / size
        if bound <= best_score:
            break  # no remaining window can do better
        if compared and bound < threshold:
            break  # nor reach the threshold: the best so far is the answer (a text without the sentence
            # would otherwise compare hundreds of windows that share some of its characters)
        score = _score(matcher, haystack[start : start + width], size)
        if score > best_score:
            best_score, best_start, best_end = score, start, start + width

    # A missing or extra character shifts the ideal window; try lengths around the winner so the
    # reported window and score fit the sentence tightly.
    for start in range(max(0, best_start - 3), best_start + 4):
        for end in range(start + max(1, size - 3), min(len(haystack), start + size + 3) + 1):
            length = end - start
            if min(length, size) / max(length, size) <= best_score:
                continue
            score = _score(matcher, haystack[start:end], size)
            if score > best_score:
                best_score, best_start, best_end = score, start, end

    # Report the window from its first to its last matched character, not the context around.
    matcher.set_seq1(haystack[best_start:best_end])
    blocks = [block for block in matcher.get_matching_blocks() if block.size]
    if blocks:
        best_start, best_end = best_start + blocks[0].a, best_start + blocks[-1].a + blocks[-1].size
        best_score = _score(matcher, haystack[best_start:best_end], size)

    window = text[origin[best_start] : origin[best_end - 1] + 1]
    similarity = round(best_score, 4)
    return StatementMatch(similarity >= threshold, similarity, " ".join(window.split()))


def _score(matcher: SequenceMatcher, window: str, size: int) -> float:
    matcher.set_seq1(window)
    matched = sum(block.size for block in matcher.get_matching_blocks())
    return matched / max(len(window), size)


def _sliding_overlaps(haystack: str, wanted: str, width: int) -> list[int]:
    """For each window of `width` characters, how many of `wanted`'s characters (as a multiset) it holds."""
    need = Counter(wanted)
    have: Counter[str] = Counter()
    overlap = 0
    overlaps: list[int] = []
    for index, ch in enumerate(haystack):
        if have[ch] < need.get(ch, 0):
            overlap += 1
        have[ch] += 1
        if index >= width:
            gone = haystack[index - width]
            have[gone] -= 1
            if have[gone] < need.get(gone, 0):
                overlap -= 1
        if index >= width - 1:
            overlaps.append(overlap)
    return overlaps
