"""`check --html FILE --thumbnails` and `batch --html --thumbnails`: the HTML report shows each file's first
page beside the item it was classified as, and the page a finding names beside that finding. Real files:
PDFs drawn with reportlab, phone photos with EXIF orientation, a truncated JPEG, a zip applicant; the page
opened in headless Chromium at a desktop's and a phone's width."""

from __future__ import annotations

import base64
import hashlib
import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image

from tests.conftest import run_cli
from tests.factories import PROFILE, build_applicant, make_image_pdf, make_pdf, zip_folder

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
IMG = re.compile(r'<img src="data:image/jpeg;base64,([A-Za-z0-9+/=]+)" alt="([^"]*)"')
# A colour no generated document has: the thumbnails of the marker photo are found by it on screenshots.
MARKER = (230, 20, 200)


def _hashes(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(root.rglob("*"))
            if p.is_file()}


def _marker_photo(path: Path) -> Path:
    """A passport photo taken sideways: stored 567×390 with EXIF orientation 6 (turn 90° clockwise), as phones
    save it; upright it is 390×567. The left half is the marker colour, so its thumbnail is findable."""
    from PIL import ImageDraw

    image = Image.new("RGB", (567, 390), (40, 90, 200))
    image.paste(Image.new("RGB", (567, 195), MARKER), (0, 0))
    draw = ImageDraw.Draw(image)  # a face and shoulders, sideways
    draw.ellipse((200, 120, 380, 270), fill=(235, 200, 170))
    draw.rectangle((420, 60, 567, 330), fill=(30, 30, 40))
    exif = Image.Exif()
    exif[0x0112] = 6
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, "JPEG", quality=92, exif=exif.tobytes())
    return path


