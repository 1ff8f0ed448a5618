"""Tests for zccheck.scan.archive.

Every archive here is a real zip built at test time.  Archives that zipfile
cannot write (GBK names without the UTF-8 flag, lying sizes, encryption flags,
NUL bytes...) are built with zipfile and then patched byte by byte, the way a
foreign tool or an attacker would have written them.
"""

from __future__ import annotations

import io
import os
import pickle
import random
import shutil
import struct
import subprocess
import tracemalloc
import warnings
import zipfile
import zlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zccheck.scan.archive import (
    ArchiveError,
    ArchiveLimitError,
    ArchiveLimits,
    ArchiveListing,
    ArchiveMember,
    ArchiveReadError,
    OpenArchives,
    ZipReader,
    decode_member_name,
    is_zip_bytes,
    nested_listing,
    read_member,
)

MiB = 1024**2

# --------------------------------------------------------------------------
# Builders


def build_zip(entries, *, windows: bool = True) -> bytes:
    """entries: iterable of (name or ZipInfo, data, compress_type)."""
    buf = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # duplicate-name tests
        with zipfile.ZipFile(buf, "w") as zf:
            for name, data, method in entries:
                info = name if isinstance(name, zipfile.ZipInfo) else zipfile.ZipInfo(name)
                info.compress_type = method
                if windows and not isinstance(name, zipfile.ZipInfo):
                    # As Windows Explorer / WinRAR on Chinese Windows: MS-DOS
                    # origin, "archive" attribute, no Unix mode.
                    info.create_system = 0
                    info.external_attr = 0x10 if info.filename.endswith("/") else 0x20
                zf.writestr(info, data)
    return buf.getvalue()


def raw_named_zip(names_and_data, method=zipfile.ZIP_STORED) -> bytes:
    """A zip whose member names are the given raw bytes, UTF-8 flag unset.

    zipfile only writes ASCII (flag unset) or UTF-8 (flag set), so we write
    same-length ASCII placeholders and swap the bytes in both the local and
    the central header; names are not covered by any checksum.
    """
    entries, swaps = [], []
    for i, (raw, data) in enumerate(names_and_data):
        filler = chr(ord("A") + i)
        if raw.endswith(b"/"):
            placeholder = (filler * (len(raw) - 1) + "/").encode()
        else:
            placeholder = (filler * len(raw)).encode()
        entries.append((placeholder.decode(), data, method))
        swaps.append((placeholder, raw))
    blob = build_zip(entries)
    for placeholder, raw in swaps:
        assert blob.count(placeholder) == 2, "placeholder must be unique"
        blob = blob.replace(placeholder, raw)
    return blob


def central_offsets(blob: bytes) -> list[int]:
    eocd = blob.rfind(b"PK\x05\x06")
    count, size, offset = struct.unpack_from("<HLL", blob, eocd + 10)
    result, pos = [], offset
    for _ in range(count):
        assert blob[pos : pos + 4] == b"PK\x01\x02"
        result.append(pos)
        n, m, k = struct.unpack_from("<HHH", blob, pos + 28)
        pos += 46 + n + m + k
    return result


def patch_entry(
    blob: bytes, index: int, *, flag_or=0, method=None, crc=None, csize=None, usize=None, external_attr=None
) -> bytes:
    """Patch one entry's fields in both its central and local header."""
    data = bytearray(blob)
    cen = central_offsets(blob)[index]
    (local,) = struct.unpack_from("<L", data, cen + 42)
    # (central offset, local offset, format) per field
    fields = [
        ("flag", cen + 8, local + 6, "<H"),
        ("method", cen + 10, local + 8, "<H"),
        ("crc", cen + 16, local + 14, "<L"),
        ("csize", cen + 20, local + 18, "<L"),
        ("usize", cen + 24, local + 22, "<L"),
    ]
    values = {"method": method, "crc": crc, "csize": csize, "usize": usize}
    for name, c_off, l_off, fmt in fields:
        for off in (c_off, l_off):
            if name == "flag":
                (old,) = struct.unpack_from(fmt, data, off)
                struct.pack_into(fmt, data, off, old | flag_or)
            elif values[name] is not None:
                struct.pack_into(fmt, data, off, values[name])
    if external_attr is not None:
        struct.pack_into("<L", data, cen + 38, external_attr)
    return bytes(data)


