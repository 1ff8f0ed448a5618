"""Eligibility (申报资格): may this applicant apply for this title at all? A check like the others:
`evaluate` decides one applicant against the pack's rules (zccheck.pack.eligibility, validated when the
pack loads) and is pure — no I/O, no clock; `eligibility_findings` turns the outcome into a finding. An outcome carries
its reason as data (phrase keys of zccheck.codes.PHRASES with their arguments); the report words it
(zccheck.report.messages.eligibility_reason).

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

Passing: 副研究员 from 助理研究员 obtained 2016-06 with 硕士 (5 years 6 months to 2021-12-31).
Failing: 助理研究员 obtained 2017-01 (4 years 11 months: ZC601); 现任职称 研究实习员 (not the level directly
below: ZC603). Needs-review (ZC602): 现任职称取得时间 not filled in; 访惠聚: 是 (a special route the
committee judges).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Any, Literal, get_args

from dateutil.relativedelta import relativedelta

from zccheck.content.year_month import YearMonth
from zccheck.models import Finding, finding
from zccheck.pack.eligibility import (
    FIELD_KEYS, EligibilityRules, Route, SeriesRule, TitleRule, lookup_level, series_names, titles_of,
)
from zccheck.pack.model import Pack
from zccheck.profile import Profile

EligibilityStatus = Literal["eligible", "ineligible", "needs-review", "profile-error"]
STATUSES: tuple[EligibilityStatus, ...] = get_args(EligibilityStatus)


# --- the decision ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class EligibilityQuery:
    series: str | None
    title: str | None
    current_title: str | None
    current_title_since: YearMonth | None
    education: str | None
    degree: str | None
    graduated: YearMonth | None
    notice_year: int  # the pack's review year: counted_until "MM-DD" is of this year
    high_skill: bool | None = None  # 高技能人才 贯通
    fhj: bool | None = None  # 访惠聚 驻村
    exceptional: bool | None = None  # 破格: the applicant asks the committee to waive the years
    # Fields filled in as "none" (学位: 无): known to be empty, unlike fields nobody filled in.
    stated_none: frozenset[str] = frozenset()


# Why, as data: phrase keys of zccheck.codes.PHRASES with their arguments (ids, values, numbers), worded
# when reporting. One segment per sentence, in order.
Segment = tuple[str, tuple[tuple[str, Any], ...]]
Reason = tuple[Segment, ...]


def _say(key: str, **args: Any) -> Segment:
    return key, tuple(sorted(args.items()))


@dataclass(frozen=True)
class EligibilityOutcome:
    status: EligibilityStatus
    route: str | None  # the route's label in the pack
    required_years: int | None
    actual_years: int | None
    actual_months: int | None
    counted_until: str | None
    counted_from: str | None
    reason: Reason
    missing_fields: tuple[str, ...] = ()
    documents: tuple[str, ...] = ()
    valid_values: tuple[str, ...] = ()
    route_id: str | None = None


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
    if need_deg and deg is None and "degree" not in q.stated_none:
        missing.append("degree")
    if need_edu and edu is None and "education" not in q.stated_none:
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


def _route_outcome(rules: EligibilityRules, t: _Tried, status: EligibilityStatus, until: dt.date, lead: str,
                   *, missing: tuple[str, ...] = ()) -> EligibilityOutcome:
    """`lead`: how the route came out (lead:meets, lead:short, lead:short-on-given); each span's arithmetic
    as (kind, years required, counted from, whole years, months)."""
    b = t.binding
    spans = tuple((s.kind, s.required, str(s.start), s.years, s.months) for s in t.spans)
    return EligibilityOutcome(
        status=status, route=t.route.label,
        required_years=b.required if b else None,
        actual_years=b.years if b else None, actual_months=b.months if b else None,
        counted_until=until.isoformat(), counted_from=str(b.start) if b else None,
        reason=(_say("el-route", lead=lead, route=t.route.id, spans=spans, until=until.isoformat()),),
        missing_fields=tuple(rules.field_label(k) for k in missing),
        documents=(rules.document(t.route.source).short,),
        route_id=t.route.id,
    )


def _profile_error(reason: Segment, valid: tuple[str, ...] | list[str], until: dt.date | None = None) -> EligibilityOutcome:
    return EligibilityOutcome("profile-error", None, None, None, None, until.isoformat() if until else None, None,
                              (reason,), valid_values=tuple(valid))


def _needs(rules: EligibilityRules, keys: tuple[str, ...], reason: Segment, until: dt.date,
           valid: tuple[str, ...] = ()) -> EligibilityOutcome:
    return EligibilityOutcome("needs-review", None, None, None, None, until.isoformat(), None, (reason,),
                              missing_fields=tuple(rules.field_label(k) for k in keys), valid_values=valid)


def _target(rules: EligibilityRules, q: EligibilityQuery, until: dt.date
            ) -> tuple[SeriesRule, TitleRule] | EligibilityOutcome:
    """The series and title applied for, or the outcome saying why they are not known."""
    if q.series is None or not q.series.strip():
        return _needs(rules, ("series",), _say("el-series-missing", field="series"), until, tuple(series_names(rules)))
    s = rules.series_rule(q.series.strip())
    if s is None:
        valid = series_names(rules)
        return _profile_error(_say("el-series-unknown", field="series", series=q.series, valid=tuple(valid)), valid, until)
    valid_titles = titles_of(rules, s.name)
    if q.title is None or not q.title.strip():
        return _needs(rules, ("title",), _say("el-title-missing", field="title"), until, tuple(valid_titles))
    t = s.title(q.title.strip())
    if t is None:
        other = next((o.name for o in rules.series if o.title(q.title.strip())), None)
        reason = (_say("el-title-other-series", series=s.name, title=q.title, other=other, valid=tuple(valid_titles))
                  if other else _say("el-title-unknown", series=s.name, title=q.title, valid=tuple(valid_titles)))
        return _profile_error(reason, valid_titles, until)
    return s, t


def _value_error(rules: EligibilityRules, q: EligibilityQuery, until: dt.date) -> EligibilityOutcome | None:
    """An education or degree nobody recognises, or a month after the counting date: a profile error."""
    for key, value, levels in (("education", q.education, rules.education_levels), ("degree", q.degree, rules.degrees)):
        if value is not None and lookup_level(levels, value) is None:
            valid = [lv.name for lv in sorted(levels, key=lambda lv: -lv.rank)]
            return _profile_error(_say("el-value-unknown", field=key, value=value, valid=tuple(valid)), valid, until)
    for key, ym in (("current_title_since", q.current_title_since), ("graduated", q.graduated)):
        if ym is not None and ym.first_day() > until:
            return _profile_error(_say("el-date-after", field=key, value=str(ym), until=until.isoformat()), (), until)
    return None


def _shortfall(x: _Tried) -> int:
    return x.binding.shortfall if x.binding else 0


def _ordinary(rules: EligibilityRules, q: EligibilityQuery, until: dt.date) -> EligibilityOutcome:
    target = _target(rules, q, until)
    if isinstance(target, EligibilityOutcome):
        return target
    s, t = target
    error = _value_error(rules, q, until)
    if error is not None:
        return error

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
        return _profile_error(_say("el-not-below", current=current, title=t.name, needed=needed), needed, until)
    if title_mismatch:
        # Only the 初定 routes (no title needed) remain; if none of them is met it is a profile error.
        routes = tuple(r for r in t.routes if r.holds is None)

    tried = [_try(rules, r, q, until, current, no_title) for r in routes]
    met = [x for x in tried if x.state == "met"]
    if met:
        # Most favourable: a route without years first, then the widest margin.
        best = min(met, key=lambda x: (bool(x.spans), _shortfall(x)))
        return _route_outcome(rules, best, "eligible", until, "meets")
    if title_mismatch:
        reason = (_say("el-below-not-held", title=t.name, needed=needed, current=current) if current
                  else _say("el-below-none-held", title=t.name, needed=needed))
        return _profile_error(reason, needed, until)
    return _not_met(rules, q, t, tried, until)


def _not_met(rules: EligibilityRules, q: EligibilityQuery, t: TitleRule, tried: list[_Tried],
             until: dt.date) -> EligibilityOutcome:
    """No route is met: undecided for want of data, short of years, or no route fits the education."""
    unknown = [x for x in tried if x.state == "unknown"]
    short = [x for x in tried if x.state == "short"]
    if unknown:
        keys = tuple(k for k in FIELD_KEYS if any(k in x.missing for x in unknown))
        missing = _say("el-fields-missing", fields=keys, title=t.name)
        if short:
            best = min(short, key=_shortfall)
            o = _route_outcome(rules, best, "needs-review", until, "short-on-given", missing=keys)
            return replace(o, reason=(missing, *o.reason))
        docs = tuple(dict.fromkeys(rules.document(x.route.source).short for x in unknown))
        return EligibilityOutcome("needs-review", None, None, None, None, until.isoformat(), None, (missing,),
                                  missing_fields=tuple(rules.field_label(k) for k in keys), documents=docs)
    if short:
        best = min(short, key=_shortfall)
        return _route_outcome(rules, best, "ineligible", until, "short")

    # Every route asks for more education or degree than the applicant has.
    given = tuple((k, v) for k, v in (("education", q.education), ("degree", q.degree)) if v)
    docs = tuple(dict.fromkeys(rules.document(r.source).short for r in t.routes))
    return EligibilityOutcome(
        "ineligible", None, None, None, None, until.isoformat(), None,
        (_say("el-no-route", given=given, title=t.name, routes=tuple(r.id for r in t.routes)),),
        documents=docs, valid_values=tuple(r.label for r in t.routes),
    )


def evaluate(rules: EligibilityRules, q: EligibilityQuery) -> EligibilityOutcome:
    until = rules.counted_until_date(q.notice_year)
    base = _ordinary(rules, q, until)
    specials = [sr for sr in rules.special_routes if getattr(q, sr.flag, None) is True]
    if not specials or base.status == "profile-error":
        return base
    # A special route is for the committee to judge; we still say how the ordinary route came out.
    docs = [rules.document(sr.document_for(q.series.strip() if q.series else None)) for sr in specials]
    named = tuple((sr.id, d.id) for sr, d in zip(specials, docs))
    return EligibilityOutcome(
        status="needs-review", route=base.route, required_years=base.required_years,
        actual_years=base.actual_years, actual_months=base.actual_months,
        counted_until=base.counted_until, counted_from=base.counted_from,
        reason=(_say("el-special", specials=named), _say(f"ordinary:{base.status}"), *base.reason),
        route_id=base.route_id,
        missing_fields=base.missing_fields,
        documents=tuple(dict.fromkeys((*base.documents, *(d.short for d in docs)))),
        valid_values=base.valid_values,
    )


# --- as findings -----------------------------------------------------------------------------------


def query_from_profile(profile: Profile, pack: Pack) -> EligibilityQuery:
    return EligibilityQuery(
        series=profile.get("series"), title=profile.get("title"), current_title=profile.get("current_title"),
        current_title_since=profile.get("current_title_since"), education=profile.get("education"),
        degree=profile.get("degree"), graduated=profile.get("graduated"), high_skill=profile.get("high_skill"),
        fhj=profile.get("fhj"), exceptional=profile.get("exceptional"), notice_year=pack.year,
        stated_none=frozenset(key for key, value in profile.values if value is None),
    )


def outcome_finding(outcome: EligibilityOutcome, title: str | None, source: str | None) -> Finding | None:
    data: dict[str, Any] = {"route": outcome.route, "status": outcome.status}
    if outcome.status == "ineligible":
        data.update(required_years=outcome.required_years, actual_years=outcome.actual_years,
                    actual_months=outcome.actual_months, counted_until=outcome.counted_until,
                    counted_from=outcome.counted_from)
        return finding("ZC601", None, source, title=title, reason=outcome.reason,
                       data={k: v for k, v in data.items() if v is not None})
    if outcome.status == "needs-review":
        if outcome.missing_fields:
            data["fields"] = list(outcome.missing_fields)
        return finding("ZC602", None, source, title=title, reason=outcome.reason,
                       data={k: v for k, v in data.items() if v is not None})
    if outcome.status == "profile-error":
        return finding("ZC603", None, source, reason=outcome.reason,
                       data={"valid": list(outcome.valid_values)})
    return None


def eligibility_findings(profile: Profile, pack: Pack) -> tuple[EligibilityOutcome | None, list[Finding]]:
    if pack.eligibility is None:
        return None, []
    outcome = evaluate(pack.eligibility, query_from_profile(profile, pack))
    f = outcome_finding(outcome, profile.get("title"), profile.source)
    return outcome, [f] if f else []
