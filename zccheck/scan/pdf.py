"""PDF facts with pypdf: page count, encryption, the text of the pages we need, and what the
pages of a scan look like. Every pypdf call is guarded: real-world PDFs are damaged in every way."""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import io
import itertools
import logging
import re
import struct
import warnings
import zlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable

from PIL import Image, ImageFile

from pypdf import PageObject, PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject, NumberObject

from zccheck.models import FileProblem, PageFacts
from zccheck.scan.ascii85 import a85decode
from zccheck.scan.image import QUICK_SHARE, ImageAnalyzer, decoded_for_seal, draft_size
from zccheck.scan.image_analysis import RED_MASK_SIDE
from zccheck.scan.jbig2 import JBIG2_FILTER, drawn_page
from zccheck.scan.pdf_text import page_text
from zccheck.scan.text_clean import clean_text

if TYPE_CHECKING:
    from zccheck.scan.scanner import Words

logging.getLogger("pypdf").setLevel(logging.CRITICAL)  # damaged files are reported as findings, not log spam

# pypdf's own limits (75 MB per decoded stream, bounded page trees and content-stream parsing) stay on;
# we only forbid calling the external jbig2dec program: a PDF must not start processes our time limit
# cannot reach. pypdf < 6.10 has no Configuration: its module constant does the same.
with contextlib.suppress(Exception):
    import pypdf.filters as _pypdf_filters

    if not hasattr(__import__("pypdf"), "apply_configuration") and hasattr(_pypdf_filters, "JBIG2DEC_BINARY"):
        _pypdf_filters.JBIG2DEC_BINARY = None
MAX_IMAGES_LOOKED_AT = 8
MAX_JPEG_BYTES = 64 * 1024 * 1024  # a scanned page's JPEG, unwrapped: no page is larger
# A page's drawing instructions never need more than pypdf's 75 MB when decompressed; a content stream
# that does is a decompression bomb. (An embedded image over the limit is only left unanalysed: a
# 600-dpi colour scan stored losslessly can be that large.) Details are keys, worded when reporting (PHRASES).
BOMB_DETAIL = "decompression-bomb"


def _is_bomb(e: Exception) -> bool:
    """pypdf raises LimitReachedError for every limit; only the decoding ones mean a bomb."""
    message = str(e).lower()
    return "decompress" in message or "decoding work" in message


PIXELS_DETAIL = "too-many-pixels"
try:
    from pypdf.errors import LimitReachedError
except ImportError:  # pypdf < 3.17
    class LimitReachedError(Exception):  # type: ignore[no-redef]
        pass


@contextlib.contextmanager
def _guarded():
    """pypdf limits for this read, and embedded images held to Pillow's pixel limit (a warning there
    is only a warning; for a PDF we treat it as the refusal it is for an image file)."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            from pypdf import apply_configuration
        except ImportError:
            yield
            return
        with apply_configuration(jbig2dec_binary=None):
            yield


# Reading text costs ~5–20 ms a page: short documents are read whole (placeholders hide anywhere in a
# one-page 公示); long ones (60-page 业绩材料) only at the front, where titles, names and years stand.
READ_ALL_UP_TO = 12
READ_FIRST = 4
MAX_TEXT_CHARS_PER_PAGE = 20_000


@dataclass(frozen=True)
class PdfFacts:
    page_count: int
    pages: tuple[PageFacts, ...]
    problem: FileProblem | None = None  # encrypted | unreadable
    detail: str = ""


def _xobjects(page, limit: int = 64) -> list:
    """The page's XObjects (at most `limit`: a page with more is hostile, not a certificate); [] when
    the resources cannot be read."""
    try:
        resources = page.get("/Resources")
        if isinstance(resources, IndirectObject):
            resources = resources.get_object()
        xobjects = resources.get("/XObject") if resources else None
        if isinstance(xobjects, IndirectObject):
            xobjects = xobjects.get_object()
        return [ref.get_object() for ref in list(xobjects.values())[:limit]] if xobjects else []  # type: ignore[union-attr]
    except Exception:
        return []


def _image_count(xobjects: list) -> int:
    """Images and forms drawn on the page (a form may hold an image or a drawing: visible content)."""
    try:
        return sum(obj.get("/Subtype") in ("/Image", "/Form") for obj in xobjects)
    except Exception:
        return 0


def _oversized_image(xobjects: list) -> bool:
    """An image XObject declaring more pixels than Pillow would ever open (twice MAX_IMAGE_PIXELS, where
    Pillow refuses an image file): a bomb, refused like one, judged from its dictionary without decoding."""
    try:
        for obj in xobjects:
            if obj.get("/Subtype") == "/Image":
                width, height = int(obj.get("/Width", 0)), int(obj.get("/Height", 0))
                if width * height > 2 * (Image.MAX_IMAGE_PIXELS or 0) > 0:
                    return True
    except Exception:
        return False
    return False


# Operators that put marks on a page: text showing, XObjects, paths that are filled or stroked,
# shadings, inline images. A content stream with only state changes (BT /F1 12 Tf ET) draws nothing.
_DRAWING_OPERATORS = re.compile(rb"(?:^|\s)(?:Tj|TJ|'|\"|Do|f\*?|F|B\*?|b\*?|S|s|sh|BI)(?=\s|$)")


MAX_CONTENT_BYTES = 2_000_000  # of a page's drawing instructions looked at for marks and text


def _content(page) -> tuple[bytes | None, bool]:
    """The page's decoded drawing instructions (None when unreadable) and whether it draws anything."""
    try:
        contents = page.get_contents()
        if contents is None:
            return b"", False
        data = contents.get_data()[:MAX_CONTENT_BYTES]
        return data, bool(_DRAWING_OPERATORS.search(data))
    except LimitReachedError as e:
        if _is_bomb(e):
            raise  # a decompression bomb: the whole file is refused
        return None, True  # another of pypdf's limits (a reference loop, an odd colour count): damaged, not a bomb
    except Exception:
        return None, True  # when unsure, never call a page blank


