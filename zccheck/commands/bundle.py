"""zccheck bundle FOLDER OUT: an upload-ready copy of one applicant's folder or .zip.

One folder per upload slot in the pack's order, files named NN-材料-年度.ext, pictures turned upright and
brought within the item's formats and size, PDFs copied byte for byte (--merge: one PDF per slot); what
a person must decide about (unreadable, misfiled, duplicate, unclassified, a format nothing converts
faithfully) in 待确认/; the profile carried over so that `zccheck check OUT` runs; and 清单.xlsx /
清单.csv mapping every source file to what became of it. FOLDER is only read, never written.

OUT is written into a staging folder beside it and put in place at the end, so a failed run leaves no
half-made OUT. An existing non-empty OUT is refused; --force replaces it, but only one that zccheck
bundle made (its 清单.csv or 清单.xlsx is there): a mistyped OUT never deletes someone's folder.

Exit codes: 0 written, every file placed; 1 written, some files in 待确认/; 2 refused (FOLDER and OUT
overlap, OUT in the way, --merge without img2pdf) or a rule-pack error.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from zccheck.commands.bundle_build import Outcome, build
from zccheck.commands.bundle_manifest import write_manifest
from zccheck.commands.bundle_merge import merge_available
from zccheck.commands.bundle_names import slots_of
from zccheck.commands.bundle_plan import decide
from zccheck.commands.bundle_words import REVIEW_FOLDER, say
from zccheck.commands.ocr_option import ocr_in_effect
from zccheck.commands.output import note
from zccheck.content.mask import mask_text
from zccheck.engine import classify_files, list_applicant, scan_applicant
from zccheck.models import CheckOptions, Lang
from zccheck.pack.loader import BUNDLE_MANIFEST, DEFAULT_PACK, load_pack
from zccheck.scan.cache import FactsCache
from zccheck.scan.filetype import sniff_file
from zccheck.scan.inputs import settle_refused
from zccheck.scan.plan import file_time_limit
from zccheck.scan.runner import cpu_count


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _is_applicant(folder: Path) -> bool:
    return folder.is_dir() or (folder.is_file() and (sniff_file(folder) == "zip" or folder.suffix.lower() == ".zip"))


def refusal(folder: Path, out: Path, force: bool, lang: str) -> str | None:
    """Why FOLDER and OUT cannot be used (worded), or None."""
    if not folder.exists():
        return say("missing", lang, folder=folder)
    if not _is_applicant(folder):
        return say("not-applicant", lang, folder=folder)
    source, target = folder.resolve(), out.resolve()
    shown = {"folder": folder, "out": out}
    if source == target:
        return say("same", lang, **shown)
    if _inside(target, source):
        return say("out-in-folder", lang, **shown)
    if _inside(source, target):
        return say("folder-in-out", lang, **shown)
    if target.exists() and not target.is_dir():
        return say("out-is-file", lang, **shown)
    if target.is_dir() and any(target.iterdir()):
        if not force:
            return say("out-not-empty", lang, **shown)
        if not any((target / name).is_file() for name in BUNDLE_MANIFEST):
            return say("out-not-bundle", lang, **shown)
    return None


def _publish(stage: Path, out: Path) -> None:
    """The staged copy becomes OUT; an OUT that was there (empty, or an old bundle with --force) goes."""
    if not out.exists():
        stage.rename(out)
        return
    trash = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
    out.rename(trash / "old")
    stage.rename(out)
    shutil.rmtree(trash, ignore_errors=True)


def _summary(outcome: Outcome, out: Path, pack_id: str, lang: str) -> None:
    lines = [say("done", lang, out=out, files=outcome.placed, slots=len(outcome.slots))]
    if outcome.changed:
        lines.append(say("done-changes", lang, changed=outcome.changed))
    if outcome.merged:
        lines.append(say("done-merged", lang, pdfs=outcome.merged))
    if outcome.review:
        lines.append(say("done-review", lang, review=outcome.review, folder=out / REVIEW_FOLDER))
    lines.append(say("done-check", lang, out=out, rules="" if pack_id == DEFAULT_PACK else f" --rules {pack_id}"))
    print(mask_text("\n".join(lines)))


def run_bundle(folder: Path, out: Path, *, rules: str | None = None, lang: Lang = "zh", merge: bool = False,
               force: bool = False, ocr: bool = False, use_cache: bool = True, jobs: int | None = None,
               timeout: float = CheckOptions.file_timeout) -> int:
    why = refusal(folder, out, force, lang)
    if why is None and merge and not merge_available():
        why = say("merge-missing", lang)
    if why is not None:
        note(why)
        return 2
    pack = load_pack(rules)
    ocr = ocr_in_effect(ocr, lang, note)
    cache = FactsCache(warn=note, lang=lang) if use_cache else None
    if cache is not None and cache.is_inside(folder):
        cache.close()
        cache = None  # personal data is never cached inside the applicant's folder
    options = CheckOptions(lang=lang, ocr=ocr, use_cache=cache is not None, file_timeout=timeout)
    try:
        inp = list_applicant(folder, str(folder), pack, file_time_limit(options))
        facts = scan_applicant(inp, pack, options, cache, cpu_count() if jobs is None else jobs)
    finally:
        if cache is not None:
            cache.close()
    inp = settle_refused(inp, facts)
    slots = slots_of(pack)
    decisions = decide(classify_files(inp, facts, pack), pack, slots, lang, file_time_limit(options))
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        stage = Path(tempfile.mkdtemp(prefix=f".{out.name}.bundle-", dir=out.parent))
    except OSError as e:
        note(say("write-failed", lang, out=out, detail=e.strerror or e))
        return 2
    try:
        outcome = build(stage, pack, lang, inp, decisions, slots, int(pack.files.max_file_mb * 1024 * 1024), merge)
        write_manifest(outcome.rows, stage, lang)
        _publish(stage, out)
    except OSError as e:
        note(say("write-failed", lang, out=out, detail=e.strerror or e))
        return 2
    finally:
        shutil.rmtree(stage, ignore_errors=True)  # gone already when published
    _summary(outcome, out, pack.id, lang)
    return 1 if outcome.review else 0
