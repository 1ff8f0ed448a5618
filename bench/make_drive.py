"""A reproducible synthetic shared drive of N applicants for benchmarking `zccheck batch`.

Each applicant is a folder in the slot layout with a profile and 25–40 files, the mix a real drive
has: born-digital PDFs of 1–60 pages (certificates, papers, the work summary), image-only PDFs (the
annual assessment forms, some training certificates, as a copier's scan-to-PDF makes them) and JPEG
scans of 0.5–3 MB (ID card, diplomas, the publicity notice with its seal).

Generating hundreds of thousands of pages is slow, so a pool of distinct base files is made once per
seed (bench/out/pool-<seed>/, git-ignored) and every applicant gets copies made unique by a few
trailing bytes (after JPEG's EOI marker, or a comment after the PDF's %%EOF — readers ignore both):
no two files of the drive have the same content, so the content-keyed cache cannot share work
between applicants, and a cold run really parses every file.

`--scan-heavy`: half the drive's documents are scanned PDFs, from the producers real drives hold —
Pillow/copier scan-to-PDF (a plain /DCTDecode JPEG), reportlab and PostScript drivers ([/ASCII85Decode
/DCTDecode]), print-to-PDF tools ([/FlateDecode /DCTDecode]), scanners that write a page as several
JPEG strips, and black-and-white pages (CCITT G4, as fax-mode scanners write them). `--lossless`: that mix
and lossless pages behind /FlateDecode alone too (raw grey rows; a PNG's filtered rows under /Predictor 15, as
img2pdf writes them). `--jpx-icc`: the scan-heavy mix and the pages Acrobat and phone scanner apps write too
(JPEG 2000 under /JPXDecode, its colours left to the codestream; a JPEG under an ICC profile, [/ICCBased]).

    python bench/make_drive.py N [--seed 1] [--out bench/out] [--scan-heavy | --lossless | --jpx-icc]
    → prints the drive folder
"""

from __future__ import annotations

import argparse
import io
import json
import random
import sys
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

OUT = Path(__file__).resolve().parent / "out"
FONT_FILE = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"
POOL_VERSION = "2"
# 2: reportlab's scans really ASCII85-wrapped. Version 1 set nothing, and reportlab wrote ASCII85 or not as the
# last text PDF made in the same process had left rl_config.useA85 (0): a drive made with its pool had none.
HEAVY_VERSION = "2"
N_SCANS, N_IMAGE_PDFS, N_PDFS, N_HEAVY = 24, 12, 30, 20

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国志红文斌玉兰海燕鹏飞晓东雪梅"


# --- the pool of distinct base files ----------------------------------------------------------------

def _font(size: int):
    try:
        return ImageFont.truetype(FONT_FILE, size)
    except OSError:
        return ImageFont.load_default()


