"""Messages in the user's language, worded when reporting. A finding carries its code and data (ids,
numbers, dates, file names, quotations, a `problem` key); its code picks the template (zccheck.codes.CODES)
and everything else that is words is worded here: item and part titles from the pack (`title` /
`title_en`), profile fields (their label in 申报信息.yaml, their key in English), lists and years joined
the language's way, and what went wrong from zccheck.codes.PHRASES. Names, titles and quotations — files,
folders, the pack's and the notice's words, what a document says, profile values — stay as written."""

from __future__ import annotations

import re
import string
from typing import Any, Callable, Iterable

from zccheck.codes import CODES, PHRASES
from zccheck.models import Finding
from zccheck.pack.eligibility import EligibilityRules, Route
from zccheck.pack.model import Pack, YearsRule

_LIST_SEP = {"zh": "、", "en": ", "}
_CLAUSE_SEP = {"zh": "；", "en": "; "}
_SENTENCE_SEP = {"zh": "", "en": " "}


class _Blank(dict):
    def __missing__(self, key: str) -> str:
        return ""


def fill(template: str, values: dict[str, Any]) -> str:
    """A template's {fields} from `values`; a field with no value is left empty."""
    return string.Formatter().vformat(template, (), _Blank(values))


def phrase(key: str, lang: str, values: dict[str, Any] | None = None) -> str | None:
    """PHRASES[key] in `lang`, its fields filled from `values`; None when there is no such phrase."""
    words = PHRASES.get(key)
    if words is None:
        return None
    return fill(words[1] if lang == "en" else words[0], values or {})


def _en(lang: str) -> bool:
    return lang == "en"


# --- the pack's names ------------------------------------------------------------------------------


def item_title(pack: Pack, item_id: str | None, lang: str) -> str:
    if not item_id:
        return ""
    try:
        item = pack.item(item_id)
    except KeyError:
        return item_id
    return item.title_en if lang == "en" else item.title


def field_name(pack: Pack, key: str, lang: str) -> str:
    """A profile field as the reader writes it: its label in 申报信息.yaml, or in English its key (which
    the profile accepts too)."""
    if _en(lang):
        return key
    try:
        return pack.field_def(key).label
    except KeyError:
        return key


def _part_titles(pack: Pack, item_id: str | None, part_ids: Iterable[str], lang: str) -> list[str]:
    try:
        rule = pack.item(item_id).parts if item_id else None
    except KeyError:
        rule = None
    parts = {p.id: (p.title_en if _en(lang) else p.title) for p in rule.parts} if rule else {}
    return [parts.get(p, p) for p in part_ids]


_CHINESE_NUMERALS = dict(zip("一二三四五六七八九", "123456789"))


def clause_text(clause: str, lang: str) -> str:
    """A clause of the notice as cited: as written (五（一）1), or in English by its numbers (§5(1)1)."""
    if not _en(lang) or not clause:
        return clause
    text = re.sub(r"十([一二三四五六七八九]?)", lambda m: "1" + (_CHINESE_NUMERALS.get(m.group(1), "0")), clause)
    text = "".join(_CHINESE_NUMERALS.get(ch, ch) for ch in text)
    text = text.replace("（", "(").replace("）", ")").replace("、", ", ").replace("附件", "Annex ")
    return clause if re.search(r"[\u4e00-\u9fff]", text) else "§" + text


def years_range(years: Iterable[int]) -> str:
    ordered = sorted(years)
    return f"{ordered[0]}–{ordered[-1]}" if len(ordered) > 1 else str(ordered[0]) if ordered else ""


# --- a finding's values ------------------------------------------------------------------------------
# Args whose value is an id (or a list of them) are worded from the pack; any other list is joined.

_Render = Callable[[Finding, Pack, str, Any], str]


def _titles(pack: Pack, ids: Iterable[str], lang: str) -> list[str]:
    return [item_title(pack, x, lang) for x in ids]


def _quoted(titles: list[str], lang: str) -> str:
    """「A」「B」, or 'A' and 'B' (A, B and C)."""
    if not _en(lang):
        return "".join(f"「{t}」" for t in titles)
    quoted = [f"'{t}'" for t in titles]
    return " and ".join([", ".join(quoted[:-1]), quoted[-1]]) if len(quoted) > 1 else "".join(quoted)


