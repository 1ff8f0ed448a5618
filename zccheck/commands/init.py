"""zccheck init FOLDER: the slot folders the pack describes, a commented profile template, a checklist
and the notice's templates filled from the profile (zccheck.commands.template), so an applicant starts
right — all named and worded by the pack (the slots, the profile file `files.profile_names[0]`, the
checklist `files.checklist`, templates.yaml). Never overwrites a file that exists."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from zccheck.commands.output import note
from zccheck.commands.template import init_templates
from zccheck.pack.loader import DEFAULT_PACK, load_pack, packs_root
from zccheck.pack.model import Condition, Item, Pack
from zccheck.report.messages import years_range


def _profile_template(pack: Pack, series: str | None, title: str | None) -> str:
    lines = [f"# 申报信息 — {pack.title}", "# 按实际情况填写；不适用的填 无。zccheck 依据这些信息判断哪些材料必须提交。", ""]
    preset = {"series": series, "title": title}
    for f in pack.profile_fields:
        comment = f.comment or ("可填：" + "、".join(f.values) if f.values else "")
        if f.type == "series":
            comment = "可填：" + "、".join(s.name for s in pack.series)
        if comment:
            lines.append(f"# {comment}")
        value = preset.get(f.key) or ""
        lines.append(f"{f.label}: {value}" if value else f"{f.label}:   # 例：{f.example}" if f.example else f"{f.label}:")
    return "\n".join(lines) + "\n"


def _value_text(value: object) -> str:
    words: dict[object, str] = {True: "是", False: "否", "present": "已填", "absent": "未填或无"}
    return words.get(value, str(value))


def condition_text(pack: Pack, condition: Condition) -> str:
    """机关调动=是；单位类型=中央驻疆单位/军队 — a condition as the profile's labels and values say it."""
    return "；".join(f"{pack.field_def(k).label}={'/'.join(_value_text(x) for x in v)}" for k, v in condition.clauses)


def limits_text(item: Item) -> str:
    """The upload requirements of an item, as the checklist and `explain` say them."""
    said = []
    formats = item.limit("formats")
    if formats:
        said.append("格式 " + "、".join("JPG" if f == "jpeg" else f.upper() for f in formats))
    if item.limit("max_kb"):
        said.append(f"每个文件不超过 {item.limit('max_kb'):g} KB")
    if item.limit("max_files"):
        said.append(f"最多 {item.limit('max_files')} 个文件")
    if item.limit("min_files"):
        said.append(f"至少 {item.limit('min_files')} 个文件")
    if item.limit("suggest_px"):
        width, height = item.limit("suggest_px")
        said.append(f"建议 {width}×{height} 像素（宽×高）")
    return "；".join(said)


def _checklist(pack: Pack) -> str:
    window = f"申报时间：{pack.window_start} 至 {pack.window_end}" if pack.window_start and pack.window_end else ""
    lines = [f"# 材料清单：{pack.title}", "", *([window, ""] if window else []), *pack.reminders, ""]
    for provider in pack.providers:
        items = [i for i in pack.items if i.provider == provider.id]
        if not items:
            continue
        lines += [f"## {provider.title}", ""]
        for i in items:
            when = "（仅适用于：" + condition_text(pack, i.when) + "）" if i.when else ""
            span = years_range(i.years.required) if i.years else ""
            years = f" 年度：{i.years.label}" + (f"（{span}）" if span and span not in i.years.label else "") if i.years else ""
            parts = ""
            if i.parts:
                parts = (" 须全部上传：" if i.parts.mode == "all" else " 任选其一：") + "、".join(p.title for p in i.parts.parts)
            limits = f"（{limits_text(i)}）" if i.limits else ""
            lines.append(f"- [ ] **{i.title}**{when}{years}{parts}{limits} — 放入 `{i.slot}/`（通知{i.clause}：{i.quote}）")
        lines.append("")
    # A bundled pack is named by its id; a pack of one's own by its folder (its id means nothing elsewhere).
    where = Path(pack.path).resolve()
    rules = ("" if where == (packs_root() / DEFAULT_PACK).resolve()
             else f" --rules {pack.id if where.parent == packs_root().resolve() else where}")
    lines.append(f"检查：`zccheck check{rules} <本文件夹>`")
    return "\n".join(lines) + "\n"


def run_init(folder: Path, *, series: str | None, title: str | None, rules: str | None, profile: Path | None = None,
             publicity_start: dt.date | None = None) -> int:
    pack = load_pack(rules)
    if series and not pack.find_series(series):
        note(f"未知系列「{series}」，可用：{'、'.join(s.name for s in pack.series)}")
        return 2
    if title and any(x.titles for x in pack.series):  # a notice that names no titles takes any title
        s = pack.find_series(series) if series else next((x for x in pack.series if x.title(title)), None)
        if s is None or s.title(title) is None:
            valid = "、".join(t.name for x in ([s] if s else pack.series) for t in x.titles)
            note(f"未知申报职称「{title}」，可用：{valid}")
            return 2
        series = series or s.name
    folder.mkdir(parents=True, exist_ok=True)
    for item in pack.items:
        (folder / item.slot).mkdir(exist_ok=True)
    created = []
    if profile is not None and profile.is_file() and not (folder / pack.files.profile_name).exists():
        shutil.copyfile(profile, folder / pack.files.profile_name)  # the applicant's own profile, not a blank one
        created.append(pack.files.profile_name)
    chosen = pack.find_series(series) if series else None  # known: checked above
    for name, text in ((pack.files.profile_name, _profile_template(pack, chosen.name if chosen else series, title)),
                       (pack.files.checklist, _checklist(pack))):
        target = folder / name
        if not target.exists():
            target.write_text(text, encoding="utf-8")
            created.append(name)
    rules_option = "" if rules is None else f" --rules {rules}"
    note(f"已在 {folder} 建立 {len(pack.items)} 个栏目文件夹" + (f"和 {'、'.join(created)}" if created else "") +
         f"。把材料放入对应文件夹，填写{pack.files.profile_name}，然后运行 zccheck check{rules_option} {folder}")
    for line in init_templates(folder, pack, profile_path=profile, overrides={"series": series, "title": title},
                               publicity_start=publicity_start):
        note(line)
    return 0
