"""Recognition in two steps (zccheck.scan.ocr_cascade): the quick model reads every line, the thorough one
reads again what the quick one is unsure of and every line holding a year, a date or an ID number; an
applicant whose name the quick model cannot read has every line read by the thorough one."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from tests.factories import build_applicant, make_scan, scan_image
from zccheck.engine import check_applicant, list_applicant, plan_looks, reading_rules
from zccheck.models import CheckOptions
from zccheck.pack.loader import load_pack
from zccheck.scan.ocr_cascade import CascadeRecognizer, needs_thorough_read, quick_knows


def squash(s: str) -> str:
    return "".join(s.split())


# ---------------------------------------------------------------- what is read again (no engine)


@pytest.mark.parametrize("line", [
    "2019年度公需科目培训合格证书", "（2019）", "(2020年度)", "二〇一九年八月", "发证日期：2020年3月15日",
    "公示时间：9月10日至9月16日", "公示期 2021.9.10-2021.9.16", "有效期限 2014.04.12-2034.04.12",
    "身份证号：650102198506151232", "证书编号 6501020012",
])
def test_a_line_with_a_year_a_date_or_an_id_number_is_read_again_however_sure(line):
    assert needs_thorough_read(line, 1.0)


@pytest.mark.parametrize("line", ["专业技术人员继续教育公需科目培训合格证书", "姓名：张三", "学时：30", "第3期"])
def test_a_sure_line_without_numbers_keeps_its_quick_reading_and_an_unsure_one_does_not(line):
    assert not needs_thorough_read(line, 0.99)
    assert needs_thorough_read(line, 0.9)


OWN = ("650102198506151232",)


@pytest.mark.parametrize("line", [
    "身份证号：650102198506151232", "650102198506151232", "公民身份号码 650102198506151232",
    "兹证明张三同志（身份证号：650102198506151232）于2019", "基本信息：男，汉族，身份证号65010219850615123x，",
])
def test_a_sure_reading_of_the_applicants_own_id_number_is_not_read_again(line):
    assert not needs_thorough_read(line, 0.99, own=OWN + ("65010219850615123X",))
    assert needs_thorough_read(line, 0.9, own=OWN)  # unsure: read again as any line


@pytest.mark.parametrize("line", [
    "身份证号：650102198506151233",  # another person's (or one digit misread): the thorough model decides
    "身份证号：65010219850615123",  # a digit dropped
    "身份证号：650102198506151232 发证日期：2020年3月15日",  # a date beside it
    "证书编号 6501020012",
])
def test_another_number_beside_or_instead_of_the_applicants_own_is_still_read_again(line):
    assert needs_thorough_read(line, 0.99, own=OWN)


@pytest.mark.parametrize("line", ["2019年度公需科目培训合格证书", "（2019）", "发证日期：2020年3月15日", "2021.9.10"])
def test_on_a_page_whose_dates_nobody_reads_a_sure_year_or_date_is_not_read_again(line):
    assert not needs_thorough_read(line, 0.99, dates=False)
    assert needs_thorough_read(line, 0.99) and needs_thorough_read(line, 0.9, dates=False)
    assert needs_thorough_read("身份证号：650102198506151233", 0.99, dates=False)  # but another's ID number is


def test_names_the_quick_model_cannot_read():
    assert quick_knows("张三") and quick_knows("阿依古丽·买买提") and quick_knows("艾尔肯 吐尔逊") and quick_knows("")
    # characters outside its 6,904: it reads them as others, and is sure of it
    assert not quick_knows("李翀") and not quick_knows("王赟") and not quick_knows("陈琇")


@dataclass
class Read:
    imgs: list
    txts: tuple
    scores: tuple
    word_results: tuple | None = None
    elapse: float = 0.0
    viser: object = None


@dataclass
class Lines:
    img: list
    return_word_box: bool = False


class Model:
    """A recogniser that reads each crop (a string here) through `reading`, and remembers what it was given."""

    def __init__(self, reading):
        self.reading, self.given = reading, []

    def __call__(self, rec_input):
        self.given.append(list(rec_input.img))
        read = [self.reading(crop) for crop in rec_input.img]
        return Read(list(rec_input.img), tuple(t for t, _ in read), tuple(s for _, s in read), (None,) * len(read))


def test_only_the_lines_that_need_it_are_read_again_and_the_thorough_reading_is_kept_in_place():
    quick = Model(lambda crop: {"名": ("姓名：李肿", 0.93), "年": ("202年9月10日", 0.995)}.get(crop, (crop.upper(), 0.99)))
    thorough = Model(lambda crop: {"名": ("姓名：李翀", 0.98), "年": ("2021年9月10日", 0.999)}[crop])
    out = CascadeRecognizer(quick, thorough)(Lines(["a", "名", "b", "年"]))
    assert out.txts == ("A", "姓名：李翀", "B", "2021年9月10日")
    assert out.scores == (0.99, 0.98, 0.99, 0.999)
    assert quick.given == [["a"], ["名"], ["b"], ["年"]] and thorough.given == [["名", "年"]]


def test_nothing_is_read_twice_when_the_quick_model_is_sure_and_nothing_numbers(monkeypatch):
    quick, thorough = Model(lambda crop: (crop, 0.99)), Model(lambda crop: (crop, 1.0))
    cascade = CascadeRecognizer(quick, thorough)
    assert cascade(Lines(["甲", "乙"])).txts == ("甲", "乙") and thorough.given == []
    cascade.quick_first = False  # an applicant whose name the quick model cannot read
    assert cascade(Lines(["甲", "乙"])).scores == (1.0, 1.0) and quick.given == [["甲"], ["乙"]]
    assert thorough.given == [["甲", "乙"]]


def test_the_cascade_reads_again_as_the_page_it_reads_says():
    quick = Model(lambda crop: {"号": ("身份证号：650102198506151232", 0.99), "年": ("（2019年度）", 0.99)}[crop])
    thorough = Model(lambda crop: (crop, 1.0))
    cascade = CascadeRecognizer(quick, thorough)
    cascade(Lines(["号", "年"]))
    assert thorough.given == [["号", "年"]]  # as any page: both numbers read again
    thorough.given.clear()
    cascade.own_numbers, cascade.dates_read = OWN, False
    assert cascade(Lines(["号", "年"])).txts == ("身份证号：650102198506151232", "（2019年度）")
    assert thorough.given == []


# ---------------------------------------------------------------- with the engine

RARE = "兹证明李翀同志参加2019年度公需科目培训\n培训内容：专业技术人员职业道德与诚信建设"


def test_the_engine_reads_quick_first_and_thoroughly_when_asked(ocr_module):
    from zccheck.scan.ocr import _get_engine

    engine = _get_engine()
    assert isinstance(engine.text_rec._recognizer, CascadeRecognizer)
    page = scan_image(RARE)
    assert "李翀" in squash(ocr_module.ocr_image(page, quick=False).text)
    assert "2019年度" in squash(ocr_module.ocr_image(page).text)
    assert ocr_module.engine_version(True) != ocr_module.engine_version(False)


def test_an_applicant_with_a_rare_name_has_own_scans_read_thoroughly(ocr_module, monkeypatch, tmp_path):
    monkeypatch.setenv("ZCCHECK_CACHE_DIR", str(tmp_path / "cache"))
    pack = load_pack(None)

    def certificate(name):
        text = "{year}年度专业技术人员继续教育公需科目培训合格证书\n姓名：" + name + "\n学时：30\n新疆专业技术人员继续教育基地"
        return lambda f: make_scan(f.with_suffix(".jpg"), text.format(year=f.name[:4]))

    rare = build_applicant(tmp_path / "李翀", {"姓名": "李翀"}, replace={
        f"training-public:{year}": certificate("李翀") for year in (2017, 2018, 2019)})
    inp = list_applicant(rare, "李翀", pack)
    rules = reading_rules(inp, pack, CheckOptions(ocr=True))
    assert rules.thorough and all(t.thorough_ocr for t in plan_looks(inp.tasks, pack, ocr=True, rules=rules))
    result = check_applicant(rare, pack, CheckOptions(ocr=True), jobs=0)
    assert not [f.file for f in result.findings if f.code == "ZC502"]

    # the other way round: 张三's folder with a certificate naming 李翀 is still flagged
    common = build_applicant(tmp_path / "张三", replace={"training-public:2019": certificate("李翀")})
    assert not reading_rules(list_applicant(common, "张三", pack), pack, CheckOptions(ocr=True)).thorough
    flagged = check_applicant(common, pack, CheckOptions(ocr=True), jobs=0)
    assert [f.file for f in flagged.findings if f.code == "ZC502"] == \
        [f for f in next(it.files for it in flagged.items if it.id == "training-public") if "2019" in f]


def test_a_sure_line_has_only_its_numbers_read_again(ocr_module, monkeypatch):
    """The ID number and year of a long certificate line are read again in their part of the line alone, and the
    line reads as the thorough model reads it whole (but for the width of a bracket or colon at the cut)."""
    import unicodedata

    from zccheck.scan import ocr, ocr_cascade

    ocr._get_engine()
    cascade = ocr._cascade
    assert cascade is not None
    widths: list[tuple[int, ...]] = []
    thorough = cascade._thorough

    class Recording:
        def __init__(self, recognizer):
            self.recognizer = recognizer

        def __getattr__(self, name):
            return getattr(self.recognizer, name)

        def __call__(self, rec_input):
            widths.append(tuple(crop.shape[1] for crop in rec_input.img))
            return self.recognizer(rec_input)

    monkeypatch.setattr(cascade, "_thorough", Recording(thorough))
    monkeypatch.setattr(cascade, "_thorough_unpadded", Recording(cascade._thorough_unpadded))
    # every line sure (the quick model's scores here are 0.96–0.9997, as the detector's boxes fall): only the
    # number rule sends a line again
    monkeypatch.setattr(ocr_cascade, "MIN_QUICK_SCORE", 0.9)
    page = scan_image("继续教育学时证明\n兹证明张三同志（身份证号：650102198506151232）于二〇一九年参加专业技术人员继续教育公需科目学习", font_size=26)
    read = ocr_module.ocr_image(page)
    monkeypatch.setattr(cascade, "_thorough", thorough)
    whole = ocr_module.ocr_image(page, quick=False)
    assert "650102198506151232" in squash(read.text)
    assert unicodedata.normalize("NFKC", squash(read.text)) == unicodedata.normalize("NFKC", squash(whole.text))
    # one part of one line read again: the line is ~1,000 px wide, its part from the ID number to the year
    assert len(widths) == 1 and len(widths[0]) == 1 and widths[0][0] < 0.75 * page.width * 0.84, widths


def test_a_short_numbers_part_is_read_at_its_own_width(ocr_module, monkeypatch):
    """RapidOCR pads a crop narrower than 320 px (at 48 high) with blank columns; the numbers' part of a sure line
    goes to the thorough network at its own width, and the line still reads as when read whole."""
    import unicodedata

    from zccheck.scan import ocr, ocr_cascade

    ocr._get_engine()
    cascade = ocr._cascade
    assert cascade is not None
    unpadded = cascade._thorough_unpadded
    assert unpadded is not cascade._thorough and unpadded.session is cascade._thorough.session  # one network
    network_widths: list[int] = []
    session = unpadded.session

    class Recording:
        def __getattr__(self, name):
            return getattr(session, name)

        def __call__(self, tensor):
            network_widths.append(tensor.shape[-1])
            return session(tensor)

    monkeypatch.setattr(unpadded, "session", Recording())
    monkeypatch.setattr(ocr_cascade, "MIN_QUICK_SCORE", 0.9)  # as above: only the number rule sends the line again
    page = scan_image("继续教育学时证明\n兹证明张三同志于2019年参加专业技术人员继续教育公需科目学习并考核合格", font_size=26)
    read = ocr_module.ocr_image(page)
    whole = ocr_module.ocr_image(page, quick=False)
    assert "2019" in squash(read.text)
    assert unicodedata.normalize("NFKC", squash(read.text)) == unicodedata.normalize("NFKC", squash(whole.text))
    # the part around 2019 (于2019年参, ~150 px at 48 high) went to the network unpadded
    assert network_widths and all(width < 320 for width in network_widths), network_widths
