"""How each file is scanned: the settings from the pack and the options, the time a file may take
before it counts as hung, and how deeply its scans are looked at (whole, or only for blank pages)."""

from __future__ import annotations

import dataclasses
from typing import AbstractSet, Callable, Mapping, Protocol

from zccheck.models import CheckOptions
from zccheck.pack.kinds import checks_read_text, looks_for_seal, needs_text, needs_whole_look
from zccheck.pack.model import Pack
from zccheck.scan.ocr_heading import HeadingRule
from zccheck.scan.runner import ScanTask
from zccheck.scan.scanner import ScanSettings, Words

class PathSays(Protocol):
    """What a file's path alone (slot folder and name) says of its item: the classifier knows
    (classify.classifier.path_evidence)."""

    @property
    def could_be(self) -> AbstractSet[str]: ...  # the items it could be; empty: the path does not say

    @property
    def settled(self) -> str | None: ...  # the item it is whatever its words say, its years in the path too

    @property
    def in_slot(self) -> bool: ...  # it sits in a slot folder (loose files are also placed by their neighbours)

    @property
    def undated(self) -> str | None: ...  # the item it is but for its title, its years in its words

    @property
    def parted(self) -> str | None: ...  # the item in parts its name names

    @property
    def named_parts(self) -> AbstractSet[str]: ...  # the parts of it the name names


ReadPath = Callable[[str], PathSays]  # classify.classifier.path_evidence, bound to the pack

# OCR reads a page in about 2 CPU-seconds (notes/ocr.md), but loading its models and a busy machine cost more:
# with OCR on, a file may take this much longer per page OCR may read before it counts as hung.
OCR_SECONDS_PER_PAGE = 15.0


def file_time_limit(options: CheckOptions) -> float:
    return options.file_timeout + (OCR_SECONDS_PER_PAGE * ScanSettings.ocr_max_pages if options.ocr else 0.0)


def scan_settings(pack: Pack, options: CheckOptions, heading_rule: HeadingRule | None = None) -> ScanSettings:
    """`heading_rule`: the classifier's (classify.heading_rule.title_settles), used with OCR only."""
    return ScanSettings(max_file_bytes=int(pack.files.max_file_mb * 1024 * 1024),
                        accepted_kinds=pack.files.accepted_kinds, ocr=options.ocr, ocr_cache=options.use_cache,
                        heading_rule=heading_rule if options.ocr else None)


@dataclasses.dataclass(frozen=True)
class ReadingRules:
    """With OCR, one applicant's rules for reading a page until its first lines settle it, beyond the pack's
    heading rule (ScanSettings.heading_rule): by item, for a file its path settles as one (`settled`,
    checks.identity.named_rules: a certificate read until it names the applicant); and for a file the path
    says nothing of (`loose`, classify.heading_rule.title_then_named), in place of the heading rule."""

    settled: Mapping[str, HeadingRule] = dataclasses.field(default_factory=dict)
    loose: HeadingRule | None = None
    # by item, for a file its path places as one but whose years are in its words (classify.heading_rule.dated_named)
    undated: Mapping[str, HeadingRule] = dataclasses.field(default_factory=dict)
    # every line read by the thorough recogniser: the applicant's name has a character the quick one does not
    # know and would read as another (zccheck.scan.ocr_cascade.quick_knows)
    thorough: bool = False
    # by item in parts, the parts any one of which completes it for this applicant (checks.parts.any_one_completes)
    one_part_enough: Mapping[str, AbstractSet[str]] = dataclasses.field(default_factory=dict)
    # by item in parts that has no years (a name that names its parts gives none): `settled`'s rule, under which a
    # file whose name names its parts is read (its dates, read by nobody, are not read with care)
    parted: Mapping[str, HeadingRule] = dataclasses.field(default_factory=dict)
    # the applicant's ID number as the profile gives it: the quick recogniser's exact reading of it is not read
    # again (zccheck.scan.ocr_cascade.needs_thorough_read)
    own_id: str | None = None


