"""A page read top first (a heading rule: its title, or until it names the applicant) has its text detected in
its top part first, at the page's own scale; a line the band's edge cuts through is not read; and a page the
top does not settle is detected whole and reads exactly as it did."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pytest

from tests.factories import scan_image
from zccheck.checks.identity import NamedSettles, named_settles
from zccheck.profile import load_profile
from zccheck.scan.ocr_heading import BoxWatch

COURSES = "\n".join(f"课程{i}：专业技术人员职业道德与诚信建设第{i}讲" for i in range(1, 16))
TOP = "2019年度公需科目培训合格证书\n姓名：张三\n学时：30学时\n" + COURSES
LOW = "2019年度公需科目培训合格证书\n" + COURSES + "\n姓名：张三\n学时：30学时"


def squash(s: str) -> str:
    return "".join(s.split())


@dataclass
class Found:
    boxes: object
    scores: list


class Preprocess:  # RapidOCR's DetPreProcess: its resize is what BoxWatch.given replaces
    def resize(self, image):
        return image


class Detector:
    def __init__(self, boxes):
        self.boxes, self.seen = boxes, []

    def get_preprocess(self):
        return Preprocess()

    def __call__(self, image):
        self.seen.append(self.get_preprocess().resize(image).shape)
        return Found(np.array(self.boxes, dtype=float), [0.9] * len(self.boxes))


class Locked:  # a wrapper as zccheck.scan.ocr's detection lock is
    def __init__(self, detector):
        self._detector = detector

    def __call__(self, image):
        return self._detector(image)


def box(top, bottom):
    return [[10, top], [300, top], [300, bottom], [10, bottom]]


def test_a_band_is_given_to_the_detector_as_the_page_scaled_without_the_line_its_edge_cuts():
    detector = Detector([box(20, 60), box(100, 140), box(760, 789)])
    watch = BoxWatch(Locked(detector))
    page = np.zeros((1754, 1240, 3), np.uint8)
    band = (slice(100, 889), slice(50, 1240))  # a band of the page's inked part, where it lies on the page
    with watch.given(np.zeros((320, 512, 3), np.uint8), page.shape[:2], band, floor=886):
        found = watch(page)
    assert detector.seen == [(320, 512, 3)]  # the band as it lies on the page scaled for detection
    # its boxes in the page's frame, without the line the band's lower edge cuts through
    assert found.boxes.tolist() == [[[x + 50, y + 100] for x, y in b] for b in (box(20, 60), box(100, 140))]
    assert found.scores == [0.9, 0.9]
    assert "get_preprocess" not in vars(detector) and watch.floor is None and watch.region is None  # as before
    assert watch(page).boxes.tolist() == [box(20, 60), box(100, 140), box(760, 789)] and detector.seen[-1] == page.shape
    # a page RapidOCR padded (a strip) is detected as RapidOCR detects it
    with watch.given(np.zeros((320, 512, 3), np.uint8), page.shape[:2], band, floor=None):
        padded = watch(np.zeros((1800, 1240, 3), np.uint8))
    assert detector.seen[-1] == (1800, 1240, 3) and padded.boxes.tolist()[0] == box(20, 60)


@pytest.fixture(scope="module")
def rule(pack) -> NamedSettles:
    profile, _ = load_profile("姓名: 张三\n".encode(), "申报信息.yaml", pack, {})
    found = named_settles(pack, next(it for it in pack.items if it.id == "training-public"), profile)
    assert isinstance(found, NamedSettles)
    return found


@pytest.fixture
def detections(ocr_module, monkeypatch):
    """The heights of the images the engine's detector is given."""
    watch = ocr_module._get_engine().text_det
    assert isinstance(watch, BoxWatch)
    heights: list[int] = []

    class Recording(Locked):
        def __call__(self, image):
            heights.append(image.shape[0])
            return self._detector(image)

    monkeypatch.setattr(watch, "_detector", Recording(watch._detector))
    return heights


def _part(ocr_module, page):
    """The part of `page` the engine detects text in (zccheck.scan.ocr_crop)."""
    from zccheck.scan.ocr_crop import part_to_detect

    return part_to_detect(np.asarray(page.convert("RGB"))[:, :, ::-1], ocr_module.DETECTION_LIMIT)


def test_a_certificate_named_near_its_top_is_detected_in_its_top_alone(ocr_module, rule, detections):
    page = scan_image(TOP)
    band = _part(ocr_module, page).top(ocr_module.TOP_BAND)
    named = ocr_module.ocr_image(page, rule)
    assert detections == [band.rows.stop - band.rows.start] and not named.complete
    assert detections[0] < page.height * ocr_module.TOP_BAND  # the top of its inked part, not of the paper
    whole = ocr_module.ocr_image(page)
    assert named.lines == whole.lines[:len(named.lines)] and "张三" in squash(named.text)


def test_a_page_named_below_its_top_is_detected_whole_and_reads_as_before(ocr_module, rule, detections):
    page = scan_image(LOW)
    named = ocr_module.ocr_image(page, rule)
    inked = _part(ocr_module, page)
    assert len(detections) == 2 and detections[1] == inked.rows.stop - inked.rows.start  # the band did not settle it
    assert "张三" in squash(named.text)
    assert named.lines == ocr_module.ocr_image(page).lines[:len(named.lines)]
