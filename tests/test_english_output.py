"""`--lang en` speaks English. A finding carries its code and data; every sentence is worded when reporting
(zccheck.codes: CODES and PHRASES; zccheck.report.messages). So the English output of `zccheck check`, in
every format, holds Chinese only where it names or quotes something:

- names: files, folders and archive members (the applicant's own); the applicant and the values of the
  applicant's profile (申报信息.yaml), and its keys where a message quotes one back ('性别'); the pack's labels
  of profile fields as values of JSON's `data` only ({"fields": ["机关调动"]}); the pack's slot folders and
  the words it asks file names to hold (names the applicant gives files); the pack's series, titles, levels,
  education and degree values, the documents eligibility routes come from, and (as JSON's `route`) the
  routes' labels; the notice's title;
- quotations: the notice's prescribed wording (同意推荐…) and its template marks (××); what a document says,
  quoted in a message ('实验技术系列', …现对××同志…), which must be found in one of the documents written here;
- a few example file names in the messages' advice (EXAMPLE_NAMES), names a Chinese applicant would give.

Item titles are quoted from the pack in English (`title_en`, which every item has): a Chinese item title in
English output is a failure. So is a profile field's Chinese label: in English a field is named by its key.

The folders are the two bundled examples and folders made here to raise every code that can occur.
"""

from __future__ import annotations

import os
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from conftest import REPO, run_cli
from factories import PROFILE, build_applicant, make_pdf, make_photo, make_scan, profile_yaml, save_jpeg, scan_image, texts

CJK = re.compile(r"[\u4e00-\u9fff]")
CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")
FORMATS = ("table", "json", "sarif", "junit", "markdown", "github")
EXAMPLES = REPO / "examples"
# File names the messages give as examples (a name says what a file is: 2019年度考核表.pdf), and the way the
# template of 附件1 words a publicity period, which ZC409 quotes.
EXAMPLE_NAMES = ("2019年度考核表.pdf", "2019年度公需科目证书.jpg", "身份证反面.jpg", "学位证.jpg", "申报信息.yaml", "2019年度",
                 "公示时间从…起至…止")
# The marks the templates of 附件1 and 附件2 leave to be filled in, which ZC401's help quotes.
TEMPLATE_MARKS = ("××××年××月××日", "×（高、中、初）", "××")


@dataclass
class Case:
    """One applicant to check: its path, extra options, and what its documents say (for quotations)."""

    path: Path
    options: tuple[str, ...] = ()
    documents: list[str] = field(default_factory=list)
    passes: bool = False  # no error among the findings (exit 0)


# --- the folders -------------------------------------------------------------------------------------

def _pdf(case: Case, path: Path, text: str | list[str], **kwargs) -> Path:
    case.documents.extend([text] if isinstance(text, str) else text)
    return make_pdf(path, text, **kwargs)


def _scan(case: Case, path: Path, text: str, **kwargs) -> Path:
    case.documents.append(text)
    return make_scan(path, text, **kwargs)


def _applicant(case: Case, profile: dict | None = None, **kwargs) -> Path:
    p = dict(PROFILE, **(profile or {}))
    for text in texts(p).values():
        case.documents.extend(text.format(year=y, next=y + 1) for y in range(2014, 2022))
    return build_applicant(case.path, profile, **kwargs)


