"""Find, load and validate rule packs. A pack is a folder of YAML files:

- pack.yaml     the notice, its window, the series and titles, providers, file policy
- profile.yaml  the applicant-profile fields (申报信息.yaml keys, types, values)
- items.yaml    every material the notice asks for, with parts, years, matching words and checks
- content.yaml  parameters of the content checks (placeholder patterns, wording, calendars)
- eligibility.yaml  routes to each title (评审条件)
- templates.yaml  the notice's templates (附件), filled from the profile by init and `zccheck template`
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from importlib import resources
from pathlib import Path
from typing import Any

from zccheck.pack import schema as s
from zccheck.pack.eligibility import RULES_SCHEMA, EligibilityRules, load_rules
from zccheck.pack.kinds import FILE_KINDS, KINDS, LIMIT_KIND, content_sections
from zccheck.pack.merge import FILES, RawPack, read_raw
from zccheck.pack.model import (
    CheckSpec, Condition, FilePolicy, Item, Matcher, Pack, Part, PartsRule, ProfileField, Provider,
    Series, Title, YearsRule,
)
from zccheck.pack.schema import PackError
from zccheck.pack.templates import TEMPLATES_SCHEMA, load_templates
from zccheck.pack.yaml_source import file_of, line_of

DEFAULT_PACK = "xj-2021-zrkx-syjs"
# The manifest `zccheck bundle` writes beside the upload slots: the tool's files, never materials.
BUNDLE_MANIFEST = ("清单.xlsx", "清单.csv")
# The smallest ID photo zccheck reads as legible when a pack's notice sets no size (the 2021 pack says
# the same in its pack.yaml): a 1-inch photo at 180 dpi.
PHOTO_MIN_PX = (200, 260)

_MATCH = s.mapping(optional={**{k: s.list_of(s.string) for k in ("folders", "names", "titles", "text", "exclude_names",
                                                                  "exclude_titles", "exclude_text")},
                             "looks_like": s.list_of(s.one_of("portrait-photo"))})
_CONDITION = s.mapping(values=s.scalar_or_list)
# An item's `limits:` and pack.yaml `files.limits:`: the file-limits kind's parameters.
_LIMITS = KINDS[LIMIT_KIND].schema()
# Item, part and provider ids: the report contract's pattern (lower-case letters, digits, hyphens).
ITEM_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def _item_id(value: Any, path: str, ctx: s.Ctx) -> None:
    s.string(value, path, ctx)
    if not ITEM_ID.match(value):
        ctx.fail(path, f"{value!r} is not a valid id: use lower-case letters, digits and hyphens (e.g. annual-assessment)")


_PACK_SCHEMA = s.mapping(
    required={
        "id": s.string, "version": s.string,
        "notice": s.mapping(required={"title": s.string, "issuer": s.string, "date": s.iso_date, "year": s.integer},
                            optional={"source": s.string, "reminders": s.list_of(s.string)}),
        "providers": s.list_of(s.mapping(required={"id": _item_id, "title": s.string, "title_en": s.string})),
        "files": s.mapping(
            required={"accepted": s.list_of(s.one_of(*FILE_KINDS)), "max_file_mb": s.positive(s.number)},
            optional={"advice": s.mapping(values=s.string), "advice_en": s.mapping(values=s.string),
                      "ignore_names": s.list_of(s.string), "profile_names": s.list_of(s.string), "tool_files": s.list_of(s.string),
                      "checklist": s.string, "limits": _LIMITS,
                      "min_scan_dpi": s.number, "photo_min_width": s.integer, "photo_min_height": s.integer,
                      "photo_aspect": s.list_of_n(s.number, 2), "photo_max_paper_fraction": s.number}),
    },
    optional={
        "submission_window": s.mapping(required={"start": s.iso_date, "end": s.iso_date}),
        "series": s.list_of(s.mapping(
            required={"name": s.string},
            optional={"aliases": s.list_of(s.string), "titles": s.list_of(s.mapping(
                required={"name": s.string, "level": s.one_of("正高级", "副高级", "中级", "初级"), "rank": s.integer},
                optional={"aliases": s.list_of(s.string)}))})),
    },
)
_PROFILE_SCHEMA = s.mapping(required={"fields": s.list_of(s.mapping(
    required={"key": s.string, "label": s.string, "type": s.one_of("text", "enum", "bool", "yearmonth", "id-number", "series", "title")},
    optional={"aliases": s.list_of(s.string), "values": s.list_of(s.string), "value_aliases": s.mapping(values=s.string),
              "value_contains": s.mapping(values=s.string),
              "comment": s.string, "example": s.string}))})
_ITEM_SCHEMA = s.mapping(
    required={"id": _item_id, "title": s.string, "title_en": s.string, "provider": s.string, "clause": s.string,
              "quote": s.string, "slot": s.string, "match": _MATCH},
    optional={
        "when": _CONDITION,
        "parts": s.mapping(
            required={"list": s.list_of(s.mapping(required={"id": _item_id, "title": s.string, "title_en": s.string,
                                                            "match": _MATCH},
                                                  optional={"when": _CONDITION}))},
            optional={"mode": s.one_of("all", "any"),
                      "mode_when": s.list_of(s.mapping(required={"when": _CONDITION, "mode": s.one_of("all", "any")})),
                      "unmarked_file_covers_all": s.boolean}),
        "years": s.mapping(optional={"from": s.integer, "to": s.integer, "list": s.list_of(s.integer),
                                     "recent": s.positive(s.integer), "last": s.integer, "label": s.string}),
        "sides": s.positive(s.integer),
        "limits": _LIMITS,
        "checks": s.list_of(s.mapping(required={"kind": s.one_of(*sorted(KINDS))}, values=s.anything)),
    },
)
_ITEMS_SCHEMA = s.mapping(required={"items": s.list_of(_ITEM_SCHEMA)})
_BASIS_SCHEMA = s.mapping(required={"codes": s.mapping(values=s.mapping(required={"clause": s.string, "quote": s.string}))})
_CONTENT_SCHEMA = s.mapping(optional={
    **content_sections(),
    "calendar": s.mapping(optional={"holidays": s.list_of(s.iso_date), "workdays": s.list_of(s.iso_date)}),
    "sides": s.mapping(optional={"words": s.mapping(required={"front": s.list_of(s.string), "back": s.list_of(s.string)})}),
})
SCHEMAS: dict[str, s.Check] = {
    "pack.yaml": _PACK_SCHEMA, "profile.yaml": _PROFILE_SCHEMA, "items.yaml": _ITEMS_SCHEMA,
    "content.yaml": _CONTENT_SCHEMA, "eligibility.yaml": RULES_SCHEMA, "basis.yaml": _BASIS_SCHEMA,
    "templates.yaml": TEMPLATES_SCHEMA,
}


def packs_root() -> Path:
    """Installed wheels carry the packs inside the package; a source checkout has them at the top."""
    bundled = Path(str(resources.files("zccheck"))) / "rules"
    if bundled.is_dir():
        return bundled
    return Path(__file__).resolve().parents[2] / "rules"


def available_packs() -> list[Path]:
    """The bundled packs, the default one first (then by id)."""
    root = packs_root()
    found = sorted(p for p in root.iterdir() if (p / "pack.yaml").is_file()) if root.is_dir() else []
    return sorted(found, key=lambda p: (p.name != DEFAULT_PACK, p.name))


def resolve_pack_dir(name_or_dir: str | None, relative_to: Path | None = None) -> Path:
    """A pack's folder: a folder with pack.yaml (relative to `relative_to` first, for `extends:`), else a
    bundled pack's id."""
    if not name_or_dir:
        return packs_root() / DEFAULT_PACK
    candidates = [relative_to / name_or_dir, relative_to.parent / name_or_dir] if relative_to else [Path(name_or_dir)]
    for candidate in candidates:
        if (candidate / "pack.yaml").is_file():
            return candidate
    bundled = packs_root() / name_or_dir
    if (bundled / "pack.yaml").is_file():
        return bundled
    raise PackError(name_or_dir, None, "", f"no rule pack here (a pack is a folder with pack.yaml); bundled packs: "
                    f"{', '.join(p.name for p in available_packs()) or 'none'}")


