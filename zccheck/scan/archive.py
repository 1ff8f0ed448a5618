"""Safe, read-only access to applicants' .zip archives.

HR offices receive applicants' materials as .zip files, usually made on
Chinese Windows, and sometimes crafted or damaged.  This module lists and reads
such archives **without ever extracting anything to disk**.  The main process
only lists an archive (its central directory) and reads the profile; members are
read by the scanning workers, under their time and memory limits, through a
``MemberRef`` (the archive on disk and the member).

The stdlib ``zipfile`` module parses the central directory; member data is read
and decompressed here (``zlib``/``bz2``/``lzma``, all stdlib), streaming, so that
output is capped piece by piece and checked against the declared size as it
comes: ``ZipFile.open`` (Python 3.11 to 3.13) decompresses a whole bzip2 or LZMA
input chunk with no output limit, sizes LZMA's dictionary from the header, and
cuts data longer than its declared size short instead of refusing it.

Entry points
------------
``ZipReader(source)``
    A context manager keeping the archive open.  Its ``listing`` never raises
    on bad data: a damaged archive yields an ``ArchiveListing`` with a single
    ``"corrupt"`` problem; only an unopenable *path* (missing file, no
    permission) raises ``ArchiveReadError``.  ``read(member)`` returns the
    member's bytes (or their first ``max_bytes``) or raises an ``ArchiveError``
    subclass; it re-applies every listing check to the real ``ZipInfo``, so it
    only reads what the listing would list.  ``open_nested(member)`` opens one
    level of zip-in-zip (``ArchiveLimits.max_nesting``).  ``ref(member)`` names
    a member for another process.
``OpenArchives``
    What a worker reads members through (``read(ref)``): the archive it read
    last stays open, so the members of one archive do not each parse its
    central directory again.
``nested_listing(ref)`` / ``read_member(ref)``
    One-shot reads, for a process started to list a zip inside the archive.

Decisions callers should know
-----------------------------
* Whole-archive refusals ("corrupt", "too-many-members", archive-wide
  "too-large") return ``members == ()`` and exactly one problem with
  ``path=None``.  We refuse rather than list the first N members because a
  partial listing would make the completeness checks report materials as
  missing when they are merely beyond the cut.
* Per-member refusals leave that member out of ``members`` and add one problem
  (the first failed check) with the decoded name.  The archive-wide size budget
  counts only the members that pass the per-member checks, since only those can
  be read.
* Duplicate names after decoding (e.g. ``a.pdf`` twice, or GBK and UTF-8
  spellings of one name) are all kept, each with its own ``info_index``;
  disambiguating is the caller's job.
* Paths are NFC-normalised, '/'-separated, without empty or ``.`` components
  and without a trailing '/' (directories are marked by ``is_dir``).
* Nesting depth: the archive handed to ``ZipReader`` is depth 0; a zip
  member of it, opened via ``open_nested``, is depth 1.  Listing an archive at
  depth ``d`` reports members *named* ``*.zip`` as "nested-too-deep" when
  ``d + 1 > max_nesting``; ``open_nested`` additionally refuses by depth
  whatever the member's name, and checks the content is a zip.  Paths in a nested listing are relative to the
  nested archive; join them with the outer member's path for display.
  Limits apply to each archive separately.  A stored nested zip is read in
  place (a window on the outer file); a compressed one is decompressed into
  memory, in the process that opens it.
* A ``BinaryIO`` source must be seekable; its position is changed and it is
  not closed.
* ZipFile parses the whole central directory into memory; we pre-check the
  entry count declared in the end-of-central-directory record so an honest
  but huge archive is refused before that, but a lying count is only caught
  after parsing.  Memory is then proportional to the central directory size,
  which is bounded by the upload size.
"""

from __future__ import annotations

import bz2
import io
import lzma
import os
import re
import stat
import struct
import unicodedata
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

