"""Property tests (hypothesis): random and mutated PDFs, images, zips, profiles and rule packs never
produce a traceback, and every report built from them still validates against the contract.

Runs are derandomised so CI is repeatable; set ZCCHECK_FUZZ=N to explore with N random examples per
property instead (e.g. ZCCHECK_FUZZ=2000 pytest tests/test_property.py).
"""

from __future__ import annotations

import contextlib
import functools
import io
import os
import shutil
import signal
import tempfile
import zipfile
from pathlib import Path

import jsonschema
import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from factories import build_applicant, image_bytes, make_image_pdf, make_pdf, scan_image
from hostile import HOSTILE_PDFS, WILD_CORPUS

FUZZ = int(os.environ.get("ZCCHECK_FUZZ", "0"))
# In-process scans of mutated images make Pillow warn (corrupt EXIF, truncated reads); in the CLI those
# warnings stay inside the worker processes. Here they would only bury the test output.
pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")


def _settings(examples: int):
    return settings(max_examples=FUZZ or examples, derandomize=not FUZZ, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                           HealthCheck.data_too_large, HealthCheck.filter_too_much])


# --- seeds: one valid file of every kind, and some real-world ones ------------------------------------

@functools.lru_cache(maxsize=1)
def seeds() -> tuple[tuple[str, bytes], ...]:
    from PIL import Image

    tmp = Path(tempfile.mkdtemp(prefix="zccheck-seeds-"))
    try:
        out = [("text.pdf", make_pdf(tmp / "a.pdf", ["承诺书\n本人承诺 650102198506151232", "第二页 2019年度"]).read_bytes()),
               ("scan.pdf", make_image_pdf(tmp / "b.pdf", [scan_image("公需科目培训合格证书 2018年度", size=(400, 560))]).read_bytes())]
        image = scan_image("身份证 650102198506151232", size=(320, 200))
        for fmt, name in (("JPEG", "a.jpg"), ("PNG", "a.png"), ("TIFF", "a.tif"), ("GIF", "a.gif"), ("BMP", "a.bmp"),
                          ("WEBP", "a.webp")):
            out.append((name, image_bytes(image if fmt != "GIF" else image.convert("P"), fmt)))
        out.append(("bilevel.tif", image_bytes(Image.new("1", (300, 300)), "TIFF")))
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
            zf.writestr("01-承诺书/承诺书.pdf", out[0][1])
            zf.writestr("照片.jpg", out[2][1])
        out.append(("a.zip", buffer.getvalue()))
        out.append(("small-bomb.pdf", HOSTILE_PDFS["xobject-loop.pdf"]()))
        if WILD_CORPUS.is_dir():
            wild = sorted(p for p in WILD_CORPUS.rglob("*.pdf") if p.stat().st_size < 40_000)
            out.extend((p.name, p.read_bytes()) for p in wild[::40])
        return tuple(out)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


_MAGIC = [b"%PDF-1.7\n", b"\xff\xd8\xff\xe0", b"\x89PNG\r\n\x1a\n", b"GIF89a", b"II*\x00", b"PK\x03\x04", b"BM",
          b"RIFF\x00\x00\x00\x00WEBP", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"]
_TOKENS = [b"obj", b"endobj", b"stream", b"endstream", b"xref", b"trailer", b"startxref", b"/Length 999999999",
           b"/Filter /FlateDecode", b"1 0 R", b"[[[[[[[[", b"<<<<", b">>", b"-1", b"99999999999999999999", b"(\\",
           b"/Encrypt 5 0 R", b"/Type /Page", b"/Kids [1 0 R]", b"\x00" * 16, b"\xff" * 16]


@st.composite
def mutated(draw) -> tuple[str, bytes]:
    """A seed file with a few mutations: bit flips, cuts, splices, inserted PDF tokens, or pure noise."""
    if draw(st.integers(0, 9)) == 0:
        head = draw(st.sampled_from(_MAGIC))
        return draw(st.sampled_from(["x.pdf", "x.jpg", "x.png", "x.zip", "x", "x.tif"])), head + draw(st.binary(max_size=2048))
    name, data = draw(st.sampled_from(seeds()))
    data = bytearray(data)
    for _ in range(draw(st.integers(1, 4))):
        if not data:
            break
        at = draw(st.integers(0, len(data) - 1))
        op = draw(st.sampled_from(["flip", "cut", "insert", "token", "delete", "repeat"]))
        if op == "flip":
            data[at] ^= 1 << draw(st.integers(0, 7))
        elif op == "cut":
            del data[at:]
        elif op == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=64))
        elif op == "token":
            data[at:at] = draw(st.sampled_from(_TOKENS)) * draw(st.integers(1, 50))
        elif op == "delete":
            del data[at:at + draw(st.integers(1, 512))]
        else:
            data[at:at] = bytes(data[at:at + draw(st.integers(1, 256))]) * draw(st.integers(1, 20))
    return name, bytes(data)


