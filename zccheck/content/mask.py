"""Mask 居民身份证号码 in anything zccheck prints or writes.

Runs on every output string, so it is one precompiled regex and nothing else. It masks every
ID-*like* token without validating it: an ID with an OCR error is still personal data, and
masking an 18-digit number that was not an ID costs nothing.
"""

from __future__ import annotations

import re

from zccheck.content.idcard import ID18_PATTERN

MASK_CHARACTER = "*"

# 18-character IDs (GB 11643-1999), then 15-digit IDs issued before 1999 (6-digit address code,
# YYMMDD, 3-digit sequence). The 15-digit form needs a plausible YYMMDD, because 15-digit
# numbers are otherwise common (order and account numbers). 11-digit phone numbers, 8-digit
# dates and landlines never reach either length.
_ID_LIKE = re.compile(
    ID18_PATTERN + r"|(?<![0-9０-９])[0-9]{8}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])[0-9]{3}(?![0-9０-９])"
)


def mask_id(number: str) -> str:
    """650102198001011234 → 650102********1234; 15-digit 650102800101123 → 650102******123.

    The address code is kept (it says only the county) and the birth date hidden. Any other
    length is masked entirely, since a caller passing it did think it was an ID.
    """
    if len(number) == 18:
        return number[:6] + MASK_CHARACTER * 8 + number[-4:]
    if len(number) == 15:
        return number[:6] + MASK_CHARACTER * 6 + number[-3:]
    return MASK_CHARACTER * len(number)


def mask_text(text: str) -> str:
    """`text` with every ID-like token replaced by mask_id of it."""
    return _ID_LIKE.sub(lambda found: mask_id(found.group()), text)
