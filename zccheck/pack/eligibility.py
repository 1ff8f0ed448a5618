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
from dataclasses import dataclass
from typing import Any

from zccheck.pack import schema as s
from zccheck.pack.schema import PackError

SCHEMA = "zccheck.eligibility/1"

# Query attributes a special route may be switched on by; each is an optional bool on EligibilityQuery.
SPECIAL_FLAGS = ("high_skill", "fhj", "exceptional")
# Profile fields the outcome may name as missing; the pack gives their Chinese keys.
REQUIRED_FIELD_KEYS = ("series", "title", "current_title", "current_title_since", "education", "degree", "graduated")
FIELD_KEYS = REQUIRED_FIELD_KEYS + SPECIAL_FLAGS


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
# The shape (keys, types, minimums) is the schema below, on the same combinators as every pack file;
# what holds only across keys (a route's source is a listed document, `holds` is the title below) is
# checked while the rules are built, with the same error: file, line, key path.


def _month_day_or_date(value: Any, path: str, ctx: s.Ctx) -> None:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return  # yaml.safe_load turns an unquoted ISO date into a date
    text = str(value).strip() if isinstance(value, str) else ""
    try:
        if re.fullmatch(r"\d{2}-\d{2}", text):
            dt.date(2000, int(text[:2]), int(text[3:]))  # 2000 is a leap year: 02-29 is allowed
            return
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            dt.date.fromisoformat(text)
            return
    except ValueError:
        pass
    ctx.fail(path, f"expected MM-DD or YYYY-MM-DD, got {value!r}")


_TEXTS = s.list_of(s.text)
_LEVELS = s.non_empty(s.mapping(values=s.mapping(required={"rank": s.at_least(0)}, optional={"aliases": _TEXTS})))
_ROUTE = s.mapping(
    required={"id": s.text, "label": s.text, "source": s.text, "confirmed": s.boolean},
    optional={"degree": s.text, "education": s.text, "holds": s.text, "years_at_title": s.at_least(1),
              "years_since_graduation": s.at_least(1), "evidence": _TEXTS, "note": s.text},
)
_TITLE = s.mapping(required={"level": s.text, "routes": s.non_empty(s.list_of(_ROUTE))}, optional={"note": s.text})
_SERIES = s.mapping(
    required={"sources": s.non_empty(_TEXTS), "ladder": s.non_empty(_TEXTS), "titles": s.non_empty(s.mapping(values=_TITLE))},
    optional={"note": s.text},
)
_SPECIAL_ROUTE = s.mapping(
    required={"id": s.text, "flag": s.one_of(*SPECIAL_FLAGS), "label": s.text, "label_en": s.text, "document": s.text,
              "confirmed": s.boolean},
    optional={"document_by_series": s.mapping(values=s.text), "note": s.text},
)
RULES_SCHEMA = s.mapping(
    required={
        "schema": s.one_of(SCHEMA), "counted_until": _month_day_or_date, "education_levels": _LEVELS, "degrees": _LEVELS,
        "profile_fields": s.mapping(required={k: s.text for k in REQUIRED_FIELD_KEYS},
                                    optional={k: s.text for k in SPECIAL_FLAGS}),
        "documents": s.mapping(values=s.mapping(required={"short": s.text, "title": s.text},
                                                optional={"evidence": _TEXTS, "note": s.text})),
        "series": s.non_empty(s.mapping(values=_SERIES)),
    },
    optional={"notice": s.text, "interpretation": _TEXTS, "interpretation_en": _TEXTS, "no_title_values": _TEXTS,
              "special_routes": s.list_of(_SPECIAL_ROUTE)},
)


def _texts(values: Any) -> tuple[str, ...]:
    return tuple(v.strip() for v in values or ())