def read_pack(name_or_dir: str | None) -> RawPack:
    """The pack's documents, merged over those of the packs it extends, before validation."""
    return read_raw(resolve_pack_dir(name_or_dir), lambda name, here: resolve_pack_dir(name, here))


def _doc(raw: RawPack, name: str) -> Any:
    """A validated document of the pack (None when the pack and its parents have no such file)."""
    data = raw.doc(name)
    display = str(raw.directory / name)
    if data is None:
        if FILES[name]:
            raise PackError(display, None, "", "file missing from the rule pack")
        return None
    try:
        s.validate(data, SCHEMAS[name], file_of(data) or display)
    except PackError as e:
        raise _named_by_id(e, data) from None
    return data


def _named_by_id(error: PackError, data: Any) -> PackError:
    """items[6].years → items[6](training-public).years: an author knows items by id, not by position."""
    m = re.match(r"(\w+)\[(\d+)\]", error.key)
    entries = data.get(m.group(1)) if m and isinstance(data, dict) else None
    if not m or not isinstance(entries, list) or int(m.group(2)) >= len(entries):
        return error
    entry = entries[int(m.group(2))]
    if not isinstance(entry, dict) or not isinstance(entry.get("id"), str):
        return error
    key = f"{m.group(0)}({entry['id']}){error.key[m.end():]}"
    return PackError(error.file, error.line, key, error.message)


