"""Hostile trees: whatever is on the stick, every entry gets one clear verdict, nothing is followed out of
the folder, nothing hangs, nothing is read that need not be.

Links that loop or leave the folder, pipes, a multi-GB sparse file, PDF decompression bombs, images over
Pillow's pixel limit, names that are not UTF-8 or carry terminal escapes, very long names and paths,
deep nesting, 10,000 files, and alias-bomb YAML in a profile or a rule pack.

Permission denied: the tests run as root in CI, where chmod 000 stops nothing. The listing is then
checked in a forked child that has dropped to `nobody` (os.setuid), and the engine's handling of the
entry through a monkeypatched os.access; as an ordinary user a real chmod 000 is used.
"""

from __future__ import annotations

import json
import os
import pickle
import shutil
import time
from pathlib import Path

import jsonschema
import pytest

from factories import build_applicant, make_pdf, make_scan
from hostile import (HOSTILE_PDFS, assert_accounted, assert_no_traceback, png_header_only, run_measured,
                     yaml_alias_bomb)

SPARSE_BYTES = 5 * 1024**3
LONG_NAME = "长" * 83 + ".pdf"  # 253 bytes in UTF-8: just under the 255-byte limit of a name
ESC_NAME = "evil\x1b[2J\x07.pdf"
BIDI_NAME = "photo\u202egpj.exe"


