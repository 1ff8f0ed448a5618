"""zccheck check PATH: one applicant folder or .zip, item by item."""

from __future__ import annotations

from pathlib import Path

from zccheck.commands.ocr_option import ocr_in_effect
from zccheck.commands.options import ReportOptions, resolve_report_options
from zccheck.commands.output import note
from zccheck.commands.pictures import applicant_pictures, pictures_wanted
from zccheck.commands.reporting import finish
from zccheck.engine import check_applicant
from zccheck.models import CheckOptions
from zccheck.pack.loader import load_pack
from zccheck.scan.cache import FactsCache
from zccheck.scan.runner import cpu_count


def run_check(path: Path, report: ReportOptions, *, series: str | None, title: str | None, ocr: bool,
              use_cache: bool, jobs: int | None, timeout: float, html: str | None = None,
              thumbnails: bool = False) -> int:
    rules, settings = resolve_report_options(path, report)
    lang = settings.lang
    if html:
        settings.outputs.append(("html", html))
    pack = load_pack(rules)
    ocr = ocr_in_effect(ocr, lang, note)
    cache = FactsCache(warn=note, lang=lang) if use_cache else None  # its faults: a warning, and the files read instead
    if cache is not None and cache.is_inside(path):
        # The cache holds personal data and must never be written into the folder being checked.
        note("缓存目录位于被检查的文件夹内，本次不使用缓存。" if lang == "zh"
             else "The cache directory is inside the checked folder: not used.")
        cache = None
    options = CheckOptions(lang=lang, show_pii=settings.show_pii, ocr=ocr, use_cache=cache is not None,
                           file_timeout=timeout, series=series, title=title)
    try:
        result = check_applicant(path, pack, options, display=str(path), jobs=jobs if jobs is not None else cpu_count(),
                                 cache=cache)
    finally:
        if cache:
            cache.close()
    pictures = None
    if pictures_wanted(thumbnails, settings.outputs, lang):
        pictures = [applicant_pictures(path, str(path), pack, result, show_pii=settings.show_pii, timeout=timeout)]
    return finish([result], pack, settings, pictures=pictures)