def _tuple(value: Any) -> tuple:
    if value is None:
        return ()
    return tuple(value) if isinstance(value, list) else (value,)


def _matcher(data: dict | None) -> Matcher:
    data = data or {}
    return Matcher(**{k: tuple(data.get(k, ())) for k in ("folders", "names", "titles", "text", "exclude_names",
                                                          "exclude_titles", "exclude_text", "looks_like")})


def _condition(data: dict | None) -> Condition | None:
    if not data:
        return None
    return Condition(tuple((k, _tuple(v)) for k, v in data.items()))


def _freeze(value: Any) -> Any:
    if isinstance(value, dict):
        return tuple((k, _freeze(v)) for k, v in value.items())
    if isinstance(value, list):
        return tuple(_freeze(v) for v in value)
    return value


def _error(node: Any, key: str | None, path: str, message: str, fallback: str) -> PackError:
    return PackError(file_of(node, key) or fallback, line_of(node, key), path, message)


def _years(data: dict | None, notice_year: int, file: str, item_data: dict) -> YearsRule | None:
    if not data:
        return None
    where = f"{item_data.get('id')}.years"
    if "list" in data:
        years = tuple(data["list"])
    elif "recent" in data:  # 近三年: the N years up to `last` (by default the year before the notice year)
        last = data.get("last", notice_year - 1)
        years = tuple(range(last - data["recent"] + 1, last + 1))
    elif "from" in data and "to" in data:
        years = tuple(range(data["from"], data["to"] + 1))
    else:
        raise _error(item_data, "years", where, "give list, recent, or from and to", file)
    if not years:
        raise _error(item_data, "years", where, "no years in range", file)
    label = data.get("label") or (f"{years[0]}–{years[-1]}" if len(years) > 1 else str(years[0]))
    return YearsRule(required=years, label=label)


