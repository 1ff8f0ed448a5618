"""Optional OCR for scanned pages and phone photos (extra ``zccheck[ocr]``).

Engine: RapidOCR 3.x (``rapidocr``) on ONNX Runtime.  Its wheel ships the
PP-OCRv6 small detection / recognition models and the text-direction
classifier inside ``site-packages/rapidocr/models``; we always pass those
files by explicit path, which bypasses RapidOCR's own "download if missing"
logic completely.  Each line is first read by the PP-OCRv6 tiny recogniser zccheck
ships (``zccheck/scan/models``) and again by the small one where that matters
(``zccheck.scan.ocr_cascade``).  If the bundled models are missing, :func:`ocr_image`
raises :class:`OcrError` — nothing is ever fetched from the network.
See ``notes/ocr.md`` for the evaluation behind this choice.

Public API::

    ocr_available() -> bool
    ocr_image(image, heading=None) -> OcrResult   (heading: read the page top first, scan.ocr_heading)
    engine_version() -> str
    OcrCache(directory=None).get(key) / .put(key, result) / .clear()
    OcrCache.make_key(content_sha256, page, engine=None) -> str

Error contract: :func:`ocr_image` raises only :class:`OcrError` (engine not
installed, bundled models missing, image cannot be decoded, engine crash).
An image that decodes but contains no recognisable text gives an *empty*
:class:`OcrResult` (``text == ""``, ``lines == ()``, ``mean_score == 0.0``).
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import hashlib
import importlib.util
import json
import logging
import os
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator

from zccheck.scan.cache import default_cache_dir
from zccheck.scan.heap import release_above, release_free_memory
from zccheck.scan.ocr_crop import INKED_PART_VERSION, DetectionPart, part_to_detect
from zccheck.scan.ocr_cascade import CASCADE_VERSION, QUICK_KEYS, QUICK_MODEL, CascadeRecognizer
from zccheck.scan.ocr_heading import BoxWatch, HeadFirstRecognizer, HeadingRule, reads_dates
from zccheck.scan.ocr_lines import order_lines

if TYPE_CHECKING:  # pragma: no cover
    from PIL import Image

__all__ = [
    "MAX_SIDE",
    "REDUCED_SIDE",
    "OcrCache",
    "OcrError",
    "OcrResult",
    "bounded_for_engine",
    "engine_version",
    "load_engine",
    "ocr_available",
    "ocr_image",
    "serialise_detection",
    "trim_heap_above",
]

log = logging.getLogger(__name__)

#: The longest side of a page given to the engine as it is, and RapidOCR's own cap (Global.max_side_len, 2000
#: by default) set to the same; a larger page is reduced once, to REDUCED_SIDE. Recognition reads each line
#: scaled to 48 px high and detection the page at 704 px, so a page of 2000–2560 px costs the engine what one
#: of 2000 does, while resampling it costs 80 ms: a 2304-px photo or a 300-dpi scan was resized twice (to
#: 2048, then LANCZOS to 2000 for the engine). Larger pages still go to 2048, not 2560: a 300-dpi scan's
#: arrays at 2560 made a batch's peak 30 MB higher (notes/ocr.md).
MAX_SIDE = 2560
REDUCED_SIDE = 2048
#: Images smaller than this on either side are upscaled (tiny crops).
MIN_SIDE = 32

_ENGINE_PACKAGE = "rapidocr"
_RUNTIME_PACKAGE = "onnxruntime"

# Which bundled model file serves which task: (param prefix, filename marker).
_TASKS = (("Det", "_det"), ("Cls", "_cls"), ("Rec", "_rec"))

# The engine tuned for pages of documents on a small machine (measured in notes/ocr.md):
# - text is detected on the page scaled to at most 704 px on its long side: a 5-mm character of an A4 page
#   is still 12 px there, and recognition reads the crops at the page's full resolution; RapidOCR's default
#   (the short side at least 736 px) detects on the whole 1240×1754 page, 2.5× slower for the same text
#   (960 px was measured first, then 800 px: detection a quarter faster, the same files classified on the
#   tuning and holdout photo folders; then 704 px: detection's feature maps 180 → 148 MB, a holdout photo
#   folder 19.5 s rather than 23.0 s, the same 252 of 254 files classified on fresh holdout seeds 1220–1227);
# - no text-direction classifier: phone photos are turned upright by their EXIF orientation before OCR;
# - one thread per worker process (zccheck runs one worker per core), so workers do not fight for cores;
#   ZCCHECK_OCR_THREADS overrides it for a single-process run;
# - ONNX Runtime's memory arena off: it keeps the largest page's buffers for the life of the worker;
# - each text line recognised on its own (a batch of 1): RapidOCR batches 6 lines padded to the widest,
#   and on a CPU the padding costs more than the batch saves — recognition 25 % faster on photographed
#   pages (11.6 → 8.6 s for 12 pages), and a line's text no longer depends on which lines shared its batch.
DETECTION_LIMIT = 704
ENGINE_SETTINGS: dict[str, Any] = {
    "Det.limit_type": "max",
    "Det.limit_side_len": DETECTION_LIMIT,
    "Global.use_cls": False,
    "EngineConfig.onnxruntime.enable_cpu_mem_arena": False,
    "Rec.rec_batch_num": 1,
    "Global.max_side_len": MAX_SIDE,
}


def _ocr_threads() -> int:
    try:
        return max(1, int(os.environ.get("ZCCHECK_OCR_THREADS", "1")))
    except ValueError:
        return 1


def _thread_settings() -> dict[str, int]:
    return {"EngineConfig.onnxruntime.intra_op_num_threads": _ocr_threads(),
            "EngineConfig.onnxruntime.inter_op_num_threads": 1}


def _opencv_threads_as_the_engines() -> None:
    """OpenCV (the page's colour conversion and resizing, RapidOCR's crops) as many threads as the engine: by
    default it runs a pool of one thread a core, whose threads wait for work by spinning, and two OCR workers
    each with such a pool on 2 cores took CPU from each other (4 slot applicants, four pairs in turn: 5–7 % and
    2–3 % less wall time with one thread, the same findings)."""
    with contextlib.suppress(Exception):
        import cv2

        cv2.setNumThreads(_ocr_threads())


class OcrError(Exception):
    """The one exception :func:`ocr_image` raises: OCR could not be done.

    Causes: the ``ocr`` extra is not installed, its bundled models are
    missing (we refuse to download), the image cannot be decoded, or the
    engine failed.  The message is human-readable; ``__cause__`` holds the
    original exception if there was one.
    """


@dataclass(frozen=True)
class OcrResult:
    """OCR output for one image.

    ``lines`` are visual text lines in reading order (top-to-bottom, then
    left-to-right); text boxes that sit on the same visual row are joined
    with a single space.  ``text`` is ``"\\n".join(lines)``.
    ``mean_score`` is the mean recognition confidence (0..1) over the text
    boxes, 0.0 if there were none.  ``seconds`` is the wall time of the OCR
    run that produced the result (kept as-is when served from the cache).
    ``complete`` is False when only the page's top was read: a heading rule
    said it settled the page (zccheck.scan.ocr_heading).
    """

    text: str
    lines: tuple[str, ...]
    mean_score: float
    seconds: float
    complete: bool = True

    @classmethod
    def empty(cls, seconds: float = 0.0) -> "OcrResult":
        return cls(text="", lines=(), mean_score=0.0, seconds=seconds)

    def to_json(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "lines": list(self.lines),
            "mean_score": self.mean_score,
            "seconds": self.seconds,
            "complete": self.complete,
        }

    @classmethod
    def from_json(cls, data: Any) -> "OcrResult":
        if not isinstance(data, dict):
            raise ValueError("not an object")
        lines = data["lines"]
        if not isinstance(lines, list) or not all(isinstance(s, str) for s in lines):
            raise ValueError("bad lines")
        text = data["text"]
        if not isinstance(text, str):
            raise ValueError("bad text")
        return cls(
            text=text,
            lines=tuple(lines),
            mean_score=float(data["mean_score"]),
            seconds=float(data["seconds"]),
            complete=bool(data.get("complete", True)),
        )


# --------------------------------------------------------------------------
# availability / engine
# --------------------------------------------------------------------------


def ocr_available() -> bool:
    """True if the OCR extra looks installed.  Cheap (no heavy import), never raises."""
    try:
        return (
            importlib.util.find_spec(_ENGINE_PACKAGE) is not None
            and importlib.util.find_spec(_RUNTIME_PACKAGE) is not None
        )
    except Exception:  # noqa: BLE001 - broken installs must not crash callers
        return False


_engine: Any = None
_engine_models: dict[str, Path] | None = None
_cascade: CascadeRecognizer | None = None  # the engine's recogniser when the quick model ships (_with_quick_reading)
_detection_lock: str | None = None  # see serialise_detection
_trim_above: int | None = None  # see trim_heap_above
_engine_lock = threading.Lock()  # guards creation
_run_lock = threading.Lock()  # one OCR at a time: ORT already uses all cores


def _package_version(name: str) -> str:
    try:
        from importlib.metadata import version

        return version(name)
    except Exception:  # noqa: BLE001
        return "unknown"


def _bundled_models() -> dict[str, Path]:
    """Locate the ONNX models shipped inside the rapidocr wheel."""
    spec = importlib.util.find_spec(_ENGINE_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise OcrError("OCR engine not installed: pip install 'zccheck[ocr]'")
    models_dir = Path(list(spec.submodule_search_locations)[0]) / "models"
    files = sorted(models_dir.glob("*.onnx")) if models_dir.is_dir() else []
    found: dict[str, Path] = {}
    for prefix, marker in _TASKS:
        hits = [p for p in files if marker in p.name.lower()]
        if len(hits) != 1:
            raise OcrError(
                f"expected exactly one bundled {prefix.lower()} model in {models_dir}, "
                f"found {[p.name for p in hits]}; refusing to download models"
            )
        found[prefix] = hits[0]
    return found


def _quick_model_present() -> bool:
    return QUICK_MODEL.is_file() and QUICK_KEYS.is_file()


@functools.lru_cache(maxsize=2)
def engine_version(quick: bool = True) -> str:
    """Identifies engine + models, for cache keys: with `quick`, lines read by the quick recogniser first
    (when it ships); without, by the thorough one alone. Never raises; computed once."""
    models = ""
    try:
        if ocr_available():
            m = _engine_models or _bundled_models()
            models = "+" + "+".join(m[p].stem for p, _ in _TASKS)
            if quick and _quick_model_present():
                models += f"+{QUICK_MODEL.stem}+cascade{CASCADE_VERSION}"
    except Exception:  # noqa: BLE001
        models = "+nomodels"
    tuning = "+" + ",".join(f"{k.rsplit('.', 1)[-1]}={v}" for k, v in sorted(ENGINE_SETTINGS.items()))
    return (
        f"rapidocr-{_package_version(_ENGINE_PACKAGE)}"
        f"/ort-{_package_version(_RUNTIME_PACKAGE)}{models}{tuning}+inked{INKED_PART_VERSION}"
    )


# RapidOCR's catalogue of models to download (rapidocr/default_models.yaml)
_DOWNLOAD_CATALOGUE = "default_models.yaml"


@contextlib.contextmanager
def _download_catalogue_left_empty() -> Iterator[None]:
    """While RapidOCR is imported, its catalogue of models to download reads as empty. Two of its modules
    parse the 85-KB file into OmegaConf nodes at import (0.3–0.5 s each, most of an OCR worker's start, which the
    user waits for at the start of every check); it serves only to find a model or dictionary to download when
    none is given, and zccheck gives every model by path and never downloads (without the catalogue a missing
    dictionary is an error rather than a download). Other files are parsed as usual."""
    try:
        from omegaconf import OmegaConf

        load, descriptor = OmegaConf.load, OmegaConf.__dict__["load"]
    except Exception:  # noqa: BLE001 - not as expected: import as it is
        yield
        return

    def load_but_the_catalogue(file: Any) -> Any:
        if isinstance(file, (str, os.PathLike)) and os.path.basename(file) == _DOWNLOAD_CATALOGUE:
            return OmegaConf.create({})
        return load(file)

    OmegaConf.load = staticmethod(load_but_the_catalogue)  # type: ignore[method-assign,assignment]
    try:
        yield
    finally:
        OmegaConf.load = descriptor  # type: ignore[method-assign]


def _import_engine_class() -> Any:
    try:
        with _download_catalogue_left_empty():
            from rapidocr import RapidOCR  # heavy: numpy, cv2, onnxruntime
        return RapidOCR
    except Exception:  # noqa: BLE001 - a RapidOCR that needs its catalogue at import: imported again with it
        log.debug("RapidOCR imported with its model catalogue", exc_info=True)
        for name in [name for name in sys.modules if name == "rapidocr" or name.startswith("rapidocr.")]:
            del sys.modules[name]
        from rapidocr import RapidOCR

        return RapidOCR


def _engine_params(models: dict[str, Path]) -> dict[str, Any]:
    """RapidOCR's settings for zccheck's engine, its models by path (an explicit model_path makes RapidOCR
    skip its downloader)."""
    params: dict[str, Any] = {"Global.log_level": "warning", **ENGINE_SETTINGS, **_thread_settings()}
    for prefix, path in models.items():
        params[f"{prefix}.model_path"] = str(path)
    return params


def _get_engine() -> Any:
    """Create the RapidOCR engine once per process (model loading is slow)."""
    global _engine, _engine_models
    if _engine is not None:
        return _engine
    with _engine_lock:
        if _engine is not None:
            return _engine
        if not ocr_available():
            raise OcrError("OCR engine not installed: pip install 'zccheck[ocr]'")
        models = _bundled_models()
        try:
            engine_class = _import_engine_class()
            engine = engine_class(params=_engine_params(models))
            _opencv_threads_as_the_engines()
            if _detection_lock is not None:
                _serialise(engine, _detection_lock)
            _read_heads_first(engine)
        except OcrError:
            raise
        except Exception as exc:  # noqa: BLE001
            raise OcrError(f"could not start OCR engine: {exc}") from exc
        _engine_models = models
        _engine = engine
        return engine


def load_engine() -> bool:
    """Load the engine and both its models now (RapidOCR loads a model on first use): a worker does it
    when it starts, while the main process is still listing the folder. False when OCR cannot run."""
    try:
        engine = _get_engine()
        for load in ("_load_det_model", "_load_rec_model"):
            getattr(engine, load, lambda: None)()
    except Exception:  # noqa: BLE001 - the first page says why, as its finding
        return False
    release_free_memory()  # parsing the models leaves their protobufs' pages free in the heap
    return True


def serialise_detection(lock_path: str) -> None:
    """Run the text detection of a page in one worker at a time: `lock_path` is a file every worker locks around
    it (a small input, a certificate's top band, runs unlocked: _LargeDetectionsOneAtATime).

    Detection is where OCR's memory goes (150 MB of feature maps for a page at 704 px, against 20 MB for
    recognising its lines) and a quarter of its time; with the feature maps returned after each page
    (zccheck.scan.heap), two workers then never hold two pages' maps at once. Call before the first page."""
    global _detection_lock
    _detection_lock = lock_path


