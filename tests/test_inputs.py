"""Listing an applicant (zccheck.scan.inputs) and the profile it finds: a profile larger than
MAX_PROFILE_BYTES is a profile error that says so, never a file silently cut off."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from conftest import check_doc, findings
from factories import PROFILE, profile_yaml
from zccheck.engine import list_applicant
from zccheck.profile import MAX_PROFILE_BYTES, load_profile
from zccheck.report.messages import render_message


def _profile_of_size(size: int) -> bytes:
    """A valid profile padded with a YAML comment to exactly `size` bytes."""
    text = profile_yaml(PROFILE).encode("utf-8")
    return text + b"#" + b"x" * (size - len(text) - 2) + b"\n"


def test_profile_over_the_limit_is_a_profile_error(pack) -> None:
    profile, problems = load_profile(_profile_of_size(MAX_PROFILE_BYTES + 1), "申报信息.yaml", pack)
    assert [p.code for p in problems] == ["ZC001"]
    zh, en = (render_message(problems[0], pack, lang) for lang in ("zh", "en"))
    assert "超过 256 KB" in zh and "larger than 256 KB" in en
    assert problems[0].data_dict() == {"problem": "too-large", "limit_bytes": MAX_PROFILE_BYTES}
    assert profile.values == ()  # nothing read from a file that was not read whole


def test_profile_at_the_limit_is_read(pack) -> None:
    profile, problems = load_profile(_profile_of_size(MAX_PROFILE_BYTES), "申报信息.yaml", pack)
    assert problems == []
    assert profile.get("name") == PROFILE["姓名"]


@pytest.mark.parametrize("as_zip", [False, True], ids=["folder", "zip"])
def test_large_profile_in_a_folder_or_zip_is_reported(tmp_path: Path, pack, as_zip: bool) -> None:
    folder = tmp_path / "张三"
    folder.mkdir()
    (folder / "申报信息.yaml").write_bytes(_profile_of_size(MAX_PROFILE_BYTES + 10))
    target = folder
    if as_zip:
        target = tmp_path / "张三.zip"
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zf:
            zf.write(folder / "申报信息.yaml", "申报信息.yaml")
    raw, name = list_applicant(target, "张三", pack).profile
    assert name == "申报信息.yaml" and raw is not None and len(raw) == MAX_PROFILE_BYTES + 1  # enough to tell

    doc = check_doc(target, lang="en")
    (error,) = findings(doc, "ZC001")
    assert error["severity"] == "error" and error["file"] == "申报信息.yaml"
    assert "larger than 256 KB and was not read" in error["message"]
