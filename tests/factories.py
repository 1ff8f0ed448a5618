"""Real files for tests and examples, made at run time: PDFs with Chinese text (reportlab's built-in
STSong-Light CID font, or the embedded WenQuanYi TrueType font), scans drawn with Pillow (text, red
seals, blank pages), ID photos, and whole applicant folders laid out the way real people do it."""

from __future__ import annotations

import io
import math
import os
from pathlib import Path
from typing import Callable

from PIL import Image, ImageDraw, ImageFont

FONT_FILE = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"
A4_PX = (1240, 1754)  # A4 at 150 dpi


# --- PDFs ---------------------------------------------------------------------------------------

def _pdf_font(kind: str) -> str:
    from reportlab.pdfbase import pdfmetrics

    if kind == "ttf" and os.path.exists(FONT_FILE):
        from reportlab.pdfbase.ttfonts import TTFont

        if "WQY" not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont("WQY", FONT_FILE, subfontIndex=0))
        return "WQY"
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    if "STSong-Light" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    return "STSong-Light"


def _wrap(line: str, width: int = 36) -> list[str]:
    return [line[i:i + width] for i in range(0, len(line), width)] or [""]


def make_pdf(path: Path, pages: list[str] | str, font: str = "cid", blank_pages: tuple[int, ...] = ()) -> Path:
    """A born-digital PDF: one string per page, lines split on newlines. `blank_pages`: 1-based pages
    left with nothing on them."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    if isinstance(pages, str):
        pages = [pages]
    path.parent.mkdir(parents=True, exist_ok=True)
    c = canvas.Canvas(str(path), pagesize=A4)
    name = _pdf_font(font)
    total = len(pages) + len(blank_pages)
    texts = iter(pages)
    for number in range(1, total + 1):
        if number not in blank_pages:
            y = 780
            c.setFont(name, 13)
            for raw in next(texts, "").split("\n"):
                for line in _wrap(raw):
                    c.drawString(60, y, line)
                    y -= 22
        c.showPage()
    c.save()
    return path


def raw_pdf(objects: list[str | None], content: bytes) -> bytes:
    """A PDF written by hand, object by object (object 1 the catalog; None stands for a stream holding
    `content`), with a correct cross-reference table: for structures reportlab never writes."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        if body is None:
            out += f"{number} 0 obj\n<< /Length {len(content)} >>\nstream\n".encode() + content + b"\nendstream\nendobj\n"
        else:
            out += f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def make_image_pdf(path: Path, images: list[Image.Image]) -> Path:
    """A scanned PDF: each page one image, no text layer (what a copier's scan-to-PDF makes)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    rgb = [im.convert("RGB") for im in images]
    rgb[0].save(path, "PDF", resolution=150, save_all=True, append_images=rgb[1:])
    return path


# --- scans ---------------------------------------------------------------------------------------

def _font(size: int) -> ImageFont.ImageFont:
    try:
        return ImageFont.truetype(FONT_FILE, size)
    except OSError:
        return ImageFont.load_default()


def draw_seal(image: Image.Image, center: tuple[int, int], radius: int = 120, text: str = "新疆生态与地理研究所") -> None:
    """A red official seal: ring, star, the unit's name along the rim."""
    d = ImageDraw.Draw(image)
    red = (220, 30, 35)
    cx, cy = center
    d.ellipse((cx - radius, cy - radius, cx + radius, cy + radius), outline=red, width=max(6, radius // 14))
    star = []
    for k in range(10):
        r = radius * (0.32 if k % 2 == 0 else 0.13)
        a = -math.pi / 2 + k * math.pi / 5
        star.append((cx + r * math.cos(a), cy + r * math.sin(a)))
    d.polygon(star, fill=red)
    f = _font(max(12, radius // 5))
    n = len(text)
    for i, ch in enumerate(text):
        a = math.pi * (1.15 + 0.7 * i / max(n - 1, 1))
        x, y = cx + radius * 0.72 * math.cos(a), cy + radius * 0.72 * math.sin(a)
        d.text((x - radius // 10, y - radius // 10), ch, fill=red, font=f)


def scan_image(text: str, size: tuple[int, int] = A4_PX, seal: bool = False, blank: bool = False,
               signature: str | None = None, font_size: int = 30) -> Image.Image:
    image = Image.new("RGB", size, (250, 250, 247))
    if blank:
        return image
    d = ImageDraw.Draw(image)
    f = _font(font_size)
    y = int(size[1] * 0.07)
    per_line = max(8, int((size[0] * 0.84) // font_size))
    for raw in text.split("\n"):
        for line in _wrap(raw, per_line):
            d.text((int(size[0] * 0.08), y), line, fill=(20, 20, 20), font=f)
            y += int(font_size * 1.6)
    if signature:
        sf = _font(int(font_size * 1.5))
        d.text((int(size[0] * 0.55), y + 20), signature, fill=(25, 25, 90), font=sf)
        d.line((int(size[0] * 0.55), y + 75, int(size[0] * 0.8), y + 70), fill=(25, 25, 90), width=3)
        y += 100
    if seal:
        draw_seal(image, (int(size[0] * 0.68), min(size[1] - 200, y + 140)), radius=int(size[0] * 0.1))
    return image


def save_jpeg(image: Image.Image, path: Path, quality: int = 85, dpi: int = 150) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, "JPEG", quality=quality, dpi=(dpi, dpi))
    return path


def make_scan(path: Path, text: str, **kwargs) -> Path:
    return save_jpeg(scan_image(text, **kwargs), path)


def make_photo(path: Path, size: tuple[int, int] = (390, 567)) -> Path:
    """A 2-inch ID photo: blue background, a head and shoulders."""
    image = Image.new("RGB", size, (60, 130, 210))
    d = ImageDraw.Draw(image)
    w, h = size
    d.ellipse((w * 0.3, h * 0.18, w * 0.7, h * 0.58), fill=(235, 200, 170))
    d.rectangle((w * 0.15, h * 0.62, w * 0.85, h), fill=(30, 30, 40))
    return save_jpeg(image, path, quality=90, dpi=300)


# --- documents of an application ----------------------------------------------------------------

PROFILE = {
    "姓名": "张三",
    "身份证号": "650102198506151232",
    "系列": "自然科学研究",
    "申报职称": "副研究员",
    "现任职称": "助理研究员",
    "现任职称取得时间": "2016-06",
    "现任职称取得地": "新疆",
    "学历": "硕士研究生",
    "学位": "硕士",
    "毕业时间": "2011-07",
    "机关调动": "否",
    "单位类型": "区内单位",
    "援疆": "否",
    "高技能人才": "否",
    "访惠聚": "否",
    "工作单位": "新疆生态与地理研究所",
}


def profile_yaml(profile: dict) -> str:
    return "".join(f"{k}: \"{v}\"\n" for k, v in profile.items())


def texts(p: dict) -> dict[str, str]:
    name, idn, series, title = p["姓名"], p["身份证号"], p["系列"], p["申报职称"]
    level = {"研究员": "正高", "副研究员": "副高", "助理研究员": "中", "研究实习员": "初",
             "正高级实验师": "正高", "高级实验师": "副高", "实验师": "中", "助理实验师": "初"}.get(title, "副高")
    return {
        "commitment": f"承诺书\n本人郑重承诺：所提交的职称申报材料真实、准确、完整，如有弄虚作假，愿承担一切责任。\n承诺人：{name}\n2021年9月8日",
        "title-certificate": f"专业技术职务任职资格证书\n姓名：{name}\n资格名称：{p['现任职称']}\n证书编号：XJ2016-0012\n评审通过时间：2016年6月",
        "training-professional": f"2021年度专业技术人员继续教育专业科目培训合格证书\n姓名：{name}\n身份证号：{idn}\n学时：60\n新疆维吾尔自治区人力资源和社会保障厅",
        "training-public": "{year}年度专业技术人员继续教育公需科目培训合格证书\n姓名：" + name + "\n学时：30\n发证日期：{next}年1月10日",
        "achievements": f"论文\n题目：干旱区植被遥感监测方法研究\n作者：{name}\n期刊：干旱区地理 ISSN 1000-6060\n2019年第3期",
        "work-summary": f"个人业务工作总结\n{name}\n本人自取得助理研究员资格以来，主持课题3项，发表论文6篇，在干旱区生态监测方面取得系列成果。",
        "annual-assessment": "{year}年度考核登记表\n姓名：" + name + "\n单位：新疆生态与地理研究所\n考核等次：合格\n（正面）",
        "annual-assessment-back": "{year}年度考核登记表（反面）\n单位考核意见：同意评为合格\n主管部门意见：同意",
        "unit-audit": f"推荐单位审核意见\n申报人：{name}\n本单位已对提供的申报材料逐一审核，真实、完整、有效，同意推荐。\n新疆生态与地理研究所\n2021年9月20日",
        "unit-publicity": (f"推荐单位公示\n根据自治区职称评审的要求，现对{name}同志申报{series}系列{level}级专业技术任职资格进行公示。\n"
                           f"基本信息：男，汉族，中共党员，身份证号{idn}，现任{p['现任职称']}。\n"
                           "业绩成果：近五年主持课题3项，发表论文6篇。\n"
                           "公示时间从2021年9月10日起至2021年9月16日止（公示期不少于5个工作日）。如对相关信息有疑异，请反映至人事处，监督电话：0991-1234567\n"
                           "公示结果：公示期内无异议。\n新疆生态与地理研究所\n2021年9月17日"),
        "authority-recommendation": f"主管单位推荐意见\n经审核，同意推荐{name}同志申报{series}系列{level}级专业技术任职资格。\n新疆维吾尔自治区科学技术厅\n2021年9月25日",
    }


def build_applicant(root: Path, profile: dict | None = None, *, layout: str = "slots",
                    skip: tuple[str, ...] = (), replace: dict[str, Callable[[Path], None]] | None = None,
                    public_years: tuple[int, ...] = tuple(range(2014, 2021)),
                    assessment_years: tuple[int, ...] = (2018, 2019, 2020), write_profile: bool = True) -> Path:
    """A complete applicant folder (born-digital PDFs where units issue PDFs, JPEG scans where people
    scan paper). `layout`: "slots" (01-承诺书/…) or "flat" (messy names in one folder).
    `skip`: item ids or part keys left out; `replace`: key → function writing a defective file instead."""
    p = dict(PROFILE, **(profile or {}))
    t = texts(p)
    root.mkdir(parents=True, exist_ok=True)
    replace = replace or {}
    slots = layout == "slots"

    def place(key: str, slot: str, flat_name: str, slot_name: str, writer: Callable[[Path], object]) -> None:
        if key in skip or key.split(":")[0] in skip:
            return
        target = root / slot / slot_name if slots else root / flat_name
        target.parent.mkdir(parents=True, exist_ok=True)
        (replace.get(key) or writer)(target)

    if write_profile:
        (root / "申报信息.yaml").write_text(profile_yaml(p), encoding="utf-8")
    place("commitment", "01-承诺书", "张三-承诺书.jpg", "承诺书.jpg",
          lambda f: make_scan(f, t["commitment"], signature=p["姓名"]))
    place("photo", "02-免冠照片", "证件照.jpg", "照片.jpg", lambda f: make_photo(f))
    place("id-card:front", "03-身份证（正反面）", "身份证正面.jpg", "身份证人像面.jpg",
          lambda f: make_scan(f, f"姓名 {p['姓名']}\n性别 男 民族 汉\n出生 1985年6月15日\n公民身份号码 {p['身份证号']}", size=(856, 540), font_size=26))
    place("id-card:back", "03-身份证（正反面）", "身份证反面.jpg", "身份证国徽面.jpg",
          lambda f: make_scan(f, "中华人民共和国\n居民身份证\n签发机关 乌鲁木齐市公安局\n有效期限 2015.01.01-2035.01.01", size=(856, 540), font_size=26))
    place("education:diploma", "04-学历学位证书", "毕业证.jpg", "毕业证书.jpg",
          lambda f: make_scan(f, f"毕业证书\n研究生{p['姓名']}于2008年9月至2011年7月在本校学习，修完全部课程，成绩合格，准予毕业。"))
    if p.get("学位") not in (None, "", "无"):
        place("education:degree", "04-学历学位证书", "学位证.jpg", "学位证书.jpg",
              lambda f: make_scan(f, f"硕士学位证书\n{p['姓名']}，在本校完成了硕士研究生学业，授予理学硕士学位。"))
    if p.get("现任职称") not in (None, "", "无"):
        place("title-proof", "05-现任职称资格证明", "张三-职称证.pdf", "职称证书.pdf", lambda f: make_pdf(f, t["title-certificate"]))
        if p.get("现任职称取得地") == "外省":
            place("title-proof:document", "05-现任职称资格证明", "任职资格文件.pdf", "任职资格文件.pdf",
                  lambda f: make_pdf(f, f"关于公布2016年度专业技术职务任职资格评审结果的通知\n名单如下：{p['姓名']} {p['现任职称']}"))
            place("title-proof:form", "05-现任职称资格证明", "职称评审表.pdf", "专业技术职务任职资格评审表.pdf",
                  lambda f: make_pdf(f, [f"专业技术职务任职资格评审表\n姓名：{p['姓名']}", "评审意见：同意"]))
    if p.get("机关调动") == "是":
        place("transfer-proof:appointment", "06-机关调动印证材料", "任命文件.pdf", "任命文件.pdf",
              lambda f: make_pdf(f, f"关于{p['姓名']}同志任职的通知\n经研究，任命{p['姓名']}同志为……"))
        place("transfer-proof:resume", "06-机关调动印证材料", "干部履历表.pdf", "干部履历表.pdf",
              lambda f: make_pdf(f, [f"干部履历表\n姓名：{p['姓名']}", "工作经历：……"]))
    place("training-professional", "07-专业科目培训证书（2021）", "2021专业科目.pdf", "2021年度专业科目培训合格证书.pdf",
          lambda f: make_pdf(f, t["training-professional"]))
    for year in public_years:
        place(f"training-public:{year}", "08-公需科目培训证书（2014-2020）", f"{year}公需.pdf", f"{year}年度公需科目培训证书.pdf",
              lambda f, y=year: make_pdf(f, t["training-public"].format(year=y, next=y + 1)))
    place("achievements", "09-业绩印证材料", "论文-干旱区植被遥感监测.pdf", "论文1.pdf",
          lambda f: make_pdf(f, [t["achievements"], "摘要：……", "正文：……"]))
    place("work-summary", "10-个人业务工作总结", "个人工作总结.pdf", "个人业务工作总结.pdf", lambda f: make_pdf(f, t["work-summary"]))
    for year in assessment_years:
        place(f"annual-assessment:{year}", "11-年度考核登记表（近三年）", f"考核表{year}.pdf", f"{year}年度考核登记表.pdf",
              lambda f, y=year: make_pdf(f, [t["annual-assessment"].format(year=y), t["annual-assessment-back"].format(year=y)]))
    place("unit-audit", "12-推荐单位审核意见", "单位审核意见.pdf", "审核意见.pdf", lambda f: make_pdf(f, t["unit-audit"]))
    place("unit-publicity", "13-单位公示证明及公示结果", "公示证明.jpg", "公示.jpg",
          lambda f: make_scan(f, t["unit-publicity"], seal=True, font_size=24))
    place("authority-recommendation", "14-主管单位推荐意见", "主管单位推荐意见.jpg", "推荐意见.jpg",
          lambda f: make_scan(f, t["authority-recommendation"], seal=True))
    if p.get("单位类型") in ("中央驻疆单位", "外省驻疆企业", "军队"):
        place("entrustment-letter", "15-委托评审函", "委托评审函.pdf", "委托评审函.pdf",
              lambda f: make_pdf(f, f"委托评审函\n兹委托新疆维吾尔自治区评审{p['姓名']}同志的专业技术职务任职资格。"))
    if p.get("援疆") == "是":
        place("aid-approval", "16-援疆派出单位审核同意证明", "派出单位同意证明.pdf", "派出单位审核同意证明.pdf",
              lambda f: make_pdf(f, f"证明\n{p['姓名']}同志系我单位援疆干部，同意其申报。派出单位：江苏省农业科学院"))
    return root


class _GbkZipInfo(__import__("zipfile").ZipInfo):
    """Writes its name as raw GBK bytes with the UTF-8 flag (0x800) unset, as Chinese Windows does."""

    def _encodeFilenameFlags(self):  # noqa: N802 — zipfile's own hook
        return self.filename.encode("gbk"), self.flag_bits & ~0x800


def zip_folder(folder: Path, target: Path, encoding: str = "utf-8") -> Path:
    """A real .zip of a folder. encoding="gbk" writes names as Chinese Windows does (GBK, no UTF-8 flag)."""
    import zipfile

    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(folder.rglob("*")):
            rel = path.relative_to(folder.parent).as_posix()
            if encoding == "utf-8":
                if path.is_file():
                    zf.write(path, rel)
                continue
            if path.is_file():
                info = _GbkZipInfo(rel)
                info.compress_type = zipfile.ZIP_DEFLATED
                zf.writestr(info, path.read_bytes())
    return target


def image_bytes(image: Image.Image, fmt: str = "JPEG") -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, fmt)
    return buffer.getvalue()


def png_rows(image: Image.Image) -> bytes:
    """The image data of `image` saved as a PNG (libpng's choice of filter for each row: Paeth, Sub, Up…), a
    Flate stream of filtered rows: what img2pdf and other image-to-PDF tools copy into a PDF under
    /Predictor 15."""
    out = io.BytesIO()
    image.save(out, "PNG")
    png, pos, rows = out.getvalue(), 8, b""
    while pos < len(png):
        size = int.from_bytes(png[pos:pos + 4], "big")
        if png[pos + 4:pos + 8] == b"IDAT":
            rows += png[pos + 8:pos + 8 + size]
        pos += 12 + size
    return rows


def black_and_white(image: Image.Image) -> Image.Image:
    """`image` as a copier's or fax-mode scanner's black-and-white mode keeps it: 1 bit a pixel, ink below a
    fixed grey (no dithering)."""
    return image.convert("L").point(lambda v: 255 if v > 160 else 0).convert("1")


def jbig2_mmr(image: Image.Image) -> bytes:
    """`image` (black and white) as a PDF's embedded JBIG2 stream, the way copiers write a page without a
    symbol dictionary: a page information segment, one immediate lossless generic region coded with MMR (the
    G4 fax code of T.6, which libtiff writes for Pillow's TIFF group4), an end of page. No JBIG2 encoder is
    needed: MMR is G4. JBIG2's 1 is black, which the G4 code of the inverted image gives."""
    import struct

    from PIL import ImageOps

    ink_is_one = ImageOps.invert(image.convert("L")).convert("1")
    width, height = image.size
    out = io.BytesIO()
    # One strip: each TIFF strip is a G4 code of its own, started afresh, and strips put end to end are no
    # one code (past the first strip a decoder reads garbage).
    ink_is_one.save(out, "TIFF", compression="group4", tiffinfo={278: height})
    tiff = Image.open(io.BytesIO(out.getvalue()))
    data = out.getvalue()
    (offset,), (length,) = tiff.tag_v2[273], tiff.tag_v2[279]
    g4 = data[offset:offset + length]

    def segment(number: int, kind: int, body: bytes) -> bytes:  # header: number, type, no referrals, page 1
        return struct.pack(">IBBBI", number, kind, 0, 1, len(body)) + body

    page_information = struct.pack(">IIIIBH", width, height, 0, 0, 0, 0)
    region = struct.pack(">IIIIB", width, height, 0, 0, 0) + b"\x01" + g4  # region flags: MMR
    return segment(0, 48, page_information) + segment(1, 38, region) + segment(2, 49, b"")
