"""Pages as units really produce them: a seal stamped over the unit's name and date, a form whose
header row puts a label after 姓名, a white-background ID photo, names that carry the scan's date."""

from __future__ import annotations

from PIL import Image, ImageDraw

from tests.factories import _font, draw_seal
from zccheck.classify.classifier import classify
from zccheck.classify.years import years_in_name, years_in_text
from zccheck.models import FileFacts, ImageFacts
from zccheck.scan.image_analysis import find_red_seal


def _page_with_seal(band_px: int) -> Image.Image:
    """An A4 page at 100 dpi, the seal stamped over a line of black text (骑字盖章): the text band cuts
    the ring at its left and right."""
    page = Image.new("RGB", (827, 1169), (246, 246, 242))
    draw_seal(page, (560, 760), radius=90)
    d = ImageDraw.Draw(page)
    d.rectangle((380, 760 - band_px // 2, 760, 760 + band_px // 2), fill=(25, 25, 25))
    d.text((120, 200), "主管单位推荐意见", fill=(20, 20, 20), font=_font(40))
    return page


def test_a_seal_cut_in_two_by_the_line_it_is_stamped_over_is_found():
    for band in (0, 8, 14, 20):
        assert find_red_seal(_page_with_seal(band)).found, band


def test_red_title_text_is_still_no_seal():
    page = Image.new("RGB", (827, 1169), (246, 246, 242))
    d = ImageDraw.Draw(page)
    d.text((90, 60), "新疆维吾尔自治区人力资源和社会保障厅文件", fill=(220, 30, 35), font=_font(34))
    d.text((90, 110), "新人社职字〔2016〕12号", fill=(220, 30, 35), font=_font(34))
    d.line((60, 170, 767, 170), fill=(220, 30, 35), width=4)
    assert not find_red_seal(page).found


def _scan(path: str, text: str | None, size=(1240, 1754), paper=0.9) -> FileFacts:
    return FileFacts(path=path, size=1, sha256=path, kind="jpeg",
                     image=ImageFacts(size[0], size[1], None, "RGB", blank=False, seal=False, ocr_text=text,
                                      paper_fraction=paper))


def test_a_white_background_id_photo_is_a_photo_when_ocr_found_no_words(pack):
    white_photo = _scan("扫描全能王 2021-09-24 19.12_1.jpg", "", size=(295, 413), paper=0.55)
    assert classify(white_photo, pack).item == "photo"
    # Without OCR nothing says it holds no words: a white image stays unplaced, never guessed a photo.
    assert classify(_scan("IMG_0001.jpg", None, size=(295, 413), paper=0.55), pack).item is None


def test_a_scan_apps_date_in_a_name_is_no_certificate_year():
    assert years_in_name("扫描全能王 2021-09-16 18.11_1.jpg", 2021) == ()
    assert years_in_name("CamScanner 09-08-2021 10.15_1.jpg", 2021) == ()
    assert years_in_name("Screenshot_2021-09-08-10-15-33.png", 2021) == ()
    assert years_in_name("2019公需.pdf", 2021) == (2019,)
    assert years_in_name("公需2014-2020.pdf", 2021) == tuple(range(2014, 2021))


def test_a_cameras_picture_counter_in_a_name_is_no_certificate_year(pack):
    """IMG_2006.JPG is a phone's 2,006th photo: the certificate photographed in it is of the year its words say
    (a drive of iPhone photos named IMG_2006 … IMG_2018 had every one read as that year, and failed)."""
    for name in ("IMG_2006.JPG", "IMG_E2016.JPG", "IMG_2016(1).JPG", "DSC_2018.jpg", "DSCN2019.JPG", "_MG_2015.JPG",
                 "SAM_2017.jpg", "MVIMG_2018.jpg", "IMG_20210924_0001.jpg"):
        assert years_in_name(name, 2021) == (), name
    # a year the person wrote beside the counter still counts, and a word that merely ends in the letters
    assert years_in_name("2019公需_IMG_2006.jpg", 2021) == (2019,)
    assert years_in_name("公需2016 IMG.jpg", 2021) == (2016,)
    text = "专业技术人员继续教育公需科目培训合格证书\n(2019年度)\n姓名：张三"
    placed = classify(_scan("IMG_2016.JPG", text), pack)
    assert placed.item == "training-public" and placed.years == (2019,)


def test_a_year_label_wrapped_over_two_lines_is_read():
    assert years_in_text("兹证明江新同志参加202\n1年度专业技术人员继续教育专业科目培训", 2021) == (2021,)
    assert years_in_text("序号 1\n2年度", 2021) == ()


def test_a_title_tie_is_settled_by_the_body_among_the_tied_items_only(pack):
    text = "继续教育学时证明\n兹证明张三同志参加本年度专业技术人员继续教育专业科目培训，共计60学时。"
    assert classify(_scan("扫描全能王 2021-09-16 18.12_1.jpg", text), pack).item == "training-professional"


def test_a_name_list_header_row_is_no_other_name(tmp_path):
    from tests.conftest import check_doc, findings
    from tests.factories import build_applicant, make_pdf

    document = ["关于公布2016年度自然科学研究系列专业技术职务任职资格评审结果的通知\n经评审，下列同志具备助理研究员资格。",
                "附件\n序号 姓名 单位 资格名称\n1 张三 新疆生态与地理研究所 助理研究员\n2 李四 新疆大学 助理研究员"]
    root = build_applicant(tmp_path / "张三", replace={"title-proof": lambda f: make_pdf(f, document)})
    assert not findings(check_doc(root), code="ZC502")
    # … while a form that names another person still says so.
    other = build_applicant(tmp_path / "二" / "张三",
                            replace={"title-proof": lambda f: make_pdf(f, "专业技术职务任职资格证书\n姓名 王五 性别 男\n证书编号：XJ2016-0012")})
    assert [f["data"]["found"] for f in findings(check_doc(other), code="ZC502")] == ["王五"]


def test_ocr_rows_of_a_skewed_photo_stay_in_order():
    """Two lines of a table cell photographed 3° askew: the second half of the first line sits lower
    than the start of the second; rows are found in the page's own frame."""
    import math

    from zccheck.scan.ocr_lines import order_lines as _order_lines

    def box(x0, y0, w, h, angle):
        c, s = math.cos(angle), math.sin(angle)
        return [(x * c - y * s, x * s + y * c) for x, y in ((x0, y0), (x0 + w, y0), (x0 + w, y0 + h), (x0, y0 + h))]

    for degrees in (-3, 0, 3):
        a = math.radians(degrees)
        items = [(box(50, 100, 500, 24, a), "本单位已对提供的申报材料逐一审核，真实、完整、有"), (box(560, 100, 400, 24, a), "效"),
                 (box(50, 134, 500, 24, a), "同意推荐。"), (box(560, 134, 400, 24, a), "2021年9月20日")]
        assert _order_lines(items) == ["本单位已对提供的申报材料逐一审核，真实、完整、有效", "同意推荐。2021年9月20日"], degrees