def _text(page, content: bytes | None, fonts: dict) -> str:
    """The fast reader's text where it can read the page (pdf_text), pypdf's otherwise."""
    text = page_text(page, content, fonts) if content else None
    if text is None:
        try:
            text = page.extract_text() or ""
        except Exception:
            text = ""
    return text


def _unwrap(data: bytes, name: str) -> bytes:
    """One of the filters producers wrap a JPEG in, undone: ASCII85 (reportlab, PostScript drivers),
    Flate (print-to-PDF tools), ASCIIHex. At most MAX_JPEG_BYTES out: a bomb is not unwrapped."""
    if name in ("/ASCII85Decode", "/A85"):
        # The end marker is looked for from the end: ASCII85 has no '~', so in a valid body the only ~> is
        # the last (from the start, finding it costs a scan of the whole megabyte). A producer's bytes
        # after the marker, another ~> among them, are no ASCII85: refused, and the first marker is taken.
        body = data.strip()
        body = body[2:] if body.startswith(b"<~") else body
        last = body.rfind(b"~>")
        try:
            return a85decode(body[:last] if last >= 0 else body)
        except ValueError:
            first = body.find(b"~>")
            if first == last:
                raise
            return a85decode(body[:first])
    if name in ("/FlateDecode", "/Fl"):
        inflater = zlib.decompressobj()
        out = inflater.decompress(data, MAX_JPEG_BYTES + 1)
        if len(out) > MAX_JPEG_BYTES:
            raise ValueError("larger than a scanned page's JPEG")
        return out
    if name in ("/ASCIIHexDecode", "/AHx"):
        body = re.sub(rb"\s", b"", data.split(b">", 1)[0])
        return bytes.fromhex((body + b"0" * (len(body) % 2)).decode("ascii"))
    raise ValueError(f"not a wrapping filter: {name}")


def _largest_image_object(xobjects: list):
    best, best_area = None, 0
    for obj in xobjects[:MAX_IMAGES_LOOKED_AT]:
        if obj.get("/Subtype") == "/Image":
            area = int(obj.get("/Width", 0)) * int(obj.get("/Height", 0))
            if area > best_area:
                best, best_area = obj, area
    return best


_JPEG_FILTERS = ("/DCTDecode", "/DCT")
# What an image's pixels may carry besides its colours: left to pypdf's general path, which applies them.
_MASKS = ("/SMask", "/Mask", "/Decode")


def _jpeg_bytes(best) -> bytes | None:
    """An image XObject's JPEG file (grey or RGB: what copiers and scan-to-PDF write), through the filters
    producers wrap it in ([/ASCII85Decode /DCTDecode], [/FlateDecode /DCTDecode]); None: not a plain JPEG."""
    return _coded_bytes(best, _JPEG_FILTERS)


def _jpx_bytes(best) -> bytes | None:
    """An image XObject's JPEG 2000 codestream (Acrobat's and some scanners' lossy scan-to-PDF writes
    /JPXDecode), unwrapped as a JPEG is; None: not a plain one (an alpha channel in the codestream too)."""
    if best.get("/SMaskInData", 0) != 0:
        return None
    return _coded_bytes(best, ("/JPXDecode",), colour_space_optional=True)


