"""Reading what is inside (issue: placeholders, blank pages, prescribed wording, publicity period,
identity, seals, scan quality), on real generated PDFs and Pillow-drawn scans."""

from __future__ import annotations

import pytest
from PIL import Image, ImageDraw

from tests.conftest import check_doc, findings, item_status
from tests.factories import (
    PROFILE, _font, build_applicant, make_pdf, make_scan, save_jpeg, scan_image, texts,
)

T = texts(PROFILE)


def publicity(**replacements: str) -> str:
    text = T["unit-publicity"]
    for old, new in replacements.items():
        text = text.replace(old, new)
    return text


def with_publicity_pdf(tmp_path, text: str, font: str = "cid"):
    return build_applicant(tmp_path / "a", replace={
        "unit-publicity": lambda f: make_pdf(f.with_suffix(".pdf"), text, font=font)})


# --- placeholders ------------------------------------------------------------------------------

def test_publicity_still_holding_template_marks(tmp_path):
    folder = with_publicity_pdf(tmp_path, publicity(**{"现对张三同志": "现对××同志"}))
    f = findings(check_doc(folder), category="placeholder")
    assert len(f) == 1 and f[0]["item"] == "unit-publicity" and f[0]["page"] == 1
    assert "××" in f[0]["message"] and "同志申报" in f[0]["message"] and f[0]["severity"] == "error"


def test_recommendation_template_left_unfilled(tmp_path):
    template = "主管单位推荐意见\n经审核，同意推荐××同志申报××系列××（高、中、初）级专业技术任职资格。\n2021年×月×日"
    folder = build_applicant(tmp_path / "a", replace={
        "authority-recommendation": lambda f: make_pdf(f.with_suffix(".pdf"), template)})
    f = findings(check_doc(folder), category="placeholder", item="authority-recommendation")
    assert f and f[0]["file"].endswith("推荐意见.pdf")


def test_filled_documents_have_no_placeholder(tmp_path):
    doc = check_doc(with_publicity_pdf(tmp_path, publicity()))
    assert not findings(doc, category="placeholder")


# --- publicity period --------------------------------------------------------------------------

def test_publicity_period_of_five_working_days_is_enough(tmp_path):
    doc = check_doc(with_publicity_pdf(tmp_path, publicity()))
    assert not findings(doc, item="unit-publicity", category="period-too-short")
    assert not findings(doc, item="unit-publicity", category="date-invalid")


def test_publicity_over_mid_autumn_2021_is_too_short(tmp_path):
    text = publicity(**{"公示时间从2021年9月10日起至2021年9月16日止": "公示时间：2021年9月17日至9月23日"})
    f = findings(check_doc(with_publicity_pdf(tmp_path, text)), category="period-too-short")
    assert len(f) == 1
    assert f[0]["data"] == {"start": "2021-09-17", "end": "2021-09-23", "working_days": 4, "minimum": 5}
    assert "4 个工作日" in f[0]["message"]


@pytest.mark.parametrize("written", ["2021.9.10-2021.9.16", "9月10日—16日", "2021-09-10至2021-09-16"])
def test_publicity_period_in_the_ways_people_write_it(tmp_path, written):
    text = publicity(**{"公示时间从2021年9月10日起至2021年9月16日止": f"公示时间：{written}"})
    doc = check_doc(with_publicity_pdf(tmp_path, text))
    assert not findings(doc, category="period-too-short") and not findings(doc, category="date-invalid")


def test_publicity_impossible_date(tmp_path):
    text = publicity(**{"公示时间从2021年9月10日起至2021年9月16日止": "公示时间从2021年2月30日起至2021年3月8日止"})
    f = findings(check_doc(with_publicity_pdf(tmp_path, text)), category="date-invalid")
    assert f and f[0]["item"] == "unit-publicity"


def test_publicity_ending_after_the_deadline(tmp_path):
    text = publicity(**{"公示时间从2021年9月10日起至2021年9月16日止": "公示时间从2021年10月11日起至2021年10月18日止"})
    f = findings(check_doc(with_publicity_pdf(tmp_path, text)), category="date-invalid")
    assert f and f[0]["data"]["end"] == "2021-10-18"


def test_publicity_end_before_start(tmp_path):
    text = publicity(**{"公示时间从2021年9月10日起至2021年9月16日止": "公示时间从2021年9月16日起至2021年9月10日止"})
    assert findings(check_doc(with_publicity_pdf(tmp_path, text)), category="date-invalid")


