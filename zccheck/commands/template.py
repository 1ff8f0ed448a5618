"""zccheck template NAME -o FILE: one of the pack's templates (templates.yaml), filled from the applicant's
profile, as a .docx; `--list` lists them. `zccheck init` writes them all into their slot folders
(init_templates). A .docx is a working file: the upload system takes PDFs and images, so the unit fills
in what only it can write (××), prints, signs, seals and scans it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Mapping

from zccheck.commands.output import note, write_text
from zccheck.commands.template_docx import write_new
from zccheck.commands.template_fill import Filled, Publicity, chinese_date, fill, publicity, template_values
from zccheck.pack.loader import load_pack
from zccheck.pack.model import Pack
from zccheck.pack.templates import Template
from zccheck.profile import MAX_PROFILE_BYTES, Profile, load_profile
from zccheck.report.messages import render_message

# What a field is called when it is left unfilled (a profile field's own label wins for profile fields).
_FIELD_WORDS: dict[str, tuple[str, str]] = {
    "level": ("级别（由申报职称得出）", "level (from the title applied for)"),
    "publicity_start": ("公示开始日期（--publicity-start）", "publicity start (--publicity-start)"),
    "publicity_end": ("公示结束日期", "publicity end"),
    "min_working_days": ("公示最少工作日", "minimum working days of the publicity"),
}


def parse_date(value: str | None) -> dt.date | None:
    """A date given on the command line, YYYY-MM-DD (None: not given); ValueError saying the format."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise ValueError(f"{value!r}: 日期格式为 YYYY-MM-DD / a date YYYY-MM-DD") from None


def _no_templates(pack: Pack, lang: str) -> str:
    if lang == "en":
        return f"The rule pack {pack.id} has no templates: its notice ships none."
    return f"规则包 {pack.id}（{pack.title}）没有模板：该通知未附模板。"


def _field_word(pack: Pack, name: str, lang: str) -> str:
    if name in _FIELD_WORDS:
        return _FIELD_WORDS[name][lang == "en"]
    labels = {f.key: f.label for f in pack.profile_fields}
    return name if lang == "en" else labels.get(name, name)


def _profile_file(path: Path, pack: Pack) -> Path | None:
    """The profile file itself, or the one in an applicant's folder (the pack's profile names, first found)."""
    if path.is_dir():
        return next((path / n for n in pack.files.profile_names if (path / n).is_file()), None)
    return path if path.is_file() else None


def read_profile(pack: Pack, path: Path | None, overrides: Mapping[str, str | None], lang: str) -> Profile:
    """The profile at `path` (a file or an applicant's folder; None: none) with command-line overrides; its
    problems (a bad value, a syntax error) are said on stderr: those fields then stay unfilled."""
    found = _profile_file(path, pack) if path is not None else None
    raw = None
    if path is not None and found is None:
        note(f"No profile ({', '.join(pack.files.profile_names)}) in {path}: the applicant's fields stay ××." if lang == "en"
             else f"{path} 中没有申报信息（{'、'.join(pack.files.profile_names)}）：申报人的信息保留 ××。")
    if found is not None:
        with found.open("rb") as f:
            raw = f.read(MAX_PROFILE_BYTES + 1)
    profile, problems = load_profile(raw, str(found) if found else None, pack, {k: v for k, v in overrides.items() if v})
    for problem in problems:
        if problem.code != "ZC001" or raw is not None:  # no profile at all is fine: fields stay ××
            note(render_message(problem, pack, lang))
    return profile


def _publicity_notes(pack: Pack, period: Publicity, lang: str) -> list[str]:
    en = lang == "en"
    if period.start is None:
        return []
    if period.problem == "no-minimum":
        return ["The pack sets no publicity length: the end date stays unfilled." if en else
                "规则包未规定公示期长度：公示结束日期保留 ××。"]
    if period.problem == "calendar-missing":
        return [f"The holiday calendar does not cover {period.start.year}: the end date stays unfilled (add the "
                "year to the pack's content.yaml calendar)." if en else
                f"节假日日历不含 {period.start.year} 年：公示结束日期保留 ××，请按当年放假安排填写（或在规则包 content.yaml 的 "
                "calendar 中补充）。"]
    if period.end is None:
        return []
    said = (f"Publicity from {period.start} for {period.min_working_days} working days (holidays and make-up "
            f"workdays counted): it ends on {period.end}." if en else
            f"公示从{chinese_date(period.start)}起满 {period.min_working_days} 个工作日（按法定节假日和调休计算），"
            f"至{chinese_date(period.end)}止。")
    if period.problem == "after-window":
        said += (f" That is after the submission deadline {pack.window_end}: start the publicity earlier." if en else
                 f"这晚于申报截止日 {pack.window_end}，请提前开始公示。")
    return [said]