__all__ = [
    "ArchiveError",
    "ArchiveLimitError",
    "ArchiveLimits",
    "ArchiveListing",
    "ArchiveMember",
    "ArchiveProblem",
    "ArchiveReadError",
    "MemberRef",
    "OpenArchives",
    "ZipReader",
    "decode_member_name",
    "is_zip_bytes",
    "nested_listing",
    "read_member",
]

Source = str | os.PathLike | BinaryIO

_FLAG_ENCRYPTED = 0x1
_FLAG_UTF8 = 0x800
_EXTRA_UNICODE_PATH = 0x7075  # Info-ZIP Unicode Path Extra Field

_LOCAL_HEADER = struct.Struct("<4s5H3L2H")
_LOCAL_SIGNATURE = b"PK\x03\x04"
_EOCD_SIGNATURE = b"PK\x05\x06"
_EOCD64_LOCATOR_SIGNATURE = b"PK\x06\x07"
_EOCD64_SIGNATURE = b"PK\x06\x06"

_CHUNK = 64 * 1024  # raw bytes per read and max output per decompressor call

# Exceptions that zipfile and the decompressors raise on hostile or damaged
# input.  We convert exactly these; anything else is a bug and should surface.
_DATA_ERRORS: tuple[type[BaseException], ...] = (
    zipfile.BadZipFile,
    OSError,  # includes bz2's "Invalid data stream" and io.UnsupportedOperation
    ValueError,  # includes UnicodeDecodeError for a bad flagged UTF-8 name
    EOFError,
    NotImplementedError,
    RuntimeError,
    struct.error,
    IndexError,
    KeyError,
    OverflowError,
    zlib.error,
    lzma.LZMAError,
)

_SUPPORTED_METHODS = frozenset(
    {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA}
)

_DRIVE = re.compile(r"^[A-Za-z]:")


@dataclass(frozen=True)
class ArchiveLimits:
    max_members: int = 5000
    max_total_uncompressed: int = 2 * 1024**3  # bytes
    max_member_uncompressed: int = 512 * 1024**2
    max_ratio: float = 200.0  # uncompressed/compressed per member (zip bomb)
    max_nesting: int = 1  # a zip inside the zip: allowed one level, deeper refused
    # The ratio check only applies above this size: tiny text files and empty
    # padding routinely compress far better than 200:1 and are harmless.
    ratio_min_size: int = 1024**2


@dataclass(frozen=True)
class ArchiveMember:
    path: str  # decoded, '/'-separated, relative, normalised (no leading ./)
    size: int  # declared uncompressed size
    compressed_size: int
    is_dir: bool
    info_index: int  # index into ZipFile.infolist() for reading
    crc: int | None = None  # the entry's CRC-32 when listed; read() refuses an entry that no longer has it


@dataclass(frozen=True)
class MemberRef:
    """A member named for another process: the archive on disk as it was listed (size, mtime, inode)
    and the members leading to it: the member itself, or a zip in the archive and the member in that."""

    archive: str
    identity: tuple[int, int, int]
    chain: tuple[ArchiveMember, ...]

    @property
    def member(self) -> ArchiveMember:
        return self.chain[-1]

    def inside(self, inner: ArchiveMember) -> MemberRef:
        """The member `inner` of the zip this ref names."""
        return MemberRef(self.archive, self.identity, (*self.chain, inner))

    @property
    def signature(self) -> str:
        """Stands for the member's content as long as the archive is unchanged: its stat, and the index,
        CRC-32 and size of each member on the way (the cache keys files on disk by their stat too)."""
        size, mtime_ns, inode = self.identity
        return f"zip:{self.archive}|{size}|{mtime_ns}|{inode}" + "".join(
            f"::{m.info_index}|{m.crc}|{m.size}" for m in self.chain)


@dataclass(frozen=True)
class ArchiveProblem:
    path: str | None  # decoded member name, or None when about the whole archive
    kind: str  # see module docstring / _KINDS
    detail: str  # short English detail for logs; callers make the user message


