"""Tests for zccheck.scan.ocr.

Engine tests need the ``ocr`` extra (rapidocr + onnxruntime) and are skipped
without it; the cache and error-contract tests always run.
"""

from __future__ import annotations

import io
import json
import os
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont

from zccheck.scan import ocr
from zccheck.scan.ocr import OcrCache, OcrError, OcrResult

FONT_PATH = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
REPO = Path(__file__).resolve().parents[1]


def font(size: int):
    if not FONT_PATH.exists():
        pytest.skip("needs fonts-wqy-microhei to draw Chinese text")
    return ImageFont.truetype(str(FONT_PATH), size)


@pytest.fixture
def engine():
    pytest.importorskip("rapidocr")
    pytest.importorskip("onnxruntime")
    assert ocr.ocr_available()
    return ocr._get_engine()


def squash(s: str) -> str:
    return "".join(s.split())


def text_image(lines, size=(900, 160), font_size=44, bg="white", mode="RGB"):
    im = Image.new("RGB", size, bg)
    d = ImageDraw.Draw(im)
    f = font(font_size)
    y = 30
    for line in lines:
        d.text((40, y), line, fill=(20, 20, 20), font=f)
        y += int(font_size * 1.8)
    return im.convert(mode) if mode != "RGB" else im


# ---------------------------------------------------------------- engine


def test_certificate_sentence(engine):
    r = ocr.ocr_image(text_image(["公需科目培训合格证书 2019年度"]))
    flat = squash(r.text)
    for key in ("公需科目", "培训合格证书", "2019年度"):
        assert key in flat, r.text
    assert r.text == "\n".join(r.lines)
    assert 0.8 < r.mean_score <= 1.0
    assert r.seconds > 0


def test_reading_order_rows_then_columns(engine):
    im = Image.new("RGB", (1000, 420), "white")
    d = ImageDraw.Draw(im)
    f = font(40)
    d.text((40, 40), "专业技术资格证书", fill="black", font=f)
    d.text((40, 180), "姓名", fill="black", font=f)
    d.text((600, 180), "张某某", fill="black", font=f)
    d.text((40, 320), "评审通过时间", fill="black", font=f)
    r = ocr.ocr_image(im)
    assert len(r.lines) == 3, r.lines
    assert "资格证书" in r.lines[0]
    assert squash(r.lines[1]).startswith("姓名") and r.lines[1].endswith("张某某")
    assert " " in r.lines[1]  # visible gap between form label and value
    assert "评审通过" in r.lines[2]


@pytest.mark.parametrize("mode", ["L", "RGBA", "P", "1"])
def test_modes(engine, mode):
    r = ocr.ocr_image(text_image(["继续教育学时证明"], mode=mode))
    assert "继续教育" in squash(r.text)


def test_transparent_png_is_flattened_on_white(engine):
    im = Image.new("RGBA", (700, 140), (0, 0, 0, 0))  # transparent *black*
    ImageDraw.Draw(im).text((30, 30), "年度考核优秀", fill=(0, 0, 0, 255), font=font(48))
    buf = io.BytesIO()
    im.save(buf, "PNG")
    buf.seek(0)
    assert "考核优秀" in squash(ocr.ocr_image(Image.open(buf)).text)


def test_huge_photo_is_downscaled(engine):
    im = Image.new("RGB", (3000, 4000), (235, 232, 225))
    d = ImageDraw.Draw(im)
    d.text((200, 400), "聘任专业技术职务通知", fill=(30, 30, 30), font=font(150))
    buf = io.BytesIO()
    im.save(buf, "JPEG", quality=80)
    buf.seek(0)
    r = ocr.ocr_image(Image.open(buf))
    assert "专业技术职务" in squash(r.text)
    assert r.seconds < 30


def test_a_page_is_resampled_at_most_once_before_the_engine(engine):
    """The scanner's reduction for OCR, ours and the engine's own cap agree: a 2304-px photo reaches the
    engine as it was decoded (it used to be resized to 2048, then to 2000), a larger one once, to the cap."""
    from zccheck.scan.image import _reduce

    assert engine.max_side_len == ocr.MAX_SIDE
    photo = Image.new("RGB", (1728, 2304), "white")
    assert _reduce(photo, for_ocr=True) is photo
    assert ocr._prepare(photo).size == (1728, 2304)
    scan = Image.new("RGB", (1984, 2805), "white")  # 240 dpi: no whole reduction keeps 1024 px a side
    reduced = _reduce(scan, for_ocr=True)
    assert max(reduced.size) == ocr.REDUCED_SIDE
    assert ocr._prepare(reduced).size == reduced.size


