"""Regenerate the bundled example applicants (needs the test extra: reportlab).

    python examples/make_examples.py

张三-完整: a complete application in slot folders — `zccheck check examples/张三-完整` passes.
李四-有缺陷: a flat folder with the defects reviewers send back most often.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from tests.factories import build_applicant, make_pdf, texts, PROFILE  # noqa: E402


def main() -> None:
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
