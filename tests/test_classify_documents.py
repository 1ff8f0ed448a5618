"""A document is what its title says: classification by heading, pages that continue a document,
achievement material, and slots that bind (错传 between sibling slots, both directions).

Facts are built directly (the text a PDF layer or OCR would give), so each rule is tested alone and
fast; the end-to-end tests at the bottom run real files through the engine."""

from __future__ import annotations

from itertools import permutations
from pathlib import Path

import pytest

from tests.conftest import check_doc, findings, item_status
from tests.factories import build_applicant, make_pdf
from zccheck.classify.classifier import classify, slot_items
from zccheck.classify.heading import continues_a_document, page_head
from zccheck.classify.sequence import capture_order, follow_documents
from zccheck.models import ClassifiedFile, FileFacts, ImageFacts


def photo(path: str, text: str) -> FileFacts:
    """A phone photo of a page whose OCR text is `text`."""
    return FileFacts(path=path, size=1000, sha256=path, kind="jpeg",
                     image=ImageFacts(1240, 1754, (150.0, 150.0), "RGB", blank=False, seal=False, ocr_text=text,
                                      paper_fraction=0.9))


# One real-looking first page per item, with the body mentioning other items' words on purpose.
FIRST_PAGES = {
    "commitment": [
        "专业技术职务任职资格申报诚信承诺书\n本人郑重承诺：本人申报专业技术职务任职资格所提交的全部材料真实、准确。\n承诺人：张三",
        "承诺书\n本人申报自然科学研究系列副高级专业技术职务任职资格，现郑重承诺如下：\n一、所提交的职称证书、论文均真实有效。",
        "个人诚信承诺书\n本人自愿参加2021年度职称评审，对所提交的年度考核登记表、公需科目证书等材料的真实性负责。",
    ],
    "id-card": [
        "中华人民共和国\n居民身份证\n签发机关 乌鲁木齐市公安局\n有效期限 2015.01.01-2035.01.01",
        "姓名 张三\n性别 男 民族 汉\n出生 1985年6月15日\n住址 乌鲁木齐市天山区\n公民身份号码 650102198506151232",
    ],
    "education": [
        "毕业证书\n研究生张三，性别男，于2008年9月至2011年7月在本校学习，修完全部课程，成绩合格，准予毕业。",
        "硕士学位证书\n张三，男，1985年6月生。在本校完成了硕士研究生学业，依照《中华人民共和国学位条例》的规定，授予理学硕士学位。",
        "教育部学历证书电子注册备案表\n姓名 张三 性别 男\n学历类别 普通 层次 硕士研究生",
    ],
    "title-proof": [
        "专业技术职务任职资格证书\n姓名：张三\n资格名称：助理研究员\n证书编号：XJ2016-0012",
        "新疆维吾尔自治区人力资源和社会保障厅文件\n新人社职字〔2016〕12号\n关于公布2016年度自然科学研究系列\n专业技术职务任职资格评审结果的通知\n各有关单位：经评审，张三等同志具备助理研究员资格。",
        "专业技术职务任职资格评审表\n姓名 张三 性别 男\n现任专业技术职务 研究实习员\n申报专业技术职务 助理研究员",
    ],
    "training-professional": [
        "2021年度专业技术人员继续教育专业科目培训合格证书\n姓名：张三\n学时：60\n新疆维吾尔自治区人力资源和社会保障厅",
        "专业科目学时证明\n张三同志于2021年度参加专业科目继续教育学习，完成学时72学时，考核合格。",
    ],
    "training-public": [
        "2019年度专业技术人员继续教育公需科目培训合格证书\n姓名：张三\n学时：30\n发证日期：2020年1月10日",
        "专业技术人员继续教育证书（公需科目）\n张三 同志\n于2017年度完成公需科目学习30学时，成绩合格。",
    ],
    "achievements": [
        "荣誉证书\n张三同志：\n在2019年度工作中成绩突出，被评为先进工作者。\n特发此证",
        "获奖证书\n为表彰在科学技术进步工作中做出突出贡献，特颁发此证书。\n获奖项目：干旱区植被遥感监测\n获奖等级：三等奖",
        "证书号第3456789号\n发明专利证书\n发明名称：一种干旱区植被遥感监测方法\n发明人：张三；李四\n专利号：ZL 2019 1 0123456.7",
        "中华人民共和国国家版权局\n计算机软件著作权登记证书\n证书号：软著登字第4567890号\n软件名称：植被监测系统V1.0\n著作权人：新疆生态与地理研究所",
        "新疆维吾尔自治区科技计划项目\n任务书\n项目名称：干旱区植被遥感监测关键技术\n承担单位：新疆生态与地理研究所\n项目负责人：张三",
        "科学技术成果鉴定证书\n新科鉴字〔2020〕第012号\n成果名称：干旱区植被遥感监测技术",
        "项目验收证书\n项目名称：干旱区生态监测平台建设\n验收意见：同意通过验收",
        "第42卷 第3期 干旱区地理 Vol.42 No.3\n干旱区植被遥感监测方法研究\n张三，李四\n摘要：本文提出了一种……\n关键词：遥感；植被；干旱区",
        "检索证明\n经检索，张三作为第一作者发表的论文被以下数据库收录：",
        "DB65\n新疆维吾尔自治区地方标准\nDB65/T 4321—2020\n干旱区植被监测技术规程",
        # An award or honour titled only 证书: its wording says what it is.
        "证书\n张三同志：\n您参与完成的“干旱区植被遥感监测”项目荣获2019年度新疆维吾尔自治区科技进步奖三等奖，特发此证，以资鼓励。",
        "证书\n张三同志在2020年度工作中表现突出，被评为优秀科技工作者。\n特发此证，以资鼓励。",
    ],
    "work-summary": [
        "个人业务工作总结\n张三\n本人自2016年取得助理研究员专业技术职务任职资格以来，年度考核均为合格，发表论文6篇。",
        "任现职以来专业技术工作总结\n本人2016年6月取得助理研究员资格，现将任职以来的工作总结如下：",
    ],
    "annual-assessment": [
        "2019年度考核登记表\n姓名：张三\n单位：新疆生态与地理研究所\n考核等次：合格",
        "事业单位工作人员年度考核登记表\n（2020年度）\n姓名 张三 性别 男 出生年月 1985.06",
    ],
    "unit-audit": [
        "推荐单位审核意见\n申报人：张三\n本单位已对提供的申报材料逐一审核，真实、完整、有效，同意推荐。",
        "新疆生态与地理研究所\n推荐单位意见\n经审核，本单位已对提供的申报材料逐一审核，真实、完整、有效，同意推荐。",
    ],
    "unit-publicity": [
        "附件1\n推荐单位公示\n根据自治区职称评审的要求，现对张三同志申报自然科学研究系列副高级专业技术任职资格进行公示。",
        "关于张三同志申报副研究员专业技术职务任职资格的公示\n经个人申报、单位审核，现将有关情况公示如下：",
        "公示结果\n张三同志申报材料于2021年9月10日至9月16日在单位内部公示，公示期内无异议。",
    ],
    "authority-recommendation": [
        "附件2\n主管单位推荐意见\n经审核，同意推荐张三同志申报自然科学研究系列副高级专业技术任职资格。",
        "主管部门推荐意见\n经审核，张三同志申报材料真实有效，同意推荐。\n新疆维吾尔自治区科学技术厅",
    ],
}


