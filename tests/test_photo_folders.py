"""Realistic folders of phone photos and scans (tests/photo_folders.py): first the generator itself
(fast, no OCR), then zccheck end to end on them with OCR.

The end-to-end tests state what zccheck must do with a folder as applicants really hand it in: a
complete folder passes with nothing missing and nothing unrecognised; a folder missing one material
says exactly that. bench/photo_folders.py measures the same on many seeds.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from pathlib import Path

import pytest

from tests.conftest import check_doc
from tests.factories import FONT_FILE
from tests.photo_folders import Manifest, make_photo_folder

CAMERA = re.compile(r"IMG_\d{8}_\d{6}\.jpg|IMG\d{14}\.jpg|IMG_\d{4}\.JPG|IMG_\d{8}_\d{4}\.jpg")
WECHAT = re.compile(r"微信图片_\d{14}(\(\d+\))?\.jpg")
SCANNER = re.compile(r"Scan_\d{4}\.jpg|扫描件_\d{4}\.jpg")
CAMSCANNER = re.compile(r"扫描全能王 \d{4}-\d{2}-\d{2} \d{2}\.\d{2}_\d+\.jpg|CamScanner \d{2}-\d{2}-\d{4} \d{2}\.\d{2}_\d+\.jpg")
PATTERNS = {"camera": CAMERA, "wechat": WECHAT, "scanner": SCANNER, "camscanner": CAMSCANNER}
ALL_DEVICES = ("camera", "wechat", "camscanner", "scanner")


def _digests(root: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(root.iterdir())}


def _sequence_key(name: str, device: str):
    """Where a name puts a file in its device's sequence."""
    if device == "wechat":
        m = re.fullmatch(r"微信图片_(\d{14})(?:\((\d+)\))?\.jpg", name)
        return m.group(1), int(m.group(2) or 0)
    if device == "camscanner":
        m = re.fullmatch(r"扫描全能王 (\S+ \S+)_(\d+)\.jpg", name)
        if m:
            return dt.datetime.strptime(m.group(1), "%Y-%m-%d %H.%M"), int(m.group(2))
        m = re.fullmatch(r"CamScanner (\S+ \S+)_(\d+)\.jpg", name)
        return dt.datetime.strptime(m.group(1), "%m-%d-%Y %H.%M"), int(m.group(2))
    digits = re.findall(r"\d+", name)
    return tuple(int(d) for d in digits)


@pytest.fixture(scope="module")
def mixed(tmp_path_factory) -> tuple[Path, Manifest]:
    """One folder photographed in four sessions: camera, WeChat, CamScanner, flatbed scanner."""
    root = tmp_path_factory.mktemp("mixed") / "申报人"
    return root, make_photo_folder(root, 21, devices=ALL_DEVICES)


@pytest.fixture(scope="module")
def wechat(tmp_path_factory) -> tuple[Path, Manifest]:
    root = tmp_path_factory.mktemp("wechat") / "申报人"
    return root, make_photo_folder(root, 22, devices=("wechat",))


# --- the generator ----------------------------------------------------------------------------------

def test_same_seed_same_files_byte_for_byte(tmp_path, mixed):
    root, manifest = mixed
    again = make_photo_folder(tmp_path / "申报人", 21, devices=ALL_DEVICES)
    assert _digests(tmp_path / "申报人") == _digests(root)
    assert again.to_json() | {"root": ""} == manifest.to_json() | {"root": ""}


def test_other_seed_other_applicant(tmp_path, wechat):
    _, manifest = wechat
    other = make_photo_folder(tmp_path / "x", 23, devices=("wechat",))
    assert other.profile["身份证号"] != manifest.profile["身份证号"]


def test_manifest_covers_every_file_and_nothing_else(mixed, wechat):
    for root, manifest in (mixed, wechat):
        on_disk = {p.name for p in root.iterdir()}
        assert on_disk == {f.name for f in manifest.files} | {"申报信息.yaml"}
        assert len({f.name for f in manifest.files}) == len(manifest.files)
        assert all(p.read_bytes()[:3] == b"\xff\xd8\xff" for p in root.iterdir() if p.suffix.lower() == ".jpg")


