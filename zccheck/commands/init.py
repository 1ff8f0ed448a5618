"""zccheck init FOLDER: the slot folders the pack describes, a commented 申报信息.yaml template and a
checklist, so an applicant starts right. Never overwrites a file that exists."""

from __future__ import annotations

from pathlib import Path

from zccheck.commands.output import note
from zccheck.pack.loader import load_pack
from zccheck.pack.model import Pack


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


def _checklist(pack: Pack) -> str:
    lines = [f"# 材料清单：{pack.title}", "", f"申报时间：{pack.window_start} 至 {pack.window_end}", "",
             *pack.reminders, ""]
    for provider in pack.providers:
        items = [i for i in pack.items if i.provider == provider.id]
        if not items:
            continue
        lines += [f"## {provider.title}", ""]
        for i in items:
            when = "（仅适用于：" + "；".join(f"{pack.field_def(k).label}={'/'.join(map(str, v))}" for k, v in i.when.clauses) + "）" if i.when else ""
            years = f" 年度：{i.years.label}" if i.years else ""
            lines.append(f"- [ ] **{i.title}**{when}{years} — 放入 `{i.slot}/`（通知{i.clause}：{i.quote}）")
        lines.append("")
    lines.append("检查：`zccheck check <本文件夹>`")
    return "\n".join(lines) + "\n"


def run_init(folder: Path, *, series: str | None, title: str | None, rules: str | None) -> int:
    pack = load_pack(rules)
    if series and not pack.find_series(series):
        note(f"未知系列「{series}」，可用：{'、'.join(s.name for s in pack.series)}")
        return 2
    if title:
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
    chosen = pack.find_series(series) if series else None  # known: checked above
    for name, text in (("申报信息.yaml", _profile_template(pack, chosen.name if chosen else series, title)),
                       ("材料清单.md", _checklist(pack))):
        target = folder / name
        if not target.exists():
            target.write_text(text, encoding="utf-8")
            created.append(name)
    note(f"已在 {folder} 建立 {len(pack.items)} 个栏目文件夹" + (f"和 {'、'.join(created)}" if created else "") +
         "。把材料放入对应文件夹，填写申报信息.yaml，然后运行 zccheck check " + str(folder))
    return 0
