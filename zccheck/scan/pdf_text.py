"""The text of a PDF page, fast, for keyword matching.

pypdf's extract_text parses a content stream one object at a time in Python and lays the glyphs out
with width metrics: about 4 ms for a page of Chinese text, most of a batch's time on born-digital
documents. zccheck only matches words, years and numbers in the text, so it needs the characters in
content-stream order and the line breaks, not a layout. This module tokenises the decoded content
stream with one regular expression, keeps only the text operators and maps each string through its
font's ToUnicode map or predefined CMap: the same characters in a tenth of the time.

It declines (returns None, and the caller asks pypdf) whenever it is not sure to read the page the way
pypdf would: inline images, text inside form XObjects, Type 3 fonts, fonts without a usable map, codes
of mixed lengths, anything that does not tokenise. tests/test_pdf_text.py holds it to pypdf's text on
generated documents and on the corpus of real-world PDFs.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from typing import Callable

from pypdf.generic import DictionaryObject, IndirectObject, NameObject, StreamObject

Decode = Callable[[bytes], str]


class Decline(Exception):
    """This page is for pypdf."""


# --- fonts -------------------------------------------------------------------------------------------

# Predefined CMaps whose character codes are a text encoding (ISO 32000-2, 9.7.5.2).
_UNICODE_CMAPS = re.compile(r"^/Uni(?:GB|CNS|JIS|KS)-(?:UCS2|UTF16)-[HV]$")
_CHARSET_CMAPS = {
    "/GB-EUC-H": "gbk", "/GB-EUC-V": "gbk", "/GBpc-EUC-H": "gb2312", "/GBpc-EUC-V": "gb2312",
    "/GBK-EUC-H": "gbk", "/GBK-EUC-V": "gbk", "/GBKp-EUC-H": "gbk", "/GBKp-EUC-V": "gbk",
    "/GBK2K-H": "gb18030", "/GBK2K-V": "gb18030", "/ETen-B5-H": "cp950", "/ETen-B5-V": "cp950",
    "/ETenms-B5-H": "cp950", "/ETenms-B5-V": "cp950", "/90ms-RKSJ-H": "cp932", "/90ms-RKSJ-V": "cp932",
}
_SIMPLE_ENCODINGS = {"/WinAnsiEncoding": "cp1252", "/MacRomanEncoding": "mac_roman"}
_SIMPLE_SUBTYPES = {"/Type1", "/TrueType", "/MMType1"}
MAX_CMAP_BYTES = 4_000_000
_PRINTABLE_ASCII = re.compile(rb"[\x20-\x7e]*")

_CMAP_TOKEN = re.compile(rb"<([0-9A-Fa-f\s]*)>|\[|\]|(begin|end)(codespacerange|bfchar|bfrange)")


def _hex(text: bytes) -> bytes:
    return bytes.fromhex(re.sub(rb"\s+", b"", text).decode("ascii"))


def _utf16(raw: bytes) -> str:
    return raw.decode("utf-16-be", "surrogatepass") if len(raw) % 2 == 0 else ""


def parse_to_unicode(data: bytes) -> tuple[dict[bytes, str], set[int]]:
    """A ToUnicode CMap: {code bytes: text} and the byte lengths its code space allows."""
    if len(data) > MAX_CMAP_BYTES:
        raise Decline("cmap too large")
    mapping: dict[bytes, str] = {}
    lengths: set[int] = set()
    section: bytes | None = None
    operands: list[bytes] = []
    for m in _CMAP_TOKEN.finditer(data):
        if m.group(2):
            section, operands = (m.group(3) if m.group(2) == b"begin" else None), []
            continue
        if section is None:
            continue
        token = m.group(0)
        operands.append(_hex(m.group(1)) if m.group(1) is not None else token)
        if section == b"codespacerange" and len(operands) == 2:
            lengths.add(len(operands[0]))
            operands = []
        elif section == b"bfchar" and len(operands) == 2:
            src, dst = operands
            if isinstance(src, bytes) and isinstance(dst, bytes) and src not in (b"[", b"]"):
                mapping[src] = _utf16(dst)
            operands = []
        elif section == b"bfrange" and len(operands) >= 3:
            if operands[2] == b"[":
                if operands[-1] != b"]":
                    continue
                _range_array(mapping, operands[0], operands[1], operands[3:-1])
            else:
                _range_offset(mapping, operands[0], operands[1], operands[2])
            operands = []
    return mapping, lengths


def _range_bounds(low: bytes, high: bytes) -> range:
    if len(low) != len(high) or not low:
        raise Decline("odd bfrange")
    first, last = int.from_bytes(low, "big"), int.from_bytes(high, "big")
    if last < first or last - first > 65_535:
        raise Decline("odd bfrange")
    return range(first, last + 1)


def _range_offset(mapping: dict[bytes, str], low: bytes, high: bytes, dst: bytes) -> None:
    width = len(low)
    if len(dst) < 2 or len(dst) % 2:
        raise Decline("odd bfrange destination")
    base = int.from_bytes(dst, "big")
    for offset, code in enumerate(_range_bounds(low, high)):
        mapping[code.to_bytes(width, "big")] = _utf16((base + offset).to_bytes(len(dst), "big"))


def _range_array(mapping: dict[bytes, str], low: bytes, high: bytes, dsts: list) -> None:
    width = len(low)
    for code, dst in zip(_range_bounds(low, high), dsts):
        if isinstance(dst, bytes) and dst not in (b"[", b"]"):
            mapping[code.to_bytes(width, "big")] = _utf16(dst)


def _resolve(obj):
    return obj.get_object() if isinstance(obj, IndirectObject) else obj


def _code_decoder(mapping: dict[bytes, str], width: int, fallback: Callable[[bytes], str | None] | None) -> Decode:
    """Codes of `width` bytes through a ToUnicode map; a code the map lacks goes to `fallback`, or, with
    none, makes the page pypdf's (it knows the glyph names of the font program)."""
    if width == 1:
        table = [mapping.get(bytes([code])) for code in range(256)]
        if fallback is not None:
            table = [t if t is not None else fallback(bytes([code])) for code, t in enumerate(table)]
        if all(t is not None for t in table):
            return lambda raw: "".join([table[b] for b in raw])  # type: ignore[misc]
    get = mapping.get if width > 1 else (lambda code: table[code[0]])

    def decode(raw: bytes) -> str:
        chars = [get(raw[i:i + width]) for i in range(0, len(raw) - width + 1, width)]
        if None in chars:
            raise Decline("code without a character")
        return "".join(chars)  # type: ignore[arg-type]

    return decode