def trim_heap_above(budget: int) -> None:
    """After each page, return the heap's free pages when the process holds more than `budget` bytes
    (zccheck.scan.heap): for OCR workers, whose memory the user's machine shares with another."""
    global _trim_above
    _trim_above = budget


class _LargeDetectionsOneAtATime:
    """The text detector's network behind an exclusive lock on a file shared by the workers (flock: a worker
    killed while holding it releases it) when its input is large: a page's feature maps are what two workers
    must not hold at once (56–103 MB for a page at 704 px). Inputs under LOCK_FROM_PIXELS — a certificate's top
    band (224 × 704 px at most), an ID card — run unlocked: their maps are a third of a page's or less, and
    waiting for the other worker's page cost more than they take (slot applicants 3–4 % faster, 35 photos 2–3 %,
    the same peak memory: notes/ocr.md). Only the network's run is locked, not the detector's pre- and
    post-processing."""

    LOCK_FROM_PIXELS = 160_000

    def __init__(self, session: Any, lock_path: str) -> None:
        self._session = session
        self._fd = os.open(lock_path, os.O_RDWR | getattr(os, "O_CLOEXEC", 0))

    def __call__(self, tensor: Any) -> Any:
        import fcntl

        if tensor.shape[-2] * tensor.shape[-1] < self.LOCK_FROM_PIXELS:  # (batch, channels, height, width)
            return self._session(tensor)
        fcntl.flock(self._fd, fcntl.LOCK_EX)
        try:
            return self._session(tensor)
        finally:
            fcntl.flock(self._fd, fcntl.LOCK_UN)

    def __getattr__(self, name: str) -> Any:  # the session's other attributes, as RapidOCR reads them
        return getattr(self._session, name)


