"""`zccheck rules new NAME`: a new rule pack that validates and passes its own tests from the first
minute, every key explained in a comment — or a copy of a pack (`--from`), or a yearly delta that
`extends:` one (`--extends`). rules/README.md is the full reference."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from zccheck.pack.fixtures import find_cases
from zccheck.pack.merge import FILES

_PACK = """\
# {id} — one notice, as data. Every key is explained here and in rules/README.md.
# Cite the notice's clause next to each value: a pack is read by people who check it against the notice.
id: {id}                      # the pack's id (`--rules {id}`); reports name it as their ruleset
version: "1"                  # raise it when the pack changes what it checks
notice:                       # the notice itself
  title: 关于开展××年度××系列职称评审工作的通知    # the notice's title, verbatim
  issuer: ××人力资源和社会保障局                    # who issued it
  date: "2024-09-01"                                # its date, YYYY-MM-DD
  year: 2024                  # the review year: `years: {{recent: N}}` counts back from it
  source: 通知原文的出处（网址或文号）              # optional: where the text was read
  reminders:                  # optional: what `zccheck init` writes at the top of the checklist
    - 通知：漏传、错传、不传的一律视为没有相关资料。
# optional: the notice's submission window; a publicity or date after its end is date-invalid (ZC405).
# Leave it out when the notice gives none.
submission_window: {{start: "2024-09-01", end: "2024-10-31"}}
# optional: the series and titles the notice covers. `titles` is optional too (a notice that names no
# titles): then 申报职称 is free text in profile.yaml. level: 正高级 | 副高级 | 中级 | 初级; rank 4..1.
series:
  - name: 示例系列           # the series' name, as profiles write it
    aliases: [示例]           # other spellings people write in 申报信息.yaml
    titles:                   # optional: name, level, rank, aliases
      - {{name: 高级示例师, level: 副高级, rank: 3}}
      - {{name: 示例师, level: 中级, rank: 2}}
# Who provides which material (items.yaml `provider:`); the report groups the items by them, in this order.
providers:
  - {{id: applicant, title: 申报人, title_en: applicant}}
  - {{id: unit, title: 推荐单位, title_en: recommending unit}}
files:                        # the files the upload system takes
  accepted: [pdf, jpeg, png]  # image kinds zccheck reads as materials (PDFs are always read)
  max_file_mb: 20             # what zccheck reads at all (a safety limit, not the notice's)
  # optional: what the upload system takes, for every item (an item's `limits:` overrides it):
  # formats, max_kb (1 KB = 1024 bytes), min_files, max_files, suggest_px [width, height].
  limits: {{formats: [pdf, jpeg, png], max_kb: 10240}}
  min_scan_dpi: 100           # optional: the scan-quality check's default resolution
  photo_min_width: 200        # optional: the photo-quality check's smallest photo, in pixels
  photo_min_height: 260       # (together with photo_min_width)
  photo_aspect: [0.6, 0.85]   # optional: width/height of a portrait ID photo (recognised by its look)
  photo_max_paper_fraction: 0.35   # optional: a photo is hardly white paper; a scanned page mostly is
  advice:                     # optional: what to do with a file of another kind (unsupported-format)
    docx: 请用 Word/WPS 另存为 PDF 后上传。
    unknown: 请导出为 PDF 或 JPG 后上传。
  advice_en:                  # the same in English (--lang en)
    docx: Save it as PDF from Word/WPS and upload the PDF.
    unknown: Export it as PDF or JPG.
  ignore_names: [Thumbs.db, .DS_Store, desktop.ini, ._*, ~$*, __MACOSX]   # system files, never materials
  profile_names: [申报信息.yaml, profile.yaml]   # the applicant profile; `init` writes the first
  checklist: 材料清单.md      # the checklist `init` writes
  tool_files: [.zccheck.yaml] # other files of the tools, not materials
"""

_PROFILE = """\
# The applicant profile (申报信息.yaml): its keys, types and values. Item conditions (`when:`) name `key`s.
# type: text | enum (values) | bool (是/否) | yearmonth (YYYY-MM) | id-number | series | title
fields:
  - {key: name, label: 姓名, type: text, aliases: [name], example: 张三}
  - {key: id_number, label: 身份证号, type: id-number, aliases: [身份证号码, id_number], example: "110101199003070011"}
  - {key: series, label: 系列, type: series, aliases: [series], example: 示例系列}
  - {key: title, label: 申报职称, type: title, aliases: [title], example: 高级示例师}
  - key: degree
    label: 学位
    type: enum
    aliases: [degree]
    values: [博士, 硕士, 学士]                # the valid values
    value_aliases: {硕士学位: 硕士}           # spellings that mean a value
    value_contains: {硕士: 硕士}              # tried when nothing matches whole: 理学硕士 → 硕士
    comment: 没有学位填 无                    # shown in the template `init` writes
    example: 硕士