def _check_conditions(data: dict, fields: set[str], file: str) -> None:
    def check(cond: dict | None, key: str) -> None:
        for field_key in (cond or {}):
            if field_key not in fields:
                raise _error(cond, field_key, f"{data['id']}.{key}.{field_key}",
                             f"unknown profile field (fields: {', '.join(sorted(fields)) or 'none: the pack has no profile.yaml'})",
                             file)

    check(data.get("when"), "when")
    for p in data.get("parts", {}).get("list", []):
        check(p.get("when"), "parts.when")
    for mw in data.get("parts", {}).get("mode_when", []):
        check(mw["when"], "parts.mode_when")


def _parts(data: dict, file: str) -> PartsRule | None:
    if "parts" not in data:
        return None
    pdata = data["parts"]
    seen: set[str] = set()
    for p in pdata["list"]:
        if p["id"] in seen:
            raise _error(p, "id", f"{data['id']}.parts.{p['id']}", "duplicate part id", file)
        seen.add(p["id"])
    return PartsRule(
        parts=tuple(Part(p["id"], p["title"], p["title_en"], _matcher(p["match"]), _condition(p.get("when")))
                    for p in pdata["list"]),
        mode=pdata.get("mode", "all"),
        mode_when=tuple((_condition(mw["when"]), mw["mode"]) for mw in pdata.get("mode_when", [])),
        unmarked_file_covers_all=pdata.get("unmarked_file_covers_all", False),
    )


def _checks(data: dict, content: dict, limits: dict, file: str) -> tuple[CheckSpec, ...]:
    """The item's checks with their effective parameters (item, else content.yaml, else the kind's
    default; a required one given nowhere is an error), and file-limits from `limits:` when it has any."""
    checks = []
    for c in data.get("checks", []):
        kind = c["kind"]
        params = {k: v for k, v in c.items() if k != "kind"}
        where = f"{data['id']}.checks.{kind}"
        spec = KINDS[kind]
        cfile = file_of(c) or file
        spec.validate_params(params, cfile, line_of(c), where, c)
        if kind == LIMIT_KIND:
            params = {**limits, **params}
        defaults = content.get(kind) if isinstance(content.get(kind), dict) else None
        checks.append(CheckSpec(kind, _freeze(spec.effective(params, defaults, cfile, line_of(c), where))))
    if limits and not any(c.kind == LIMIT_KIND for c in checks):
        checks.append(CheckSpec(LIMIT_KIND, _freeze(limits)))
    return tuple(checks)


def _item(data: dict, notice_year: int, file: str, providers: set[str], fields: set[str], content: dict,
          pack_limits: dict) -> Item:
    if data["provider"] not in providers:
        raise _error(data, "provider", f"{data['id']}.provider",
                     f"unknown provider (providers: {', '.join(sorted(providers))})", file)
    _check_conditions(data, fields, file)
    if data.get("sides", 1) > 1 and "years" not in data:
        # sides counts pages per year: without years it would check nothing, silently.
        raise _error(data, "sides", f"{data['id']}.sides", "sides counts pages per year and needs `years`; for a "
                     "document without years give its sides as parts (front, back)", file)
    limits = {**pack_limits, **data.get("limits", {})}
    return Item(
        id=data["id"], title=data["title"], title_en=data["title_en"], provider=data["provider"],
        clause=data["clause"], quote=data["quote"], slot=data["slot"], match=_matcher(data["match"]),
        when=_condition(data.get("when")), parts=_parts(data, file),
        years=_years(data.get("years"), notice_year, file, data), sides=data.get("sides", 1),
        checks=_checks(data, content, limits, file), limits=_freeze(limits),
    )


def _series(meta: dict) -> tuple[Series, ...]:
    return tuple(
        Series(x["name"], tuple(x.get("aliases", ())),
               tuple(Title(t["name"], t["level"], t["rank"], tuple(t.get("aliases", ()))) for t in x.get("titles", ())))
        for x in meta.get("series", ())
    )


