"""The eligibility rules of a pack (`eligibility.yaml`, 评审条件): per series and target title, the routes
to that title — the education or degree a route asks for, the title one must hold now (none for 初定),
and the years required at that title or since graduation — validated strictly when the pack loads
(`load_rules`). Deciding one applicant against them is zccheck.checks.eligibility's job.

How education and degree are matched is written in the YAML's `interpretation` list: routes are
"at least" a level; a clause naming a degree is matched on 学位, one naming education on 学历, one
naming either on either; a 博士学位 holder counts as 博士 whatever the 学历.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

SCHEMA = "zccheck.eligibility/1"

# Query attributes a special route may be switched on by; each is an optional bool on EligibilityQuery.
SPECIAL_FLAGS = ("high_skill", "fhj", "exceptional")
# Profile fields the outcome may name as missing; the pack gives their Chinese keys.
REQUIRED_FIELD_KEYS = ("series", "title", "current_title", "current_title_since", "education", "degree", "graduated")
FIELD_KEYS = REQUIRED_FIELD_KEYS + SPECIAL_FLAGS


class EligibilityRulesError(ValueError):
    """Bad eligibility data. args: (key_path, message); the pack loader turns key_path into a line."""

    def __init__(self, key_path: str, message: str):
        super().__init__(key_path, message)

    @property
    def key_path(self) -> str:
        return self.args[0]

    @property
    def message(self) -> str:
        return self.args[1]

    def __str__(self) -> str:
        return f"{self.args[0]}: {self.args[1]}"


# --- the rules, as validated ---------------------------------------------------------------------


@dataclass(frozen=True)
class Level:
    """One education or degree value: its canonical name, rank (higher is more) and spellings."""

    name: str
    rank: int
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class Document:
    id: str
    short: str
    title: str
    evidence: tuple[str, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class Route:
    id: str
    label: str
    series: str
    title: str
    degree: str | None  # at least this degree ...
    education: str | None  # ... or at least this education (either satisfies)
    holds: str | None  # title held now; None for 初定
    years_at_title: int | None
    years_since_graduation: int | None
    source: str  # document id
    confirmed: bool
    evidence: tuple[str, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class TitleRule:
    name: str
    level: str
    routes: tuple[Route, ...]
    note: str = ""


@dataclass(frozen=True)
class SeriesRule:
    name: str
    sources: tuple[str, ...]
    ladder: tuple[str, ...]  # lowest first
    titles: tuple[TitleRule, ...]  # the titles reviewed under the notice, in ladder order
    note: str = ""

    def title(self, name: str) -> TitleRule | None:
        return next((t for t in self.titles if t.name == name), None)


@dataclass(frozen=True)
class SpecialRoute:
    id: str
    flag: str
    label: str
    label_en: str
    document: str
    document_by_series: tuple[tuple[str, str], ...] = ()
    confirmed: bool = True
    note: str = ""

    def document_for(self, series: str | None) -> str:
        return dict(self.document_by_series).get(series or "", self.document)


@dataclass(frozen=True)
class EligibilityRules:
    counted_until: str  # "MM-DD" (of the notice year) or a full ISO date
    education_levels: tuple[Level, ...]
    degrees: tuple[Level, ...]
    profile_fields: tuple[tuple[str, str], ...]
    documents: tuple[Document, ...]
    series: tuple[SeriesRule, ...]
    special_routes: tuple[SpecialRoute, ...] = ()
    notice: str = ""
    interpretation: tuple[str, ...] = ()
    interpretation_en: tuple[str, ...] = ()
    no_title_values: tuple[str, ...] = ()  # 现任职称 spellings meaning "none yet" (无)

    def series_rule(self, name: str) -> SeriesRule | None:
        return next((s for s in self.series if s.name == name), None)

    def document(self, doc_id: str) -> Document:
        return next(d for d in self.documents if d.id == doc_id)

    def field_label(self, key: str) -> str:
        return dict(self.profile_fields).get(key, key)

    def counted_until_date(self, notice_year: int) -> dt.date:
        if len(self.counted_until) == 5:  # MM-DD
            return dt.date(notice_year, int(self.counted_until[:2]), int(self.counted_until[3:]))
        return dt.date.fromisoformat(self.counted_until)

    def education(self, value: str | None) -> Level | None:
        return lookup_level(self.education_levels, value)

    def degree(self, value: str | None) -> Level | None:
        return lookup_level(self.degrees, value)


def lookup_level(levels: tuple[Level, ...], value: str | None) -> Level | None:
    if value is None:
        return None
    v = str(value).strip()
    return next((lv for lv in levels if v == lv.name or v in lv.aliases), None)


def series_names(rules: EligibilityRules) -> list[str]:
    return [s.name for s in rules.series]


def titles_of(rules: EligibilityRules, series: str) -> list[str]:
    s = rules.series_rule(series)
    return [t.name for t in s.titles] if s else []


# --- validation ------------------------------------------------------------------------------------
# Strict on purpose: a typo in a pack (`year_at_title`) must fail loudly, not silently drop a route.


def _mapping(value: Any, path: str, required: tuple[str, ...] = (), optional: tuple[str, ...] | None = None) -> dict:
    if not isinstance(value, dict):
        raise EligibilityRulesError(path, f"expected a mapping, got {type(value).__name__}")
    for key in value:
        if not isinstance(key, str):
            raise EligibilityRulesError(path, f"keys must be strings, got {key!r}")
        if optional is not None and key not in required and key not in optional:
            allowed = ", ".join((*required, *optional))
            raise EligibilityRulesError(_join(path, key), f"unknown key (allowed: {allowed})")
    for key in required:
        if key not in value:
            raise EligibilityRulesError(_join(path, key), "required key is missing")
    return value


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _string(value: Any, path: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise EligibilityRulesError(path, f"expected a non-empty string, got {value!r}")
    return value.strip()


def _int(value: Any, path: str, minimum: int) -> int:
    # bool is an int in Python; `years: true` is a typo, not 1.
    if isinstance(value, bool) or not isinstance(value, int):
        raise EligibilityRulesError(path, f"expected an integer, got {value!r}")
    if value < minimum:
        raise EligibilityRulesError(path, f"must be at least {minimum}, got {value}")
    return value


def _bool(value: Any, path: str) -> bool:
    if not isinstance(value, bool):
        raise EligibilityRulesError(path, f"expected true or false, got {value!r}")
    return value


def _strings(value: Any, path: str, *, non_empty: bool = False) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise EligibilityRulesError(path, f"expected a list, got {type(value).__name__}")
    if non_empty and not value:
        raise EligibilityRulesError(path, "must not be empty")
    return tuple(_string(v, f"{path}[{i}]") for i, v in enumerate(value))


def _counted_until(value: Any, path: str) -> str:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value.isoformat()  # yaml.safe_load turns an unquoted ISO date into a date
    text = _string(value, path)
    try:
        if re.fullmatch(r"\d{2}-\d{2}", text):
            dt.date(2000, int(text[:2]), int(text[3:]))  # 2000 is a leap year: 02-29 is allowed
            return text
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            dt.date.fromisoformat(text)
            return text
    except ValueError:
        pass
    raise EligibilityRulesError(path, f"expected MM-DD or YYYY-MM-DD, got {text!r}")


def _levels(value: Any, path: str) -> tuple[Level, ...]:
    m = _mapping(value, path)
    if not m:
        raise EligibilityRulesError(path, "must not be empty")
    levels: list[Level] = []
    seen: dict[str, str] = {}
    ranks: set[int] = set()
    for name, spec in m.items():
        p = _join(path, name)
        spec = _mapping(spec, p, required=("rank",), optional=("aliases",))
        rank = _int(spec["rank"], _join(p, "rank"), 0)
        if rank in ranks:
            raise EligibilityRulesError(_join(p, "rank"), f"rank {rank} is used twice")
        ranks.add(rank)
        aliases = _strings(spec.get("aliases", []), _join(p, "aliases"))
        for spelling in (name, *aliases):
            if spelling in seen and seen[spelling] != name:
                raise EligibilityRulesError(p, f"{spelling!r} already names {seen[spelling]!r}")
            seen[spelling] = name
        levels.append(Level(name, rank, aliases))
    return tuple(levels)



def _note(spec: dict, path: str) -> str:
    return _string(spec["note"], _join(path, "note")) if "note" in spec else ""


def _documents(value: Any) -> tuple[Document, ...]:
    documents: list[Document] = []
    for doc_id, spec in _mapping(value, "documents").items():
        p = _join("documents", doc_id)
        spec = _mapping(spec, p, required=("short", "title"), optional=("evidence", "note"))
        documents.append(Document(
            doc_id, _string(spec["short"], _join(p, "short")), _string(spec["title"], _join(p, "title")),
            _strings(spec.get("evidence", []), _join(p, "evidence")), _note(spec, p),
        ))
    return tuple(documents)


@dataclass
class _Names:
    """What routes may refer to, and the route ids taken so far (unique across the whole file)."""

    documents: set[str]
    education: set[str]
    degrees: set[str]
    route_ids: set[str] = field(default_factory=set)

    def document(self, value: Any, path: str) -> str:
        ref = _string(value, path)
        if ref not in self.documents:
            raise EligibilityRulesError(path, f"unknown document {ref!r} (documents: {', '.join(sorted(self.documents))})")
        return ref


def _route(r_spec: Any, rp: str, names: _Names, s_name: str, t_name: str, below: str | None) -> Route:
    r = _mapping(r_spec, rp, required=("id", "label", "source", "confirmed"),
                 optional=("degree", "education", "holds", "years_at_title", "years_since_graduation", "evidence", "note"))
    rid = _string(r["id"], _join(rp, "id"))
    if rid in names.route_ids:
        raise EligibilityRulesError(_join(rp, "id"), f"route id {rid!r} is used twice")
    names.route_ids.add(rid)
    degree = _string(r["degree"], _join(rp, "degree")) if "degree" in r else None
    if degree is not None and degree not in names.degrees:
        raise EligibilityRulesError(_join(rp, "degree"), f"unknown degree {degree!r} (degrees: {', '.join(names.degrees)})")
    education = _string(r["education"], _join(rp, "education")) if "education" in r else None
    if education is not None and education not in names.education:
        raise EligibilityRulesError(
            _join(rp, "education"), f"unknown education {education!r} (education_levels: {', '.join(names.education)})")
    if degree is None and education is None:
        raise EligibilityRulesError(rp, "a route needs a degree, an education, or both")
    holds = r.get("holds")
    if holds is not None:
        holds = _string(holds, _join(rp, "holds"))
        # The notice's rule "the current title must be the level below" is checked here once,
        # so the decision can trust every route.
        if holds != below:
            raise EligibilityRulesError(_join(rp, "holds"), f"must be the title directly below {t_name} on the ladder ({below})")
    years_at = _int(r["years_at_title"], _join(rp, "years_at_title"), 1) if "years_at_title" in r else None
    if years_at is not None and holds is None:
        raise EligibilityRulesError(_join(rp, "years_at_title"), "years at a title need `holds`")
    years_grad = (_int(r["years_since_graduation"], _join(rp, "years_since_graduation"), 1)
                  if "years_since_graduation" in r else None)
    confirmed = _bool(r["confirmed"], _join(rp, "confirmed"))
    note = _note(r, rp)
    if not confirmed and not note:
        raise EligibilityRulesError(_join(rp, "note"), "an unconfirmed route must say why in a note")
    return Route(rid, _string(r["label"], _join(rp, "label")), s_name, t_name, degree, education, holds, years_at,
                 years_grad, names.document(r["source"], _join(rp, "source")), confirmed,
                 _strings(r.get("evidence", []), _join(rp, "evidence")), note)


def _title(t_name: str, t_spec: Any, sp: str, ladder: tuple[str, ...], names: _Names, s_name: str) -> TitleRule:
    tp = f"{sp}.titles.{t_name}"
    if t_name not in ladder:
        raise EligibilityRulesError(tp, f"title is not on the ladder ({', '.join(ladder)})")
    below = ladder[ladder.index(t_name) - 1] if ladder.index(t_name) > 0 else None
    t_spec = _mapping(t_spec, tp, required=("level", "routes"), optional=("note",))
    if not isinstance(t_spec["routes"], list) or not t_spec["routes"]:
        raise EligibilityRulesError(_join(tp, "routes"), "expected a non-empty list of routes")
    routes = tuple(_route(r_spec, f"{tp}.routes[{i}]", names, s_name, t_name, below)
                   for i, r_spec in enumerate(t_spec["routes"]))
    return TitleRule(t_name, _string(t_spec["level"], _join(tp, "level")), routes, _note(t_spec, tp))


def _series(s_name: str, s_spec: Any, names: _Names) -> SeriesRule:
    sp = _join("series", s_name)
    s_spec = _mapping(s_spec, sp, required=("sources", "ladder", "titles"), optional=("note",))
    source_list = _strings(s_spec["sources"], _join(sp, "sources"), non_empty=True)
    sources = tuple(names.document(v, f"{sp}.sources[{i}]") for i, v in enumerate(source_list))
    ladder = _strings(s_spec["ladder"], _join(sp, "ladder"), non_empty=True)
    if len(set(ladder)) != len(ladder):
        raise EligibilityRulesError(_join(sp, "ladder"), "a title appears twice")
    titles_m = _mapping(s_spec["titles"], _join(sp, "titles"))
    if not titles_m:
        raise EligibilityRulesError(_join(sp, "titles"), "must not be empty")
    titles = sorted((_title(t_name, t_spec, sp, ladder, names, s_name) for t_name, t_spec in titles_m.items()),
                    key=lambda t: ladder.index(t.name))
    return SeriesRule(s_name, sources, ladder, tuple(titles), _note(s_spec, sp))


def _special_route(i: int, spec: Any, series_m: dict, names: _Names) -> SpecialRoute:
    p = f"special_routes[{i}]"
    spec = _mapping(spec, p, required=("id", "flag", "label", "label_en", "document", "confirmed"),
                    optional=("document_by_series", "note"))
    flag = _string(spec["flag"], _join(p, "flag"))
    if flag not in SPECIAL_FLAGS:
        raise EligibilityRulesError(_join(p, "flag"), f"unknown flag {flag!r} (flags: {', '.join(SPECIAL_FLAGS)})")
    by_series = _mapping(spec.get("document_by_series", {}), _join(p, "document_by_series"))
    for s_name in by_series:
        if s_name not in series_m:
            raise EligibilityRulesError(_join(_join(p, "document_by_series"), s_name), "unknown series")
    return SpecialRoute(
        _string(spec["id"], _join(p, "id")), flag, _string(spec["label"], _join(p, "label")),
        _string(spec["label_en"], _join(p, "label_en")), names.document(spec["document"], _join(p, "document")),
        tuple((k, names.document(v, _join(_join(p, "document_by_series"), k))) for k, v in by_series.items()),
        _bool(spec["confirmed"], _join(p, "confirmed")), _note(spec, p),
    )


def load_rules(data: dict) -> EligibilityRules:
    """The validated rules of a parsed eligibility.yaml; EligibilityRulesError(key path, message) when bad."""
    top = _mapping(data, "", required=("schema", "counted_until", "education_levels", "degrees",
                                       "profile_fields", "documents", "series"),
                   optional=("notice", "interpretation", "interpretation_en", "no_title_values", "special_routes"))
    if top["schema"] != SCHEMA:
        raise EligibilityRulesError("schema", f"expected {SCHEMA!r}, got {top['schema']!r}")
    counted_until = _counted_until(top["counted_until"], "counted_until")
    education_levels = _levels(top["education_levels"], "education_levels")
    degrees = _levels(top["degrees"], "degrees")

    pf = _mapping(top["profile_fields"], "profile_fields", required=REQUIRED_FIELD_KEYS, optional=SPECIAL_FLAGS)
    profile_fields = tuple((k, _string(pf[k], _join("profile_fields", k))) for k in FIELD_KEYS if k in pf)
    documents = _documents(top["documents"])
    names = _Names({d.id for d in documents}, {lv.name for lv in education_levels}, {lv.name for lv in degrees})

    series_m = _mapping(top["series"], "series")
    if not series_m:
        raise EligibilityRulesError("series", "must not be empty")
    series = tuple(_series(s_name, s_spec, names) for s_name, s_spec in series_m.items())

    raw_specials = top.get("special_routes", [])
    if not isinstance(raw_specials, list):
        raise EligibilityRulesError("special_routes", f"expected a list, got {type(raw_specials).__name__}")
    specials = tuple(_special_route(i, spec, series_m, names) for i, spec in enumerate(raw_specials))

    return EligibilityRules(
        counted_until=counted_until, education_levels=education_levels, degrees=degrees,
        profile_fields=profile_fields, documents=documents, series=series, special_routes=specials,
        notice=_string(top["notice"], "notice") if "notice" in top else "",
        interpretation=_strings(top.get("interpretation", []), "interpretation"),
        interpretation_en=_strings(top.get("interpretation_en", []), "interpretation_en"),
        no_title_values=_strings(top.get("no_title_values", []), "no_title_values"),
    )