@pytest.mark.parametrize(("item", "text"), [(k, t) for k, v in FIRST_PAGES.items() for t in v])
def test_a_page_is_what_its_title_says(pack, item, text):
    c = classify(photo("IMG_20210908_0001.jpg", text), pack)
    assert (c.item, c.candidates) == (item, ()), (c, page_head(text))


def test_body_phrases_never_outrank_a_title(pack):
    # Each mentions 专业技术职务任职资格 (title-proof's words) or 年度考核 in its body.
    for item in ("commitment", "unit-publicity", "work-summary"):
        for text in FIRST_PAGES[item]:
            assert classify(photo("微信图片_20210912190236.jpg", text), pack).item == item


def test_red_header_document_number_and_attachment_label_are_not_the_title():
    head = page_head("新疆维吾尔自治区人力资源和社会保障厅文件\n新人社职字〔2016〕12号\n关于公布评审结果的通知\n各有关单位：")
    assert head.candidates[0] == "关于公布评审结果的通知"
    assert page_head("附件2\n主管单位推荐意见\n经审核，同意推荐").candidates[0] == "主管单位推荐意见"
    assert page_head("第2页 共3页\n个人业务工作总结\n本人……").candidates[0] == "个人业务工作总结"
    assert page_head("本人自2016年取得资格以来，主持课题3项，发表论文6篇。").candidates == ()


