"""Text is detected only in a page's inked part, on the detector's own grid (zccheck.scan.ocr_crop); and a
certificate whose item's parts each have a file named for them alone, or whose name names a part that completes
its item alone for this applicant, is read until it names the applicant (zccheck.scan.plan)."""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw

from tests.factories import A4_PX, build_applicant, make_scan, scan_image
from zccheck.checks.identity import NamedSettles
from zccheck.engine import check_applicant, list_applicant, plan_looks, reading_rules
from zccheck.models import CheckOptions
from zccheck.scan.ocr_heading import BoxWatch
from zccheck.scan.ocr_crop import STRIDE, detection_size, inked_part, part_to_detect

CARD = "姓名 张三\n性别 男 民族 汉\n出生 1985年6月15日\n公民身份号码 650102198506151232"


def bgr(image: Image.Image) -> np.ndarray:
    return np.ascontiguousarray(np.asarray(image.convert("RGB"))[:, :, ::-1])


def card_on_a4(edge_shadow: bool = False) -> tuple[Image.Image, tuple[int, int, int, int]]:
    """An ID card scanned on an A4 flatbed: the card in the top left, the rest paper."""
    page = Image.new("RGB", A4_PX, (250, 250, 247))
    card = scan_image(CARD, size=(856, 540), font_size=26)
    page.paste(card, (120, 150))
    ImageDraw.Draw(page).rectangle([120, 150, 120 + 856, 150 + 540], outline=(180, 180, 180), width=2)
    if edge_shadow:  # the lid's shadow along the scanner glass's edge
        ImageDraw.Draw(page).rectangle([0, 0, 6, page.height], fill=(40, 40, 40))
    return page, (120, 150, 120 + 856, 150 + 540)


def test_a_card_scanned_on_a4_is_detected_in_its_own_part_on_the_detectors_grid():
    for shadow in (False, True):
        page, (left, top, right, bottom) = card_on_a4(edge_shadow=shadow)
        part = part_to_detect(bgr(page), 704)
        assert part.grid_size == detection_size(page.height, page.width, 704) == (704, 512)
        assert part.rows.start <= top and part.rows.stop >= bottom and part.cols.start <= left and part.cols.stop >= right
        for cut in (part.grid_rows.start, part.grid_rows.stop, part.grid_cols.start, part.grid_cols.stop):
            assert cut % STRIDE == 0
        area = (part.grid_rows.stop - part.grid_rows.start) * (part.grid_cols.stop - part.grid_cols.start)
        assert area < 0.5 * 704 * 512, part  # the card and its margin: under half the page
        # the part in pixels is where it lies on the grid, at the page's scale
        assert abs(part.rows.start * 704 / page.height - part.grid_rows.start) < 1
        assert abs(part.cols.stop * 512 / page.width - part.grid_cols.stop) < 1


def test_pages_with_ink_everywhere_or_none_or_no_paper_are_detected_whole():
    full = scan_image("\n".join(["通知"] + ["这是一行覆盖整页宽度的正文文字，用来填满页面。" * 2] * 40), font_size=30)
    on_desk = Image.new("RGB", A4_PX, (70, 60, 50))  # a photo: the page on a dark desk
    on_desk.paste(scan_image(CARD, size=(856, 540)), (300, 500))
    for page in (full, scan_image("", blank=True), on_desk):
        part = part_to_detect(bgr(page), 704)
        assert part.whole, part
    assert inked_part(bgr(scan_image("", blank=True))) is None


def test_the_inked_part_is_counted_in_whole_blocks_from_the_pages_corner():
    """Ink in a block is found in that block's own pixels, wherever the page's size leaves its last short block:
    a page of 1,754 rows (not a multiple of the block) has its ink's rows where they are, not drifted by the
    fraction a block of 1754/438 rows would add (2 px by the bottom)."""
    from zccheck.scan.ocr_crop import BLOCK, MIN_MARGIN

    for height, width in ((1754, 1240), (1755, 1243), (1756, 1241)):
        page = np.full((height, width, 3), 248, np.uint8)
        page[1601:1609, 301:350] = 20  # a dash of ink near the bottom, not on a block's edge
        rows, cols = inked_part(page)
        margin = max(MIN_MARGIN, round(max(height, width) * 0.03))
        assert rows.start == 1600 - margin and rows.stop == 1612 + margin, (height, rows)
        assert cols.start == 300 - margin and cols.stop == 352 + margin, (width, cols)
        assert (rows.start + margin) % BLOCK == 0


def test_a_card_on_a4_reads_as_the_whole_page_does_from_a_fraction_of_the_detection(ocr_module, monkeypatch):
    from zccheck.scan import ocr_crop

    page, _ = card_on_a4()
    given: list[tuple[int, ...]] = []  # the images the detector is given
    real_given = BoxWatch.given

    def recording(self, detector_input, *args, **kwargs):
        given.append(detector_input.shape)
        return real_given(self, detector_input, *args, **kwargs)

    monkeypatch.setattr(BoxWatch, "given", recording)
    cropped = ocr_module.ocr_image(page)
    whole_part = ocr_crop.part_to_detect  # the page given whole: the part as the whole page
    monkeypatch.setattr(ocr_module, "part_to_detect",
                        lambda arr, limit: (lambda p: ocr_crop.DetectionPart(
                            slice(0, arr.shape[0]), slice(0, arr.shape[1]), slice(0, p.grid_size[0]),
                            slice(0, p.grid_size[1]), p.page_size, p.grid_size))(whole_part(arr, limit)))
    whole = ocr_module.ocr_image(page)
    squash = lambda text: "".join(text.split())  # noqa: E731
    assert "650102198506151232" in squash(cropped.text) and "张三" in squash(cropped.text)
    assert squash(cropped.text) == squash(whole.text)
    (cropped_shape, whole_shape) = given[-2], given[-1]
    assert whole_shape[:2] == (704, 512) and cropped_shape[0] * cropped_shape[1] < 0.5 * 704 * 512