"""

_ITEMS = """\
# Every material the notice asks for, one entry each (rules/README.md lists every key).
items:
  - id: commitment            # lower-case letters, digits, hyphens; never change its meaning
    title: 本人签字的承诺书   # as the notice names it
    title_en: signed letter of commitment
    provider: applicant       # a providers id of pack.yaml
    clause: 五（一）          # the notice's clause
    quote: 申报人对本人申报材料的真实性负责，填写并上传个人签字的承诺书。   # its words, verbatim
    slot: 01-承诺书           # the folder `zccheck init` creates for it
    match:                    # how a file is recognised, strongest first:
      folders: [承诺书]       #   words of a slot folder
      names: [承诺书, 承诺]   #   words of a file name (the synonyms people use)
      titles: [承诺书]        #   the document's own title (the heading of its first page)
      text: [本人承诺]        #   phrases of its text (when no title names an item)
      # exclude_names / exclude_titles / exclude_text: words that rule the item out
    checks:                   # content checks: a closed set of kinds with declared parameters
      - {kind: placeholder}   # unfilled template marks (patterns: content.yaml placeholder.patterns)
      - {kind: signature}     # a scan of the signed paper, not a text-only PDF
      - {kind: blank-page}

  - id: photo
    title: 标准免冠照片
    title_en: standard ID photo
    provider: applicant
    clause: 五（一）1
    quote: 标准免冠照片。
    slot: 02-免冠照片
    match:
      folders: [照片]
      names: [照片, 证件照]
      exclude_names: [身份证]
      looks_like: [portrait-photo]   # an image of ID-photo proportions, no name needed
    limits: {formats: [jpeg, png], max_kb: 500, max_files: 1}   # over files.limits of pack.yaml
    checks:
      - {kind: photo-quality}
      - {kind: blank-page}

  - id: education
    title: 学历、学位证书
    title_en: diploma and degree certificate
    provider: applicant
    clause: 五（一）2
    quote: 学历、学位证书扫描件。
    slot: 03-学历学位证书
    match:
      folders: [学历, 学位]
      names: [学历, 学位, 毕业证, 学位证]
      titles: [毕业证书, 学位证书]
    parts:                    # several documents make the item
      mode: all               # all | any ("或": any one of them)
      list:
        - id: diploma
          title: 毕业证书
          title_en: diploma
          match: {names: [毕业], text: [准予毕业]}
        - id: degree
          title: 学位证书
          title_en: degree certificate
          when: {degree: present}      # a condition on the profile: present | absent | values
          match: {names: [学位], text: [学位证书]}
    checks:
      - {kind: blank-page}

  - id: annual-assessment
    title: 近三年年度考核登记表
    title_en: annual assessment forms of the last three years
    provider: applicant
    clause: 五（一）7
    quote: 近三年年度考核登记表。
    slot: 04-年度考核登记表
    match:
      folders: [年度考核, 考核]
      names: [考核]
      titles: [考核登记表, 考核表]
    years: {recent: 3, label: 近三年}   # or {from: 2014, to: 2020}, {list: [2021]}; recent counts to `last`
    checks:
      - {kind: blank-page}

  - id: unit-audit
    title: 推荐单位审核意见
    title_en: recommending unit's audit opinion
    provider: unit
    clause: 五（二）
    quote: 填写审核意见“本单位已对提供的申报材料逐一审核，真实、完整、有效，同意推荐”。
    slot: 05-推荐单位审核意见
    match:
      folders: [审核意见]
      names: [审核意见]
      titles: [审核意见]
    checks:
      - {kind: statement, text: 本单位已对提供的申报材料逐一审核，真实、完整、有效，同意推荐}
      - {kind: blank-page}
"""

_CONTENT = """\
# Defaults of the content checks' parameters, one section per kind (an item's check entry overrides
# them; rules/README.md lists each kind's parameters, types and defaults). What a notice's templates
# look like lives here, never in zccheck: trim or extend these starting values to match yours.
statement:
  threshold: 0.82             # OCR noise tolerated: similarity from which a sentence counts