def test_a_second_scanner_session_numbers_on_and_overwrites_nothing(tmp_path):
    """Two sittings at the flatbed on one day: its numbers go on (Scan_0016.jpg), as a scanner finds its last file."""
    root = tmp_path / "申报人"
    manifest = make_photo_folder(root, 26, devices=("scanner", "scanner"))
    names = [f.name for f in manifest.files]
    assert len(set(names)) == len(names)
    assert {p.name for p in root.iterdir()} == set(names) | {"申报信息.yaml"}
    for prefix in {n.split("_")[0] for n in names}:  # Scan_0001.jpg or 扫描件_0001.jpg, as each scanner is set
        numbers = [int(re.search(r"(\d{4})\.jpg$", n).group(1)) for n in names if n.startswith(prefix + "_")]
        assert numbers == sorted(numbers) and len(set(numbers)) == len(numbers), prefix


def test_names_follow_each_devices_convention(mixed):
    _, manifest = mixed
    assert {f.device for f in manifest.files} == set(ALL_DEVICES)
    for f in manifest.files:
        assert PATTERNS[f.device].fullmatch(f.name), (f.device, f.name)


def test_names_follow_the_order_pages_were_photographed(mixed, wechat):
    """Within a session the device's sequence (time stamp, counter, CamScanner page) runs in the order
    the pages were taken; a document's pages are consecutive and in order."""
    for _, manifest in (mixed, wechat):
        files = manifest.files
        sessions: list[list] = []
        for f in files:
            if not sessions or sessions[-1][0].device != f.device:
                sessions.append([])
            sessions[-1].append(f)
        for session in sessions:
            device = session[0].device
            keys = [_sequence_key(f.name, device) for f in session]
            if device == "camscanner":  # one scan a document, pages _1, _2, … of the same minute
                docs = [k[0] for k in keys]
                assert docs == sorted(docs)
            else:
                assert keys == sorted(keys), [f.name for f in session]
        seen: dict[str, list[int]] = {}
        for index, f in enumerate(files):
            seen.setdefault(f.doc, []).append(index)
        for doc, indices in seen.items():
            assert indices == list(range(indices[0], indices[0] + len(indices))), doc
            assert [files[i].page for i in indices] == list(range(1, len(indices) + 1)), doc
            assert all(files[i].pages == len(indices) for i in indices), doc


def test_every_material_of_a_complete_application(mixed, wechat):
    for _, manifest in (mixed, wechat):
        items = {f.item for f in manifest.files}
        assert items == {"commitment", "photo", "id-card", "education", "title-proof", "training-professional",
                         "training-public", "achievements", "work-summary", "annual-assessment", "unit-audit",
                         "unit-publicity", "authority-recommendation"}
        assert sorted({f.year for f in manifest.files if f.item == "training-public"}) == list(range(2014, 2021))
        sides = [f for f in manifest.files if f.item == "annual-assessment"]
        assert sorted(f.year for f in sides) == [2018, 2018, 2019, 2019, 2020, 2020]  # front and back of each
        assert manifest.expected == []


def test_profile_is_valid_and_consistent(mixed, wechat):
    from zccheck.content.idcard import validate_id

    for root, manifest in (mixed, wechat):
        p = manifest.profile
        assert validate_id(p["身份证号"], today=dt.date(2021, 10, 10)).valid
        ladder = {"自然科学研究": ["研究实习员", "助理研究员", "副研究员", "研究员"],
                  "实验技术": ["助理实验师", "实验师", "高级实验师", "正高级实验师"]}[p["系列"]]
        assert ladder.index(p["申报职称"]) == ladder.index(p["现任职称"]) + 1
        text = (root / "申报信息.yaml").read_text(encoding="utf-8")
        assert f'姓名: "{p["姓名"]}"' in text


def test_profile_overrides(tmp_path):
    m = make_photo_folder(tmp_path / "a", 24, devices=("wechat",), 系列="实验技术", 申报职称="高级实验师", 现任职称="实验师",
                          现任职称取得地="外省")
    assert (m.profile["系列"], m.profile["申报职称"]) == ("实验技术", "高级实验师")
    parts = {f.part for f in m.files if f.item == "title-proof"}
    assert parts == {"title-certificate", "qualification-document", "review-form"}  # 外省取得：三件都要


