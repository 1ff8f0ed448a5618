"""The notice's templates, filled from the applicant's profile: 附件1 推荐单位公示, 附件2 主管单位推荐意见 and the
推荐单位审核意见 with its prescribed sentence (rules/xj-2021-zrkx-syjs/templates.yaml), written by `zccheck init`
into their slot folders and by `zccheck template NAME -o FILE`, as .docx files read back here with python-docx.

Publicity end dates are the official 2021 arrangement (国办发明电〔2020〕27号), counted by hand:
- 中秋节 9月19日–21日 off, Saturday 9月18日 a make-up workday;
- 国庆节 10月1日–7日 off, Sunday 9月26日 and Saturday 10月9日 make-up workdays.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import REPO, check_doc, run_cli
from tests.factories import make_pdf

docx = pytest.importorskip("docx")

XJ = REPO / "rules" / "xj-2021-zrkx-syjs"
SHIFT = REPO / "tests" / "packs" / "xj-2022-shift"
SENTENCE = "本单位已对提供的申报材料逐一审核，真实、完整、有效，同意推荐"
PUBLICITY = "13-单位公示证明及公示结果/附件1-推荐单位公示.docx"
RECOMMENDATION = "14-主管单位推荐意见/附件2-主管单位推荐意见.docx"
AUDIT = "12-推荐单位审核意见/推荐单位审核意见.docx"
ZHANG_SAN = "姓名: 张三\n系列: 自然科学研究\n申报职称: 副研究员\n工作单位: 新疆某研究所\n"


def _profile(tmp_path: Path, text: str = ZHANG_SAN, name: str = "p.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _paragraphs(path: Path) -> list[str]:
    return [p.text for p in docx.Document(str(path)).paragraphs]


def _text(path: Path) -> str:
    return "\n".join(_paragraphs(path))


def _init(tmp_path: Path, *args: str) -> tuple[Path, str]:
    target = tmp_path / "申报材料"
    r = run_cli("init", str(target), *args)
    assert r.returncode == 0, r.stderr
    return target, r.stderr


# --- init -------------------------------------------------------------------------------------------

def test_init_with_a_profile_writes_the_three_templates_filled_into_their_slots(tmp_path):
    target, said = _init(tmp_path, "--profile", str(_profile(tmp_path)), "--publicity-start", "2021-09-13")
    assert sorted(str(p.relative_to(target)) for p in target.rglob("*.docx")) == sorted([PUBLICITY, RECOMMENDATION, AUDIT])

    publicity = _paragraphs(target / PUBLICITY)
    assert publicity[0] == "推荐单位公示"
    assert publicity[1] == "根据自治区职称评审的要求，现对张三同志申报自然科学研究系列副高级专业技术任职资格进行公示。"
    assert "公示时间从2021年9月13日起至2021年9月17日止（公示期不少于5个工作日）。如对张三同志" in publicity[5]
    assert "××办公室" in publicity[5] and "监督电话：××××" in publicity[5]  # only the unit knows these
    assert publicity[-3:] == ["签字：（单位负责人签字）", "（推荐单位公章）", "2021年×月×日"]

    assert _paragraphs(target / RECOMMENDATION)[:2] == [
        "主管单位推荐意见", "经审核，同意推荐张三同志申报自然科学研究系列副高级专业技术任职资格。"]
    audit = _text(target / AUDIT)
    assert "申报人：张三" in audit and "工作单位：新疆某研究所" in audit
    assert "申报资格：自然科学研究系列副高级（副研究员）" in audit and f"审核意见：{SENTENCE}。" in audit

    # The given profile became the folder's own; init says what to do with the working files.
    assert (target / "申报信息.yaml").read_text(encoding="utf-8") == ZHANG_SAN
    assert "打印、签字、盖章后扫描为 PDF" in said and "删除 .docx" in said
    assert "至2021年9月17日止" in said


def test_init_without_a_profile_file_reads_the_folders_profile_and_the_command_line(tmp_path):
    """实验技术 高级实验师 is 副高级 in the pack's series (pack.yaml), like 副研究员."""
    from zccheck.pack.loader import load_pack

    assert load_pack().find_series("实验技术").title("高级实验师").level == "副高级"
    target = tmp_path / "申报材料"
    target.mkdir()
    _profile(target, "姓名: 李四\n工作单位: 新疆大学\n", name="申报信息.yaml")
    r = run_cli("init", str(target), "--series", "实验技术", "--title", "高级实验师")
    assert r.returncode == 0, r.stderr
    assert _paragraphs(target / RECOMMENDATION)[1] == "经审核，同意推荐李四同志申报实验技术系列副高级专业技术任职资格。"
    assert "申报资格：实验技术系列副高级（高级实验师）" in _text(target / AUDIT)
    assert (target / "申报信息.yaml").read_text(encoding="utf-8") == "姓名: 李四\n工作单位: 新疆大学\n"  # kept