def test_a_title_wrapped_over_two_lines_is_read_whole(pack):
    text = "关于公布2016年度自然科学研究系列\n专业技术职务任职资格评审结果的通知\n各有关单位："
    assert classify(photo("Scan_0001.jpg", text), pack).item == "title-proof"


@pytest.mark.parametrize(("item", "text"), [
    # 2021 publicity notice: the applicant's name and title fill the line, and 示 is left alone under it.
    ("unit-publicity", "关于邱娟同志申报实验师专业技术职务任职资格的公\n示\n根据自治区职称评审的要求，现对邱娟同志申报实验技术系列"
                       "中级专业\n技术任职资格进行公示。\n基本信息：邱娟，女，汉族，现任助理实验师（2015年6月取得）。"),
    ("unit-publicity", "关于艾尔肯·吐尔逊同志申报副研究员专业技术职务任职资格的\n公\n示\n根据自治区职称评审的要求，现对艾尔肯·吐尔逊同志"),
    ("commitment", "专业技术职务任职资格申报个人诚信承诺\n书\n本人申报专业技术职务任职资格，现郑重承诺如下："),
    ("title-proof", "新疆维吾尔自治区人力资源和社会保障厅文件\n关于公布2016年度自然科学研究系列专业技术职务任职资格评审结果的通\n知\n"
                    "各有关单位：经评审，张三等同志具备助理研究员资格。"),
])
def test_a_titles_last_character_wrapped_onto_a_line_of_its_own_ends_the_title(pack, item, text):
    assert classify(photo("IMG_20210924_111509.jpg", text), pack).item == item, page_head(text)


@pytest.mark.parametrize(("item", "body"), [
    # A photo whose title did not come through (cut off, glare): only the body speaks. Every document of an
    # application names the title applied for (…申报副研究员专业技术职务任职资格…): words that say nothing of
    # which document this is, and that placed each of these as 现任职称.
    ("commitment", "本人郑重承诺：本人申报专业技术职务任职资格所提交的全部材料真实、准确。\n承诺人：张三"),
    ("commitment", "本人申报自然科学研究系列副高级专业技术职务任职资格，现郑重承诺如下：\n一、所提交的材料均真实有效。"),
    ("unit-publicity", "根据自治区职称评审的要求，现对邱娟同志申报实验技术系列中级专业技术任职资格进行公示。\n"
                       "基本信息：邱娟，女，汉族，现任助理实验师（2015年6月取得）。\n公示时间从2021年9月1日起至9月7日止。\n"
                       "单位于2021年9月1日至9月7日对邱娟同志申报实验师专业技术职务任职资格的有关材料进行了公示。"),
    ("authority-recommendation", "经审核，同意推荐张三同志申报自然科学研究系列副研究员专业技术职务任职资格。\n主管单位推荐意见"),
])
def test_a_body_is_not_placed_by_the_title_every_document_applies_for(pack, item, body):
    assert classify(photo("IMG_20210924_111509.jpg", body), pack).item in (item, None)


def test_a_lone_character_ends_a_title_only_under_a_title_long_enough_to_wrap():
    # Under a short title a lone character is noise (a box 口 read from a form, a stamp's 印).
    assert page_head("荣誉证书\n口\n张三同志：").candidates[0] == "荣誉证书"
    # Under body text it is noise too: a sentence is no title to end.
    assert page_head("本人自2016年取得资格以来，主持课题3项，发表论文\n6\n篇").candidates == ()


def test_words_that_tie_are_said_never_guessed(pack):
    # 继续教育证书 without a year: 公需科目 or 专业科目 — nothing says which.
    c = classify(photo("IMG_0003.jpg", "专业技术人员继续教育证书\n姓名：张三\n学时：30"), pack)
    assert c.item is None and c.source == "tie"
    assert set(c.candidates) == {"training-professional", "training-public"}
    # A year breaks the tie the notice's way: 2021 is 专业科目's, 2014–2020 公需's.
    assert classify(photo("IMG_0003.jpg", "专业技术人员继续教育证书\n2021年度\n学时：60"), pack).item == "training-professional"
    assert classify(photo("IMG_0003.jpg", "专业技术人员继续教育证书\n2016年度\n学时：30"), pack).item == "training-public"


