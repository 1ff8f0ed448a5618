"""Parts: an item made of several parts (ID card front and back; diploma and degree; the three title
documents) must have all of them, or any one where the notice says 或 (职称在新疆取得)."""

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
            labels = [pack.field_def(k).label for k in undecided_fields]
            return "needs-review", [finding("ZC003", item.id, None, field="、".join(labels))]
        return None, []
    part_titles = "、".join(p.title for p in missing)
    part_titles_en = ", ".join(p.title_en for p in missing)
    data = {"parts": [p.id for p in missing]}
    if unmarked:
        return "needs-review", [finding("ZC205", item.id, unmarked[0].facts.path, parts=part_titles,
                                        parts_en=part_titles_en, data=data)]
    if mode is None:
        # Whether one part suffices depends on a profile field nobody filled in.
        if len(missing) < len(required):
            labels = [pack.field_def(k).label for k in mode_unknown]
            return "needs-review", [finding("ZC003", item.id, None, field="、".join(labels), data=data)]
        mode = "any"
    mode_text = ("通知要求以下材料全部上传。" if mode == "all" else "通知要求至少上传其中一件。")
    mode_text_en = ("The notice asks for all of them. " if mode == "all" else "The notice asks for at least one. ")
    return "incomplete", [finding("ZC102", item.id, None, parts=part_titles, parts_en=part_titles_en,
                                  mode_text=mode_text, mode_text_en=mode_text_en, data=data)]
