"""The seal look on WeChat photos of the pages whose seal is checked (单位公示, 主管单位推荐意见), through
the scanner's own decoding (zccheck.scan.image.ImageAnalyzer), with OCR's larger decode and without.

WeChat re-compresses a photo to 1080 px on its short side at JPEG quality 55–75, and a desk lamp leaves
the seal's ink dark ((81, 19, 24) for a (200, 60, 60) ink): before the look took its red mask on a copy
twice the thumbnail's size and told red by hue in dim light, about one such page in eight was reported
unsealed (ZC406) under --ocr. Both directions are asserted on the same drawn pages: stamped → seal,
the same page drawn without its stamp → no seal.
"""

from __future__ import annotations

import io
import random

import pytest

pytest.importorskip("PIL")

from PIL import Image  # noqa: E402

from tests import photo_folders as pf  # noqa: E402
from zccheck.scan.image import ImageAnalyzer  # noqa: E402
from zccheck.scan.ocr_runner import OcrRunner  # noqa: E402
from zccheck.scan.scanner import ScanSettings, scan_bytes  # noqa: E402

SEEDS = range(14)


def _wechat_photos(seed: int) -> list[tuple[str, bytes]]:
    """Each page of one applicant's 公示 and 推荐意见, photographed and sent over WeChat."""
    rng = random.Random(f"photo-seal:{seed}")
    ctx = pf.Ctx(rng, pf.make_person(rng, {}), pf.make_dates(rng))
    photos = []
    for doc in pf.doc_unit_publicity(ctx) + pf.doc_authority(ctx):
        for k, sheet in enumerate(doc.sheets, 1):
            shot = pf.capture(sheet.im, "wechat", random.Random(f"photo-seal-shot:{seed}:{doc.key}:{k}"))
            buf = io.BytesIO()
            shot.image.save(buf, "JPEG", quality=shot.quality)
            photos.append((f"seed {seed} {doc.key} p{k}", buf.getvalue()))
    return photos


def _seal_looks(photos: list[tuple[str, bytes]]) -> dict[str, bool | None]:
    looks = {}
    for name, data in photos:
        # OcrRunner(available=False): the decode OCR asks for (up to 1024 px), no recognition
        for mode, ocr in (("ocr", OcrRunner(None, False)), ("plain", None)):
            facts, problem, _ = ImageAnalyzer("0" * 64, ocr).image_facts(data)
            assert facts is not None, (name, problem)
            looks[f"{name} ({mode})"] = facts.seal
    return looks


def test_the_seal_on_a_wechat_photo_of_a_sealed_page_is_seen():
    looks = {k: v for seed in SEEDS for k, v in _seal_looks(_wechat_photos(seed)).items()}
    missed = [k for k, seal in looks.items() if seal is not True]
    assert len(looks) >= 4 * len(SEEDS)
    assert missed == []


def test_the_same_pages_drawn_without_their_stamp_show_no_seal(monkeypatch):
    monkeypatch.setattr(pf, "stamp", lambda *args, **kwargs: None)
    looks = {k: v for seed in SEEDS for k, v in _seal_looks(_wechat_photos(seed)).items()}
    seen = [k for k, seal in looks.items() if seal is not False]
    assert len(looks) >= 4 * len(SEEDS)
    assert seen == []


def test_the_seal_on_a_photo_put_into_a_pdf_is_seen():
    """The same photos as pages of a PDF (Pillow writes each as a DCTDecode JPEG): the scanner decodes
    a scanned page's JPEG itself, small without OCR, and looks again closer at a near miss."""
    settings = ScanSettings(max_file_bytes=50 * 2**20, accepted_kinds=("pdf",))
    missed = []
    for seed in SEEDS:
        photos = _wechat_photos(seed)
        pages = [Image.open(io.BytesIO(data)) for _, data in photos]
        buf = io.BytesIO()
        pages[0].save(buf, "PDF", save_all=True, append_images=pages[1:], quality=70)
        facts = scan_bytes(f"seed{seed}.pdf", buf.getvalue(), settings)
        assert len(facts.pages) == len(photos)
        missed += [name for (name, _), page in zip(photos, facts.pages) if page.seal is not True]
    assert missed == []