# Unfilled marks of the templates (regular expressions; the named group is the kind of mark).
placeholder:
  max_per_file: 3
  patterns:
    - "(?P<fill_in>[【［\\\\[（(〔][ 　]*请(?:填写|输入|填)[^】］\\\\]）)〕\\\\n]{{0,30}}[】］\\\\]）)〕])"    # 【请填写】
    - "(?P<blank_field>(?:签字|签名|签章|盖章|日期)[ 　]*[:：][ 　\\\\t]*[_＿]{{2,}})"              # 签字：____
    - "(?P<date>(?<![0-9０-９])(?=[^日\\\\n]{{0,24}}?[×✕✗╳xXｘＸ])(?:(?:[0-9０-９]{{4}}|[×✕✗╳xXｘＸ]{{1,4}})?[ 　]*年[ 　]*)?(?:[0-9０-９]{{1,2}}|[×✕✗╳xXｘＸ]{{1,2}})?[ 　]*月[ 　]*(?:[0-9０-９]{{1,2}}|[×✕✗╳xXｘＸ]{{1,2}})?[ 　]*日)"   # ××××年××月××日
    - "(?P<someone>某某+)"                                                                       # 某某同志
    - "(?P<cross>(?<![A-Za-z])[×✕✗╳xXｘＸ]{{2,}}(?![A-Za-z])|(?<![0-9０-９A-Za-z.])(?<![0-9０-９A-Za-z.][ 　])[×✕✗╳](?![ 　]?[0-9０-９A-Za-z]))"   # ××同志
    - "(?P<underline>[_＿]{{3,}}|＿＿)"                                                           # ______
# Where a document names the person, and the series and level applied for (one group each; two for
# series_level_pattern). field_labels: words after 姓名 in a form's header row that are not names.
identity:
  name_patterns:
    - "(?:现对|同意推荐|推荐)\\\\s*([\\\\u4e00-\\\\u9fa5·]{{2,5}}?)\\\\s*同志"
    - "姓\\\\s*名\\\\s*[:：]?\\\\s*([\\\\u4e00-\\\\u9fa5·]{{2,5}})(?=\\\\s|性|$|[,，;；])"
  series_level_pattern: "申报\\\\s*([\\\\u4e00-\\\\u9fa5]{{2,10}}?)\\\\s*系列\\\\s*([\\\\u4e00-\\\\u9fa5]{{1,6}}?)\\\\s*(?:级|职称|专业技术)"
  field_labels: [单位, 工作单位, 性别, 民族, 身份证号, 出生年月, 职务, 职称, 学历, 学位, 专业, 备注]
# The words that introduce a 公示's period (publicity-period reads the dates nearest them).
publicity-period:
  keywords: [公示时间, 公示期, 公示日期, 公示]
# Words in a file name that say which side of a two-sided form it shows (items with `sides: 2`).
sides:
  words: {{front: [正面], back: [反面, 背面]}}
# Days chinese-calendar does not know yet (publicity-period counts working days):
calendar:
  holidays: []
  workdays: []
"""

_BASIS = """\
# The notice's own words behind each finding code, shown by `zccheck explain CODE --rules {id}`.
codes:
  ZC101: {{clause: "五（一）", quote: "申报人对本人申报材料的真实性负责"}}
"""

_README = """\
# {id}

{title}

- 通知 / notice: see `pack.yaml` (`notice.source`).
- 材料 / items: `zccheck rules show {id} --format table`; the merged values with their origin: `zccheck rules show {id}`.
- 检查 / check a folder: `zccheck check --rules path/to/{id} FOLDER` (a pack of your own is named by its folder).
- 测试 / tests: `zccheck rules test {id}` runs every case of `tests/` (a folder each: `expected.yaml` lists
  the findings the case must produce, exactly; `make.yaml` makes its files at run time).