def _planned(folder, pack):
    inp = list_applicant(folder, "张三", pack)
    rules = reading_rules(inp, pack, CheckOptions(ocr=True))
    return {t.path: t for t in plan_looks(inp.tasks, pack, ocr=True, rules=rules)}


def test_an_items_parts_named_apart_are_read_until_named_and_a_file_named_for_both_whole(pack, tmp_path):
    apart = _planned(build_applicant(tmp_path / "apart"), pack)
    for path in ("04-学历学位证书/毕业证书.jpg", "04-学历学位证书/学位证书.jpg",
                 "03-身份证（正反面）/身份证人像面.jpg", "03-身份证（正反面）/身份证国徽面.jpg"):
        assert isinstance(apart[path].read_until, NamedSettles), path
    # one file for both certificates (often both on one sheet): its words tell the parts, it is read whole
    both = build_applicant(tmp_path / "both", skip=("education",))
    make_scan(both / "04-学历学位证书" / "学历学位证书.jpg", "毕业证书\n研究生张三准予毕业。\n硕士学位证书\n张三，授予理学硕士学位。")
    assert _planned(both, pack)["04-学历学位证书/学历学位证书.jpg"].read_until is None
    # only one part named: the other may be on the same sheet, so the file is read whole
    one = build_applicant(tmp_path / "one", skip=("education:diploma",))
    assert _planned(one, pack)["04-学历学位证书/学位证书.jpg"].read_until is None


def test_a_title_document_named_for_a_part_that_completes_the_item_alone_is_read_until_named(pack, tmp_path):
    proof = "05-现任职称资格证明"
    # a title obtained in 新疆 needs any one of its three documents: a 评审表 or a 职称证书 is that one, whatever
    # else its pages hold
    for name in ("专业技术职务任职资格评审表.jpg", "职称证书.jpg"):
        folder = build_applicant(tmp_path / f"新疆-{name}", skip=("title-proof",))
        make_scan(folder / proof / name, "专业技术职务任职资格评审表\n姓名：张三\n工作单位：新疆生态与地理研究所")
        assert isinstance(_planned(folder, pack)[f"{proof}/{name}"].read_until, NamedSettles), name
    # every document needed (a title obtained in another province), or nobody said where: the scan may hold
    # another of them, so its words are read whole; and so is a file whose name names no document
    cases = {"外省": "专业技术职务任职资格评审表.jpg", "": "专业技术职务任职资格评审表.jpg", "新疆": "扫描件1.jpg"}
    for region, name in cases.items():
        folder = build_applicant(tmp_path / f"{region or 'blank'}-{name}", {"现任职称取得地": region},
                                 skip=("title-proof",))
        make_scan(folder / proof / name, "专业技术职务任职资格评审表\n姓名：张三\n工作单位：新疆生态与地理研究所")
        assert _planned(folder, pack)[f"{proof}/{name}"].read_until is None, (region, name)


def test_a_degree_certificate_named_apart_that_names_someone_else_is_still_flagged(ocr_module, pack, monkeypatch,
                                                                                   tmp_path):
    monkeypatch.setenv("ZCCHECK_CACHE_DIR", str(tmp_path / "cache"))
    other = build_applicant(tmp_path / "张三", replace={
        "education:degree": lambda f: make_scan(f, "硕士学位证书\n姓名：李四\n在本校完成了硕士研究生学业，授予理学硕士学位。")})
    assert isinstance(_planned(other, pack)["04-学历学位证书/学位证书.jpg"].read_until, NamedSettles)
    result = check_applicant(other, pack, CheckOptions(ocr=True), jobs=0)
    assert [(f.code, f.file) for f in result.findings if f.code == "ZC502"] == \
        [("ZC502", "04-学历学位证书/学位证书.jpg")]
    assert not [f for f in result.findings if f.item == "education" and f.code in ("ZC101", "ZC102")]  # both parts


def test_a_title_form_read_until_named_that_names_someone_else_is_still_flagged(ocr_module, pack, monkeypatch, tmp_path):
    monkeypatch.setenv("ZCCHECK_CACHE_DIR", str(tmp_path / "cache"))
    form = "05-现任职称资格证明/专业技术职务任职资格评审表.jpg"
    other = build_applicant(tmp_path / "张三", skip=("title-proof",))
    make_scan(other / form, "专业技术职务任职资格评审表\n姓名：李四\n工作单位：新疆生态与地理研究所\n申报资格：助理研究员")
    assert isinstance(_planned(other, pack)[form].read_until, NamedSettles)
    result = check_applicant(other, pack, CheckOptions(ocr=True), jobs=0)
    assert [(f.code, f.file) for f in result.findings if f.code == "ZC502"] == [("ZC502", form)]
    assert not [f for f in result.findings if f.item == "title-proof" and f.code in ("ZC101", "ZC102")]
