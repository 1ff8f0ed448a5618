"""Text read from a file, made safe to keep and to print."""

from __future__ import annotations

import re

# Lone surrogates (a broken ToUnicode map) cannot be written as UTF-8, and control characters in a
# document's text must never reach a terminal (escape sequences): both are dropped from page text.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def clean_text(text: str) -> str:
    return _CONTROL.sub("", text)