def _coded_bytes(best, codec: tuple[str, ...], colour_space_optional: bool = False) -> bytes | None:
    chain = _filter_chain(best)
    space = best.get("/ColorSpace")
    if chain[-1] not in codec or any(key in best for key in _MASKS) \
            or not (_rgb_or_grey(space) or (space is None and colour_space_optional)):
        return None
    parms = best.get("/DecodeParms")
    if len(chain) > 1 and isinstance(parms, list) and any(p not in (None, {}) for p in parms[:-1]):
        return None  # a predictor on the wrapper: pypdf's general path knows those
    data = best._data
    for name in chain[:-1]:
        data = _unwrap(data, name)
    return data


def _rgb_or_grey(space) -> bool:
    """A colour space whose samples are RGB or grey as decoded. A calibrated or ICC-profiled one (Acrobat,
    phone scanner apps and many scan drivers write [/ICCBased <profile>] for every page) only says how to
    show them, which neither the look nor OCR cares about."""
    try:
        space = space.get_object() if space is not None else None
        if space in ("/DeviceRGB", "/DeviceGray", "/RGB", "/G"):
            return True
        if isinstance(space, list) and len(space) == 2 and space[0] in ("/ICCBased", "/CalRGB", "/CalGray"):
            if space[0] != "/ICCBased":
                return True
            return space[1].get_object().get("/N") in (1, 3)
    except Exception:
        pass  # a broken reference: the general path says what it can
    return False


def _decoded_jpx(data: bytes, request: Callable[[tuple[int, int]], tuple[int, int]]) -> Image.Image:
    """A JPEG 2000 page decoded at the reduction `request` asks of it, as _decoded_jpeg: JPEG 2000 stores
    an image as successive halvings, and the levels finer than the one asked for are never decoded (a
    300-dpi A4 page at 1/8: 0.02 s against 0.45 s whole). Fewer levels in the codestream than asked:
    the next coarsest it has. ValueError: not grey or RGB (the general path)."""
    width, height = Image.open(io.BytesIO(data)).size
    want = request((width, height))
    levels = [k for k in range(MAX_JPX_LEVELS + 1) if width >> k >= want[0] and height >> k >= want[1]]
    for k in reversed(levels):  # 0 is always there
        image = Image.open(io.BytesIO(data))
        if image.format != "JPEG2000" or image.mode not in ("L", "RGB"):
            raise ValueError("not a grey or RGB JPEG 2000 image")
        try:
            _load_reduced(image, k)
            return image
        except (OSError, ValueError, TypeError, AttributeError, IndexError):
            if k == 0:
                raise
    raise AssertionError("unreachable: level 0 returns or raises")


MAX_JPX_LEVELS = 5  # what encoders write by default (6 resolutions); a codestream with fewer: see _decoded_jpx


