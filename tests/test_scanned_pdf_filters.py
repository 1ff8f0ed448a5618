"""Scanned PDF pages whose JPEG sits behind another filter, as producers write them: reportlab and
PostScript drivers wrap it in ASCII85 ([/ASCII85Decode /DCTDecode]), print-to-PDF tools in Flate, a few
in ASCIIHex. The scanner unwraps the chain itself and decodes the JPEG at the size its look needs (draft),
instead of pypdf decoding the whole image and encoding it again; the facts must be the same either way."""

from __future__ import annotations

import base64
import binascii
import io
import zlib

import pytest
from PIL import Image

from tests.factories import black_and_white, draw_seal, png_rows, raw_pdf, scan_image
from zccheck.scan import pdf
from zccheck.scan.image import ImageAnalyzer


def _jpeg(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()


WRAPPERS = {
    "dct": ([], lambda b: b),
    "ascii85": (["/ASCII85Decode"], lambda b: base64.a85encode(b, wrapcol=72) + b"~>"),
    "flate": (["/FlateDecode"], zlib.compress),
    "asciihex": (["/ASCIIHexDecode"], lambda b: binascii.hexlify(b) + b">"),
    "flate+ascii85": (["/ASCII85Decode", "/FlateDecode"], lambda b: base64.a85encode(zlib.compress(b)) + b"~>"),
}


def scanned_pdf(image: Image.Image, wrapper: str) -> bytes:
    """One page, one image XObject: the JPEG of `image` behind the wrapper's filters."""
    filters, encode = WRAPPERS[wrapper]
    data = encode(_jpeg(image))
    chain = " ".join([*filters, "/DCTDecode"])
    return _one_image_page(image.size, f"/ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter [{chain}]", data)


def _one_image_page(size: tuple[int, int], entries: str, data: bytes, extra: tuple[str, ...] = ()) -> bytes:
    """A one-page PDF drawing one image XObject of `size` over the page: `entries` its dictionary's (filters,
    colour space), `data` its stream; `extra`: objects 6, 7 … (an ICC profile the image refers to)."""
    w, h = size
    content = b"q 595 0 0 842 0 0 cm /Im0 Do Q"
    image_obj = (f"<< /Type /XObject /Subtype /Image /Width {w} /Height {h} {entries} /Length {len(data)} >>\n"
                 f"stream\n").encode("latin-1") + data + b"\nendstream"
    pdf_bytes = raw_pdf([
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im0 5 0 R >> >> "
        "/Contents 4 0 R >>",
        None,
        "IMAGE",
        *extra,
    ], content)
    # raw_pdf writes bodies as text: put the binary image stream in place of its marker, offsets fixed after.
    return _with_binary_object(pdf_bytes, b"IMAGE", image_obj)


def _with_binary_object(pdf_bytes: bytes, marker: bytes, body: bytes) -> bytes:
    head, tail = pdf_bytes.split(marker, 1)
    shift = len(body) - len(marker)
    xref_at = tail.index(b"xref\n")
    objects, xref = tail[:xref_at], tail[xref_at:]
    lines = xref.split(b"\n")
    start = int(pdf_bytes.rsplit(b"startxref\n", 1)[1].split(b"\n")[0])
    fixed = []
    for line in lines:
        if len(line) == 18 and line.endswith(b" n ") and int(line[:10]) > len(head):
            line = f"{int(line[:10]) + shift:010d} 00000 n ".encode()
        fixed.append(line)
    out = head + body + objects + b"\n".join(fixed)
    return out.replace(f"startxref\n{start}\n".encode(), f"startxref\n{start + shift}\n".encode())


@pytest.fixture(scope="module")
def pages() -> dict[str, Image.Image]:
    sealed = scan_image("推荐单位审核意见\n本单位已对提供的申报材料逐一审核，真实、完整、有效，同意推荐。", size=(1240, 1754))
    draw_seal(sealed, (900, 1400), radius=150)
    return {"sealed": sealed, "blank": scan_image("", size=(1240, 1754), blank=True),
            "text": scan_image("公需科目培训合格证书\n2016年度", size=(1240, 1754))}


@pytest.mark.parametrize("wrapper", sorted(WRAPPERS))
@pytest.mark.parametrize("page", ["sealed", "blank", "text"])
def test_wrapped_jpeg_pages_give_the_same_facts_as_plain_ones_and_take_the_fast_path(pages, wrapper, page, monkeypatch):
    data = scanned_pdf(pages[page], wrapper)
    general = pdf._largest_image
    calls = []
    monkeypatch.setattr(pdf, "_largest_image", lambda p: calls.append(1) or general(p))
    facts = pdf.read_pdf(data, ImageAnalyzer("x"))
    assert facts.problem is None and facts.page_count == 1
    (only,) = facts.pages
    assert only.blank is (page == "blank")
    assert only.seal is (page == "sealed")
    assert (only.width_px, only.height_px) != (0, 0)
    assert calls == [], "the JPEG was unwrapped by the scanner, not decoded whole by pypdf"


def test_the_plain_and_the_wrapped_page_are_read_alike(pages):
    plain = pdf.read_pdf(scanned_pdf(pages["sealed"], "dct"), ImageAnalyzer("x")).pages[0]
    for wrapper in WRAPPERS:
        assert pdf.read_pdf(scanned_pdf(pages["sealed"], wrapper), ImageAnalyzer("x")).pages[0] == plain, wrapper


def test_a_flate_bomb_behind_the_jpeg_is_not_unwrapped():
    with pytest.raises(ValueError):
        pdf._unwrap(zlib.compress(b"\0" * (pdf.MAX_JPEG_BYTES + 10)), "/FlateDecode")


def test_a_broken_wrapper_falls_back_to_the_general_path(pages):
    data = scanned_pdf(pages["text"], "ascii85").replace(b"~>", b"", 1)  # the end marker cut off
    facts = pdf.read_pdf(data, ImageAnalyzer("x"))
    assert facts.page_count == 1  # read one way or the other, never a crash


def test_bytes_after_the_ascii85_end_marker_are_no_part_of_the_jpeg(pages, monkeypatch):
    # The end marker is looked for from the end of the stream (one in the middle would cost a scan of it
    # all); a producer that leaves bytes after it, another ~> among them, still gets the page read right.
    monkeypatch.setitem(WRAPPERS, "ascii85+junk", (["/ASCII85Decode"],
                                                   lambda b: base64.a85encode(b, wrapcol=72) + b"~>\n%junk ~>\n"))
    plain = pdf.read_pdf(scanned_pdf(pages["sealed"], "dct"), ImageAnalyzer("x")).pages[0]
    assert pdf.read_pdf(scanned_pdf(pages["sealed"], "ascii85+junk"), ImageAnalyzer("x")).pages[0] == plain


# --- black-and-white pages (CCITT G4, as fax-mode scanners and Pillow write them) ----------------------

def _bilevel_pdf(image: Image.Image) -> bytes:
    out = io.BytesIO()
    black_and_white(image).save(out, "PDF", resolution=300)
    return out.getvalue()


@pytest.mark.parametrize("page", ["text", "blank", "sealed"])
def test_black_and_white_pages_are_decoded_from_their_stream_and_never_sealed(pages, page, monkeypatch):
    data = _bilevel_pdf(pages[page])
    assert b"/CCITTFaxDecode" in data
    general = pdf._largest_image
    calls = []
    monkeypatch.setattr(pdf, "_largest_image", lambda p: calls.append(1) or general(p))
    (only,) = pdf.read_pdf(data, ImageAnalyzer("x")).pages
    assert calls == []
    assert only.blank is (page == "blank")
    assert only.seal is None  # no colour on a 1-bit page: a red seal cannot be told, a person looks
    assert (only.width_px, only.height_px) == pages[page].size
    monkeypatch.setattr(pdf, "_largest_image", general)
    monkeypatch.setattr(pdf, "_ccitt_page", lambda image, top_share=1.0: None)  # the general path: the same look
    (slow,) = pdf.read_pdf(data, ImageAnalyzer("x")).pages
    assert (slow.blank, slow.seal) == (only.blank, only.seal)


def _decoded_rows(monkeypatch) -> list[tuple[float, int]]:
    """(share asked for, rows decoded) of every CCITT decode pdf.read_pdf makes."""
    real, seen = pdf._ccitt_page, []

    def spy(image, top_share=1.0):
        out = real(image, top_share)
        seen.append((top_share, out[0].height if out else 0))
        return out
    monkeypatch.setattr(pdf, "_ccitt_page", spy)
    return seen


def test_a_black_and_white_page_inked_at_its_top_is_decoded_no_further(pages, monkeypatch):
    seen = _decoded_rows(monkeypatch)
    (only,) = pdf.read_pdf(_bilevel_pdf(pages["text"]), ImageAnalyzer("x")).pages
    assert (only.blank, only.seal, only.width_px, only.height_px) == (False, None, 1240, 1754)
    assert seen == [(pdf.QUICK_SHARE, int(1754 * pdf.QUICK_SHARE))]


@pytest.mark.parametrize("where", ["bottom", "nowhere"])
def test_a_black_and_white_page_with_no_ink_at_its_top_is_looked_at_whole(where, monkeypatch):
    from tests.factories import scan_image

    page = scan_image("", size=(1240, 1754), blank=True)
    if where == "bottom":  # a certificate printed low on the sheet: its top is paper
        page.paste(scan_image("公需科目培训合格证书\n2016年度\n张三同志完成公需科目学习30学时", size=(1240, 600)), (0, 1100))
    seen = _decoded_rows(monkeypatch)
    (only,) = pdf.read_pdf(_bilevel_pdf(page), ImageAnalyzer("x")).pages
    assert only.blank is (where == "nowhere")
    assert only.seal is None
    assert seen == [(pdf.QUICK_SHARE, int(1754 * pdf.QUICK_SHARE)), (1.0, 1754)]


# --- raw pixels behind Flate alone (lossless scan-to-PDF, print-to-PDF of a PNG) -------------------------

def _flate_pdf(image: Image.Image, predictor: int = 1, cut: int = 0) -> bytes:
    """One page whose image is `image`'s pixels, Flate-compressed: plain rows, PNG-filtered ones (`predictor`
    15), or under a TIFF predictor (2; the rows left plain: only the general path is asked to read them).
    `cut`: bytes taken off the end of the compressed stream, a truncated file."""
    data = png_rows(image) if predictor >= 10 else zlib.compress(image.tobytes(), 6)
    data = data[:len(data) - cut] if cut else data
    space = "/DeviceRGB" if image.mode == "RGB" else "/DeviceGray"
    parms = (f" /DecodeParms << /Predictor {predictor} /Colors {len(image.mode)} /Columns {image.width} >>"
             if predictor != 1 else "")
    return _one_image_page(image.size, f"/ColorSpace {space} /BitsPerComponent 8 /Filter /FlateDecode{parms}", data)


def _general_path_calls(monkeypatch) -> list[int]:
    general, calls = pdf._largest_image, []
    monkeypatch.setattr(pdf, "_largest_image", lambda p: calls.append(1) or general(p))
    return calls


@pytest.mark.parametrize("predictor", [1, 15], ids=["plain-rows", "png-filtered-rows"])
@pytest.mark.parametrize("mode", ["RGB", "L"])
@pytest.mark.parametrize("page", ["sealed", "blank", "text"])
def test_raw_flate_pages_are_inflated_by_the_scanner_with_the_facts_of_the_general_path(pages, page, mode, predictor,
                                                                                      monkeypatch):
    data = _flate_pdf(pages[page].convert(mode), predictor)
    for blank_only in (False, True):
        calls = _general_path_calls(monkeypatch)
        (fast,) = pdf.read_pdf(data, ImageAnalyzer("x", blank_only=blank_only)).pages
        assert calls == [], "pypdf decoded the page (and encoded it as a PNG besides)"
        monkeypatch.setattr(pdf, "_flate_page", lambda image, top_share=1.0: None)
        (slow,) = pdf.read_pdf(data, ImageAnalyzer("x", blank_only=blank_only)).pages
        monkeypatch.undo()
        assert fast.blank is slow.blank is (page == "blank")
        if not blank_only:
            assert fast == slow
            assert fast.seal is ((page == "sealed") if mode == "RGB" else None)  # grey: not told


@pytest.mark.parametrize("make", [lambda im: _flate_pdf(im.convert("RGB")), lambda im: _flate_pdf(im.convert("L")),
                                  lambda im: _flate_pdf(im.convert("RGB"), 15), lambda im: _flate_pdf(im.convert("L"), 15),
                                  _bilevel_pdf], ids=["flate-rgb", "flate-grey", "png-rgb", "png-grey", "ccitt"])
def test_a_row_coded_page_is_the_image_pypdf_gives_pixel_for_pixel(pages, make):
    # With OCR the whole page goes to the recogniser: it must be the very image the general path gave.
    reader = pdf.PdfReader(io.BytesIO(make(pages["sealed"])))
    page = reader.pages[0]
    xobjects = [x.get_object() for x in page["/Resources"]["/XObject"].values()]
    decode, bilevel = pdf._row_coded_page(pdf._largest_image_object(xobjects))
    ours, size = decode(1.0)
    assert bilevel is (ours.mode == "1")
    theirs = pdf._largest_image(page)
    assert (ours.mode, ours.size, size) == (theirs.mode, theirs.size, theirs.size)
    assert ours.tobytes() == theirs.tobytes()


@pytest.mark.parametrize("predictor", [1, 15])
def test_a_raw_flate_page_inked_at_its_top_is_inflated_no_further(pages, predictor, monkeypatch):
    real, seen = pdf._flate_page, []
    monkeypatch.setattr(pdf, "_flate_page", lambda image, top_share=1.0: seen.append(top_share)
                        or real(image, top_share))
    data = _flate_pdf(pages["text"].convert("L"), predictor)
    (only,) = pdf.read_pdf(data, ImageAnalyzer("x", blank_only=True)).pages
    assert (only.blank, only.width_px, only.height_px) == (False, 1240, 1754)
    assert seen == [pdf.QUICK_SHARE]


@pytest.mark.parametrize("kind", ["tiff-predictor", "truncated", "truncated-png"])
def test_a_flate_page_the_scanner_does_not_take_goes_to_the_general_path(pages, kind, monkeypatch):
    predictor = {"tiff-predictor": 2, "truncated": 1, "truncated-png": 15}[kind]
    data = _flate_pdf(pages["text"].convert("RGB"), predictor, cut=5000 if kind.startswith("truncated") else 0)
    calls = _general_path_calls(monkeypatch)
    facts = pdf.read_pdf(data, ImageAnalyzer("x"))  # read one way or the other, never a crash
    assert calls == [1]
    assert facts.page_count == 1


def test_a_colour_lossless_page_its_item_looks_at_whole_is_not_decoded_twice(pages, monkeypatch):
    # Its top could not settle a seal look: only the whole page is decoded.
    real, seen = pdf._flate_page, []
    monkeypatch.setattr(pdf, "_flate_page", lambda image, top_share=1.0: seen.append(top_share)
                        or real(image, top_share))
    (only,) = pdf.read_pdf(_flate_pdf(pages["sealed"].convert("RGB"), 15), ImageAnalyzer("x")).pages
    assert (only.blank, only.seal) == (False, True)
    assert seen == [1.0]


# --- JPEG 2000 pages, and colour spaces that are RGB or grey in all but name ------------------------------

def _jpx(image: Image.Image, **options) -> bytes:
    out = io.BytesIO()
    image.save(out, "JPEG2000", irreversible=True, quality_mode="rates", quality_layers=[20], **options)
    return out.getvalue()


def _jpx_pdf(image: Image.Image, space: str | None = None, **options) -> bytes:
    space = space if space is not None else ("/DeviceRGB" if image.mode == "RGB" else "/DeviceGray")
    colour = f"/ColorSpace {space} " if space else ""  # JPEG 2000 may leave its colours to the codestream
    return _one_image_page(image.size, f"{colour}/BitsPerComponent 8 /Filter /JPXDecode", _jpx(image, **options))


def _general_path_facts(data: bytes, monkeypatch, **analyzer) -> object:
    with monkeypatch.context() as m:
        m.setattr(pdf, "_jpx_bytes", lambda best: None)
        m.setattr(pdf, "_jpeg_bytes", lambda best: None)
        (slow,) = pdf.read_pdf(data, ImageAnalyzer("x", **analyzer)).pages
    return slow


@pytest.mark.parametrize("space", ["named", "codestream's"])
@pytest.mark.parametrize("mode", ["RGB", "L"])
@pytest.mark.parametrize("page", ["sealed", "blank", "text"])
def test_jpeg2000_pages_are_decoded_by_the_scanner_with_the_look_of_the_general_path(pages, page, mode, space,
                                                                                  monkeypatch):
    data = _jpx_pdf(pages[page].convert(mode), None if space == "named" else "")
    for blank_only in (False, True):
        calls = _general_path_calls(monkeypatch)
        (fast,) = pdf.read_pdf(data, ImageAnalyzer("x", blank_only=blank_only)).pages
        monkeypatch.undo()
        assert calls == [], "pypdf decoded the page whole (and encoded it as a PNG besides)"
        slow = _general_path_facts(data, monkeypatch, blank_only=blank_only)
        assert (fast.blank, fast.seal) == (slow.blank, slow.seal)
        assert fast.blank is (page == "blank")
        assert fast.seal is ((page == "sealed") if mode == "RGB" else None)  # grey: not told


@pytest.mark.parametrize("size, reduced", [((1240, 1754), (310, 439)), ((1241, 1753), (311, 439)),
                                           ((2481, 3507), (311, 439))])
def test_a_jpeg2000_page_is_decoded_only_to_the_resolution_its_look_needs(pages, size, reduced, monkeypatch):
    # The look's 384-px thumbnail takes an eighth of a 300-dpi page's sides, a quarter of a 150-dpi one's.
    # A side that does not halve evenly (2481 px: 620.25 at 1/4) is rounded up by OpenJPEG and to the
    # nearest by Pillow, which then refuses the decode: such a page was decoded at 1/2, 10× the work.
    image = pages["sealed"].resize(size)
    data = _jpx(image)
    assert pdf._decoded_jpx(data, ImageAnalyzer("x").draft_request).size == reduced
    assert pdf._decoded_jpx(data, lambda whole: whole).size == size
    calls = _general_path_calls(monkeypatch)
    (only,) = pdf.read_pdf(_jpx_pdf(image), ImageAnalyzer("x")).pages
    assert calls == [] and (only.blank, only.seal, only.width_px) == (False, True, reduced[0])


def test_a_jpeg2000_page_with_fewer_levels_than_asked_is_decoded_at_its_coarsest(pages, monkeypatch):
    data = _jpx_pdf(pages["sealed"], num_resolutions=2)  # one halving in the codestream, two asked for
    calls = _general_path_calls(monkeypatch)
    (only,) = pdf.read_pdf(data, ImageAnalyzer("x")).pages
    assert calls == []
    assert (only.blank, only.seal, only.width_px) == (False, True, 620)


def test_a_jpeg2000_page_with_its_own_transparency_takes_the_general_path(pages, monkeypatch):
    rgba = pages["text"].convert("RGBA")
    data = _one_image_page(rgba.size, "/BitsPerComponent 8 /SMaskInData 1 /Filter /JPXDecode", _jpx(rgba))
    calls = _general_path_calls(monkeypatch)
    facts = pdf.read_pdf(data, ImageAnalyzer("x"))
    assert facts.page_count == 1 and calls == [1]


def _icc_pdf(image: Image.Image, space: str, channels: int) -> bytes:
    entries = f"/ColorSpace {space} /BitsPerComponent 8 /Filter /DCTDecode"
    profile = f"<< /N {channels} /Length 0 >>\nstream\n\nendstream"  # the profile's bytes: never read
    return _one_image_page(image.size, entries, _jpeg(image), extra=(profile,))


@pytest.mark.parametrize("space, mode", [("[/ICCBased 6 0 R]", "RGB"), ("[/ICCBased 6 0 R]", "L"),
                                         ("[/CalRGB << /WhitePoint [0.9505 1 1.089] >>]", "RGB"),
                                         ("[/CalGray << /WhitePoint [0.9505 1 1.089] >>]", "L")])
@pytest.mark.parametrize("page", ["sealed", "blank"])
def test_a_jpeg_in_a_profiled_colour_space_is_read_as_a_plain_one(pages, page, space, mode, monkeypatch):
    image = pages[page].convert(mode)
    data = _icc_pdf(image, space, len(mode))
    calls = _general_path_calls(monkeypatch)
    (fast,) = pdf.read_pdf(data, ImageAnalyzer("x")).pages
    monkeypatch.undo()
    assert calls == []
    plain = _one_image_page(image.size, f"/ColorSpace /Device{'RGB' if mode == 'RGB' else 'Gray'} /BitsPerComponent 8 "
                            "/Filter /DCTDecode", _jpeg(image))
    assert fast == pdf.read_pdf(plain, ImageAnalyzer("x")).pages[0]
    assert fast.seal is ((page == "sealed") if mode == "RGB" else None)  # grey: not told


def test_a_jpeg_whose_profile_is_cmyk_takes_the_general_path(pages, monkeypatch):
    data = _icc_pdf(pages["text"], "[/ICCBased 6 0 R]", 4)  # /N 4 over an RGB JPEG: not ours to read
    calls = _general_path_calls(monkeypatch)
    assert pdf.read_pdf(data, ImageAnalyzer("x")).page_count == 1
    assert calls == [1]