# --- pages that continue a document --------------------------------------------------------------

CONTINUATIONS = [
    # (first page, the page after it, what the page after shows)
    (FIRST_PAGES["work-summary"][0], "在干旱区生态监测方面，主持完成了国家自然科学基金项目，发表论文6篇，其中核心期刊4篇。\n第2页 共3页", "page number"),
    (FIRST_PAGES["work-summary"][0], "在年度考核中连续三年被评为合格，主持完成了国家自然科学基金项目，获得发明专利2项，发表论文多篇。", "prose"),
    (FIRST_PAGES["work-summary"][1], "二、学术水平\n本人在核心期刊发表论文6篇。\n- 2 -", "page footer"),
    (FIRST_PAGES["title-proof"][1], "附件\n2016年度自然科学研究系列专业技术职务任职资格评审通过人员名单\n序号 姓名 单位 资格名称\n1 张三 新疆生态与地理研究所 助理研究员", "附件 名单"),
    (FIRST_PAGES["title-proof"][1], "序号 姓名 单位 资格名称\n1 张三 新疆生态与地理研究所 助理研究员\n2 李四 新疆大学 助理研究员", "名单 table"),
    (FIRST_PAGES["annual-assessment"][0], "单位考核意见：同意评为合格\n主管部门意见：同意\n（盖章）", "form back"),
    (FIRST_PAGES["achievements"][4], "一、项目目标\n研究干旱区植被遥感监测方法，建立监测平台。\n2/3", "contract page"),
    (FIRST_PAGES["title-proof"][2], "续表\n评审组意见 同意\n评委会表决结果 同意", "continued table"),
]


@pytest.mark.parametrize(("first", "then", "cue"), CONTINUATIONS, ids=[c[2] for c in CONTINUATIONS])
@pytest.mark.parametrize("names", [("IMG_20210908_0009.jpg", "IMG_20210908_0010.jpg"),
                                   ("微信图片_20210912190236.jpg", "微信图片_20210912190236(1).jpg"),
                                   ("扫描全能王 2021-09-08 10.15_1.jpg", "扫描全能王 2021-09-08 10.15_2.jpg")])
def test_a_page_without_a_title_continues_the_document_before_it(pack, first, then, cue, names):
    files = [ClassifiedFile(f, classify(f, pack)) for f in (photo(names[1], then), photo(names[0], first))]
    placed = {cf.facts.path: cf.cls for cf in follow_documents(files, pack)}
    one, two = placed[names[0]], placed[names[1]]
    assert one.item is not None and two.item == one.item, (cue, two)
    assert two.years == one.years


def test_the_back_of_a_form_takes_the_year_of_its_front(pack):
    files = [photo(f"IMG_{n:04d}.jpg", t) for n, t in
             ((1, "2019年度考核登记表\n姓名：张三\n考核等次：合格"), (2, "单位考核意见：同意评为合格\n主管部门意见：同意"),
              (3, "2020年度考核登记表\n姓名：张三\n考核等次：优秀"), (4, "单位考核意见：同意\n主管部门意见：同意"))]
    placed = follow_documents([ClassifiedFile(f, classify(f, pack)) for f in files], pack)
    assert [(cf.cls.item, cf.cls.years) for cf in placed] == [("annual-assessment", (2019,))] * 2 + [("annual-assessment", (2020,))] * 2


def test_a_page_with_its_own_evidence_is_not_swallowed(pack):
    # An ID card's front follows a work summary in the camera roll: its own words place it.
    files = [photo("IMG_0001.jpg", FIRST_PAGES["work-summary"][0]), photo("IMG_0002.jpg", FIRST_PAGES["id-card"][1])]
    placed = follow_documents([ClassifiedFile(f, classify(f, pack)) for f in files], pack)
    assert [cf.cls.item for cf in placed] == ["work-summary", "id-card"]