@dataclass(frozen=True)
class ArchiveListing:
    members: tuple[ArchiveMember, ...]
    problems: tuple[ArchiveProblem, ...]


_KINDS = frozenset(
    {
        "unsafe-path",
        "too-many-members",
        "too-large",
        "ratio",
        "nested-too-deep",
        "corrupt",
        "encrypted",
        "unsupported-compression",
    }
)
# Problems about exceeding a limit raise ArchiveLimitError from read paths;
# the rest mean "cannot be read" and raise ArchiveReadError.
_LIMIT_KINDS = frozenset({"too-many-members", "too-large", "ratio", "nested-too-deep"})


class ArchiveError(Exception):
    """Base class; ``kind`` uses the same vocabulary as ``ArchiveProblem.kind``."""

    def __init__(self, detail: str, *, kind: str = "corrupt", path: str | None = None):
        super().__init__(detail)
        self.detail = detail
        self.kind = kind
        self.path = path

    def __reduce__(self) -> tuple:
        # Raised in a child process and re-raised here: kind and path must survive pickling.
        return (_rebuilt_error, (type(self), self.detail, self.kind, self.path))


def _rebuilt_error(cls: type[ArchiveError], detail: str, kind: str, path: str | None) -> ArchiveError:
    return cls(detail, kind=kind, path=path)


class ArchiveLimitError(ArchiveError):
    """A limit was hit (size, ratio, count, nesting, or a lying size header)."""


class ArchiveReadError(ArchiveError):
    """The data cannot be read: corrupt, truncated, CRC mismatch, encrypted..."""


def _error_for(problem: ArchiveProblem) -> ArchiveError:
    cls = ArchiveLimitError if problem.kind in _LIMIT_KINDS else ArchiveReadError
    return cls(problem.detail, kind=problem.kind, path=problem.path)


def is_zip_bytes(head: bytes) -> bool:
    """True if ``head`` (the first bytes of a file) looks like a zip archive.

    Accepts a local file header, an empty archive (bare end record) and the
    spanned/split marker that some tools write before the first header.
    """
    return head[:4] in (_LOCAL_SIGNATURE, _EOCD_SIGNATURE, b"PK\x07\x08")


# --------------------------------------------------------------------------
# Names


def _unicode_path_extra(extra: bytes, raw_name: bytes) -> str | None:
    """Name from an Info-ZIP Unicode Path field, if present and still valid.

    The field carries the CRC of the header name it was made for; a mismatch
    means a later tool renamed the entry without updating it, so it is stale.
    """
    pos = 0
    while pos + 4 <= len(extra):
        tag, size = struct.unpack_from("<HH", extra, pos)
        body = extra[pos + 4 : pos + 4 + size]
        pos += 4 + size
        if tag != _EXTRA_UNICODE_PATH or len(body) < 5 or body[0] != 1:
            continue
        (name_crc,) = struct.unpack_from("<L", body, 1)
        if name_crc != zlib.crc32(raw_name):
            continue
        try:
            return body[5:].decode("utf-8")
        except UnicodeDecodeError:
            continue
    return None