def _files(files: dict) -> FilePolicy:
    profile_names = tuple(files.get("profile_names", ())) or ("申报信息.yaml",)
    checklist = files.get("checklist", "材料清单.md")
    tool_files = tuple(dict.fromkeys((*files.get("tool_files", ()), checklist, *BUNDLE_MANIFEST)))
    return FilePolicy(
        accepted_kinds=tuple(files["accepted"]), advice=tuple(files.get("advice", {}).items()),
        advice_en=tuple(files.get("advice_en", {}).items()), max_file_mb=float(files["max_file_mb"]),
        ignore_names=tuple(files.get("ignore_names", ())), profile_names=profile_names,
        tool_files=tool_files, checklist=checklist,
        min_scan_dpi=float(files.get("min_scan_dpi", 100)),
        photo_min_width=files.get("photo_min_width", PHOTO_MIN_PX[0]),
        photo_min_height=files.get("photo_min_height", PHOTO_MIN_PX[1]),
        photo_aspect=tuple(files.get("photo_aspect", (0.6, 0.85))),
        photo_max_paper_fraction=float(files.get("photo_max_paper_fraction", 0.35)),
    )


def _profile_fields(profile: dict | None) -> tuple[ProfileField, ...]:
    return tuple(
        ProfileField(
            key=f["key"], label=f["label"], type=f["type"], aliases=tuple(f.get("aliases", ())),
            values=tuple(f.get("values", ())), value_aliases=tuple(f.get("value_aliases", {}).items()),
            value_contains=tuple(f.get("value_contains", {}).items()),
            comment=f.get("comment", ""), example=f.get("example", ""),
        )
        for f in (profile or {}).get("fields", ())
    )


def _eligibility(data: Any, display: str) -> EligibilityRules | None:
    return None if data is None else load_rules(data, file_of(data) or display)


@functools.lru_cache(maxsize=8)
def load_pack(name_or_dir: str | None = None) -> Pack:
    raw = read_pack(name_or_dir)
    directory = raw.directory
    meta = _doc(raw, "pack.yaml")
    profile = _doc(raw, "profile.yaml")
    items_doc = _doc(raw, "items.yaml")
    content = _doc(raw, "content.yaml") or {}
    eligibility_data = _doc(raw, "eligibility.yaml")
    basis = (_doc(raw, "basis.yaml") or {"codes": {}})["codes"]
    templates_doc = _doc(raw, "templates.yaml")

    year = meta["notice"]["year"]
    fields = _profile_fields(profile)
    providers = tuple(Provider(p["id"], p["title"], p["title_en"]) for p in meta["providers"])
    items_file = file_of(items_doc) or str(directory / "items.yaml")
    pack_limits = dict(meta["files"].get("limits", {}))
    items = tuple(_item(d, year, items_file, {p.id for p in providers}, {f.key for f in fields}, content, pack_limits)
                  for d in items_doc["items"])
    seen: set[str] = set()
    for d, it in zip(items_doc["items"], items):
        if it.id in seen:
            raise _error(d, "id", f"{it.id}.id", "duplicate item id", items_file)
        seen.add(it.id)
    templates = () if templates_doc is None else load_templates(
        templates_doc, file_of(templates_doc) or str(directory / "templates.yaml"), {it.id for it in items})
    window = meta.get("submission_window")
    return Pack(
        id=meta["id"], version=meta["version"], title=meta["notice"]["title"], issuer=meta["notice"]["issuer"],
        date=dt.date.fromisoformat(meta["notice"]["date"]), year=year, source=meta["notice"].get("source", ""),
        window_start=dt.date.fromisoformat(window["start"]) if window else None,
        window_end=dt.date.fromisoformat(window["end"]) if window else None,
        series=_series(meta), providers=providers, items=items, profile_fields=fields, files=_files(meta["files"]),
        content=dict(content), eligibility=_eligibility(eligibility_data, str(directory / "eligibility.yaml")),
        path=str(directory), reminders=tuple(meta["notice"].get("reminders", ())),
        code_basis=tuple((code, b["clause"], b["quote"]) for code, b in basis.items()),
        extends=tuple(str(p) for p in raw.chain[1:]),
        templates=templates,
    )