def test_a_large_page_is_read_at_the_size_its_jpeg_would_be_whatever_its_container():
    """A 300-dpi page as raw pixels (a Flate-wrapped scan, a PNG, a CCITT page) reaches the engine at the size the
    same page as a JPEG is decoded at (draft: 1/2 here), by averaging blocks, not by a bicubic resize to 2048."""
    from zccheck.scan.image import ANALYSIS_SIDE, _reduce

    for size, mode in (((2481, 3508), "RGB"), ((2481, 3508), "1"), ((4962, 7016), "L")):
        page = Image.new(mode, size, 1 if mode == "1" else 255)
        ImageDraw.Draw(page).text((200, 300), "ABC", fill=0)
        buffer = io.BytesIO()
        page.convert("L" if mode != "RGB" else "RGB").save(buffer, "JPEG")
        jpeg = Image.open(io.BytesIO(buffer.getvalue()))
        jpeg.draft(jpeg.mode, (min(size[0], ANALYSIS_SIDE), min(size[1], ANALYSIS_SIDE)))
        reduced = _reduce(page, for_ocr=True)
        assert reduced.size == jpeg.size and min(reduced.size) >= ANALYSIS_SIDE, (size, reduced.size, jpeg.size)
        assert reduced.mode in ("RGB", "L") and reduced.getextrema() != (255, 255)  # the ink is still there


def test_rapidocr_is_imported_without_parsing_its_download_catalogue(tmp_path):
    omegaconf = pytest.importorskip("omegaconf")
    catalogue = tmp_path / "default_models.yaml"  # the name RapidOCR's catalogue of models to download has
    catalogue.write_text("model_routes:\n  det: [ch, en]\n", encoding="utf-8")
    other = tmp_path / "config.yaml"
    other.write_text("Global:\n  text_score: 0.5\n", encoding="utf-8")
    before = omegaconf.OmegaConf.__dict__["load"]
    with ocr._download_catalogue_left_empty():
        assert len(omegaconf.OmegaConf.load(catalogue)) == 0 and len(omegaconf.OmegaConf.load(str(catalogue))) == 0
        assert omegaconf.OmegaConf.load(other).Global.text_score == 0.5
    assert omegaconf.OmegaConf.__dict__["load"] is before  # put back as it was
    assert list(omegaconf.OmegaConf.load(catalogue).model_routes.det) == ["ch", "en"]


def test_blank_image_gives_empty_result(engine):
    r = ocr.ocr_image(Image.new("RGB", (800, 1100), "white"))
    assert r.text == "" and r.lines == () and r.mean_score == 0.0


def test_tiny_image_does_not_crash(engine):
    r = ocr.ocr_image(Image.new("L", (3, 2), 255))
    assert isinstance(r, OcrResult)