def _serialise(engine: Any, lock_path: str) -> None:
    """Put the detector's network behind the lock. Without flock (Windows) or with a RapidOCR that no longer
    loads its detector through `_load_det_model` or runs it through `session`, detection simply runs unlocked."""
    try:
        import fcntl  # noqa: F401

        detector = engine._load_det_model()
        detector.session = _LargeDetectionsOneAtATime(detector.session, lock_path)
    except (ImportError, AttributeError, OSError):
        log.debug("text detection not serialised", exc_info=True)


def _read_heads_first(engine: Any) -> None:
    """Let a page be read top first (zccheck.scan.ocr_heading). With a RapidOCR that no longer loads its
    models through `_load_det_model` / `_load_rec_model`, every page is simply read whole."""
    try:
        watch = BoxWatch(engine._load_det_model())
        thorough = engine._load_rec_model()
        recognizer = HeadFirstRecognizer(_with_quick_reading(thorough), watch, lambda: float(engine.text_score))
    except AttributeError:
        log.debug("pages read whole: no heading-first recognition", exc_info=True)
        return
    engine.text_det = watch
    engine.text_rec = recognizer


def _with_quick_reading(thorough: Any) -> Any:
    """RapidOCR's recogniser behind the quick one (zccheck.scan.ocr_cascade); itself alone when the quick
    model is missing or will not load (its dictionary is checked here: RapidOCR would download one)."""
    global _cascade
    if not _quick_model_present():
        return thorough
    try:
        import copy

        from rapidocr.ch_ppocr_rec import TextRecognizer

        settings = copy.deepcopy(thorough.cfg)
        settings.model_path, settings.rec_keys_path = str(QUICK_MODEL), str(QUICK_KEYS)
        _cascade = CascadeRecognizer(TextRecognizer(settings), thorough)
        return _cascade
    except Exception:  # noqa: BLE001 - a RapidOCR that builds recognisers otherwise: read with its own alone
        log.debug("no quick recogniser", exc_info=True)
        return thorough


