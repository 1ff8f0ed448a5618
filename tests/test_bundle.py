"""zccheck bundle FOLDER OUT: an upload-ready copy. The source is never touched; files land in the pack's
slots as NN-材料-年度.ext in slot order; phone photos come out upright; pictures are converted and shrunk
within the pack's limits; what a person must decide goes to 待确认/ with its reason; 清单.xlsx and 清单.csv
list every source file; `zccheck check OUT` says the same or better than `zccheck check FOLDER`."""

from __future__ import annotations

import csv
import hashlib
import io
import shutil
import zipfile
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageDraw, ImageFilter

from conftest import REPO, check_doc, findings, run_cli
from factories import PROFILE, build_applicant, make_pdf, make_scan, scan_image, zip_folder

EXAMPLES = REPO / "examples"
XIANYANG = "xianyang-2022-gongcheng"
ID_NUMBER = PROFILE["身份证号"]


# --- helpers ------------------------------------------------------------------------------------------

def tree(root: Path) -> dict[str, str]:
    """Every file and folder under root: relative path → sha256 (folders: "dir")."""
    out = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        out[rel] = "dir" if path.is_dir() else hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def bundle(folder: Path, out: Path, *args: str):
    return run_cli("bundle", str(folder), str(out), "--no-cache", *args)


def manifest(out: Path) -> list[dict[str, str]]:
    raw = (out / "清单.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "UTF-8 with BOM, so Excel opens it right"
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))


def row_of(rows: list[dict[str, str]], source: str) -> dict[str, str]:
    found = [r for r in rows if r["源文件"] == source]
    assert len(found) == 1, (source, [r["源文件"] for r in rows])
    return found[0]


def outcome(doc: dict) -> tuple[int, int]:
    """(0 pass / 1 fail, errors): smaller is better."""
    a = doc["applicants"][0]
    return 0 if a["status"] == "pass" else 1, a["counts"]["error"]


def codes(doc: dict) -> list[str]:
    return [f["code"] for f in findings(doc)]


def copy_example(name: str, tmp_path: Path) -> Path:
    target = tmp_path / name
    shutil.copytree(EXAMPLES / name, target)
    return target