def _simple_base(font: DictionaryObject) -> Decode:
    """A simple font's own encoding: a named one, without /Differences (those name glyphs: pypdf's job)."""
    encoding = _resolve(font.get("/Encoding"))
    if isinstance(encoding, DictionaryObject):
        if "/Differences" in encoding:
            raise Decline("differences")
        encoding = encoding.get("/BaseEncoding")
    if encoding is None:
        base_font = str(font.get("/BaseFont", ""))
        if any(word in base_font for word in ("Symbol", "Dingbats", "Wingding")):
            raise Decline("symbolic font")
        descriptor = _resolve(font.get("/FontDescriptor"))
        if isinstance(descriptor, DictionaryObject) and any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")):
            raise Decline("the embedded font program's own encoding")  # TeX's fonts put ligatures at 0x0C
        return lambda raw: raw.decode("ascii") if _PRINTABLE_ASCII.fullmatch(raw) else _decline("not plain ASCII")
    codec = _SIMPLE_ENCODINGS.get(str(encoding))
    if codec is None:
        raise Decline(f"encoding {encoding}")
    return lambda raw: raw.decode(codec, "ignore")


def _decline(why: str) -> str:
    raise Decline(why)


def font_decoder(font) -> Decode:
    font = _resolve(font)
    if not isinstance(font, DictionaryObject):
        raise Decline("font is not a dictionary")
    subtype = str(font.get("/Subtype", ""))
    to_unicode = _resolve(font.get("/ToUnicode"))
    mapping: dict[bytes, str] | None = None
    lengths: set[int] = set()
    if isinstance(to_unicode, StreamObject):
        mapping, lengths = parse_to_unicode(to_unicode.get_data())
        if not mapping:
            mapping = None
    if subtype == "/Type0":
        encoding = _resolve(font.get("/Encoding"))
        name = str(encoding) if isinstance(encoding, NameObject) else None
        if mapping is not None:
            if name in ("/Identity-H", "/Identity-V") or (name and _UNICODE_CMAPS.match(name)):
                return _code_decoder(mapping, 2, None)
            raise Decline(f"type0 encoding {name or 'embedded'}")  # codes of other lengths: pypdf splits them
        if name and _UNICODE_CMAPS.match(name):
            return lambda raw: raw.decode("utf-16-be", "ignore")
        if name in _CHARSET_CMAPS:
            codec = _CHARSET_CMAPS[name]
            return lambda raw: raw.decode(codec, "ignore")
        raise Decline(f"type0 without a map ({name})")
    if subtype not in _SIMPLE_SUBTYPES:
        raise Decline(f"font subtype {subtype}")
    if mapping is not None:
        if lengths and lengths != {1}:
            raise Decline("multi-byte simple font")
        try:
            base = _simple_base(font)
        except Decline:
            return _code_decoder(mapping, 1, None)
        return _code_decoder(mapping, 1, lambda raw: _safe(base, raw))
    return _simple_base(font)