def test_truncated_jpeg_raises_ocr_error(engine):
    buf = io.BytesIO()
    text_image(["测试"]).save(buf, "JPEG")
    data = buf.getvalue()[: len(buf.getvalue()) // 2]
    with pytest.raises(OcrError):
        ocr.ocr_image(Image.open(io.BytesIO(data)))


def test_engine_created_once(engine):
    assert ocr._get_engine() is engine


def test_engine_version_names_models(engine):
    v = ocr.engine_version()
    assert v.startswith("rapidocr-") and "_det" in v and "_rec" in v


def test_no_network_access_when_ocr_runs(engine, tmp_path):
    """Fresh process: loading models and OCR must not touch the network."""
    script = textwrap.dedent(
        """
        import sys
        def hook(event, args):
            if event in ("socket.connect", "socket.getaddrinfo", "urllib.Request"):
                raise RuntimeError("network access: %s %r" % (event, args))
        sys.addaudithook(hook)
        from PIL import Image, ImageDraw, ImageFont
        from zccheck.scan import ocr
        im = Image.new("RGB", (600, 120), "white")
        f = ImageFont.truetype(sys.argv[1], 40)
        ImageDraw.Draw(im).text((20, 30), "职称评审", fill="black", font=f)
        print(ocr.ocr_image(im).text)
        """
    )
    env = dict(os.environ, HTTP_PROXY="http://127.0.0.1:9", HTTPS_PROXY="http://127.0.0.1:9",
               HOME=str(tmp_path), XDG_CACHE_HOME=str(tmp_path / "cache"))
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    p = subprocess.run([sys.executable, "-c", script, str(FONT_PATH)], env=env,
                       capture_output=True, text=True, timeout=300)
    assert p.returncode == 0, p.stderr[-2000:]
    assert "职称" in p.stdout
    assert not any((tmp_path).rglob("*.onnx"))  # nothing downloaded anywhere


def test_models_are_inside_the_wheel(engine):
    models = ocr._bundled_models()
    import rapidocr

    pkg = Path(rapidocr.__file__).resolve().parent
    for path in models.values():
        assert path.is_file() and pkg in path.resolve().parents


# ---------------------------------------------------------------- without engine


def test_ocr_available_is_bool_and_never_raises(monkeypatch):
    assert isinstance(ocr.ocr_available(), bool)

    def boom(name):
        raise ValueError("broken install")

    monkeypatch.setattr(ocr.importlib.util, "find_spec", boom)
    assert ocr.ocr_available() is False


def test_ocr_image_without_engine_raises_ocr_error(monkeypatch):
    monkeypatch.setattr(ocr, "_engine", None)
    monkeypatch.setattr(ocr, "ocr_available", lambda: False)
    with pytest.raises(OcrError):
        ocr.ocr_image(Image.new("RGB", (100, 50), "white"))


def test_missing_bundled_models_refuses_to_download(monkeypatch, tmp_path):
    pkg = tmp_path / "rapidocr"
    (pkg / "models").mkdir(parents=True)

    class Spec:
        submodule_search_locations = [str(pkg)]

    monkeypatch.setattr(ocr.importlib.util, "find_spec", lambda name: Spec())
    with pytest.raises(OcrError, match="refusing to download"):
        ocr._bundled_models()


def test_undecodable_image_raises_ocr_error():
    buf = io.BytesIO()
    Image.new("RGB", (400, 400), "white").save(buf, "PNG")
    im = Image.open(io.BytesIO(buf.getvalue()[:60]))
    with pytest.raises(OcrError):
        ocr.ocr_image(im)


# ---------------------------------------------------------------- cache


SAMPLE = OcrResult(text="公需科目\n2019年度", lines=("公需科目", "2019年度"), mean_score=0.97, seconds=1.25)


def mode_of(p: Path) -> int:
    return stat.S_IMODE(p.stat().st_mode)


def test_cache_roundtrip_and_permissions(tmp_path):
    d = tmp_path / "c" / "ocr"
    cache = OcrCache(d)
    key = OcrCache.make_key("ab" * 32, 1, engine="rapidocr-test")
    assert cache.get(key) is None
    assert not d.exists()  # get() creates nothing
    old = os.umask(0o022)
    try:
        cache.put(key, SAMPLE)
    finally:
        os.umask(old)
    assert cache.get(key) == SAMPLE
    files = list(d.iterdir())
    assert len(files) == 1 and files[0].suffix == ".json"
    if os.name == "posix":
        assert mode_of(d) == 0o700
        assert mode_of(files[0]) == 0o600
    # file name does not leak the key; content is plain JSON with the key
    assert "ab" * 32 not in files[0].name
    data = json.loads(files[0].read_text(encoding="utf-8"))
    assert data["key"] == key and data["result"]["lines"] == list(SAMPLE.lines)


def test_cache_overwrite_keeps_0600(tmp_path):
    cache = OcrCache(tmp_path / "ocr")
    cache.put("k", SAMPLE)
    cache.put("k", OcrResult.empty(0.5))
    assert cache.get("k") == OcrResult.empty(0.5)
    (f,) = list((tmp_path / "ocr").iterdir())
    if os.name == "posix":
        assert mode_of(f) == 0o600


def test_cache_tightens_existing_dir(tmp_path):
    d = tmp_path / "ocr"
    d.mkdir(mode=0o755)
    os.chmod(d, 0o755)
    OcrCache(d).put("k", SAMPLE)
    if os.name == "posix":
        assert mode_of(d) == 0o700


def test_cache_keys_differ_by_page_and_engine(tmp_path):
    cache = OcrCache(tmp_path)
    sha = "cd" * 32
    k1 = OcrCache.make_key(sha, 1, engine="e1")
    k2 = OcrCache.make_key(sha, 2, engine="e1")
    k3 = OcrCache.make_key(sha, 1, engine="e2")
    assert len({k1, k2, k3}) == 3
    cache.put(k1, SAMPLE)
    assert cache.get(k2) is None and cache.get(k3) is None
    assert OcrCache.make_key(sha, 1).endswith(ocr.engine_version())


def test_cache_corrupt_entry_is_a_miss(tmp_path):
    cache = OcrCache(tmp_path)
    cache.put("k", SAMPLE)
    (f,) = [p for p in tmp_path.iterdir() if p.suffix == ".json"]
    f.write_text("{not json", encoding="utf-8")
    assert cache.get("k") is None
    assert not f.exists()
    cache.put("k", SAMPLE)
    (f,) = [p for p in tmp_path.iterdir() if p.suffix == ".json"]
    f.write_text(json.dumps({"key": "k", "result": {"text": 1}}), encoding="utf-8")
    assert cache.get("k") is None


def test_cache_clear(tmp_path):
    cache = OcrCache(tmp_path / "ocr")
    assert cache.clear() == 0
    for i in range(3):
        cache.put(f"k{i}", SAMPLE)
    assert cache.clear() == 3
    assert cache.get("k0") is None
    assert list((tmp_path / "ocr").iterdir()) == []


def test_cache_default_dir(monkeypatch, tmp_path):
    """OCR results sit in zccheck's one cache directory: ZCCHECK_CACHE_DIR when set, else the user's."""
    import platformdirs

    monkeypatch.setenv("ZCCHECK_CACHE_DIR", str(tmp_path / "chosen"))
    assert OcrCache().directory == tmp_path / "chosen" / "ocr"
    monkeypatch.delenv("ZCCHECK_CACHE_DIR")
    monkeypatch.setattr(platformdirs, "user_cache_dir", lambda name: str(tmp_path / name))
    assert OcrCache().directory == tmp_path / "zccheck" / "ocr"


def test_result_comes_back_exactly_from_the_cache_and_from_a_worker(tmp_path):
    """Text a reader must not lose: a character outside the BMP (𠮷), full-width digits, an empty line, a
    score that is no short decimal. Through the JSON cache and through pickle (worker → parent) alike."""
    import pickle

    result = OcrResult(text="𠮷野家\n\n２０１９年度", lines=("𠮷野家", "", "２０１９年度"), mean_score=0.1 + 0.2,
                       seconds=1 / 3)
    cache = OcrCache(tmp_path)
    cache.put("k", result)
    assert cache.get("k") == result
    assert pickle.loads(pickle.dumps(result)) == result


def test_ocr_asked_for_but_not_installed_is_a_run_without_ocr(monkeypatch):
    """check/batch/bundle --ocr without the engine: the user is told how to install it, and the checks run as
    without OCR (ZC408: install OCR), never saying OCR read nothing of a scan it never saw."""
    from zccheck.commands.ocr_option import ocr_in_effect

    said: list[str] = []
    monkeypatch.setattr(ocr, "ocr_available", lambda: False)
    assert ocr_in_effect(True, "zh", said.append) is False
    assert ocr_in_effect(True, "en", said.append) is False
    assert ocr_in_effect(False, "zh", said.append) is False
    assert len(said) == 2 and 'pip install "zccheck[ocr]"' in said[0] and said[1].startswith("OCR is not installed")
    monkeypatch.setattr(ocr, "ocr_available", lambda: True)
    assert ocr_in_effect(True, "zh", said.append) is True and len(said) == 2


def test_opencv_runs_as_many_threads_as_the_engine(engine, monkeypatch):
    cv2 = pytest.importorskip("cv2")
    assert cv2.getNumThreads() == 1  # one worker a core: OpenCV's own pool would spin against the other worker
    monkeypatch.setenv("ZCCHECK_OCR_THREADS", "2")  # a single-process run given two threads gives OpenCV two
    ocr._opencv_threads_as_the_engines()
    assert cv2.getNumThreads() == 2 and ocr._thread_settings()["EngineConfig.onnxruntime.intra_op_num_threads"] == 2
    monkeypatch.delenv("ZCCHECK_OCR_THREADS")
    ocr._opencv_threads_as_the_engines()
    assert cv2.getNumThreads() == 1