# --------------------------------------------------------------------------
# OCR
# --------------------------------------------------------------------------


def bounded_for_engine(image: "Image.Image") -> "Image.Image":
    """`image` itself when the engine takes it as it is (MAX_SIDE), else a copy reduced to REDUCED_SIDE."""
    if max(image.size) <= MAX_SIDE:
        return image
    from PIL import Image

    from zccheck.scan.image_analysis import thumbnail_size

    # Pillow's thumbnail() gives the same pixels, but in place: on a copy of the whole page first
    return image.resize(thumbnail_size(image.size, REDUCED_SIDE), Image.Resampling.BICUBIC, reducing_gap=2.0)


def _prepare(image: "Image.Image") -> "Image.Image":
    """Decode, flatten to RGB and bound the size.  Raises on undecodable data."""
    from PIL import Image

    # A JPEG that will be reduced anyway: let libjpeg decode at 1/2, 1/4 ... scale, no smaller than the reduction.
    w, h = image.size
    if w <= 0 or h <= 0:
        raise ValueError(f"empty image {w}x{h}")
    if getattr(image, "format", None) == "JPEG" and max(w, h) > MAX_SIDE:
        scale = REDUCED_SIDE / max(w, h)
        with contextlib.suppress(Exception):
            image.draft("RGB", (max(1, int(w * scale)), max(1, int(h * scale))))
    image.load()
    from zccheck.scan.image import upright
    from zccheck.scan.image_analysis import flatten_to_rgb

    image = upright(image)

    image = flatten_to_rgb(image)

    image = bounded_for_engine(image)
    w, h = image.size
    if min(w, h) < MIN_SIDE:
        f = MIN_SIDE / min(w, h)
        image = image.resize(
            (max(1, round(w * f)), max(1, round(h * f))), Image.Resampling.BICUBIC
        )
    return image