def listing_of(source, limits: ArchiveLimits = ArchiveLimits(), *, depth: int = 0) -> ArchiveListing:
    """What a ZipReader lists for `source` (the archive opened, listed and closed)."""
    with ZipReader(source, limits, depth=depth) as reader:
        return reader.listing


def read_one(source, m: ArchiveMember, limits: ArchiveLimits = ArchiveLimits()) -> bytes:
    """One member read by a fresh ZipReader on `source`: it re-checks the member against the real entry."""
    with ZipReader(source, limits) as reader:
        return reader.read(m)


def problem_kinds(listing: ArchiveListing) -> dict[str | None, str]:
    return {p.path: p.kind for p in listing.problems}


def paths(listing: ArchiveListing) -> list[str]:
    return [m.path for m in listing.members]


def member(listing: ArchiveListing, path: str) -> ArchiveMember:
    (found,) = [m for m in listing.members if m.path == path]
    return found


# --------------------------------------------------------------------------
# Name decoding


def test_gbk_names_as_chinese_windows_writes_them(tmp_path: Path) -> None:
    names = {
        "身份证正面.jpg": b"jpeg-front",
        "材料/": b"",
        "材料/学历证书.pdf": b"%PDF-degree",
        "材料\\职称证书.pdf": b"%PDF-title",  # old tools write backslashes
        "乗.txt": b"trail byte 0x5c",  # GBK bytes 81 5C: must not split at '\'
    }
    blob = raw_named_zip([(n.encode("gbk"), d) for n, d in names.items()])

    # The archive really is what Chinese Windows writes: raw GBK, flag unset.
    assert "身份证正面.jpg".encode("gbk") in blob
    assert "身份证正面.jpg".encode("utf-8") not in blob
    with zipfile.ZipFile(io.BytesIO(blob)) as zf:
        infos = zf.infolist()
        assert all(not i.flag_bits & 0x800 for i in infos)
        assert all(i.create_system == 0 for i in infos)
        assert infos[0].filename != "身份证正面.jpg"  # stdlib alone gets it wrong
        assert decode_member_name(infos[0]) == "身份证正面.jpg"
    assert "乗.txt".encode("gbk")[1:2] == b"\\"

    archive = tmp_path / "申报材料.zip"
    archive.write_bytes(blob)
    if shutil.which("unzip"):  # an independent implementation accepts it
        subprocess.run(["unzip", "-tqq", str(archive)], check=True)

    listing = listing_of(archive)
    assert listing.problems == ()
    assert paths(listing) == ["身份证正面.jpg", "材料", "材料/学历证书.pdf", "材料/职称证书.pdf", "乗.txt"]
    assert member(listing, "材料").is_dir
    for path, data in [
        ("身份证正面.jpg", b"jpeg-front"),
        ("材料/职称证书.pdf", b"%PDF-title"),
        ("乗.txt", b"trail byte 0x5c"),
    ]:
        assert read_one(archive, member(listing, path)) == data
    assert read_one(archive, member(listing, "材料")) == b""


def test_utf8_with_flag() -> None:
    blob = build_zip([("职称/论文.pdf", b"paper", zipfile.ZIP_DEFLATED)])
    with zipfile.ZipFile(io.BytesIO(blob)) as zf:
        assert zf.infolist()[0].flag_bits & 0x800
    listing = listing_of(io.BytesIO(blob))
    assert paths(listing) == ["职称/论文.pdf"]
    assert read_one(io.BytesIO(blob), listing.members[0]) == b"paper"


def test_utf8_without_flag_as_macos_writes() -> None:
    # macOS also writes decomposed (NFD) names; we normalise to NFC.
    nfd = "re\u0301sume\u0301-简历.pdf"
    blob = raw_named_zip([(nfd.encode("utf-8"), b"cv")])
    with zipfile.ZipFile(io.BytesIO(blob)) as zf:
        assert not zf.infolist()[0].flag_bits & 0x800
    listing = listing_of(io.BytesIO(blob))
    assert paths(listing) == ["résumé-简历.pdf"]