def _file_problems(base: Path) -> Case:
    """A flat folder: files that cannot be used, named badly, duplicated, of the wrong year or quality."""
    case = Case(base / "王五-文件问题")
    t = texts(dict(PROFILE, 姓名="王五"))
    root = _applicant(case, {"姓名": "王五"}, layout="flat", skip=("work-summary", "id-card:back"), replace={
        "photo": lambda f: make_photo(f, size=(120, 100)),
        "unit-audit": lambda f: _scan(case, f, t["unit-audit"]),  # a scan: the wording needs OCR
        "commitment": lambda f: _pdf(case, f.with_suffix(".pdf"), t["commitment"]),  # born-digital: no signature
        "authority-recommendation": lambda f: _scan(case, f, t["authority-recommendation"]),  # no seal on it
        "training-public:2015": lambda f: _pdf(case, f.with_name("公需科目证书.pdf"), "继续教育公需科目培训合格证书\n学时：30"),
        "annual-assessment:2019": lambda f: _pdf(case, f.with_name("2019年度考核登记表正面.pdf"), "2019年度考核登记表\n（正面）"),
        "annual-assessment:2020": lambda f: _pdf(case, f, "2020年度考核登记表\n姓名：王五"),
    })
    (root / "空文件.pdf").write_bytes(b"")
    (root / "损坏.pdf").write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF")
    (root / "简历.docx").write_bytes(b"PK\x03\x04" + b"\x00" * 26 + b"word/document.xml")
    (root / "照片.heic").write_bytes(b"\x00\x00\x00\x18ftypheic" + b"\x00" * 100)
    (root / "Thumbs.db").write_bytes(b"junk")
    (root / "IMG_0031.jpg").write_bytes((root / "证件照.jpg").read_bytes())
    _pdf(case, root / "随便.pdf", "你好，世界")
    _pdf(case, root / "2012公需.pdf", "2012年度专业技术人员继续教育公需科目培训合格证书\n姓名：王五")
    _scan(case, root / "继续教育证书.jpg", "专业技术人员继续教育证书")
    save_jpeg(scan_image("身份证", size=(300, 190)), root / "身份证正面.jpg")
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    writer.append(PdfReader(str(root / "2014公需.pdf")))
    writer.encrypt("secret")
    with open(root / "加密.pdf", "wb") as out:
        writer.write(out)
    with open(root / "超大.pdf", "wb") as out:
        out.truncate(21 * 1024 * 1024)  # sparse: over the pack's 20 MB, never read
    os.symlink("/etc/hostname", root / "外部链接.pdf")
    return case


_BAD_PROFILE = {k: v for k, v in PROFILE.items() if k != "机关调动"}  # whether 机关调动 materials apply: unknown


def _content_problems(base: Path) -> Case:
    """Slot folders; a profile with bad values; documents that name someone else, hold a blank page, sit in
    the wrong slot, or lack a part."""
    case = Case(base / "赵六-内容问题")
    p = dict(_BAD_PROFILE, 姓名="赵六", 身份证号="650102198506151233", 援疆="也许", 毕业时间="昨天", 现任职称取得地="火星",
             性别="男", 访惠聚="是")
    t = texts(dict(PROFILE, 姓名="赵六"))
    root = _applicant(case, {"姓名": "赵六"}, write_profile=False, skip=("work-summary",), replace={
        "title-proof": lambda f: _pdf(case, f, [t["title-certificate"]], blank_pages=(2,)),
        "education:degree": lambda f: _scan(case, f.with_name("扫描件.jpg"), "证书\n编号 1024"),
        "authority-recommendation": lambda f: _pdf(case, f.with_suffix(".pdf"),
                                                   t["authority-recommendation"].replace("赵六", "李雷")
                                                   + "\n身份证号：650102198703021235"),
    })
    (root / "申报信息.yaml").write_text(profile_yaml(p), encoding="utf-8")
    (root / "10-个人业务工作总结").mkdir()
    _pdf(case, root / "09-业绩印证材料" / "证书.pdf", "2019年度专业技术人员继续教育公需科目培训合格证书\n姓名：赵六")
    return case


def _publicity_wordings(base: Path) -> Case:
    """Publicity documents whose period is impossible, too short, unstated or after the deadline."""
    case = Case(base / "孙七-公示")
    root = _applicant(case, {"姓名": "孙七"}, skip=("unit-publicity",))
    slot = root / "13-单位公示证明及公示结果"
    for n, wording in enumerate(["公示时间从2021年9月31日起至2021年10月8日止", "自2021年10月8日起，为期5个工作日", "公示5天",
                                 "公示3天", "为期5个工作日", "自2021年9月13日起，为期5个工作日",
                                 "公示时间从2021年9月10日起至2021年10月20日止"], start=1):
        _pdf(case, slot / f"公示{n}.pdf", f"推荐单位公示\n现对孙七同志进行公示。\n{wording}。\n新疆生态与地理研究所")
    return case


def _no_profile(base: Path) -> Case:
    """No profile; a publicity with a date but no period; unrecognised scans where a material is missing.
    Every one of these is a warning: the applicant passes, with things to look at."""
    case = Case(base / "无申报信息", passes=True)
    root = _applicant(case, write_profile=False, layout="flat", skip=("work-summary",), replace={
        "unit-publicity": lambda f: _pdf(case, f.with_suffix(".pdf"), "推荐单位公示\n现对张三同志进行公示。\n本公示于2021年9月10日张贴。"),
    })
    _scan(case, root / "IMG_0001.jpg", "第一页")
    return case


