"""Pack tests, like Vale's fixtures: each pack carries `tests/<case>/` folders, small applicant folders
with the findings each must produce. `zccheck rules test PACK` runs them (zccheck.commands.rules); this
module reads a case, makes its generated files, and compares what was found with what was expected.

A case folder holds:

- `expected.yaml` (required): what checking the folder must give — `findings:` a list of
  `{code, item, category, file, severity, page}` (each entry gives the keys it cares about; the list
  is exact: every finding must be expected and every expectation found), and optionally `status:`
  (pass/fail), `items:` (item id → status) and `options:` (series, title, ocr, lang).
- `make.yaml` (optional): files made when the case runs, so no binary needs to live in the pack —
  photos and scans of a given pixel and byte size, born-digital PDFs with text, files of other kinds;
  and `profile:`, the applicant profile as a mapping. `like: other-case` starts from that case's
  make.yaml: `without:` drops its files (a path, or a folder ending in /), `files:` adds or replaces
  (same path), `profile:` changes fields (a field set to null is left out).
- any other file: part of the applicant folder, as it is (a profile written by hand, a real scan).
"""

from __future__ import annotations

import io
import math
import shutil
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from zccheck.pack import schema as s
from zccheck.pack.schema import PackError
from zccheck.pack.yaml_source import YamlError, line_of, load_yaml_file, tag_file

EXPECTED = "expected.yaml"
MAKE = "make.yaml"
CASE_FILES = (EXPECTED, MAKE)
FINDING_KEYS = ("code", "item", "category", "file", "severity", "page")
BYTE_KINDS = ("docx", "doc", "zip", "rar", "empty", "text", "heic")

_FINDING = s.mapping(optional={"code": s.string, "item": s.anything, "category": s.string, "file": s.string,
                               "severity": s.one_of("error", "warning", "info"), "page": s.integer})
_EXPECTED_SCHEMA = s.mapping(optional={
    "description": s.string, "findings": s.list_of(_FINDING), "status": s.one_of("pass", "fail"),
    "items": s.mapping(values=s.one_of("ok", "missing", "incomplete", "not-applicable", "needs-review")),
    "options": s.mapping(optional={"series": s.string, "title": s.string, "ocr": s.boolean, "lang": s.one_of("zh", "en")}),
})
_SIZE = {"width": s.positive(s.integer), "height": s.positive(s.integer)}
_MAKE_SCHEMA = s.mapping(optional={
    "like": s.string, "without": s.list_of(s.string), "folders": s.list_of(s.string),
    "profile": s.mapping(values=s.anything),
    "files": s.list_of(s.mapping(required={"path": s.string}, optional={
        "photo": s.mapping(optional=_SIZE),
        "scan": s.mapping(optional={**_SIZE, "seal": s.boolean, "blank": s.boolean, "dpi": s.positive(s.integer)}),
        "pdf": s.list_of(s.string),
        "bytes": s.one_of(*BYTE_KINDS),
        "kb": s.positive(s.number),
    })),
})


@dataclass
class Case:
    name: str
    folder: Path
    findings: list[dict[str, Any]] = field(default_factory=list)
    status: str | None = None
    items: dict[str, str] = field(default_factory=dict)
    options: dict[str, Any] = field(default_factory=dict)
    description: str = ""
    profile: dict[str, Any] | None = None
    make: list[dict[str, Any]] = field(default_factory=list)
    folders: list[str] = field(default_factory=list)  # empty folders to make (an empty slot)


def _load(path: Path, schema: s.Check) -> Any:
    try:
        data = tag_file(load_yaml_file(path), str(path))
    except YamlError as e:
        raise PackError(e.file, e.line, "", e.message) from None
    s.validate(data if data is not None else {}, schema, str(path))
    return data or {}


def find_cases(pack_dir: Path) -> list[Path]:
    """The case folders of a pack: tests/<case>/ holding expected.yaml, in name order."""
    root = pack_dir / "tests"
    return sorted(p for p in root.iterdir() if (p / EXPECTED).is_file()) if root.is_dir() else []


