"""One picture made ready for the upload system: turned upright by its EXIF orientation, converted to a
format the item takes (PNG/BMP/TIFF/GIF/WebP → JPEG; HEIC → JPEG where pillow-heif is importable) and
brought under the item's size limit — the JPEG quality lowered step by step, then the picture scaled
down, never below a legible size and never up. A picture that needs none of this is copied byte for
byte. What cannot be done faithfully raises ImageRefused with the words' key: the file goes to 待确认."""

from __future__ import annotations

import io
import math
import warnings
from dataclasses import dataclass
from typing import Any

from PIL import Image

from zccheck.scan.image import upright
from zccheck.scan.image_analysis import flatten_to_rgb

# Kinds a library turns into a picture of the same pixels (a single frame); HEIC only with pillow-heif.
CONVERTIBLE = frozenset({"png", "bmp", "tiff", "gif", "webp", "heic"})
FIRST_QUALITY = 90  # a converted picture's first JPEG quality
QUALITY_STEPS = (85, 80, 75, 70, 65, 60)  # tried in turn while the file is over the limit
SCALE_STEP = 0.9  # then each side shrinks by this much, at the lowest quality, until it fits
_ORIENTATION = 0x0112
_JPEG_MODES = ("RGB", "L", "CMYK")


@dataclass(frozen=True)
class ImageLimits:
    formats: tuple[str, ...]  # the kinds the item takes
    max_bytes: int | None  # the largest file it takes
    floor: tuple[int, int]  # (short side, long side): scaling stops before going below these pixels


@dataclass(frozen=True)
class Prepared:
    data: bytes
    kind: str  # jpeg, png, or the source's kind when copied
    action: str  # copied | rotated | converted | re-encoded
    steps: tuple[tuple[str, dict[str, Any]], ...] = ()  # (words key, values) saying what was done


class ImageRefused(Exception):
    def __init__(self, key: str, **values: Any):
        super().__init__(key)
        self.key, self.values = key, values


def heif_available() -> bool:
    try:
        from pillow_heif import register_heif_opener
    except Exception:  # noqa: BLE001 — not installed, or its native library fails to load
        return False
    register_heif_opener()
    return True


def _open(data: bytes, kind: str) -> Image.Image:
    if kind == "heic" and not heif_available():
        raise ImageRefused("heic-no-lib")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            image.load()
    except ImageRefused:
        raise
    except Exception as e:  # a truncated, corrupt or hostile picture
        raise ImageRefused("image-error", detail=f"{type(e).__name__}: {str(e)[:80]}") from None
    return image


def _orientation(image: Image.Image) -> int | None:
    try:
        value = image.getexif().get(_ORIENTATION)
    except Exception:  # noqa: BLE001 — broken EXIF: shown as stored
        return None
    return value if isinstance(value, int) and 2 <= value <= 8 else None


def target_kind(kind: str, formats: tuple[str, ...]) -> str | None:
    """The kind a picture of `kind` is uploaded as: itself when taken, else JPEG (else PNG) when taken."""
    if kind in formats and kind != "heic":
        return kind
    if kind not in CONVERTIBLE and kind != "jpeg":
        return None
    return next((k for k in ("jpeg", "png") if k in formats), None)


def prepare_image(data: bytes, kind: str, limits: ImageLimits) -> Prepared:
    """The picture as the item takes it (see the module's docstring); raises ImageRefused."""
    image = _open(data, kind)
    orientation = _orientation(image)
    target = target_kind(kind, limits.formats)
    if target is None:
        raise ImageRefused("not-convertible", kind=kind)
    fits = limits.max_bytes is None or len(data) <= limits.max_bytes
    if orientation is None and target == kind and fits:
        return Prepared(data, kind, "copied")
    frames = getattr(image, "n_frames", 1)
    if frames > 1:  # a multi-page TIFF, an animated GIF: one picture would drop the rest
        raise ImageRefused("multi-frame", kind=kind, frames=frames)
    steps: list[tuple[str, dict[str, Any]]] = []
    shown = image
    if orientation is not None:
        shown = upright(image)
        steps.append(("step-rotated", {"orientation": orientation}))
    if target == "png":
        out, target = _as_png(shown, limits, steps)
    else:
        out = _as_jpeg(shown, image if kind == "jpeg" else None, limits, steps)
    if target != kind and not any(key == "step-converted-size" for key, _ in steps):
        steps.insert(1 if orientation else 0, ("step-converted", {"source": kind, "target": target}))
    action = "converted" if target != kind else "rotated" if orientation is not None else "re-encoded"
    return Prepared(out, target, action, tuple(steps))


