"""The fast page-text reader (zccheck/scan/pdf_text.py) says what pypdf says, or declines.

Held to pypdf's extract_text, whitespace aside (zccheck matches words with whitespace removed), on PDFs
made here with every font set-up Chinese documents use, on a browser-printed PDF, and on every page of
the real-world corpus it agrees to read.
"""

from __future__ import annotations

import re
import shutil
import signal
import subprocess
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from factories import make_pdf, raw_pdf
from hostile import WILD_CORPUS
from zccheck.scan import pdf_text
from zccheck.scan.pdf import _content, clean_text, read_pdf
from zccheck.scan.image import ImageAnalyzer


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", clean_text(text)))


def both(path: Path, pypdf_too: bool = True) -> list[tuple[str | None, str]]:
    """(fast text or None, pypdf text) for each page."""
    reader = PdfReader(path)
    fonts: dict = {}
    out = []
    for page in reader.pages:
        data, _ = _content(page)
        out.append((pdf_text.page_text(page, data, fonts), page.extract_text() if pypdf_too else ""))
    return out


NOTICE_LINES = "专业技术人员年度考核登记表（2019年度）\n姓名：张三 身份证号：650102198001011234\n本单位已对提供的申报材料逐一审核，真实、完整、有效，同意推荐"


@pytest.mark.parametrize("font", ["cid", "ttf"])
def test_chinese_documents_read_the_same_as_pypdf(tmp_path, font):
    # cid: reportlab's STSong-Light, UniGB-UCS2-H codes in escaped literal strings, no ToUnicode;
    # ttf: an embedded WenQuanYi subset, Identity-H codes through a ToUnicode map.
    path = make_pdf(tmp_path / "a.pdf", [NOTICE_LINES, "第二页 2021年度 公需科目（2016）"], font=font)
    pages = both(path)
    for fast, slow in pages:
        assert fast is not None
        assert squeeze(fast) == squeeze(slow)
    assert "身份证号：650102198001011234" in pages[0][0]
    assert pages[0][0].count("\n") >= 2  # lines stay lines


def _raw_pdf(content: bytes, fonts: str, extra_objects: str = "") -> bytes:
    """A one-page PDF with the given content stream and /Font resources (xref offsets computed)."""
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << {fonts} >> "
        f"/XObject << /Fm1 6 0 R >> >> /Contents 4 0 R >>",
        None,  # content stream
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        extra_objects or "<< /Type /XObject /Subtype /Form /BBox [0 0 10 10] /Length 0 >>\nstream\n\nendstream",
    ]
    return raw_pdf(objects, content)


def test_escapes_arrays_and_hex_strings(tmp_path):
    content = (b"BT /F1 12 Tf 72 700 Td (Year \\(2019\\) \\\\ back\\\\slash \\101\\102C \\0501\\051) Tj "
               b"0 -14 Td [(Ker) -30 (ning) -400 (wide)] TJ T* <4869> Tj (tail\\\n-joined) ' ET "
               b"% a comment (not text) Tj\n")
    path = tmp_path / "escapes.pdf"
    path.write_bytes(_raw_pdf(content, "/F1 5 0 R"))
    [(fast, slow)] = both(path)
    assert fast is not None and squeeze(fast) == squeeze(slow)
    assert "Year (2019) \\ back\\slash ABC (1)" in fast
    assert "Kerning wide" in fast  # a wide gap in TJ is a space, a narrow one is not
    assert "Hi" in fast and "tail-joined" in fast
    assert "comment" not in fast


def test_text_inside_a_form_xobject_goes_to_pypdf(tmp_path):
    form_stream = b"BT /F1 12 Tf 10 10 Td (Inside the form 2019) Tj ET"
    form = (f"<< /Type /XObject /Subtype /Form /BBox [0 0 500 500] /Resources << /Font << /F1 5 0 R >> >> "
            f"/Length {len(form_stream)} >>\nstream\n").encode("latin-1") + form_stream + b"\nendstream"
    content = b"BT /F1 12 Tf 72 700 Td (Outside) Tj ET /Fm1 Do"
    path = tmp_path / "form.pdf"
    path.write_bytes(_raw_pdf(content, "/F1 5 0 R", form.decode("latin-1")))
    [(fast, slow)] = both(path)
    assert fast is None  # declined: the form's text is only in pypdf's reading
    facts = read_pdf(path.read_bytes(), ImageAnalyzer("x"))
    assert "Inside the form 2019" in facts.pages[0].text and "Outside" in facts.pages[0].text