class _Slow(BaseException):
    """Raised by the alarm: not an Exception, so no `except Exception` in the scanner can swallow it."""


@contextlib.contextmanager
def _time_limit(seconds: float):
    def fire(signum, frame):
        raise _Slow

    previous = signal.signal(signal.SIGALRM, fire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _scan_settings():
    from zccheck.scan.scanner import ScanSettings

    return ScanSettings(max_file_bytes=20 * 1024 * 1024, accepted_kinds=("pdf", "jpeg", "png"))


# --- properties ----------------------------------------------------------------------------------------

@_settings(250)
@given(mutated())
def test_scanner_never_raises(sample):
    """scan_bytes turns any bytes into FileFacts; a hang (the runner's job, not the scanner's) is set aside."""
    from zccheck.models import FileFacts
    from zccheck.scan.scanner import scan_bytes

    name, data = sample
    try:
        with _time_limit(10):
            facts = scan_bytes(name, data, _scan_settings())
    except _Slow:
        assume(False)
        return
    assert isinstance(facts, FileFacts) and facts.path == name
    assert facts.problem in (None, "unreadable", "encrypted", "empty", "unsupported")
    for page in facts.pages:
        for text in (page.text or "", page.ocr_text or "", facts.problem_detail):
            text.encode("utf-8")  # no lone surrogates: every report format can write it
            assert "\x1b" not in text


_NAMES = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="/\x00"), min_size=1,
                 max_size=40).filter(lambda n: n not in (".", ".."))


@functools.lru_cache(maxsize=1)
def _schema() -> dict:
    import json

    from conftest import CONTRACT_SCHEMA

    if not CONTRACT_SCHEMA.is_file():
        pytest.skip("contract schema not found")
    return json.loads(CONTRACT_SCHEMA.read_text(encoding="utf-8"))


def _check_and_render(path: Path, pack, jobs: int = 1) -> dict:
    """The real engine (worker processes, time limit) → the report document → every text format."""
    from zccheck.engine import check_applicant
    from zccheck.models import CheckOptions
    from zccheck.report.document import build_document
    from zccheck.report.formats import FORMATS, render

    result = check_applicant(path, pack, CheckOptions(use_cache=False, file_timeout=10), jobs=jobs)
    for lang in ("zh", "en"):
        doc = build_document([result], pack, lang)
        jsonschema.validate(doc, _schema())
        for fmt in FORMATS:
            output = render(fmt, doc, pack=pack, lang=lang, color=False, fail_on="error")
            if isinstance(output, str):
                output.encode("utf-8")
                assert "650102198506151232" not in output
    return doc


@_settings(25)
@given(files=st.lists(st.tuples(_NAMES, mutated()), min_size=1, max_size=4), slot=st.booleans(),
       profile=st.one_of(st.none(), st.binary(max_size=300), st.text(max_size=300)))
def test_check_of_random_folders_validates(pack, files, slot, profile):
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "a"
        root.mkdir()
        for i, (name, (_, data)) in enumerate(files):
            folder = root / ("01-承诺书" if slot and i == 0 else ".")
            folder.mkdir(exist_ok=True)
            try:
                (folder / f"{i}-{name}"[:200]).write_bytes(data)
            except OSError:
                continue
        if profile is not None:
            (root / "申报信息.yaml").write_bytes(profile if isinstance(profile, bytes) else profile.encode())
        doc = _check_and_render(root, pack)
        assert len(doc["applicants"]) == 1


