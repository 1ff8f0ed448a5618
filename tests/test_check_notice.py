"""zccheck check, one test per requirement of the 2021 notice (五、职称申报需要提供的材料), on real
files made at test time: PDFs with Chinese text, Pillow-drawn JPEG scans, real zip archives."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import jsonschema
import pytest
from pypdf import PdfWriter

from tests.conftest import check_doc, findings, item_status, run_cli
from tests.factories import PROFILE, build_applicant, make_pdf, make_scan, profile_yaml, zip_folder

NOISE_CATEGORIES = {"missing", "year-missing", "year-out-of-range", "misfiled", "unclassified", "incomplete"}


def codes(doc: dict) -> list[str]:
    return [f["code"] for f in doc["applicants"][0]["findings"]]


def errors(doc: dict) -> list[dict]:
    return [f for f in doc["applicants"][0]["findings"] if f["severity"] == "error"]


# --- complete applications pass, in every layout -------------------------------------------------

@pytest.mark.parametrize("layout", ["slots", "flat"])
def test_complete_application_passes(tmp_path, layout, contract_schema):
    doc = check_doc(build_applicant(tmp_path / "张三", layout=layout))
    jsonschema.validate(doc, contract_schema)
    a = doc["applicants"][0]
    assert a["status"] == "pass", errors(doc)
    assert not [f for f in a["findings"] if f["category"] in NOISE_CATEGORIES]
    statuses = {it["id"]: it["status"] for it in a["items"]}
    assert statuses["transfer-proof"] == statuses["entrustment-letter"] == statuses["aid-approval"] == "not-applicable"
    assert all(s == "ok" for k, s in statuses.items() if k not in ("transfer-proof", "entrustment-letter", "aid-approval"))
    assert a["name"] == "张三" and a["series"] == "自然科学研究" and a["title"] == "副研究员"


def test_complete_application_in_a_wrapper_folder_passes(tmp_path):
    build_applicant(tmp_path / "张三申报材料" / "张三")
    doc = check_doc(tmp_path / "张三申报材料")
    assert doc["applicants"][0]["status"] == "pass", errors(doc)


@pytest.mark.parametrize("encoding", ["utf-8", "gbk"])
def test_complete_application_as_zip_passes(tmp_path, encoding, contract_schema):
    folder = build_applicant(tmp_path / "src" / "张三")
    archive = zip_folder(folder, tmp_path / "张三.zip", encoding=encoding)
    doc = check_doc(archive)
    jsonschema.validate(doc, contract_schema)
    assert doc["applicants"][0]["status"] == "pass", errors(doc)
    files = doc["applicants"][0]["items"][2]["files"]  # id-card
    assert files == ["03-身份证（正反面）/身份证人像面.jpg", "03-身份证（正反面）/身份证国徽面.jpg"]


def test_bundled_complete_example_passes_and_defective_fails():
    examples = Path(__file__).resolve().parents[1] / "examples"
    ok = run_cli("check", str(examples / "张三-完整"), "--no-cache")
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "结论: 通过" in ok.stdout
    bad = run_cli("check", str(examples / "李四-有缺陷"), "--format", "json", "--no-cache")
    assert bad.returncode == 1
    found = {(f["code"], f["item"]) for f in json.loads(bad.stdout)["applicants"][0]["findings"]}
    assert {("ZC201", "training-public"), ("ZC201", "annual-assessment"), ("ZC102", "id-card"),
            ("ZC403", "unit-audit"), ("ZC404", "unit-publicity"), ("ZC401", "unit-publicity"),
            ("ZC502", "authority-recommendation"), ("ZC501", None), ("ZC304", None), ("ZC106", "training-public")} <= found


# --- 五（一）申报人 ------------------------------------------------------------------------------

def test_commitment_missing_is_an_error(tmp_path):
    doc = check_doc(build_applicant(tmp_path / "a", skip=("commitment",)))
    missing = findings(doc, category="missing")
    assert [(f["code"], f["item"], f["file"]) for f in missing] == [("ZC101", "commitment", None)]
    assert doc["applicants"][0]["status"] == "fail"


def test_photo_missing(tmp_path):
    doc = check_doc(build_applicant(tmp_path / "a", skip=("photo",), layout="flat"))
    assert [f["item"] for f in findings(doc, category="missing")] == ["photo"]


def test_id_card_needs_both_sides(tmp_path):
    doc = check_doc(build_applicant(tmp_path / "a", skip=("id-card:back",)))
    f = findings(doc, category="incomplete", item="id-card")
    assert len(f) == 1 and f[0]["data"]["parts"] == ["back"] and f[0]["severity"] == "error"


def test_id_card_copy_with_both_sides_on_one_page_counts(tmp_path):
    folder = build_applicant(tmp_path / "a", skip=("id-card",), layout="flat")
    make_scan(folder / "身份证复印件.jpg", "公民身份号码 650102198506151232\n签发机关 乌鲁木齐市公安局", size=(1240, 1754))
    doc = check_doc(folder)
    assert item_status(doc, "id-card") == "ok" and not findings(doc, item="id-card", category="incomplete")


def test_degree_certificate_required_when_profile_has_a_degree(tmp_path):
    doc = check_doc(build_applicant(tmp_path / "a", skip=("education:degree",)))
    f = findings(doc, category="incomplete", item="education")
    assert len(f) == 1 and f[0]["data"]["parts"] == ["degree"]


def test_no_degree_needs_only_the_diploma(tmp_path):
    doc = check_doc(build_applicant(tmp_path / "a", {"学位": "无"}))
    assert item_status(doc, "education") == "ok"
    assert not findings(doc, item="education", category="incomplete")


def test_title_obtained_in_xinjiang_any_one_document_suffices(tmp_path):
    folder = build_applicant(tmp_path / "a", skip=("title-proof",))
    make_pdf(folder / "05-现任职称资格证明" / "专业技术职务任职资格评审表.pdf", "专业技术职务任职资格评审表\n姓名：张三")
    doc = check_doc(folder)
    assert item_status(doc, "title-proof") == "ok"


def test_title_obtained_in_another_province_needs_all_three(tmp_path):
    doc = check_doc(build_applicant(tmp_path / "a", {"现任职称取得地": "外省"}, skip=("title-proof:document", "title-proof:form")))
    f = findings(doc, category="incomplete", item="title-proof")
    assert len(f) == 1 and sorted(f[0]["data"]["parts"]) == ["qualification-document", "review-form"]


def test_title_obtained_in_another_province_complete(tmp_path):
    doc = check_doc(build_applicant(tmp_path / "a", {"现任职称取得地": "外省"}))
    assert item_status(doc, "title-proof") == "ok" and doc["applicants"][0]["status"] == "pass", errors(doc)


def test_first_determination_needs_no_title_proof(tmp_path):
    profile = {"申报职称": "研究实习员", "现任职称": "无", "现任职称取得时间": "无", "学历": "硕士研究生", "毕业时间": "2020-07"}
    doc = check_doc(build_applicant(tmp_path / "a", profile))
    assert item_status(doc, "title-proof") == "not-applicable"


def test_transfer_from_government_needs_appointment_and_resume(tmp_path):
    doc = check_doc(build_applicant(tmp_path / "a", {"机关调动": "是"}, skip=("transfer-proof:resume",)))
    f = findings(doc, category="incomplete", item="transfer-proof")
    assert len(f) == 1 and f[0]["data"]["parts"] == ["cadre-resume"]
    doc = check_doc(build_applicant(tmp_path / "b", {"机关调动": "是"}, skip=("transfer-proof",)))
    assert [f["item"] for f in findings(doc, category="missing")] == ["transfer-proof"]


def test_professional_training_2021_required(tmp_path):
    doc = check_doc(build_applicant(tmp_path / "a", skip=("training-professional",)))
    assert [f["item"] for f in findings(doc, category="missing")] == ["training-professional"]


def test_public_training_one_certificate_per_year_2014_to_2020(tmp_path):
    doc = check_doc(build_applicant(tmp_path / "a", skip=("training-public:2016",)))
    f = findings(doc, category="year-missing")
    assert [(x["code"], x["item"], x["data"]["years"]) for x in f] == [("ZC201", "training-public", [2016])]


def test_public_training_several_years_missing(tmp_path):
    doc = check_doc(build_applicant(tmp_path / "a", layout="flat", public_years=(2014, 2015, 2019, 2020)))
    f = findings(doc, category="year-missing", item="training-public")
    assert f[0]["data"]["years"] == [2016, 2017, 2018]


def test_public_training_certificate_for_the_wrong_year(tmp_path):
    folder = build_applicant(tmp_path / "a", skip=("training-public:2014",), layout="flat")
    make_pdf(folder / "2013公需.pdf", "2013年度专业技术人员继续教育公需科目培训合格证书\n姓名：张三")
    doc = check_doc(folder)
    wrong = findings(doc, category="year-out-of-range")
    assert [(x["item"], x["file"], x["data"]["years"]) for x in wrong] == [("training-public", "2013公需.pdf", [2013])]
    assert findings(doc, category="year-missing")[0]["data"]["years"] == [2014]


def test_one_pdf_holding_all_public_training_years(tmp_path):
    folder = build_applicant(tmp_path / "a", public_years=())
    make_pdf(folder / "08-公需科目培训证书（2014-2020）" / "公需科目2014-2020.pdf",
             [f"{y}年度公需科目培训合格证书\n姓名：张三" for y in range(2014, 2021)])
    doc = check_doc(folder)
    assert item_status(doc, "training-public") == "ok"


def test_year_read_from_text_when_the_name_has_none(tmp_path):
    folder = build_applicant(tmp_path / "a", skip=("training-public:2017",))
    make_pdf(folder / "08-公需科目培训证书（2014-2020）" / "证书.pdf",
             "2017年度专业技术人员继续教育公需科目培训合格证书\n姓名：张三\n发证日期：2018年1月5日")
    doc = check_doc(folder)
    assert item_status(doc, "training-public") == "ok", findings(doc, item="training-public")


def test_annual_assessment_last_three_years(tmp_path):
    doc = check_doc(build_applicant(tmp_path / "a", assessment_years=(2018, 2020)))
    f = findings(doc, category="year-missing", item="annual-assessment")
    assert f[0]["data"]["years"] == [2019]


def test_annual_assessment_front_without_back(tmp_path):
    folder = build_applicant(tmp_path / "a", skip=("annual-assessment:2019",), layout="flat")
    make_scan(folder / "2019年度考核登记表正面.jpg", "2019年度考核登记表\n姓名：张三")
    doc = check_doc(folder)
    f = findings(doc, category="incomplete", item="annual-assessment")
    assert len(f) == 1 and f[0]["data"]["years"] == [2019] and f[0]["severity"] == "error"


def test_annual_assessment_single_page_is_flagged_for_review(tmp_path):
    folder = build_applicant(tmp_path / "a", skip=("annual-assessment:2019",), layout="flat")
    make_pdf(folder / "考核表2019.pdf", "2019年度考核登记表\n姓名：张三")
    doc = check_doc(folder)
    f = findings(doc, code="ZC204")
    assert len(f) == 1 and f[0]["data"]["years"] == [2019] and f[0]["severity"] == "warning"
    assert doc["applicants"][0]["status"] == "pass"


def test_work_summary_and_achievements_required(tmp_path):
    doc = check_doc(build_applicant(tmp_path / "a", skip=("work-summary", "achievements")))
    assert sorted(f["item"] for f in findings(doc, category="missing")) == ["achievements", "work-summary"]


# --- 五（二）（三）（四）（五） -------------------------------------------------------------------------

def test_unit_and_authority_materials_required(tmp_path):
    doc = check_doc(build_applicant(tmp_path / "a", skip=("unit-audit", "unit-publicity", "authority-recommendation")))
    assert sorted(f["item"] for f in findings(doc, category="missing")) == ["authority-recommendation", "unit-audit", "unit-publicity"]


@pytest.mark.parametrize("unit_type", ["中央驻疆单位", "外省驻疆企业", "军队"])
def test_entrustment_letter_for_central_units_and_army(tmp_path, unit_type):
    doc = check_doc(build_applicant(tmp_path / "a", {"单位类型": unit_type}, skip=("entrustment-letter",)))
    assert [f["item"] for f in findings(doc, category="missing")] == ["entrustment-letter"]
    doc = check_doc(build_applicant(tmp_path / "b", {"单位类型": unit_type}))
    assert item_status(doc, "entrustment-letter") == "ok"


def test_aid_to_xinjiang_needs_the_sending_units_approval(tmp_path):
    doc = check_doc(build_applicant(tmp_path / "a", {"援疆": "是"}, skip=("aid-approval",)))
    assert [f["item"] for f in findings(doc, category="missing")] == ["aid-approval"]
    doc = check_doc(build_applicant(tmp_path / "b", {"援疆": "是"}))
    assert item_status(doc, "aid-approval") == "ok"


# --- slots, misfiled, duplicates, bad files --------------------------------------------------------

def test_empty_slot_folder_is_a_blank_slot(tmp_path):
    folder = build_applicant(tmp_path / "a", skip=("work-summary",))
    (folder / "10-个人业务工作总结").mkdir(exist_ok=True)
    doc = check_doc(folder)
    f = findings(doc, category="blank-slot")
    assert [(x["code"], x["item"], x["file"]) for x in f] == [("ZC103", "work-summary", "10-个人业务工作总结")]


def test_certificate_in_the_assessment_slot_is_misfiled(tmp_path):
    folder = build_applicant(tmp_path / "a")
    src = folder / "08-公需科目培训证书（2014-2020）" / "2018年度公需科目培训证书.pdf"
    shutil.move(src, folder / "11-年度考核登记表（近三年）" / "2018年度公需科目培训证书.pdf")
    doc = check_doc(folder)
    m = findings(doc, category="misfiled")
    assert len(m) == 1 and m[0]["item"] == "annual-assessment" and m[0]["data"]["found_item"] == "training-public"
    assert m[0]["file"] == "11-年度考核登记表（近三年）/2018年度公需科目培训证书.pdf"
    assert findings(doc, category="year-missing", item="training-public")[0]["data"]["years"] == [2018]


def test_misfiled_by_content_when_the_name_says_nothing(tmp_path):
    folder = build_applicant(tmp_path / "a")
    make_pdf(folder / "01-承诺书" / "扫描件1.pdf", "2019年度考核登记表\n姓名：张三\n考核等次：合格")
    doc = check_doc(folder)
    m = findings(doc, category="misfiled")
    assert [(x["item"], x["data"]["found_item"]) for x in m] == [("commitment", "annual-assessment")]


def test_duplicate_file_is_a_warning(tmp_path):
    folder = build_applicant(tmp_path / "a", layout="flat")
    shutil.copy(folder / "2018公需.pdf", folder / "2018公需(1).pdf")
    doc = check_doc(folder)
    d = findings(doc, category="duplicate")
    assert len(d) == 1 and d[0]["severity"] == "warning"
    assert doc["applicants"][0]["status"] == "pass"


def test_empty_file(tmp_path):
    folder = build_applicant(tmp_path / "a", layout="flat")
    (folder / "个人工作总结.pdf").write_bytes(b"")
    doc = check_doc(folder)
    assert [(f["code"], f["item"]) for f in findings(doc, category="empty-file")] == [("ZC303", "work-summary")]
    assert findings(doc, category="missing", item="work-summary")


def test_damaged_pdf_is_unreadable(tmp_path):
    folder = build_applicant(tmp_path / "a", layout="flat")
    data = (folder / "个人工作总结.pdf").read_bytes()
    (folder / "个人工作总结.pdf").write_bytes(data[:200])
    doc = check_doc(folder)
    assert [(f["code"], f["item"]) for f in findings(doc, category="unreadable")] == [("ZC301", "work-summary")]


def test_password_protected_pdf_is_encrypted(tmp_path):
    folder = build_applicant(tmp_path / "a", layout="flat")
    writer = PdfWriter(clone_from=str(folder / "个人工作总结.pdf"))
    writer.encrypt(user_password="123456", owner_password="owner", algorithm="AES-256")
    with open(folder / "个人工作总结.pdf", "wb") as f:
        writer.write(f)
    doc = check_doc(folder)
    assert [(f["code"], f["item"]) for f in findings(doc, category="encrypted")] == [("ZC302", "work-summary")]


def test_owner_password_only_pdf_opens_fine(tmp_path):
    folder = build_applicant(tmp_path / "a", layout="flat")
    writer = PdfWriter(clone_from=str(folder / "个人工作总结.pdf"))
    writer.encrypt(user_password="", owner_password="owner", algorithm="AES-128")
    with open(folder / "个人工作总结.pdf", "wb") as f:
        writer.write(f)
    doc = check_doc(folder)
    assert not findings(doc, category="encrypted") and item_status(doc, "work-summary") == "ok"


@pytest.mark.parametrize("name,data,kind", [
    ("个人工作总结.docx", b"PK\x03\x04" + b"\0" * 26 + b"word/document.xml", "docx"),
    ("个人工作总结.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "doc"),
    ("照片.heic", b"\0\0\0\x18ftypheic" + b"\0" * 100, "heic"),
    ("材料.rar", b"Rar!\x1a\x07\x00" + b"\0" * 100, "rar"),
    ("材料.7z", b"7z\xbc\xaf\x27\x1c" + b"\0" * 100, "7z"),
])
def test_unsupported_formats_say_how_to_convert(tmp_path, name, data, kind):
    folder = build_applicant(tmp_path / "a", layout="flat")
    (folder / name).write_bytes(data)
    doc = check_doc(folder)
    f = findings(doc, category="unsupported-format")
    assert len(f) == 1 and f[0]["file"] == name and f[0]["data"]["format"] == kind and f[0]["severity"] == "error"
    assert any(w in f[0]["message"] for w in ("PDF", "JPG", "解压"))


def test_file_type_comes_from_bytes_not_extension(tmp_path):
    folder = build_applicant(tmp_path / "a", layout="flat")
    (folder / "个人工作总结.pdf").rename(folder / "个人工作总结.jpg")
    doc = check_doc(folder)
    assert item_status(doc, "work-summary") == "ok" and not findings(doc, category="unreadable")


def test_unrecognised_file_is_unclassified_not_dropped(tmp_path):
    folder = build_applicant(tmp_path / "a", layout="flat")
    make_pdf(folder / "新建文档.pdf", "会议纪要\n今天讨论了下一年的工作安排。")
    doc = check_doc(folder)
    u = findings(doc, category="unclassified")
    assert [(x["code"], x["file"], x["severity"]) for x in u] == [("ZC105", "新建文档.pdf", "warning")]
    assert doc["applicants"][0]["status"] == "pass"
    assert "新建文档.pdf" in doc["applicants"][0]["files"]


def test_os_junk_files_are_listed_not_checked(tmp_path):
    folder = build_applicant(tmp_path / "a")
    (folder / "Thumbs.db").write_bytes(b"\0" * 100)
    (folder / ".DS_Store").write_bytes(b"\0" * 100)
    doc = check_doc(folder)
    assert sorted(f["file"] for f in findings(doc, code="ZC107")) == [".DS_Store", "Thumbs.db"]
    assert doc["applicants"][0]["status"] == "pass"


# --- the profile -------------------------------------------------------------------------------

def test_no_profile_still_checks_and_asks_for_the_fields(tmp_path):
    doc = check_doc(build_applicant(tmp_path / "a", write_profile=False))
    a = doc["applicants"][0]
    assert findings(doc, code="ZC001")[0]["category"] == "profile-error"
    review = findings(doc, code="ZC003")
    # title-proof: a certificate alone suffices only for a title obtained in Xinjiang (现任职称取得地 unknown).
    assert {f["item"] for f in review} == {"title-proof", "transfer-proof", "entrustment-letter", "aid-approval"}
    assert any("机关调动" in f["message"] for f in review)
    assert item_status(doc, "transfer-proof") == "needs-review"
    assert not findings(doc, category="missing")
    assert a["status"] == "pass"


def test_profile_field_missing_makes_the_item_needs_review(tmp_path):
    folder = build_applicant(tmp_path / "a")
    profile = dict(PROFILE)
    del profile["援疆"]
    (folder / "申报信息.yaml").write_text(profile_yaml(profile), encoding="utf-8")
    doc = check_doc(folder)
    f = findings(doc, code="ZC003")
    assert [(x["item"], x["severity"]) for x in f] == [("aid-approval", "warning")] and "援疆" in f[0]["message"]


def test_bad_profile_value_lists_the_valid_values(tmp_path):
    folder = build_applicant(tmp_path / "a", {"申报职称": "教授"})
    r = run_cli("check", str(folder), "--format", "json", "--no-cache")
    assert r.returncode == 1, r.stderr
    f = [x for x in json.loads(r.stdout)["applicants"][0]["findings"] if x["category"] == "profile-error"]
    assert f and "教授" in f[0]["message"] and "副研究员" in f[0]["message"] and "研究员" in f[0]["message"]
    assert "Traceback" not in r.stderr


def test_unknown_profile_key_is_reported_with_its_line(tmp_path):
    folder = build_applicant(tmp_path / "a")
    (folder / "申报信息.yaml").write_text(profile_yaml(PROFILE) + "职务: 所长\n", encoding="utf-8")
    doc = check_doc(folder)
    f = findings(doc, code="ZC004")
    assert len(f) == 1 and "职务" in f[0]["message"] and str(len(PROFILE) + 1) in f[0]["message"]


def test_broken_profile_yaml_is_a_profile_error_not_a_crash(tmp_path):
    folder = build_applicant(tmp_path / "a")
    (folder / "申报信息.yaml").write_text("姓名: [张三\n系列: :\n", encoding="utf-8")
    r = run_cli("check", str(folder), "--format", "json", "--no-cache")
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert json.loads(r.stdout)["applicants"][0]["findings"][0]["category"] == "profile-error"


def test_gbk_encoded_profile_is_read(tmp_path):
    folder = build_applicant(tmp_path / "a")
    (folder / "申报信息.yaml").write_bytes(profile_yaml(PROFILE).encode("gbk"))
    doc = check_doc(folder)
    assert doc["applicants"][0]["name"] == "张三" and doc["applicants"][0]["status"] == "pass"


def test_series_and_title_on_the_command_line_override_the_profile(tmp_path):
    folder = build_applicant(tmp_path / "a")
    r = run_cli("check", str(folder), "--format", "json", "--no-cache", "--series", "实验技术", "--title", "高级实验师")
    a = json.loads(r.stdout)["applicants"][0]
    assert (a["series"], a["title"]) == ("实验技术", "高级实验师")


# --- output ------------------------------------------------------------------------------------

def test_json_output_validates_and_exit_codes(tmp_path, contract_schema):
    good = build_applicant(tmp_path / "good")
    bad = build_applicant(tmp_path / "bad", skip=("photo",))
    r = run_cli("check", str(good), "--format", "json", "--no-cache")
    assert r.returncode == 0
    jsonschema.validate(json.loads(r.stdout), contract_schema)
    r = run_cli("check", str(bad), "--format", "json", "--no-cache")
    assert r.returncode == 1
    jsonschema.validate(json.loads(r.stdout), contract_schema)


def test_usage_errors_exit_2(tmp_path):
    r = run_cli("check", str(tmp_path / "nope"))
    assert r.returncode == 2 and "Traceback" not in r.stderr
    r = run_cli("check", str(tmp_path), "--format", "nonsense")
    assert r.returncode == 2


def test_english_messages(tmp_path):
    doc = check_doc(build_applicant(tmp_path / "a", skip=("training-public:2016",)), lang="en")
    f = findings(doc, code="ZC201")[0]
    assert "lacks the year(s) 2016" in f["message"] and "public-subject" in f["message"]
    assert doc["applicants"][0]["items"][0]["title"] == "signed letter of commitment"


def test_table_groups_items_by_provider_without_colour_when_piped(tmp_path):
    folder = build_applicant(tmp_path / "a", skip=("photo",))
    r = run_cli("check", str(folder), "--no-cache", env={"FORCE_COLOR": "", "NO_COLOR": "1"})
    assert r.returncode == 1
    out = r.stdout
    assert "\x1b[" not in out
    assert out.index("申报人") < out.index("推荐单位") < out.index("主管单位")
    assert "✗" in out and "✓" in out and "结论: 未通过" in out and "标准免冠照片" in out


def test_id_numbers_are_masked_unless_asked(tmp_path):
    folder = build_applicant(tmp_path / "a", {"身份证号": "650102198506151231"})
    r = run_cli("check", str(folder), "--format", "json", "--no-cache")
    assert "650102198506151231" not in r.stdout and "650102********1231" in r.stdout
    r = run_cli("check", str(folder), "--format", "json", "--no-cache", "--show-pii")
    assert "650102198506151231" in r.stdout


# --- init and rules ----------------------------------------------------------------------------

def test_init_creates_slots_profile_and_checklist(tmp_path, pack):
    target = tmp_path / "我的申报材料"
    r = run_cli("init", str(target), "--series", "自然科学研究", "--title", "副研究员")
    assert r.returncode == 0, r.stderr
    assert sorted(p.name for p in target.iterdir() if p.is_dir()) == sorted(i.slot for i in pack.items)
    profile = (target / "申报信息.yaml").read_text(encoding="utf-8")
    assert "系列: 自然科学研究" in profile and "申报职称: 副研究员" in profile and "# " in profile
    checklist = (target / "材料清单.md").read_text(encoding="utf-8")
    assert "公需科目" in checklist and "上报次数不得超过3次" in checklist
    doc = json.loads(run_cli("check", str(target), "--format", "json", "--no-cache").stdout)
    blank = {f["item"] for f in doc["applicants"][0]["findings"] if f["category"] == "blank-slot"}
    assert {"commitment", "photo", "training-public", "unit-publicity"} <= blank


def test_init_then_fill_the_slots_passes(tmp_path):
    target = tmp_path / "我的申报材料"
    run_cli("init", str(target), "--series", "自然科学研究", "--title", "副研究员")
    build_applicant(target)
    for template in target.rglob("*.docx"):  # init's templates: printed, signed, sealed and scanned, then deleted
        template.unlink()
    doc = check_doc(target)
    assert doc["applicants"][0]["status"] == "pass", errors(doc)


def test_rule_pack_with_unknown_key_is_rejected_with_file_and_line(tmp_path):
    bundled = Path(__file__).resolve().parents[1] / "rules" / "xj-2021-zrkx-syjs"
    broken = tmp_path / "pack"
    shutil.copytree(bundled, broken)
    text = (broken / "items.yaml").read_text(encoding="utf-8")
    text = text.replace("    slot: 02-免冠照片\n", "    slot: 02-免冠照片\n    colour: red\n", 1)
    (broken / "items.yaml").write_text(text, encoding="utf-8")
    r = run_cli("rules", "validate", str(broken))
    assert r.returncode == 2
    line = text.splitlines().index("    colour: red") + 1
    assert f"items.yaml:{line}" in r.stderr and "colour" in r.stderr
    r = run_cli("check", str(tmp_path), "--rules", str(broken))
    assert r.returncode == 2 and "Traceback" not in r.stderr


def test_rule_pack_with_unknown_check_kind_is_rejected(tmp_path):
    bundled = Path(__file__).resolve().parents[1] / "rules" / "xj-2021-zrkx-syjs"
    broken = tmp_path / "pack"
    shutil.copytree(bundled, broken)
    text = (broken / "items.yaml").read_text(encoding="utf-8").replace("{kind: signature}", "{kind: handwriting}", 1)
    (broken / "items.yaml").write_text(text, encoding="utf-8")
    r = run_cli("rules", "validate", str(broken))
    assert r.returncode == 2 and "handwriting" in r.stderr


def test_another_pack_with_rules_option(tmp_path):
    bundled = Path(__file__).resolve().parents[1] / "rules" / "xj-2021-zrkx-syjs"
    other = tmp_path / "xj-2022"
    shutil.copytree(bundled, other)
    text = (other / "items.yaml").read_text(encoding="utf-8").replace("years: {from: 2014, to: 2020}", "years: {from: 2015, to: 2021}")
    (other / "items.yaml").write_text(text, encoding="utf-8")
    folder = build_applicant(tmp_path / "a")
    r = run_cli("check", str(folder), "--rules", str(other), "--format", "json", "--no-cache")
    f = [x for x in json.loads(r.stdout)["applicants"][0]["findings"] if x["code"] == "ZC201"]
    assert f and f[0]["data"]["years"] == [2021]


def test_rules_list_and_show():
    r = run_cli("rules", "list", "--format", "json")
    packs = json.loads(r.stdout)
    assert packs[0]["id"] == "xj-2021-zrkx-syjs" and len(packs[0]["items"]) == 16
    assert packs[0]["submission_window"] == {"start": "2021-09-06", "end": "2021-10-10"}
    r = run_cli("rules", "show", "xj-2021-zrkx-syjs")
    assert r.returncode == 0 and "公需科目" in r.stdout


def test_checked_folder_is_never_written(tmp_path):
    folder = build_applicant(tmp_path / "a")
    before = sorted((p.relative_to(folder).as_posix(), p.stat().st_mtime_ns, p.stat().st_size) for p in folder.rglob("*"))
    run_cli("check", str(folder))
    after = sorted((p.relative_to(folder).as_posix(), p.stat().st_mtime_ns, p.stat().st_size) for p in folder.rglob("*"))
    assert before == after


def test_zip_member_names_from_chinese_windows(tmp_path):
    folder = build_applicant(tmp_path / "src" / "张三", layout="flat")
    archive = zip_folder(folder, tmp_path / "张三.zip", encoding="gbk")
    with zipfile.ZipFile(archive) as zf:
        assert all(not (i.flag_bits & 0x800) for i in zf.infolist())
    doc = check_doc(archive)
    assert "身份证正面.jpg" in doc["applicants"][0]["files"]


def test_merged_slot_folders_as_the_notice_groups_them(tmp_path):
    """People follow the notice's numbering: 1.照片及身份证, 4.继续教育证书, 推荐单位 (audit + publicity)."""
    src = build_applicant(tmp_path / "src", layout="flat")
    folder = tmp_path / "赵六"
    moves = {
        "1.照片及身份证": ["证件照.jpg", "身份证正面.jpg", "身份证反面.jpg"],
        "2.学历学位证书": ["毕业证.jpg", "学位证.jpg"],
        "3.现任职称": ["张三-职称证.pdf"],
        "4.继续教育证书": ["2021专业科目.pdf"] + [f"{y}公需.pdf" for y in range(2014, 2021)],
        "5.业绩材料": ["论文-干旱区植被遥感监测.pdf"],
        "6.工作总结": ["个人工作总结.pdf"],
        "7.年度考核": ["考核表2018.pdf", "考核表2019.pdf", "考核表2020.pdf"],
        "承诺书": ["张三-承诺书.jpg"],
        "推荐单位": ["单位审核意见.pdf", "公示证明.jpg"],
        "主管单位": ["主管单位推荐意见.jpg"],
    }
    for slot, names in moves.items():
        (folder / slot).mkdir(parents=True)
        for name in names:
            shutil.copy(src / name, folder / slot / name)
    shutil.copy(src / "申报信息.yaml", folder / "申报信息.yaml")
    doc = check_doc(folder)
    a = doc["applicants"][0]
    assert a["status"] == "pass", errors(doc)
    assert not [f for f in a["findings"] if f["category"] in NOISE_CATEGORIES | {"blank-slot"}]
    assert item_status(doc, "photo") == item_status(doc, "training-public") == item_status(doc, "unit-audit") == "ok"