def ocr_image(image: "Image.Image", heading: HeadingRule | None = None, quick: bool = True,
              own_numbers: tuple[str, ...] = ()) -> OcrResult:
    """OCR one PIL image (any mode/size).  See the module docstring for errors.

    The image is EXIF-transposed, flattened onto white, converted to RGB and
    bounded by :func:`bounded_for_engine`; the caller's object may be
    loaded (and for big JPEGs decoded in draft mode) but is not otherwise
    changed.  With `heading`, the page's top is read first and the rest only
    when the rule says the top does not settle the page (the result is then
    ``complete=False``; zccheck.scan.ocr_heading). Without `quick`, every line
    is read by the thorough recogniser alone (zccheck.scan.ocr_cascade).
    `own_numbers`: the applicant's ID number, which the quick recogniser need
    not have read again (zccheck.scan.ocr_cascade.needs_thorough_read).
    """
    start = time.perf_counter()
    try:
        prepared = _prepare(image)
    except Exception as exc:  # noqa: BLE001 - PIL raises many kinds
        raise OcrError(f"cannot decode image: {exc}") from exc

    engine = _get_engine()
    try:
        import numpy as np

        import cv2

        arr = cv2.cvtColor(np.asarray(prepared), cv2.COLOR_RGB2BGR)  # as for cv2 input; numpy's copy: 3× slower
        del prepared  # a converted or reduced copy is not kept beside the array while the page is read
        part = part_to_detect(arr, DETECTION_LIMIT)
        # the page as the detector scales it (RapidOCR's own resizing), each part taken from it: a part scaled on
        # its own samples other pixels, and the detector's boxes follow them
        page = _Page(arr, cv2.resize(arr, (part.grid_size[1], part.grid_size[0])))
        result = _run(engine, page, part, None, quick, own_numbers=own_numbers) if heading is None \
            else _top_band_first(engine, page, part, heading, quick, own_numbers)
        if heading is not None and not result.complete and not _settles(heading, result.lines):
            # The rule saw the boxes in the detector's frame; in the page's, the lines came out otherwise.
            result = _run(engine, page, part, None, quick, own_numbers=own_numbers)
        if _trim_above is not None:
            release_above(_trim_above)
    except Exception as exc:  # noqa: BLE001
        raise OcrError(f"OCR engine failed: {exc}") from exc
    return dataclasses.replace(result, seconds=time.perf_counter() - start)


