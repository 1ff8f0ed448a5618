"""The profile's own ID number (申报信息 身份证号): a valid 18-character resident ID, or a ZC501 saying
what is wrong with it. The rules of the number itself are zccheck.content.idcard's."""

from __future__ import annotations

from zccheck.content.idcard import validate_id
from zccheck.models import Finding, finding
from zccheck.pack.model import Pack
from zccheck.profile import Profile

_ID_PROBLEMS = {
    "length": ("位数不对（应为18位）", "wrong length (18 characters expected)"),
    "characters": ("含有非法字符", "invalid characters"),
    "region": ("地址码（前两位省份代码）不存在", "no such region code"),
    "birth-date": ("出生日期码不是有效日期", "the birth date is not a valid date"),
    "check-digit": ("校验码（最后一位）错误", "wrong check digit (last character)"),
}


def profile_id_findings(profile: Profile, pack: Pack) -> list[Finding]:
    number = profile.get("id_number")
    if not number:
        return []
    check = validate_id(number, today=pack.window_end)
    if check.valid:
        return []
    zh, en = _ID_PROBLEMS.get(check.problem or "", (check.problem or "", check.problem or ""))
    return [finding("ZC501", None, profile.source, where="申报信息", where_en="the profile", id=number, detail=zh,
                    detail_en=en, data={"problem": check.problem})]