def _make_long_path(root: Path, levels: int = 18) -> None:
    """Folders of 250-byte names, deeper than PATH_MAX (4096) allows an absolute path to reach.
    Made with directory file descriptors, the only way to create them."""
    fd = os.open(root, os.O_RDONLY)
    try:
        for _ in range(levels):
            name = "深" * 83  # 249 bytes
            os.mkdir(name, dir_fd=fd)
            new = os.open(name, os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd = new
        leaf = os.open("deep.pdf", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd)
        os.write(leaf, b"%PDF-1.4\n")
        os.close(leaf)
    finally:
        os.close(fd)


@pytest.fixture(scope="module")
def tree(tmp_path_factory) -> dict:
    base = tmp_path_factory.mktemp("hostile")
    outside = base / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("OUTSIDE-MARKER 650102198506151232\n", encoding="utf-8")
    root = base / "申报人"
    root.mkdir()
    expected: dict[str, str] = {}  # file → the verdict the report must give it

    make_pdf(root / "good.pdf", "个人业务工作总结\n张三")
    expected["good.pdf"] = "any"
    links = {"loop-a": "loop-b", "loop-b": "loop-a", "self": "self", "dangling": "nowhere/at/all",
             "up": "..", "here": ".", "outside-file": str(outside / "secret.txt"), "outside-dir": str(outside),
             "inside-link.pdf": "good.pdf"}
    for name, target in links.items():
        os.symlink(target, root / name)
    expected.update({"loop-a": "link-broken", "loop-b": "link-broken", "self": "link-broken",
                     "dangling": "link-broken", "up": "link-outside", "here": "link-dir",
                     "outside-file": "link-outside", "outside-dir": "link-outside", "inside-link.pdf": "any"})
    os.mkfifo(root / "pipe.pdf")
    expected["pipe.pdf"] = "not-regular"
    with open(root / "sparse.pdf", "wb") as f:
        f.truncate(SPARSE_BYTES)
    expected["sparse.pdf"] = "ZC305"
    (root / "empty.pdf").write_bytes(b"")
    expected["empty.pdf"] = "ZC303"
    for name, build in HOSTILE_PDFS.items():
        (root / name).write_bytes(build())
        expected[name] = "ZC301" if name in ("flate-bomb.pdf", "image-bomb.pdf", "page-tree-loop.pdf",
                                            "deep-nesting.pdf") else "any"
    (root / "huge.png").write_bytes(png_header_only(30_000, 30_000))
    expected["huge.png"] = "ZC301"

    # Names: GBK bytes from Windows, bytes that are no text at all, two names that print alike,
    # terminal escapes, a right-to-left override, a name at the length limit.
    make_scan(root / "scan.jpg", "身份证")
    gbk = os.fsencode(root) + b"/" + "身份证.jpg".encode("gbk")
    shutil.copyfile(root / "scan.jpg", gbk)
    os.rename(root / "scan.jpg", root / "身份证.jpg.utf8")
    bad = os.fsencode(root) + b"/\xff\xfe-bad.pdf"
    with open(bad, "wb") as f:
        f.write(b"%PDF-1.4 junk")
    make_scan(root / "照片.jpg", "照片")
    shutil.copyfile(root / "照片.jpg", os.fsencode(root) + b"/" + "照片.jpg".encode("gbk"))
    make_pdf(root / ESC_NAME, "evil")
    make_pdf(root / BIDI_NAME, "bidi")
    make_pdf(root / LONG_NAME, "long")
    expected.update({"身份证.jpg": "any", "身份证.jpg.utf8": "any", "\\xff\\xfe-bad.pdf": "ZC301",
                     "照片.jpg": "any", "evil\\x1b[2J\\x07.pdf": "any", "photo\\u202egpj.exe": "any",
                     LONG_NAME: "any"})
    # The GBK twin of 照片.jpg prints as its escaped bytes.
    expected["\\xd5\\xd5\\xc6\\xac.jpg"] = "any"

    # Deep nesting: 100 levels; everything below 64 is cut off with one folder finding.
    deep = root / "nest"
    for level in range(100):
        deep = deep / f"{level}"
    deep.mkdir(parents=True)
    (deep / "bottom.pdf").write_bytes(b"%PDF-1.4\n")
    _make_long_path(root / "nest")  # and a path longer than PATH_MAX
    return {"root": root, "expected": expected, "outside": outside}


@pytest.fixture(scope="module")
def checked(tree, tmp_path_factory):
    cwd = tmp_path_factory.mktemp("cwd")
    json_run = run_measured(["check", str(tree["root"]), "--format", "json", "--jobs", "2", "--no-cache",
                             "--lang", "en"], cwd=cwd, timeout=300)
    table_run = run_measured(["check", str(tree["root"]), "--format", "table", "--jobs", "2", "--no-cache",
                              "--color", "always"], cwd=cwd, timeout=300)
    return json_run, table_run


def _by_file(applicant: dict) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for f in applicant["findings"]:
        out.setdefault(f["file"], []).append(f)
    return out


def test_hostile_tree_exits_cleanly_fast_and_small(checked):
    json_run, table_run = checked
    for run in checked:
        assert run.returncode in (0, 1), run.stderr[-3000:]
        assert_no_traceback(run.stderr)
        assert run.seconds < 120
        assert run.peak_rss_mb < 1024  # the 5 GB sparse file was never read


def test_hostile_tree_every_entry_one_verdict(checked, tree, contract_schema):
    doc = json.loads(checked[0].stdout)
    jsonschema.validate(doc, contract_schema)
    (applicant,) = doc["applicants"]
    assert_accounted(applicant)
    files = set(applicant["files"])
    missing = set(tree["expected"]) - files
    assert not missing, (missing, sorted(files))
    findings = _by_file(applicant)
    for path, want in tree["expected"].items():
        got = findings.get(path, [])
        if want == "any":
            continue
        if want.startswith("ZC"):
            assert [f["code"] for f in got if f["code"].startswith("ZC3")] == [want], (path, got)
        else:  # a listing problem: one ZC308 saying which
            assert [(f["code"], f["data"].get("problem")) for f in got] == [("ZC308", want)], (path, got)


def test_links_are_never_followed_out(checked, tree):
    json_run, table_run = checked
    for run in checked:
        assert "OUTSIDE-MARKER" not in run.stdout
        assert str(tree["outside"]) not in run.stdout  # not even where the link points


def test_bombs_and_pixel_floods_say_what_they_are(checked):
    (applicant,) = json.loads(checked[0].stdout)["applicants"]
    findings = _by_file(applicant)
    assert "bomb" in findings["flate-bomb.pdf"][0]["message"]
    assert "bomb" in findings["image-bomb.pdf"][0]["message"]
    assert "pixels" in findings["huge.png"][0]["message"]
    assert "limit" in findings["sparse.pdf"][0]["message"] and "5120" in findings["sparse.pdf"][0]["message"]


def test_deep_and_long_paths_are_cut_off_with_a_finding(checked):
    (applicant,) = json.loads(checked[0].stdout)["applicants"]
    problems = {f["data"].get("problem") for f in applicant["findings"] if f["code"] == "ZC308"}
    assert "too-deep" in problems
    assert "inaccessible" in problems  # the path beyond PATH_MAX: "File name too long"
    assert not any(p.endswith("bottom.pdf") for p in applicant["files"])


def test_names_never_reach_the_terminal_raw(checked):
    json_run, table_run = checked
    for run in checked:
        assert "\x1b[2J" not in run.stdout and "\x07" not in run.stdout and "\u202e" not in run.stdout
        assert "\ufffd" not in run.stdout  # undecodable bytes are shown as \xNN, not lost
    assert "身份证.jpg" in table_run.stdout  # GBK name from Windows, decoded


def test_sparse_file_is_too_large_without_being_read(tmp_path, monkeypatch, pack):
    from zccheck.engine import check_applicant
    from zccheck.models import CheckOptions
    from zccheck.scan import runner

    with open(tmp_path / "huge.pdf", "wb") as f:
        f.truncate(SPARSE_BYTES)

    def no_read(task, max_bytes):
        raise AssertionError(f"{task.path} was read")

    monkeypatch.setattr(runner, "read_task", no_read)
    result = check_applicant(tmp_path, pack, CheckOptions(use_cache=False), jobs=0)
    assert [f.code for f in result.findings if f.file == "huge.pdf"] == ["ZC305"]


def test_file_growing_after_listing_is_too_large(tmp_path, pack):
    from zccheck.scan.runner import ScanTask, scan_task
    from zccheck.scan.scanner import ScanSettings

    path = make_pdf(tmp_path / "grows.pdf", "x")
    settings = ScanSettings(max_file_bytes=path.stat().st_size - 1, accepted_kinds=("pdf",))
    facts = scan_task(ScanTask(key=1, path="grows.pdf", location=str(path), size=10), settings)
    assert facts.problem == "too-large"


def _list_as_nobody(root: Path):
    """list_folder in a forked child that has given up root: what an ordinary user's run sees."""
    from zccheck.scan.source import list_folder

    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover — the child
        try:
            os.setgroups([])
            os.setgid(65534)
            os.setuid(65534)
            os.write(write, pickle.dumps(list_folder(root)))
        finally:
            os._exit(0)
    os.close(write)
    data = b""
    while chunk := os.read(read, 65536):
        data += chunk
    os.close(read)
    os.waitpid(pid, 0)
    return pickle.loads(data)


def test_permission_denied_file_and_folder(tmp_path):
    root = tmp_path / "a"
    (root / "locked").mkdir(parents=True)
    make_pdf(root / "secret.pdf", "secret")
    make_pdf(root / "open.pdf", "open")
    (root / "secret.pdf").chmod(0)
    (root / "locked").chmod(0)
    for p in (tmp_path, root):
        p.chmod(0o755)
    os.chmod(tmp_path.parent, tmp_path.parent.stat().st_mode | 0o005)
    os.chmod(tmp_path.parent.parent, tmp_path.parent.parent.stat().st_mode | 0o005)
    try:
        if os.getuid() == 0:
            listing = _list_as_nobody(root)
        else:
            from zccheck.scan.source import list_folder

            listing = list_folder(root)
    finally:
        (root / "locked").chmod(0o755)
    by_path = {e.path: e for e in listing.entries}
    assert by_path["secret.pdf"].problem == "permission"
    assert by_path["locked"].problem == "permission" and by_path["locked"].is_dir
    assert by_path["open.pdf"].problem is None


def test_permission_denied_reaches_the_report(tmp_path, monkeypatch, pack):
    """As root the kernel lets every read through, so the denial is simulated where zccheck asks."""
    from zccheck.engine import check_applicant
    from zccheck.models import CheckOptions
    from zccheck.report.document import build_document

    make_pdf(tmp_path / "secret.pdf", "secret")
    make_pdf(tmp_path / "open.pdf", "open")
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda p, mode, **kw: False if str(p).endswith("secret.pdf")
                        else real_access(p, mode, **kw))
    result = check_applicant(tmp_path, pack, CheckOptions(use_cache=False, lang="en"), jobs=0)
    doc = build_document([result], pack, "en")
    (applicant,) = doc["applicants"]
    outcomes = assert_accounted(applicant)
    assert outcomes["secret.pdf"] == ["unreadable"]
    (f,) = [f for f in applicant["findings"] if f["file"] == "secret.pdf"]
    assert f["code"] == "ZC308" and "permission denied" in f["message"]