def test_photo_in_the_id_card_slot_is_misfiled(tmp_path):
    folder = build_applicant(tmp_path / "a")
    shutil.move(folder / "02-免冠照片" / "照片.jpg", folder / "03-身份证（正反面）" / "照片.jpg")
    doc = check_doc(folder)
    m = findings(doc, category="misfiled")
    assert [(x["item"], x["data"]["found_item"]) for x in m] == [("id-card", "photo")]
    assert [f["item"] for f in findings(doc, category="blank-slot")] == ["photo"]


def test_english_messages_carry_no_chinese_instructions():
    examples = Path(__file__).resolve().parents[1] / "examples"
    for name in ("张三-完整", "李四-有缺陷"):
        doc = check_doc(examples / name, lang="en")
        for f in doc["applicants"][0]["findings"]:
            assert "请" not in f["message"] and "。" not in f["message"], f["message"]


def test_id_card_sides_written_as_single_characters(tmp_path):
    folder = build_applicant(tmp_path / "a", skip=("id-card",), layout="flat")
    make_scan(folder / "身份证（正）.jpg", "公民身份号码", size=(856, 540))
    doc = check_doc(folder)
    f = findings(doc, category="incomplete", item="id-card")
    assert len(f) == 1 and f[0]["data"]["parts"] == ["back"]
    make_scan(folder / "身份证（反）.jpg", "签发机关", size=(856, 540))
    assert item_status(check_doc(folder), "id-card") == "ok"


def test_a_single_pdf_instead_of_a_folder_is_a_usage_error():
    examples = Path(__file__).resolve().parents[1] / "examples"
    r = run_cli("check", str(examples / "张三-完整" / "10-个人业务工作总结" / "个人业务工作总结.pdf"))
    assert r.returncode == 2 and "文件夹" in r.stderr and "Traceback" not in r.stderr