def _safe(decode: Decode, raw: bytes) -> str | None:
    try:
        return decode(raw)
    except Decline:
        return None


# --- content streams ---------------------------------------------------------------------------------

_TOKEN = re.compile(  # one token and the whitespace and comments before it
    rb"(?:[\x00\t\n\x0c\r ]+|%[^\r\n]*)*"
    rb"(?:(?P<lit>\()"
    rb"|<<|>>"
    rb"|<(?P<hex>[0-9A-Fa-f\x00\t\n\x0c\r ]*)>"
    rb"|(?P<arr>[\[\]])"
    rb"|[{}]"
    rb"|/(?P<name>[^\x00\t\n\x0c\r ()<>\[\]{}/%]*)"
    rb"|(?P<num>[+-]?(?:\d+\.?\d*|\.\d+))(?![^\x00\t\n\x0c\r ()<>\[\]{}/%])"
    rb"|(?P<op>[^\x00\t\n\x0c\r ()<>\[\]{}/%]+)"
    rb"|\Z)"
)
_LITERAL_RUN = re.compile(rb"(?:[^()\\]+|\\[\s\S])*")
# Escapes that Python's bytes codec reads differently from PDF (\( \x \a, octal over 0o377, a backslash
# before CR): strings holding one take the slow path.
_NOT_PYTHON_ESCAPE = re.compile(rb"\\(?:[^0-7nrtbf\\\n]|[4-7][0-7]{2})")
_ESCAPE = re.compile(rb"\\([0-7]{1,3}|\r\n|[\s\S])")
_ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f", b"\r\n": b"", b"\n": b"", b"\r": b""}
# Kerning in a TJ array wider than this (thousandths of an em) is a gap between words.
WORD_GAP = 250
MAX_TOKENS = 500_000
MAX_OPERANDS = 50_000  # before one operator, or in one array
MAX_ARRAY_DEPTH = 32


def _unescape(m: re.Match) -> bytes:
    code = m.group(1)
    if code[:1].isdigit():
        return bytes([int(code, 8) & 0xFF])
    return _ESCAPES.get(code, code)


def _unescaped(raw: bytes) -> bytes:
    """A literal string's bytes with PDF escapes resolved. Octal escapes (every character of a CJK
    string written by some producers) go through the C codec where Python's escapes mean the same."""
    if b"\\" not in raw:
        return raw
    # Split at escaped backslashes (backslashes pair up from the left of each run): in each piece,
    # every backslash starts an escape, so \( and \) can become the octal 050 and 051 the codec knows.
    pieces = []
    for piece in raw.split(b"\\\\"):
        piece = piece.replace(b"\\(", b"\\050").replace(b"\\)", b"\\051")
        if _NOT_PYTHON_ESCAPE.search(piece) or piece.endswith(b"\\"):
            return _ESCAPE.sub(_unescape, raw)
        pieces.append(codecs.escape_decode(piece)[0] if b"\\" in piece else piece)
    return b"\\".join(pieces)


