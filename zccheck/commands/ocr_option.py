"""`--ocr` as `check` and `batch` take it: on only when the engine is installed. Without it the run is a
run without OCR — scans are needs-review saying OCR would decide — and the user is told how to install it;
a check never says OCR read nothing of a scan that OCR never saw."""

from __future__ import annotations

from typing import Callable


def ocr_in_effect(requested: bool, lang: str, note: Callable[[str], None]) -> bool:
    if not requested:
        return False
    from zccheck.scan.ocr import ocr_available

    if ocr_available():
        return True
    note("OCR 未安装：扫描件将标为需人工核查。安装：pip install \"zccheck[ocr]\""
         if lang == "zh" else "OCR is not installed: scans will be marked needs-review. Install: pip install \"zccheck[ocr]\"")
    return False