def test_undecodable_name_falls_back_to_cp437() -> None:
    raw = b"\x80\xff.txt"  # neither UTF-8 nor GB18030
    blob = raw_named_zip([(raw, b"x")])
    assert paths(listing_of(io.BytesIO(blob))) == [raw.decode("cp437")]


def _unicode_path_field(name: str, raw: bytes, crc: int | None = None) -> bytes:
    body = struct.pack("<BL", 1, zlib.crc32(raw) if crc is None else crc) + name.encode()
    return struct.pack("<HH", 0x7075, len(body)) + body


@pytest.mark.parametrize("stale", [False, True])
def test_info_zip_unicode_path_extra(stale: bool) -> None:
    info = zipfile.ZipInfo("old_name.txt")
    info.extra = _unicode_path_field("新名字.txt", b"old_name.txt", crc=1 if stale else None)
    blob = build_zip([(info, b"x", zipfile.ZIP_STORED)])
    expected = "old_name.txt" if stale else "新名字.txt"
    assert paths(listing_of(io.BytesIO(blob))) == [expected]


def test_duplicate_names_are_all_kept() -> None:
    blob = build_zip([("a.pdf", b"one", 0), ("a.pdf", b"two", 0)])
    listing = listing_of(io.BytesIO(blob))
    assert paths(listing) == ["a.pdf", "a.pdf"]
    assert [read_one(io.BytesIO(blob), m) for m in listing.members] == [b"one", b"two"]


# --------------------------------------------------------------------------
# Unsafe paths


@pytest.mark.parametrize(
    "name",
    [
        "../evil.txt",
        "a/../../evil.txt",
        "..\\evil.txt",
        "/etc/passwd",
        "\\\\server\\share\\x.txt",
        "C:\\Windows\\x.txt",
        "c:x.txt",
        "./",
        ".",
    ],
)
def test_unsafe_names_are_refused(name: str) -> None:
    blob = build_zip([(name, b"bad", 0), ("ok.txt", b"good", 0)])
    listing = listing_of(io.BytesIO(blob))
    assert paths(listing) == ["ok.txt"]
    assert [(p.path, p.kind) for p in listing.problems] == [(name.replace("\\", "/"), "unsafe-path")]


def test_nul_byte_in_name_is_refused() -> None:
    blob = raw_named_zip([(b"a\x00b.txt", b"x"), (b"ok.txt", b"y")])
    listing = listing_of(io.BytesIO(blob))
    assert paths(listing) == ["ok.txt"]
    assert [p.kind for p in listing.problems] == ["unsafe-path"]


def test_leading_dot_slash_is_normalised() -> None:
    blob = build_zip([("./材料//./a.pdf", b"x", 0)])
    assert paths(listing_of(io.BytesIO(blob))) == ["材料/a.pdf"]


def test_symlink_member_is_refused() -> None:
    info = zipfile.ZipInfo("link.pdf")
    info.create_system = 3
    info.external_attr = (0o120777 << 16)
    blob = build_zip([(info, b"/etc/passwd", 0), ("ok.pdf", b"x", 0)])
    listing = listing_of(io.BytesIO(blob))
    assert paths(listing) == ["ok.pdf"]
    assert problem_kinds(listing) == {"link.pdf": "unsafe-path"}
    with ZipReader(io.BytesIO(blob)) as reader:
        forged = ArchiveMember("link.pdf", 11, 11, False, 0)
        with pytest.raises(ArchiveReadError) as err:
            reader.read(forged)
        assert err.value.kind == "unsafe-path"


# --------------------------------------------------------------------------
# Bombs and limits


@pytest.fixture(scope="module")
def bomb() -> bytes:
    return build_zip([("zeros.bin", bytes(50 * MiB), zipfile.ZIP_DEFLATED), ("ok.txt", b"x", 0)])


def test_zip_bomb_is_refused_by_ratio(bomb: bytes) -> None:
    assert len(bomb) < MiB
    listing = listing_of(io.BytesIO(bomb))
    assert paths(listing) == ["ok.txt"]
    assert problem_kinds(listing) == {"zeros.bin": "ratio"}
    forged = ArchiveMember("zeros.bin", 50 * MiB, 1, False, 0)
    with pytest.raises(ArchiveLimitError) as err:
        read_one(io.BytesIO(bomb), forged)
    assert err.value.kind == "ratio"