def grainy_scan(size: tuple[int, int], text: str) -> bytes:
    """A page photographed on a phone: text and grain all over, which JPEG cannot squeeze much."""
    page = scan_image(text, size=size, font_size=int(30 * size[0] / 1240))
    grain = Image.effect_noise(size, 50).convert("RGB").filter(ImageFilter.GaussianBlur(0.8))
    image = ImageChops.multiply(page, Image.eval(grain, lambda v: 120 + v * 135 // 255))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=95, dpi=(150, 150))
    return buffer.getvalue()


def sideways_photo(path: Path) -> Image.Image:
    """An ID photo as a phone stores it: pixels lying on their side, EXIF orientation 6 (turn 90° clockwise
    to show). Returns the upright picture; its top-left corner is a red marker."""
    upright = Image.new("RGB", (390, 567), (60, 130, 210))
    d = ImageDraw.Draw(upright)
    d.ellipse((117, 102, 273, 329), fill=(235, 200, 170))
    d.rectangle((58, 352, 332, 567), fill=(30, 30, 40))
    d.rectangle((0, 0, 59, 59), fill=(230, 20, 20))
    stored = upright.transpose(Image.Transpose.ROTATE_90)  # what exif_transpose turns back for orientation 6
    exif = Image.Exif()
    exif[0x0112] = 6
    path.parent.mkdir(parents=True, exist_ok=True)
    stored.save(path, "JPEG", quality=92, exif=exif.tobytes())
    return upright


# --- the source is never touched; OUT never overlaps it -----------------------------------------------

def test_source_folder_is_byte_identical_after_a_bundle(tmp_path):
    source = copy_example("李四-有缺陷", tmp_path)  # duplicates, an unreadable picture, a .docx: every path taken
    sideways_photo(source / "手机照片" / "证件照.jpg")
    before = tree(source)
    r = bundle(source, tmp_path / "out")
    assert r.returncode == 1, r.stderr  # written, with files to decide about
    assert tree(source) == before


def test_out_inside_the_folder_is_refused(tmp_path):
    source = copy_example("张三-完整", tmp_path)
    before = tree(source)
    r = bundle(source, source / "上传")
    assert r.returncode == 2
    assert "在申报人文件夹" in r.stderr and "Traceback" not in r.stderr
    assert tree(source) == before and not (source / "上传").exists()


def test_folder_inside_out_is_refused(tmp_path):
    source = copy_example("张三-完整", tmp_path / "drive")
    r = bundle(source, tmp_path / "drive", "--force")
    assert r.returncode == 2
    assert "在输出文件夹" in r.stderr
    assert (source / "申报信息.yaml").is_file()


def test_a_non_empty_out_is_refused_and_force_replaces_only_a_bundle(tmp_path):
    source = copy_example("张三-完整", tmp_path)
    other = tmp_path / "我的文件"
    other.mkdir()
    (other / "重要.txt").write_text("keep", encoding="utf-8")
    r = bundle(source, other)
    assert r.returncode == 2 and "--force" in r.stderr
    r = bundle(source, other, "--force")
    assert r.returncode == 2 and "不是 zccheck bundle 生成的" in r.stderr
    assert (other / "重要.txt").read_text(encoding="utf-8") == "keep"

    out = tmp_path / "out"
    assert bundle(source, out).returncode == 0
    (out / "旧文件.txt").write_text("old", encoding="utf-8")
    assert bundle(source, out).returncode == 2
    r = bundle(source, out, "--force")
    assert r.returncode == 0, r.stderr
    assert not (out / "旧文件.txt").exists() and (out / "清单.csv").is_file()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")], "no staging folder left behind"


# --- names and slots ------------------------------------------------------------------------------------

def test_files_are_renamed_into_the_slots_in_the_packs_order(tmp_path, pack):
    out = tmp_path / "out"
    r = bundle(EXAMPLES / "张三-完整", out)
    assert r.returncode == 0, r.stderr
    slots = [it.slot for it in pack.items]
    folders = sorted(p.name for p in out.iterdir() if p.is_dir())
    assert folders == [s for s in slots if s in folders] and len(folders) == 13
    assert sorted(p.name for p in (out / "08-公需科目培训证书（2014-2020）").iterdir()) == [
        f"08-公需科目培训证书-{year}.pdf" for year in range(2014, 2021)]
    assert sorted(p.name for p in (out / "04-学历学位证书").iterdir()) == ["04-学位证书.jpg", "04-学历证书.jpg"]
    assert (out / "11-年度考核登记表（近三年）" / "11-年度考核登记表-2019.pdf").read_bytes() == \
        (EXAMPLES / "张三-完整" / "11-年度考核登记表（近三年）" / "2019年度考核登记表.pdf").read_bytes()  # PDFs byte for byte
    assert (out / "申报信息.yaml").read_bytes() == (EXAMPLES / "张三-完整" / "申报信息.yaml").read_bytes()
    targets = [row["目标文件"] for row in manifest(out) if row["处理"] != "待确认"]
    order = [slots.index(t.split("/", 1)[0]) for t in targets if "/" in t]
    assert order == sorted(order), "the manifest lists the slots in the pack's order"


def test_files_that_map_to_one_name_get_sides_or_numbers_in_a_stable_order(tmp_path):
    source = build_applicant(tmp_path / "src", skip=("annual-assessment:2019", "achievements"))
    assessment = source / "11-年度考核登记表（近三年）"
    make_scan(assessment / "2019年度考核登记表正面.jpg", "2019年度考核登记表\n考核等次：合格")
    make_scan(assessment / "2019年度考核登记表反面.jpg", "单位考核意见：同意评为合格")
    for n in (10, 9, 11):  # saved by a phone: IMG_9 before IMG_10, whatever the names sort to
        make_pdf(source / "09-业绩印证材料" / f"IMG_{n}.pdf", f"论文第{n}篇\n摘要：……")
    out = tmp_path / "out"
    r = bundle(source, out)
    assert r.returncode == 0, r.stderr
    assert sorted(p.name for p in (out / "11-年度考核登记表（近三年）").iterdir()) == sorted([
        "11-年度考核登记表-2018.pdf", "11-年度考核登记表-2019-正面.jpg", "11-年度考核登记表-2019-反面.jpg",
        "11-年度考核登记表-2020.pdf"])
    rows = manifest(out)
    assert [row_of(rows, f"09-业绩印证材料/IMG_{n}.pdf")["目标文件"] for n in (9, 10, 11)] == [
        "09-业绩印证材料/09-业绩印证材料.pdf", "09-业绩印证材料/09-业绩印证材料-2.pdf", "09-业绩印证材料/09-业绩印证材料-3.pdf"]
    assert outcome(check_doc(out)) <= outcome(check_doc(source))


# --- pictures -------------------------------------------------------------------------------------------

def test_a_sideways_phone_photo_comes_out_upright(tmp_path):
    source = build_applicant(tmp_path / "src", skip=("photo",))
    upright = sideways_photo(source / "02-免冠照片" / "手机拍的照片.jpg")
    out = tmp_path / "out"
    r = bundle(source, out)
    assert r.returncode == 0, r.stderr
    photo = Image.open(out / "02-免冠照片" / "02-免冠照片.jpg")
    assert photo.size == upright.size == (390, 567)
    assert photo.getexif().get(0x0112) in (None, 1)  # upright in its pixels, not by a tag
    red, green, blue = photo.convert("RGB").getpixel((20, 20))
    assert red > 180 and green < 80 and blue < 80, "the marker stays at the top-left corner"
    assert photo.convert("RGB").getpixel((370, 20))[2] > 150  # the background, blue, at the top-right
    row = row_of(manifest(out), "02-免冠照片/手机拍的照片.jpg")
    assert row["处理"] == "旋转" and "EXIF" in row["原因或说明"]
    assert outcome(check_doc(out)) <= outcome(check_doc(source))


def test_a_png_becomes_jpeg_where_the_pack_takes_only_jpg(tmp_path):
    source = copy_example("王五-工程-完整", tmp_path)
    award = source / "04-任职期间奖励情况" / "科技进步奖证书.jpg"
    Image.open(award).save(award.with_suffix(".png"), "PNG")
    award.unlink()
    before = check_doc(source, rules=XIANYANG)
    assert "ZC304" in codes(before)
    out = tmp_path / "out"
    r = bundle(source, out, "--rules", XIANYANG)
    assert r.returncode == 0, r.stderr
    converted = out / "04-任职期间奖励情况" / "04-任职期间奖励情况.jpg"
    assert converted.read_bytes()[:3] == b"\xff\xd8\xff"
    assert row_of(manifest(out), "04-任职期间奖励情况/科技进步奖证书.png")["处理"] == "转换格式"
    after = check_doc(out, rules=XIANYANG)
    assert "ZC304" not in codes(after) and after["applicants"][0]["status"] == "pass"


def test_an_oversized_jpeg_is_reencoded_under_max_kb(tmp_path):
    source = copy_example("王五-工程-完整", tmp_path)
    summary = source / "06-专业技术工作总结" / "专业技术工作总结.jpg"
    summary.write_bytes(grainy_scan((1240, 1754), "专业技术工作总结\n本人……"))
    big = source / "05-科研成果及工作业绩" / "工程业绩证明.jpg"
    big.write_bytes(grainy_scan((2480, 3508), "工程业绩证明\n……"))  # too much grain for quality alone: it must also be scaled down
    assert summary.stat().st_size > 700 * 1024 and big.stat().st_size > 2000 * 1024
    before = check_doc(source, rules=XIANYANG)
    assert codes(before).count("ZC305") == 2
    out = tmp_path / "out"
    r = bundle(source, out, "--rules", XIANYANG)
    assert r.returncode == 0, r.stderr
    for folder, size in (("06-专业技术工作总结", (1240, 1754)), ("05-科研成果及工作业绩", (2480, 3508))):
        (made,) = (out / folder).iterdir()
        assert made.stat().st_size <= 600 * 1024
        width, height = Image.open(made).size
        assert width <= size[0] and height <= size[1], "never upscaled"
        assert width >= 827 and height >= 1169, "never below A4 at the pack's 100 dpi"
    assert Image.open(out / "06-专业技术工作总结" / "06-专业技术工作总结.jpg").size == (1240, 1754)  # quality was enough
    assert Image.open(out / "05-科研成果及工作业绩" / "05-科研成果及工作业绩.jpg").size < (2480, 3508)
    rows = manifest(out)
    assert row_of(rows, "06-专业技术工作总结/专业技术工作总结.jpg")["处理"] == "重新压缩"
    assert "缩小到" in row_of(rows, "05-科研成果及工作业绩/工程业绩证明.jpg")["原因或说明"]
    after = check_doc(out, rules=XIANYANG)
    assert "ZC305" not in codes(after) and after["applicants"][0]["status"] == "pass"


def test_a_bad_picture_goes_to_review_with_its_reason_and_the_run_goes_on(tmp_path):
    source = build_applicant(tmp_path / "src")
    good = (source / "01-承诺书" / "承诺书.jpg").read_bytes()
    (source / "09-业绩印证材料" / "获奖证书.jpg").write_bytes(good[: len(good) // 3])  # truncated
    (source / "09-业绩印证材料" / "专利证书.heic").write_bytes(b"\x00\x00\x00\x18ftypheic" + b"\x00" * 64)
    pages = [scan_image(f"鉴定证书 第{n}页", size=(620, 877)) for n in (1, 2)]
    pages[0].save(source / "09-业绩印证材料" / "鉴定证书.tif", "TIFF", save_all=True, append_images=pages[1:])
    out = tmp_path / "out"
    r = bundle(source, out)
    assert r.returncode == 1, r.stderr
    assert "Traceback" not in r.stderr
    rows = manifest(out)
    truncated = row_of(rows, "09-业绩印证材料/获奖证书.jpg")
    assert truncated["处理"] == "待确认" and "无法打开" in truncated["原因或说明"]
    heic = row_of(rows, "09-业绩印证材料/专利证书.heic")
    assert heic["处理"] == "待确认" and heic["目标文件"] == "待确认/专利证书.heic"
    try:
        import pillow_heif  # noqa: F401
    except ImportError:
        assert "pillow-heif" in heic["原因或说明"]
    tiff = row_of(rows, "09-业绩印证材料/鉴定证书.tif")
    assert tiff["处理"] == "待确认" and "2 帧" in tiff["原因或说明"]  # one JPEG would drop the second page
    assert (out / "待确认" / "获奖证书.jpg").read_bytes() == good[: len(good) // 3]
    assert (out / "09-业绩印证材料" / "09-业绩印证材料.pdf").is_file()  # the rest went on


# --- 待确认 and the manifest ----------------------------------------------------------------------------

def test_duplicates_and_misfiled_files_go_to_review_with_reasons(tmp_path):
    source = build_applicant(tmp_path / "src")
    shutil.copy(source / "08-公需科目培训证书（2014-2020）" / "2018年度公需科目培训证书.pdf", source / "2018公需-副本.pdf")
    make_pdf(source / "07-专业科目培训证书（2021）" / "2013公需科目培训证书.pdf",
             "2013年度专业技术人员继续教育公需科目培训合格证书\n姓名：张三\n学时：30")
    (source / "说明.txt").write_text("随便写的说明", encoding="utf-8")
    out = tmp_path / "out"
    r = bundle(source, out)
    assert r.returncode == 1, r.stderr
    rows = manifest(out)
    duplicate = row_of(rows, "2018公需-副本.pdf")
    assert duplicate["处理"] == "待确认" and duplicate["目标文件"] == "待确认/2018公需-副本.pdf"
    assert "内容完全相同" in duplicate["原因或说明"] and "2018年度公需科目培训证书.pdf" in duplicate["原因或说明"]
    misfiled = row_of(rows, "07-专业科目培训证书（2021）/2013公需科目培训证书.pdf")
    assert misfiled["处理"] == "待确认" and "放在「专业科目" in misfiled["原因或说明"]
    stray = row_of(rows, "说明.txt")
    assert stray["处理"] == "待确认" and "不接收" in stray["原因或说明"]
    assert sorted(p.name for p in (out / "待确认").iterdir()) == ["2013公需科目培训证书.pdf", "2018公需-副本.pdf", "说明.txt"]
    kept = row_of(rows, "08-公需科目培训证书（2014-2020）/2018年度公需科目培训证书.pdf")
    assert kept["目标文件"] == "08-公需科目培训证书（2014-2020）/08-公需科目培训证书-2018.pdf"
    assert outcome(check_doc(out)) <= outcome(check_doc(source))


def test_the_manifest_lists_every_source_file_in_xlsx_and_csv(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    source = copy_example("李四-有缺陷", tmp_path)
    (source / "Thumbs.db").write_bytes(b"junk")
    (source / "=HYPERLINK(1).txt").write_text("=HYPERLINK(\"http://example.invalid\")", encoding="utf-8")
    (source / f"身份证{ID_NUMBER}.txt").write_text("号码", encoding="utf-8")
    out = tmp_path / "out"
    r = bundle(source, out)
    assert r.returncode == 1, r.stderr
    every = sorted(p.relative_to(source).as_posix() for p in source.rglob("*") if p.is_file())
    masked = [s.replace(ID_NUMBER, ID_NUMBER[:6] + "********" + ID_NUMBER[-4:]) for s in every]
    rows = manifest(out)
    assert sorted(row["源文件"].lstrip("'") for row in rows) == sorted(masked)
    assert row_of(rows, "'=HYPERLINK(1).txt")["处理"] == "待确认"  # a formula-looking cell stays text
    assert row_of(rows, "Thumbs.db")["处理"] == "未复制"
    sheet = openpyxl.load_workbook(out / "清单.xlsx").active
    cells = [[c.value for c in row] for row in sheet.iter_rows()]
    assert cells[0] == ["源文件", "材料", "目标文件", "处理", "原因或说明", "原大小（字节）", "新大小（字节）"]
    assert sorted(str(row[0]) for row in cells[1:]) == sorted(masked)
    by_source = {row[0]: row for row in cells[1:]}
    assert by_source["2014公需.pdf"][5] == by_source["2014公需.pdf"][6] == (source / "2014公需.pdf").stat().st_size
    assert by_source["=HYPERLINK(1).txt"][0] == "=HYPERLINK(1).txt"  # a string, not a formula
    # ID numbers are masked in every output but the copied files themselves
    text = (out / "清单.csv").read_text(encoding="utf-8-sig") + r.stdout + r.stderr + "".join(
        str(v) for row in cells for v in row) + "".join(p.name for p in out.rglob("*"))
    assert ID_NUMBER not in text
    assert (out / "待确认" / f"身份证{ID_NUMBER[:6]}xxxxxxxx{ID_NUMBER[-4:]}.txt").is_file()


def test_english_manifest_and_messages(tmp_path):
    out = tmp_path / "out"
    r = bundle(EXAMPLES / "李四-有缺陷", out, "--lang", "en")
    assert r.returncode == 1
    assert "need a decision" in r.stdout
    rows = list(csv.DictReader(io.StringIO((out / "清单.csv").read_text(encoding="utf-8-sig"))))
    assert set(rows[0]) == {"source file", "material", "target file", "action", "reason", "bytes before", "bytes after"}
    assert "has the same content as" in next(r["reason"] for r in rows if r["source file"] == "2018公需.pdf")


# --- zccheck check OUT: the same verdict, or better ---------------------------------------------------

@pytest.mark.parametrize("example, rules", [("张三-完整", None), ("李四-有缺陷", None), ("王五-工程-完整", XIANYANG),
                                            ("赵六-工程-有缺陷", XIANYANG)])
def test_check_of_the_bundle_is_the_same_or_better(tmp_path, example, rules):
    out = tmp_path / "out"
    r = bundle(EXAMPLES / example, out, *(["--rules", rules] if rules else []))
    assert r.returncode in (0, 1), r.stderr
    before, after = check_doc(EXAMPLES / example, rules=rules), check_doc(out, rules=rules)
    assert outcome(after) <= outcome(before)
    assert not [f for f in findings(after) if f["file"] and f["file"].startswith("清单.")], "the manifest is no material"
    if example == "赵六-工程-有缺陷":  # the photo's 122 KB PNG and the 747 KB summary were fixed
        assert codes(before).count("ZC305") == 2 and "ZC305" not in codes(after)
        assert outcome(after) < outcome(before)
    check = run_cli("check", str(out), "--no-cache", *(["--rules", rules] if rules else []))
    assert check.returncode == (0 if outcome(after)[0] == 0 else 1), check.stderr


def test_check_of_a_bundled_messy_folder_is_the_same_or_better(tmp_path):
    source = build_applicant(tmp_path / "src", layout="flat", skip=("photo",))
    sideways_photo(source / "证件照.jpg")
    Image.open(source / "毕业证.jpg").save(source / "毕业证.bmp", "BMP")  # a format the pack does not take
    (source / "毕业证.jpg").unlink()
    before = check_doc(source)
    assert "ZC304" in codes(before)
    out = tmp_path / "out"
    r = bundle(source, out)
    assert r.returncode == 0, r.stderr
    after = check_doc(out)
    assert outcome(after) < outcome(before) and after["applicants"][0]["status"] == "pass"
    assert (out / "04-学历学位证书" / "04-学历证书.jpg").read_bytes()[:3] == b"\xff\xd8\xff"
    assert (out / "02-免冠照片" / "02-免冠照片.jpg").is_file()


def test_a_zip_applicant(tmp_path):
    archive = zip_folder(EXAMPLES / "张三-完整", tmp_path / "张三.zip", encoding="gbk")
    before = archive.read_bytes()
    out_zip, out_folder = tmp_path / "from-zip", tmp_path / "from-folder"
    r = bundle(archive, out_zip)
    assert r.returncode == 0, r.stderr
    assert bundle(EXAMPLES / "张三-完整", out_folder).returncode == 0
    assert archive.read_bytes() == before
    assert tree(out_zip).keys() == tree(out_folder).keys()
    assert {k: v for k, v in tree(out_zip).items() if not k.startswith("清单.")} == \
        {k: v for k, v in tree(out_folder).items() if not k.startswith("清单.")}
    assert check_doc(out_zip)["applicants"][0]["status"] == "pass"


def test_a_single_file_is_not_an_applicant(tmp_path):
    r = bundle(EXAMPLES / "张三-完整" / "05-现任职称资格证明" / "职称证书.pdf", tmp_path / "out")
    assert r.returncode == 2 and "不是申报人文件夹" in r.stderr


# --- --merge ------------------------------------------------------------------------------------------

def _pages(path: Path) -> int:
    from pypdf import PdfReader

    if path.suffix.lower() == ".pdf":
        return len(PdfReader(path).pages)
    return 1


def test_merge_makes_one_pdf_per_slot_with_every_page(tmp_path, pack):
    pytest.importorskip("img2pdf")
    from pypdf import PdfReader

    source = build_applicant(tmp_path / "src")
    assessment = source / "11-年度考核登记表（近三年）"
    make_scan(assessment / "2019年度考核登记表附页.jpg", "2019年度考核登记表（附页）\n补充说明")
    out = tmp_path / "out"
    r = bundle(source, out, "--merge")
    assert r.returncode == 0, r.stderr
    assert "合并为" in r.stdout
    for item in pack.items:
        folder = source / item.slot
        if not folder.is_dir():
            continue
        made = sorted((out / item.slot).iterdir())
        if item.id == "photo":  # a photo stays a picture
            assert [p.suffix for p in made] == [".jpg"]
            continue
        assert len(made) == 1 and made[0].suffix == ".pdf", made
        assert len(PdfReader(made[0]).pages) == sum(_pages(p) for p in folder.iterdir()), item.slot
    merged = out / "11-年度考核登记表（近三年）" / "11-年度考核登记表-2018-2020.pdf"
    assert merged.is_file()
    scan = (source / "01-承诺书" / "承诺书.jpg").read_bytes()
    assert scan in (out / "01-承诺书" / "01-承诺书.pdf").read_bytes(), "the JPEG is embedded as it is, not re-encoded"
    rows = manifest(out)
    assert {row["处理"] for row in rows if row["目标文件"].endswith(".pdf") and "承诺书" in row["目标文件"]} == {"合并"}
    assert row_of(rows, "11-年度考核登记表（近三年）/2019年度考核登记表.pdf")["原因或说明"].count("页") >= 1
    assert outcome(check_doc(out)) <= outcome(check_doc(source))


def test_merge_without_img2pdf_says_so(tmp_path, monkeypatch, capsys):
    import zccheck.commands.bundle as bundle_command

    monkeypatch.setattr(bundle_command, "merge_available", lambda: False)
    code = bundle_command.run_bundle(EXAMPLES / "张三-完整", tmp_path / "out", merge=True, use_cache=False, jobs=0)
    assert code == 2
    assert "img2pdf" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_merge_keeps_a_jpg_only_slot_apart(tmp_path):
    pytest.importorskip("img2pdf")
    out = tmp_path / "out"
    r = bundle(EXAMPLES / "王五-工程-完整", out, "--rules", XIANYANG, "--merge")
    assert r.returncode == 0, r.stderr
    assert not list(out.rglob("*.pdf"))
    assert "不合并" in row_of(manifest(out), "03-近五年年度考核/2019年度考核表.jpg")["原因或说明"]


def test_zip_members_are_read_not_extracted(tmp_path):
    """A .zip FOLDER is read in place: nothing is unpacked beside it."""
    archive = zip_folder(EXAMPLES / "王五-工程-完整", tmp_path / "王五.zip")
    with zipfile.ZipFile(archive) as zf:
        assert any(n.endswith("申报信息.yaml") for n in zf.namelist())
    r = bundle(archive, tmp_path / "out", "--rules", XIANYANG)
    assert r.returncode == 0, r.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "王五.zip"]
    assert check_doc(tmp_path / "out", rules=XIANYANG)["applicants"][0]["status"] == "pass"


def test_merge_never_hides_a_missing_part_or_year(tmp_path):
    pytest.importorskip("img2pdf")
    out = tmp_path / "out"
    r = bundle(EXAMPLES / "李四-有缺陷", out, "--merge")  # an ID card's front only; 考核表 2018 and 2020 only
    assert r.returncode == 1, r.stderr
    assert [p.name for p in (out / "03-身份证（正反面）").iterdir()] == ["03-身份证-人像面.pdf"]
    assert [p.name for p in (out / "11-年度考核登记表（近三年）").iterdir()] == ["11-年度考核登记表-2018、2020.pdf"]
    after = check_doc(out)
    assert findings(after, code="ZC102", item="id-card") and findings(after, code="ZC201", item="annual-assessment")
    assert outcome(after) <= outcome(check_doc(EXAMPLES / "李四-有缺陷"))
