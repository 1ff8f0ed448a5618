"""scan-quality (ZC306): a scanned document has enough resolution to be read — its pixels over the
paper's size (A4 unless the item says: the ID card is 85.6×54 mm), against pack.yaml's min_scan_dpi 100."""

from __future__ import annotations

from zccheck.checks import scan_quality
from zccheck.codes import severity_of

from tests.checks.builders import context, data, found, pdf, scan, scanned_page

DIPLOMA = "education"  # A4
ID_CARD = "id-card"  # items.yaml: paper_mm [85.6, 54]


def run(item, *files, **options):
    return list(scan_quality.run(context("scan-quality", item, files, **options)))


def test_an_a4_scan_at_150_dpi():
    assert run(DIPLOMA, scan(1240, 1754)) == []


def test_an_a4_scan_at_100_dpi_is_enough():
    assert run(DIPLOMA, scan(827, 1170)) == []


def test_sideways_is_the_same_scan():
    assert run(DIPLOMA, scan(1754, 1240)) == []


def test_an_a4_scan_at_72_dpi():
    findings = run(DIPLOMA, scan(595, 842, path="学历.jpg"))
    assert found(findings) == [("ZC306", DIPLOMA, "学历.jpg", None)]
    assert data(findings[0], "dpi", "width", "height") == {"dpi": 72, "width": 595, "height": 842}
    assert severity_of(findings[0]) == "warning"


def test_the_pixels_decide_not_the_dpi_record():
    # A phone photo records 72 or 300 dpi whatever it shows; the pixels over the paper are what can be read.
    findings = run(DIPLOMA, scan(595, 842, dpi=(300.0, 300.0), path="学历.jpg"))
    assert data(findings[0], "dpi") == {"dpi": 72}


def test_an_id_card_at_300_dpi():
    assert run(ID_CARD, scan(1011, 638)) == []


def test_an_id_card_at_89_dpi():
    findings = run(ID_CARD, scan(300, 190, path="身份证.jpg"))
    assert found(findings) == [("ZC306", ID_CARD, "身份证.jpg", None)]
    assert data(findings[0], "dpi") == {"dpi": 89}


def test_the_paper_is_the_items():
    # The same pixels measured as A4 would be 77 dpi.
    findings = run(ID_CARD, scan(1011, 638, path="身份证.jpg"), params={"paper_mm": [210, 297]})
    assert data(findings[0], "dpi") == {"dpi": 77}


def test_the_minimum_is_a_parameter():
    findings = run(DIPLOMA, scan(1240, 1754, path="学历.jpg"), params={"min_dpi": 200})
    assert data(findings[0], "dpi") == {"dpi": 150}


def test_only_image_files_are_measured():
    assert run(DIPLOMA, pdf("学历证书"), pdf(scanned_page(width=300, height=400))) == []