def test_a_title_alone_gives_its_series_and_level(tmp_path):
    from zccheck.commands.template_fill import applicant_values
    from zccheck.pack.loader import load_pack
    from zccheck.profile import Profile

    values = applicant_values(load_pack(), Profile((("title", "高级实验师"),)))
    assert values == {"title": "高级实验师", "series": "实验技术", "level": "副高级"}


def test_init_never_overwrites_a_template_that_is_there(tmp_path):
    target = tmp_path / "申报材料"
    (target / "13-单位公示证明及公示结果").mkdir(parents=True)
    (target / PUBLICITY).write_bytes(b"the unit's own edits")
    r = run_cli("init", str(target), "--profile", str(_profile(tmp_path)))
    assert r.returncode == 0 and "已有，未覆盖" in r.stderr and PUBLICITY in r.stderr
    assert (target / PUBLICITY).read_bytes() == b"the unit's own edits"
    assert "张三" in _text(target / AUDIT)


def test_the_documents_name_an_east_asian_font_and_are_a4(tmp_path):
    target, _ = _init(tmp_path, "--profile", str(_profile(tmp_path)))
    document = docx.Document(str(target / PUBLICITY))
    assert round(document.sections[0].page_width.mm) == 210 and round(document.sections[0].page_height.mm) == 297
    eastasia = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia"
    for paragraph in document.paragraphs:
        for run in paragraph.runs:
            assert run.element.rPr.rFonts.get(eastasia) == "宋体"
    assert document.styles["Normal"].element.rPr.rFonts.get(eastasia) == "宋体"


def test_check_on_a_folder_just_made_by_init_reports_the_docx_as_refused_and_does_not_choke(tmp_path):
    target, _ = _init(tmp_path, "--profile", str(_profile(tmp_path)))
    r = run_cli("check", str(target), "--format", "json", "--no-cache")
    assert r.returncode == 1 and "Traceback" not in r.stderr, r.stderr
    refused = {(f["file"], f["item"]) for a in json.loads(r.stdout)["applicants"] for f in a["findings"] if f["code"] == "ZC304"}
    assert refused == {(PUBLICITY, "unit-publicity"), (RECOMMENDATION, "authority-recommendation"), (AUDIT, "unit-audit")}


# --- the publicity period ----------------------------------------------------------------------------