def _make(folder: Path, seen: tuple[Path, ...] = ()) -> tuple[dict[str, Any] | None, list[dict[str, Any]], list[str]]:
    """The profile, the files and the empty folders a case's make.yaml makes, `like:` another case's
    resolved first."""
    if not (folder / MAKE).is_file():
        return None, [], []
    make = _load(folder / MAKE, _MAKE_SCHEMA)
    for entry in make.get("files", []):
        makers = [k for k in ("photo", "scan", "pdf", "bytes") if k in entry]
        if len(makers) != 1:
            raise PackError(str(folder / MAKE), line_of(entry), f"files[{entry['path']}]",
                            "give exactly one of photo, scan, pdf, bytes")
    profile: dict[str, Any] | None = None
    files: list[dict[str, Any]] = []
    folders: list[str] = []
    if "like" in make:
        other = folder.parent / make["like"]
        if other.resolve() in seen or not (other / MAKE).is_file():
            raise PackError(str(folder / MAKE), line_of(make, "like"), "like",
                            f"no case {make['like']!r} with a make.yaml beside this one (or cases that are like each other)")
        profile, files, folders = _make(other, (*seen, folder.resolve()))
    drop = tuple(make.get("without", ()))
    for d in drop:  # a typo in `without:` would leave the case testing nothing
        if not any(f["path"] == d or (d.endswith("/") and f["path"].startswith(d)) for f in files):
            raise PackError(str(folder / MAKE), line_of(make, "without"), f"without[{d}]",
                            "matches no file of the case it is like (a path as in its make.yaml, or a folder ending in /)")
    own = {entry["path"] for entry in make.get("files", [])}
    files = [f for f in files if f["path"] not in own and not any(
        f["path"] == d or (d.endswith("/") and f["path"].startswith(d)) for d in drop)]
    if "profile" in make:
        profile = {k: v for k, v in {**(profile or {}), **make["profile"]}.items() if v is not None}
    return profile, [*files, *make.get("files", [])], [*folders, *make.get("folders", [])]


def load_case(folder: Path) -> Case:
    expected = _load(folder / EXPECTED, _EXPECTED_SCHEMA)
    profile, files, folders = _make(folder)
    return Case(name=folder.name, folder=folder, findings=[dict(f) for f in expected.get("findings", [])],
                status=expected.get("status"), items=dict(expected.get("items", {})),
                options=dict(expected.get("options", {})), description=expected.get("description", ""),
                profile=profile, make=files, folders=folders)


def materialise(case: Case, target: Path, profile_name: str) -> Path:
    """The case's applicant folder at `target`: its own files (not expected.yaml/make.yaml) and the made ones."""
    shutil.copytree(case.folder, target, ignore=lambda d, names: [n for n in names if n in CASE_FILES and Path(d) == case.folder])
    if case.profile is not None:
        (target / profile_name).write_text("".join(f"{k}: \"{v}\"\n" for k, v in case.profile.items()), encoding="utf-8")
    for name in case.folders:
        _inside(target, name, case).mkdir(parents=True, exist_ok=True)
    for entry in case.make:
        path = _inside(target, entry["path"], case)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(make_file(entry))
    return target


def _inside(target: Path, rel: str, case: Case) -> Path:
    path = target / rel
    if not path.resolve().is_relative_to(target.resolve()):
        raise PackError(str(case.folder / MAKE), None, rel, "a path must stay inside the case folder")
    return path


# --- making files ------------------------------------------------------------------------------------


