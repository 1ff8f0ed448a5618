"""identity (ZC501, ZC502): a document names this applicant (name, ID number) and the series and level
applied for. The standard applicant is 张三, 650102198506151232, 自然科学研究 副研究员 (副高级)."""

from __future__ import annotations

from zccheck.checks import identity
from zccheck.codes import severity_of
from zccheck.content.idcard import check_character

from tests.checks.builders import context, data, found, pdf, scan

PUBLICITY = "unit-publicity"
CERTIFICATE = "training-professional"
OWN_ID = "650102198506151232"
OTHER_ID = "65010219900101001" + check_character("65010219900101001")  # valid, someone else's
BAD_ID = "650102198506151233"  # wrong check digit


def publicity(name: str = "张三", series: str = "自然科学研究", level: str = "副高") -> str:
    return f"现对{name}同志申报{series}系列{level}级专业技术任职资格进行公示。"


def run(item, *files, **options):
    return list(identity.run(context("identity", item, files, **options)))


def test_the_docstring_passing_examples():
    assert run(PUBLICITY, pdf(publicity())) == []
    assert run(CERTIFICATE, pdf(f"姓名：张三\n身份证号：{OWN_ID}")) == []


def test_another_name():
    findings = run(PUBLICITY, pdf(publicity(name="李四"), path="公示.pdf"))
    assert found(findings) == [("ZC502", PUBLICITY, "公示.pdf", None)]
    assert data(findings[0], "field", "found", "expected") == {"field": "name", "found": "李四", "expected": "张三"}
    assert severity_of(findings[0]) == "error"


def test_another_name_on_a_form():
    findings = run(CERTIFICATE, pdf("培训合格证书\n姓名：李四\n学时：60", path="证书.pdf"))
    assert found(findings) == [("ZC502", CERTIFICATE, "证书.pdf", None)]
    assert data(findings[0], "found") == {"found": "李四"}


def test_a_form_header_is_not_a_name():
    assert run(CERTIFICATE, pdf("序号 姓名 单位 资格名称\n1 张三 新疆所 副研究员")) == []


def test_a_template_mark_is_placeholders_to_report():
    assert run(PUBLICITY, pdf(publicity(name="××"))) == []


def test_another_series():
    findings = run(PUBLICITY, pdf(publicity(series="实验技术"), path="公示.pdf"))
    assert found(findings) == [("ZC502", PUBLICITY, "公示.pdf", None)]
    assert data(findings[0], "field", "found", "expected") == {"field": "series", "found": "实验技术", "expected": "自然科学研究"}


def test_a_series_alias_is_the_same_series():
    assert run(PUBLICITY, pdf(publicity(series="自然科学"))) == []


def test_another_level():
    findings = run(PUBLICITY, pdf(publicity(level="正高"), path="公示.pdf"))
    assert found(findings) == [("ZC502", PUBLICITY, "公示.pdf", None)]
    assert data(findings[0], "field", "found", "expected") == {"field": "level", "found": "正高", "expected": "副高级"}


def test_every_mismatch_of_a_file_is_reported():
    findings = run(PUBLICITY, pdf(publicity(name="李四", series="实验技术", level="中"), path="公示.pdf"))
    assert [data(f, "field")["field"] for f in findings] == ["name", "series", "level"]


def test_someone_elses_id_number_is_masked():
    findings = run(CERTIFICATE, pdf(f"姓名：张三\n身份证号：{OTHER_ID}", path="证书.pdf"))
    assert found(findings) == [("ZC502", CERTIFICATE, "证书.pdf", None)]
    assert data(findings[0], "field") == {"field": "id_number"}
    assert OTHER_ID not in repr(findings[0])  # never the whole number of someone else


def test_an_id_number_that_cannot_be_valid():
    findings = run(CERTIFICATE, pdf(f"姓名：张三\n身份证号：{BAD_ID}", path="证书.pdf"))
    assert found(findings) == [("ZC501", CERTIFICATE, "证书.pdf", None)]
    assert data(findings[0], "problem") == {"problem": "check-digit"}


def test_on_a_scan_a_wrong_digit_is_ocrs():
    assert run(CERTIFICATE, scan(ocr_text=f"姓名：张三\n身份证号：{BAD_ID}")) == []


def test_on_a_scan_a_mismatch_is_a_warning():
    findings = run(PUBLICITY, scan(ocr_text=publicity(name="李四"), path="公示.jpg"))
    assert found(findings) == [("ZC502", PUBLICITY, "公示.jpg", None)]
    assert severity_of(findings[0]) == "warning"


