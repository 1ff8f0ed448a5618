"""Find, load and validate rule packs. A pack is a folder of YAML files:

- pack.yaml     the notice, its window, the series and titles, providers, file policy
- profile.yaml  the applicant-profile fields (申报信息.yaml keys, types, values)
- items.yaml    every material the notice asks for, with parts, years, matching words and checks
- content.yaml  parameters of the content checks (placeholder patterns, wording, calendars)
- eligibility.yaml  routes to each title (评审条件)
"""

from __future__ import annotations

import datetime as dt
import functools
from importlib import resources
from pathlib import Path
from typing import Any

from zccheck.pack import schema as s
from zccheck.pack.eligibility import EligibilityRulesError, load_rules
from zccheck.pack.kinds import KINDS
from zccheck.pack.model import (
    CheckSpec, Condition, FilePolicy, Item, Matcher, Pack, Part, PartsRule, ProfileField, Provider,
    Series, Title, YearsRule,
)
from zccheck.pack.schema import PackError
from zccheck.pack.yaml_source import YamlError, line_of, load_yaml_file

DEFAULT_PACK = "xj-2021-zrkx-syjs"

_MATCH = s.mapping(optional={**{k: s.list_of(s.string) for k in ("folders", "names", "titles", "text", "exclude_names",
                                                                  "exclude_titles", "exclude_text")},
                             "looks_like": s.list_of(s.one_of("portrait-photo"))})
_CONDITION = s.mapping(values=s.scalar_or_list)
_PACK_SCHEMA = s.mapping(
    required={
        "id": s.string, "version": s.string,
        "notice": s.mapping(required={"title": s.string, "issuer": s.string, "date": s.iso_date, "year": s.integer},
                            optional={"source": s.string, "reminders": s.list_of(s.string)}),
        "submission_window": s.mapping(required={"start": s.iso_date, "end": s.iso_date}),
        "series": s.list_of(s.mapping(
            required={"name": s.string, "titles": s.list_of(s.mapping(
                required={"name": s.string, "level": s.one_of("正高级", "副高级", "中级", "初级"), "rank": s.integer},
                optional={"aliases": s.list_of(s.string)}))},
            optional={"aliases": s.list_of(s.string)})),
        "providers": s.list_of(s.mapping(required={"id": s.string, "title": s.string, "title_en": s.string})),
        "files": s.mapping(
            required={"accepted": s.list_of(s.string), "max_file_mb": s.number},
            optional={"advice": s.mapping(values=s.string), "advice_en": s.mapping(values=s.string),
                      "ignore_names": s.list_of(s.string), "profile_names": s.list_of(s.string), "tool_files": s.list_of(s.string),
                      "min_scan_dpi": s.number, "photo_min_width": s.integer, "photo_min_height": s.integer,
                      "photo_aspect": s.list_of(s.number), "photo_max_paper_fraction": s.number}),
    },
)
_PROFILE_SCHEMA = s.mapping(required={"fields": s.list_of(s.mapping(
    required={"key": s.string, "label": s.string, "type": s.one_of("text", "enum", "bool", "yearmonth", "id-number", "series", "title")},
    optional={"aliases": s.list_of(s.string), "values": s.list_of(s.string), "value_aliases": s.mapping(values=s.string),
              "value_contains": s.mapping(values=s.string),
              "comment": s.string, "example": s.string}))})
_ITEM_SCHEMA = s.mapping(
    required={"id": s.string, "title": s.string, "title_en": s.string, "provider": s.string, "clause": s.string,
              "quote": s.string, "slot": s.string, "match": _MATCH},
    optional={
        "when": _CONDITION,
        "parts": s.mapping(
            required={"list": s.list_of(s.mapping(required={"id": s.string, "title": s.string, "title_en": s.string, "match": _MATCH},
                                                  optional={"when": _CONDITION}))},
            optional={"mode": s.one_of("all", "any"),
                      "mode_when": s.list_of(s.mapping(required={"when": _CONDITION, "mode": s.one_of("all", "any")})),
                      "unmarked_file_covers_all": s.boolean}),
        "years": s.mapping(optional={"from": s.integer, "to": s.integer, "list": s.list_of(s.integer),
                                     "recent": s.integer, "label": s.string}),
        "sides": s.integer,
        "checks": s.list_of(s.mapping(required={"kind": s.one_of(*sorted(KINDS))}, values=s.anything)),
    },
)
_ITEMS_SCHEMA = s.mapping(required={"items": s.list_of(_ITEM_SCHEMA)})
def _regex_list(value, path, ctx) -> None:
    import re

    s.list_of(s.string)(value, path, ctx)
    for i, pattern in enumerate(value):
        try:
            re.compile(pattern)
        except re.error as e:
            ctx.fail(f"{path}[{i}]", f"not a valid regular expression: {e}")