_RENDER: dict[str, _Render] = {
    # items a file could be (ZC111)
    "candidates": lambda f, pack, lang, v: _quoted(_titles(pack, v, lang), lang),
    "items": lambda f, pack, lang, v: _LIST_SEP[lang].join(_titles(pack, v, lang)),
    "found_item": lambda f, pack, lang, v: item_title(pack, v, lang),
    "parts": lambda f, pack, lang, v: _LIST_SEP[lang].join(_part_titles(pack, f.item, v, lang)),
    "field": lambda f, pack, lang, v: field_name(pack, v, lang),
    "fields": lambda f, pack, lang, v: _LIST_SEP[lang].join(field_name(pack, k, lang) for k in v),
    "known_fields": lambda f, pack, lang, v: _LIST_SEP[lang].join(field_name(pack, k, lang) for k in v),
    "sides": lambda f, pack, lang, v: (" and " if _en(lang) else "、").join(phrase(f"side:{s}", lang) or s for s in v),
    "years": lambda f, pack, lang, v: (_LIST_SEP[lang].join(str(y) for y in sorted(v)) if isinstance(v, (tuple, list))
                                       else str(v)),
    "clause": lambda f, pack, lang, v: clause_text(v, lang),
}


def _plain(f: Finding, pack: Pack, lang: str, key: str, value: Any) -> Any:
    if key in _RENDER:
        return _RENDER[key](f, pack, lang, value)
    if isinstance(value, (tuple, list)):
        return _LIST_SEP[lang].join(str(v) for v in value)
    return "" if value is None else value


def _worded_arg(key: str, value: Any) -> str | None:
    """The PHRASES key of an arg worded by value ("mode:all", "start:none"), when there is one."""
    if value is None:
        key = f"{key}:none"
    elif isinstance(value, str):
        key = f"{key}:{value}"
    else:
        return None
    return key if key in PHRASES else None


def _detail(args: dict[str, Any], values: dict[str, Any], pack: Pack, lang: str) -> str:
    """{detail}: the eligibility reason; else the phrases of the `problem` key(s), with a tool's own
    words (`detail`) after them; else those words, worded when they are a phrase's key."""
    if "reason" in args:
        return eligibility_reason(args["reason"], pack.eligibility, lang)
    raw = args.get("detail") or ""
    problem = args.get("problem")
    if problem:
        keys = problem if isinstance(problem, tuple) else (problem,)
        text = _CLAUSE_SEP[lang].join(phrase(k, lang, values) or k for k in keys)
        if raw:
            text += f" ({raw})" if _en(lang) else f"（{raw}）"
        return text
    return (phrase(raw, lang, values) or raw) if raw else ""


def message_values(f: Finding, pack: Pack, lang: str) -> dict[str, Any]:
    """Everything a finding's template may name, worded in `lang`."""
    args = dict(f.args)
    values: dict[str, Any] = {k: _plain(f, pack, lang, k, v) for k, v in args.items()}
    values["item"] = item_title(pack, f.item, lang)
    values["file"] = f.file or ""
    # The pack names the profile file (申报信息.yaml in the 2021 notice's pack): messages say the pack's.
    values["profile_file"] = pack.files.profile_names[0] if pack.files.profile_names else "申报信息.yaml"
    values.setdefault("page", f.page or 1)
    for key, value in args.items():
        worded = _worded_arg(key, value)
        if worded is not None:
            values[key] = phrase(worded, lang, values)
        elif key == "kind":
            values[key] = str(value).upper()
    if not f.file and args.get("where"):
        values["file"] = values["where"]
    if "sides" in args and "parts" not in args:  # one side of a two-sided form (ZC102)
        values["parts"] = phrase("sides-of-year", lang, values)
    if "kind" in args and "advice" not in args:
        values["advice"] = _advice(pack, str(args["kind"]), lang)
    years = _years_rule(pack, f.item)
    if years is not None:
        # 近五年 says which years only to someone who knows the review year: the years are always named.
        span = years_range(years.required)
        values["required"] = span if _en(lang) or not years.label or span in years.label else f"{years.label}，即 {span}"
    values["detail"] = _detail(args, values, pack, lang)
    return values


def _advice(pack: Pack, kind: str, lang: str) -> str:
    advice = dict(pack.files.advice_en if _en(lang) else pack.files.advice)
    return advice.get(kind) or advice.get("unknown", "")


def _years_rule(pack: Pack, item_id: str | None) -> YearsRule | None:
    if not item_id:
        return None
    try:
        return pack.item(item_id).years
    except KeyError:
        return None


def render_message(f: Finding, pack: Pack, lang: str) -> str:
    code = CODES[f.code]
    template = code.message_en if lang == "en" else code.message_zh
    return fill(template, message_values(f, pack, lang)).strip()


# --- eligibility: the outcome's reason, worded -------------------------------------------------------


def _route(rules: EligibilityRules, route_id: str) -> Route | None:
    return next((r for s in rules.series for t in s.titles for r in t.routes if r.id == route_id), None)