def _decode_raw_name(raw: bytes) -> str:
    # Strict UTF-8 first: macOS, 7-Zip and others write UTF-8 without setting
    # the flag, and random GBK text is rarely valid UTF-8.  Then GB18030 (a
    # superset of GBK/CP936, what Chinese Windows actually writes), and cp437,
    # which never fails, as the zip spec's historical default.
    for encoding in ("utf-8", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            pass
    return raw.decode("cp437")


def decode_member_name(info: zipfile.ZipInfo) -> str:
    """Decode a member name the way its (probably Chinese Windows) author meant.

    Backslashes become '/'.  This is done on the decoded text, never on raw
    bytes, because a GBK trail byte can be 0x5C ('\\').
    """
    name = info.orig_filename
    if not info.flag_bits & _FLAG_UTF8:
        try:
            # zipfile decoded the raw bytes as cp437, which maps all 256 byte
            # values, so this recovers them exactly.
            raw = name.encode("cp437")
        except UnicodeEncodeError:
            # Only if the ZipFile was opened with another metadata_encoding.
            pass
        else:
            name = _unicode_path_extra(info.extra, raw) or _decode_raw_name(raw)
    return name.replace("\\", "/")


def _normalise_path(name: str) -> tuple[str | None, str]:
    """Return (normalised path, "") or (None, reason) for an unsafe name."""
    if "\x00" in name:
        return None, "NUL byte in name"
    # '\\server\share' has already become '//server/share'.
    if name.startswith("/"):
        return None, "absolute path"
    if _DRIVE.match(name):
        return None, "drive-letter path"
    # macOS Archive Utility writes decomposed (NFD) names; NFC makes them
    # equal to what the applicant typed and what folder scanning sees.
    parts = [p for p in unicodedata.normalize("NFC", name).split("/") if p not in ("", ".")]
    if ".." in parts:
        return None, "'..' component"
    if not parts:
        return None, "empty name"
    return "/".join(parts), ""


# --------------------------------------------------------------------------
# Listing


def _member_problem(
    info: zipfile.ZipInfo, name: str, limits: ArchiveLimits, depth: int
) -> tuple[str | None, ArchiveProblem | None]:
    """Normalised path and the first problem of one entry (None if readable).

    ``name`` is the decoded name; a trailing '/' (after backslash conversion,
    so old tools' 'dir\\' counts too) marks a directory.
    """
    path, reason = _normalise_path(name)
    if path is None:
        return None, ArchiveProblem(name, "unsafe-path", reason)
    if stat.S_ISLNK(info.external_attr >> 16):
        # Harmless while we never extract, but a symlink has no content we
        # could check and is a classic extraction attack if anyone else does.
        return path, ArchiveProblem(name, "unsafe-path", "symbolic link")
    if name.endswith("/"):
        if info.file_size:
            # No real tool writes this; refusing keeps "size" honest for
            # directories, whose read() returns b"".
            return path, ArchiveProblem(name, "corrupt", "directory entry with data")
        return path, None
    if info.flag_bits & _FLAG_ENCRYPTED:
        return path, ArchiveProblem(name, "encrypted", "member is encrypted")
    if info.compress_type not in _SUPPORTED_METHODS:
        return path, ArchiveProblem(
            name, "unsupported-compression", f"compression method {info.compress_type}"
        )
    if info.file_size > limits.max_member_uncompressed:
        return path, ArchiveProblem(
            name, "too-large", f"declared size {info.file_size} bytes over member limit"
        )
    if info.compress_type == zipfile.ZIP_STORED and info.file_size != info.compress_size:
        return path, ArchiveProblem(
            name, "corrupt", "stored member with differing sizes"
        )
    if (
        info.file_size > limits.ratio_min_size
        and info.file_size > limits.max_ratio * max(info.compress_size, 1)
    ):
        return path, ArchiveProblem(
            name,
            "ratio",
            f"compression ratio {info.file_size / max(info.compress_size, 1):.0f}:1",
        )
    if path.lower().endswith(".zip") and depth + 1 > limits.max_nesting:
        return path, ArchiveProblem(
            name, "nested-too-deep", f"zip at nesting depth {depth + 1}"
        )
    return path, None


def _declared_entry_count(fp: BinaryIO) -> int | None:
    """Entry count from the end-of-central-directory record, best effort.

    Lets us refuse an archive with a huge honest count before zipfile builds a
    ZipInfo for every entry.  Returns None when the record cannot be found;
    zipfile then decides whether the archive is corrupt.
    """
    try:
        end = fp.seek(0, io.SEEK_END)
        start = max(0, end - (22 + 0xFFFF))
        fp.seek(start)
        tail = fp.read()
        pos = tail.rfind(_EOCD_SIGNATURE)
        if pos < 0 or pos + 22 > len(tail):
            return None
        (count,) = struct.unpack_from("<H", tail, pos + 10)
        if count != 0xFFFF or pos < 20:
            return count
        locator = tail[pos - 20 : pos]
        if locator[:4] != _EOCD64_LOCATOR_SIGNATURE:
            return count
        (eocd64_offset,) = struct.unpack_from("<Q", locator, 8)
        fp.seek(eocd64_offset)
        record = fp.read(56)
        if len(record) < 56 or record[:4] != _EOCD64_SIGNATURE:
            return None
        (count64,) = struct.unpack_from("<Q", record, 32)
        return count64
    except _DATA_ERRORS:
        return None


def _whole(kind: str, detail: str) -> ArchiveListing:
    return ArchiveListing((), (ArchiveProblem(None, kind, detail),))


# --------------------------------------------------------------------------
# Reading


def _data_start(fp: BinaryIO, info: zipfile.ZipInfo) -> int:
    """Where the member's (compressed) data starts, after its local header."""
    fp.seek(info.header_offset)
    header = fp.read(_LOCAL_HEADER.size)
    if len(header) != _LOCAL_HEADER.size:
        raise ArchiveReadError("truncated local header")
    fields = _LOCAL_HEADER.unpack(header)
    if fields[0] != _LOCAL_SIGNATURE:
        raise ArchiveReadError("bad local header signature")
    name_len, extra_len = fields[9], fields[10]
    return info.header_offset + _LOCAL_HEADER.size + name_len + extra_len


def _raw_chunks(fp: BinaryIO, info: zipfile.ZipInfo) -> Iterator[bytes]:
    """Yield the member's compressed bytes, at most _CHUNK at a time."""
    # Sizes come from the central directory: the local header may hold zeros
    # when a data descriptor follows the data.
    fp.seek(_data_start(fp, info))
    left = info.compress_size
    while left > 0:
        chunk = fp.read(min(left, _CHUNK))
        if not chunk:
            raise ArchiveReadError("member data truncated")
        left -= len(chunk)
        yield chunk


def _inflate(chunks: Iterator[bytes]) -> Iterator[bytes]:
    d = zlib.decompressobj(-zlib.MAX_WBITS)
    for chunk in chunks:
        data = chunk
        while data and not d.eof:
            # max_length bounds each output piece, so a bomb is stopped after
            # at most one piece past the cap.
            yield d.decompress(data, _CHUNK)
            data = d.unconsumed_tail
        if d.eof:
            return
    # Input is exhausted; what zlib still holds is at most a few symbols.
    yield d.flush()
    if not d.eof:
        raise ArchiveReadError("deflate stream truncated")


def _pump(d: bz2.BZ2Decompressor | lzma.LZMADecompressor, chunks: Iterator[bytes]) -> Iterator[bytes]:
    for chunk in chunks:
        if d.eof:
            return
        yield d.decompress(chunk, _CHUNK)
        while not d.eof and not d.needs_input:
            yield d.decompress(b"", _CHUNK)


def _unlzma(chunks: Iterator[bytes], declared_size: int) -> Iterator[bytes]:
    # Zip's LZMA layout (APPNOTE 5.8.8): 2 bytes version, 2 bytes properties
    # size, then LZMA1 properties (lc/lp/pb byte + dictionary size), then a
    # raw LZMA1 stream.
    buffered = b""
    for chunk in chunks:
        buffered += chunk
        if len(buffered) >= 4:
            (props_size,) = struct.unpack_from("<H", buffered, 2)
            if len(buffered) >= 4 + props_size:
                break
    else:
        raise ArchiveReadError("LZMA header truncated")
    if props_size != 5:
        raise ArchiveReadError("unexpected LZMA properties size")
    props = buffered[4]
    (dict_size,) = struct.unpack_from("<L", buffered, 5)
    lc, rest = props % 9, props // 9
    lzma_filter = {
        "id": lzma.FILTER_LZMA1,
        # liblzma allocates the whole dictionary up front, so a hostile 4 GiB
        # value would be a memory bomb.  Output never exceeds the declared
        # size (we stop there), so a dictionary that big is always enough;
        # 4096 is liblzma's minimum.
        "dict_size": max(4096, min(dict_size, declared_size)),
        "lc": lc,
        "lp": rest % 5,
        "pb": rest // 5,
    }
    d = lzma.LZMADecompressor(lzma.FORMAT_RAW, filters=[lzma_filter])

    def rest_chunks() -> Iterator[bytes]:
        yield buffered[9:]
        yield from chunks

    yield from _pump(d, rest_chunks())


def _decompressed(fp: BinaryIO, info: zipfile.ZipInfo) -> Iterator[bytes]:
    chunks = _raw_chunks(fp, info)
    if info.compress_type == zipfile.ZIP_STORED:
        return chunks
    if info.compress_type == zipfile.ZIP_DEFLATED:
        return _inflate(chunks)
    if info.compress_type == zipfile.ZIP_BZIP2:
        return _pump(bz2.BZ2Decompressor(), chunks)
    if info.compress_type == zipfile.ZIP_LZMA:
        return _unlzma(chunks, info.file_size)
    raise ArchiveReadError(
        f"compression method {info.compress_type}", kind="unsupported-compression"
    )


class _Window(io.RawIOBase):
    """A read-only, seekable window on ``length`` bytes of ``fp`` from ``start``: a stored zip member
    read in place, so a zip stored inside the archive is opened without copying it."""

    def __init__(self, fp: BinaryIO, start: int, length: int):
        super().__init__()
        self._fp, self._start, self._length, self._pos = fp, start, length, 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._pos

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self._pos, io.SEEK_END: self._length}[whence]
        if base + offset < 0:
            raise OSError("seek before the start of the member")
        self._pos = base + offset
        return self._pos

    def readinto(self, buffer) -> int:
        want = min(len(buffer), self._length - self._pos)
        if want <= 0:
            return 0
        self._fp.seek(self._start + self._pos)  # the outer archive reads from the same file
        data = self._fp.read(want)
        buffer[: len(data)] = data
        self._pos += len(data)
        return len(data)