def test_publicity_in_a_year_the_calendar_does_not_cover_needs_review(tmp_path):
    text = publicity(**{"公示时间从2021年9月10日起至2021年9月16日止": "公示时间从2031年9月10日起至2031年9月16日止"})
    doc = check_doc(with_publicity_pdf(tmp_path, text))
    assert not findings(doc, category="period-too-short")
    assert any("2031" in f["message"] for f in findings(doc, category="needs-review", item="unit-publicity"))


def test_publicity_scan_without_ocr_is_needs_review_not_an_error(tmp_path):
    doc = check_doc(build_applicant(tmp_path / "a"))  # the default publicity is a sealed JPEG scan
    f = findings(doc, code="ZC408", item="unit-publicity")
    assert f and f[0]["severity"] == "warning"


# --- prescribed wording ------------------------------------------------------------------------

def test_audit_opinion_without_the_prescribed_sentence(tmp_path):
    folder = build_applicant(tmp_path / "a", replace={
        "unit-audit": lambda f: make_pdf(f, "推荐单位审核意见\n经审核，同意推荐。\n2021年9月20日")})
    f = findings(check_doc(folder), category="statement-missing")
    assert [(x["code"], x["item"]) for x in f] == [("ZC403", "unit-audit")]


def test_audit_opinion_with_a_different_sentence_is_not_accepted(tmp_path):
    folder = build_applicant(tmp_path / "a", replace={
        "unit-audit": lambda f: make_pdf(f, "推荐单位审核意见\n本单位已对申报材料进行审核，同意推荐。")})
    assert findings(check_doc(folder), category="statement-missing")


def test_audit_sentence_with_half_width_punctuation_and_line_break_is_accepted(tmp_path):
    folder = build_applicant(tmp_path / "a", replace={
        "unit-audit": lambda f: make_pdf(f, "推荐单位审核意见\n本单位已对提供的申报材料逐一审核,真实、完整、\n有效,同意推荐。")})
    assert not findings(check_doc(folder), category="statement-missing")


# --- identity ----------------------------------------------------------------------------------

def test_wrong_check_digit_in_the_profile(tmp_path):
    doc = check_doc(build_applicant(tmp_path / "a", {"身份证号": "650102198506151231"}))
    f = findings(doc, category="invalid-id")
    assert len(f) == 1 and f[0]["data"]["problem"] == "check-digit" and "650102********1231" in f[0]["message"]


def test_recommendation_naming_another_series_and_level(tmp_path):
    text = T["authority-recommendation"].replace("自然科学研究系列副高级", "实验技术系列中级")
    folder = build_applicant(tmp_path / "a", replace={
        "authority-recommendation": lambda f: make_pdf(f.with_suffix(".pdf"), text)})
    f = findings(check_doc(folder), category="identity-mismatch", item="authority-recommendation")
    assert sorted(x["data"]["field"] for x in f) == ["level", "series"]


def test_publicity_naming_another_person(tmp_path):
    text = publicity(**{"现对张三同志": "现对李四同志"})
    f = findings(check_doc(with_publicity_pdf(tmp_path, text)), category="identity-mismatch")
    assert [(x["data"]["field"], x["data"]["found"]) for x in f] == [("name", "李四")]


def test_certificate_with_someone_elses_id_number(tmp_path):
    other = "650102199001011239"
    folder = build_applicant(tmp_path / "a", replace={
        "training-professional": lambda f: make_pdf(f, T["training-professional"].replace(PROFILE["身份证号"], other))})
    f = findings(check_doc(folder), category="identity-mismatch", item="training-professional")
    assert len(f) == 1 and other not in f[0]["message"] and "650102********1239" in f[0]["message"]


# --- seals and signatures ----------------------------------------------------------------------

def test_recommendation_scan_without_a_seal(tmp_path):
    folder = build_applicant(tmp_path / "a", replace={
        "authority-recommendation": lambda f: make_scan(f, T["authority-recommendation"], seal=False)})
    f = findings(check_doc(folder), category="seal-missing", item="authority-recommendation")
    assert len(f) == 1 and f[0]["severity"] == "error"


def test_red_title_text_is_not_taken_for_a_seal(tmp_path):
    def red_letterhead(path):
        image = scan_image("\n\n\n" + T["authority-recommendation"], seal=False)
        d = ImageDraw.Draw(image)
        d.text((200, 60), "新疆维吾尔自治区科学技术厅文件", fill=(215, 25, 30), font=_font(60))
        d.line((100, 170, 1140, 170), fill=(215, 25, 30), width=6)
        save_jpeg(image, path)
    folder = build_applicant(tmp_path / "a", replace={"authority-recommendation": red_letterhead})
    assert findings(check_doc(folder), category="seal-missing", item="authority-recommendation")