_MEMBER_NAMES = st.one_of(_NAMES, st.sampled_from(["../x.pdf", "/abs.pdf", "a/../../b.pdf", "C:\\x.pdf", "a\\b.pdf",
                                                     "", "a/", "dir//x.pdf", "照片.jpg", "x" * 300 + ".pdf",
                                                     "evil\x1b[2J.pdf", "a.zip"]))


@_settings(25)
@given(members=st.lists(st.tuples(_MEMBER_NAMES, mutated(), st.sampled_from([zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED,
                                                                               zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA])),
                        min_size=0, max_size=5),
       corrupt=st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 255)), max_size=3))
def test_check_of_random_zips_validates(pack, members, corrupt):
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / "申报人.zip"
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as zf:
            for name, (_, data), method in members:
                with contextlib.suppress(Exception):
                    zf.writestr(zipfile.ZipInfo(name) if name else zipfile.ZipInfo("noname"), data, compress_type=method)
        data = bytearray(buffer.getvalue())
        for at, value in corrupt:
            if data:
                data[at % len(data)] = value
        target.write_bytes(bytes(data))
        _check_and_render(target, pack)


_VALUES = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=60),
              st.sampled_from(["2016-06", "2016.10", "201606", "2021-02-30", "无", "是", "否", "外省", "新疆",
                               "副研究员", "自然科学研究", "650102198506151232", "65010219850615123X", "9" * 18,
                               "博士研究生", "硕士", "1900-01", "2999-12"])),
    lambda children: st.one_of(st.lists(children, max_size=3), st.dictionaries(st.text(max_size=8), children, max_size=3)),
    max_leaves=6)


@_settings(60)
@given(data=st.data())
def test_random_profiles_validate(pack, data):
    labels = [f.label for f in pack.profile_fields] if hasattr(pack, "profile_fields") else \
        ["姓名", "身份证号", "系列", "申报职称", "现任职称", "现任职称取得时间", "现任职称取得地", "学历", "学位", "毕业时间"]
    keys = st.one_of(st.sampled_from(labels), st.text(max_size=10))
    profile = data.draw(st.dictionaries(keys, _VALUES, max_size=12))
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "a"
        root.mkdir()
        (root / "申报信息.yaml").write_text(yaml.safe_dump(profile, allow_unicode=True), encoding="utf-8")
        make_pdf(root / "承诺书.pdf", "承诺书\n本人郑重承诺")
        _check_and_render(root, pack, jobs=0)


@functools.lru_cache(maxsize=1)
def _pack_documents() -> dict[str, object]:
    from zccheck.pack.loader import resolve_pack_dir

    directory = resolve_pack_dir(None)
    return {p.name: yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted(directory.glob("*.yaml"))}


def _paths(node, prefix=()):
    yield prefix
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _paths(v, (*prefix, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _paths(v, (*prefix, i))


@functools.lru_cache(maxsize=1)
def _small_applicant() -> Path:
    root = Path(tempfile.mkdtemp(prefix="zccheck-applicant-")) / "张三"
    build_applicant(root, skip=("commitment", "photo", "id-card", "education", "annual-assessment", "training-public"))
    return root


@_settings(40)
@given(data=st.data())
def test_mutated_rule_packs_are_rejected_cleanly_or_work(data):
    """A damaged pack is a PackError (exit 2, "rule pack error" with its file and line) or a working pack:
    never another exception, never a report that breaks the contract."""
    import copy

    from zccheck.pack.loader import load_pack
    from zccheck.pack.schema import PackError

    documents = copy.deepcopy(_pack_documents())
    for _ in range(data.draw(st.integers(1, 3))):
        name = data.draw(st.sampled_from(sorted(documents)))
        paths = [p for p in _paths(documents[name]) if p]
        if not paths:
            continue
        path = data.draw(st.sampled_from(paths))
        parent = documents[name]
        for key in path[:-1]:
            parent = parent[key]
        action = data.draw(st.sampled_from(["delete", "replace", "duplicate"]))
        if action == "delete":
            del parent[path[-1]]
        elif action == "replace":
            parent[path[-1]] = data.draw(_VALUES)
        elif isinstance(parent, list):
            parent.append(copy.deepcopy(parent[path[-1]]))
    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp) / "pack"
        directory.mkdir()
        for name, document in documents.items():
            (directory / name).write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
        try:
            pack = load_pack(str(directory))
        except PackError:
            return
        _check_and_render(_small_applicant(), pack, jobs=0)