Every key and check kind is documented in the zccheck repository's `rules/README.md`.
"""

_EXTENDS_PACK = """\
# {id}: a delta of {parent} — only what changed is written here; everything else is {parent}'s.
# `zccheck rules show {id}` prints the merged pack with each value's origin (file:line).
extends: {parent}             # a bundled pack's id, or a folder relative to this one
id: {id}
version: "1"
# Override any key of pack.yaml, e.g.:
# notice: {{title: …, date: "2025-09-01", year: 2025}}
# submission_window: {{start: "2025-09-01", end: "2025-10-10"}}
"""

_EXTENDS_ITEMS = """\
# Items are merged by id with {parent}'s: give only the keys that change. `remove: true` drops an item
# (or, inside an item, a part or a check by its kind). `years:` and `when:` are replaced whole.
items: []
# Examples:
#   - id: training-public
#     years: {{from: 2015, to: 2021}}
#     quote: 公需科目提供2015-2021年度培训合格证书。
#   - id: aid-approval
#     remove: true
#   - id: commitment
#     checks:
#       - {{kind: signature, remove: true}}
"""

_CASE_EXPECTED = """\
# What `zccheck rules test` must find in this folder: exactly these findings (each lists the keys it
# cares about: code, item, category, file, severity, page), no more, no fewer.
description: {description}
status: {status}
findings:{findings}
"""

_CASE_MAKE = """\
# Files made when the case runs, so the pack carries no binaries: photo / scan (JPEG of a pixel size,
# `kb` pads it to a byte size; scan: seal, blank), pdf (born-digital, one string per page), bytes
# (docx, doc, zip, rar, empty, text, heic). `profile:` is written as the applicant profile.
profile: {{姓名: 张三, 身份证号: "110101199003070011", 系列: 示例系列, 申报职称: 高级示例师, 学位: 硕士}}
files:
  - {{path: 01-承诺书/承诺书.jpg, scan: {{}}}}
  - {{path: 02-免冠照片/照片.jpg, photo: {{width: 390, height: 567}}}}
  - {{path: 03-学历学位证书/毕业证.jpg, scan: {{}}}}
  - {{path: 03-学历学位证书/学位证.jpg, scan: {{}}}}
{assessments}  - {{path: 05-推荐单位审核意见/审核意见.pdf, pdf: ["推荐单位审核意见\\n本单位已对提供的申报材料逐一审核，真实、完整、有效，同意推荐。"]}}
"""


def _write(path: Path, text: str, written: list[Path]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    written.append(path)


def _template(folder: Path, pack_id: str, written: list[Path]) -> None:
    _write(folder / "pack.yaml", _PACK.format(id=pack_id), written)
    _write(folder / "profile.yaml", _PROFILE, written)
    _write(folder / "items.yaml", _ITEMS, written)
    _write(folder / "content.yaml", _CONTENT.format(), written)
    _write(folder / "basis.yaml", _BASIS.format(id=pack_id), written)
    assessments = "".join(f"  - {{path: 04-年度考核登记表/{y}年度考核登记表.jpg, scan: {{}}}}\n" for y in (2021, 2022, 2023))
    make = _CASE_MAKE.format(assessments=assessments)
    _write(folder / "tests" / "complete" / "make.yaml", make, written)
    _write(folder / "tests" / "complete" / "expected.yaml", _CASE_EXPECTED.format(
        description="a complete folder passes", status="pass", findings=" []"), written)
    missing = make.replace("  - {path: 04-年度考核登记表/2022年度考核登记表.jpg, scan: {}}\n", "")
    missing = missing.replace("  - {path: 02-免冠照片/照片.jpg, photo: {width: 390, height: 567}}\n", "")
    _write(folder / "tests" / "missing-photo-and-2022" / "make.yaml", missing, written)
    _write(folder / "tests" / "missing-photo-and-2022" / "expected.yaml", _CASE_EXPECTED.format(
        description="no photo, no 2022 assessment", status="fail",
        findings="\n  - {code: ZC101, item: photo, category: missing}"
                 "\n  - {code: ZC201, item: annual-assessment, category: year-missing}"), written)


def _copy(folder: Path, source: Path, pack_id: str, written: list[Path]) -> None:
    header = f"# Copied from {source.name} by `zccheck rules new --from`; rules/README.md documents every key.\n"
    for name in FILES:
        if (source / name).is_file():
            text = (source / name).read_text(encoding="utf-8")
            if name == "pack.yaml":
                text = re.sub(r"(?m)^id:\s*\S+", f"id: {pack_id}", text, count=1)
            _write(folder / name, header + text, written)
    _copy_tests(folder, source, written)


def _copy_tests(folder: Path, source: Path, written: list[Path]) -> None:
    for case in find_cases(source):
        shutil.copytree(case, folder / "tests" / case.name)
        written.extend(p for p in (folder / "tests" / case.name).rglob("*") if p.is_file())


def scaffold(folder: Path, copy_from: Path | None = None, extends: str | None = None,
             extends_dir: Path | None = None) -> list[Path]:
    """Write the pack at `folder` (its id: the folder's name); return the files written. `extends`: the
    value of the new pack's `extends:` (the parent's id, or its folder relative to the new one), found
    at `extends_dir`."""
    pack_id = folder.name
    written: list[Path] = []
    folder.mkdir(parents=True, exist_ok=True)
    if copy_from is not None:
        _copy(folder, copy_from, pack_id, written)
        title = f"A copy of {copy_from.name}: edit it to the new notice."
    elif extends is not None and extends_dir is not None:
        _write(folder / "pack.yaml", _EXTENDS_PACK.format(id=pack_id, parent=extends), written)
        _write(folder / "items.yaml", _EXTENDS_ITEMS.format(parent=extends), written)
        _copy_tests(folder, extends_dir, written)
        title = f"A delta of {extends}: only what changed is written here. Its tests start as {extends}'s: " \
                "change them with the pack."
    else:
        _template(folder, pack_id, written)
        title = "A new rule pack: edit pack.yaml, profile.yaml and items.yaml to the notice, then the tests."
    _write(folder / "README.md", _README.format(id=pack_id, title=title), written)
    return written
