"""zccheck batch ROOT: every applicant on a shared drive, in one run — one pool of workers, the cache,
a progress bar on stderr (only on a terminal), and the same report formats as `check` plus the
spreadsheet, CSV and HTML exports for people."""

from __future__ import annotations

import os
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from zccheck.batch import ProgressEvent, check_batch, discover, in_shard, select_shard
from zccheck.commands.ocr_option import ocr_in_effect
from zccheck.commands.options import ReportOptions, resolve_report_options
from zccheck.commands.output import note
from zccheck.commands.pictures import applicant_pictures, pictures_wanted
from zccheck.commands.reporting import finish
from zccheck.models import CheckOptions
from zccheck.pack.loader import load_pack
from zccheck.scan.cache import FactsCache
from zccheck.scan.runner import cpu_count

BATCH_DEFAULT_FORMAT = "summary"  # one line per applicant; `--format table` gives every applicant in full


def _outputs(settings, report: ReportOptions, exports: dict[str, str | None]) -> None:
    """Batch prints the summary table unless a format was asked for, and adds the export files."""
    explicit = report.fmt or os.environ.get("ZCCHECK_FORMAT")
    if not explicit:
        settings.outputs = [(BATCH_DEFAULT_FORMAT if fmt == "table" else fmt, target)
                            for fmt, target in settings.outputs]
    for fmt, target in exports.items():
        if target:
            settings.outputs.append((fmt, target))


@contextmanager
def _progress_bar(enabled: bool, total: int, lang: str, show_pii: bool = False, ocr: bool = False) -> Iterator:
    """A rich progress bar on stderr: applicants done / total, files read (and with OCR, pages recognised),
    ETA, who is being checked."""
    if not enabled or total == 0:
        yield None
        return
    from rich.console import Console
    from rich.progress import (BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn,
                               TimeElapsedColumn, TimeRemainingColumn)

    from zccheck.content.mask import mask_text

    console = Console(file=sys.stderr)
    files_word = "个文件" if lang == "zh" else "files"
    pages_word = "页已识别" if lang == "zh" else "pages recognised"
    pages = [TextColumn(f"{{task.fields[pages]}} {pages_word}")] if ocr else []
    progress = Progress(SpinnerColumn(), TextColumn("[bold]{task.fields[who]}", justify="left"), BarColumn(),
                        MofNCompleteColumn(), TextColumn(f"{{task.fields[files]}} {files_word}"), *pages,
                        TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn(), console=console,
                        transient=True, refresh_per_second=5)
    task = progress.add_task("batch", total=total, who="", files=0, pages=0)

    def update(event: ProgressEvent) -> None:
        # folder names hold ID numbers too; stderr ends up in logs
        display = event.display if show_pii else mask_text(event.display)
        who = display if len(display) <= 30 else "…" + display[-29:]
        progress.update(task, completed=event.done, files=event.files_done, pages=event.ocr_pages,
                        who=who if event.kind == "listing" else progress.tasks[0].fields["who"])

    with progress:
        yield update


def run_batch(root: Path, report: ReportOptions, *, depth: int = 1, shard: tuple[int, int] | None = None, ocr: bool = False,
              use_cache: bool = True, jobs: int | None = None, timeout: float = 10.0, xlsx: str | None = None,
              csv: str | None = None, html: str | None = None, progress: str = "auto", thumbnails: bool = False) -> int:
    rules, settings = resolve_report_options(root, report)
    lang = settings.lang
    _outputs(settings, report, {"xlsx": xlsx, "csv": csv, "html": html})
    pack = load_pack(rules)
    ocr = ocr_in_effect(ocr, lang, note)

    candidates, skipped = discover(root, depth)
    if shard is not None:
        candidates = select_shard(candidates, *shard)
        skipped = [s for s in skipped if in_shard(s.display, *shard)]
    for s in skipped:
        note(f"未检查 {s.display}：{s.reason_zh}" if lang == "zh" else f"not checked: {s.display}: {s.reason_en}",
             show_pii=settings.show_pii)

    cache = FactsCache(warn=note, lang=lang) if use_cache else None  # its faults: a warning, and the files read instead
    if cache is not None and cache.is_inside(root):
        # The cache holds personal data and must never land on the shared drive being checked.
        note("缓存目录位于被检查的文件夹内，本次不使用缓存。" if lang == "zh"
             else "The cache directory is inside the checked tree: not used.")
        cache = None
    options = CheckOptions(lang=lang, show_pii=settings.show_pii, ocr=ocr, use_cache=cache is not None,
                           file_timeout=timeout)
    show_progress = progress == "always" or (progress == "auto" and sys.stderr.isatty())
    try:
        with _progress_bar(show_progress, len(candidates), lang, settings.show_pii, ocr) as update:
            results, stats = check_batch(candidates, pack, options, jobs=cpu_count() if jobs is None else jobs,
                                         cache=cache, progress=update)
    finally:
        if cache is not None:
            cache.close()
    if show_progress:
        pages = (f"，识别 {stats.ocr_pages} 页" if lang == "zh" else f", {stats.ocr_pages} pages recognised") if ocr else ""
        note(f"读取 {stats.scanned} 个文件，缓存命中 {stats.cache_hits} 个，超时 {stats.timed_out} 个{pages}"
             if lang == "zh" else
             f"read {stats.scanned} files, {stats.cache_hits} from the cache, {stats.timed_out} timed out{pages}")
    pictures = None
    if pictures_wanted(thumbnails, settings.outputs, lang):
        pictures = [applicant_pictures(c.path, c.display, pack, r, show_pii=settings.show_pii, timeout=timeout)
                    for c, r in zip(candidates, results)]
    # What was found and not checked goes into the report too: HR's exports list it.
    return finish(results, pack, settings, pictures=pictures,
                  skipped=[{"path": s.display, "reason": s.reason_en if lang == "en" else s.reason_zh} for s in skipped])