def test_an_award_titled_only_certificate_after_a_diploma_is_its_own_document(pack):
    # WeChat saves photos in the order sent: a diploma, then the award certificate sent after it.
    files = [photo("微信图片_20210924180245.jpg", FIRST_PAGES["education"][0]),
             photo("微信图片_20210924180247.jpg", FIRST_PAGES["achievements"][-2])]
    placed = follow_documents([ClassifiedFile(f, classify(f, pack)) for f in files], pack)
    assert [cf.cls.item for cf in placed] == ["education", "achievements"]


def test_the_first_page_of_a_roll_with_no_title_stays_unplaced(pack):
    files = [photo("IMG_0001.jpg", "在干旱区生态监测方面做了大量基础工作，带领团队完成了野外观测，成绩突出。")]
    placed = follow_documents([ClassifiedFile(f, classify(f, pack)) for f in files], pack)
    assert placed[0].cls.item is None


def test_naming_families_are_ordered_apart():
    names = ["IMG_20210908_0010.jpg", "微信图片_20210912190236(1).jpg", "IMG_20210908_0009.jpg", "微信图片_20210912190236.jpg"]
    assert sorted(names, key=capture_order) == ["IMG_20210908_0009.jpg", "IMG_20210908_0010.jpg",
                                                 "微信图片_20210912190236.jpg", "微信图片_20210912190236(1).jpg"]


def test_continuation_cues():
    assert continues_a_document("本人在核心期刊发表论文6篇。\n第2页 共3页")
    assert continues_a_document("续表\n评审意见")
    assert not continues_a_document("第1页 共3页\n个人业务工作总结")
    assert not continues_a_document("荣誉证书\n张三同志：")


# --- slots bind ----------------------------------------------------------------------------------

def _siblings(pack) -> list[tuple[str, str]]:
    """Every ordered pair of items whose slot folders share a word (the slots people confuse)."""
    from zccheck.classify.classifier import slot_label

    pairs = []
    for a, b in permutations(pack.items, 2):
        label_b = slot_label(b.slot)
        if any(w in label_b for w in a.match.folders) and a.id in FIRST_PAGES and b.id in FIRST_PAGES:
            pairs.append((a.id, b.id))
    return pairs


def test_the_pack_has_sibling_slots(pack):
    pairs = set(_siblings(pack))
    assert {("training-public", "training-professional"), ("training-professional", "training-public"),
            ("unit-publicity", "unit-audit")} <= pairs


@pytest.mark.parametrize("direction", ["a-in-b", "b-in-a"])
def test_a_document_in_its_siblings_slot_is_misfiled(pack, direction):
    for a, b in _siblings(pack):
        own, slot = (a, b) if direction == "a-in-b" else (b, a)
        for text in FIRST_PAGES[own]:
            slot_folder = pack.item(slot).slot
            c = classify(photo(f"{slot_folder}/IMG_0001.jpg", text), pack, slot_items(slot_folder, pack))
            assert (c.source, c.candidates) == ("misfiled", (own,)), (own, slot, text, c)
            # … and in its own slot it is that item.
            own_folder = pack.item(own).slot
            assert classify(photo(f"{own_folder}/IMG_0001.jpg", text), pack, slot_items(own_folder, pack)).item == own


@pytest.mark.parametrize(("folder", "items"), [
    ("照片及身份证", {"photo", "id-card"}),
    ("继续教育证书", {"training-professional", "training-public"}),
    ("推荐单位公示及审核意见", {"unit-audit", "unit-publicity"}),
    ("专业科目培训证书", {"training-professional"}),
    ("公需科目培训证书", {"training-public"}),
    ("推荐单位审核意见", {"unit-audit"}),
    ("主管单位推荐意见", {"authority-recommendation"}),
])
def test_a_folder_naming_several_items_stays_shared(pack, folder, items):
    assert set(slot_items(folder, pack)) == items


def test_a_certificate_named_for_the_other_training_is_misfiled_by_its_name(pack):
    c = classify(photo("07-专业科目培训证书（2021）/2019公需.jpg", ""), pack,
                 slot_items("07-专业科目培训证书（2021）", pack))
    assert (c.source, c.candidates) == ("misfiled", ("training-public",))


# --- end to end: real files through the engine ---------------------------------------------------