@pytest.mark.parametrize("start, end", [
    ("2021-09-06", "2021-09-10"),  # a normal week: Monday to Friday
    ("2021-09-13", "2021-09-17"),
    ("2021-09-17", "2021-09-24"),  # Fri 17, Sat 18 (调休 workday), 19–21 中秋 off, Wed 22, Thu 23, Fri 24
    ("2021-09-25", "2021-09-30"),  # Sat 25 off, Sun 26 (调休 workday), 27, 28, 29, 30
    ("2021-09-29", "2021-10-11"),  # 29, 30, 10-01..07 国庆 off, Fri 8, Sat 9 (调休 workday), Sun 10 off, Mon 11
])
def test_publicity_end_counts_five_working_days_with_the_holiday_calendar(start, end):
    from zccheck.commands.template_fill import publicity
    from zccheck.content.period import count_working_days
    from zccheck.pack.loader import load_pack

    period = publicity(load_pack(), dt.date.fromisoformat(start))
    assert period.end == dt.date.fromisoformat(end) and period.min_working_days == 5
    assert count_working_days(period.start, period.end).days == 5  # what the publicity-period check counts
    assert period.problem == ("after-window" if end > "2021-10-10" else None)


def test_a_publicity_over_national_day_is_written_and_said_to_end_after_the_window(tmp_path):
    out = tmp_path / "公示.docx"
    r = run_cli("template", "unit-publicity", "-o", str(out), "--profile", str(_profile(tmp_path)),
                "--publicity-start", "2021-09-29")
    assert r.returncode == 0, r.stderr
    assert "公示时间从2021年9月29日起至2021年10月11日止" in _text(out)
    assert "晚于申报截止日 2021-10-10" in r.stderr


def test_the_packs_calendar_additions_move_the_end(tmp_path):
    """content.yaml `calendar`: a day the pack declares a holiday is not counted, a declared workday is."""
    from zccheck.commands.template_fill import publicity
    from zccheck.pack.loader import load_pack

    pack_dir = tmp_path / "pack"
    shutil.copytree(XJ, pack_dir, ignore=shutil.ignore_patterns("tests"))
    content = (pack_dir / "content.yaml").read_text(encoding="utf-8")
    content = content.replace("  holidays: []\n  workdays: []\n", '  holidays: ["2021-09-14"]\n  workdays: ["2021-09-19"]\n')
    (pack_dir / "content.yaml").write_text(content, encoding="utf-8")
    # 13, (14 declared off), 15, 16, 17 → 4; Sat 18 (调休) → 5.
    assert publicity(load_pack(str(pack_dir)), dt.date(2021, 9, 13)).end == dt.date(2021, 9, 18)
    # 17, 18 (调休), 19 (declared workday), 22, 23 → 5.
    assert publicity(load_pack(str(pack_dir)), dt.date(2021, 9, 17)).end == dt.date(2021, 9, 23)


def test_a_year_the_calendar_does_not_know_leaves_the_end_unfilled(tmp_path):
    from zccheck.commands.template_fill import fill, publicity, template_values
    from zccheck.pack.loader import load_pack
    from zccheck.profile import Profile

    pack = load_pack()
    period = publicity(pack, dt.date(2099, 9, 14))
    assert period.end is None and period.problem == "calendar-missing"
    filled = fill(pack.template("unit-publicity"), template_values(pack, Profile(), period))
    assert "公示时间从2099年9月14日起至××××年××月××日止" in filled.text
    assert "publicity_end" in filled.unfilled and "publicity_start" not in filled.unfilled


def test_a_yearly_delta_inherits_the_templates_with_its_year_and_minimum():
    """tests/packs/xj-2022-shift: notice year 2022, 7 working days. 2022 中秋: Sat 9-10 to Mon 9-12 off, no
    make-up workday. From Thu 9-08: 8, 9, 13, 14, 15, 16, (17, 18 weekend) 19."""
    from zccheck.commands.template_fill import fill, publicity, template_values
    from zccheck.pack.loader import load_pack
    from zccheck.profile import Profile

    pack = load_pack(str(SHIFT))
    period = publicity(pack, dt.date(2022, 9, 8))
    assert period.end == dt.date(2022, 9, 19) and period.min_working_days == 7
    text = fill(pack.template("unit-publicity"), template_values(pack, Profile(), period)).text
    assert "公示时间从2022年9月8日起至2022年9月19日止（公示期不少于7个工作日）" in text and "2022年×月×日" in text


# --- what stays unfilled, and what the checker makes of it --------------------------------------------