class ZipReader:
    """An open archive: ``listing`` plus ``read``/``open_nested``/``ref``.

    Construction never raises on bad data (the listing then reports
    "corrupt"); only an unopenable path raises ``ArchiveReadError``.
    """

    def __init__(self, source: Source, limits: ArchiveLimits = ArchiveLimits(), *, depth: int = 0):
        self.limits = limits
        self.depth = depth
        self._owns_fp = isinstance(source, (str, os.PathLike))
        self._fp: BinaryIO
        self.path: str | None = None  # the archive on disk, when opened by path
        self.identity: tuple[int, int, int] = (0, 0, 0)  # its size, mtime and inode when opened
        if isinstance(source, (str, os.PathLike)):
            try:
                self._fp = open(source, "rb")  # noqa: SIM115 - closed in close()
                st = os.fstat(self._fp.fileno())
            except OSError as exc:
                raise ArchiveReadError(f"cannot open archive: {exc.strerror or exc}") from exc
            self.path = os.fspath(source)
            self.identity = (st.st_size, st.st_mtime_ns, st.st_ino)
        else:
            self._fp = source
        self._infos: list[zipfile.ZipInfo] = []
        self._refusal: ArchiveProblem | None = None
        self.listing = self._load()

    def _load(self) -> ArchiveListing:
        limits = self.limits
        count = _declared_entry_count(self._fp)
        if count is not None and count > limits.max_members:
            return self._refuse("too-many-members", f"{count} entries declared")
        try:
            # Only the central directory is parsed; member data is read by us.
            with zipfile.ZipFile(self._fp) as zf:
                self._infos = zf.infolist()
        except _DATA_ERRORS as exc:
            return self._refuse("corrupt", f"{type(exc).__name__}: {exc}"[:200])
        if len(self._infos) > limits.max_members:
            return self._refuse("too-many-members", f"{len(self._infos)} entries")

        members: list[ArchiveMember] = []
        problems: list[ArchiveProblem] = []
        total = 0
        for index, info in enumerate(self._infos):
            name = decode_member_name(info)
            path, problem = _member_problem(info, name, limits, self.depth)
            if problem is not None:
                problems.append(problem)
                continue
            assert path is not None
            is_dir = name.endswith("/")
            if not is_dir:
                total += info.file_size
            members.append(
                ArchiveMember(path, info.file_size, info.compress_size, is_dir, index, info.CRC)
            )
        if total > limits.max_total_uncompressed:
            return self._refuse("too-large", f"{total} bytes declared in total")
        return ArchiveListing(tuple(members), tuple(problems))

    def _refuse(self, kind: str, detail: str) -> ArchiveListing:
        listing = _whole(kind, detail)
        self._refusal = listing.problems[0]
        return listing

    def ref(self, member: ArchiveMember) -> MemberRef:
        """``member`` named for another process (only for an archive opened by path)."""
        if self.path is None or self.depth:
            raise ValueError("only members of an archive opened by path can be named")
        return MemberRef(self.path, self.identity, (member,))

    def _entry(self, member: ArchiveMember) -> tuple[zipfile.ZipInfo, str, bool]:
        """The real entry behind ``member``, its path and whether it is a directory, re-checked: the
        member might come from another archive, from this one before it changed, or be made by hand."""
        if self._refusal is not None:
            raise _error_for(self._refusal)
        if not 0 <= member.info_index < len(self._infos):
            raise ArchiveReadError("member is not from this archive", path=member.path)
        info = self._infos[member.info_index]
        name = decode_member_name(info)
        path, problem = _member_problem(info, name, self.limits, self.depth)
        if problem is not None:
            raise _error_for(problem)
        if path != member.path or (member.crc is not None and member.crc != info.CRC):
            raise ArchiveReadError("member is not from this archive", path=member.path)
        return info, path, name.endswith("/")

    def _pieces(self, info: zipfile.ZipInfo, path: str) -> Iterator[bytes]:
        """The member's bytes as they are decompressed, each piece checked as it comes: never more
        than the declared size; at the end, exactly that size and the right CRC-32."""
        declared = info.file_size
        done = 0
        crc = 0
        try:
            for piece in _decompressed(self._fp, info):
                done += len(piece)
                if done > declared:
                    raise ArchiveLimitError(
                        f"data exceeds declared size {declared}", kind="too-large", path=path
                    )
                crc = zlib.crc32(piece, crc)
                yield piece
        except ArchiveError as exc:
            exc.path = exc.path or path
            raise
        except _DATA_ERRORS as exc:
            raise ArchiveReadError(f"{type(exc).__name__}: {exc}"[:200], path=path) from exc
        if done != declared:
            raise ArchiveReadError(f"data shorter than declared size {declared}", path=path)
        if crc != info.CRC:
            raise ArchiveReadError("CRC mismatch", path=path)

    def read(self, member: ArchiveMember, max_bytes: int | None = None) -> bytes:
        """The member's bytes, decompressed in memory under a hard cap; with ``max_bytes``, at most
        that many (its first bytes: reading stops there, unchecked by the CRC).

        Raises ArchiveLimitError when the data runs past its declared size (a
        lying header) or a limit, ArchiveReadError for corruption, CRC errors,
        encryption and members that do not belong to this archive.
        """
        info, path, is_dir = self._entry(member)
        if is_dir:
            return b""
        pieces: list[bytes] = []
        size = 0
        for piece in self._pieces(info, path):
            pieces.append(piece)
            size += len(piece)
            if max_bytes is not None and size >= max_bytes:
                return b"".join(pieces)[:max_bytes]
        return b"".join(pieces)

    def open_nested(self, member: ArchiveMember) -> ZipReader:
        """Open a zip member as an archive one level deeper: a stored one in place (it reads through
        this reader's file), a compressed one decompressed into memory. The caller closes it."""
        depth = self.depth + 1
        if depth > self.limits.max_nesting:
            raise ArchiveLimitError(
                f"zip at nesting depth {depth}", kind="nested-too-deep", path=member.path
            )
        info, path, _ = self._entry(member)
        source: BinaryIO
        if info.compress_type == zipfile.ZIP_STORED:
            source = io.BufferedReader(_Window(self._fp, self._data_offset(info, path), info.file_size), _CHUNK)
        else:
            source = io.BytesIO(self.read(member))
        if not is_zip_bytes(source.read(4)):
            raise ArchiveReadError("member is not a zip archive", path=member.path)
        nested = ZipReader(source, self.limits, depth=depth)
        nested._owns_fp = True  # closing it frees a decompressed copy (a window leaves the archive open)
        return nested

    def _data_offset(self, info: zipfile.ZipInfo, path: str) -> int:
        try:
            return _data_start(self._fp, info)
        except ArchiveError as exc:
            exc.path = exc.path or path
            raise
        except _DATA_ERRORS as exc:
            raise ArchiveReadError(f"{type(exc).__name__}: {exc}"[:200], path=path) from exc

    def close(self) -> None:
        if self._owns_fp:
            self._fp.close()

    def __enter__(self) -> ZipReader:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


