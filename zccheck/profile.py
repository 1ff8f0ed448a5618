"""The applicant profile (申报信息.yaml): who applies for what, and the facts that decide which
materials apply. Field names, types and valid values come from the rule pack's profile.yaml."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from zccheck.eligibility import YearMonth
from zccheck.models import Finding, finding
from zccheck.pack.model import Condition, Pack, ProfileField
from zccheck.pack.yaml_source import LineDict, YamlError, decode_text, load_yaml_text

_TRUE = {"是", "有", "true", "yes", "y", "1", "对", "√"}
_FALSE = {"否", "无", "没有", "false", "no", "n", "0", "×", "不是"}
# What people write when a field does not apply: treated as "absent", never as a value.
_NONE_WORDS = {"", "无", "没有", "暂无", "none", "null", "~", "-", "—", "/"}
_YEAR_MONTH = re.compile(r"^\s*((?:19|20)\d{2})\s*(?:[-./年]\s*(\d{1,2})\s*月?(?:\s*[-./]?\s*\d{1,2}\s*日?)?)?\s*$")
_COMPACT_YEAR_MONTH = re.compile(r"^\s*((?:19|20)\d{2})(\d{2})(\d{2})?\s*$")


@dataclass(frozen=True)
class Profile:
    values: tuple[tuple[str, Any], ...] = ()
    source: str | None = None  # the profile file's path, relative to the applicant root

    def get(self, key: str) -> Any:
        return dict(self.values).get(key)

    def has(self, key: str) -> bool:
        return key in dict(self.values)

    def evaluate(self, condition: Condition | None) -> tuple[bool | None, tuple[str, ...]]:
        """True/False when decided; None with the fields that are needed but not filled in."""
        if condition is None:
            return True, ()
        unknown: list[str] = []
        for field_key, accepted in condition.clauses:
            if not self.has(field_key):
                unknown.append(field_key)
                continue
            value = self.get(field_key)
            present = value is not None
            if "present" in accepted or "absent" in accepted:
                if present != ("present" in accepted):
                    return False, ()
            elif value not in accepted:
                return False, ()
        return (None, tuple(unknown)) if unknown else (True, ())


def parse_year_month(value: Any) -> YearMonth | None:
    text = str(value).strip().translate(_FULLWIDTH_DIGITS)
    m = _YEAR_MONTH.match(text) or _COMPACT_YEAR_MONTH.match(text)
    if not m:
        return None
    year, month = int(m.group(1)), int(m.group(2) or 0)
    if not 1 <= month <= 12:
        return None
    return YearMonth(year, month)


_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９．－／", "0123456789.-/")


def _field_for(key: str, fields: tuple[ProfileField, ...]) -> ProfileField | None:
    for f in fields:
        if key in (f.label, f.key, *f.aliases):
            return f
    return None


def valid_values(f: ProfileField, pack: Pack, series_name: str | None = None) -> tuple[str, ...]:
    if f.type == "series":
        return tuple(s.name for s in pack.series)
    if f.type == "title":
        series = pack.find_series(series_name)
        pool = [series] if series and f.key == "title" else list(pack.series)
        names = tuple(t.name for s in pool for t in s.titles)
        return names if f.key == "title" else names + tuple(v for v in f.values if v not in names)
    return f.values


def _parse_value(f: ProfileField, raw: Any, pack: Pack, series_name: str | None) -> tuple[Any, bool]:
    """Returns (value, ok). A value of None means 'filled in as not applicable'."""
    text = str(raw).strip() if raw is not None else ""
    if isinstance(raw, bool):
        text = "是" if raw else "否"
    if text.lower() in _NONE_WORDS and f.type not in ("bool",):
        return None, True
    if f.type == "bool":
        if text.lower() in _TRUE:
            return True, True
        if text.lower() in _FALSE:
            return False, True
        return raw, False
    if f.type == "yearmonth":
        ym = parse_year_month(text)
        return (ym, True) if ym else (raw, False)
    if f.type in ("enum", "series", "title"):
        aliases = dict(f.value_aliases)
        if f.type == "series":
            series = pack.find_series(text)
            return (series.name, True) if series else (raw, False)
        if f.type == "title":
            for s in pack.series:
                t = s.title(text)
                if t and (f.key != "title" or not pack.find_series(series_name) or pack.find_series(series_name) is s):
                    return t.name, True
        value = aliases.get(text, text)
        allowed = valid_values(f, pack, series_name)
        if value not in allowed:
            value = next((target for part, target in f.value_contains if part in text), value)
        return (value, True) if value in allowed else (raw, False)
    if f.type == "id-number":
        return text.upper().replace(" ", ""), True
    return text, True


def load_profile(raw: bytes | None, display: str | None, pack: Pack,
                 overrides: dict[str, str] | None = None) -> tuple[Profile, list[Finding]]:
    """Parse the profile file's bytes (None: no profile) and apply command-line overrides."""
    findings: list[Finding] = []
    data: dict[str, Any] = {}
    if raw is None:
        findings.append(finding("ZC001", None, None, severity="warning",
                                detail="没有找到申报信息文件（申报信息.yaml）"))
    else:
        try:
            loaded = load_yaml_text(decode_text(raw), display or "申报信息.yaml", plain_scalars=True)
        except YamlError as e:
            loaded = None
            findings.append(finding("ZC001", None, display, detail=f"申报信息文件 {display} 第 {e.line or '?'} 行无法解析：{e.message}"))
        if loaded is None or loaded == "":
            if not findings:
                findings.append(finding("ZC001", None, display, detail=f"申报信息文件 {display} 是空的"))
        elif not isinstance(loaded, dict):
            findings.append(finding("ZC001", None, display, detail=f"申报信息文件 {display} 应为「字段: 值」的列表"))
        else:
            data = loaded
    lines = data.lines if isinstance(data, LineDict) else {}
    fields = pack.profile_fields
    # The series decides which titles are valid, so resolve it first (overrides win).
    series_name = (overrides or {}).get("series")
    if not series_name:
        for k, v in data.items():
            f = _field_for(str(k), fields)
            if f and f.type == "series":
                series_name = str(v) if v is not None else None
    values: dict[str, Any] = {}
    for key, raw_value in data.items():
        f = _field_for(str(key), fields)
        if f is None:
            findings.append(finding("ZC004", None, display, field=str(key), line=lines.get(key, "?"),
                                    valid="、".join(x.label for x in fields)))
            continue
        if isinstance(raw_value, (dict, list)):
            findings.append(finding("ZC002", None, display, field=f.label, value=str(raw_value)[:40],
                                    valid="、".join(valid_values(f, pack, series_name)) or "文字"))
            continue
        value, ok = _parse_value(f, raw_value, pack, series_name)
        if not ok:
            allowed = valid_values(f, pack, series_name)
            hint = "、".join(allowed) if allowed else {"bool": "是、否", "yearmonth": "YYYY-MM（如 2016-12）"}.get(f.type, "")
            findings.append(finding("ZC002", None, display, field=f.label, value=str(raw_value), valid=hint,
                                    data={"field": f.label}))
            continue
        values[f.key] = value
    for key, raw_value in (overrides or {}).items():
        if raw_value is None:
            continue
        f = pack.field_def(key)
        value, ok = _parse_value(f, raw_value, pack, series_name)
        if not ok:
            findings.append(finding("ZC002", None, "命令行", field=f.label, value=str(raw_value),
                                    valid="、".join(valid_values(f, pack, series_name))))
            continue
        values[f.key] = value
    return Profile(tuple(values.items()), display), findings