def test_read_refused_after_listing_is_a_finding(tmp_path, monkeypatch, pack):
    """The file was readable when listed and is not when read (a race, a network share)."""
    from zccheck.engine import check_applicant
    from zccheck.models import CheckOptions
    from zccheck.scan import runner

    make_pdf(tmp_path / "gone.pdf", "x")

    def refuse(location):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(runner, "_open_readonly", refuse)
    result = check_applicant(tmp_path, pack, CheckOptions(use_cache=False), jobs=0)
    assert [f.code for f in result.findings if f.file == "gone.pdf"] == ["ZC308"]


def test_link_swapped_in_after_listing_is_not_followed(tmp_path, pack):
    """O_NOFOLLOW: a file replaced by a link to a secret between listing and reading is refused."""
    from zccheck.scan.runner import ScanTask, scan_task
    from zccheck.scan.scanner import ScanSettings

    secret = make_pdf(tmp_path / "secret.pdf", "secret")
    os.symlink(secret, tmp_path / "swapped.pdf")
    settings = ScanSettings(max_file_bytes=10**7, accepted_kinds=("pdf",))
    facts = scan_task(ScanTask(key=1, path="swapped.pdf", location=str(tmp_path / "swapped.pdf"), size=10), settings)
    assert facts.problem == "inaccessible"


