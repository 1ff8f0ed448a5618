"""The applicant profile (申报信息.yaml): who applies for what, and the facts that decide which
materials apply. Field names, types and valid values come from the rule pack's profile.yaml."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

from zccheck.content.year_month import parse_year_month
from zccheck.models import Finding, finding
from zccheck.pack.model import Condition, Pack, ProfileField
from zccheck.pack.yaml_source import LineDict, YamlError, decode_text, load_yaml_text

# A profile is a few dozen lines; a file larger than this is not a profile and is not read.
MAX_PROFILE_BYTES = 256 * 1024

_TRUE = {"是", "有", "true", "yes", "y", "1", "对", "√"}
_FALSE = {"否", "无", "没有", "false", "no", "n", "0", "×", "不是"}
# What people write when a field does not apply: treated as "absent", never as a value.
_NONE_WORDS = {"", "无", "没有", "暂无", "none", "null", "~", "-", "—", "/"}


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


def _valid_args(f: ProfileField, pack: Pack, series_name: str | None) -> dict[str, Any]:
    """What ZC002 lists as valid: the field's values, else what kind of value it takes (PHRASES valid:...)."""
    allowed = valid_values(f, pack, series_name)
    return {"valid": allowed} if allowed else {"valid": f.type if f.type in ("bool", "yearmonth") else "text"}


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


def _read_profile(raw: bytes | None, display: str | None) -> tuple[dict[str, Any], list[Finding]]:
    """The profile file's mapping, or {} with the ZC001 finding saying why there is none."""
    if raw is None:
        return {}, [finding("ZC001", None, None, severity="warning", problem="profile-missing")]
    if len(raw) > MAX_PROFILE_BYTES:
        # Never parse a cut-off file: a truncated YAML could read as other values than the applicant wrote.
        return {}, [finding("ZC001", None, display, problem="profile-too-large", limit_kb=MAX_PROFILE_BYTES // 1024,
                            data={"problem": "too-large", "limit_bytes": MAX_PROFILE_BYTES})]
    try:
        loaded = load_yaml_text(decode_text(raw), display or "申报信息.yaml", plain_scalars=True)
    except YamlError as e:
        return {}, [finding("ZC001", None, display, problem="profile-syntax", line=e.line or "?", error=e.message)]
    if loaded is None or loaded == "":
        return {}, [finding("ZC001", None, display, problem="profile-empty")]
    if not isinstance(loaded, dict):
        return {}, [finding("ZC001", None, display, problem="profile-not-a-mapping")]
    return loaded, []


def load_profile(raw: bytes | None, display: str | None, pack: Pack,
                 overrides: Mapping[str, str | None] | None = None) -> tuple[Profile, list[Finding]]:
    """Parse the profile file's bytes (None: no profile) and apply command-line overrides (None: not given).

    The listing reads at most MAX_PROFILE_BYTES + 1 bytes of the file: more than the limit is a ZC001."""
    data, findings = _read_profile(raw, display)
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
            findings.append(finding("ZC004", None, display, key=str(key), line=lines.get(key, "?"),
                                    known_fields=[x.key for x in fields]))
            continue
        if f.type == "bool" and (raw_value is None or str(raw_value).strip() == ""):
            continue  # a yes/no left blank (a fresh template) is not filled in, not an invalid value
        if isinstance(raw_value, (dict, list)):
            findings.append(finding("ZC002", None, display, field=f.key, value=str(raw_value)[:40],
                                    **_valid_args(f, pack, series_name)))
            continue
        value, ok = _parse_value(f, raw_value, pack, series_name)
        if not ok:
            findings.append(finding("ZC002", None, display, field=f.key, value=str(raw_value),
                                    data={"field": f.label}, **_valid_args(f, pack, series_name)))
            continue
        values[f.key] = value
    for key, raw_value in (overrides or {}).items():
        if raw_value is None:
            continue
        f = pack.field_def(key)
        value, ok = _parse_value(f, raw_value, pack, series_name)
        if not ok:
            findings.append(finding("ZC002", None, None, where="command-line", field=f.key, value=str(raw_value),
                                    **_valid_args(f, pack, series_name)))
            continue
        values[f.key] = value
    return Profile(tuple(values.items()), display), findings