@pytest.mark.parametrize("content", [
    b"BT /F1 12 Tf (unterminated Tj ET",
    b"BT /F1 12 Tf [(a) (b) Tj ET",  # an operator inside an array
    b"BT /F1 12 Tf (a) Tj ET ] ",
    b"BT (no font yet) Tj ET",
    b"BT /F9 12 Tf (unknown font) Tj ET",
    b"BI /W 1 /H 1 /CS /G /BPC 8 ID \x00 EI",
])
def test_what_it_cannot_be_sure_of_it_declines(tmp_path, content):
    path = tmp_path / "odd.pdf"
    path.write_bytes(_raw_pdf(content, "/F1 5 0 R"))
    [(fast, _)] = both(path, pypdf_too=False)
    assert fast is None


def test_to_unicode_cmap_forms():
    cmap = b"""/CIDInit /ProcSet findresource begin 12 dict begin begincmap
    1 begincodespacerange <0000> <FFFF> endcodespacerange
    2 beginbfchar <0003> <0020> <0010> <5F20> endbfchar
    2 beginbfrange <0020> <0022> <4E09> <0030> <0031> [<D835DC00> <00660069>] endbfrange
    endcmap"""
    mapping, lengths = pdf_text.parse_to_unicode(cmap)
    assert lengths == {2}
    assert mapping[b"\x00\x10"] == "张" and mapping[b"\x00\x03"] == " "
    assert [mapping[bytes([0, c])] for c in (0x20, 0x21, 0x22)] == ["三", "上", "下"]
    assert mapping[b"\x00\x30"] == "\U0001d400" and mapping[b"\x00\x31"] == "fi"


# Strings of PDF escapes: octal of 1–3 digits (also over 0o377), \( \) \\ and the named ones, a backslash
# before a line end, before an ordinary letter, and runs of backslashes.
_PIECES = st.sampled_from([b"a", b"Z", b"0", b"7", b"8", b"(", b")", b"\\\\", b"\\(", b"\\)", b"\\n", b"\\r",
                           b"\\t", b"\\b", b"\\f", b"\\x", b"\\a", b"\\U", b"\\\n", b"\\\r\n", b"\\\r", b"\\1",
                           b"\\12", b"\\123", b"\\777", b"\\400", b"\\0", b"\\\\\\(", b"\xe4", b"\n"])


@settings(max_examples=400, derandomize=True)
@given(st.lists(_PIECES, max_size=30))
def test_fast_unescaping_equals_the_escape_by_escape_reading(pieces):
    raw = b"".join(pieces)
    assert pdf_text._unescaped(raw) == pdf_text._ESCAPE.sub(pdf_text._unescape, raw)


