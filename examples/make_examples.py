"""Regenerate the bundled example applicants (needs the test extra: reportlab).

    python examples/make_examples.py            # all of them
    python examples/make_examples.py xianyang   # only one pack's (xj | xianyang)

The 2021 Xinjiang pack (xj-2021-zrkx-syjs, the default):
张三-完整: a complete application in slot folders — `zccheck check examples/张三-完整` passes.
李四-有缺陷: a flat folder with the defects reviewers send back most often.

The 咸阳 2022 工程系列 pack (`--rules xianyang-2022-gongcheng`; tests/gongcheng.py builds them):
王五-工程-完整: every material as JPG pictures in the slot folders `zccheck init` creates — it passes.
赵六-工程-有缺陷: flat, with a PDF where JPG pictures are asked for, a picture over 600 KB, a photo over
100 KB, the 2020 assessment, the 备案表 and the 评审表 missing, the unit's and 人社部门's materials not yet
there (劳动合同 is replaced by a 单位工作证明: any one of them is enough).
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from tests.factories import build_applicant, make_pdf, texts, PROFILE  # noqa: E402
from tests.gongcheng import build_defective, build_gongcheng_applicant  # noqa: E402


def make_xianyang() -> None:
    complete = HERE / "王五-工程-完整"
    defective = HERE / "赵六-工程-有缺陷"
    for folder in (complete, defective):
        shutil.rmtree(folder, ignore_errors=True)
    build_gongcheng_applicant(complete)
    build_defective(defective)
    print(f"wrote {complete} and {defective}")


def main() -> None:
    which = sys.argv[1] if len(sys.argv) > 1 else "all"
    if which in ("all", "xj"):
        make_xj()
    if which in ("all", "xianyang"):
        make_xianyang()


def make_xj() -> None:
    complete = HERE / "张三-完整"
    defective = HERE / "李四-有缺陷"
    for folder in (complete, defective):
        shutil.rmtree(folder, ignore_errors=True)
    build_applicant(complete)

    lisi = dict(PROFILE, 姓名="李四", 身份证号="650102198703021235", 现任职称取得时间="2017-03")
    t = texts(lisi)
    bad_publicity = (t["unit-publicity"].replace("现对李四同志", "现对××同志")
                     .replace("公示时间从2021年9月10日起至2021年9月16日止", "公示时间从2021年9月17日起至2021年9月23日止"))
    build_applicant(
        defective, lisi, layout="flat",
        skip=("training-public:2016", "annual-assessment:2019", "id-card:back"),
        replace={
            "unit-audit": lambda f: make_pdf(f, "推荐单位审核意见\n经审核，同意推荐。\n新疆生态与地理研究所\n2021年9月20日"),
            "unit-publicity": lambda f: make_pdf(f.with_suffix(".pdf"), bad_publicity),
            "authority-recommendation": lambda f: make_pdf(
                f.with_suffix(".pdf"), t["authority-recommendation"].replace("自然科学研究系列副高级", "实验技术系列中级")),
        },
    )
    (defective / "个人简历.docx").write_bytes(b"PK\x03\x04" + b"\x00" * 26 + b"word/document.xml")
    shutil.copy(defective / "2018公需.pdf", defective / "2018公需(1).pdf")
    (defective / "IMG_20210908_0001.jpg").write_bytes((defective / "证件照.jpg").read_bytes()[:4000])
    print(f"wrote {complete} and {defective}")


if __name__ == "__main__":
    main()