def _placeholders(text: str) -> list[tuple[str, str]]:
    from zccheck.content.placeholders import find_placeholders
    from zccheck.pack.loader import load_pack

    return [(h.kind, h.match) for h in find_placeholders(text, load_pack().content["placeholder"]["patterns"])]


UNIT_ONLY = [("fill_in", "【请填写】")] * 3 + [("cross", "××"), ("cross", "××××"), ("date", "2021年×月×日")]


def test_a_filled_publicity_holds_only_the_marks_the_unit_fills_in(tmp_path):
    target, _ = _init(tmp_path, "--profile", str(_profile(tmp_path)), "--publicity-start", "2021-09-13")
    assert _placeholders(_text(target / PUBLICITY)) == UNIT_ONLY
    assert _placeholders(_text(target / RECOMMENDATION)) == [("date", "2021年×月×日")]
    assert _placeholders(_text(target / AUDIT)) == [("date", "2021年×月×日")]


def test_fields_the_profile_lacks_stay_the_templates_marks(tmp_path):
    target, said = _init(tmp_path, "--profile", str(_profile(tmp_path, "系列: 自然科学研究\n")))
    text = _text(target / PUBLICITY)
    assert "现对××同志申报自然科学研究系列×（高、中、初）级专业技术任职资格" in text
    assert "公示时间从××××年××月××日起至××××年××月××日止" in text
    assert _placeholders(text) == [
        ("cross", "××"), ("choice", "×（高、中、初）"), *UNIT_ONLY[:3], ("date", "××××年××月××日"),
        ("date", "××××年××月××日"), ("cross", "××"), *UNIT_ONLY[3:]]
    assert "保留模板的 ×× 待填写：姓名、级别（由申报职称得出）、公示开始日期（--publicity-start）、公示结束日期、工作单位、申报职称。" in said


def _printed(target: Path, relative: str) -> Path:
    """The .docx as the unit hands it back: its text in a PDF (what the checker reads), the .docx gone."""
    pdf = (target / relative).with_suffix(".pdf")
    make_pdf(pdf, "\n".join(_paragraphs(target / relative)))
    (target / relative).unlink()
    return pdf


def test_check_flags_the_unfilled_name_of_a_printed_publicity_and_not_the_filled_period(tmp_path):
    target, _ = _init(tmp_path, "--profile", str(_profile(tmp_path, "系列: 自然科学研究\n申报职称: 副研究员\n")),
                      "--publicity-start", "2021-09-13")
    pdf = str(_printed(target, PUBLICITY).relative_to(target))
    found = [f for f in check_doc(target)["applicants"][0]["findings"] if f["file"] == pdf]
    marks = [f for f in found if f["code"] == "ZC401"]
    assert marks and marks[0]["item"] == "unit-publicity" and "现对××同志" in marks[0]["message"], marks
    codes = {f["code"] for f in found}
    assert not codes & {"ZC404", "ZC405", "ZC409", "ZC502"}, found  # the period has its 5 working days; the series and level match


def test_check_passes_the_filled_fields_of_printed_documents(tmp_path):
    target, _ = _init(tmp_path, "--profile", str(_profile(tmp_path)), "--publicity-start", "2021-09-17")
    files = {relative: str(_printed(target, relative).relative_to(target)) for relative in (PUBLICITY, RECOMMENDATION, AUDIT)}
    found = [f for f in check_doc(target)["applicants"][0]["findings"] if f["file"] in files.values()]
    codes = {f["code"] for f in found}
    assert not codes & {"ZC403", "ZC404", "ZC405", "ZC409", "ZC502"}, found  # sentence, period, name, series and level
    # What is left is the unit's: its marks in the 公示 (at most 3 a file) and the date of each signature.
    marks = sorted((f["file"], f["data"]["match"]) for f in found if f["code"] == "ZC401")
    assert marks == sorted([(files[PUBLICITY], "【请填写】")] * 3 + [(files[RECOMMENDATION], "2021年×月×日"),
                                                                     (files[AUDIT], "2021年×月×日")]), marks