#: A page read top first has its text detected in its top part first (at the page's scale) when the rule may
#: settle it there: a certificate names its holder and shows its title and year in its top third. Only when
#: those lines do not settle it is the whole page detected (and its top rows read again).
TOP_BAND = 0.45


@dataclass(frozen=True)
class _Page:
    pixels: Any  # H×W×3 BGR, for recognition
    for_detection: Any  # scaled to the detector's grid (zccheck.scan.ocr_crop.DetectionPart.grid_size)


def _top_band_first(engine: Any, page: _Page, part: DetectionPart, heading: HeadingRule, quick: bool,
                    own_numbers: tuple[str, ...]) -> OcrResult:
    band = part.top(TOP_BAND)
    height = band.rows.stop - band.rows.start
    if height >= 64 and band.grid_rows != part.grid_rows and getattr(heading, "settles_near_top", False):
        top = _run(engine, page, band, heading, quick, floor=band.rows.stop - max(3.0, height * 0.01),
                   own_numbers=own_numbers)
        if top.lines and _settles(heading, top.lines):
            return dataclasses.replace(top, complete=False)
    return _run(engine, page, part, heading, quick, own_numbers=own_numbers)


def _settles(heading: HeadingRule, lines: tuple[str, ...]) -> bool:
    try:
        return heading(lines) is True
    except Exception:  # noqa: BLE001 - a failing rule reads the page whole
        return False