def _too_few_scans(base: Path) -> Case:
    """Three materials missing, one unrecognised one-page scan: at most one can be in it (ZC411)."""
    case = Case(base / "吴九-扫描件不够")
    root = _applicant(case, skip=("commitment", "photo", "work-summary"))
    _scan(case, root / "IMG_0007.jpg", "第一页")
    return case


def _broken_profile(base: Path) -> Case:
    """A profile YAML cannot parse; a publicity without any date."""
    case = Case(base / "语法错误")
    root = _applicant(case, write_profile=False, replace={
        "unit-publicity": lambda f: _pdf(case, f.with_suffix(".pdf"), "推荐单位公示\n现对张三同志进行公示，请监督。"),
    })
    (root / "申报信息.yaml").write_text("姓名: [张三\n系列: 自然科学研究\n", encoding="utf-8")
    return case


def _small(base: Path, name: str, profile_text: str | bytes, *options: str) -> Case:
    """A profile and one document: for what the profile alone decides."""
    case = Case(base / name, options)
    case.path.mkdir(parents=True)
    target = case.path / "申报信息.yaml"
    target.write_bytes(profile_text) if isinstance(profile_text, bytes) else target.write_text(profile_text, encoding="utf-8")
    _pdf(case, case.path / "个人业务工作总结.pdf", "个人业务工作总结\n本人自取得资格以来，主持课题3项。")
    return case


def _slow(base: Path) -> Case:
    """A PNG whose decoding takes far longer than --timeout 0.1 s: ZC307."""
    from PIL import Image

    case = _small(base, "慢文件", profile_yaml(PROFILE), "--timeout", "0.1")
    Image.linear_gradient("L").resize((7000, 7000)).save(case.path / "大图.png")
    return case


