"""Writes the upload-ready copy into a staging folder, from the decisions of bundle_plan: each placed file
read (read-only, as the scanner reads it), its picture prepared (bundle_images) or its PDF copied byte for
byte, named in its slot (bundle_names), merged per slot with --merge (bundle_merge); files to 待确认 copied
as they are; the profile carried over; and a manifest row for every source file (bundle_manifest).
A file that fails goes to 待确认 with its reason: the run goes on."""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from zccheck.commands.bundle_images import ImageRefused, Prepared, prepare_image
from zccheck.commands.bundle_manifest import Row
from zccheck.commands.bundle_merge import merge_pdf
from zccheck.commands.bundle_names import Slot, file_stem, merged_stem, numbered, safe, unique_name
from zccheck.commands.bundle_plan import Decision, image_limits, is_photo, item_formats, item_max_bytes, worded
from zccheck.commands.bundle_words import PROFILE_ITEM, REVIEW_FOLDER, kb, kind_name, say
from zccheck.models import finding
from zccheck.pack.model import Pack
from zccheck.report.messages import item_title
from zccheck.scan.archive import ArchiveError
from zccheck.scan.filetype import IMAGE_KINDS
from zccheck.scan.inputs import ApplicantInput
from zccheck.scan.runner import ScanTask, read_task

REVIEW_COPY_MAX = 512 * 1024**2  # a file to 待确认 larger than this is listed, not copied
_EXTENSIONS = {"jpeg": "jpg", "tiff": "tif"}


@dataclass
class Staged:
    """A placed file's bytes, prepared, waiting for its name."""

    decision: Decision
    kind: str
    action: str
    steps: tuple[tuple[str, dict[str, Any]], ...]
    size_before: int
    work: Path
    size_after: int


@dataclass
class Outcome:
    rows: list[Row] = field(default_factory=list)
    placed: int = 0
    slots: set[str] = field(default_factory=set)
    changed: int = 0
    merged: int = 0
    review: int = 0


