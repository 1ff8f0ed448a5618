"""Applicant folders for the 咸阳 2022 工程系列 pack (rules/xianyang-2022-gongcheng): every material
as the notice wants it — JPG pictures of at most 600 KB, the photo at most 100 KB — laid out in the
slot folders `zccheck init --rules xianyang-2022-gongcheng` creates, or flat with real-life names."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from PIL import Image

from tests.factories import make_pdf, make_photo, save_jpeg, scan_image

RULES = "xianyang-2022-gongcheng"

PROFILE = {
    "姓名": "王五",
    "身份证号": "61040219880312001X",
    "系列": "工程",
    "申报职称": "高级工程师",
    "现任职称": "工程师",
    "学位": "学士",
    "职业资格证书": "是",
    "任职期间奖励": "是",
    "工作单位": "咸阳市某某工程有限公司",
}


def _scan(text: str) -> Callable[[Path], object]:
    return lambda f: save_jpeg(scan_image(text, font_size=28), f, quality=50)


def _large_scan(text: str) -> Callable[[Path], object]:
    """A scan over 600 KB: a phone photo of a page at full resolution, with its grain."""
    def write(f: Path) -> None:
        page = scan_image(text, size=(1654, 2339), font_size=38)
        grain = Image.effect_noise(page.size, 40).convert("RGB")
        save_jpeg(Image.blend(page, grain, 0.12), f, quality=88)  # about 740 KB
    return write


def documents(p: dict) -> dict[str, tuple[str, str, str, Callable[[Path], object]]]:
    """key → (slot folder, name in the slot, flat name, writer)."""
    name = p["姓名"]
    docs: dict[str, tuple[str, str, str, Callable[[Path], object]]] = {
        "photo": ("01-电子照片", "照片.jpg", "证件照.jpg", lambda f: make_photo(f, size=(413, 626))),
        "education:diploma": ("02-学历情况", "毕业证.jpg", "毕业证.jpg",
                              _scan(f"毕业证书\n学生{name}，于2006年9月至2010年7月在本校土木工程专业学习，准予毕业。")),
        "education:degree": ("02-学历情况", "学位证.jpg", "学位证.jpg",
                             _scan(f"学士学位证书\n{name}，授予工学学士学位。")),
        "education:record": ("02-学历情况", "学历电子注册备案表.jpg", "学信网备案表.jpg",
                             _scan(f"教育部学历证书电子注册备案表\n姓名：{name}\n层次：本科")),
    }
    for year in range(2018, 2023):
        docs[f"annual-assessment:{year}"] = ("03-近五年年度考核", f"{year}年度考核表.jpg", f"考核表{year}.jpg",
                                             _scan(f"{year}年度考核登记表\n姓名：{name}\n考核等次：合格"))
    docs.update({
        "awards": ("04-任职期间奖励情况", "科技进步奖证书.jpg", "获奖证书.jpg",
                   _scan(f"荣誉证书\n{name}同志参与的项目荣获咸阳市科学技术进步奖三等奖。特发此证。")),
        "achievements": ("05-科研成果及工作业绩", "工程业绩证明.jpg", "项目验收证书.jpg",
                         _scan(f"竣工验收证书\n工程名称：咸阳某大桥\n项目负责人：{name}")),
        "work-summary": ("06-专业技术工作总结", "专业技术工作总结.jpg", "工作总结.jpg",
                         _scan(f"专业技术工作总结\n{name}\n本人任工程师以来，主持完成工程项目5项。")),
        "credentials:id": ("07-证件电子图片", "身份证.jpg", "身份证.jpg",
                           lambda f: save_jpeg(scan_image(f"姓名 {name}\n公民身份号码 {p['身份证号']}", size=(856, 540),
                                                          font_size=26), f)),
        "credentials:certificate": ("07-证件电子图片", "职称证书.jpg", "职称证书.jpg",
                                    _scan(f"专业技术资格证书\n姓名：{name}\n资格名称：工程师")),
        "credentials:form": ("07-证件电子图片", "职称评审表.jpg", "职称评审表.jpg",
                             _scan(f"专业技术职务任职资格评审表\n姓名：{name}")),
        "credentials:vocational": ("07-证件电子图片", "职业资格证书.jpg", "一级建造师职业资格证书.jpg",
                                   _scan(f"中华人民共和国一级建造师职业资格证书\n姓名：{name}")),
        "continuing-education": ("08-继续教育学时成绩单", "继续教育学时成绩单.jpg", "继续教育学时成绩单.jpg",
                                 _scan(f"专业技术人员继续教育学时成绩单\n姓名：{name}\n2018-2022年度 合计学时：360")),
        "commitment": ("09-诚信承诺书", "诚信承诺书.jpg", "诚信承诺书.jpg",
                       _scan(f"诚信承诺书\n本人郑重承诺所提交材料真实有效。\n承诺人：{name}\n2023年2月20日")),
        "appointment-letters:1": ("10-近五年专业技术职务聘书", "聘书2018-2020.jpg", "聘书2018-2020.jpg",
                                  _scan(f"聘书\n兹聘任{name}同志为工程师，聘期2018年1月至2020年12月。")),
        "appointment-letters:2": ("10-近五年专业技术职务聘书", "聘书2021-2023.jpg", "聘书2021-2023.jpg",
                                  _scan(f"聘书\n兹聘任{name}同志为工程师，聘期2021年1月至2023年12月。")),
        "employment-proof": ("11-劳动合同或工作证明", "劳动合同.jpg", "劳动合同.jpg",
                             _scan(f"劳动合同书\n甲方：咸阳市某某工程有限公司\n乙方：{name}")),
        "vacancy-proof": ("12-单位空岗证明", "单位空岗证明.jpg", "空岗证明.jpg",
                          _scan("单位空岗证明\n我单位高级工程师岗位现有空缺一个。")),
        "publicity": ("13-公示证明", "公示证明.jpg", "公示证明.jpg",
                      _scan(f"公示证明\n{name}同志申报高级工程师的材料已在本单位公示，公示期内无异议。")),
        "recommendation-letter": ("14-推荐函", "推荐函.jpg", "推荐函.jpg",
                                  _scan(f"推荐函\n现推荐{name}等1名同志参加2022年度工程系列高级职称评审。")),
        "roster": ("15-推荐人员花名册", "推荐人员花名册.jpg", "推荐人员花名册.jpg",
                   _scan(f"推荐人员花名册\n序号 姓名 单位\n1 {name} 咸阳市某某工程有限公司")),
    })
    return docs


def build_gongcheng_applicant(root: Path, profile: dict | None = None, *, layout: str = "slots",
                              skip: tuple[str, ...] = (), replace: dict[str, Callable[[Path], object]] | None = None,
                              extra: dict[str, Callable[[Path], object]] | None = None) -> Path:
    """A complete 咸阳 2022 applicant. `skip`: keys (or their item prefix) left out; `replace`: key →
    writer of a defective file instead (its path may change suffix); `extra`: path → writer."""
    p = dict(PROFILE, **(profile or {}))
    root.mkdir(parents=True, exist_ok=True)
    (root / "申报信息.yaml").write_text("".join(f"{k}: \"{v}\"\n" for k, v in p.items()), encoding="utf-8")
    replace = replace or {}
    for key, (slot, slot_name, flat_name, writer) in documents(p).items():
        if key in skip or key.split(":")[0] in skip:
            continue
        if key == "credentials:vocational" and p.get("职业资格证书") != "是":
            continue
        if key == "awards" and p.get("任职期间奖励") != "是":
            continue
        target = root / slot / slot_name if layout == "slots" else root / flat_name
        target.parent.mkdir(parents=True, exist_ok=True)
        (replace.get(key) or writer)(target)
    for rel, writer in (extra or {}).items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        writer(root / rel)
    return root


def build_defective(root: Path) -> Path:
    """What reviewers of this notice send back: a PDF where JPG pictures are asked for, a picture over
    600 KB, a photo over 100 KB, a missing year, a missing 备案表 and 评审表, the unit's and the
    人社部门's materials not yet there."""
    return build_gongcheng_applicant(
        root, {"姓名": "赵六", "身份证号": "610402199001150019", "任职期间奖励": "否", "职业资格证书": "否"},
        layout="flat",
        skip=("annual-assessment:2020", "education:record", "credentials:form", "vacancy-proof", "recommendation-letter",
              "roster", "employment-proof"),
        replace={
            "photo": lambda f: _big_photo(f.with_suffix(".png")),
            "achievements": lambda f: make_pdf(f.with_name("论文-黄土地区桥梁基础沉降监测.pdf"),
                                               ["黄土地区桥梁基础沉降监测\n摘要：……\n关键词：桥梁；沉降", "正文：……"]),
            "work-summary": _large_scan("专业技术工作总结\n赵六\n本人任工程师以来，主持完成工程项目5项。"),
        },
        extra={"单位工作证明.jpg": _scan("工作证明\n兹证明赵六同志系我单位在职职工。")},
    )


def _big_photo(path: Path) -> None:
    """A PNG photo of 360×540 pixels with a camera's grain: PNG is allowed for the photo, but at about
    200 KB it is over 100 KB."""
    from PIL import ImageDraw

    image = Image.blend(Image.new("RGB", (360, 540), (60, 130, 210)), Image.effect_noise((360, 540), 10).convert("RGB"), 0.5)
    d = ImageDraw.Draw(image)
    d.ellipse((108, 97, 252, 313), fill=(235, 200, 170))
    d.rectangle((54, 335, 306, 540), fill=(30, 30, 40))
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, "PNG")
