"""The profile's own ID number (申报信息 身份证号): a valid 18-character resident ID, or a ZC501 saying
what is wrong with it. The rules of the number itself are zccheck.content.idcard's.

Passing: 650102198506151232.
Failing (ZC501): 650102198506151233 (wrong check digit); 65010219850615 (wrong length).
"""

from __future__ import annotations

from zccheck.content.idcard import validate_id
from zccheck.models import Finding, finding
from zccheck.pack.model import Pack
from zccheck.profile import Profile

def profile_id_findings(profile: Profile, pack: Pack) -> list[Finding]:
    number = profile.get("id_number")
    if not number:
        return []
    check = validate_id(number, today=pack.window_end)
    if check.valid:
        return []
    # What is wrong is worded when reporting (PHRASES id-length, id-check-digit, ...).
    return [finding("ZC501", None, profile.source, where="profile", id=number, problem=f"id-{check.problem}",
                    data={"problem": check.problem})]