def fill_all(pack: Pack, profile: Profile, start: dt.date | None,
             templates: tuple[Template, ...], lang: str) -> tuple[list[Filled], list[str]]:
    """The templates filled, and what to say about the publicity period when one of them states it."""
    period = publicity(pack, start)
    values = template_values(pack, profile, period)
    dated = any(t.fields & {"publicity_start", "publicity_end"} for t in templates)
    return [fill(t, values) for t in templates], _publicity_notes(pack, period, lang) if dated else []


def _unfilled_note(pack: Pack, filled: list[Filled], lang: str) -> list[str]:
    names = list(dict.fromkeys(name for f in filled for name in f.unfilled))
    if not names:
        return []
    words = ("、" if lang != "en" else ", ").join(_field_word(pack, n, lang) for n in names)
    return [f"Not known, left as the template's ×× marks: {words}." if lang == "en" else
            f"以下内容未能从申报信息得到，保留模板的 ×× 待填写：{words}。"]


def _paper_note(lang: str) -> str:
    if lang == "en":
        return ("A .docx is a working file: the upload system takes PDFs and images. Have the unit fill in the ×× "
                "marks, print, sign and seal it, scan it to PDF into the same folder and delete the .docx "
                "(zccheck check reports a .docx left there as a format the system refuses).")
    return ("模板 .docx 只是工作文件，申报系统只收 PDF 和图片：请单位填写 ×× 处，打印、签字、盖章后扫描为 PDF 放入同一文件夹，"
            "并删除 .docx（zccheck check 会把留下的 .docx 报为申报系统不收的格式）。")


def init_templates(folder: Path, pack: Pack, *, profile_path: Path | None, overrides: Mapping[str, str | None],
                   publicity_start: dt.date | None) -> list[str]:
    """`zccheck init`: every template, filled, into its item's slot folder (never over a file); the notes to say."""
    if not pack.templates:
        return ["该通知未附模板，未生成模板文件。"]
    profile = read_profile(pack, profile_path or folder, overrides, "zh")
    filled, dates = fill_all(pack, profile, publicity_start, pack.templates, "zh")
    written: list[str] = []
    kept: list[str] = []
    for f in filled:
        relative = f"{pack.item(f.template.item).slot}/{f.template.file}"
        (folder / pack.item(f.template.item).slot).mkdir(parents=True, exist_ok=True)
        (written if write_new(folder / relative, f) else kept).append(relative)
    notes = [f"已写入模板（按申报信息填写）：{'、'.join(written)}。"] if written else []
    notes += [f"已有，未覆盖：{'、'.join(kept)}。"] if kept else []
    return notes + dates + _unfilled_note(pack, filled, "zh") + [_paper_note("zh")]


def run_template_list(rules: str | None, lang: str) -> int:
    pack = load_pack(rules)
    if not pack.templates:
        write_text(_no_templates(pack, lang) + "\n", None)
        return 0
    lines = []
    for t in pack.templates:
        title = t.title_en if lang == "en" else t.title
        clause = f" ({t.clause})" if t.clause and lang == "en" else f"（通知{t.clause}）" if t.clause else ""
        lines.append(f"{t.id:<26} {title}{clause} → {pack.item(t.item).slot}/{t.file}")
    write_text("\n".join(lines) + "\n", None)
    return 0


def _unknown(pack: Pack, name: str, lang: str) -> int:
    known = ", ".join(t.id for t in pack.templates)
    note(f"Unknown template {name!r}; the pack's templates: {known}" if lang == "en" else
         f"没有模板「{name}」；规则包的模板：{known}")
    return 2


def run_template(name: str, *, output: Path | None, profile_path: Path | None, publicity_start: dt.date | None,
                 rules: str | None, lang: str, force: bool = False) -> int:
    pack = load_pack(rules)
    if not pack.templates:
        note(_no_templates(pack, lang))
        return 2
    template: Template | None = pack.template(name)
    if template is None:
        return _unknown(pack, name, lang)
    target = output or Path(template.file)
    if target.exists() and not force:
        note(f"{target} exists: not overwritten (--force overwrites it)" if lang == "en" else f"{target} 已存在，未覆盖（--force 覆盖）")
        return 2
    profile = read_profile(pack, profile_path, {}, lang)
    [chosen], dates = fill_all(pack, profile, publicity_start, (template,), lang)
    if force:
        target.unlink(missing_ok=True)
    write_new(target, chosen)
    said = f"Wrote {target} ({template.title_en})." if lang == "en" else f"已写入 {target}（{template.title}）。"
    for line in [said, *dates, *_unfilled_note(pack, [chosen], lang), _paper_note(lang)]:
        note(line)
    return 0
