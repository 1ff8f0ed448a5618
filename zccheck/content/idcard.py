"""居民身份证号码 (GB 11643-1999): validate a number and find ID-like tokens in text.

Layout of the 18 characters: 6-digit address code (GB/T 2260), 8-digit birth date YYYYMMDD,
3-digit sequence (odd for men, even for women), 1 check character (ISO 7064 MOD 11-2, "X" = 10).

Only the first two digits of the address code are checked, against the province-level codes
below: the full GB/T 2260 table has thousands of entries that change every year, and old IDs keep
codes of counties that no longer exist, so a 6-digit check would reject valid numbers.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

# GB/T 2260 province-level codes. 71 台湾, 81 香港, 82 澳门 are in GB/T 2260; 83 is the
# address code of the 台湾居民居住证 (810000/820000/830000 are used on 港澳台居民居住证,
# which share this number format).
PROVINCE_CODES: frozenset[str] = frozenset(
    "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 61 62 63 64 65 71 81 82 83".split()
)

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)  # 2**(17-i) mod 11
_CHECK_CHARACTERS = "10X98765432"  # indexed by the weighted sum mod 11
_EARLIEST_BIRTH = dt.date(1900, 1, 1)

# 17 digits and a digit or X, not inside a longer run of digits: an 19-digit bank card number
# is not an ID. Full-width digits come from OCR and Chinese input methods.
ID18_PATTERN = r"(?<![0-9０-９])[0-9０-９]{17}[0-9０-９XxＸｘ](?![0-9０-９])"
_ID18 = re.compile(ID18_PATTERN)


@dataclass(frozen=True)
class IdCheck:
    valid: bool
    problem: str | None  # None | "length" | "characters" | "region" | "birth-date" | "check-digit"
    birth: dt.date | None  # decoded whenever the birth-date field is a real date, even if another check fails
    sex: str | None  # "M" | "F", from the sequence digit, whenever the characters are valid


def validate_id(number: str, today: dt.date | None = None) -> IdCheck:
    """Check an 18-character ID number. Surrounding whitespace, full-width forms and a lowercase
    x are accepted. The birth date must be a real date from 1900 up to `today` (default: the
    system date). The first failing check is reported, in the order listed on IdCheck.problem."""
    normalized = normalize_id(number)
    if len(normalized) != 18:
        return IdCheck(False, "length", None, None)
    if not (normalized[:17].isascii() and normalized[:17].isdigit() and normalized[17] in "0123456789X"):
        return IdCheck(False, "characters", None, None)

    sex = "M" if int(normalized[16]) % 2 else "F"
    birth = _birth_date(normalized[6:14])
    if normalized[:2] not in PROVINCE_CODES:
        return IdCheck(False, "region", birth, sex)
    if birth is None or not _EARLIEST_BIRTH <= birth <= (today or dt.date.today()):
        return IdCheck(False, "birth-date", birth, sex)
    if check_character(normalized[:17]) != normalized[17]:
        return IdCheck(False, "check-digit", birth, sex)
    return IdCheck(True, None, birth, sex)


def check_character(first17: str) -> str:
    """The ISO 7064 MOD 11-2 check character for the first 17 digits."""
    return _CHECK_CHARACTERS[sum(int(digit) * weight for digit, weight in zip(first17, _WEIGHTS)) % 11]


def normalize_id(number: str) -> str:
    """Strip surrounding whitespace, fold full-width characters, upper-case the check character."""
    return unicodedata.normalize("NFKC", number).strip().upper()


def find_ids(text: str) -> list[str]:
    """ID-like tokens (17 digits + digit/X) in `text`, normalised, each once, in order of first
    appearance. They are not validated: pass them to validate_id."""
    return list(dict.fromkeys(normalize_id(found.group()) for found in _ID18.finditer(text)))


def _birth_date(yyyymmdd: str) -> dt.date | None:
    try:
        return dt.date(int(yyyymmdd[:4]), int(yyyymmdd[4:6]), int(yyyymmdd[6:]))
    except ValueError:
        return None