def make_file(entry: dict[str, Any]) -> bytes:
    """The bytes of one made file; photo and scan are JPEG, or PNG when the path ends in .png."""
    png = entry["path"].lower().endswith(".png")
    if "pdf" in entry:
        data = text_pdf(list(entry["pdf"]))
    elif "bytes" in entry:
        data = _kind_bytes(entry["bytes"])
    elif "photo" in entry:
        size = entry["photo"] or {}
        data = _image(_photo(size.get("width", 413), size.get("height", 626), zlib.crc32(entry["path"].encode())), 300, png)
    else:
        spec = entry["scan"] or {}
        data = _image(_scan(spec.get("width", 1240), spec.get("height", 1754), bool(spec.get("seal")),
                            bool(spec.get("blank")), zlib.crc32(entry["path"].encode())), spec.get("dpi", 150), png)
    kb = entry.get("kb")
    if kb and len(data) < kb * 1024 and "bytes" not in entry:
        # Bytes after a JPEG's or PNG's end or a PDF's %%EOF are ignored by readers: the file just grows.
        data += b"\0" * (int(kb * 1024) - len(data))
    return data


def _kind_bytes(kind: str) -> bytes:
    return {
        "docx": b"PK\x03\x04" + b"\x00" * 26 + b"word/document.xml" + b"\x00" * 64,
        "doc": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504,
        "zip": b"PK\x05\x06" + b"\x00" * 18,
        "rar": b"Rar!\x1a\x07\x00" + b"\x00" * 32,
        "heic": b"\x00\x00\x00\x18ftypheic" + b"\x00" * 64,
        "text": "这是一段文字，不是扫描件。\n".encode(),
        "empty": b"",
    }[kind]


def _image(image: Any, dpi: int, png: bool) -> bytes:
    buffer = io.BytesIO()
    if png:
        image.save(buffer, "PNG", dpi=(dpi, dpi))
    else:
        image.save(buffer, "JPEG", quality=85, dpi=(dpi, dpi))
    return buffer.getvalue()