def _literal_end(data: bytes, start: int) -> int:
    """Where the literal string opening at data[start] == '(' ends (nested parentheses, escapes)."""
    depth, pos, end = 1, start + 1, len(data)
    while True:
        pos = _LITERAL_RUN.match(data, pos).end()  # type: ignore[union-attr]  # it matches the empty string too
        if pos >= end or data[pos] == 0x5C:  # the data ends, or with a lone backslash
            raise Decline("unterminated string")
        depth += 1 if data[pos] == 0x28 else -1
        pos += 1
        if depth == 0:
            return pos


@dataclass
class _Reader:
    fonts: dict  # resource name → font object
    xobjects: dict  # resource name → XObject
    font_cache: dict  # id of a font object → Decode, shared by all pages of a document

    def decoder(self, name: str) -> Decode:
        ref = self.fonts.get(name)
        if ref is None:
            raise Decline(f"font {name} not in resources")
        key = (ref.idnum, ref.generation) if isinstance(ref, IndirectObject) else id(ref)
        decode = self.font_cache.get(key)
        if decode is None:
            try:
                decode = font_decoder(ref)
            except Decline as e:
                decode = _declined(str(e))
            self.font_cache[key] = decode
        return decode


def _declined(why: str) -> Decode:
    def decode(raw: bytes) -> str:
        raise Decline(why)

    return decode


# The same tokens in one findall, when no literal string nests parentheses: each token is a tuple
# (literal, hex, bracket, name, number, operator, other, stray); a stray byte sends the stream to the
# tokeniser above, which handles nesting (and declines what does not tokenise).
_FAST_TOKENS = re.compile(
    rb"(?:[\x00\t\n\x0c\r ]+|%[^\r\n]*)*"
    rb"(?:(\((?:[^()\\]|\\[\s\S])*\))"
    rb"|(<[0-9A-Fa-f\x00\t\n\x0c\r ]*>)"
    rb"|([\[\]])"
    rb"|(/[^\x00\t\n\x0c\r ()<>\[\]{}/%]*)"
    rb"|([+-]?(?:\d+\.?\d*|\.\d+))(?![^\x00\t\n\x0c\r ()<>\[\]{}/%])"
    rb"|([^\x00\t\n\x0c\r ()<>\[\]{}/%]+)"
    rb"|(<<|>>|[{}])"
    rb"|([\s\S])"
    rb"|\Z)"
)


# findall holds every token of the stream at once (some 200 bytes each): only streams up to this size
# take that path; a larger one (a vector drawing, or a fuzzed stream of tiny tokens) is read token by
# token, so memory stays bounded whatever the page holds.
FAST_MAX_BYTES = 128 * 1024


def _tokens(data: bytes):
    if len(data) <= FAST_MAX_BYTES:
        tokens = _FAST_TOKENS.findall(data)
        if not any(token[7] for token in tokens):
            return tokens
    return _slow_tokens(data)


def _slow_tokens(data: bytes):
    """Token by token, literal strings scanned for nested parentheses."""
    pos, end, count = 0, len(data), 0
    match = _TOKEN.match
    while pos < end:
        m = match(data, pos)
        if m is None:
            raise Decline(f"cannot tokenise at {pos}")
        count += 1
        if count > MAX_TOKENS:
            raise Decline("too many tokens")
        kind = m.lastgroup
        pos = m.end()
        if kind == "lit":
            start = m.start("lit")
            pos = _literal_end(data, start)
            yield (data[start:pos], b"", b"", b"", b"", b"", b"", b"")
        elif kind == "hex":
            yield (b"", b"<" + m.group("hex") + b">", b"", b"", b"", b"", b"", b"")
        elif kind == "arr":
            yield (b"", b"", m.group("arr"), b"", b"", b"", b"", b"")
        elif kind == "name":
            yield (b"", b"", b"", b"/" + m.group("name"), b"", b"", b"", b"")
        elif kind == "num":
            yield (b"", b"", b"", b"", m.group("num"), b"", b"", b"")
        elif kind == "op":
            yield (b"", b"", b"", b"", b"", m.group("op"), b"", b"")


