"""How a page's pixels reach the engine: turned upright by its EXIF tag, and not copied on the way (each copy
of a 200-dpi scan is 11.6 MB held in every OCR worker while its page is detected)."""

from __future__ import annotations

import io

from PIL import Image

from tests.factories import scan_image

ID = "650102198506151232"


def _photo(page: Image.Image, orientation: int | None) -> Image.Image:
    """`page` as a phone stores it: the sensor's pixels (turned a quarter left) and a tag saying how to show them."""
    stored = page.rotate(90, expand=True) if orientation else page
    exif = Image.Exif()
    if orientation:
        exif[0x0112] = orientation
    buffer = io.BytesIO()
    stored.save(buffer, "JPEG", quality=90, exif=exif.tobytes())
    buffer.seek(0)
    return Image.open(buffer)


def test_an_upright_page_is_prepared_without_a_copy_and_a_tagged_photo_is_turned(ocr_module):
    page = scan_image(f"居民身份证\n姓名 张三\n公民身份号码 {ID}", size=(1240, 1754))
    upright = _photo(page, None)
    assert ocr_module._prepare(upright) is upright
    tagged = _photo(page, 6)  # stored 1754 wide: shown turned a quarter right, back to 1240 × 1754
    assert tagged.size == (1754, 1240)
    prepared = ocr_module._prepare(tagged)
    assert prepared.size == (1240, 1754) and prepared is not tagged
    assert ID in "".join(ocr_module.ocr_image(tagged).text.split())