def test_fields_choose_what_is_compared():
    findings = run(PUBLICITY, pdf(publicity(name="李四", series="实验技术", level="正高")), params={"fields": ["level"]})
    assert [data(f, "field")["field"] for f in findings] == ["level"]


def test_nothing_to_compare_with_when_the_profile_leaves_it_out():
    assert run(PUBLICITY, pdf(publicity(name="李四")), profile={"姓名": None}) == []
    assert run(CERTIFICATE, pdf(f"身份证号：{OTHER_ID}"), profile={"身份证号": None}) == []
    assert run(PUBLICITY, pdf(publicity(series="实验技术")), profile={"系列": None, "申报职称": None}) == []


def test_a_scan_without_text_says_nothing():
    assert run(PUBLICITY, scan()) == []


RECOMMENDATION = "authority-recommendation"


def test_a_unit_naming_its_own_applicant_is_this_applicant():
    """Units write 现对我单位张三同志 and 同意推荐我院职工张三同志: the unit's words are not part of the name."""
    for wording in ("现对我单位张三同志申报", "现对本单位张三同志申报", "现对我院张三同志申报",
                    "经研究，同意推荐我所职工张三同志申报", "同意推荐我中心张三同志申报"):
        assert run(PUBLICITY, pdf(wording + "自然科学研究系列副高级专业技术任职资格。")) == [], wording
    for wording in ("现对我单位李四同志申报", "同意推荐我院职工李四同志申报"):
        findings = run(PUBLICITY, pdf(wording + "自然科学研究系列副高级专业技术任职资格。"))
        assert data(findings[0], "found") == {"found": "李四"}, wording


def test_this_comrade_and_comrades_name_nobody():
    """A form's 单位推荐意见 cell read into its label (推荐意 / 该同志…) and a notice of several people."""
    for text in ("单位推荐意该同志业务能力强，工作成绩突出，同意推荐申报。\n见",
                 "推荐意见该同志工作认真", "现对张三等同志申报自然科学研究系列副高级专业技术任职资格进行公示。"):
        assert run(RECOMMENDATION, scan(ocr_text=text)) == [], text
    findings = run(RECOMMENDATION, scan(ocr_text="单位推荐意见：同意推荐李四同志申报", path="推荐.jpg"))
    assert found(findings) == [("ZC502", RECOMMENDATION, "推荐.jpg", None)]


def test_a_minority_name_is_read_with_its_dot_as_ocr_reads_it():
    uyghur = {"姓名": "阿依古丽·买买提"}
    for dot in ("·", ".", "•", "．", ""):
        text = f"现对阿依古丽{dot}买买提同志申报自然科学研究系列副高级专业技术任职资格进行公示。"
        assert run(PUBLICITY, scan(ocr_text=text), profile=uyghur) == [], dot
        assert run(CERTIFICATE, scan(ocr_text=f"培训合格证书\n姓名：阿依古丽{dot}买买提 性别：女"), profile=uyghur) == [], dot
    findings = run(PUBLICITY, pdf(publicity(name="古丽娜尔·艾力")), profile=uyghur)
    assert data(findings[0], "found", "expected") == {"found": "古丽娜尔·艾力", "expected": "阿依古丽·买买提"}
    findings = run(CERTIFICATE, pdf("培训合格证书\n姓名：古丽娜尔·艾力 性别：女"), profile=uyghur)
    assert data(findings[0], "found") == {"found": "古丽娜尔·艾力"}


def test_a_form_row_read_without_spaces_ends_the_name_at_the_next_label():
    """OCR joins a form's cells: 姓名 张三性别 男, 姓名 热依拉·阿不都性别 女, 姓名：李四单位：…"""
    for name, row in (("张三", "姓名 张三性别 男 民族 汉"), ("张三", "姓名张三民族汉"),
                      ("热依拉·阿不都", "姓名 热依拉·阿不都性别 女"), ("王性民", "姓名 王性民 性别 男")):
        assert run(CERTIFICATE, scan(ocr_text=f"年度考核登记表\n{row}"), profile={"姓名": name}) == [], row
    findings = run(CERTIFICATE, scan(ocr_text="年度考核登记表\n姓名：李四单位：新疆所"))
    assert data(findings[0], "found") == {"found": "李四"}
    findings = run(CERTIFICATE, scan(ocr_text="年度考核登记表\n姓名 热依拉·阿不都性别 女"), profile={"姓名": "古丽娜尔·艾力"})
    assert data(findings[0], "found") == {"found": "热依拉·阿不都"}