class Builder:
    def __init__(self, stage: Path, pack: Pack, lang: str, inp: ApplicantInput, max_file_bytes: int, merge: bool):
        self.stage, self.pack, self.lang, self.inp = stage, pack, lang, inp
        self.tasks: dict[str, ScanTask] = {t.path: t for t in inp.tasks}
        self.max_file_bytes, self.merge = max_file_bytes, merge
        self.work = stage / ".work"
        self.work.mkdir()
        self.out = Outcome()
        self.taken: dict[str, set[str]] = {}  # folder → the names in it, lower-cased

    # --- one file ------------------------------------------------------------------------------------

    def _read(self, path: str, cap: int) -> bytes:
        return read_task(self.tasks[path], cap)

    def _title(self, item_id: str | None) -> str:
        return item_title(self.pack, item_id, self.lang) if item_id else ""

    def prepare(self, d: Decision, index: int) -> Staged | Decision:
        """The placed file's bytes ready for upload, in the work folder; or the decision to send it to 待确认."""
        assert d.slot is not None
        cf = d.cf
        try:
            data = self._read(cf.facts.path, self.max_file_bytes)
        except (OSError, ArchiveError) as e:
            found = finding("ZC308", d.item, cf.facts.path, detail=str(e)[:120])
            return Decision(cf, None, worded(found, self.pack, self.lang), d.item)
        prepared = self._prepared(d, data)
        if isinstance(prepared, str):
            return Decision(cf, None, prepared, d.item)
        work = self.work / str(index)
        work.write_bytes(prepared.data)
        return Staged(d, prepared.kind, prepared.action, prepared.steps, len(data), work, len(prepared.data))

    def _prepared(self, d: Decision, data: bytes) -> Prepared | str:
        """The bytes to upload, or why the file goes to 待确认."""
        assert d.slot is not None
        kind = d.cf.facts.kind
        if kind == "pdf":
            return self._pdf_refusal(d, len(data)) or Prepared(data, kind, "copied")
        if kind in IMAGE_KINDS or kind == "heic":
            try:
                return prepare_image(data, kind, image_limits(self.pack, d.slot.item))
            except ImageRefused as e:
                return self._image_refusal(d, kind, e)
            except Exception as e:  # noqa: BLE001 — a picture Pillow decodes but cannot turn or save: 待确认, the run goes on
                return say("image-error", self.lang, detail=f"{type(e).__name__}: {str(e)[:80]}")
        return Prepared(data, kind, "copied")  # a kind the pack takes as it is

    def _pdf_refusal(self, d: Decision, size: int) -> str | None:
        assert d.slot is not None
        item, path = d.slot.item, d.cf.facts.path
        if "pdf" not in item_formats(self.pack, item):
            return worded(finding("ZC304", item.id, path, kind="pdf"), self.pack, self.lang)
        limit = item_max_bytes(self.pack, item)
        if limit and size > limit:
            return worded(finding("ZC305", item.id, path, size=kb(size), limit=kb(limit)), self.pack, self.lang) + \
                (" " if self.lang == "en" else "") + say("pdf-no-shrink", self.lang)
        return None

    def _image_refusal(self, d: Decision, kind: str, e: ImageRefused) -> str:
        if e.key == "not-convertible":
            return worded(finding("ZC304", d.item, d.cf.facts.path, kind=kind), self.pack, self.lang)
        values = dict(e.values)
        if "kind" in values:
            values["kind"] = kind_name(str(values["kind"]))
        return say(e.key, self.lang, **values)

    # --- 待确认 -------------------------------------------------------------------------------------------

    def to_review(self, d: Decision) -> None:
        """A copy of the file as it is in 待确认/, under its own name, and its row."""
        path, size = d.cf.facts.path, d.cf.facts.size
        target, reason = "", d.reason
        if path in self.tasks and size <= REVIEW_COPY_MAX:
            try:
                data = self._read(path, REVIEW_COPY_MAX)
            except (OSError, ArchiveError) as e:
                reason = f"{reason} {say('not-copied', self.lang)}: {str(e)[:80]}".strip()
            else:
                folder = self.stage / REVIEW_FOLDER
                folder.mkdir(exist_ok=True)
                name = unique_name(safe(d.cf.facts.name), self.taken.setdefault(REVIEW_FOLDER, set()))
                (folder / name).write_bytes(data)
                target, size = f"{REVIEW_FOLDER}/{name}", len(data)
        elif path in self.tasks:
            reason = f"{reason} {say('too-large-to-copy', self.lang)}".strip()
        self.out.review += 1
        self.out.rows.append(Row(path, self._title(d.item), target, "review", reason, d.cf.facts.size,
                                 size if target else None))

    # --- a slot ---------------------------------------------------------------------------------------

    def place_slot(self, slot: Slot, staged: list[Staged]) -> None:
        stems = numbered([file_stem(s.decision.cf, slot, self.pack) for s in staged])
        folder = self.stage / slot.folder
        folder.mkdir(exist_ok=True)
        self.out.slots.add(slot.folder)
        reason = self._merge_refusal(slot, staged) if self.merge else None
        if self.merge and reason is None and self._merged(slot, staged, folder):
            return
        for s, stem in zip(staged, stems):
            name = unique_name(f"{stem}.{_EXTENSIONS.get(s.kind, s.kind)}", self.taken.setdefault(slot.folder, set()))
            shutil.move(str(s.work), folder / name)
            self._placed_row(s, f"{slot.folder}/{name}", s.action, self._steps(s, reason))

    def _merge_refusal(self, slot: Slot, staged: list[Staged]) -> str | None:
        """Why the slot's files stay apart with --merge; None when they are merged."""
        formats = item_formats(self.pack, slot.item)
        if "pdf" not in formats:
            return say("not-merged-format", self.lang, formats="、".join(kind_name(k) for k in formats))
        if is_photo(slot.item):
            return say("not-merged-photo", self.lang)
        if len(staged) == 1 and staged[0].kind == "pdf":
            return ""  # a single PDF is the slot's PDF already: copied byte for byte
        return None

    def _merged(self, slot: Slot, staged: list[Staged], folder: Path) -> bool:
        try:
            data, pages = merge_pdf([(s.kind, s.work) for s in staged])
        except Exception as e:  # noqa: BLE001 — a PDF pypdf cannot append: the files stay apart
            self._not_merged(staged, say("not-merged-error", self.lang, detail=f"{type(e).__name__}: {str(e)[:80]}"))
            return False
        limit = item_max_bytes(self.pack, slot.item)
        if limit and len(data) > limit:
            self._not_merged(staged, say("not-merged-size", self.lang, limit=kb(limit)))
            return False
        name = unique_name(f"{merged_stem(slot, [s.decision.cf for s in staged], self.pack)}.pdf",
                           self.taken.setdefault(slot.folder, set()))
        (folder / name).write_bytes(data)
        first = 1
        for s, count in zip(staged, pages):
            span = f"{first}" if count == 1 else f"{first}–{first + count - 1}"
            note = ("step-merged" if count == 1 else "step-merged-pages", {"pages": span})
            self._placed_row(s, f"{slot.folder}/{name}", "merged", self._steps(s, None, extra=(note,)), len(data))
            s.work.unlink()
            first += count
        self.out.merged += 1
        return True

    def _not_merged(self, staged: list[Staged], reason: str) -> None:
        for s in staged:
            s.steps = (*s.steps, ("", {"text": reason}))

    def _steps(self, s: Staged, note: str | None, extra: tuple = ()) -> str:
        parts = []
        for key, values in (*s.steps, *extra):
            if not key:
                parts.append(values["text"])
                continue
            shown = {k: kind_name(v) if k in ("source", "target") else v for k, v in values.items()}
            parts.append(say(key, self.lang, **shown))
        if s.size_after != s.size_before and s.action != "copied":
            parts.append(say("step-size", self.lang, before=kb(s.size_before), after=kb(s.size_after)))
        if note:
            parts.append(note)
        return ("; " if self.lang == "en" else "；").join(parts) or say("copied-as-is", self.lang)

    def _placed_row(self, s: Staged, target: str, action: str, reason: str, size_after: int | None = None) -> None:
        self.out.placed += 1
        if s.action != "copied":
            self.out.changed += 1
        self.out.rows.append(Row(s.decision.cf.facts.path, self._title(s.decision.item), target, action, reason,
                                 s.size_before, s.size_after if size_after is None else size_after))

    # --- the rest ---------------------------------------------------------------------------------------

    def carry_profile(self) -> None:
        data, rel = self.inp.profile
        if rel is None:
            return
        name = safe(rel.rsplit("/", 1)[-1])
        if data is not None:
            (self.stage / name).write_bytes(data)
        self.out.rows.append(Row(rel, PROFILE_ITEM["en" if self.lang == "en" else "zh"], name if data is not None else "",
                                 "copied", say("profile", self.lang), len(data or b""), len(data) if data else None))

    def list_the_rest(self, listed: set[str]) -> None:
        """Rows for what was not a material: OS junk and the tool's files (skipped), and what the listing
        refused (links out of the folder, unsafe archive members: 待确认, not copied)."""
        for rel in self.inp.ignored:
            self.out.rows.append(Row(rel, "", "", "skipped", say("skipped-junk", self.lang)))
        for rel in self.inp.tool_files:
            self.out.rows.append(Row(rel, "", "", "skipped", say("skipped-tool", self.lang)))
        listed = listed | set(self.inp.ignored) | set(self.inp.tool_files)
        for f in self.inp.findings:
            if f.file and f.file not in listed:
                listed.add(f.file)
                self.out.review += 1
                self.out.rows.append(Row(f.file, "", "", "review", worded(f, self.pack, self.lang)))


def build(stage: Path, pack: Pack, lang: str, inp: ApplicantInput, decisions: list[Decision], slots: dict[str, Slot],
          max_file_bytes: int, merge: bool) -> Outcome:
    """Everything of OUT but the manifest, into `stage`; the manifest's rows in the outcome."""
    builder = Builder(stage, pack, lang, inp, max_file_bytes, merge)
    by_slot: dict[str, list[Staged]] = {}
    review = [d for d in decisions if d.slot is None]
    for index, d in enumerate(decisions):
        if d.slot is None:
            continue
        staged = builder.prepare(d, index)
        if isinstance(staged, Staged):
            by_slot.setdefault(d.slot.item.id, []).append(staged)
        else:
            review.append(staged)
    for item_id, files in by_slot.items():
        builder.place_slot(slots[item_id], files)
    for d in review:
        builder.to_review(d)
    builder.carry_profile()
    builder.list_the_rest({d.cf.facts.path for d in decisions})
    shutil.rmtree(builder.work, ignore_errors=True)
    return builder.out