def plan_looks(tasks: list[ScanTask], pack: Pack, evidence: ReadPath, ocr: bool = False,
               rules: ReadingRules | None = None) -> list[ScanTask]:
    """The files to scan, those whose scans need only the blank look marked: every item their slot
    folder and name could make them (`evidence`) needs nothing more. A file the path says nothing of,
    or that may be a sealed or a photo item, is looked at whole. (Content cannot move a scan to another
    item: without OCR it has no text.) With OCR, a file the path says nothing of is read top first: its
    title may settle it as an item that reads no words (scan.ocr_heading). Done for cache misses only: a
    re-run of an unchanged drive never pays for it.

    `rules`: the rules a file is read top first under when its path settles its item or says nothing of it
    (ReadingRules)."""
    look_whole = {it.id for it in pack.items if needs_whole_look(it)}
    # With OCR, a scan is recognised when an item it could be reads its words: to tell the item, its years or
    # its parts, or for a check. Unless its path settles the item and the years (Xianyang's 2019年聘书.jpg in
    # the 聘书 slot: settled) and no check of that item reads words: then its words would change nothing, and
    # a page costs two CPU-seconds of OCR on a drive of thousands. (A 2021 考核表 is settled too, but is read:
    # its identity check reads the name.)
    read_words = {it.id for it in pack.items if needs_text(it)} if ocr else set()
    read_for_checks = {it.id for it in pack.items if checks_read_text(it)}
    # Words nobody reads: a file its slot and name settle as an item that reads none (业绩01.pdf in the 业绩
    # slot) is that item whatever its text says, and only its pages' blank look is checked — with or without
    # OCR, its text pages need not be decoded (a tenth of a cold batch: 业绩 PDFs are long). A loose one has its
    # first page with text read: its title may make the next loose page part of its document (classify.sequence).
    wordless = {it.id for it in pack.items if not needs_text(it)}
    # A scan is looked at for a red seal only when an item it could be checks for one (a file the path says
    # nothing of could be any): the 公示 and the 推荐意见, not the certificates beside them.
    sealed = {it.id for it in pack.items if looks_for_seal(it)}
    says = [evidence(task.path) for task in tasks]
    parts_named = _parts_named_apart(pack, says)
    planned = []
    for task, said in zip(tasks, says):
        item = said.settled if ocr else None
        could_be = {item} if item is not None else said.could_be
        wanted = look_whole | (read_for_checks if item is not None else read_words)
        planned.append(dataclasses.replace(task, blank_only=bool(could_be) and not could_be & wanted,
                                           heading_first=ocr and not could_be,
                                           read_until=_read_until(rules, said, ocr, parts_named),
                                           words=_words(said, wordless),
                                           seal_look=not could_be or bool(could_be & sealed),
                                           thorough_ocr=ocr and rules is not None and rules.thorough,
                                           own_id=rules.own_id if ocr and rules is not None else None))
    return planned


# What reading a byte of a file costs, by how it is read, for the order of reading (reading_order): a scan read
# whole with OCR (a 公示, a 任职资格文件) against one read until it names the applicant (a certificate's top band)
# or only looked at for blank pages. Rough on purpose: only the order of an applicant's files depends on it.
_WORK_PER_BYTE = {"read whole": 4, "read until settled": 2, "looked at": 1}


def reading_order(tasks: list[ScanTask]) -> list[ScanTask]:
    """The files to read, the likely longest first: the pool hands them out in this order, so a check's or
    a batch's last files are short ones and no worker sits idle while the other reads a two-page 公示 (4 slot
    applicants in their folders' order: the two workers ended 1.1 s apart; in this order 0.1 s). A batch orders
    its last applicant so, not every one: the folders' order mixes pages read whole with certificates read by
    their top band, where longest first had both workers detect whole pages at once, each waiting for the
    other's (ocr._LargeDetectionsOneAtATime; 0.8 s more waiting in 4 applicants). The order changes no result:
    facts are kept by file and every output is sorted."""
    def work(task: ScanTask) -> int:
        if task.blank_only or task.words == "none":
            how = "looked at"
        elif task.read_until is not None:
            how = "read until settled"
        else:
            how = "read whole"
        return _WORK_PER_BYTE[how] * task.size

    return sorted(tasks, key=work, reverse=True)


def _parts_named_apart(pack: Pack, says: list[PathSays]) -> set[str]:
    """The items in parts whose every part has a file of its own whose name names it alone (人像面.jpg and
    国徽面.jpg; 学历证书.jpg and 学位证书.jpg): the parts are there whatever the files' words say, so those
    words are read only for the checks (a certificate until it names the applicant). A file named for both
    (学历学位证书.jpg, often both certificates on one sheet) is read whole."""
    named: dict[str, set[str]] = {}
    for said in says:
        if said.parted is not None and len(said.named_parts) == 1:
            named.setdefault(said.parted, set()).update(said.named_parts)
    return {it.id for it in pack.items
            if it.parts is not None and it.id in named and named[it.id] >= {part.id for part in it.parts.parts}}


def _read_until(rules: ReadingRules | None, said: PathSays, ocr: bool, parts_named: set[str]) -> HeadingRule | None:
    if rules is None or not ocr:
        return None
    if said.settled is not None:
        return rules.settled.get(said.settled)
    if said.parted in parts_named and len(said.named_parts) == 1:
        return rules.parted.get(said.parted)
    if said.parted is not None and said.named_parts & rules.one_part_enough.get(said.parted, frozenset()):
        # its name names a part that completes the item alone (评审表.pdf for a title obtained in 新疆): whatever
        # other part its pages hold changes nothing, so its words are read only for the checks
        return rules.parted.get(said.parted)
    if said.undated is not None:
        return rules.undated.get(said.undated)
    return rules.loose if not said.could_be else None


def _words(said: PathSays, wordless: set[str]) -> Words:
    if said.settled not in wordless:
        return "all"
    return "none" if said.in_slot else "first"