def test_browser_printed_pdf(tmp_path):
    """What Chrome's "save as PDF" writes (Type0 Identity-H fonts with ToUnicode maps, hex strings)."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        pytest.skip("chromium not installed")
    html = tmp_path / "a.html"
    html.write_text("<html><meta charset='utf-8'><body style=\"font-family:'WenQuanYi Micro Hei'\">"
                    + "".join(f"<p>{line}</p>" for line in NOTICE_LINES.split("\n")) + "</body></html>", encoding="utf-8")
    out = tmp_path / "a.pdf"
    subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                    f"--print-to-pdf={out}", html.as_uri()], capture_output=True, timeout=120)
    if not out.exists():
        pytest.skip("chromium could not print")
    [(fast, slow)] = both(out)
    assert fast is not None and squeeze(fast) == squeeze(slow)
    assert "本单位已对提供的申报材料逐一审核" in squeeze(fast)


def test_real_world_corpus_pages_read_the_same_as_pypdf():
    """Every page of the wild corpus the fast reader accepts reads exactly as pypdf reads it; it accepts
    most pages (a reader that declined everything would pass the first half alone)."""
    if not WILD_CORPUS.is_dir():
        pytest.skip(f"real-world corpus not found at {WILD_CORPUS}")

    def too_slow(*_):
        raise TimeoutError

    previous = signal.signal(signal.SIGALRM, too_slow)
    read = declined = 0
    mismatches = []
    try:
        for path in sorted(WILD_CORPUS.rglob("*.pdf")):
            signal.alarm(5)  # fuzzed files can send pypdf into a loop: those pages prove nothing here
            try:
                reader = PdfReader(path, strict=False)
                if reader.is_encrypted:
                    reader.decrypt("")
                fonts: dict = {}
                for page in list(reader.pages)[:4]:
                    data, _ = _content(page)
                    fast = pdf_text.page_text(page, data, fonts) if data else None
                    slow = page.extract_text() or ""
                    if fast is None:
                        declined += 1
                    elif squeeze(fast) != squeeze(slow[:20_000]):
                        mismatches.append((path.name, squeeze(fast)[:80], squeeze(slow)[:80]))
                    else:
                        read += 1
            except Exception:
                continue
            finally:
                signal.alarm(0)
    finally:
        signal.signal(signal.SIGALRM, previous)
    assert not mismatches
    assert read > 2 * declined and read > 500, (read, declined)


_STREAM_PIECES = st.sampled_from([
    b"BT", b"ET", b"/F1 12 Tf", b"72 700 Td", b"0 -14 TD", b"T*", b"1 0 0 1 60 790 Tm", b"(abc) Tj", b"(a\\)b) Tj",
    b"(a(nested)b) Tj", b"(\\\\) Tj", b"(\\101\\(x) '", b"[(a) -300 (b) 12.5 <4142>] TJ", b"<41 42> Tj", b"<>",
    b"<< /MCID 0 >> BDC", b"EMC", b"% comment (x) Tj\n", b"/Im1 Do", b"q 1 0 0 1 0 0 cm Q", b"-.5", b"+3.",
    b"{", b"}", b")", b"(", b"]", b"[", b">", b"\x00", b"\n", b" ", b"\r\n", b"\xff\xfe", b"1.2.3", b"/", b"/#20x",
])


@settings(max_examples=400, derandomize=True)
@given(st.lists(_STREAM_PIECES, max_size=40), st.sampled_from([b" ", b"\n", b""]))
def test_one_findall_tokenises_as_the_token_by_token_reader(pieces, joiner):
    """The fast tokeniser (one findall) hands over to the token-by-token one at the first sign of
    trouble (nesting, stray bytes); whenever it does not, both see the same tokens."""
    data = joiner.join(pieces)
    fast = pdf_text._FAST_TOKENS.findall(data)
    try:
        slow = list(pdf_text._slow_tokens(data))
    except pdf_text.Decline:
        slow = None
    if any(token[7] for token in fast):
        return  # the fast path steps aside
    meaningful = [t for t in fast if any(t[:6])]
    assert slow is not None and meaningful == slow


@pytest.mark.parametrize("unit", [b"1 ", b"[", b"(a) ", b"/N ", b"<41> "])
def test_hostile_streams_of_tiny_tokens_stay_small_in_memory(unit):
    """2 MB of one tiny token (what fuzzers write): the reader declines or reads it without holding
    every token at once (a worker once reached 1 GB on such a stream)."""
    import tracemalloc

    data = b"BT /F1 12 Tf " + unit * (2_000_000 // len(unit)) + b" Tj ET"
    font = object()
    reader = pdf_text._Reader({"/F1": font}, {}, {id(font): lambda raw: raw.decode("latin-1")})
    tracemalloc.start()
    try:
        pdf_text.content_text(data, reader)
    except pdf_text.Decline:
        pass
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 64 * 2**20, peak