@pytest.mark.parametrize("remove, expected", [
    ("training-public:2016", [{"category": "year-missing", "item": "training-public", "years": [2016]}]),
    ("commitment", [{"category": "missing", "item": "commitment"}]),
    ("id-card:back", [{"category": "incomplete", "item": "id-card", "parts": ["back"]}]),
])
def test_remove_drops_exactly_that_material(tmp_path, wechat, remove, expected):
    root, complete = wechat
    variant = make_photo_folder(tmp_path / "申报人", 22, devices=("wechat",), remove=remove)
    assert variant.expected == expected
    item = remove.split(":")[0]
    before = {(f.doc, f.page): f.name for f in complete.files}
    after = {(f.doc, f.page) for f in variant.files}
    gone = set(before) - after
    assert gone and all(doc.split(":")[0] == item for doc, _ in gone)
    for f in variant.files:
        if (f.doc, f.page) in before:  # every other page is the very same picture (names may shift)
            assert (tmp_path / "申报人" / f.name).read_bytes() == (root / before[(f.doc, f.page)]).read_bytes()
        else:  # only: the ID card photographed side by side instead of as one copy of both sides
            assert remove.startswith("id-card:") and f.item == "id-card"
    if remove == "id-card:back":
        assert {f.part for f in variant.files if f.item == "id-card"} == {"front"}


def test_remove_of_nothing_is_an_error(tmp_path):
    with pytest.raises(ValueError):
        make_photo_folder(tmp_path / "x", 22, devices=("wechat",), remove="training-public:2013")


# --- zccheck on them, with OCR ----------------------------------------------------------------------
# Two complete folders, and the same folders with one material removed (same pictures, so the
# remove-variants' OCR comes from the session's cache). Their devices are pinned so that the traps
# are in: seed 31 — a camera session, then CamScanner (扫描全能王 2021-… names on six 公需 certificates
# of 2014–2020, the three annual assessment forms and the 任职资格文件 with its 附件 名单), and a 承诺书
# titled 专业技术职务任职资格申报诚信承诺书; seed 32 — WeChat and a flatbed scanner, the current title
# proven by a 2-page 评审表 (its second page: a table without a title), saved in the same second
# (微信图片_…(1).jpg).
E2E = {31: {"devices": ("camera", "camscanner")}, 32: {"devices": ("wechat", "scanner"), "title_proof": "review-form"}}


def _need_ocr() -> None:
    from zccheck.scan.ocr import ocr_available

    if not ocr_available():
        pytest.skip("the OCR extra is not installed (pip install 'zccheck[ocr]')")
    if not Path(FONT_FILE).exists():
        pytest.skip(f"no CJK font to draw the scans with ({FONT_FILE}: Debian fonts-wqy-microhei)")


def _explain(doc: dict, manifest: Manifest) -> str:
    """The findings and the files zccheck did not put under their true item, for the failure message."""
    a = doc["applicants"][0]
    listed: dict[str, list[str]] = {}
    for item in a["items"]:
        for name in item["files"]:
            listed.setdefault(name, []).append(item["id"])
    wrong = [f"{f.name}: true {f.item} ({f.kind} p{f.page}/{f.pages}), zccheck {listed.get(f.name) or 'none'}"
             for f in manifest.files if f.item not in listed.get(f.name, [])]
    found = [f"{f['severity']} {f['code']} {f['category']} {f['item']} {f['file']}" for f in a["findings"]
             if f["severity"] in ("error", "warning")]
    return "\n".join(["findings:", *found, "files not under their true item:", *wrong])


@pytest.mark.parametrize("seed", [31, 32])
def test_complete_photo_folder_passes(tmp_path, seed):
    _need_ocr()
    manifest = make_photo_folder(tmp_path / "申报人", seed, **E2E[seed])
    doc = check_doc(tmp_path / "申报人", ocr=True)
    a = doc["applicants"][0]
    errors = [f for f in a["findings"] if f["severity"] == "error"]
    bad = [f for f in a["findings"] if f["category"] in ("unclassified", "missing", "year-missing", "incomplete")]
    assert a["status"] == "pass" and not errors and not bad, _explain(doc, manifest)


@pytest.mark.parametrize("seed, remove", [(31, "commitment"), (32, "training-public:2016")])
def test_photo_folder_missing_one_material_says_exactly_that(tmp_path, seed, remove):
    _need_ocr()
    manifest = make_photo_folder(tmp_path / "申报人", seed, remove=remove, **E2E[seed])
    (expected,) = manifest.expected
    doc = check_doc(tmp_path / "申报人", ocr=True)
    a = doc["applicants"][0]
    hits = [f for f in a["findings"] if f["category"] == expected["category"] and f["item"] == expected["item"]
            and set(expected.get("years", [])) <= set((f.get("data") or {}).get("years") or [])]
    others = [f for f in a["findings"] if f["severity"] == "error" and f not in hits]
    assert len(hits) == 1 and not others, _explain(doc, manifest)
    assert a["status"] == "fail"