def test_ten_thousand_files(tmp_path):
    root = tmp_path / "many"
    for i in range(10_000):
        folder = root / f"{i // 500:02d}"
        if i % 500 == 0:
            folder.mkdir(parents=True)
        (folder / f"{i:05d}.txt").write_bytes(b"%d\n" % i)
    run = run_measured(["check", str(root), "--format", "json", "--jobs", "2", "--no-cache"], cwd=tmp_path,
                       timeout=600)
    assert run.returncode in (0, 1), run.stderr[-2000:]
    assert_no_traceback(run.stderr)
    (applicant,) = json.loads(run.stdout)["applicants"]
    assert len(applicant["files"]) == 10_000
    assert_accounted(applicant)
    print(f"\n10,000 files: {run.seconds:.1f} s, peak RSS {run.peak_rss_mb:.0f} MB")
    assert run.seconds < 180
    assert run.peak_rss_mb < 1024


def test_too_many_files_is_cut_off_with_a_finding(tmp_path, monkeypatch, pack):
    from zccheck.engine import check_applicant
    from zccheck.models import CheckOptions
    from zccheck.scan import source

    monkeypatch.setattr(source, "MAX_ENTRIES", 50)
    for i in range(80):
        (tmp_path / f"{i:03d}.txt").write_text("x")
    result = check_applicant(tmp_path, pack, CheckOptions(use_cache=False), jobs=0)
    assert any(f.code == "ZC308" and dict(f.data)["problem"] == "too-many" for f in result.findings)
    assert len(result.files) == 50


