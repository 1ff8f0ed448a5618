"""A filled template as a .docx that Word and WPS open and a unit edits: A4, 宋体 (SimSun) as the East-Asian
font — python-docx's default document names only theme fonts, and without w:eastAsia Word may draw the
Chinese in a fallback font — the title centred, body paragraphs indented two characters, the closing
lines (signature, seal, date) set right, as the notice prints its 附件."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

from zccheck.commands.template_fill import Filled

FONT = "宋体"  # SimSun; Word and WPS on Chinese systems have it
LATIN_FONT = "Times New Roman"
BODY_PT = 14  # 四号
TITLE_PT = 18  # 小二


def _set_fonts(r_pr: Any) -> None:
    """rFonts with the East-Asian font named outright (theme attributes removed: they win over names)."""
    from docx.oxml.ns import qn

    fonts = r_pr.get_or_add_rFonts()
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)
    fonts.set(qn("w:ascii"), LATIN_FONT)
    fonts.set(qn("w:hAnsi"), LATIN_FONT)
    fonts.set(qn("w:eastAsia"), FONT)
    language = r_pr.find(qn("w:lang"))
    if language is not None:
        language.set(qn("w:eastAsia"), "zh-CN")


def _page(document: Any) -> None:
    from docx.shared import Mm

    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = Mm(30)
    section.left_margin = section.right_margin = Mm(26)


def _paragraph(document: Any, text: str, *, size: int, align: Any, bold: bool = False, indent: bool = False) -> None:
    from docx.shared import Pt

    paragraph = document.add_paragraph()
    paragraph.alignment = align
    if indent:
        paragraph.paragraph_format.first_line_indent = Pt(size * 2)
    run = paragraph.add_run(text)
    run.bold = bold
    run.font.size = Pt(size)
    _set_fonts(run.element.get_or_add_rPr())


def docx_bytes(filled: Filled) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    document = Document()
    _page(document)
    defaults = document.styles.element.find(".//{*}docDefaults/{*}rPrDefault/{*}rPr")
    if defaults is not None:
        _set_fonts(defaults)
    _set_fonts(document.styles["Normal"].element.get_or_add_rPr())
    properties = document.core_properties  # python-docx's own template says "python-docx", 2013
    properties.title, properties.author, properties.comments = filled.template.title, "", ""
    properties.created = properties.modified = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    _paragraph(document, filled.template.title, size=TITLE_PT, align=WD_ALIGN_PARAGRAPH.CENTER, bold=True)
    for text in filled.paragraphs:
        _paragraph(document, text, size=BODY_PT, align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent=True)
    for text in filled.closing:
        _paragraph(document, text, size=BODY_PT, align=WD_ALIGN_PARAGRAPH.RIGHT)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def write_new(path: Path, filled: Filled) -> bool:
    """Write the document at `path` unless a file is there (never overwritten): False when one was."""
    data = docx_bytes(filled)
    try:
        with path.open("xb") as f:
            f.write(data)
    except FileExistsError:
        return False
    return True