def scan_jpeg(rng: random.Random, target_mb: float, text: str, seal: bool) -> bytes:
    """An A4 page scanned at 200–300 dpi: paper grain, text lines, maybe a red seal; quality chosen
    so the file lands near `target_mb`."""
    dpi = rng.choice((200, 240, 300))
    w, h = int(8.27 * dpi), int(11.69 * dpi)
    page = Image.new("RGB", (w, h), (246, 245, 240))
    grain = Image.effect_noise((w // 2, h // 2), rng.uniform(18, 40)).resize((w, h)).convert("RGB")
    page = Image.blend(page, grain, 0.10)
    d = ImageDraw.Draw(page)
    f = _font(int(dpi * 0.16))
    y = int(h * 0.08)
    for i in range(rng.randint(12, 30)):
        line = (text * 4)[i % len(text):][:rng.randint(12, 30)]
        d.text((int(w * 0.09), y), line, fill=(25, 25, 25), font=f)
        y += int(dpi * 0.3)
        if y > h * 0.85:
            break
    if seal:
        r = int(w * 0.1)
        cx, cy = int(w * 0.68), int(h * 0.8)
        d.ellipse((cx - r, cy - r, cx + r, cy + r), outline=(215, 30, 35), width=max(6, r // 14))
    best = b""
    for quality in (70, 80, 88, 93, 96):
        buffer = io.BytesIO()
        page.save(buffer, "JPEG", quality=quality, dpi=(dpi, dpi))
        best = buffer.getvalue()
        if len(best) >= target_mb * 1024 * 1024:
            break
    return best


def image_pdf(rng: random.Random, pages: int, text: str) -> bytes:
    images = []
    for _ in range(pages):
        data = scan_jpeg(rng, rng.uniform(0.4, 1.2), text, seal=rng.random() < 0.5)
        images.append(Image.open(io.BytesIO(data)).convert("RGB"))
    buffer = io.BytesIO()
    images[0].save(buffer, "PDF", resolution=200, save_all=True, append_images=images[1:])
    return buffer.getvalue()


PRODUCERS = ("pillow", "reportlab-a85", "flate-dct", "strips", "ccitt")
# --lossless adds pages of pixels behind /FlateDecode alone, which no reader can skip decoding (poppler's
# text extraction never looks at them): a harder drive than the mix, measured apart.
LOSSLESS_PRODUCERS = ("flate-raw", "png")
# --jpx-icc: a JPEG 2000 page (Acrobat's and some scanners' lossy compression), a JPEG page under an sRGB
# ICC profile (Acrobat, phone scanner apps).
JPX_ICC_PRODUCERS = ("jpx", "icc")
EXTRA_PRODUCERS = {"": (), "lossless": LOSSLESS_PRODUCERS, "jpx-icc": JPX_ICC_PRODUCERS}


def _reportlab_scan(images: list[Image.Image], strips: int) -> bytes:
    """A scanned PDF as reportlab writes it: each JPEG behind ASCII85 ([/ASCII85Decode /DCTDecode]); with
    strips > 1, each page drawn as that many horizontal JPEG bands, as some scanner drivers do."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    from reportlab import rl_config

    rl_config.useA85 = 1  # reportlab's default, and what PostScript drivers write: [/ASCII85Decode /DCTDecode]
    buffer = io.BytesIO()
    c = canvas.Canvas(buffer, pagesize=A4)
    page_w, page_h = A4
    for image in images:
        band = image.height // strips
        for k in range(strips):
            part = image.crop((0, k * band, image.width, image.height if k == strips - 1 else (k + 1) * band))
            jpeg = io.BytesIO()
            part.save(jpeg, "JPEG", quality=80)
            jpeg.seek(0)
            h = page_h * part.height / image.height
            c.drawImage(ImageReader(jpeg), 0, page_h - page_h * (k * band + part.height) / image.height, page_w, h)
        c.showPage()
    c.save()
    return buffer.getvalue()


def _flate_wrapped(pdf: bytes) -> bytes:
    """The same PDF with every JPEG image wrapped in Flate ([/FlateDecode /DCTDecode]), as print-to-PDF tools do."""
    import zlib

    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import ArrayObject, NameObject

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    for page in writer.pages:
        for obj in page["/Resources"]["/XObject"].values():
            image = obj.get_object()
            if image.get("/Filter") in ("/DCTDecode", ArrayObject([NameObject("/DCTDecode")])):
                image._data = zlib.compress(image._data)
                image[NameObject("/Filter")] = ArrayObject([NameObject("/FlateDecode"), NameObject("/DCTDecode")])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _recoded(pdf: bytes, images: list[Image.Image], producer: str) -> bytes:
    """The same PDF with each page's JPEG stored as `producer` writes it: "flate-raw", its pixels as raw grey
    rows under /FlateDecode alone (scanners' lossless grey mode); "png", a PNG's filtered RGB rows under
    /Predictor 15 (img2pdf and other image-to-PDF tools copy a PNG's data so); "jpx", a JPEG 2000 codestream
    with no /ColorSpace; "icc", the JPEG kept, its colours under an sRGB ICC profile; "jbig2", the page in
    black and white as JBIG2 (copiers' high compression; bench/slot_scans.py --more-producers)."""
    import zlib

    from PIL import ImageCms
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import ArrayObject, DecodedStreamObject, DictionaryObject, NameObject, NumberObject

    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from tests.factories import black_and_white, jbig2_mmr, png_rows  # the same pages the tests read

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    profile = None
    if producer == "icc":
        srgb = DecodedStreamObject()
        srgb.set_data(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
        srgb[NameObject("/N")] = NumberObject(3)
        profile = writer._add_object(srgb)
    for page, image in zip(writer.pages, images):
        for obj in page["/Resources"]["/XObject"].values():
            xobject = obj.get_object()
            if producer == "icc":
                xobject[NameObject("/ColorSpace")] = ArrayObject([NameObject("/ICCBased"), profile])
                continue
            if producer == "jbig2":
                xobject._data = jbig2_mmr(black_and_white(image))
                xobject[NameObject("/ColorSpace")] = NameObject("/DeviceGray")
                xobject[NameObject("/BitsPerComponent")] = NumberObject(1)
                xobject[NameObject("/Filter")] = NameObject("/JBIG2Decode")
                continue
            if producer == "jpx":
                jpx = io.BytesIO()
                image.save(jpx, "JPEG2000", irreversible=True, quality_mode="rates", quality_layers=[24])
                xobject._data = jpx.getvalue()
                del xobject["/ColorSpace"]
                xobject[NameObject("/Filter")] = NameObject("/JPXDecode")
                continue
            pixels = image if producer == "png" else image.convert("L")
            if producer == "png":
                xobject._data = png_rows(pixels)
                xobject[NameObject("/DecodeParms")] = DictionaryObject({
                    NameObject("/Predictor"): NumberObject(15), NameObject("/Colors"): NumberObject(3),
                    NameObject("/BitsPerComponent"): NumberObject(8), NameObject("/Columns"): NumberObject(pixels.width)})
            else:
                xobject._data = zlib.compress(pixels.tobytes(), 6)
                xobject[NameObject("/ColorSpace")] = NameObject("/DeviceGray")
            xobject[NameObject("/Filter")] = ArrayObject([NameObject("/FlateDecode")])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def scanned_pdf(rng: random.Random, pages: int, text: str, producer: str) -> bytes:
    images = [Image.open(io.BytesIO(scan_jpeg(rng, rng.uniform(0.4, 1.2), text, seal=rng.random() < 0.5))).convert("RGB")
              for _ in range(pages)]
    if producer == "ccitt":
        buffer = io.BytesIO()
        sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
        from tests.factories import black_and_white

        bw = [black_and_white(im) for im in images]
        bw[0].save(buffer, "PDF", resolution=200, save_all=True, append_images=bw[1:])
        return buffer.getvalue()
    if producer in ("reportlab-a85", "strips"):
        return _reportlab_scan(images, 4 if producer == "strips" else 1)
    buffer = io.BytesIO()
    images[0].save(buffer, "PDF", resolution=200, save_all=True, append_images=images[1:])
    if producer in LOSSLESS_PRODUCERS + JPX_ICC_PRODUCERS + ("jbig2",):
        return _recoded(buffer.getvalue(), images, producer)
    return _flate_wrapped(buffer.getvalue()) if producer == "flate-dct" else buffer.getvalue()


def text_pdf(rng: random.Random, pages: int, title: str) -> bytes:
    from reportlab import rl_config
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    if "STSong-Light" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    rl_config.useA85 = 0  # binary Flate streams, as Word and WPS write them (not ASCII85 text)
    body = ("干旱区生态系统遥感监测与评价方法研究，基于多源数据的植被覆盖变化分析，"
            "本文提出一种改进的时间序列重建算法并在塔里木河流域开展验证。")
    buffer = io.BytesIO()
    c = canvas.Canvas(buffer, pagesize=A4)
    for number in range(1, pages + 1):
        c.setFont("STSong-Light", 15 if number == 1 else 11)
        y = 790
        if number == 1:
            c.drawString(60, y, title)
            y -= 30
            c.setFont("STSong-Light", 11)
        for _ in range(rng.randint(25, 42)):
            start = rng.randrange(len(body))
            c.drawString(60, y, (body * 2)[start:start + 40])
            y -= 18
        c.drawString(290, 40, f"- {number} -")
        c.showPage()
    c.save()
    return buffer.getvalue()


def build_pool(seed: int, out: Path = OUT) -> Path:
    pool = out / f"pool-{POOL_VERSION}-{seed}"
    if (pool / "done").exists():
        return pool
    pool.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    for i in range(N_SCANS):
        seal = i % 3 == 0
        (pool / f"scan{i:02d}.jpg").write_bytes(
            scan_jpeg(rng, rng.uniform(0.5, 3.0), "证书扫描件 姓名 单位 新疆生态与地理研究所 年月日", seal))
    for i in range(N_IMAGE_PDFS):
        (pool / f"imagepdf{i:02d}.pdf").write_bytes(image_pdf(rng, rng.choice((1, 2, 2)), "年度考核登记表 考核等次 合格"))
    # Born-digital: many short certificates and forms, some long papers (1–60 pages).
    lengths = [1] * 10 + [2, 2, 3, 3, 4, 5] + [rng.randint(6, 60) for _ in range(N_PDFS - 16)]
    for i, pages in enumerate(lengths):
        (pool / f"pdf{i:02d}-{pages}p.pdf").write_bytes(text_pdf(rng, pages, "专业技术人员继续教育培训合格证书"))
    (pool / "done").write_text("ok")
    return pool


def build_heavy_pool(seed: int, out: Path = OUT, extra: str = "") -> Path:
    """The scanned PDFs of the --scan-heavy mix (with `extra`'s producers: see EXTRA_PRODUCERS), a pool of
    their own (the mixed drive stays as it was)."""
    pool = out / f"pool-heavy-{HEAVY_VERSION}{f'-{extra}' if extra else ''}-{seed}"
    if (pool / "done").exists():
        return pool
    pool.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed * 7919)
    producers = PRODUCERS + EXTRA_PRODUCERS[extra]
    for i in range(N_HEAVY):
        producer = producers[i % len(producers)]
        (pool / f"heavy{i:02d}-{producer}.pdf").write_bytes(
            scanned_pdf(rng, rng.choice((1, 1, 2)), "证书扫描件 年度考核登记表 考核等次 合格", producer))
    (pool / "done").write_text("ok")
    return pool


# --- applicants --------------------------------------------------------------------------------------

def _unique(data: bytes, tag: str, kind: str) -> bytes:
    if kind == "pdf":
        return data + f"\n%zccheck-bench {tag}\n".encode()
    return data + f"zccheck-bench {tag}".encode()  # after the JPEG's EOI marker: ignored by readers


def _profile(rng: random.Random, name: str) -> str:
    title = rng.choice(["副研究员", "研究员", "助理研究员", "高级实验师"])
    series = "实验技术" if title.endswith("实验师") else "自然科学研究"
    current = {"研究员": "副研究员", "副研究员": "助理研究员", "助理研究员": "研究实习员", "高级实验师": "实验师"}[title]
    lines = {"姓名": name, "身份证号": "650102198506151232", "系列": series, "申报职称": title, "现任职称": current,
             "现任职称取得时间": "2015-06", "现任职称取得地": "新疆", "学历": "博士研究生", "学位": "博士",
             "毕业时间": "2010-07", "机关调动": "否", "单位类型": "区内单位", "援疆": "否", "高技能人才": "否",
             "访惠聚": "否", "工作单位": "新疆生态与地理研究所"}
    return "".join(f'{k}: "{v}"\n' for k, v in lines.items())


def _scan_heavy(files: list[tuple[str, str]], rng: random.Random, heavy_pool: Path) -> list[tuple[str, str]]:
    """Every JPEG scan but the photo, and every 公需/考核 document, as a scanned PDF of some producer (an
    absolute path: the main pool joined with it gives it)."""
    heavy = sorted(str(p) for p in heavy_pool.glob("heavy*.pdf"))
    out = []
    for rel, source in files:
        if rel.startswith("02-") or not (rel.endswith(".jpg") or rel.startswith(("08-", "11-"))):
            out.append((rel, source))
        else:
            out.append((rel.rsplit(".", 1)[0] + ".pdf", rng.choice(heavy)))
    return out


def applicant_files(rng: random.Random, pool: Path, heavy_pool: Path | None = None) -> list[tuple[str, str]]:
    """(relative path, pool file) for one applicant: 25–40 files in the slot layout."""
    scans = sorted(p.name for p in pool.glob("scan*.jpg"))
    image_pdfs = sorted(p.name for p in pool.glob("imagepdf*.pdf"))
    short = sorted(p.name for p in pool.glob("pdf*.pdf") if int(p.stem.split("-")[1][:-1]) <= 5)
    long_ = sorted(p.name for p in pool.glob("pdf*.pdf") if int(p.stem.split("-")[1][:-1]) > 5)
    pick = rng.choice
    files = [
        ("01-承诺书/承诺书.jpg", pick(scans)),
        ("02-免冠照片/照片.jpg", pick(scans)),
        ("03-身份证（正反面）/身份证正面.jpg", pick(scans)),
        ("03-身份证（正反面）/身份证反面.jpg", pick(scans)),
        ("04-学历学位证书/毕业证书.jpg", pick(scans)),
        ("04-学历学位证书/学位证书.jpg", pick(scans)),
        ("05-现任职称资格证明/职称证书.pdf", pick(short)),
        ("07-专业科目培训证书（2021）/2021年度专业科目培训合格证书.pdf", pick(short)),
    ]
    for year in range(2014, 2021):
        source = pick(image_pdfs) if rng.random() < 0.3 else pick(short)
        files.append((f"08-公需科目培训证书（2014-2020）/{year}年度公需科目培训证书.pdf", source))
    for i in range(rng.randint(3, 15)):
        files.append((f"09-业绩印证材料/业绩{i + 1:02d}.pdf", pick(long_) if rng.random() < 0.6 else pick(short)))
    files.append(("10-个人业务工作总结/个人业务工作总结.pdf", pick(short)))
    for year in (2018, 2019, 2020):
        files.append((f"11-年度考核登记表（近三年）/{year}年度考核登记表.pdf", pick(image_pdfs)))
    files += [
        ("12-推荐单位审核意见/审核意见.pdf", pick(short)),
        ("13-单位公示证明及公示结果/公示.jpg", pick(scans)),
        ("14-主管单位推荐意见/推荐意见.jpg", pick(scans)),
    ]
    return _scan_heavy(files, rng, heavy_pool) if heavy_pool is not None else files


def make_drive(n: int, seed: int = 1, out: Path = OUT, scan_heavy: bool = False, extra: str = "") -> Path:
    """`extra`: "lossless" or "jpx-icc", the scan-heavy mix with those producers too (EXTRA_PRODUCERS)."""
    pool = build_pool(seed, out)
    scan_heavy = scan_heavy or bool(extra)
    heavy_pool = build_heavy_pool(seed, out, extra) if scan_heavy else None
    drive = out / (f"drive-{POOL_VERSION}-{seed}-{n}{f'-heavy{HEAVY_VERSION}' if scan_heavy else ''}"
                   f"{f'-{extra}' if extra else ''}")
    marker = drive / ".complete"
    if marker.exists():
        return drive
    rng = random.Random(seed * 1_000_003 + n)
    cache: dict[str, bytes] = {}
    stats = {"applicants": n, "files": 0, "bytes": 0, "pdf": 0, "jpeg": 0}
    for i in range(n):
        name = rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN)
        folder = drive / f"{i + 1:04d}-{name}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "申报信息.yaml").write_text(_profile(rng, name), encoding="utf-8")
        for rel, source in applicant_files(rng, pool, heavy_pool):
            data = cache.setdefault(source, (pool / source).read_bytes())
            kind = "pdf" if source.endswith(".pdf") else "jpeg"
            blob = _unique(data, f"{seed}/{i}/{rel}", kind)
            target = folder / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(blob)
            stats["files"] += 1
            stats["bytes"] += len(blob)
            stats[kind] += 1
    (drive / ".stats.json").write_text(json.dumps(stats))
    marker.write_text("ok")
    return drive


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--scan-heavy", action="store_true", help="scanned PDFs of several producers")
    parser.add_argument("--lossless", dest="extra", action="store_const", const="lossless", default="",
                        help="the scan-heavy mix with lossless pages too (raw and PNG-filtered rows behind Flate)")
    parser.add_argument("--jpx-icc", dest="extra", action="store_const", const="jpx-icc", default="",
                        help="the scan-heavy mix with JPEG 2000 pages and ICC-profiled JPEG pages too")
    args = parser.parse_args()
    drive = make_drive(args.n, args.seed, args.out, args.scan_heavy, args.extra)
    print(drive)
    print((drive / ".stats.json").read_text(), file=sys.stderr)


if __name__ == "__main__":
    main()