def test_zip_bomb_member_size_limit(bomb: bytes) -> None:
    limits = ArchiveLimits(max_ratio=1e9, max_member_uncompressed=10 * MiB)
    assert problem_kinds(listing_of(io.BytesIO(bomb), limits)) == {"zeros.bin": "too-large"}


def test_small_highly_compressible_file_is_not_a_bomb() -> None:
    blob = build_zip([("blank.txt", bytes(512 * 1024), zipfile.ZIP_DEFLATED)])
    listing = listing_of(io.BytesIO(blob))
    assert listing.problems == ()
    assert read_one(io.BytesIO(blob), listing.members[0]) == bytes(512 * 1024)


def test_total_size_limit_refuses_whole_archive() -> None:
    blob = build_zip([(f"{i}.bin", bytes(MiB), zipfile.ZIP_STORED) for i in range(3)])
    listing = listing_of(io.BytesIO(blob), ArchiveLimits(max_total_uncompressed=2 * MiB))
    assert listing.members == ()
    assert problem_kinds(listing) == {None: "too-large"}
    with pytest.raises(ArchiveLimitError):
        read_one(io.BytesIO(blob), ArchiveMember("0.bin", MiB, MiB, False, 0), ArchiveLimits(max_total_uncompressed=2 * MiB))


@pytest.mark.parametrize("lie_in_eocd", [False, True])
def test_too_many_members(lie_in_eocd: bool) -> None:
    blob = build_zip([(f"{i}.txt", b"x", 0) for i in range(20)])
    if lie_in_eocd:
        # Claim one entry so the cheap pre-check passes; zipfile still parses
        # all twenty, and the post-parse check must catch it.
        eocd = blob.rfind(b"PK\x05\x06")
        blob = blob[: eocd + 8] + struct.pack("<HH", 1, 1) + blob[eocd + 12 :]
    listing = listing_of(io.BytesIO(blob), ArchiveLimits(max_members=10))
    assert listing.members == ()
    assert [(p.path, p.kind) for p in listing.problems] == [(None, "too-many-members")]
    assert len(listing_of(io.BytesIO(blob), ArchiveLimits(max_members=20)).members) == 20


def test_lying_header_deflate_stops_early() -> None:
    payload = b"A" * (8 * MiB)
    blob = build_zip([("scan.bmp", payload, zipfile.ZIP_DEFLATED)])
    blob = patch_entry(blob, 0, usize=1000)  # under ratio_min_size: looks harmless
    listing = listing_of(io.BytesIO(blob))
    assert paths(listing) == ["scan.bmp"] and listing.members[0].size == 1000
    tracemalloc.start()
    try:
        with pytest.raises(ArchiveLimitError) as err:
            read_one(io.BytesIO(blob), listing.members[0])
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert err.value.kind == "too-large"
    assert peak < 2 * MiB  # stopped after one output piece, not 8 MiB


def test_lying_header_bzip2_stops_early() -> None:
    # bzip2 packs ~45 MB of zeros per kilobyte; zipfile's own reader would
    # decompress a whole input chunk at once.
    blob = build_zip([("zeros.bin", bytes(40 * MiB), zipfile.ZIP_BZIP2)])
    blob = patch_entry(blob, 0, usize=100)
    listing = listing_of(io.BytesIO(blob))
    tracemalloc.start()
    try:
        with pytest.raises(ArchiveLimitError):
            read_one(io.BytesIO(blob), listing.members[0])
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 2 * MiB


def test_header_claiming_more_than_data() -> None:
    blob = build_zip([("a.txt", b"hello world" * 100, zipfile.ZIP_DEFLATED)])
    blob = patch_entry(blob, 0, usize=5000)
    listing = listing_of(io.BytesIO(blob))
    with pytest.raises(ArchiveReadError):
        read_one(io.BytesIO(blob), listing.members[0])