def _photo(width: int, height: int, seed: int) -> Any:
    """An ID photo: blue background (its shade from `seed`: two photos are two files), a head and
    shoulders (no words, portrait proportions)."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (width, height), (60 + seed % 20, 130, 210))
    d = ImageDraw.Draw(image)
    d.ellipse((width * 0.3, height * 0.18, width * 0.7, height * 0.58), fill=(235, 200, 170))
    d.rectangle((width * 0.15, height * 0.62, width * 0.85, height), fill=(30, 30, 40))
    return image


def _scan(width: int, height: int, seal: bool, blank: bool, seed: int) -> Any:
    """A scanned page: off-white paper with lines of dark strokes (no legible words: names decide; their
    pattern from `seed`, so that two pages are two files), optionally a red round seal; `blank` leaves
    the paper empty (a blank page: the same bytes wherever it is)."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (width, height), (250, 250, 247))
    if blank:
        return image
    d = ImageDraw.Draw(image)
    step = max(12, height // 40)
    for row, y in enumerate(range(int(height * 0.08), int(height * 0.7), step)):
        x = int(width * 0.08)
        end = int(width * (0.92 if row % 5 else 0.5))
        while x < end:
            w = 6 + (x * 7 + row * 13 + seed) % 14
            d.rectangle((x, y, x + w, y + step // 2), fill=(25, 25, 25))
            x += w + 5
    # The seed's 32 bits as a row of marks (like a page number): two pages are never the same file.
    for bit in range(32):
        if seed >> bit & 1:
            x = int(width * 0.08) + bit * max(4, width // 60)
            d.rectangle((x, int(height * 0.74), x + max(2, width // 120), int(height * 0.74) + step // 2), fill=(25, 25, 25))
    if seal:
        cx, cy, r = int(width * 0.68), int(height * 0.8), max(20, int(width * 0.1))
        red = (220, 30, 35)
        d.ellipse((cx - r, cy - r, cx + r, cy + r), outline=red, width=max(4, r // 14))
        star = [(cx + r * (0.32 if k % 2 == 0 else 0.13) * math.cos(-math.pi / 2 + k * math.pi / 5),
                 cy + r * (0.32 if k % 2 == 0 else 0.13) * math.sin(-math.pi / 2 + k * math.pi / 5)) for k in range(10)]
        d.polygon(star, fill=red)
    return image


def _pdf_string(text: str) -> str:
    return "<" + "".join(f"{ord(c):04X}" if ord(c) < 0x10000 else "FFFD" for c in text) + ">"


def text_pdf(pages: list[str]) -> bytes:
    """A born-digital PDF, one string per page, lines split on newlines: the standard Chinese font
    STSong-Light (Adobe-GB1, no embedding, UCS-2 encoded), as reportlab writes it — readers know it."""
    objects: list[bytes] = []
    page_ids = [5 + 2 * i for i in range(len(pages))]
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    objects.append(f"<< /Type /Pages /Kids [{' '.join(f'{i} 0 R' for i in page_ids)}] /Count {len(pages)} >>".encode())
    objects.append(b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H "
                   b"/DescendantFonts [4 0 R] >>")
    objects.append(b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo "
                   b"<< /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> /FontDescriptor << /Type /FontDescriptor "
                   b"/FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] /ItalicAngle 0 /Ascent 880 "
                   b"/Descent -120 /CapHeight 880 /StemV 93 >> /DW 1000 >>")
    for i, text in enumerate(pages):
        lines = []
        y = 780
        for line in text.split("\n"):
            for start in range(0, max(len(line), 1), 36):
                lines.append(f"BT /F1 13 Tf 60 {y} Td {_pdf_string(line[start:start + 36])} Tj ET")
                y -= 22
        stream = zlib.compress("\n".join(lines).encode("ascii"))
        objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> "
                       f"/Contents {page_ids[i] + 1} 0 R >>".encode())
        objects.append(f"<< /Length {len(stream)} /Filter /FlateDecode >>\nstream\n".encode() + stream + b"\nendstream")
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


# --- comparing -----------------------------------------------------------------------------------------


@dataclass
class Outcome:
    case: Case
    missing: list[dict[str, Any]] = field(default_factory=list)  # expected, not found
    unexpected: list[dict[str, Any]] = field(default_factory=list)  # found, not expected
    other: list[str] = field(default_factory=list)  # status and item statuses that differ
    error: str | None = None  # the case could not run

    @property
    def passed(self) -> bool:
        return not (self.missing or self.unexpected or self.other or self.error)


def _matches(expected: dict[str, Any], found: dict[str, Any]) -> bool:
    return all(found.get(k) == v for k, v in expected.items() if k in FINDING_KEYS)


def compare(case: Case, found: list[dict[str, Any]], status: str, items: dict[str, str]) -> Outcome:
    """Exact, like a golden file: every expectation matched by its own finding, every finding expected.
    The most specific expectations are matched first, so a general one cannot take another's finding."""
    outcome = Outcome(case)
    left = list(found)
    for expected in sorted(case.findings, key=lambda e: -len([k for k in e if k in FINDING_KEYS])):
        at = next((i for i, f in enumerate(left) if _matches(expected, f)), None)
        if at is None:
            outcome.missing.append(expected)
        else:
            del left[at]
    outcome.unexpected = left
    if case.status and case.status != status:
        outcome.other.append(f"status: expected {case.status}, got {status}")
    for item, want in case.items.items():
        got = items.get(item, "(no such item)")
        if got != want:
            outcome.other.append(f"item {item}: expected {want}, got {got}")
    return outcome


def brief(finding: dict[str, Any]) -> str:
    """One finding (or expectation) on one line: code item file, then its message when it has one."""
    head = " ".join(str(finding[k]) for k in ("code", "item", "file") if finding.get(k) is not None)
    extra = " ".join(f"{k}={finding[k]}" for k in ("category", "severity", "page") if finding.get(k) is not None)
    message = finding.get("message")
    return " ".join(x for x in (head, f"[{extra}]" if extra else "", f"— {message}" if message else "") if x)
