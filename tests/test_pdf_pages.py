"""zccheck reads a flat page tree (one /Pages node listing every page, what most producers write)
without parsing every page object; any other tree goes to pypdf's own walk. Both give the same facts."""

from __future__ import annotations

import io
import signal

import pytest

from factories import make_pdf, raw_pdf
from hostile import WILD_CORPUS
from zccheck.scan import pdf
from zccheck.scan.image import ImageAnalyzer


def read_both_ways(data: bytes, monkeypatch) -> tuple[pdf.PdfFacts, pdf.PdfFacts]:
    fast = pdf.read_pdf(data, ImageAnalyzer("x"))
    with monkeypatch.context() as m:
        m.setattr(pdf, "_flat_page_tree", lambda reader: None)
        walked = pdf.read_pdf(data, ImageAnalyzer("x"))
    return fast, walked


def test_long_flat_document_reads_first_pages_and_counts_all(tmp_path, monkeypatch):
    path = make_pdf(tmp_path / "paper.pdf", [f"第{n}页 2019年度" for n in range(1, 41)])
    assert pdf._flat_page_tree(pdf.PdfReader(str(path)))[0] == 40  # reportlab writes a flat tree
    fast, walked = read_both_ways(path.read_bytes(), monkeypatch)
    assert fast == walked
    assert fast.page_count == 40 and [p.number for p in fast.pages] == [1, 2, 3, 4]
    assert "第4页" in fast.pages[3].text


def test_facts_hold_no_pypdf_objects_the_main_process_would_have_to_load_pypdf_for(tmp_path, monkeypatch):
    # A worker's facts are unpickled by the main process: a pypdf NumberObject among them (the /Count of a flat
    # tree) made it import pypdf and the cryptography it loads, 14 MB more in a process that never reads a PDF.
    import pickle

    path = make_pdf(tmp_path / "paper.pdf", [f"第{n}页" for n in range(1, 4)])
    for facts in read_both_ways(path.read_bytes(), monkeypatch):
        assert type(facts.page_count) is int
        assert b"pypdf" not in pickle.dumps(facts)


def _nested_tree_pdf() -> bytes:
    """Two pages under an intermediate /Pages node that carries the /Resources and /MediaBox they
    inherit; the root /Count (2) differs from its one kid, so the tree is not flat."""
    content = b"BT /F1 12 Tf 72 700 Td (Inherited resources 2020) Tj ET"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 2 >>",
        "<< /Type /Pages /Parent 2 0 R /Kids [4 0 R 5 0 R] /Count 2 /MediaBox [0 0 595 842] "
        "/Resources << /Font << /F1 7 0 R >> >> >>",
        "<< /Type /Page /Parent 3 0 R /Contents 6 0 R >>",
        "<< /Type /Page /Parent 3 0 R /Contents 6 0 R >>",
        None,
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    return raw_pdf(objects, content)


def test_nested_tree_goes_to_pypdf_and_keeps_inherited_resources(monkeypatch):
    data = _nested_tree_pdf()
    assert pdf._flat_page_tree(pdf.PdfReader(io.BytesIO(data))) is None
    fast, walked = read_both_ways(data, monkeypatch)
    assert fast == walked and fast.page_count == 2
    assert all("Inherited resources 2020" in p.text for p in fast.pages)


def test_flat_tree_pages_inherit_from_the_root(tmp_path, monkeypatch):
    # The same document with the resources on the root /Pages node and the tree made flat.
    data = _nested_tree_pdf().replace(b"/Kids [3 0 R] /Count 2", b"/Kids [4 0 R 5 0 R] /Count 2 /MediaBox "
                                      b"[0 0 595 842] /Resources << /Font << /F1 7 0 R >> >>")
    assert pdf._flat_page_tree(pdf.PdfReader(io.BytesIO(data))) is not None
    fast, walked = read_both_ways(data, monkeypatch)
    assert fast == walked and fast.page_count == 2
    assert all("Inherited resources 2020" in p.text for p in fast.pages)


def test_real_world_corpus_reads_the_same_either_way(monkeypatch):
    if not WILD_CORPUS.is_dir():
        pytest.skip(f"real-world corpus not found at {WILD_CORPUS}")

    def too_slow(*_):
        raise TimeoutError

    previous = signal.signal(signal.SIGALRM, too_slow)
    compared, different = 0, []
    try:
        for path in sorted(WILD_CORPUS.rglob("*.pdf")):
            data = path.read_bytes()
            signal.alarm(10)
            try:
                fast, walked = read_both_ways(data, monkeypatch)
            except TimeoutError:
                continue
            finally:
                signal.alarm(0)
            compared += 1
            if fast != walked:
                different.append(path.name)
    finally:
        signal.signal(signal.SIGALRM, previous)
    assert compared > 600 and not different


def test_a_read_pdf_is_let_go_at_once_not_at_the_next_garbage_collection():
    # pypdf's reader and its objects form a cycle; left to the collector's rare full passes, a worker held the
    # streams and images of the last few dozen PDFs it read (a scan-heavy drive: 120 MB a worker, not 80).
    import gc
    import tracemalloc

    from factories import scan_image

    from PIL import Image, ImageChops

    page = scan_image("公需科目培训合格证书\n2016年度", size=(1654, 2339))
    grain = Image.effect_noise(page.size, 40).convert("RGB")  # paper grain: a scan's megabyte, not a drawing's 70 KB
    out = io.BytesIO()
    ImageChops.multiply(page, ImageChops.invert(ImageChops.invert(grain).point(lambda v: v // 8))).save(
        out, "PDF", resolution=200, quality=92)
    data = out.getvalue()
    assert len(data) > 500_000
    pdf.read_pdf(data, ImageAnalyzer("x"))  # once before: what the first read loads and caches is not the file's
    gc.collect()
    gc.disable()
    try:
        tracemalloc.start()
        before = tracemalloc.get_traced_memory()[0]
        facts = pdf.read_pdf(data, ImageAnalyzer("x"))
        held = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
        gc.enable()
    assert facts.page_count == 1 and facts.pages[0].blank is False
    assert held < len(data) // 10, f"{held} bytes still held after reading a {len(data)}-byte PDF"