def test_stored_member_with_differing_sizes_is_corrupt() -> None:
    blob = patch_entry(build_zip([("a.txt", b"x" * 100, 0)]), 0, usize=10)
    assert problem_kinds(listing_of(io.BytesIO(blob))) == {"a.txt": "corrupt"}


# --------------------------------------------------------------------------
# Encryption, compression methods, corruption


def test_encrypted_member() -> None:
    blob = build_zip([("secret.pdf", b"x" * 100, zipfile.ZIP_DEFLATED), ("ok.pdf", b"y", 0)])
    blob = patch_entry(blob, 0, flag_or=0x1)
    listing = listing_of(io.BytesIO(blob))
    assert paths(listing) == ["ok.pdf"]
    assert problem_kinds(listing) == {"secret.pdf": "encrypted"}
    with pytest.raises(ArchiveReadError) as err:
        read_one(io.BytesIO(blob), ArchiveMember("secret.pdf", 100, 3, False, 0))
    assert err.value.kind == "encrypted"


@pytest.mark.skipif(not shutil.which("zip"), reason="needs Info-ZIP zip")
def test_really_encrypted_member(tmp_path: Path) -> None:
    (tmp_path / "secret.txt").write_bytes(b"classified")
    subprocess.run(["zip", "-q", "-P", "pw", "enc.zip", "secret.txt"], cwd=tmp_path, check=True)
    assert problem_kinds(listing_of(tmp_path / "enc.zip")) == {"secret.txt": "encrypted"}


def test_unsupported_compression_deflate64() -> None:
    blob = patch_entry(build_zip([("big.pdf", b"x" * 100, zipfile.ZIP_DEFLATED)]), 0, method=9)
    assert problem_kinds(listing_of(io.BytesIO(blob))) == {"big.pdf": "unsupported-compression"}


@pytest.mark.parametrize("method", [zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA])
def test_every_supported_method_round_trips(method: int) -> None:
    # Over 1 MiB so several raw chunks and output pieces are involved, but
    # not compressible past the ratio limit.
    payload = random.Random(0).randbytes(MiB) + "申报".encode() * 100_000
    blob = build_zip([("a.bin", payload, method), ("empty.txt", b"", method)])
    with ZipReader(io.BytesIO(blob)) as reader:
        assert reader.listing.problems == ()
        assert [reader.read(m) for m in reader.listing.members] == [payload, b""]


class _Unseekable(io.RawIOBase):
    """Write-only stream: makes zipfile use data descriptors like Java/streaming tools."""

    def __init__(self) -> None:
        self.buf = bytearray()

    def writable(self) -> bool:
        return True

    def write(self, b) -> int:  # type: ignore[override]
        self.buf += b
        return len(b)