def _load_reduced(image: ImageFile.ImageFile, k: int) -> None:
    """Decode a JPEG 2000 image halved k times (Pillow's Jpeg2KImageFile.reduce). Pillow rounds each side
    of the reduced image to the nearest pixel, OpenJPEG up: a side of 2481 px at 1/4 is 620 px to one and
    621 to the other, and the decode fails ("broken data stream"). Such a size is set as Pillow sets it,
    rounded up; the tile layout this relies on is checked, and anything else fails the level (the caller
    tries a finer one)."""
    power = 1 << k
    size = (-(-image.width // power), -(-image.height // power))
    if k == 0 or all((side + (power >> 1)) // power == -(-side // power) for side in image.size):
        image.reduce = k  # type: ignore[assignment]  # Pillow's own sizes are right here
        image.load()
        return
    (tile,) = image.tile
    if tile.codec_name != "jpeg2k" or not isinstance(tile.args, tuple) or len(tile.args) != 5:
        raise ValueError("a tile layout this Pillow does not have")
    image._size = size
    image.tile = [tile._replace(extents=(0, 0, *size), args=(tile.args[0], k, getattr(image, "layers", 0), *tile.args[3:]))]
    ImageFile.ImageFile.load(image)
    if image.size != size:
        raise ValueError("decoded at another size")


def _filter_chain(image) -> list[str]:
    """An image XObject's filters, in the order they apply, as names ('/DCTDecode')."""
    filters = image.get("/Filter")
    return [str(f) for f in filters] if isinstance(filters, list) else [str(filters)]


def _last_decode_parms(image):
    """The /DecodeParms of an image XObject's only (or first) filter, or None."""
    parms = image.get("/DecodeParms")
    return parms[0] if isinstance(parms, list) and parms else parms


# What a row-coded page's own decoding leaves to pypdf's general path: a mask, a /Decode array.
_NOT_PLAIN_PIXELS = ("/SMask", "/Mask", "/Decode", "/ImageMask")


def _ccitt_page(best, top_share: float = 1.0) -> tuple[Image.Image, tuple[int, int]] | None:
    """A black-and-white page image (fax-mode scanners: /CCITTFaxDecode, 1 bit; `best`: the page's largest
    image XObject) decoded by Pillow from the stream as it is, wrapped in a TIFF header — pypdf would also
    re-encode it, twice the time — and the page's size. `top_share` < 1: only that share of its rows, from
    the top (a CCITT page is coded row after row, each from the one above: its first rows decode alone, and
    the rest is never decoded). None: not such a page (a /Decode array, a mask, another filter chain: the
    general path)."""
    if _filter_chain(best) != ["/CCITTFaxDecode"] or any(key in best for key in _NOT_PLAIN_PIXELS):
        return None
    parms = _last_decode_parms(best)
    height = int(best.get("/Height", 0))
    rows = height if top_share >= 1.0 else max(1, int(height * top_share))
    if rows != height:
        parms = DictionaryObject(parms.items() if isinstance(parms, dict) else ())
        parms[NameObject("/Rows")] = NumberObject(rows)  # what pypdf writes as the TIFF's length
    from pypdf.filters import CCITTFaxDecode

    image = Image.open(io.BytesIO(CCITTFaxDecode.decode(best._data, parms, height=rows)))
    image.load()
    return (image, (image.width, height)) if image.mode == "1" and image.height == rows else None


def _flate_page(best, top_share: float = 1.0) -> tuple[Image.Image, tuple[int, int]] | None:
    """A page image (`best`: the page's largest image XObject) of raw pixels behind /FlateDecode alone
    (lossless scan-to-PDF; img2pdf and print-to-PDF of a PNG, whose rows keep their PNG filters: /Predictor
    10–15): 8-bit grey or RGB, decoded in C — zlib
    for plain rows, Pillow's PNG decoder for filtered ones — where pypdf would undo the filters in Python
    and encode the page as a PNG besides (seconds for a noisy 300-dpi scan); and the page's size.
    `top_share` < 1: only that share of its rows, from the top (rows are stored one after another and
    decoding stops when it has them). None: not such a page (a TIFF predictor, a palette, 16 bits, a mask:
    the general path)."""
    mode = {"/DeviceRGB": "RGB", "/DeviceGray": "L"}.get(str(best.get("/ColorSpace")))
    parms = _last_decode_parms(best)
    if _filter_chain(best) not in (["/FlateDecode"], ["/Fl"]) or mode is None or best.get("/BitsPerComponent") != 8 \
            or any(key in best for key in _NOT_PLAIN_PIXELS):
        return None
    width, height = int(best.get("/Width", 0)), int(best.get("/Height", 0))
    if not (0 < width and 0 < height and width * height <= (Image.MAX_IMAGE_PIXELS or width * height)):
        return None
    parms = parms if isinstance(parms, dict) else {}
    predictor = parms.get("/Predictor", 1)
    rows = height if top_share >= 1.0 else max(1, int(height * top_share))
    if predictor == 1:
        need = width * len(mode) * rows
        pixels = zlib.decompressobj().decompress(best._data, need)
        if len(pixels) < need:
            return None  # fewer pixels than the page declares: pypdf's general path says what it can
        return Image.frombuffer(mode, (width, rows), pixels, "raw", mode, 0, 1), (width, height)
    if not 10 <= predictor <= 15 or parms.get("/Colors", 1) != len(mode) or parms.get("/BitsPerComponent", 8) != 8 \
            or parms.get("/Columns", 1) != width:
        return None
    image = Image.open(io.BytesIO(_png_file(best._data, width, rows, mode)))
    image.load()
    return (image, (width, height)) if image.mode == mode and image.size == (width, rows) else None


def _png_file(rows_data: bytes, width: int, height: int, mode: str) -> bytes:
    """A PNG file whose image data is `rows_data`: a Flate stream of PNG-filtered rows, which is what a PDF
    image with a PNG predictor holds. A smaller `height` than the stream's: the decoder stops at it."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2 if mode == "RGB" else 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows_data) + chunk(b"IEND", b"")


_RowDecoder = Callable[[float], "tuple[Image.Image, tuple[int, int]] | None"]


def _row_coded_page(best) -> tuple[_RowDecoder, bool] | None:
    """How to decode a page image (`best`: the page's largest image XObject) stored row after row from the
    top, its first rows decodable alone — CCITT (black and white) or raw Flate pixels — as a function of
    the share of rows wanted, and whether the page is black and white; None: not such a page."""
    last = _filter_chain(best)[-1]
    if last == "/CCITTFaxDecode":
        return functools.partial(_ccitt_page, best), True
    if last in ("/FlateDecode", "/Fl"):
        return functools.partial(_flate_page, best), False
    return None


def _decoded_jpeg(data: bytes, analyzer: ImageAnalyzer):
    """A scanned page's JPEG decoded from its own bytes at the scale the look needs (pypdf would decode
    it whole and re-encode it, most of a batch's time on scanned PDFs). None: take the general path."""
    image = Image.open(io.BytesIO(data))
    if image.format != "JPEG" or image.mode not in ("L", "RGB"):
        return None
    image.draft(image.mode, analyzer.draft_request(image.size))
    image.load()
    return image


def _look_at_scan(page, xobjects: list, facts: PageFacts, analyzer: ImageAnalyzer,
                  content: bytes | None = None) -> PageFacts:
    """Blank? Sealed? for a page that is a scan: from its JPEG's top alone when the file's item needs
    only the blank look and the top shows ink, else from the whole image (a page drawn as bands: the
    bands put together, see page_bands)."""
    bands = page_bands(page, content, xobjects)
    if bands:
        try:
            if analyzer.blank_only:  # as inked_top: a top band that shows ink enough, and the rest is not decoded
                quick = analyzer.quick_band_facts(facts, *stack_bands(bands, analyzer.draft_request, top_only=True))
                if quick is not None:
                    return quick
            whole, _ = stack_bands(bands, analyzer.draft_request)
            return analyzer.page_facts(facts, whole, lambda: stack_bands(bands, _seal_request)[0], image_of="bands")
        except Exception:
            pass  # the largest band, as any page
    pil: Image.Image | None = None
    closer: Callable[[], Image.Image] | None = None  # the page again, closer, for a second look at its seal
    try:
        best = _largest_image_object(xobjects)
        data = _jpeg_bytes(best) if best is not None else None
        jpx = _jpx_bytes(best) if best is not None and data is None else None
        if data is not None:
            quick = analyzer.quick_page_facts(facts, data) if analyzer.blank_only else None
            if quick is not None:
                return quick
            pil = _decoded_jpeg(data, analyzer)
            closer = functools.partial(decoded_for_seal, data)
        elif jpx is not None:
            pil = _decoded_jpx(jpx, analyzer.draft_request)
            closer = functools.partial(_decoded_jpx, jpx, _seal_request)
        elif best is not None and analyzer.ocr is not None and _filter_chain(best)[-1] == JBIG2_FILTER:
            pil = drawn_page(bytes(page.pdf.stream.getbuffer()), facts.number - 1,
                             (int(best.get("/Width", 0)), int(best.get("/Height", 0))), analyzer.draft_request)
        elif best is not None and (row_coded := _row_coded_page(best)) is not None:
            decode, bilevel = row_coded
            # The top first when it could settle the look: without OCR, a black-and-white page's only question
            # is blank or not; a colour or grey one's when its item needs nothing more (quick_top_facts).
            top = decode(QUICK_SHARE) if analyzer.ocr is None and (bilevel or analyzer.blank_only) else None
            quick = analyzer.quick_top_facts(facts, *top) if top is not None else None
            if quick is not None:
                return quick
            decoded = decode(1.0)
            pil = decoded[0] if decoded is not None else None
    except Exception:
        pil, closer = None, None  # the general path below decides
    if pil is None:
        pil = _largest_image(page)
    return analyzer.page_facts(facts, pil, closer) if pil is not None else facts


# A scanned page with a text layer (Adobe Scan, ocrmypdf, copiers' "searchable PDF": the scan, and the words OCR
# read of it drawn invisibly over it) is read by its text, but its seal is only in the scan. Such a page's words
# are drawn invisible (text render mode 3, in the page's instructions or in a form it draws, where ocrmypdf puts
# them), and its image has the page's shape and at least one pixel a point (72 dpi). A certificate generated
# with a full-page background picture shows its words; a logo or a pasted seal on a typed page is no page-sized
# image.
_PAGE_SHAPE_TOLERANCE = 0.06
_INVISIBLE_TEXT = re.compile(rb"(?<![\d.])3\s+Tr\b")


def _invisible_text(content: bytes | None, xobjects: list) -> bool:
    if content and _INVISIBLE_TEXT.search(content):
        return True
    for form in xobjects:
        if form.get("/Subtype") == "/Form":
            with contextlib.suppress(Exception):
                if _INVISIBLE_TEXT.search(form.get_data()[:MAX_CONTENT_BYTES]):
                    return True
    return False


def _scan_under_text(page, xobjects: list, content: bytes | None) -> bool:
    """Whether a page with words is a scan under a text layer (see above). The image's shape first: the words'
    ink is looked for in the page's forms too, which a typed page with figures may have many of."""
    try:
        best = _largest_image_object(xobjects)
        if best is None:
            return False
        width, height = int(best.get("/Width", 0)), int(best.get("/Height", 0))
        box = page.mediabox
        page_width, page_height = float(box.width), float(box.height)
        if min(width, height, page_width, page_height) <= 0:
            return False
        if int(page.get("/Rotate", 0) or 0) % 180:
            page_width, page_height = page_height, page_width
        shapes = (width / height, (page_width / page_height), (page_height / page_width))
        fits = any(abs(shapes[0] / shape - 1) <= _PAGE_SHAPE_TOLERANCE for shape in shapes[1:])
        return fits and max(width, height) >= max(page_width, page_height) and _invisible_text(content, xobjects)
    except Exception:
        return False


def _seal_under_text(page, xobjects: list, facts: PageFacts, analyzer: ImageAnalyzer,
                     content: bytes | None) -> PageFacts:
    """A scan under a text layer looked at for its seal alone: its words are its text layer's (no OCR), and a
    page with words is no blank page whatever its image looks like."""
    look_only = dataclasses.replace(analyzer, ocr=None, heading=None)
    looked = _look_at_scan(page, xobjects, facts, look_only, content)
    return dataclasses.replace(facts, seal=looked.seal, width_px=looked.width_px, height_px=looked.height_px)


# Some scanner drivers and print-to-PDF tools draw a scanned page as horizontal JPEG bands (4, 8, 16 a
# page). The page is all of them: looked at (and read) as one image, the bands stacked as drawn, or its
# seal, its ink and its words would be those of one band.
MAX_BANDS = 64
_CONTENT_TOKEN = re.compile(rb"/[^\s/\[\]()<>{}%]+|[-+]?(?:\d+\.?\d*|\.\d+)|[A-Za-z'\"*]+|[()<>\[\]{}%]")
_Matrix = tuple[float, float, float, float, float, float]
_STATE_OPERATORS = frozenset({b"w", b"J", b"j", b"M", b"ri", b"i", b"gs", b"re", b"W", b"n", b"BX", b"EX", b"BT", b"ET",
                              b"Tf", b"TL", b"Tc", b"Tw", b"Tz", b"Ts", b"Tr", b"Td", b"TD", b"Tm", b"T*"})


def _images_drawn(content: bytes) -> list[tuple[str, _Matrix]] | None:
    """(XObject name, where it lands: the transformation in force) for each `Do` of a page's drawing
    instructions, in order; None for anything but the few operators a scanned page is drawn with."""
    stack: list[_Matrix] = []
    ctm: _Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    operands: list = []
    drawn = []
    for token in _CONTENT_TOKEN.findall(content):
        if token[:1] == b"/":
            operands.append(token[1:].decode("latin-1"))
        elif token[:1].isdigit() or token[:1] in b"+-.":
            operands.append(float(token))
        elif token in (b"q", b"Q", b"cm", b"Do"):
            if token == b"q":
                stack.append(ctm)
            elif token == b"Q":
                ctm = stack.pop() if stack else ctm
            elif token == b"cm":
                if len(operands) != 6 or not all(isinstance(v, float) for v in operands):
                    return None
                a, b, c, d, e, f = operands
                A, B, C, D, E, F = ctm
                ctm = (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)
            elif len(operands) == 1 and isinstance(operands[0], str):
                drawn.append((operands[0], ctm))
            else:
                return None
            operands = []
        elif token in _STATE_OPERATORS:
            operands = []  # graphics and text state, clipping, an empty text object: nothing drawn
        else:
            return None  # text, paths, inline images, strings: not a page of bands
    return drawn


def page_bands(page, content: bytes | None, xobjects: list) -> list[bytes] | None:
    """A page drawn as horizontal bands of one scan: the bands' JPEG files, top first. None: any other
    page (one image, images side by side or apart, anything not a plain JPEG, a rotated drawing)."""
    if content is None or not xobjects or len(content) > 64 * 1024:
        return None
    try:
        resources = page.get("/Resources").get_object()
        named = {str(k)[1:]: v.get_object() for k, v in resources.get("/XObject").get_object().items()}
        drawn = _images_drawn(content)
        if not drawn or not 2 <= len(drawn) <= MAX_BANDS:
            return None  # (a band may be drawn twice: a producer writes two identical bands, white ones, once)
        placed = []
        for name, (a, b, c, d, e, f) in drawn:
            image = named.get(name)
            if image is None or image.get("/Subtype") != "/Image" or b or c or a <= 0 or d <= 0:
                return None
            placed.append((f, d, a, e, image))
        placed.sort(key=lambda p: -p[0])  # PDF's y grows upwards: the top band first
        x0, width = placed[0][3], placed[0][2]
        pixel_width = int(placed[0][4].get("/Width", 0))
        tolerance = max(1.0, width * 0.01)
        for (f, _d, a, e, image), below in zip(placed, placed[1:] + [None]):
            if abs(e - x0) > tolerance or abs(a - width) > tolerance or int(image.get("/Width", 0)) != pixel_width:
                return None  # not one column of equal widths
            if below is not None and abs(below[0] + below[1] - f) > tolerance:
                return None  # a gap or an overlap: separate pictures, not one scan
        pixels = sum(pixel_width * int(p[4].get("/Height", 0)) for p in placed)
        if pixels > (Image.MAX_IMAGE_PIXELS or pixels):
            return None
        jpegs = [_jpeg_bytes(p[4]) for p in placed]
    except Exception:
        return None
    return [j for j in jpegs if j is not None] if all(j is not None for j in jpegs) else None


def _seal_request(size: tuple[int, int]) -> tuple[int, int]:
    return draft_size(size, RED_MASK_SIDE)


def stack_bands(jpegs: list[bytes], request, top_only: bool = False) -> tuple[Image.Image, tuple[int, int]]:
    """The bands decoded at one scale (JPEG draft: the reduction `request` asks of the whole page) and
    stacked top to bottom, and the page's size at that scale; `top_only`: the top band alone (the
    others' sizes come from their headers, nothing of them is decoded)."""
    bands = [Image.open(io.BytesIO(data)) for data in jpegs]
    if any(b.format != "JPEG" or b.mode not in ("L", "RGB") for b in bands):
        raise ValueError("not a JPEG band")
    width, height = bands[0].width, sum(b.height for b in bands)
    want = request((width, height))
    scale = 1
    while scale < 8 and width // (scale * 2) >= want[0] and height // (scale * 2) >= want[1]:
        scale *= 2
    mode = "L" if all(b.mode == "L" for b in bands) else "RGB"
    for b in bands:
        b.draft(b.mode, (max(1, b.width // scale), max(1, b.height // scale)))  # draft divides, then rounds down
    size = (max(b.width for b in bands), sum(b.height for b in bands))
    if top_only:
        bands[0].load()
        return bands[0], size
    for b in bands:
        b.load()
    page = Image.new(mode, size, "white")
    y = 0
    for b in bands:
        page.paste(b if b.mode == mode else b.convert(mode), (0, y))
        y += b.height
    return page, size


def _largest_image(page):
    try:
        images = list(itertools.islice(page.images, MAX_IMAGES_LOOKED_AT))  # each one is decoded when taken
    except Exception:
        return None
    best, best_area = None, 0
    for img in images:
        try:
            pil = img.image
            area = pil.width * pil.height
            if area > best_area:
                best, best_area = pil, area
        except Exception:
            continue
    return best


def read_pdf(data: bytes, analyzer: ImageAnalyzer, words: Words = "all") -> PdfFacts:
    """`words`: which pages' words anything will read (scan.plan): "all"; "first", the first page with
    text only (a loose file its name settles as an item whose checks read no words: its title may still
    place the next loose page); "none" (such a file in its slot). A page left out that draws no image is
    not decoded to text: its text is "" — with a content stream, such a page is never blank; the text
    layer of a page that shows an image is always read, for the page is looked at as a scan only when it
    has none."""
    with _guarded():
        return _read_pdf(data, analyzer, words)


def _read_pdf(data: bytes, analyzer: ImageAnalyzer, words: Words) -> PdfFacts:
    stream = io.BytesIO(data)
    reader: PdfReader | None = None
    try:
        try:
            reader = PdfReader(stream, strict=False)
            if reader.is_encrypted:
                # An owner password only restricts printing/editing: reviewers can still open the file.
                try:
                    opened = reader.decrypt("")
                except Exception as e:  # unsupported algorithm or damaged encryption dictionary
                    return PdfFacts(0, (), "encrypted", f"{type(e).__name__}")
                if not opened:
                    return PdfFacts(0, (), "encrypted", "password-required")
            flat = _flat_page_tree(reader)
        except Exception as e:
            return PdfFacts(0, (), "unreadable", _describe(e))
        if flat is not None:
            try:
                return _read_pages(reader, analyzer, flat, words)
            except _NotFlat:
                pass  # not the tree it looked like: pypdf walks it
        return _read_pages(reader, analyzer, None, words)
    finally:
        _let_go(reader, stream)


def _let_go(reader: PdfReader | None, stream: io.BytesIO) -> None:
    """Free the file and what pypdf parsed of it now. The reader and its objects refer to each other (every
    object knows its document): a cycle that only the garbage collector's rare full passes free, so a worker
    held the bytes, streams and images of the last few dozen PDFs it read — 121 MB at its peak where 67 MB
    is all a file needs (1,200 files of the scan-heavy drive in one process; the same time)."""
    stream.close()
    if reader is not None:
        with contextlib.suppress(Exception):  # pypdf's own caches: its internals, so never an error of ours
            reader.resolved_objects.clear()
            reader.flattened_pages = None


class _NotFlat(Exception):
    pass


def _read_pages(reader: PdfReader, analyzer: ImageAnalyzer, flat: tuple | None, words: Words) -> PdfFacts:
    try:
        page_count = flat[0] if flat else len(reader.pages)
    except Exception as e:
        return PdfFacts(0, (), "unreadable", _describe(e))
    if page_count == 0:
        return PdfFacts(0, (), "unreadable", "no-pages")
    to_read = range(page_count) if page_count <= READ_ALL_UP_TO else range(READ_FIRST)
    pages: list[PageFacts] = []
    text_seen = False
    fonts: dict = {}  # each font's decoder, shared by the pages
    for index in to_read:
        try:
            page = _leaf_page(reader, flat[1], flat[2], index) if flat else reader.pages[index]
        except Exception as e:
            if flat:
                raise _NotFlat from e
            if index == 0:
                return PdfFacts(page_count, (), "unreadable", _describe(e))
            break
        if page is None:
            raise _NotFlat
        try:
            content, has_content = _content(page)
        except LimitReachedError:
            return PdfFacts(page_count, (), "unreadable", BOMB_DETAIL)
        xobjects = _xobjects(page)
        images = _image_count(xobjects)
        if images and _oversized_image(xobjects):
            return PdfFacts(page_count, (), "unreadable", PIXELS_DETAIL)
        wanted = words == "all" or (words == "first" and not text_seen)
        text = clean_text(_text(page, content, fonts)[:MAX_TEXT_CHARS_PER_PAGE]) if wanted or images else ""
        text_seen = text_seen or bool(text.strip())
        over_scan = bool(images and text.strip()) and _scan_under_text(page, xobjects, content)
        facts = PageFacts(number=index + 1, text=text, image_count=images, has_content_stream=has_content,
                          text_over_scan=over_scan)
        if not text.strip() and images:
            facts = _look_at_scan(page, xobjects, facts, analyzer, content)
        elif over_scan and analyzer.seal_look and not analyzer.blank_only:
            facts = _seal_under_text(page, xobjects, facts, analyzer, content)
        pages.append(facts)
    return PdfFacts(page_count, tuple(pages))


MAX_FLAT_PAGES = 100_000
# Page attributes a page takes from its parent node when it has none of its own (ISO 32000-1, 7.7.3.4).
_INHERITED = ("/Resources", "/MediaBox", "/CropBox", "/Rotate")


def _flat_page_tree(reader: PdfReader) -> tuple[int, DictionaryObject, list] | None:
    """(page count, the /Pages node, its /Kids) when the page tree is one node whose /Count agrees with
    its list of kids — what most producers write. pypdf's len(reader.pages) parses every page object of
    the document; zccheck reads at most 12 pages, so a 60-page paper costs 4 page objects, not 60.
    None: any other tree, which pypdf walks (with its limits on depth, loops and size)."""
    root = reader.root_object
    node = root.get("/Pages") if isinstance(root, DictionaryObject) else None
    node = node.get_object() if node is not None else None
    if not isinstance(node, DictionaryObject):
        return None
    kids, count = node.get("/Kids"), node.get("/Count")
    kids = kids.get_object() if kids is not None else None
    if not isinstance(kids, ArrayObject) or not isinstance(count, int) or isinstance(count, bool):
        return None
    if count != len(kids) or not 0 < count <= MAX_FLAT_PAGES:
        return None
    return int(count), node, list(kids)  # a plain int: facts cross to the main process, which never loads pypdf


def _leaf_page(reader: PdfReader, parent: DictionaryObject, kids: list, index: int) -> PageObject | None:
    """Kid `index` of a flat page tree as pypdf's PageObject (inherited attributes copied as pypdf's
    flattening does); None when it is not a page object, and pypdf decides."""
    ref = kids[index]
    if not isinstance(ref, IndirectObject):
        return None
    node = ref.get_object()
    if not isinstance(node, DictionaryObject) or node.get("/Type") not in ("/Page", None) or "/Kids" in node:
        return None
    page = PageObject(reader, ref)
    page.update(node)
    for attribute in _INHERITED:
        if attribute not in page and attribute in parent:
            page[NameObject(attribute)] = parent[attribute]
    return page


def _describe(e: BaseException) -> str:
    text = str(e).strip().splitlines()[0][:120] if str(e).strip() else ""
    return f"{type(e).__name__}: {text}" if text else type(e).__name__