def _hex_string(token: bytes) -> bytes:
    digits = re.sub(rb"[\x00\t\n\x0c\r ]+", b"", token[1:-1])
    return bytes.fromhex((digits + b"0" * (len(digits) % 2)).decode("ascii"))


def content_text(data: bytes, reader: _Reader) -> str:  # noqa: C901 — the hot loop, kept whole on purpose
    """The text a content stream shows: one pass over its tokens, operands gathered, text operators
    decoded. Over the complexity limit on purpose: it runs for every token of every page, and splitting
    it into functions costs a call per token."""
    out: list[str] = []
    operands: list = []
    arrays: list[list] = []
    decode: Decode | None = None
    last_y = None

    def show(raw) -> None:
        if decode is None:
            raise Decline("text before Tf")
        out.append(decode(raw))

    for lit, hexs, bracket, name, num, op, _other, _stray in _tokens(data):
        if op:
            if arrays:
                raise Decline("operator inside an array")
            if op == b"Tj" or op == b"'" or op == b'"':
                if op != b"Tj":
                    out.append("\n")
                if operands and isinstance(operands[-1], bytes):
                    show(operands[-1])
            elif op == b"TJ":
                if operands and isinstance(operands[-1], list):
                    for part in operands[-1]:
                        if isinstance(part, bytes):
                            show(part)
                        elif isinstance(part, float) and part <= -WORD_GAP:
                            out.append(" ")
            elif op == b"Tf":
                if len(operands) >= 2 and isinstance(operands[-2], str):
                    decode = reader.decoder(operands[-2])
            elif op == b"BT" or op == b"T*":
                out.append("\n")
            elif op == b"Td" or op == b"TD":
                if len(operands) >= 2 and isinstance(operands[-1], float):
                    out.append("\n" if abs(operands[-1]) > 0.01 else " ")
            elif op == b"Tm":
                if len(operands) >= 6 and isinstance(operands[-1], float):
                    y = operands[-1]
                    out.append("\n" if last_y is None or abs(y - last_y) > 0.01 else " ")
                    last_y = y
            elif op == b"Do":
                if operands and isinstance(operands[-1], str):
                    xobject = _resolve(reader.xobjects.get(operands[-1]))
                    if xobject is None or xobject.get("/Subtype") != "/Image":
                        raise Decline("form XObject")
            elif op in (b"BI", b"ID", b"EI"):
                raise Decline("inline image")
            elif op == b"d0" or op == b"d1":
                raise Decline("type 3 glyph procedure")
            operands = []
            continue
        target = arrays[-1] if arrays else operands
        if len(target) >= MAX_OPERANDS:
            raise Decline("too many operands")
        if num:
            target.append(float(num))
        elif name:
            target.append(name.decode("latin-1"))
        elif lit:
            target.append(_unescaped(lit[1:-1]))
        elif bracket:
            if bracket == b"[":
                if len(arrays) >= MAX_ARRAY_DEPTH:
                    raise Decline("arrays nested too deep")
                arrays.append([])
            elif arrays:
                done = arrays.pop()
                (arrays[-1] if arrays else operands).append(done)
            else:
                raise Decline("unbalanced ]")
        elif hexs:
            target.append(_hex_string(hexs))
    if arrays:
        raise Decline("unbalanced [")
    return "".join(out)


def _dictionary(obj) -> dict:
    obj = _resolve(obj)
    return dict(obj) if isinstance(obj, DictionaryObject) else {}


def page_text(page, data: bytes, font_cache: dict) -> str | None:
    """The page's text from its decoded content stream `data`, or None when pypdf should read it.
    `font_cache` is one dict per document (fonts are shared by its pages)."""
    try:
        resources = _dictionary(page.get("/Resources"))
        reader = _Reader(_dictionary(resources.get("/Font")), _dictionary(resources.get("/XObject")), font_cache)
        return content_text(data, reader)
    except Exception:  # Decline, or a damaged font or stream: pypdf decides what the page says
        return None


__all__ = ["Decline", "content_text", "font_decoder", "page_text", "parse_to_unicode"]
