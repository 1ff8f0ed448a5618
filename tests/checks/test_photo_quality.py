"""photo-quality (ZC306): the ID photo is a portrait of 1-/2-inch proportions with enough pixels — the
limits are pack.yaml's (files.photo_min_width 200, photo_min_height 260, photo_aspect 0.6–0.85)."""

from __future__ import annotations

from zccheck.checks import photo_quality
from zccheck.codes import severity_of

from tests.checks.builders import broken, context, data, found, pdf, scan, the_pack

ITEM = "photo"


def run(*files):
    return list(photo_quality.run(context("photo-quality", ITEM, files)))


def test_the_limits_are_the_packs():
    files = the_pack().files
    assert (files.photo_min_width, files.photo_min_height, files.photo_aspect) == (200, 260, (0.6, 0.85))


def test_a_one_inch_photo_at_300_dpi():
    assert run(scan(295, 413, path="照片.jpg")) == []


def test_the_smallest_photo_allowed():
    assert run(scan(200, 260, path="照片.jpg")) == []


def test_too_few_pixels():
    findings = run(scan(150, 200, path="照片.jpg"))
    assert found(findings) == [("ZC306", ITEM, "照片.jpg", None)]
    assert data(findings[0], "width", "height") == {"width": 150, "height": 200}
    assert severity_of(findings[0]) == "warning"


def test_one_pixel_short_of_the_height():
    assert found(run(scan(200, 259, path="照片.jpg"))) == [("ZC306", ITEM, "照片.jpg", None)]


def test_a_landscape_image():
    findings = run(scan(413, 295, path="照片.jpg"))
    assert found(findings) == [("ZC306", ITEM, "照片.jpg", None)]
    assert data(findings[0], "width", "height") == {"width": 413, "height": 295}


def test_both_problems_make_one_finding():
    assert found(run(scan(100, 100, path="照片.jpg"))) == [("ZC306", ITEM, "照片.jpg", None)]


def test_each_photo_is_judged():
    findings = run(scan(295, 413, path="a.jpg"), scan(100, 100, path="b.png"))
    assert found(findings) == [("ZC306", ITEM, "b.png", None)]


def test_only_images_are_judged():
    assert run(pdf("照片"), broken("照片.heic", "unsupported", kind="heic")) == []