def test_sealed_scan_passes_the_seal_check(tmp_path):
    doc = check_doc(build_applicant(tmp_path / "a"))
    assert not findings(doc, category="seal-missing")


def test_born_digital_recommendation_asks_for_the_stamped_scan(tmp_path):
    folder = build_applicant(tmp_path / "a", replace={
        "authority-recommendation": lambda f: make_pdf(f.with_suffix(".pdf"), T["authority-recommendation"])})
    f = findings(check_doc(folder), category="seal-missing", item="authority-recommendation")
    assert len(f) == 1 and f[0]["severity"] == "warning" and "扫描件" in f[0]["message"]


def test_text_only_commitment_must_be_signed_and_scanned(tmp_path):
    folder = build_applicant(tmp_path / "a", replace={"commitment": lambda f: make_pdf(f.with_suffix(".pdf"), T["commitment"])})
    f = findings(check_doc(folder), code="ZC407", item="commitment")
    assert len(f) == 1 and "签字后扫描上传" in f[0]["message"] and f[0]["severity"] == "warning"


# --- blank pages and scan quality --------------------------------------------------------------

def test_blank_scanned_commitment(tmp_path):
    folder = build_applicant(tmp_path / "a", replace={"commitment": lambda f: make_scan(f, "", blank=True)})
    f = findings(check_doc(folder), category="blank-page", item="commitment")
    assert [(x["code"], x["page"]) for x in f] == [("ZC402", 1)]


def test_pdf_with_an_empty_page(tmp_path):
    folder = build_applicant(tmp_path / "a", replace={
        "work-summary": lambda f: make_pdf(f, [T["work-summary"], "二、学术水平"], blank_pages=(2,))})
    f = findings(check_doc(folder), category="blank-page", item="work-summary")
    assert [(x["page"], x["severity"]) for x in f] == [(2, "error")]


def test_photo_must_be_a_portrait_of_enough_pixels(tmp_path):
    def landscape(path):
        save_jpeg(Image.new("RGB", (400, 200), (60, 130, 210)), path)
    folder = build_applicant(tmp_path / "a", replace={"photo": landscape})
    f = findings(check_doc(folder), category="low-quality", item="photo")
    assert len(f) == 1 and "宽高比" in f[0]["message"]


def test_low_resolution_scan(tmp_path):
    folder = build_applicant(tmp_path / "a", replace={
        "education:diploma": lambda f: make_scan(f, "毕业证书\n准予毕业", size=(420, 594), font_size=14)})
    f = findings(check_doc(folder), category="low-quality", item="education")
    assert len(f) == 1 and f[0]["data"]["dpi"] < 100


def test_complete_folder_has_no_content_false_alarms(tmp_path):
    doc = check_doc(build_applicant(tmp_path / "a", layout="flat"))
    bad = {"placeholder", "blank-page", "statement-missing", "seal-missing", "period-too-short", "date-invalid",
           "invalid-id", "identity-mismatch", "low-quality"}
    assert not [f for f in doc["applicants"][0]["findings"] if f["category"] in bad]


def test_image_only_pdf_scan_of_the_publicity_is_seen_as_sealed_scan(tmp_path):
    from tests.factories import make_image_pdf

    folder = build_applicant(tmp_path / "a", replace={
        "unit-publicity": lambda f: make_image_pdf(f.with_suffix(".pdf"), [scan_image(T["unit-publicity"], seal=True, font_size=24)])})
    doc = check_doc(folder)
    assert item_status(doc, "unit-publicity") == "ok"
    assert not findings(doc, category="seal-missing")
    assert findings(doc, code="ZC408", item="unit-publicity")


def test_invalid_id_number_inside_a_document(tmp_path):
    wrong = PROFILE["身份证号"][:-1] + "5"
    folder = build_applicant(tmp_path / "a", replace={
        "training-professional": lambda f: make_pdf(f, T["training-professional"].replace(PROFILE["身份证号"], wrong))})
    f = findings(check_doc(folder), category="invalid-id")
    assert [(x["item"], x["data"]["problem"]) for x in f] == [("training-professional", "check-digit")]
    assert wrong not in f[0]["message"]
