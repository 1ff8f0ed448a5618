"""The templates a notice ships (附件1 推荐单位公示, 附件2 主管单位推荐意见, the 推荐单位审核意见 with its
prescribed sentence), as data: a pack's templates.yaml. zccheck holds no template's wording.

A template is a title, body paragraphs and closing lines (signature, seal, date: set right), in the
notice's words. A field in braces is filled where zccheck knows its value: `{name|××}` is the
applicant's name, or — when the profile does not say it — the text after `|`, the template's own
unfilled mark, so that the placeholder check still flags it. `{name}` alone falls back to ××. What
only the unit can write (its phone number, the person's record, the signature, the seal) is plain
text of the template, left as the notice prints it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Union

from zccheck.pack import schema as s

# The closed set of fields a template may name (what each is filled from): a test holds the filling
# code to it, rules/README.md documents it.
FIELDS: dict[str, str] = {
    "name": "the profile's name (姓名)",
    "unit": "the profile's unit (工作单位)",
    "series": "the series applied for (系列), or the series whose titles hold the title applied for",
    "title": "the title applied for (申报职称)",
    "level": "the level of that title in pack.yaml's series (副研究员 → 副高级)",
    "publicity_start": "--publicity-start, written 2021年9月13日",
    "publicity_end": "the day the publicity has lasted the publicity-period check's min_working_days, by the holiday calendar",
    "min_working_days": "the publicity-period check's min_working_days",
    "year": "the notice's year (notice.year)",
}
DEFAULT_FALLBACK = "××"
_FIELD = re.compile(r"\{([^{}|]*)(?:\|([^{}]*))?\}")
_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")


@dataclass(frozen=True)
class Field:
    """A field of a template's text: filled with its value, or `fallback` when the value is unknown."""

    name: str
    fallback: str


Segment = Union[str, Field]


@dataclass(frozen=True)
class Template:
    id: str
    item: str  # the item it is for: `init` writes it into that item's slot folder
    file: str  # the .docx file name
    title: str
    title_en: str
    clause: str
    paragraphs: tuple[tuple[Segment, ...], ...]
    closing: tuple[tuple[Segment, ...], ...] = ()

    @property
    def fields(self) -> frozenset[str]:
        return frozenset(x.name for line in (*self.paragraphs, *self.closing) for x in line if isinstance(x, Field))


def segments(text: str) -> tuple[Segment, ...]:
    """`现对{name|××}同志` → ("现对", Field("name", "××"), "同志"). ValueError names what is wrong."""
    out: list[Segment] = []
    at = 0
    for found in _FIELD.finditer(text):
        out.append(text[at:found.start()])
        name = found.group(1).strip()
        if name not in FIELDS:
            raise ValueError(f"unknown field {{{name}}} (fields: {', '.join(FIELDS)})")
        fallback = found.group(2)
        out.append(Field(name, DEFAULT_FALLBACK if fallback is None else fallback))
        at = found.end()
    out.append(text[at:])
    if any(isinstance(x, str) and ("{" in x or "}" in x) for x in out):
        raise ValueError("a brace that opens or closes no field: write fields as {name} or {name|××}")
    return tuple(x for x in out if x != "")


def _template_text(value: Any, path: str, ctx: s.Ctx) -> None:
    s.string(value, path, ctx)
    try:
        segments(value)
    except ValueError as e:
        ctx.fail(path, str(e))


def _template_id(value: Any, path: str, ctx: s.Ctx) -> None:
    s.string(value, path, ctx)
    if not _ID.match(value):
        ctx.fail(path, f"{value!r} is not a valid id: use lower-case letters, digits and hyphens (e.g. unit-publicity)")


def _docx_name(value: Any, path: str, ctx: s.Ctx) -> None:
    s.text(value, path, ctx)
    if not value.lower().endswith(".docx") or "/" in value or "\\" in value:
        ctx.fail(path, f"expected a file name ending in .docx (no folder: the item's slot is the folder), got {value!r}")


TEMPLATES_SCHEMA = s.mapping(required={"templates": s.list_of(s.mapping(
    required={"id": _template_id, "item": s.text, "file": _docx_name, "title": s.text,
              "paragraphs": s.non_empty(s.list_of(_template_text))},
    optional={"title_en": s.text, "clause": s.text, "closing": s.list_of(_template_text)}))})


def load_templates(data: Any, file: str, item_ids: set[str]) -> tuple[Template, ...]:
    """The validated templates of a parsed templates.yaml; PackError (file, line, key path) when bad."""
    s.validate(data, TEMPLATES_SCHEMA, file)
    out: list[Template] = []
    for i, t in enumerate(data["templates"]):
        where = f"templates[{i}]"
        if t["item"] not in item_ids:
            raise s.fail_at(data, f"{where}.item", f"unknown item {t['item']!r} (items: {', '.join(sorted(item_ids))})", file)
        for key in ("id", "file"):
            if any(x[key] == t[key] for x in data["templates"][:i]):
                raise s.fail_at(data, f"{where}.{key}", f"a second template with {key} {t[key]!r}", file)
        out.append(Template(
            id=t["id"], item=t["item"], file=t["file"], title=t["title"], title_en=t.get("title_en", t["title"]),
            clause=t.get("clause", ""), paragraphs=tuple(segments(p) for p in t["paragraphs"]),
            closing=tuple(segments(p) for p in t.get("closing", ()))))
    return tuple(out)