@pytest.fixture(scope="module")
def applicant(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("pictures") / "张三"
    build_applicant(root, replace={"photo": _marker_photo})
    # A summary with a blank second page: the finding names page 2, the report shows page 2 beside it.
    make_pdf(root / "10-个人业务工作总结" / "工作总结.pdf", ["个人业务工作总结\n本人自2016年以来……", "第三页"],
             blank_pages=(2,))
    # A truncated scan: no picture, a label instead; the report goes on.
    data = (root / "01-承诺书" / "承诺书.jpg").read_bytes()
    (root / "01-承诺书" / "承诺书-2.jpg").write_bytes(data[: len(data) // 3])
    (root / "个人简历.docx").write_bytes(b"PK\x03\x04not really a docx")
    return root


def _html(tmp_path: Path, target: Path, *extra: str) -> tuple[str, subprocess.CompletedProcess]:
    out = tmp_path / "报告.html"
    r = run_cli("check", str(target), "--html", str(out), "--no-cache", *extra)
    assert r.returncode in (0, 1) and "Traceback" not in r.stderr, r.stderr
    return out.read_text(encoding="utf-8"), r


def _decode(b64: str) -> Image.Image:
    return Image.open(io.BytesIO(base64.b64decode(b64)))


def test_thumbnails_show_every_drawable_file_beside_its_item(applicant, tmp_path):
    before = _hashes(applicant)
    page, r = _html(tmp_path, applicant, "--thumbnails")
    assert r.returncode == 1  # the blank page and the broken scan are errors
    assert _hashes(applicant) == before  # read only
    pictures = IMG.findall(page)
    drawable = [p for p in applicant.rglob("*") if p.suffix in (".pdf", ".jpg") and p.name != "承诺书-2.jpg"]
    names = {re.sub(r" 第 \d+ 页$", "", alt) for _, alt in pictures}
    assert {str(p.relative_to(applicant)) for p in drawable} <= names
    for b64, _ in pictures:
        image = _decode(b64)
        assert image.format == "JPEG" and max(image.size) <= 340 and min(image.size) >= 40
    # The sideways photo is shown upright (portrait), as the phone shows it.
    photos = [_decode(b64) for b64, alt in pictures if alt.startswith("02-免冠照片/照片.jpg")]
    assert photos and all(photo.height > photo.width for photo in photos)
    # The truncated scan gets a label, not a broken image; the Word file is listed by its name.
    assert "无法显示此页" in page and "个人简历.docx" in page
    assert "<script" not in page and 'src="http' not in page and "url(" not in page


def test_the_page_a_finding_names_is_shown_with_it(applicant, tmp_path):
    page, _ = _html(tmp_path, applicant, "--thumbnails")
    blank = re.search(r'<li class="error"><span class="code">ZC402[^<]*</span>[^<]*工作总结\.pdf[^<]*(<div class="thumbs">.*?</div>)',
                      page)
    assert blank, "the blank-page finding carries its page's picture"
    assert "10-个人业务工作总结/工作总结.pdf 第 2 页" in blank.group(1)
    # Page 2 is blank: its picture is (nearly) white.
    (b64,) = re.findall(r'base64,([A-Za-z0-9+/=]+)"', blank.group(1))
    extrema = _decode(b64).convert("L").getextrema()
    assert extrema[0] > 200


def test_no_pictures_without_the_option(applicant, tmp_path):
    page, _ = _html(tmp_path, applicant)
    assert "<img" not in page and "data:image" not in page
    page, _ = _html(tmp_path, applicant, "--thumbnails", "--lang", "en")
    assert "page 1" in page and "this page cannot be shown" in page


def test_id_numbers_in_file_names_are_masked_in_captions(tmp_path):
    root = build_applicant(tmp_path / "a", skip=("photo",))
    number = PROFILE["身份证号"]
    make_pdf(root / f"{number}-简历.pdf", "简历")
    page, _ = _html(tmp_path, root, "--thumbnails")
    assert number not in page and "简历.pdf" in page


def test_without_pdfium_a_scanned_pdf_shows_its_image_and_a_text_pdf_a_label(tmp_path, monkeypatch):
    from zccheck.scan import thumbnail
    from zccheck.scan.runner import ScanTask

    scan = make_image_pdf(tmp_path / "scan.pdf", [Image.new("RGB", (600, 850), MARKER)])
    text = make_pdf(tmp_path / "text.pdf", "证明\n兹证明张三同志……")
    monkeypatch.setattr(thumbnail, "pdfium_available", lambda: False)
    (pic,) = thumbnail.page_pictures(ScanTask(0, "scan.pdf", str(scan)), (1,), max_bytes=10**7, timeout=30)
    assert pic.jpeg is not None and _decode(base64.b64encode(pic.jpeg).decode()).convert("RGB").getpixel((5, 5))[0] > 200
    (pic,) = thumbnail.page_pictures(ScanTask(0, "text.pdf", str(text)), (1,), max_bytes=10**7, timeout=30)
    assert pic.jpeg is None and pic.why == "no-renderer"
    # Pages a file does not have are left out; a file that is not a picture gives none.
    assert [p.page for p in thumbnail.page_pictures(ScanTask(0, "text.pdf", str(text)), (1, 5), max_bytes=10**7,
                                                    timeout=30)] == [1]
    (tmp_path / "x.docx").write_bytes(b"PK\x03\x04junk")
    assert thumbnail.page_pictures(ScanTask(0, "x.docx", str(tmp_path / "x.docx")), (1,), max_bytes=10**7,
                                   timeout=30) == []


WILD = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "wild"


@pytest.mark.skipif(not WILD.is_dir(), reason="needs ../shared/corpus/wild")
def test_damaged_and_fuzzed_files_never_stop_the_pictures():
    """Every 7th file of the wild corpus (damaged, fuzzed, encrypted PDFs and images): a picture, a label
    or nothing, and never an exception or a hang past the time limit."""
    from zccheck.scan import thumbnail
    from zccheck.scan.runner import ScanTask

    files = sorted(p for p in WILD.rglob("*") if p.is_file())[::7]
    assert len(files) > 50
    drawn = 0
    for path in files:
        pictures = thumbnail.page_pictures(ScanTask(0, path.name, str(path)), (1, 2), max_bytes=50 * 2**20, timeout=10)
        drawn += sum(p.jpeg is not None for p in pictures)
        for p in pictures:
            assert p.jpeg is None or p.jpeg[:2] == b"\xff\xd8"
    assert drawn > len(files) // 4  # most real PDFs and images do draw


def test_batch_shows_pictures_per_applicant_including_a_zip(tmp_path):
    drive = tmp_path / "drive"
    build_applicant(drive / "张三", skip=("photo",))
    other = build_applicant(tmp_path / "李四src", {"姓名": "李四"}, replace={"photo": _marker_photo})
    zip_folder(other, drive / "李四.zip")
    out = tmp_path / "batch.html"
    r = run_cli("batch", str(drive), "--html", str(out), "--thumbnails", "--no-cache", "--progress", "never")
    assert r.returncode in (0, 1) and "Traceback" not in r.stderr, r.stderr
    page = out.read_text(encoding="utf-8")
    sections = page.split('<section class="applicant')[1:]
    assert len(sections) == 2
    for section in sections:
        assert len(IMG.findall(section)) >= 15
    zip_section = next(s for s in sections if "李四.zip" in s)
    assert any(alt.startswith("02-免冠照片/") for _, alt in IMG.findall(zip_section))


def _screenshot(html: Path, width: int, tmp_path: Path) -> Image.Image:
    shot = tmp_path / f"shot-{width}.png"
    r = subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync",
                        f"--user-data-dir={tmp_path / f'profile-{width}'}", f"--screenshot={shot}",
                        f"--window-size={width},2400", "--hide-scrollbars", html.as_uri()],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr[-2000:]
    return Image.open(shot).convert("RGB")


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (apt-get install -y chromium)")
@pytest.mark.parametrize("width", [1280, 390])
def test_thumbnails_are_drawn_in_a_real_browser_at_desktop_and_phone_width(applicant, tmp_path, width):
    out = tmp_path / "报告.html"
    r = run_cli("check", str(applicant), "--html", str(out), "--thumbnails", "--no-cache")
    assert r.returncode == 1, r.stderr
    image = _screenshot(out, width, tmp_path)
    assert image.width == width
    colours = image.getcolors(image.width * image.height) or []
    marker = sum(n for n, px in colours if abs(px[0] - MARKER[0]) < 40 and px[1] < 80 and abs(px[2] - MARKER[2]) < 50)
    assert marker > 2000, "the photo's thumbnail is on screen"
    # Readable: the heading and the first items are drawn in dark text in the top of the page.
    histogram = image.crop((0, 0, width, 600)).convert("L").histogram()
    assert sum(histogram[:100]) > 500