class _Builder:
    """Builds the rules from data the schema passed, checking what holds across keys on the way."""

    def __init__(self, data: dict, file: str):
        self.data, self.file = data, file
        self.route_ids: set[str] = set()
        self.documents = set(data["documents"])
        self.education = list(data["education_levels"])
        self.degrees = list(data["degrees"])

    def fail(self, path: str, message: str) -> PackError:
        return s.fail_at(self.data, path, message, self.file)

    def levels(self, key: str) -> tuple[Level, ...]:
        levels: list[Level] = []
        seen: dict[str, str] = {}
        ranks: set[int] = set()
        for name, spec in self.data[key].items():
            p = f"{key}.{name}"
            if spec["rank"] in ranks:
                raise self.fail(f"{p}.rank", f"rank {spec['rank']} is used twice")
            ranks.add(spec["rank"])
            aliases = _texts(spec.get("aliases"))
            for spelling in (name, *aliases):
                if seen.get(spelling, name) != name:
                    raise self.fail(p, f"{spelling!r} already names {seen[spelling]!r}")
                seen[spelling] = name
            levels.append(Level(name, spec["rank"], aliases))
        return tuple(levels)

    def document(self, value: str, path: str) -> str:
        ref = value.strip()
        if ref not in self.documents:
            raise self.fail(path, f"unknown document {ref!r} (documents: {', '.join(sorted(self.documents))})")
        return ref

    def level_name(self, r: dict, key: str, rp: str, known: list[str], plural: str) -> str | None:
        value = r[key].strip() if key in r else None
        if value is not None and value not in known:
            raise self.fail(f"{rp}.{key}", f"unknown {key} {value!r} ({plural}: {', '.join(known)})")
        return value

    def route(self, r: dict, rp: str, s_name: str, t_name: str, below: str | None) -> Route:
        rid = r["id"].strip()
        if rid in self.route_ids:
            raise self.fail(f"{rp}.id", f"route id {rid!r} is used twice")
        self.route_ids.add(rid)
        degree = self.level_name(r, "degree", rp, self.degrees, "degrees")
        education = self.level_name(r, "education", rp, self.education, "education_levels")
        if degree is None and education is None:
            raise self.fail(rp, "a route needs a degree, an education, or both")
        holds = r["holds"].strip() if "holds" in r else None
        # The notice's rule "the current title must be the level below" is checked here once,
        # so the decision can trust every route.
        if holds is not None and holds != below:
            raise self.fail(f"{rp}.holds", f"must be the title directly below {t_name} on the ladder ({below})")
        if "years_at_title" in r and holds is None:
            raise self.fail(f"{rp}.years_at_title", "years at a title need `holds`")
        note = r.get("note", "").strip()
        if not r["confirmed"] and not note:
            raise self.fail(f"{rp}.note", "an unconfirmed route must say why in a note")
        return Route(rid, r["label"].strip(), s_name, t_name, degree, education, holds, r.get("years_at_title"),
                     r.get("years_since_graduation"), self.document(r["source"], f"{rp}.source"), r["confirmed"],
                     _texts(r.get("evidence")), note)

    def title(self, t_name: str, t_spec: dict, sp: str, ladder: tuple[str, ...], s_name: str) -> TitleRule:
        tp = f"{sp}.titles.{t_name}"
        if t_name not in ladder:
            raise self.fail(tp, f"title is not on the ladder ({', '.join(ladder)})")
        below = ladder[ladder.index(t_name) - 1] if ladder.index(t_name) > 0 else None
        routes = tuple(self.route(r, f"{tp}.routes[{i}]", s_name, t_name, below) for i, r in enumerate(t_spec["routes"]))
        return TitleRule(t_name, t_spec["level"].strip(), routes, t_spec.get("note", "").strip())

    def series(self, s_name: str, s_spec: dict) -> SeriesRule:
        sp = f"series.{s_name}"
        sources = tuple(self.document(v, f"{sp}.sources[{i}]") for i, v in enumerate(s_spec["sources"]))
        ladder = _texts(s_spec["ladder"])
        if len(set(ladder)) != len(ladder):
            raise self.fail(f"{sp}.ladder", "a title appears twice")
        titles = sorted((self.title(t_name, t_spec, sp, ladder, s_name) for t_name, t_spec in s_spec["titles"].items()),
                        key=lambda t: ladder.index(t.name))
        return SeriesRule(s_name, sources, ladder, tuple(titles), s_spec.get("note", "").strip())

    def special_route(self, i: int, spec: dict) -> SpecialRoute:
        p = f"special_routes[{i}]"
        by_series = spec.get("document_by_series", {})
        for s_name in by_series:
            if s_name not in self.data["series"]:
                raise self.fail(f"{p}.document_by_series.{s_name}", "unknown series")
        return SpecialRoute(
            spec["id"].strip(), spec["flag"], spec["label"].strip(), spec["label_en"].strip(),
            self.document(spec["document"], f"{p}.document"),
            tuple((k, self.document(v, f"{p}.document_by_series.{k}")) for k, v in by_series.items()),
            spec["confirmed"], spec.get("note", "").strip(),
        )


def load_rules(data: Any, file: str = "eligibility.yaml") -> EligibilityRules:
    """The validated rules of a parsed eligibility.yaml; PackError (file, line, key path, message) when bad."""
    s.validate(data, RULES_SCHEMA, file)
    build = _Builder(data, file)
    education_levels, degrees = build.levels("education_levels"), build.levels("degrees")
    documents = tuple(Document(doc_id, d["short"].strip(), d["title"].strip(), _texts(d.get("evidence")),
                               d.get("note", "").strip()) for doc_id, d in data["documents"].items())
    series = tuple(build.series(s_name, s_spec) for s_name, s_spec in data["series"].items())
    specials = tuple(build.special_route(i, spec) for i, spec in enumerate(data.get("special_routes", [])))
    counted_until = data["counted_until"]
    pf = data["profile_fields"]
    return EligibilityRules(
        counted_until=counted_until.isoformat() if isinstance(counted_until, dt.date) else counted_until.strip(),
        education_levels=education_levels, degrees=degrees,
        profile_fields=tuple((k, pf[k].strip()) for k in FIELD_KEYS if k in pf),
        documents=documents, series=series, special_routes=specials,
        notice=data.get("notice", "").strip(),
        interpretation=_texts(data.get("interpretation")),
        interpretation_en=_texts(data.get("interpretation_en")),
        no_title_values=_texts(data.get("no_title_values")),
    )
