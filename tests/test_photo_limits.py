"""The ID photo's pixel limits live in one place, the rule pack (files.photo_min_width/height in
pack.yaml): the photo-quality check reads them from there, and a pack that asks for more pixels turns
the same photo into a low-quality finding."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import check_doc, findings
from factories import build_applicant, make_photo

BUNDLED = Path(__file__).resolve().parents[1] / "rules" / "xj-2021-zrkx-syjs"


def _pack_with_photo_height(tmp_path: Path, height: int) -> Path:
    target = tmp_path / "pack"
    shutil.copytree(BUNDLED, target)
    pack_yaml = target / "pack.yaml"
    text = pack_yaml.read_text(encoding="utf-8")
    assert text.count("photo_min_height: 260\n") == 1
    pack_yaml.write_text(text.replace("photo_min_height: 260\n", f"photo_min_height: {height}\n"), encoding="utf-8")
    return target


def _applicant_with_photo(tmp_path: Path, size: tuple[int, int]) -> Path:
    return build_applicant(tmp_path / "a", replace={"photo": lambda target: make_photo(target, size)})


def _photo_findings(doc: dict) -> list[dict]:
    return findings(doc, category="low-quality", item="photo")


def test_bundled_pack_sets_the_photo_limits(pack):
    assert (pack.files.photo_min_width, pack.files.photo_min_height) == (200, 260)


def test_photo_at_the_packs_minimum_passes_and_one_pixel_less_does_not(tmp_path):
    assert _photo_findings(check_doc(_applicant_with_photo(tmp_path / "ok", (200, 260)))) == []
    short = _photo_findings(check_doc(_applicant_with_photo(tmp_path / "short", (200, 259))))
    assert [f["code"] for f in short] == ["ZC306"] and "200×260" in short[0]["message"]


def test_changing_the_packs_photo_limit_changes_the_verdict(tmp_path):
    folder = _applicant_with_photo(tmp_path, (210, 270))
    assert _photo_findings(check_doc(folder)) == []
    stricter = _pack_with_photo_height(tmp_path, 280)
    flagged = _photo_findings(check_doc(folder, rules=str(stricter)))
    assert [(f["code"], f["data"]["height"]) for f in flagged] == [("ZC306", 270)]
    assert "200×280" in flagged[0]["message"]
    low = _applicant_with_photo(tmp_path / "low", (200, 240))
    assert [f["code"] for f in _photo_findings(check_doc(low))] == ["ZC306"]
    looser = _pack_with_photo_height(tmp_path / "looser", 240)
    assert _photo_findings(check_doc(low, rules=str(looser))) == []