_BASIS_SCHEMA = s.mapping(required={"codes": s.mapping(values=s.mapping(required={"clause": s.string, "quote": s.string}))})
_CONTENT_SCHEMA = s.mapping(optional={
    "placeholder": s.mapping(optional={"patterns": _regex_list, "max_per_file": s.integer}),
    "statement": s.mapping(optional={"threshold": s.number}),
    "identity": s.mapping(optional={"name_patterns": _regex_list,
                                    "series_level_pattern": lambda v, path, ctx: _regex_list([v], path, ctx),
                                    "field_labels": s.list_of(s.string)}),
    "publicity-period": s.mapping(optional={"min_working_days": s.integer}),
    "calendar": s.mapping(optional={"holidays": s.list_of(s.iso_date), "workdays": s.list_of(s.iso_date)}),
    "sides": s.mapping(optional={"words": s.mapping(required={"front": s.list_of(s.string), "back": s.list_of(s.string)})}),
})


def packs_root() -> Path:
    """Installed wheels carry the packs inside the package; a source checkout has them at the top."""
    bundled = Path(str(resources.files("zccheck"))) / "rules"
    if bundled.is_dir():
        return bundled
    return Path(__file__).resolve().parents[2] / "rules"


def available_packs() -> list[Path]:
    root = packs_root()
    return sorted(p for p in root.iterdir() if (p / "pack.yaml").is_file()) if root.is_dir() else []


def resolve_pack_dir(name_or_dir: str | None) -> Path:
    if not name_or_dir:
        return packs_root() / DEFAULT_PACK
    candidate = Path(name_or_dir)
    if (candidate / "pack.yaml").is_file():
        return candidate
    bundled = packs_root() / name_or_dir
    if (bundled / "pack.yaml").is_file():
        return bundled
    raise PackError(str(candidate), None, "", f"no rule pack here (a pack is a folder with pack.yaml); bundled packs: "
                    f"{', '.join(p.name for p in available_packs()) or 'none'}")


def _read(directory: Path, name: str, schema: s.Check, required: bool = True) -> Any:
    path = directory / name
    if not path.is_file():
        if required:
            raise PackError(str(path), None, "", "file missing from the rule pack")
        return None
    try:
        data = load_yaml_file(path)
    except YamlError as e:
        raise PackError(e.file, e.line, "", e.message) from None
    s.validate(data, schema, str(path))
    return data


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


def _years(data: dict | None, notice_year: int, file: str, item_data: dict) -> YearsRule | None:
    if not data:
        return None
    if "list" in data:
        years = tuple(data["list"])
    elif "recent" in data:  # 近三年: the N years before the notice year
        years = tuple(range(notice_year - data["recent"], notice_year))
    elif "from" in data and "to" in data:
        years = tuple(range(data["from"], data["to"] + 1))
    else:
        raise PackError(file, line_of(item_data, "years"), f"{item_data.get('id')}.years", "give list, recent, or from and to")
    if not years:
        raise PackError(file, line_of(item_data, "years"), f"{item_data.get('id')}.years", "no years in range")
    label = data.get("label") or (f"{years[0]}–{years[-1]}" if len(years) > 1 else str(years[0]))
    return YearsRule(required=years, label=label)


def _item(data: dict, notice_year: int, file: str, providers: set[str], fields: set[str]) -> Item:
    def check_condition(cond: dict | None, key: str, node: dict) -> None:
        for field_key in (cond or {}):
            if field_key not in fields:
                raise PackError(file, line_of(cond, field_key), f"{data['id']}.{key}.{field_key}",
                                f"unknown profile field (fields: {', '.join(sorted(fields))})")

    if data["provider"] not in providers:
        raise PackError(file, line_of(data, "provider"), f"{data['id']}.provider",
                        f"unknown provider (providers: {', '.join(sorted(providers))})")
    check_condition(data.get("when"), "when", data)
    parts = None
    if "parts" in data:
        pdata = data["parts"]
        for p in pdata["list"]:
            check_condition(p.get("when"), "parts.when", p)
        for mw in pdata.get("mode_when", []):
            check_condition(mw["when"], "parts.mode_when", mw)
        parts = PartsRule(
            parts=tuple(Part(p["id"], p["title"], p["title_en"], _matcher(p["match"]), _condition(p.get("when")))
                        for p in pdata["list"]),
            mode=pdata.get("mode", "all"),
            mode_when=tuple((_condition(mw["when"]), mw["mode"]) for mw in pdata.get("mode_when", [])),
            unmarked_file_covers_all=pdata.get("unmarked_file_covers_all", False),
        )
    checks = []
    for c in data.get("checks", []):
        kind = c["kind"]
        params = {k: v for k, v in c.items() if k != "kind"}
        KINDS[kind].validate_params(params, file, line_of(c), f"{data['id']}.checks.{kind}")
        checks.append(CheckSpec(kind, _freeze(params)))
    return Item(
        id=data["id"], title=data["title"], title_en=data["title_en"], provider=data["provider"],
        clause=data["clause"], quote=data["quote"], slot=data["slot"], match=_matcher(data["match"]),
        when=_condition(data.get("when")), parts=parts,
        years=_years(data.get("years"), notice_year, file, data), sides=data.get("sides", 1), checks=tuple(checks),
    )