# --- zccheck template ----------------------------------------------------------------------------------

def test_template_writes_one_template_from_a_profile(tmp_path):
    out = tmp_path / "x.docx"
    r = run_cli("template", "unit-publicity", "-o", str(out), "--profile", str(_profile(tmp_path)))
    assert r.returncode == 0, r.stderr
    assert "现对张三同志申报自然科学研究系列副高级专业技术任职资格进行公示" in _text(out)
    assert "公示时间从××××年××月××日起至××××年××月××日止" in _text(out)  # no --publicity-start
    assert "已写入" in r.stderr and "公示开始日期" in r.stderr
    before = out.read_bytes()
    r = run_cli("template", "unit-publicity", "-o", str(out), "--profile", str(_profile(tmp_path)),
                "--publicity-start", "2021-09-06")
    assert r.returncode == 2 and "--force" in r.stderr and out.read_bytes() == before
    r = run_cli("template", "unit-publicity", "-o", str(out), "--profile", str(_profile(tmp_path)),
                "--publicity-start", "2021-09-06", "--force", "--lang", "en")
    assert r.returncode == 0 and "Wrote" in r.stderr and "ends on 2021-09-10" in r.stderr
    assert "公示时间从2021年9月6日起至2021年9月10日止" in _text(out)


def test_template_takes_an_applicants_folder_as_profile(tmp_path):
    folder = tmp_path / "张三"
    folder.mkdir()
    _profile(folder, name="申报信息.yaml")
    r = run_cli("template", "unit-audit", "--profile", str(folder), cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert "申报人：张三" in _text(tmp_path / "推荐单位审核意见.docx")  # the template's own file name by default


def test_template_list_names_each_template_its_file_and_slot():
    r = run_cli("template", "--list")
    assert r.returncode == 0
    lines = r.stdout.splitlines()
    assert [line.split()[0] for line in lines] == ["unit-publicity", "authority-recommendation", "unit-audit"]
    assert PUBLICITY in lines[0] and "附件1" in lines[0] and RECOMMENDATION in lines[1] and AUDIT in lines[2]
    r = run_cli("template", "--list", "--lang", "en")
    assert "recommending unit's publicity notice" in r.stdout


def test_template_unknown_name_or_bad_date_is_a_usage_error(tmp_path):
    r = run_cli("template", "nope", "-o", str(tmp_path / "x.docx"))
    assert r.returncode == 2 and "unit-publicity" in r.stderr
    r = run_cli("template", "unit-publicity", "-o", str(tmp_path / "x.docx"), "--publicity-start", "2021-13-01")
    assert r.returncode == 2 and "YYYY-MM-DD" in r.stderr and not (tmp_path / "x.docx").exists()


def test_a_pack_whose_notice_ships_no_templates_says_so(tmp_path):
    r = run_cli("template", "--list", "--rules", "xianyang-2022-gongcheng")
    assert r.returncode == 0 and "没有模板" in r.stdout and "xianyang-2022-gongcheng" in r.stdout
    r = run_cli("template", "--list", "--rules", "xianyang-2022-gongcheng", "--lang", "en")
    assert "has no templates" in r.stdout
    r = run_cli("template", "unit-publicity", "--rules", "xianyang-2022-gongcheng", "-o", str(tmp_path / "x.docx"))
    assert r.returncode == 2 and "没有模板" in r.stderr and not (tmp_path / "x.docx").exists()
    target = tmp_path / "a"
    r = run_cli("init", str(target), "--rules", "xianyang-2022-gongcheng")
    assert r.returncode == 0 and "未附模板" in r.stderr and not list(target.rglob("*.docx"))


# --- templates.yaml ------------------------------------------------------------------------------------

def _broken_pack(tmp_path: Path, old: str, new: str) -> tuple[Path, int]:
    pack = tmp_path / "pack"
    shutil.copytree(XJ, pack, ignore=shutil.ignore_patterns("tests"))
    text = (pack / "templates.yaml").read_text(encoding="utf-8")
    assert old in text
    line = text[:text.index(old)].count("\n") + len(new.splitlines())  # the last line written
    (pack / "templates.yaml").write_text(text.replace(old, new, 1), encoding="utf-8")
    return pack, line


@pytest.mark.parametrize("old, new, words", [
    ("    file: 附件1-推荐单位公示.docx\n", "    file: 附件1-推荐单位公示.docx\n    font: 黑体\n", "unknown key 'font'"),
    ("    item: unit-publicity\n", "    item: unit-publicty\n", "unknown item 'unit-publicty'"),
    ("    file: 附件1-推荐单位公示.docx\n", "    file: 附件1-推荐单位公示.pdf\n", ".docx"),
    ("  - id: authority-recommendation\n", "  - id: unit-publicity\n", "a second template with id"),
])
def test_a_bad_templates_yaml_is_a_rule_pack_error_with_file_and_line(tmp_path, old, new, words):
    pack, line = _broken_pack(tmp_path, old, new)
    r = run_cli("rules", "validate", str(pack))
    assert r.returncode == 2 and f"templates.yaml:{line}" in r.stderr and words in r.stderr, r.stderr
    r = run_cli("template", "--list", "--rules", str(pack))
    assert r.returncode == 2 and "规则包错误" in r.stderr and "Traceback" not in r.stderr


@pytest.mark.parametrize("paragraph, words", [("现对{nme|××}同志", "unknown field {nme}"), ("现对{name同志", "brace")])
def test_a_bad_field_is_an_error_with_the_paragraphs_line(tmp_path, paragraph, words):
    pack, line = _broken_pack(tmp_path, "      - 经审核，同意推荐{name|××}同志", f"      - {paragraph}")
    r = run_cli("rules", "validate", str(pack))
    line -= 1  # a string in a list is placed at its key: `paragraphs:` on the line above
    assert r.returncode == 2 and f"templates.yaml:{line}" in r.stderr and words in r.stderr, r.stderr


def test_field_syntax():
    from zccheck.pack.templates import Field, segments

    assert segments("现对{name|××}同志{year}年") == ("现对", Field("name", "××"), "同志", Field("year", "××"), "年")
    assert segments("{level|×（高、中、初）级}") == (Field("level", "×（高、中、初）级"),)
    assert segments("{unit|}") == (Field("unit", ""),)
    for bad in ("{nme}", "}{name}", "{name|{x}}"):
        with pytest.raises(ValueError):
            segments(bad)


def test_every_field_a_template_may_name_has_a_value():
    """FIELDS (the pack language) and template_values (the code) agree: a full profile and a start fill all."""
    from zccheck.commands.template_fill import publicity, template_values
    from zccheck.pack.loader import load_pack
    from zccheck.pack.templates import FIELDS
    from zccheck.profile import Profile

    pack = load_pack()
    profile = Profile((("name", "张三"), ("unit", "新疆某研究所"), ("series", "自然科学研究"), ("title", "副研究员")))
    assert set(template_values(pack, profile, publicity(pack, dt.date(2021, 9, 13)))) == set(FIELDS)


def test_a_bad_profile_value_is_said_and_its_fields_stay_unfilled(tmp_path):
    profile = _profile(tmp_path, "姓名: 张三\n系列: 自然科学研究\n申报职称: 教授\n")
    out = tmp_path / "x.docx"
    r = run_cli("template", "authority-recommendation", "--profile", str(profile), "-o", str(out))
    assert r.returncode == 0 and "教授" in r.stderr, r.stderr
    assert _paragraphs(out)[1] == "经审核，同意推荐张三同志申报自然科学研究系列××（高、中、初）级专业技术任职资格。"