class OpenArchives:
    """Reads members by ``MemberRef``, keeping the archive (and the zip inside it) read last open: a
    worker is sent the members of one archive one after another, and parsing the central directory
    (or decompressing a nested zip) for each would cost the square of their number."""

    def __init__(self, limits: ArchiveLimits = ArchiveLimits()):
        self.limits = limits
        self._outer: tuple[tuple[str, tuple[int, int, int]], ZipReader] | None = None
        self._nested: tuple[ArchiveMember, ZipReader] | None = None

    def _archive(self, ref: MemberRef) -> ZipReader:
        key = (ref.archive, ref.identity)
        if self._outer is None or self._outer[0] != key:
            self.close()
            reader = ZipReader(ref.archive, self.limits)
            self._outer = (key, reader)
        return self._outer[1]

    def reader_of(self, ref: MemberRef, chain: tuple[ArchiveMember, ...]) -> ZipReader:
        """The open archive ``chain`` leads to: the archive itself (``()``), or a zip in it."""
        reader = self._archive(ref)
        if not chain:
            return reader
        if len(chain) > 1:
            raise ArchiveLimitError("zip nested too deep", kind="nested-too-deep", path=chain[-1].path)
        if self._nested is None or self._nested[0] != chain[0]:
            if self._nested is not None:
                self._nested[1].close()
                self._nested = None
            self._nested = (chain[0], reader.open_nested(chain[0]))
        return self._nested[1]

    def read(self, ref: MemberRef, max_bytes: int | None = None) -> bytes:
        return self.reader_of(ref, ref.chain[:-1]).read(ref.member, max_bytes)

    def close(self) -> None:
        if self._nested is not None:
            self._nested[1].close()
        if self._outer is not None:
            self._outer[1].close()
        self._outer = self._nested = None

    def __enter__(self) -> OpenArchives:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def nested_listing(ref: MemberRef) -> ArchiveListing:
    """The listing of the zip ``ref`` names (a zip inside the archive)."""
    with OpenArchives() as archives:
        return archives.reader_of(ref, ref.chain).listing


def read_member(ref: MemberRef, max_bytes: int | None = None) -> bytes:
    """The bytes of the member ``ref`` names (or their first ``max_bytes``)."""
    with OpenArchives() as archives:
        return archives.read(ref, max_bytes)