def test_public_certificate_in_the_professional_folder_is_misfiled(tmp_path: Path):
    root = build_applicant(tmp_path / "张三", skip=("training-professional",))
    make_pdf(root / "07-专业科目培训证书（2021）" / "证书.pdf", FIRST_PAGES["training-public"][0])
    doc = check_doc(root)
    misfiled = findings(doc, category="misfiled")
    assert [(f["item"], f["data"]["found_item"]) for f in misfiled] == [("training-professional", "training-public")]
    assert item_status(doc, "training-professional") == "missing"
    assert doc["applicants"][0]["status"] == "fail"


def test_professional_certificate_in_the_public_folder_is_misfiled(tmp_path: Path):
    root = build_applicant(tmp_path / "张三", skip=("training-professional",))
    (root / "07-专业科目培训证书（2021）").mkdir()
    make_pdf(root / "08-公需科目培训证书（2014-2020）" / "2021证书.pdf", FIRST_PAGES["training-professional"][0])
    doc = check_doc(root)
    assert [(f["item"], f["data"]["found_item"]) for f in findings(doc, category="misfiled")] == \
        [("training-public", "training-professional")]
    assert findings(doc, code="ZC103", item="training-professional")  # its own slot is empty


def test_a_tie_is_needs_review_not_missing(tmp_path: Path):
    root = build_applicant(tmp_path / "张三", layout="flat", skip=("training-professional",))
    make_pdf(root / "证书扫描.pdf", "专业技术人员继续教育证书\n姓名：张三\n学时：60")
    doc = check_doc(root)
    assert not findings(doc, category="missing")
    review = findings(doc, code="ZC111")
    assert review and all(f["severity"] == "warning" for f in review)
    assert item_status(doc, "training-professional") == "needs-review"


# --- pages seen in generated photo folders (tests/photo_folders.py) -------------------------------

@pytest.mark.parametrize(("item", "text"), [
    ("achievements", "目 次\n天山北坡草地退化遥感监测研究\n唐娟山，孔晓新……(912)\n新疆主要农产品中农药残留快速检测研究"),
    ("achievements", "项目编号：2019D01A42\n自治区科技支疆项目\n项目合同书\n项目名称： 新疆道地药材质量标准提升研究"),
    ("title-proof", "专业技术职务\n证书\n新疆维吾尔自治区人力资源和社会保障厅制"),
])
def test_covers_and_contents_pages(pack, item, text):
    assert classify(photo("IMG_0001.jpg", text), pack).item == item


FORM = "专业技术职务任职资格评审表\n姓名 谭兰 性别 女\n现任专业技术职务 研究实习员"
FORM_PAGES = [
    # as OCR read a 评审表's page 2 in a generated folder: fields first, the record further down
    "姓名 谭兰 性别 女 出生年月 1985.09\n民族 汉 学历 硕士研究生 毕业时间 2012.07\n毕业院校及专业 新疆师范大学微生物学\n"
    "工作单位 新疆农业科学院\n主要工作经历 2012年7月至今在新疆农业科学院从事微生物学研究工作\n主要业绩 发表论文4篇，主持课题2项",
    "单位推荐意见 该同志业务能力强，同意推荐申报助理研究员资格\n评审委员会经2016年度评审委员会评审，具备助理研究员任职资格。\n审批意见 同意。",
]


def test_the_later_pages_of_a_form_stay_with_it(pack):
    files = [photo(f"微信图片_2021091219023{n}.jpg", t) for n, t in enumerate([FORM, *FORM_PAGES])]
    placed = follow_documents([ClassifiedFile(f, classify(f, pack)) for f in files], pack)
    assert [cf.cls.item for cf in placed] == ["title-proof"] * 3


def test_a_section_heading_past_the_first_continues_the_document(pack):
    summary_p2 = "三、继续教育与考核情况\n本人积极参加继续教育，2014-2020年度公需科目学时均已完成。近三年年度考核结果均为合格。"
    assert continues_a_document(summary_p2)
    files = [photo("IMG_0001.jpg", FIRST_PAGES["work-summary"][0]), photo("IMG_0002.jpg", summary_p2)]
    placed = follow_documents([ClassifiedFile(f, classify(f, pack)) for f in files], pack)
    assert [cf.cls.item for cf in placed] == ["work-summary", "work-summary"]