def _save_kwargs(image: Image.Image, scale: float = 1.0) -> dict[str, Any]:
    kwargs: dict[str, Any] = {}
    dpi = image.info.get("dpi")
    if isinstance(dpi, tuple) and len(dpi) == 2 and all(isinstance(v, (int, float)) and v > 0 for v in dpi):
        kwargs["dpi"] = (float(dpi[0]) * scale, float(dpi[1]) * scale)  # the same paper size once scaled
    if image.info.get("icc_profile"):
        kwargs["icc_profile"] = image.info["icc_profile"]  # colours as they were; no other EXIF (a phone's GPS)
    return kwargs


def _encode_jpeg(image: Image.Image, quality: int | None, source: Image.Image | None, scale: float = 1.0) -> bytes:
    buffer = io.BytesIO()
    kwargs = _save_kwargs(source or image, scale)
    tables = getattr(source, "quantization", None)
    if quality is None and source is not None and tables:
        # Turned only: the source's own quantisation tables and subsampling, so it looks and weighs the same.
        from PIL import JpegImagePlugin

        kwargs.update(qtables=tables, subsampling=JpegImagePlugin.get_sampling(source))
    else:
        kwargs["quality"] = quality or FIRST_QUALITY
    pixels = image if image.mode in _JPEG_MODES else flatten_to_rgb(image)
    pixels.save(buffer, "JPEG", optimize=True, **kwargs)
    return buffer.getvalue()


def _fits(data: bytes, limits: ImageLimits) -> bool:
    return limits.max_bytes is None or len(data) <= limits.max_bytes


def _as_jpeg(image: Image.Image, source: Image.Image | None, limits: ImageLimits,
             steps: list[tuple[str, dict[str, Any]]]) -> bytes:
    out = _encode_jpeg(image, None, source)
    if _fits(out, limits):
        return out
    for quality in QUALITY_STEPS:
        out = _encode_jpeg(image, quality, source)
        if _fits(out, limits):
            steps.append(("step-quality", {"quality": quality}))
            return out
    steps.append(("step-quality", {"quality": QUALITY_STEPS[-1]}))
    return _scaled_until_fits(image, limits, steps, lambda im, s: _encode_jpeg(im, QUALITY_STEPS[-1], source or image, s))


def _scaled_until_fits(image: Image.Image, limits: ImageLimits, steps: list[tuple[str, dict[str, Any]]],
                       encode: Any) -> bytes:
    width, height = image.size
    scale = 1.0
    while True:
        scale *= SCALE_STEP
        size = (max(1, round(width * scale)), max(1, round(height * scale)))
        short, long = sorted(size)
        if short < limits.floor[0] or long < limits.floor[1]:
            floor_w, floor_h = _floor_size(image.size, limits.floor)
            raise ImageRefused("cannot-shrink", width=floor_w, height=floor_h, limit=_kb(limits.max_bytes))
        out = encode(image.resize(size, Image.Resampling.LANCZOS), scale)
        if _fits(out, limits):
            steps.append(("step-scaled", {"width": size[0], "height": size[1]}))
            return out


def _kb(size: int | None) -> str:
    return f"{(size or 0) / 1024:.0f} KB"


def _floor_size(size: tuple[int, int], floor: tuple[int, int]) -> tuple[int, int]:
    """The floor as this picture's width × height (its short side against the floor's short side)."""
    width, height = size
    return (floor[0], floor[1]) if width <= height else (floor[1], floor[0])


def _encode_png(image: Image.Image, scale: float = 1.0) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True, **_save_kwargs(image, scale))
    return buffer.getvalue()


def _as_png(image: Image.Image, limits: ImageLimits, steps: list[tuple[str, dict[str, Any]]]) -> tuple[bytes, str]:
    """PNG where the item takes it; over the limit, JPEG when the item takes that too, else a smaller PNG."""
    out = _encode_png(image)
    if _fits(out, limits):
        return out, "png"
    if "jpeg" in limits.formats:
        steps.append(("step-converted-size", {"source": "png", "target": "jpeg", "limit": _kb(limits.max_bytes)}))
        return _as_jpeg(image, None, limits, steps), "jpeg"
    return _scaled_until_fits(image, limits, steps, _encode_png), "png"


def pixel_floor(short_mm: float, long_mm: float, dpi: float) -> tuple[int, int]:
    """The pixels a page of that paper size needs at that resolution: (short side, long side)."""
    return math.ceil(short_mm / 25.4 * dpi), math.ceil(long_mm / 25.4 * dpi)
