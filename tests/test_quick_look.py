"""Scans whose item needs only the blank-page look are judged from the top of the JPEG when it shows
ink (scan.plan.plan_looks, ImageAnalyzer.inked_top); everything else is looked at whole. Real 300-dpi
scans with paper grain, made here, large enough for the quick look to apply (over 256 KB)."""

from __future__ import annotations

import io
import random
from pathlib import Path

from PIL import Image, ImageDraw

from conftest import check_doc, findings, item_status, run_cli
from factories import _font, build_applicant, draw_seal, make_image_pdf, zip_folder
from zccheck.engine import list_applicant, plan_looks
from zccheck.pack.loader import load_pack
from zccheck.scan.image import QUICK_MIN_BYTES, ImageAnalyzer
from zccheck.scan.pdf import read_pdf

A4_300DPI = (2480, 3508)


def paper_scan(lines: list[str] = (), *, at: float = 0.08, seal: bool = False, seed: int = 1) -> Image.Image:
    """An A4 page scanned at 300 dpi: yellowish paper with grain, text lines starting at `at` of the height."""
    random.seed(seed)
    w, h = A4_300DPI
    page = Image.new("RGB", (w, h), (246, 244, 236))
    grain = Image.effect_noise((w // 2, h // 2), 30).resize((w, h)).convert("RGB")
    page = Image.blend(page, grain, 0.12)
    d = ImageDraw.Draw(page)
    f = _font(60)
    y = int(h * at)
    for line in lines:
        d.text((int(w * 0.1), y), line, fill=(25, 25, 25), font=f)
        y += 100
    if seal:
        draw_seal(page, (int(w * 0.66), int(h * 0.8)), radius=int(w * 0.1))
    return page


def jpeg(image: Image.Image, quality: int = 92) -> bytes:
    out = io.BytesIO()
    image.save(out, "JPEG", quality=quality, dpi=(300, 300))
    data = out.getvalue()
    assert len(data) > QUICK_MIN_BYTES  # the quick look applies to files of this size
    return data


CERTIFICATE = ["硕士学位证书", "张三，在本校完成了硕士研究生学业，", "授予理学硕士学位。", "二〇一一年七月"]


def test_top_with_ink_decides_without_the_rest():
    data = jpeg(paper_scan(CERTIFICATE))
    quick, problem, _ = ImageAnalyzer("x", blank_only=True).image_facts(data)
    whole, _, _ = ImageAnalyzer("x").image_facts(data)
    assert problem is None
    assert quick.blank is False and whole.blank is False
    assert quick.seal is None and quick.paper_fraction is None  # the rest was never decoded
    assert whole.seal is False and whole.paper_fraction is not None
    assert (quick.width, quick.height, quick.dpi) == (whole.width, whole.height, whole.dpi) == (2480, 3508, (300.0, 300.0))


def test_ink_only_at_the_bottom_is_found_by_the_whole_look():
    data = jpeg(paper_scan(["以下空白。"], at=0.9))
    facts, _, _ = ImageAnalyzer("x", blank_only=True).image_facts(data)
    assert facts.blank is False and facts.paper_fraction is not None  # the top was empty: looked at whole


def test_blank_scan_is_still_blank():
    facts, _, _ = ImageAnalyzer("x", blank_only=True).image_facts(jpeg(paper_scan()))
    assert facts.blank is True


def test_truncated_scan_is_still_unreadable():
    data = jpeg(paper_scan(CERTIFICATE))
    facts, problem, _ = ImageAnalyzer("x", blank_only=True).image_facts(data[: int(len(data) * 0.6)])
    assert facts is None and problem == "unreadable"


def test_phone_photo_rotated_by_exif_reports_its_shown_size():
    image = paper_scan(CERTIFICATE).rotate(90, expand=True)  # stored sideways: 3508 × 2480
    exif = Image.Exif()
    exif[0x0112] = 6  # shown rotated back: 2480 × 3508, a portrait page
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90, exif=exif)
    for blank_only in (True, False):
        facts, _, _ = ImageAnalyzer("x", blank_only=blank_only).image_facts(out.getvalue())
        assert (facts.width, facts.height) == (2480, 3508)


def test_scanned_pdf_pages_too(tmp_path):
    path = make_image_pdf(tmp_path / "考核表.pdf", [paper_scan(CERTIFICATE), paper_scan(["以下空白。"], at=0.9, seed=2)])
    quick = read_pdf(path.read_bytes(), ImageAnalyzer("x", blank_only=True))
    whole = read_pdf(path.read_bytes(), ImageAnalyzer("x"))
    assert [p.blank for p in quick.pages] == [p.blank for p in whole.pages] == [False, False]
    assert quick.pages[0].seal is None and whole.pages[0].seal is False  # page 1: its top sufficed
    assert quick.pages[1].seal is False  # page 2: looked at whole


def test_plan_marks_only_items_that_need_nothing_but_the_blank_look(tmp_path):
    folder = build_applicant(tmp_path / "张三")
    (folder / "IMG_0001.jpg").write_bytes(b"")  # a name that says nothing
    pack = load_pack(None)
    planned = {t.path: t.blank_only for t in plan_looks(list_applicant(folder, "张三", pack).tasks, pack)}
    assert planned["03-身份证（正反面）/身份证人像面.jpg"] and planned["04-学历学位证书/毕业证书.jpg"]
    assert not planned["13-单位公示证明及公示结果/公示.jpg"]  # a seal to find
    assert not planned["14-主管单位推荐意见/推荐意见.jpg"]
    assert not planned["02-免冠照片/照片.jpg"]  # a photo is recognised by its look
    assert not planned["IMG_0001.jpg"]


def _big_scans(folder: Path) -> None:
    """Replace the applicant's scans with 300-dpi ones, the publicity notice sealed."""
    (folder / "04-学历学位证书" / "毕业证书.jpg").write_bytes(jpeg(paper_scan(["毕业证书", *CERTIFICATE[1:]])))
    notice = ["公示", "经单位推荐，现将张三同志申报副研究员资格的材料予以公示，", "公示期为2021年9月13日至9月17日。"]
    (folder / "13-单位公示证明及公示结果" / "公示.jpg").write_bytes(jpeg(paper_scan(notice, seal=True)))


def test_sealed_item_keeps_its_seal_look_end_to_end(tmp_path):
    folder = build_applicant(tmp_path / "张三")
    _big_scans(folder)
    doc = check_doc(folder)
    assert not findings(doc, "ZC406") and not findings(doc, "ZC402")
    assert item_status(doc, "education") == "ok"


def test_cached_quick_facts_never_stand_in_for_a_whole_look(tmp_path):
    """The same sealed page first as a certificate (blank look only), then as the publicity notice, in
    .zip files (members are cached by content): the second run must look for the seal, not reuse the
    first run's facts."""
    import json

    cache = tmp_path / "cache"
    sealed = jpeg(paper_scan(["公示", "经单位推荐，现将张三同志申报副研究员资格的材料予以公示，"], seal=True))
    first = build_applicant(tmp_path / "一" / "张三")
    (first / "04-学历学位证书" / "毕业证书.jpg").write_bytes(sealed)
    second = build_applicant(tmp_path / "二" / "张三")
    (second / "13-单位公示证明及公示结果" / "公示.jpg").write_bytes(sealed)
    env = {"ZCCHECK_CACHE_DIR": str(cache)}
    for folder in (first, second):
        archive = zip_folder(folder, folder.parent / "张三.zip")
        run = run_cli("check", str(archive), "--format", "json", "--isolated", "--fail-on", "never", env=env)
        assert run.returncode == 0, run.stderr
    doc = json.loads(run.stdout)
    assert not findings(doc, "ZC406") and not findings(doc, "ZC407")  # the seal was looked for, and found


def test_cmyk_scan_is_looked_at_whole():
    out = io.BytesIO()
    paper_scan(CERTIFICATE).convert("CMYK").save(out, "JPEG", quality=92)
    assert len(out.getvalue()) > QUICK_MIN_BYTES
    facts, problem, _ = ImageAnalyzer("x", blank_only=True).image_facts(out.getvalue())
    assert problem is None and facts.blank is False and facts.paper_fraction is not None


def test_a_name_that_ties_outside_slot_folders_leaves_the_scan_to_its_look(tmp_path):
    """证书.jpg in a flat folder could be several items: classification may fall back to the file's
    look, so the look is whole (a cached quick look could otherwise change the verdict)."""
    from zccheck.classify.classifier import path_evidence

    pack = load_pack(None)
    assert path_evidence("证书.jpg", pack).could_be == frozenset()
    assert path_evidence("毕业证.jpg", pack).could_be == {"education"}
    assert path_evidence("04-学历学位证书/证书.jpg", pack, ("education",)).could_be >= {"education"}
