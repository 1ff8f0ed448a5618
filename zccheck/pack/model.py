"""The rule pack as frozen dataclasses: what the rest of zccheck reads. Built only by the loader."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from zccheck.pack.eligibility import EligibilityRules
from zccheck.pack.templates import Template


@dataclass(frozen=True)
class Condition:
    """All-of over profile fields: each field must have one of the listed values.

    The special values `present` / `absent` test whether the field holds a value at all
    (`无` counts as absent: it is what people write for "no current title").
    """

    clauses: tuple[tuple[str, tuple[Any, ...]], ...]

    @property
    def fields(self) -> tuple[str, ...]:
        return tuple(f for f, _ in self.clauses)


@dataclass(frozen=True)
class Matcher:
    """How a file is recognised: slot-folder words, file-name words, the words of a document's own
    title (its heading: strong evidence), phrases of its text (weak evidence), and exclusions.
    `exclude_text` rules an item out of a title too (a 公需 heading is never a 专业科目 one)."""

    folders: tuple[str, ...] = ()
    names: tuple[str, ...] = ()
    titles: tuple[str, ...] = ()
    text: tuple[str, ...] = ()
    exclude_names: tuple[str, ...] = ()
    exclude_titles: tuple[str, ...] = ()
    exclude_text: tuple[str, ...] = ()
    # A file no word identifies may still be recognised by its look: "portrait-photo" is an image of
    # ID-photo proportions that is not a page of paper (see FilePolicy.photo_aspect, max_paper_fraction).
    looks_like: tuple[str, ...] = ()


@dataclass(frozen=True)
class Part:
    id: str
    title: str
    title_en: str
    match: Matcher
    when: Condition | None = None


@dataclass(frozen=True)
class PartsRule:
    parts: tuple[Part, ...]
    mode: str = "all"  # all | any
    mode_when: tuple[tuple[Condition | None, str], ...] = ()  # (when, mode), tried in order
    # A file with no part words counts as all parts (an ID-card copy usually shows both sides on one page).
    unmarked_file_covers_all: bool = False


@dataclass(frozen=True)
class YearsRule:
    required: tuple[int, ...]
    label: str  # as the notice says it, e.g. 2014–2020


@dataclass(frozen=True)
class CheckSpec:
    kind: str
    params: tuple[tuple[str, Any], ...] = ()

    def param(self, key: str, default: Any = None) -> Any:
        return dict(self.params).get(key, default)


@dataclass(frozen=True)
class Item:
    id: str
    title: str
    title_en: str
    provider: str
    clause: str
    quote: str
    slot: str  # slot folder name written by `zccheck init`
    match: Matcher
    when: Condition | None = None
    parts: PartsRule | None = None
    years: YearsRule | None = None
    sides: int = 1  # pages expected per year (正、反面 = 2)
    checks: tuple[CheckSpec, ...] = ()
    # What the upload system takes for this item (formats, max_kb, min_files, max_files, suggest_px): the
    # pack's files.limits with the item's `limits:` laid over; the loader adds a file-limits check for them.
    limits: tuple[tuple[str, Any], ...] = ()

    def limit(self, key: str, default: Any = None) -> Any:
        return dict(self.limits).get(key, default)


@dataclass(frozen=True)
class Title:
    name: str
    level: str  # 正高级 副高级 中级 初级
    rank: int  # 1 = 初级 ... 4 = 正高级
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Series:
    name: str
    aliases: tuple[str, ...]
    titles: tuple[Title, ...]

    def title(self, name: str) -> Title | None:
        for t in self.titles:
            if name == t.name or name in t.aliases:
                return t
        return None


@dataclass(frozen=True)
class ProfileField:
    key: str  # internal name
    label: str  # the Chinese key in 申报信息.yaml
    type: str  # text | enum | bool | yearmonth | id-number
    aliases: tuple[str, ...] = ()
    values: tuple[str, ...] = ()  # enum values (series/title fields take them from the series list)
    value_aliases: tuple[tuple[str, str], ...] = ()
    # Tried in order when no value or alias matches whole: 理学硕士 contains 硕士 → 硕士.
    value_contains: tuple[tuple[str, str], ...] = ()
    comment: str = ""
    example: str = ""


@dataclass(frozen=True)
class Provider:
    id: str
    title: str
    title_en: str


@dataclass(frozen=True)
class FilePolicy:
    accepted_kinds: tuple[str, ...]
    advice: tuple[tuple[str, str], ...]  # kind -> advice (Chinese)
    advice_en: tuple[tuple[str, str], ...]
    max_file_mb: float
    ignore_names: tuple[str, ...]
    profile_names: tuple[str, ...]
    # The ID photo's limits come from the pack (files.photo_* in pack.yaml), with no default here: a
    # second value in code is how the code and the pack came to disagree.
    photo_min_width: int
    photo_min_height: int
    photo_aspect: tuple[float, float]
    photo_max_paper_fraction: float
    tool_files: tuple[str, ...] = ()
    min_scan_dpi: float = 100.0
    checklist: str = "材料清单.md"  # the checklist `zccheck init` writes (one of tool_files)

    @property
    def profile_name(self) -> str:
        """The profile file `zccheck init` writes: the first name the pack accepts."""
        return self.profile_names[0] if self.profile_names else "申报信息.yaml"


@dataclass(frozen=True)
class Pack:
    id: str
    version: str
    title: str
    issuer: str
    date: dt.date
    year: int
    source: str
    window_start: dt.date | None  # None: the notice gives no submission window
    window_end: dt.date | None
    series: tuple[Series, ...]
    providers: tuple[Provider, ...]
    items: tuple[Item, ...]
    profile_fields: tuple[ProfileField, ...]
    files: FilePolicy
    content: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)
    eligibility: EligibilityRules | None = field(default=None, hash=False, compare=False)
    path: str = ""
    reminders: tuple[str, ...] = ()  # what every applicant should read first
    code_basis: tuple[tuple[str, str, str], ...] = ()  # (code, clause, the notice's words) for explain
    extends: tuple[str, ...] = ()  # the folders of the packs this one extends, nearest first
    templates: tuple[Template, ...] = ()  # templates.yaml: the notice's templates, for init and `template`

    def basis_of(self, code: str) -> tuple[str | None, str | None]:
        for c, clause, quote in self.code_basis:
            if c == code:
                return clause, quote
        return None, None

    def template(self, template_id: str) -> Template | None:
        return next((t for t in self.templates if t.id == template_id), None)

    def item(self, item_id: str) -> Item:
        for it in self.items:
            if it.id == item_id:
                return it
        raise KeyError(item_id)

    def find_series(self, name: str | None) -> Series | None:
        if not name:
            return None
        for s in self.series:
            if name == s.name or name in s.aliases:
                return s
        return None

    def provider(self, provider_id: str) -> Provider:
        for p in self.providers:
            if p.id == provider_id:
                return p
        raise KeyError(provider_id)

    def field_def(self, key: str) -> ProfileField:
        for f in self.profile_fields:
            if f.key == key:
                return f
        raise KeyError(key)