def _run(engine: Any, page: _Page, part: DetectionPart, heading: HeadingRule | None, quick: bool = True,
         floor: float | None = None, own_numbers: tuple[str, ...] = ()) -> OcrResult:
    """The page read by the engine, its text detected in `part` (zccheck.scan.ocr_crop), without the boxes
    reaching `floor` (a band's lower edge); `own_numbers`: see ocr_image."""
    watch = getattr(engine, "text_det", None)
    at_page_scale = watch.given(page.for_detection[part.grid_rows, part.grid_cols], page.pixels.shape[:2],
                                None if part.whole else (part.rows, part.cols), floor) \
        if isinstance(watch, BoxWatch) else contextlib.nullcontext()
    recognizer = getattr(engine, "text_rec", None)
    recognizer = recognizer if isinstance(recognizer, HeadFirstRecognizer) else None
    with _run_lock:
        if recognizer is not None:
            recognizer.rule = heading
            recognizer.partial = False  # a page with no text box never reaches the recogniser to reset it
        if _cascade is not None:
            _cascade.quick_first = quick
            _cascade.dates_read = reads_dates(heading)
            _cascade.own_numbers = own_numbers
        try:
            with at_page_scale:
                out = engine(page.pixels)
            partial = recognizer is not None and recognizer.partial
        finally:
            if recognizer is not None:
                recognizer.rule = None
            if _cascade is not None:
                _cascade.quick_first = True
                _cascade.dates_read = True
                _cascade.own_numbers = ()
    txts = getattr(out, "txts", None)
    boxes = getattr(out, "boxes", None)
    scores = getattr(out, "scores", None)
    if not txts or boxes is None:
        return dataclasses.replace(OcrResult.empty(), complete=not partial)
    items = []
    for box, txt in zip(boxes, txts):
        pts = [(float(p[0]), float(p[1])) for p in box]
        items.append((pts, str(txt)))
    lines = tuple(order_lines(items))
    score_list = [float(s) for s in (scores or ())]
    mean = sum(score_list) / len(score_list) if score_list else 0.0
    return OcrResult(text="\n".join(lines), lines=lines, mean_score=mean, seconds=0.0, complete=not partial)


# --------------------------------------------------------------------------
# cache
# --------------------------------------------------------------------------


class OcrCache:
    """On-disk cache of :class:`OcrResult` as small JSON files.

    Entries hold personal data (names, ID numbers), so the directory is
    created with mode 0700 and every file is written 0600 (atomically, via a
    temp file + rename).  File names are sha256 of the key, so keys may be any
    string; build them with :meth:`make_key`.  Unreadable/corrupt entries
    count as misses and are removed.
    """

    SUFFIX = ".json"

    def __init__(self, directory: str | os.PathLike[str] | None = None) -> None:
        self.directory = Path(directory) if directory is not None else default_cache_dir() / "ocr"

    @staticmethod
    def make_key(content_sha256: str, page: int = 0, engine: str | None = None) -> str:
        """Key from file content hash (hex), page number and engine version."""
        return f"{content_sha256.lower()}:p{int(page)}:{engine or engine_version()}"

    def _path(self, key: str) -> Path:
        digest = hashlib.sha256(key.encode("utf-8")).hexdigest()
        return self.directory / f"{digest}{self.SUFFIX}"

    def _ensure_dir(self) -> None:
        self.directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        with contextlib.suppress(OSError):
            if (self.directory.stat().st_mode & 0o777) != 0o700:
                os.chmod(self.directory, 0o700)

    def get(self, key: str) -> OcrResult | None:
        path = self._path(key)
        try:
            with open(path, encoding="utf-8") as fh:
                data = json.load(fh)
            if data.get("key") != key:
                return None
            return OcrResult.from_json(data["result"])
        except FileNotFoundError:
            return None
        except Exception:  # noqa: BLE001 - corrupt entry: drop it
            with contextlib.suppress(OSError):
                path.unlink()
            return None

    def put(self, key: str, result: OcrResult) -> None:
        self._ensure_dir()
        payload = json.dumps(
            {"key": key, "result": result.to_json()}, ensure_ascii=False
        ).encode("utf-8")
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=self.SUFFIX, dir=self.directory)
        try:
            fchmod = getattr(os, "fchmod", None)  # absent on Windows
            if fchmod is not None:
                fchmod(fd, 0o600)  # mkstemp already uses 0600; be explicit
            with os.fdopen(fd, "wb") as fh:
                fh.write(payload)
            os.replace(tmp, self._path(key))
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise

    def clear(self) -> int:
        """Delete all cache entries; returns how many files were removed."""
        n = 0
        if not self.directory.is_dir():
            return 0
        for p in self.directory.iterdir():
            if p.suffix == self.SUFFIX and p.is_file():
                with contextlib.suppress(OSError):
                    p.unlink()
                    n += 1
        return n