def test_a_page_with_strong_words_of_its_own_after_a_form_keeps_them(pack):
    files = [photo("IMG_0001.jpg", FORM), photo("IMG_0002.jpg", FIRST_PAGES["id-card"][1])]
    placed = follow_documents([ClassifiedFile(f, classify(f, pack)) for f in files], pack)
    assert [cf.cls.item for cf in placed] == ["title-proof", "id-card"]


def test_a_forms_page_mentioning_an_award_deep_in_a_row_stays_with_the_form(pack):
    page = ("姓名 丁静芳 性别 女 出生年月 1981.12\n民族 维吾尔 学历 博士研究生 毕业时间 2011.07\n毕业院校及专业 新疆大学自然地理学\n"
            "工作单位 新疆农业大学\n主要工作经历 2011年7月至今在新疆农业大学从事自然地理学研究工作，主持和参加科研项目6项，发表论文9篇。\n"
            "主要业绩 参与完成的成果获自治区科学技术进步奖，在核心期刊发表学术论文多篇。")
    files = [photo("扫描全能王 2021-09-22 18.18_1.jpg", FORM), photo("扫描全能王 2021-09-22 18.18_2.jpg", page)]
    placed = follow_documents([ClassifiedFile(f, classify(f, pack)) for f in files], pack)
    assert [cf.cls.item for cf in placed] == ["title-proof", "title-proof"]
    # … while a paper's first page, whose apparatus stands at its top, is its own document.
    paper = photo("扫描全能王 2021-09-22 18.18_3.jpg", FIRST_PAGES["achievements"][7])
    placed = follow_documents([ClassifiedFile(f, classify(f, pack)) for f in (files[0], paper)], pack)
    assert [cf.cls.item for cf in placed] == ["title-proof", "achievements"]


# A paper's first page as a phone photo reads: the journal's header, the title, the authors and their
# affiliations come before its apparatus, which stands past the top (80 characters) a form's page is judged by.
PAPER_FIRST_PAGE = (
    "第44卷第4期 干旱区地理 Vol.44 No.4\n2021年7月 ARID LAND GEOGRAPHY\n塔里木河下游生态输水后地下水位变化特征\n"
    "魏娟然1，韩疆娟2，曾娜飞1，姜兰2\n(1.新疆农业科学院农业质量标准与检测技术研究所，新疆乌鲁木齐830011\n"
    "；2. 新疆大学资源与环境科学学院，新疆乌鲁木齐830046)\n{abstract}系统研究了其时空分布特征及影响因素。\n"
    "{keywords}干旱区；时空变化；影响因素；新疆\n{clc}X714.5 文献标志码：A 文章编号：1000-6060(2021)04-0909-12\n1引言\n"
    "干旱区生态系统脆弱，水资源短缺。")
LABELLED = {"abstract": "摘要：", "keywords": "关键词：", "clc": "中图分类号："}


@pytest.mark.parametrize("form", [FORM, "2019年度考核登记表\n姓名 谭兰 性别 女\n单位 新疆农业科学院"])
@pytest.mark.parametrize("labels", [LABELLED, {"abstract": "Abstract: ", "keywords": "Key words：", "clc": ""},
                                    {"abstract": "摘 要:", "keywords": "关键词:", "clc": ""}])
def test_a_papers_first_page_after_a_form_is_its_own_document_by_its_labelled_apparatus(pack, form, labels):
    files = [photo("CamScanner 09-22-2021 20.41_1.jpg", form), photo("CamScanner 09-22-2021 20.41_2.jpg", FORM_PAGES[0]),
             photo("CamScanner 09-22-2021 20.43_1.jpg", PAPER_FIRST_PAGE.format(**labels))]
    placed = follow_documents([ClassifiedFile(f, classify(f, pack)) for f in files], pack)
    assert [cf.cls.item for cf in placed][1:] == [placed[0].cls.item, "achievements"]


def test_a_forms_page_with_one_labelled_phrase_of_another_item_stays_with_the_form(pack):
    page = FORM_PAGES[0].replace("主要业绩 发表论文4篇，主持课题2项", "论文：发表4篇，主持课题2项")
    files = [photo("IMG_0001.jpg", FORM), photo("IMG_0002.jpg", page)]
    placed = follow_documents([ClassifiedFile(f, classify(f, pack)) for f in files], pack)
    assert [cf.cls.item for cf in placed] == ["title-proof", "title-proof"]