# --- YAML: alias bombs and deep nesting, in a profile and in a rule pack -------------------------------

@pytest.mark.parametrize("levels", [11, 30])
def test_alias_bomb_profile_is_a_profile_error(tmp_path, levels):
    """11 levels: 110 aliases, under the alias cap, 10**11 nodes once expanded (the value is printed in
    messages: it would never finish). 30 levels: over the alias cap."""
    from conftest import check_doc

    build_applicant(tmp_path / "a", write_profile=False)
    bomb = yaml_alias_bomb(levels) + f"姓名: *a{levels - 1}\n"
    (tmp_path / "a" / "申报信息.yaml").write_text(bomb, encoding="utf-8")
    start = time.monotonic()
    doc = check_doc(tmp_path / "a", lang="en")
    assert time.monotonic() - start < 30
    (f,) = [f for f in doc["applicants"][0]["findings"] if f["code"] == "ZC001"]
    assert "alias" in f["message"]


def test_deeply_nested_yaml_profile_is_a_profile_error(tmp_path):
    from conftest import check_doc

    build_applicant(tmp_path / "a", write_profile=False)
    (tmp_path / "a" / "申报信息.yaml").write_text("姓名: " + "[" * 100_000, encoding="utf-8")
    doc = check_doc(tmp_path / "a", lang="en")
    assert "ZC001" in [f["code"] for f in doc["applicants"][0]["findings"] if f["file"] == "申报信息.yaml"]


@pytest.mark.parametrize("bomb", ["aliases", "nesting"])
def test_bomb_in_a_rule_pack_is_a_pack_error(tmp_path, bomb):
    from zccheck.pack.loader import resolve_pack_dir

    packdir = tmp_path / "pack"
    shutil.copytree(resolve_pack_dir(None), packdir)
    text = yaml_alias_bomb() if bomb == "aliases" else "x: " + "{a: " * 50_000 + "}" * 50_000 + "\n"
    with open(packdir / "content.yaml", "a", encoding="utf-8") as f:
        f.write("\n" + text)
    build_applicant(tmp_path / "a")
    run = run_measured(["check", str(tmp_path / "a"), "--rules", str(packdir), "--format", "json"], cwd=tmp_path,
                       timeout=120)
    assert run.returncode == 2
    assert "content.yaml" in run.stderr
    assert "Traceback" not in run.stderr
    assert run.seconds < 60 and run.peak_rss_mb < 1024


def test_hostile_zip_applicant_accounted(tmp_path, contract_schema):
    """An applicant as a .zip with unsafe and odd member names: refused members are findings, not crashes."""
    import zipfile

    target = tmp_path / "申报人.zip"
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("../escape.pdf", b"%PDF-1.4 x")
        zf.writestr("/abs.pdf", b"%PDF-1.4 x")
        zf.writestr("ok/flate-bomb.pdf", HOSTILE_PDFS["flate-bomb.pdf"]())
        zf.writestr("ok/evil\x1b[2J.pdf", b"%PDF-1.4 x")
        zf.writestr("ok/empty.pdf", b"")
    run = run_measured(["check", str(target), "--format", "json", "--jobs", "2", "--no-cache"], cwd=tmp_path,
                       timeout=120)
    assert run.returncode in (0, 1), run.stderr[-2000:]
    assert_no_traceback(run.stderr)
    doc = json.loads(run.stdout)
    jsonschema.validate(doc, contract_schema)
    assert "\x1b" not in run.stdout and "\\u001b" not in run.stdout  # not even JSON-escaped: shown as \x1b
    (applicant,) = doc["applicants"]
    outcomes = assert_accounted(applicant)
    assert outcomes["empty.pdf"] == ["empty-file"]
    assert "evil\\x1b[2J.pdf" in outcomes
    assert any(o == ["unreadable"] for p, o in outcomes.items() if "escape.pdf" in p)