def _zip(base: Path) -> Case:
    """An applicant as a .zip with an unsafe name, an encrypted member, a zip bomb and a zip two levels deep."""
    case = Case(base / "郑十.zip")
    folder = base / "zip-src" / "郑十"
    inner = Case(folder)
    _applicant(inner, {"姓名": "郑十"}, skip=("work-summary",))
    case.documents = inner.documents
    with zipfile.ZipFile(case.path, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                zf.write(path, path.relative_to(folder.parent).as_posix())
        zf.writestr("郑十/../逃逸.pdf", b"%PDF-1.4\n")
        locked = zipfile.ZipInfo("郑十/加密的总结.pdf")
        locked.flag_bits |= 0x1
        zf.writestr(locked, b"%PDF-1.4 not really encrypted")
        zf.writestr("郑十/炸弹.pdf", b"\x00" * (8 * 1024 * 1024))
        deepest = _zip_bytes({"最里层.pdf": b"%PDF-1.4\n"})
        zf.writestr("郑十/套娃.zip", _zip_bytes({"中间层.zip": deepest}))
    return case


def _zip_bytes(members: dict[str, bytes]) -> bytes:
    import io

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buffer.getvalue()


def _not_a_folder(base: Path) -> list[Case]:
    """Applicants given as a .rar and as a damaged .zip. (A lone PDF is refused before any check: a usage error.)"""
    rar, bad = Case(base / "钱一.rar"), Case(base / "损坏的压缩包.zip")
    rar.path.write_bytes(b"Rar!\x1a\x07\x00" + b"\x00" * 64)
    bad.path.write_bytes(b"PK\x03\x04" + b"\xff" * 200)
    return [rar, bad]


@pytest.fixture(scope="module")
def cases(tmp_path_factory) -> list[Case]:
    base = tmp_path_factory.mktemp("english")
    made = [_file_problems(base), _content_problems(base), _publicity_wordings(base), _no_profile(base),
            _too_few_scans(base), _broken_profile(base), _slow(base), _zip(base), *_not_a_folder(base),
            _small(base, "空申报信息", ""),
            _small(base, "列表申报信息", "- 张三\n- 自然科学研究\n"),
            _small(base, "超大申报信息", profile_yaml(PROFILE).encode() + b"#" + b"x" * (300 * 1024) + b"\n"),
            # 现任 研究实习员 cannot apply for 副研究员 (ZC603); a --series nobody reviews (ZC002 from the command line)
            _small(base, "职称不符", profile_yaml(dict(PROFILE, 现任职称="研究实习员")), "--series", "社会科学研究")]
    examples = [Case(EXAMPLES / "张三-完整", passes=True), Case(EXAMPLES / "李四-有缺陷")]
    lisi = dict(PROFILE, 姓名="李四", 身份证号="650102198703021235", 现任职称取得时间="2017-03")
    for case in examples:
        for text in texts(lisi if "李四" in case.path.name else PROFILE).values():
            case.documents.extend(text.format(year=y, next=y + 1) for y in range(2014, 2022))
    # What examples/make_examples.py changed in 李四's documents.
    t = texts(lisi)
    examples[1].documents += [t["authority-recommendation"].replace("自然科学研究系列副高级", "实验技术系列中级"),
                              t["unit-publicity"].replace("现对李四同志", "现对××同志")]
    return examples + made


@dataclass
class Run:
    case: Case
    outputs: dict[str, str]
    stderr: str


@pytest.fixture(scope="module")
def runs(cases, tmp_path_factory) -> list[Run]:
    out = tmp_path_factory.mktemp("english-out")
    done = []
    for n, case in enumerate(cases):
        files = {fmt: out / f"{n}.{fmt}" for fmt in FORMATS[1:]}
        r = run_cli("check", str(case.path), "--lang", "en", "--color", "never", "--format", "table",
                    *[f"--output={fmt}={path}" for fmt, path in files.items()], *case.options, cwd=out, timeout=300)
        assert r.returncode == (0 if case.passes else 1), (case.path, r.stderr)
        outputs = {"table": r.stdout, **{fmt: path.read_text(encoding="utf-8") for fmt, path in files.items()}}
        done.append(Run(case, outputs, r.stderr))
    return done


# --- what may be Chinese -----------------------------------------------------------------------------

def _pack_names() -> set[str]:
    from zccheck.pack.loader import load_pack

    pack = load_pack()
    names = {pack.title, *EXAMPLE_NAMES, *TEMPLATE_MARKS}
    for item in pack.items:
        names |= {item.slot, *item.match.names}
        for check in item.checks:
            if check.param("text"):
                names.add(check.param("text"))  # the notice's prescribed wording, quoted
    for series in pack.series:
        names |= {series.name, *series.aliases}
        for title in series.titles:
            names |= {title.name, title.level, *title.aliases}
    for f in pack.profile_fields:
        names |= {*f.values}  # the values the applicant writes in 申报信息.yaml
        names.add(f'"{f.label}"')  # a field's label, as a value of JSON's `data` ({"fields": ["机关调动"]}) only
    rules = pack.eligibility
    if rules is not None:
        names |= {lv.name for lv in (*rules.education_levels, *rules.degrees)}
        names |= {d.short for d in rules.documents} | {d.title for d in rules.documents}
        # A route's label, as the value of JSON's `route` only: messages word a route from its parts.
        names |= {f'"{r.label}"' for s in rules.series for t in s.titles for r in t.routes}
        # The pack's English names a programme as it is called: (访惠聚).
        names |= {name for sr in rules.special_routes for name in CJK_RUN.findall(sr.label_en)}
    return {n for n in names if n}


def _applicant_names(case: Case) -> set[str]:
    path = case.path
    names = {str(path), path.name, path.stem, str(path.parent)}
    if path.is_dir():
        for entry in path.rglob("*"):
            rel = entry.relative_to(path).as_posix()
            names |= {rel, *rel.split("/")}
        profile = path / "申报信息.yaml"
        if profile.is_file() and profile.stat().st_size < 100_000:
            for line in profile.read_text(encoding="utf-8", errors="replace").splitlines():
                key, _, value = line.partition(":")
                # A value as written; a key only as quoted back (ZC004: unknown field '性别').
                names |= {value.strip().strip('"'), f"'{key.strip()}'"}
    elif zipfile.is_zipfile(path):
        names |= _member_names(path.read_bytes())
    # What the command line gave (--series 社会科学研究) is quoted back.
    names |= set(case.options)
    return {n for n in names if n}


def _member_names(data: bytes, prefix: str = "") -> set[str]:
    """The names in a zip, and in the zips inside it, as paths from the outer archive and as parts."""
    import io

    names: set[str] = set()
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            for member in zf.namelist():
                path = prefix + member
                names |= {path, *path.split("/"), path.split("/", 1)[-1]}
                if member.lower().endswith(".zip"):
                    names |= _member_names(zf.read(member), path + "/")
    except (zipfile.BadZipFile, NotImplementedError, RuntimeError):
        pass
    return names


def _quoted_from_documents(text: str, documents: list[str]) -> str:
    """`text` without the quotations of what a document says: a span in quotes ('…', or "…" for the
    values of JSON's `data`) or between ellipses that one of the documents holds (whitespace aside)."""
    corpus = ["".join(d.split()) for d in documents]

    def keep_unless_quoted(m: re.Match) -> str:
        quoted = "".join(m.group(1).split())
        return " " if quoted and any(quoted in d for d in corpus) else m.group(0)

    for quotes in (r"'([^'\n]*[\u4e00-\u9fff][^'\n]*)'", r'"([^"\n]*[\u4e00-\u9fff][^"\n]*)"',
                   r"…([^…\n]*[\u4e00-\u9fff][^…\n]*)…"):
        text = re.sub(quotes, keep_unless_quoted, text)
    return text


def chinese_left(text: str, case: Case, names: set[str]) -> list[str]:
    """The lines of `text` that still hold Chinese once quotations and names are taken out."""
    names = names | set(EXAMPLE_NAMES)
    # Names with an ellipsis first (公示时间从…起至…止), before ellipses are read as quotation marks.
    for name in [n for n in names if "…" in n]:
        text = text.replace(name, " ")
    # The table cuts long file names short (…): what is left of one is the start of a name.
    text = re.sub(r"(\S*[\u4e00-\u9fff]\S*) ?…", lambda m: " " if any(n.startswith(m.group(1)) for n in names) else m.group(0),
                  text)
    text = _quoted_from_documents(text, case.documents)
    for name in sorted(names, key=len, reverse=True):
        if CJK.search(name):
            text = text.replace(name, " ")
    return [line.strip() for line in text.splitlines() if CJK.search(line)]


# --- the tests ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("fmt", FORMATS)
def test_english_output_holds_chinese_only_in_names_and_quotations(runs, fmt):
    pack_names = _pack_names()
    problems = [f"{run.case.path.name}: {line}" for run in runs
                for line in chinese_left(run.outputs[fmt], run.case, pack_names | _applicant_names(run.case))]
    assert not problems, "\n".join(problems[:40])


def test_english_notes_on_stderr(runs):
    pack_names = _pack_names()
    problems = [f"{run.case.path.name}: {line}" for run in runs
                for line in chinese_left(run.stderr, run.case, pack_names | _applicant_names(run.case))]
    assert not problems, "\n".join(problems[:40])


def test_the_folders_raise_every_code(runs):
    """So that every message is read above in English. (ZC307 needs a file slower than --timeout: `_slow`.)"""
    import json

    from zccheck.codes import CODES

    codes = {f["code"] for run in runs for a in json.loads(run.outputs["json"])["applicants"] for f in a["findings"]}
    assert set(CODES) - codes == set()


def test_every_code_and_phrase_has_english_words():
    """Every message template, help text and phrase has English words of its own: Chinese in one is a name
    or a quotation (EXAMPLE_NAMES, the template's marks), never a word left untranslated."""
    from zccheck.codes import CODES, PHRASES

    left = {}
    for code in CODES.values():
        for name, text in (("message", code.message_en), ("help", code.help_en), ("title", code.title_en)):
            rest = text
            for example in (*EXAMPLE_NAMES, *TEMPLATE_MARKS):
                rest = rest.replace(example, "")
            if CJK.search(rest):
                left[f"{code.code} {name}"] = rest
    for key, (zh, en) in PHRASES.items():
        assert zh and en, key
        rest = en
        for example in EXAMPLE_NAMES:
            rest = rest.replace(example, "")
        if CJK.search(rest):
            left[key] = rest
    assert not left, left


def test_profile_fields_are_named_by_their_key_in_english(runs):
    """ZC002 and ZC003 name a field as the profile accepts it in English (援疆 → aid)."""
    import json

    messages = [f["message"] for run in runs for a in json.loads(run.outputs["json"])["applicants"] for f in a["findings"]
                if f["code"] in ("ZC002", "ZC003")]
    assert any("field aid " in m for m in messages), messages
    assert any("field transfer" in m for m in messages), messages
    assert any("the command line" in m for m in messages), messages