@functools.lru_cache(maxsize=8)
def load_pack(name_or_dir: str | None = None) -> Pack:
    directory = resolve_pack_dir(name_or_dir)
    meta = _read(directory, "pack.yaml", _PACK_SCHEMA)
    profile = _read(directory, "profile.yaml", _PROFILE_SCHEMA)
    items_doc = _read(directory, "items.yaml", _ITEMS_SCHEMA)
    content = _read(directory, "content.yaml", _CONTENT_SCHEMA, required=False) or {}
    eligibility_data = _read(directory, "eligibility.yaml", s.mapping(values=s.anything), required=False)
    basis = (_read(directory, "basis.yaml", _BASIS_SCHEMA, required=False) or {"codes": {}})["codes"]

    year = meta["notice"]["year"]
    fields = tuple(
        ProfileField(
            key=f["key"], label=f["label"], type=f["type"], aliases=tuple(f.get("aliases", ())),
            values=tuple(f.get("values", ())), value_aliases=tuple(f.get("value_aliases", {}).items()),
            value_contains=tuple(f.get("value_contains", {}).items()),
            comment=f.get("comment", ""), example=f.get("example", ""),
        )
        for f in profile["fields"]
    )
    providers = tuple(Provider(p["id"], p["title"], p["title_en"]) for p in meta["providers"])
    items_file = str(directory / "items.yaml")
    items = tuple(_item(d, year, items_file, {p.id for p in providers}, {f.key for f in fields})
                  for d in items_doc["items"])
    seen: set[str] = set()
    for d, it in zip(items_doc["items"], items):
        if it.id in seen:
            raise PackError(items_file, line_of(d, "id"), f"{it.id}.id", "duplicate item id")
        seen.add(it.id)
    files = meta["files"]
    eligibility = None
    if eligibility_data is not None:
        try:
            eligibility = load_rules(eligibility_data)
        except EligibilityRulesError as e:
            key = e.args[0] if e.args else ""
            raise PackError(str(directory / "eligibility.yaml"), _line_for_path(eligibility_data, key), key,
                            e.args[1] if len(e.args) > 1 else str(e)) from None
    window = meta["submission_window"]
    return Pack(
        id=meta["id"], version=meta["version"], title=meta["notice"]["title"], issuer=meta["notice"]["issuer"],
        date=dt.date.fromisoformat(meta["notice"]["date"]), year=year, source=meta["notice"].get("source", ""),
        window_start=dt.date.fromisoformat(window["start"]), window_end=dt.date.fromisoformat(window["end"]),
        series=tuple(
            Series(x["name"], tuple(x.get("aliases", ())),
                   tuple(Title(t["name"], t["level"], t["rank"], tuple(t.get("aliases", ()))) for t in x["titles"]))
            for x in meta["series"]
        ),
        providers=providers, items=items, profile_fields=fields,
        files=FilePolicy(
            accepted_kinds=tuple(files["accepted"]), advice=tuple(files.get("advice", {}).items()),
            advice_en=tuple(files.get("advice_en", {}).items()), max_file_mb=float(files["max_file_mb"]),
            ignore_names=tuple(files.get("ignore_names", ())), profile_names=tuple(files.get("profile_names", ())),
            tool_files=tuple(files.get("tool_files", ())),
            min_scan_dpi=float(files.get("min_scan_dpi", 100)), photo_min_width=files.get("photo_min_width", 200),
            photo_min_height=files.get("photo_min_height", 280),
            photo_aspect=tuple(files.get("photo_aspect", (0.6, 0.85))),
            photo_max_paper_fraction=float(files.get("photo_max_paper_fraction", 0.35)),
        ),
        content=dict(content), eligibility=eligibility, path=str(directory),
        reminders=tuple(meta["notice"].get("reminders", ())),
        code_basis=tuple((code, b["clause"], b["quote"]) for code, b in basis.items()),
    )


def _line_for_path(data: Any, key_path: str) -> int | None:
    """Walk a dotted key path like `series.自然科学研究.titles[0].years` to the deepest line we know."""
    node, line = data, line_of(data)
    for token in key_path.replace("[", ".[").split("."):
        if not token:
            continue
        if token.startswith("[") and isinstance(node, list):
            try:
                node = node[int(token.strip("[]"))]
            except (ValueError, IndexError):
                break
        elif isinstance(node, dict) and token in node:
            line = line_of(node, token) or line
            node = node[token]
        else:
            break
        line = line_of(node) or line
    return line
