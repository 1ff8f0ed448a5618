"""Eligibility (申报资格): may this applicant apply for this title at all?

The rules pack's `eligibility.yaml` lists, per series and target title, the routes to that title:
the education or degree a route asks for, the title one must hold now (none for 初定), and the
years required at that title or since graduation. This module validates that YAML (`load_rules`)
and decides one applicant (`evaluate`). It does no I/O: the caller passes the parsed YAML.

Counting convention (the README copies these two sentences):

资历按整年整月计算：现任职称取得时间和毕业时间只记到月，一律从该月1日起算，计算到截止日（默认为通知年度
12月31日，规则包也可写具体日期），两者之差用 python-dateutil 的 relativedelta 取整年整月，不足一个月的天数
舍去，整月数不少于 N×12 即为“满N年”。例如2016年12月取得、计算到2021年12月31日为5年0个月，满5年；2017年1月
取得则为4年11个月，差1个月。

Seniority is counted in whole years and months: the month a title was obtained (or of graduation)
counts from its 1st day, up to and including the counting date (31 December of the notice year unless
the pack gives a full date); the difference is taken with dateutil's relativedelta, leftover days are
dropped, and "N years" is met when the whole months reach N×12. E.g. obtained 2016-12 and counted to
2021-12-31 gives 5 years 0 months (met); obtained 2017-01 gives 4 years 11 months (one month short).

Because profiles only give the month, counting from the 1st favours the applicant by less than a month
when the counting date falls mid-month (a pack that counts to a deadline such as 2021-10-10).

How education and degree are matched is written in the YAML's `interpretation` list: routes are
"at least" a level; a clause naming a degree is matched on 学位, one naming education on 学历, one
naming either on either; a 博士学位 holder counts as 博士 whatever the 学历.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace
from typing import Any

from dateutil.relativedelta import relativedelta

STATUSES = ("eligible", "ineligible", "needs-review", "profile-error")
SCHEMA = "zccheck.eligibility/1"

# Query attributes a special route may be switched on by; each is an optional bool on EligibilityQuery.
SPECIAL_FLAGS = ("high_skill", "fhj", "exceptional")
# Profile fields the outcome may name as missing; the pack gives their Chinese keys.
_REQUIRED_FIELD_KEYS = ("series", "title", "current_title", "current_title_since", "education", "degree", "graduated")
_FIELD_KEYS = _REQUIRED_FIELD_KEYS + SPECIAL_FLAGS


@dataclass(frozen=True)
class YearMonth:
    year: int
    month: int

    def __post_init__(self) -> None:
        # A bad month would only surface later as a confusing date error inside the arithmetic.
        if not isinstance(self.year, int) or not 1900 <= self.year <= 2200:
            raise ValueError(f"year out of range: {self.year!r}")
        if not isinstance(self.month, int) or not 1 <= self.month <= 12:
            raise ValueError(f"month out of range: {self.month!r}")

    @classmethod
    def parse(cls, text: str) -> YearMonth:
        """Read the ways people write a month: 2016-12, 2016.12, 2016/12, 2016年12月, 2016-12-05 (day ignored)."""
        m = re.fullmatch(r"\s*(\d{4})\s*[-./年]\s*(\d{1,2})\s*(?:月)?(?:\s*[-./]?\s*\d{1,2}\s*日?)?\s*", str(text))
        if not m:
            raise ValueError(f"not a year and month: {text!r}")
        return cls(int(m.group(1)), int(m.group(2)))

    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month, 1)

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"


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
        return _lookup(self.education_levels, value)

    def degree(self, value: str | None) -> Level | None:
        return _lookup(self.degrees, value)


def _lookup(levels: tuple[Level, ...], value: str | None) -> Level | None:
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


def load_rules(data: dict) -> EligibilityRules:
    top = _mapping(data, "", required=("schema", "counted_until", "education_levels", "degrees",
                                       "profile_fields", "documents", "series"),
                   optional=("notice", "interpretation", "interpretation_en", "no_title_values", "special_routes"))
    if top["schema"] != SCHEMA:
        raise EligibilityRulesError("schema", f"expected {SCHEMA!r}, got {top['schema']!r}")
    counted_until = _counted_until(top["counted_until"], "counted_until")
    education_levels = _levels(top["education_levels"], "education_levels")
    degrees = _levels(top["degrees"], "degrees")

    pf = _mapping(top["profile_fields"], "profile_fields", required=_REQUIRED_FIELD_KEYS, optional=SPECIAL_FLAGS)
    profile_fields = tuple((k, _string(pf[k], _join("profile_fields", k))) for k in _FIELD_KEYS if k in pf)

    docs_m = _mapping(top["documents"], "documents")
    documents: list[Document] = []
    for doc_id, spec in docs_m.items():
        p = _join("documents", doc_id)
        spec = _mapping(spec, p, required=("short", "title"), optional=("evidence", "note"))
        documents.append(Document(
            doc_id, _string(spec["short"], _join(p, "short")), _string(spec["title"], _join(p, "title")),
            _strings(spec.get("evidence", []), _join(p, "evidence")),
            _string(spec["note"], _join(p, "note")) if "note" in spec else "",
        ))
    doc_ids = {d.id for d in documents}

    def doc_ref(value: Any, path: str) -> str:
        ref = _string(value, path)
        if ref not in doc_ids:
            raise EligibilityRulesError(path, f"unknown document {ref!r} (documents: {', '.join(sorted(doc_ids))})")
        return ref

    edu_names = {lv.name for lv in education_levels}
    deg_names = {lv.name for lv in degrees}
    route_ids: set[str] = set()
    series_m = _mapping(top["series"], "series")
    if not series_m:
        raise EligibilityRulesError("series", "must not be empty")
    series: list[SeriesRule] = []
    for s_name, s_spec in series_m.items():
        sp = _join("series", s_name)
        s_spec = _mapping(s_spec, sp, required=("sources", "ladder", "titles"), optional=("note",))
        source_list = _strings(s_spec["sources"], _join(sp, "sources"), non_empty=True)
        sources = tuple(doc_ref(v, f"{sp}.sources[{i}]") for i, v in enumerate(source_list))
        ladder = _strings(s_spec["ladder"], _join(sp, "ladder"), non_empty=True)
        if len(set(ladder)) != len(ladder):
            raise EligibilityRulesError(_join(sp, "ladder"), "a title appears twice")
        titles_m = _mapping(s_spec["titles"], _join(sp, "titles"))
        if not titles_m:
            raise EligibilityRulesError(_join(sp, "titles"), "must not be empty")
        titles: list[TitleRule] = []
        for t_name, t_spec in titles_m.items():
            tp = f"{sp}.titles.{t_name}"
            if t_name not in ladder:
                raise EligibilityRulesError(tp, f"title is not on the ladder ({', '.join(ladder)})")
            below = ladder[ladder.index(t_name) - 1] if ladder.index(t_name) > 0 else None
            t_spec = _mapping(t_spec, tp, required=("level", "routes"), optional=("note",))
            if not isinstance(t_spec["routes"], list) or not t_spec["routes"]:
                raise EligibilityRulesError(_join(tp, "routes"), "expected a non-empty list of routes")
            routes: list[Route] = []
            for i, r_spec in enumerate(t_spec["routes"]):
                rp = f"{tp}.routes[{i}]"
                r = _mapping(r_spec, rp, required=("id", "label", "source", "confirmed"),
                             optional=("degree", "education", "holds", "years_at_title", "years_since_graduation",
                                       "evidence", "note"))
                rid = _string(r["id"], _join(rp, "id"))
                if rid in route_ids:
                    raise EligibilityRulesError(_join(rp, "id"), f"route id {rid!r} is used twice")
                route_ids.add(rid)
                degree = _string(r["degree"], _join(rp, "degree")) if "degree" in r else None
                if degree is not None and degree not in deg_names:
                    raise EligibilityRulesError(_join(rp, "degree"),
                                                f"unknown degree {degree!r} (degrees: {', '.join(deg_names)})")
                education = _string(r["education"], _join(rp, "education")) if "education" in r else None
                if education is not None and education not in edu_names:
                    raise EligibilityRulesError(
                        _join(rp, "education"),
                        f"unknown education {education!r} (education_levels: {', '.join(edu_names)})")
                if degree is None and education is None:
                    raise EligibilityRulesError(rp, "a route needs a degree, an education, or both")
                holds = r.get("holds")
                if holds is not None:
                    holds = _string(holds, _join(rp, "holds"))
                    # The notice's rule "the current title must be the level below" is checked here once,
                    # so evaluate() can trust every route.
                    if holds != below:
                        raise EligibilityRulesError(
                            _join(rp, "holds"), f"must be the title directly below {t_name} on the ladder ({below})")
                years_at = _int(r["years_at_title"], _join(rp, "years_at_title"), 1) if "years_at_title" in r else None
                if years_at is not None and holds is None:
                    raise EligibilityRulesError(_join(rp, "years_at_title"), "years at a title need `holds`")
                years_grad = (_int(r["years_since_graduation"], _join(rp, "years_since_graduation"), 1)
                              if "years_since_graduation" in r else None)
                confirmed = _bool(r["confirmed"], _join(rp, "confirmed"))
                note = _string(r["note"], _join(rp, "note")) if "note" in r else ""
                if not confirmed and not note:
                    raise EligibilityRulesError(_join(rp, "note"), "an unconfirmed route must say why in a note")
                routes.append(Route(
                    rid, _string(r["label"], _join(rp, "label")), s_name, t_name, degree, education, holds,
                    years_at, years_grad, doc_ref(r["source"], _join(rp, "source")), confirmed,
                    _strings(r.get("evidence", []), _join(rp, "evidence")), note,
                ))
            titles.append(TitleRule(t_name, _string(t_spec["level"], _join(tp, "level")), tuple(routes),
                                    _string(t_spec["note"], _join(tp, "note")) if "note" in t_spec else ""))
        titles.sort(key=lambda t: ladder.index(t.name))
        series.append(SeriesRule(s_name, sources, ladder, tuple(titles),
                                 _string(s_spec["note"], _join(sp, "note")) if "note" in s_spec else ""))

    specials: list[SpecialRoute] = []
    raw_specials = top.get("special_routes", [])
    if not isinstance(raw_specials, list):
        raise EligibilityRulesError("special_routes", f"expected a list, got {type(raw_specials).__name__}")
    for i, spec in enumerate(raw_specials):
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
        specials.append(SpecialRoute(
            _string(spec["id"], _join(p, "id")), flag, _string(spec["label"], _join(p, "label")),
            _string(spec["label_en"], _join(p, "label_en")), doc_ref(spec["document"], _join(p, "document")),
            tuple((k, doc_ref(v, _join(_join(p, "document_by_series"), k))) for k, v in by_series.items()),
            _bool(spec["confirmed"], _join(p, "confirmed")),
            _string(spec["note"], _join(p, "note")) if "note" in spec else "",
        ))

    return EligibilityRules(
        counted_until=counted_until, education_levels=education_levels, degrees=degrees,
        profile_fields=profile_fields, documents=tuple(documents), series=tuple(series),
        special_routes=tuple(specials),
        notice=_string(top["notice"], "notice") if "notice" in top else "",
        interpretation=_strings(top.get("interpretation", []), "interpretation"),
        interpretation_en=_strings(top.get("interpretation_en", []), "interpretation_en"),
        no_title_values=_strings(top.get("no_title_values", []), "no_title_values"),
    )


# --- evaluation ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class EligibilityQuery:
    series: str | None
    title: str | None
    current_title: str | None
    current_title_since: YearMonth | None
    education: str | None
    degree: str | None
    graduated: YearMonth | None
    high_skill: bool | None = None  # 高技能人才 贯通
    fhj: bool | None = None  # 访惠聚 驻村
    notice_year: int = 2021
    exceptional: bool | None = None  # 破格: the applicant asks the committee to waive the years


@dataclass(frozen=True)
class EligibilityOutcome:
    status: str  # "eligible" | "ineligible" | "needs-review" | "profile-error"
    route: str | None
    required_years: int | None
    actual_years: int | None
    actual_months: int | None
    counted_until: str | None
    counted_from: str | None
    reason_zh: str
    reason_en: str
    missing_fields: tuple[str, ...] = ()
    documents: tuple[str, ...] = ()
    valid_values: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Span:
    """One years requirement of a route, measured."""

    kind: str  # "title" | "graduation"
    required: int
    start: YearMonth
    years: int
    months: int

    @property
    def shortfall(self) -> int:  # months still missing; <= 0 when met
        return self.required * 12 - (self.years * 12 + self.months)


@dataclass(frozen=True)
class _Tried:
    route: Route
    state: str  # met | short | unqualified | unknown
    spans: tuple[_Span, ...] = ()
    missing: tuple[str, ...] = ()  # field keys

    @property
    def binding(self) -> _Span | None:
        """The span that decides: the one furthest from being met (for a met route, the tightest)."""
        return max(self.spans, key=lambda s: s.shortfall) if self.spans else None


def _ym_zh(years: int, months: int) -> str:
    return f"{years}年{months}个月"


def _months_en(months: int) -> str:
    return f"{months} month{'s' if months != 1 else ''}"


def _ym_en(years: int, months: int) -> str:
    return f"{years} year{'s' if years != 1 else ''} {_months_en(months)}"


def _measure(start: YearMonth, until: dt.date) -> tuple[int, int]:
    rd = relativedelta(until, start.first_day())
    return rd.years, rd.months


def _qualification(rules: EligibilityRules, route: Route, q: EligibilityQuery) -> tuple[bool, list[str]]:
    """Whether education or degree opens the route, and which blank fields could still open it."""
    edu, deg = rules.education(q.education), rules.degree(q.degree)
    need_deg = rules.degree(route.degree) if route.degree else None
    need_edu = rules.education(route.education) if route.education else None
    if (need_deg and deg and deg.rank >= need_deg.rank) or (need_edu and edu and edu.rank >= need_edu.rank):
        return True, []
    missing = []
    if need_deg and deg is None:
        missing.append("degree")
    if need_edu and edu is None:
        missing.append("education")
    return False, missing


def _try(rules: EligibilityRules, route: Route, q: EligibilityQuery, until: dt.date, current: str | None,
         no_title: bool) -> _Tried:
    qualified, missing = _qualification(rules, route, q)
    if not qualified and not missing:
        return _Tried(route, "unqualified")  # the route asks for more education than is on file
    if route.holds is not None:
        if no_title or (current is not None and current != route.holds):
            return _Tried(route, "unqualified")
        if current is None:
            missing.append("current_title")
    spans: list[_Span] = []
    if route.years_at_title is not None:
        if q.current_title_since is None:
            missing.append("current_title_since")
        else:
            spans.append(_Span("title", route.years_at_title, q.current_title_since, *_measure(q.current_title_since, until)))
    if route.years_since_graduation is not None:
        if q.graduated is None:
            missing.append("graduated")
        else:
            spans.append(_Span("graduation", route.years_since_graduation, q.graduated, *_measure(q.graduated, until)))
    if missing:
        return _Tried(route, "unknown", tuple(spans), tuple(dict.fromkeys(missing)))
    met = all(s.shortfall <= 0 for s in spans)
    return _Tried(route, "met" if met else "short", tuple(spans))


def _span_text(route: Route, s: _Span, until: dt.date) -> tuple[str, str]:
    """The arithmetic of one span, zh and en, e.g. 自2017-01起算至2021-12-31为4年11个月."""
    since_zh = f"取得{route.holds}职称" if s.kind == "title" else "毕业"
    since_en = f"obtaining {route.holds}" if s.kind == "title" else "graduation"
    zh = f"{since_zh}后须满{s.required}年，自{s.start}起算至{until.isoformat()}为{_ym_zh(s.years, s.months)}"
    en = (f"{s.required} year{'s' if s.required != 1 else ''} required after {since_en}; from {s.start} to {until.isoformat()} "
          f"is {_ym_en(s.years, s.months)}")
    if s.shortfall > 0:
        short_y, short_m = divmod(s.shortfall, 12)
        zh += f"，尚差{_ym_zh(short_y, short_m) if short_y else f'{short_m}个月'}"
        en += f", {_ym_en(short_y, short_m) if short_y else _months_en(short_m)} short"
    else:
        zh += "，已满"
        en += ", met"
    return zh, en


def _route_outcome(rules: EligibilityRules, t: _Tried, status: str, until: dt.date, lead_zh: str, lead_en: str,
                   *, missing: tuple[str, ...] = ()) -> EligibilityOutcome:
    b = t.binding
    parts = [_span_text(t.route, s, until) for s in t.spans]
    if parts:
        detail_zh = "；".join(p[0] for p in parts)
        detail_en = "; ".join(p[1] for p in parts)
    else:
        detail_zh, detail_en = "可直接初定，无年限要求", "first determination (初定), no years required"
    return EligibilityOutcome(
        status=status, route=t.route.label,
        required_years=b.required if b else None,
        actual_years=b.years if b else None, actual_months=b.months if b else None,
        counted_until=until.isoformat(), counted_from=str(b.start) if b else None,
        reason_zh=f"{lead_zh}「{t.route.label}」：{detail_zh}。",
        reason_en=f"{lead_en} '{t.route.label}': {detail_en}.",
        missing_fields=tuple(rules.field_label(k) for k in missing),
        documents=(rules.document(t.route.source).short,),
    )


def _profile_error(zh: str, en: str, valid: tuple[str, ...] | list[str], until: dt.date | None = None) -> EligibilityOutcome:
    return EligibilityOutcome("profile-error", None, None, None, None, until.isoformat() if until else None, None,
                              zh, en, valid_values=tuple(valid))


def _needs(rules: EligibilityRules, keys: tuple[str, ...], zh: str, en: str, until: dt.date,
           valid: tuple[str, ...] = ()) -> EligibilityOutcome:
    return EligibilityOutcome("needs-review", None, None, None, None, until.isoformat(), None, zh, en,
                              missing_fields=tuple(rules.field_label(k) for k in keys), valid_values=valid)


def _ordinary(rules: EligibilityRules, q: EligibilityQuery, until: dt.date) -> EligibilityOutcome:
    lbl = rules.field_label
    if q.series is None or not q.series.strip():
        return _needs(rules, ("series",), f"未填{lbl('series')}，无法判断申报资格。",
                      "The series is not given, so eligibility cannot be decided.", until, tuple(series_names(rules)))
    s = rules.series_rule(q.series.strip())
    if s is None:
        valid = series_names(rules)
        return _profile_error(f"{lbl('series')}「{q.series}」不在本次评审范围内，可选：{'、'.join(valid)}。",
                              f"Series '{q.series}' is not reviewed under this notice; valid: {', '.join(valid)}.", valid, until)
    valid_titles = titles_of(rules, s.name)
    if q.title is None or not q.title.strip():
        return _needs(rules, ("title",), f"未填{lbl('title')}，无法判断申报资格。",
                      "The title applied for is not given, so eligibility cannot be decided.", until, tuple(valid_titles))
    t = s.title(q.title.strip())
    if t is None:
        other = next((o.name for o in rules.series if o.title(q.title.strip())), None)
        hint_zh = f"（「{q.title}」属于{other}系列）" if other else ""
        hint_en = f" ('{q.title}' belongs to the {other} series)" if other else ""
        return _profile_error(
            f"{s.name}系列没有「{q.title}」{hint_zh}，可申报：{'、'.join(valid_titles)}。",
            f"The {s.name} series has no title '{q.title}'{hint_en}; valid: {', '.join(valid_titles)}.", valid_titles, until)

    for key, value, levels in (("education", q.education, rules.education_levels), ("degree", q.degree, rules.degrees)):
        if value is not None and _lookup(levels, value) is None:
            valid = [lv.name for lv in sorted(levels, key=lambda lv: -lv.rank)]
            return _profile_error(f"{lbl(key)}「{value}」无法识别，可填：{'、'.join(valid)}。",
                                  f"{lbl(key)} '{value}' is not recognised; valid: {', '.join(valid)}.", valid, until)
    for key, ym in (("current_title_since", q.current_title_since), ("graduated", q.graduated)):
        if ym is not None and ym.first_day() > until:
            return _profile_error(f"{lbl(key)} {ym} 晚于资历计算截止日 {until.isoformat()}，请核对。",
                                  f"{lbl(key)} {ym} is after the counting date {until.isoformat()}; check it.", (), until)

    # The current title must be the level directly below (the YAML guarantees every `holds` is).
    needed = tuple(dict.fromkeys(r.holds for r in t.routes if r.holds))
    current = q.current_title.strip() if q.current_title and q.current_title.strip() else None
    no_title = current in rules.no_title_values  # "无": the applicant holds no title yet
    if no_title:
        current = None
    routes = t.routes
    title_mismatch = bool(needed and ((current and current not in needed) or no_title))
    if current is None and not no_title and needed and any(
            r.holds is None and _qualification(rules, r, q)[0] for r in t.routes):
        # A blank current title next to a route that needs none (e.g. a new graduate's 初定) means
        # "no title yet"; asking for it would only add noise.
        no_title = True
    if current and current in s.ladder and s.ladder.index(current) >= s.ladder.index(t.name):
        # Already at or above the target: applying for it again is a profile mistake, whatever the routes.
        return _profile_error(
            f"现任职称「{current}」不低于申报职称「{t.name}」；申报「{t.name}」须现任「{'」或「'.join(needed) or '（无，初定）'}」。",
            f"The current title '{current}' is not below '{t.name}'; applying for '{t.name}' needs "
            f"'{' or '.join(needed) or 'none (first determination)'}'.", needed, until)
    if title_mismatch:
        # Only the 初定 routes (no title needed) remain; if none of them is met it is a profile error.
        routes = tuple(r for r in t.routes if r.holds is None)

    tried = [_try(rules, r, q, until, current, no_title) for r in routes]
    met = [x for x in tried if x.state == "met"]
    if met:
        # Most favourable: a route without years first, then the widest margin.
        best = min(met, key=lambda x: (bool(x.spans), x.binding.shortfall if x.binding else 0))
        return _route_outcome(rules, best, "eligible", until, "符合", "Meets")
    if title_mismatch:
        held_zh, held_en = (f"现任「{current}」不符", f"the current title '{current}' does not fit") if current else (
            "申报信息填写无现任职称", "the profile says no title is held")
        return _profile_error(
            f"申报「{t.name}」须现任下一级职称「{'」或「'.join(needed)}」，{held_zh}。",
            f"Applying for '{t.name}' needs the level directly below ('{' or '.join(needed)}'); {held_en}.",
            needed, until)

    unknown = [x for x in tried if x.state == "unknown"]
    short = [x for x in tried if x.state == "short"]
    if unknown:
        keys = tuple(k for k in _FIELD_KEYS if any(k in x.missing for x in unknown))
        names = "、".join(lbl(k) for k in keys)
        zh = f"缺少{names}，无法判断是否符合申报「{t.name}」的学历资历条件。"
        en = f"Missing {', '.join(lbl(k) for k in keys)}: cannot decide the education and years conditions for '{t.name}'."
        if short:
            best = min(short, key=lambda x: x.binding.shortfall)
            o = _route_outcome(rules, best, "needs-review", until, "按已填信息不符合", "On the data given, does not meet",
                               missing=keys)
            return replace(o, reason_zh=zh + o.reason_zh, reason_en=en + " " + o.reason_en)
        docs = tuple(dict.fromkeys(rules.document(x.route.source).short for x in unknown))
        return EligibilityOutcome("needs-review", None, None, None, None, until.isoformat(), None, zh, en,
                                  missing_fields=tuple(lbl(k) for k in keys), documents=docs)
    if short:
        best = min(short, key=lambda x: x.binding.shortfall)
        return _route_outcome(rules, best, "ineligible", until, "资历不足，不符合", "Not enough years for")

    # Every route asks for more education or degree than the applicant has.
    labels = tuple(r.label for r in t.routes)
    given_zh = "、".join(f"{lbl(k)}「{v}」" for k, v in (("education", q.education), ("degree", q.degree)) if v)
    given_en = ", ".join(f"{lbl(k)} '{v}'" for k, v in (("education", q.education), ("degree", q.degree)) if v)
    docs = tuple(dict.fromkeys(rules.document(r.source).short for r in t.routes))
    return EligibilityOutcome(
        "ineligible", None, None, None, None, until.isoformat(), None,
        f"{given_zh}不符合申报「{t.name}」任何一条学历资历路线：{'；'.join(labels)}。",
        f"{given_en} fits none of the routes to '{t.name}': {'; '.join(labels)}.",
        documents=docs, valid_values=labels,
    )


def evaluate(rules: EligibilityRules, q: EligibilityQuery) -> EligibilityOutcome:
    until = rules.counted_until_date(q.notice_year)
    base = _ordinary(rules, q, until)
    specials = [sr for sr in rules.special_routes if getattr(q, sr.flag, None) is True]
    if not specials or base.status == "profile-error":
        return base
    # A special route is for the committee to judge; we still say how the ordinary route came out.
    docs = [rules.document(sr.document_for(q.series.strip() if q.series else None)) for sr in specials]
    named_zh = "；".join(f"{sr.label}，适用《{d.title}》（{d.short}）" for sr, d in zip(specials, docs))
    named_en = "; ".join(f"{sr.label_en}, under {d.short}" for sr, d in zip(specials, docs))
    verdict_zh = {"eligible": "按普通条件已符合", "ineligible": "按普通条件不符合",
                  "needs-review": "按普通条件尚无法判断"}[base.status]
    verdict_en = {"eligible": "the ordinary route is met", "ineligible": "the ordinary route is not met",
                  "needs-review": "the ordinary route cannot be decided yet"}[base.status]
    return EligibilityOutcome(
        status="needs-review", route=base.route, required_years=base.required_years,
        actual_years=base.actual_years, actual_months=base.actual_months,
        counted_until=base.counted_until, counted_from=base.counted_from,
        reason_zh=f"特殊通道须评委会认定：{named_zh}。{verdict_zh}：{base.reason_zh}",
        reason_en=f"A special route needs the committee's judgement: {named_en}. {verdict_en[0].upper()}{verdict_en[1:]}: {base.reason_en}",
        missing_fields=base.missing_fields,
        documents=tuple(dict.fromkeys((*base.documents, *(d.short for d in docs)))),
        valid_values=base.valid_values,
    )
