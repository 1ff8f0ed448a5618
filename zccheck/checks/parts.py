"""Parts: an item made of several parts (ID card front and back; diploma and degree; the three title
documents) must have all of them, or any one where the notice says 或 (职称在新疆取得).

Passing: 身份证 人像面 and 国徽面 (or one unmarked copy, which shows both); 现任职称取得地: 新疆 and any
one of the three title documents.
Failing: 学历证书 without 学位证书 (ZC102, incomplete). Needs-review: a diploma and a file whose part nobody
can tell (ZC205); one title document while 现任职称取得地 is blank (ZC003: whether one suffices is unknown).
"""

from __future__ import annotations

from zccheck.models import ClassifiedFile, Finding, finding
from zccheck.pack.model import Item, Pack
from zccheck.profile import Profile


def required_mode(item: Item, profile: Profile) -> tuple[str | None, tuple[str, ...]]:
    assert item.parts is not None
    for condition, mode in item.parts.mode_when:
        decided, unknown = profile.evaluate(condition)
        if decided:
            return mode, ()
        if decided is None:
            return None, unknown
    return item.parts.mode, ()


def any_one_completes(item: Item, profile: Profile) -> frozenset[str]:
    """The parts of `item` any one of which completes it for this applicant (the notice's 或: a title obtained
    in 新疆 needs one of its three documents); empty when every part is needed or nobody can tell."""
    if item.parts is None or required_mode(item, profile)[0] != "any":
        return frozenset()
    return frozenset(part.id for part in item.parts.parts if profile.evaluate(part.when)[0])


def check_parts(pack: Pack, profile: Profile, item: Item, files: list[ClassifiedFile]) -> tuple[str | None, list[Finding]]:
    rule = item.parts
    usable = [cf for cf in files if cf.facts.usable]
    if rule is None or not usable:
        return None, []
    required, undecided = [], []
    for part in rule.parts:
        applies, unknown = profile.evaluate(part.when)
        if applies:
            required.append(part)
        elif applies is None:
            undecided.append((part, unknown))
    covered: set[str] = set()
    unmarked = []
    for cf in usable:
        if cf.cls.parts:
            covered |= cf.cls.parts
        elif rule.unmarked_file_covers_all:
            covered |= {p.id for p in rule.parts}
        else:
            unmarked.append(cf)
    missing = [p for p in required if p.id not in covered]
    # A part whose condition nobody filled in matters only when it is absent.
    undecided_fields = [f for part, fields in undecided if part.id not in covered for f in fields]
    mode, mode_unknown = required_mode(item, profile)
    if mode == "any" and len(missing) < len(required):
        return None, []
    if not missing:
        if undecided_fields:
            return "needs-review", [finding("ZC003", item.id, None, fields=undecided_fields)]
        return None, []
    part_ids = [p.id for p in missing]
    data = {"parts": part_ids}
    if unmarked:
        return "needs-review", [finding("ZC205", item.id, unmarked[0].facts.path, parts=part_ids, data=data)]
    if mode is None:
        # Whether one part suffices depends on a profile field nobody filled in.
        if len(missing) < len(required):
            return "needs-review", [finding("ZC003", item.id, None, fields=mode_unknown, data=data)]
        mode = "any"
    return "incomplete", [finding("ZC102", item.id, None, parts=part_ids, mode="all" if mode == "all" else "any", data=data)]