def test_data_descriptor_and_zip64_extras() -> None:
    sink = _Unseekable()
    with zipfile.ZipFile(sink, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("streamed.txt", b"streamed " * 1000)
        with zf.open("zip64.txt", "w", force_zip64=True) as f:
            f.write(b"big-file layout " * 1000)
    blob = bytes(sink.buf)
    with zipfile.ZipFile(io.BytesIO(blob)) as zf:
        assert all(i.flag_bits & 0x08 for i in zf.infolist())
    with ZipReader(io.BytesIO(blob)) as reader:
        assert reader.listing.problems == ()
        assert [reader.read(m) for m in reader.listing.members] == [
            b"streamed " * 1000,
            b"big-file layout " * 1000,
        ]


def test_truncated_archive_is_corrupt(tmp_path: Path) -> None:
    blob = build_zip([(f"{i}.pdf", bytes(1000), zipfile.ZIP_DEFLATED) for i in range(5)])
    for cut in (len(blob) // 2, len(blob) - 10, 3, 0):
        path = tmp_path / f"cut{cut}.zip"
        path.write_bytes(blob[:cut])
        listing = listing_of(path)
        assert listing.members == ()
        assert [(p.path, p.kind) for p in listing.problems] == [(None, "corrupt")]
        with pytest.raises(ArchiveReadError):
            read_one(path, ArchiveMember("0.pdf", 1000, 10, False, 0))


def test_not_a_zip_is_corrupt() -> None:
    assert problem_kinds(listing_of(io.BytesIO(b"%PDF-1.7 not a zip"))) == {None: "corrupt"}


def test_bad_crc_is_a_read_error() -> None:
    blob = build_zip([("a.txt", b"hello applicant", 0)])
    blob = blob.replace(b"hello applicant", b"hellO applicant")
    listing = listing_of(io.BytesIO(blob))
    with pytest.raises(ArchiveReadError, match="CRC"):
        read_one(io.BytesIO(blob), listing.members[0])


def test_corrupt_deflate_data_is_a_read_error() -> None:
    blob = bytearray(build_zip([("a.txt", b"some text " * 500, zipfile.ZIP_DEFLATED)]))
    blob[40:50] = b"\xff" * 10  # inside the compressed data of the only member
    listing = listing_of(io.BytesIO(bytes(blob)))
    with pytest.raises(ArchiveReadError):
        read_one(io.BytesIO(bytes(blob)), listing.members[0])


def test_empty_archive() -> None:
    assert listing_of(io.BytesIO(build_zip([]))) == ArchiveListing((), ())


def test_missing_file_raises_read_error(tmp_path: Path) -> None:
    with pytest.raises(ArchiveReadError):
        listing_of(tmp_path / "nope.zip")


def test_member_from_another_archive_is_refused() -> None:
    a = build_zip([("a.txt", b"a", 0)])
    b = build_zip([("b.txt", b"b", 0)])
    m = listing_of(io.BytesIO(a)).members[0]
    with pytest.raises(ArchiveReadError):
        read_one(io.BytesIO(b), m)
    with pytest.raises(ArchiveReadError):
        read_one(io.BytesIO(a), ArchiveMember("a.txt", 1, 1, False, 7))


def test_is_zip_bytes() -> None:
    assert is_zip_bytes(build_zip([("a", b"a", 0)])[:4])
    assert is_zip_bytes(build_zip([])[:4])
    assert not is_zip_bytes(b"%PDF-1.4")
    assert not is_zip_bytes(b"PK")
    assert not is_zip_bytes(b"")


# --------------------------------------------------------------------------
# Nesting


@pytest.fixture(scope="module")
def russian_doll() -> bytes:
    inner = build_zip([("a.txt", b"innermost", 0)])
    mid = build_zip([("inner.zip", inner, 0), ("学位证.pdf", b"%PDF", 0)])
    return build_zip([("mid.zip", mid, zipfile.ZIP_DEFLATED), ("top.pdf", b"%PDF", 0)])


def test_nested_one_level_is_allowed_and_deeper_refused(russian_doll: bytes) -> None:
    with ZipReader(io.BytesIO(russian_doll)) as top:
        assert top.listing.problems == ()
        mid_member = member(top.listing, "mid.zip")
        with top.open_nested(mid_member) as mid:
            assert paths(mid.listing) == ["学位证.pdf"]
            assert problem_kinds(mid.listing) == {"inner.zip": "nested-too-deep"}

    # The same archive one level down (as a member of another): its zip is a second level, refused.
    with ZipReader(io.BytesIO(russian_doll), depth=1) as deeper:
        assert paths(deeper.listing) == ["top.pdf"]
        assert problem_kinds(deeper.listing) == {"mid.zip": "nested-too-deep"}
        with pytest.raises(ArchiveLimitError) as err:
            deeper.open_nested(mid_member)
        assert err.value.kind == "nested-too-deep"


def test_nested_via_reader(russian_doll: bytes) -> None:
    with ZipReader(io.BytesIO(russian_doll)) as top:
        with top.open_nested(member(top.listing, "mid.zip")) as mid:
            assert mid.depth == 1
            assert mid.read(member(mid.listing, "学位证.pdf")) == b"%PDF"
            forged = ArchiveMember("inner.zip", 0, 0, False, 0)
            with pytest.raises(ArchiveLimitError) as err:
                mid.open_nested(forged)
            assert err.value.kind == "nested-too-deep"
        with pytest.raises(ArchiveReadError):
            top.open_nested(member(top.listing, "top.pdf"))  # not a zip


def test_nesting_disabled() -> None:
    blob = build_zip([("inner.zip", build_zip([]), 0)])
    listing = listing_of(io.BytesIO(blob), ArchiveLimits(max_nesting=0))
    assert problem_kinds(listing) == {"inner.zip": "nested-too-deep"}


def test_stored_nested_zip_is_read_in_place() -> None:
    payload = random.Random(1).randbytes(8 * MiB)
    inner = build_zip([("扫描.jpg", payload, zipfile.ZIP_STORED), ("目录/", b"", 0)])
    blob = build_zip([("材料.zip", inner, zipfile.ZIP_STORED)])
    with ZipReader(io.BytesIO(blob)) as top:
        tracemalloc.start()
        try:
            with top.open_nested(member(top.listing, "材料.zip")) as nested:
                assert paths(nested.listing) == ["扫描.jpg", "目录"]
                _, peak = tracemalloc.get_traced_memory()
                assert nested.read(member(nested.listing, "扫描.jpg")) == payload
        finally:
            tracemalloc.stop()
    assert peak < MiB  # listed through a window on the archive, not copied out of it


# --------------------------------------------------------------------------
# Reading in another process: MemberRef, OpenArchives


def test_read_stops_at_max_bytes() -> None:
    payload = random.Random(2).randbytes(4 * MiB)
    blob = build_zip([("a.bin", payload, zipfile.ZIP_DEFLATED)])
    with ZipReader(io.BytesIO(blob)) as reader:
        tracemalloc.start()
        try:
            head = reader.read(reader.listing.members[0], 1000)
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    assert head == payload[:1000]
    assert peak < MiB


def test_member_whose_entry_changed_is_refused() -> None:
    blob = build_zip([("a.txt", b"first", 0)])
    (listed,) = listing_of(io.BytesIO(blob)).members
    assert listed.crc == zlib.crc32(b"first")
    changed = build_zip([("a.txt", b"other", 0)])
    with pytest.raises(ArchiveReadError, match="not from this archive"):
        read_one(io.BytesIO(changed), listed)


@pytest.fixture()
def doll_on_disk(tmp_path: Path) -> Path:
    inner = build_zip([("论文.pdf", b"%PDF-paper", zipfile.ZIP_DEFLATED), ("坏.zip", build_zip([]), 0)])
    path = tmp_path / "张三.zip"
    path.write_bytes(build_zip([("材料.zip", inner, zipfile.ZIP_DEFLATED), ("承诺书.pdf", b"%PDF-c", 0)]))
    return path


def test_member_refs_read_members_and_nested_members(doll_on_disk: Path) -> None:
    with ZipReader(doll_on_disk) as top:
        doll = top.ref(member(top.listing, "材料.zip"))
        pdf = top.ref(member(top.listing, "承诺书.pdf"))
    listing = nested_listing(doll)
    assert paths(listing) == ["论文.pdf"] and problem_kinds(listing) == {"坏.zip": "nested-too-deep"}
    paper = doll.inside(member(listing, "论文.pdf"))
    with OpenArchives() as archives:
        assert archives.read(pdf) == b"%PDF-c"
        assert archives.read(paper) == b"%PDF-paper"
        assert archives.read(paper, 4) == b"%PDF"
    assert read_member(paper) == b"%PDF-paper"
    # One name per member and per state of the archive: a cache keyed on it never mixes them up.
    assert len({pdf.signature, doll.signature, paper.signature}) == 3
    st = doll_on_disk.stat()
    os.utime(doll_on_disk, ns=(st.st_atime_ns, st.st_mtime_ns + 1))
    with ZipReader(doll_on_disk) as top:
        assert top.ref(member(top.listing, "承诺书.pdf")).signature != pdf.signature


def test_open_archives_keeps_the_archive_open_between_members(doll_on_disk: Path, monkeypatch) -> None:
    with ZipReader(doll_on_disk) as top:
        doll = top.ref(member(top.listing, "材料.zip"))
        pdf = top.ref(member(top.listing, "承诺书.pdf"))
    paper = doll.inside(member(nested_listing(doll), "论文.pdf"))
    opened = []
    real_load = ZipReader._load
    monkeypatch.setattr(ZipReader, "_load", lambda self: opened.append(self.depth) or real_load(self))
    with OpenArchives() as archives:
        for ref in (pdf, paper, paper, pdf):
            archives.read(ref)
    assert opened == [0, 1]  # the archive and the zip in it, each listed once


def test_archive_errors_keep_their_kind_across_processes() -> None:
    error = pickle.loads(pickle.dumps(ArchiveLimitError("ratio 900:1", kind="ratio", path="炸弹.pdf")))
    assert isinstance(error, ArchiveLimitError)
    assert (error.detail, error.kind, error.path) == ("ratio 900:1", "ratio", "炸弹.pdf")


# --------------------------------------------------------------------------
# Fuzzing: hostile bytes must only ever produce ArchiveError subclasses


FUZZ_LIMITS = ArchiveLimits(
    max_members=50, max_total_uncompressed=4 * MiB, max_member_uncompressed=MiB, ratio_min_size=64 * 1024
)


def _seeds() -> tuple[bytes, bytes]:
    info = zipfile.ZipInfo("u.txt")
    info.extra = _unicode_path_field("统一.txt", b"u.txt")
    gbk = raw_named_zip([("身份证.jpg".encode("gbk"), b"jpeg" * 20), ("材料/".encode("gbk"), b"")])
    return gbk, build_zip(
        [
            ("a.txt", b"stored text", zipfile.ZIP_STORED),
            ("b.txt", b"deflated " * 50, zipfile.ZIP_DEFLATED),
            ("c.txt", b"bzip2 " * 50, zipfile.ZIP_BZIP2),
            ("d.txt", b"lzma " * 50, zipfile.ZIP_LZMA),
            ("nested.zip", build_zip([("x", b"y", 0)]), zipfile.ZIP_DEFLATED),
            ("dir/", b"", zipfile.ZIP_STORED),
            (info, b"unicode extra", zipfile.ZIP_STORED),
        ]
    )


SEEDS = _seeds()


def _exercise(blob: bytes) -> None:
    listing = listing_of(io.BytesIO(blob), FUZZ_LIMITS)
    assert isinstance(listing, ArchiveListing)
    for m in listing.members:
        try:
            data = read_one(io.BytesIO(blob), m, FUZZ_LIMITS)
        except ArchiveError:
            continue
        assert len(data) == m.size
    # Hand-made members pointing at every entry, including refused ones.
    for index in range(len(listing.members) + len(listing.problems) + 1):
        try:
            read_one(io.BytesIO(blob), ArchiveMember("a.txt", 1, 1, False, index), FUZZ_LIMITS)
        except ArchiveError:
            pass
    try:
        with ZipReader(io.BytesIO(blob), FUZZ_LIMITS) as reader:
            for m in reader.listing.members:
                try:
                    reader.open_nested(m).listing
                except ArchiveError:
                    pass
    except ArchiveError:
        pass


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=4096))
def test_fuzz_random_bytes(blob: bytes) -> None:
    _exercise(blob)
    _exercise(b"PK\x03\x04" + blob)
    _exercise(blob + b"PK\x05\x06" + bytes(18))


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.sampled_from(SEEDS),
    edits=st.lists(st.tuples(st.integers(min_value=0), st.integers(0, 255)), max_size=12),
    cut=st.none() | st.integers(min_value=0),
)
def test_fuzz_mutated_archives(seed: bytes, edits: list[tuple[int, int]], cut: int | None) -> None:
    blob = bytearray(seed)
    for pos, value in edits:
        blob[pos % len(blob)] = value
    if cut is not None:
        del blob[cut % (len(blob) + 1) :]
    _exercise(bytes(blob))


@settings(max_examples=200, deadline=None)
@given(
    seed=st.sampled_from(SEEDS),
    index=st.integers(0, 8),
    field=st.sampled_from(["usize", "csize", "crc", "method", "flag_or"]),
    value=st.integers(0, 2**32 - 1),
)
def test_fuzz_header_fields(seed: bytes, index: int, field: str, value: int) -> None:
    # Targeted: random values in exactly the fields a lying archive abuses.
    entries = central_offsets(seed)
    if field in ("method", "flag_or"):
        value &= 0xFFFF
    blob = patch_entry(seed, index % len(entries), **{field: value})
    _exercise(blob)