def route_label(rules: EligibilityRules | None, route_id: str | None, lang: str, label: str | None = None) -> str:
    """A route as the pack labels it (副研究员 ← 助理研究员（硕士/本科/学士）满5年), or in English from its
    parts: the title, the title held, the education or degree, the years."""
    route = _route(rules, route_id) if rules is not None and route_id else None
    if route is None:
        return label or route_id or ""
    if not _en(lang):
        return route.label
    text = route.title + (f" ← {route.holds}" if route.holds else "")
    quals = [x for x in (route.education, f"a {route.degree} degree" if route.degree else None) if x]
    if quals:
        text += f" (at least {' or '.join(quals)})"
    if route.years_at_title:
        text += f", {_years_en(route.years_at_title)}"
    if route.years_since_graduation:
        text += f", {_years_en(route.years_since_graduation)} after graduation"
    if not route.holds and not route.years_at_title and not route.years_since_graduation:
        text += ", first determination"
    return text


def _years_en(n: int) -> str:
    return f"{n} year{'s' if n != 1 else ''}"


def _months_en(n: int) -> str:
    return f"{n} month{'s' if n != 1 else ''}"


def _duration(years: int, months: int, lang: str) -> str:
    return f"{_years_en(years)} {_months_en(months)}" if _en(lang) else f"{years}年{months}个月"


def _shortfall(months: int, lang: str) -> str:
    years, rest = divmod(months, 12)
    if years:
        return _duration(years, rest, lang)
    return _months_en(rest) if _en(lang) else f"{rest}个月"


def _span(rules: EligibilityRules, route: Route | None, span: tuple, until: str, lang: str) -> str:
    kind, required, start, years, months = span
    values = {"holds": route.holds if route else "", "required": required, "required_years": _years_en(required),
              "start": start, "until": until, "span": _duration(years, months, lang)}
    text = phrase("el-span-title" if kind == "title" else "el-span-graduation", lang, values) or ""
    short = required * 12 - (years * 12 + months)
    tail = phrase("el-span-short", lang, {"short": _shortfall(short, lang)}) if short > 0 else phrase("el-span-met", lang)
    return text + (tail or "")


def _eligibility_values(rules: EligibilityRules, args: dict[str, Any], lang: str) -> dict[str, Any]:
    en = _en(lang)

    def field(key: str) -> str:
        return key if en else rules.field_label(key)

    values: dict[str, Any] = dict(args)
    if "field" in args:
        values["field"] = field(args["field"])
    if "fields" in args:
        values["fields"] = _LIST_SEP[lang].join(field(k) for k in args["fields"])
    if "valid" in args:
        values["valid"] = _LIST_SEP[lang].join(args["valid"])
    if "needed" in args:
        values["needed"] = (("' or '" if en else "」或「").join(args["needed"]) if args["needed"]
                            else phrase("needed:none", lang))
    if "given" in args:
        values["given"] = _LIST_SEP[lang].join(phrase("el-given", lang, {"field": field(k), "value": v}) or v
                                               for k, v in args["given"])
    if "routes" in args:
        values["routes"] = _CLAUSE_SEP[lang].join(route_label(rules, r, lang) for r in args["routes"])
    if "specials" in args:
        specials = {sr.id: sr for sr in rules.special_routes}
        named = []
        for special_id, document_id in args["specials"]:
            sr, doc = specials.get(special_id), rules.document(document_id)
            label = (sr.label_en if en else sr.label) if sr else special_id
            named.append(phrase("el-special-route", lang, {"label": label, "document": doc.title, "short": doc.short}) or "")
        values["specials"] = _CLAUSE_SEP[lang].join(named)
    return values


def _segment(rules: EligibilityRules, key: str, args: dict[str, Any], lang: str) -> str:
    if key == "el-route":
        route = _route(rules, args["route"])
        spans = [_span(rules, route, s, args["until"], lang) for s in args["spans"]]
        return phrase(key, lang, {"lead": phrase(f"lead:{args['lead']}", lang),
                                  "route": route_label(rules, args["route"], lang),
                                  "spans": _CLAUSE_SEP[lang].join(spans) if spans else phrase("el-no-years", lang)}) or ""
    return phrase(key, lang, _eligibility_values(rules, args, lang)) or key


def eligibility_reason(reason: Iterable[tuple[str, Iterable[tuple[str, Any]]]], rules: EligibilityRules | None,
                       lang: str) -> str:
    """An eligibility outcome's reason (zccheck.checks.eligibility: phrase keys and their data), worded."""
    if rules is None:  # a pack without eligibility rules decides no eligibility
        return ""
    return _SENTENCE_SEP[lang].join(_segment(rules, key, dict(args), lang) for key, args in reason)
