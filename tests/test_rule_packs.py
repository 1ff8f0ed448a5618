"""Rule packs as a tested workflow: every pack passes its own fixture cases (`zccheck rules test`); check
kinds declare their parameters and validation enforces them; the 咸阳 2022 工程系列 pack checks its
examples within the report contract; `extends:` makes yearly deltas whose merged values name their
origin; `rules new` scaffolds a pack that works from the start; rules/README.md documents every key."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from tests.conftest import REPO, SHARED, check_doc, findings, run_cli

RULES = REPO / "rules"
XJ = RULES / "xj-2021-zrkx-syjs"
XY = RULES / "xianyang-2022-gongcheng"
SHIFT = REPO / "tests" / "packs" / "xj-2022-shift"
NOTICE = SHARED / "notices" / "xianyang-2022-gongcheng-tianbao.txt"


def _packs() -> list[Path]:
    return sorted(p for p in RULES.iterdir() if (p / "pack.yaml").is_file())


def _copy(pack: Path, target: Path) -> Path:
    shutil.copytree(pack, target, ignore=shutil.ignore_patterns("tests"))
    return target


def _edit(path: Path, old: str, new: str) -> str:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")
    return text


# --- every pack passes its own tests --------------------------------------------------------------

@pytest.mark.parametrize("pack", [*_packs(), SHIFT], ids=lambda p: p.name)
def test_every_pack_validates_and_passes_its_own_cases(pack):
    r = run_cli("rules", "validate", str(pack))
    assert r.returncode == 0, r.stderr
    r = run_cli("rules", "test", str(pack), timeout=600)
    assert r.returncode == 0, r.stdout + r.stderr
    lines = r.stdout.splitlines()
    cases = [line for line in lines if line.endswith(" PASSED")]
    assert len(cases) >= 2 and re.search(rf"=+ {len(cases)} passed in [\d.]+s =+", lines[-1]), r.stdout


def test_rules_test_reports_a_failing_case_like_pytest(tmp_path):
    pack = _copy(XY, tmp_path / "xy")
    shutil.copytree(XY / "tests", pack / "tests")
    _edit(pack / "tests" / "years" / "expected.yaml", "  - {code: ZC201, item: annual-assessment, category: year-missing}\n",
          "  - {code: ZC201, item: appointment-letters}\n")
    r = run_cli("rules", "test", str(pack), timeout=600)
    assert r.returncode == 1, r.stdout
    out = r.stdout
    assert "xianyang-2022-gongcheng/tests/years FAILED" in out and "tests/complete PASSED" in out
    assert "expected, not found: ZC201 appointment-letters" in out
    assert "found, not expected: ZC201 annual-assessment" in out
    assert re.search(r"=+ 1 failed, \d+ passed in [\d.]+s =+", out.splitlines()[-1])
    r = run_cli("rules", "test", str(pack), "-k", "complete")
    assert r.returncode == 0 and "1 passed" in r.stdout


def test_a_broken_case_file_is_an_error_not_a_failure(tmp_path):
    pack = _copy(XY, tmp_path / "xy")
    case = pack / "tests" / "bad"
    case.mkdir(parents=True)
    (case / "expected.yaml").write_text("findings:\n  - {code: ZC101, colour: red}\n", encoding="utf-8")
    r = run_cli("rules", "test", str(pack))
    assert r.returncode == 2 and "tests/bad ERROR" in r.stdout and "colour" in r.stdout
    r = run_cli("rules", "validate", str(pack))
    assert r.returncode == 2 and "expected.yaml:2" in r.stderr


# --- per-kind parameter declarations ----------------------------------------------------------------

def test_statement_without_its_text_is_rejected_when_the_pack_loads(tmp_path):
    """It used to validate, and then `check` crashed with exit 2."""
    pack = _copy(XJ, tmp_path / "pack")
    text = _edit(pack / "items.yaml", "{kind: statement, text: 本单位已对提供的申报材料逐一审核，真实、完整、有效，同意推荐}",
                 "{kind: statement}")
    line = next(i for i, x in enumerate(text.splitlines(), 1) if "{kind: statement}" in x)
    r = run_cli("rules", "validate", str(pack))
    assert r.returncode == 2
    assert f"items.yaml:{line}: unit-audit.checks.statement.text: required parameter" in r.stderr
    r = run_cli("check", str(tmp_path), "--rules", str(pack), "--no-cache")
    assert r.returncode == 2 and "required parameter" in r.stderr and "Traceback" not in r.stderr


def test_a_required_parameter_may_come_from_content_yaml(tmp_path):
    pack = _copy(XJ, tmp_path / "pack")
    _edit(pack / "items.yaml", "{kind: statement, text: 本单位已对提供的申报材料逐一审核，真实、完整、有效，同意推荐}", "{kind: statement}")
    _edit(pack / "content.yaml", "statement:\n  threshold: 0.82", "statement:\n  threshold: 0.9\n  text: 同意推荐")
    from zccheck.pack.loader import load_pack

    spec = next(c for c in load_pack(str(pack)).item("unit-audit").checks if c.kind == "statement")
    assert spec.param("text") == "同意推荐" and spec.param("threshold") == 0.9


@pytest.mark.parametrize("section, missing", [
    ("placeholder", "commitment.checks.placeholder.patterns"),
    ("publicity-period", "unit-publicity.checks.publicity-period.keywords"),
    ("identity", ".checks.identity.name_patterns"),
])
def test_notice_wording_is_required_from_the_pack(tmp_path, section, missing):
    """No notice in Python: a pack without its templates' marks, its publicity keywords or its name
    patterns gets an error naming the parameter, not zccheck's idea of the 2021 notice."""
    pack = _copy(XJ, tmp_path / "pack")
    text = (pack / "content.yaml").read_text(encoding="utf-8")
    start = text.index(f"\n{section}:\n") + 1
    end = text.find("\n\n", start)
    (pack / "content.yaml").write_text(text[:start] + (text[end + 2:] if end != -1 else ""), encoding="utf-8")
    r = run_cli("rules", "validate", str(pack))
    assert r.returncode == 2 and missing in r.stderr and "required parameter" in r.stderr, r.stderr
    assert "Traceback" not in r.stderr


@pytest.mark.parametrize("fields, needs", [
    ("[id_number]", None), ("[name, id_number]", "name_patterns"), ("[level]", "series_level_pattern"),
    ("[series]", "series_level_pattern"),
])
def test_identity_patterns_are_required_only_for_the_fields_that_read_them(tmp_path, fields, needs):
    pack = _copy(XY, tmp_path / "pack")
    text = (pack / "content.yaml").read_text(encoding="utf-8")
    (pack / "content.yaml").write_text(text[:text.index("identity:")], encoding="utf-8")
    items = (pack / "items.yaml").read_text(encoding="utf-8").replace("{kind: identity, fields: [name, id_number]}",
                                                                      f"{{kind: identity, fields: {fields}}}")
    (pack / "items.yaml").write_text(items, encoding="utf-8")
    r = run_cli("rules", "validate", str(pack))
    if needs is None:
        assert r.returncode == 0, r.stderr
    else:
        assert r.returncode == 2 and f"identity.{needs}: required parameter of kind identity is missing when fields" \
            in r.stderr, r.stderr


def test_declared_defaults_reach_the_checks():
    from zccheck.pack.loader import load_pack

    pack = load_pack(str(XJ))
    placeholder = next(c for c in pack.item("commitment").checks if c.kind == "placeholder")
    assert placeholder.param("max_per_file") == 3 and len(placeholder.param("patterns")) == 8
    scan = next(c for c in pack.item("education").checks if c.kind == "scan-quality")
    assert scan.param("paper_mm") == (210, 297) and scan.param("min_dpi") is None  # None: pack.yaml min_scan_dpi


@pytest.mark.parametrize("old, new, message", [
    ("{kind: publicity-period, min_working_days: 5}", "{kind: publicity-period, min_working_days: \"5\"}",
     "min_working_days: expected an integer"),
    ("{kind: publicity-period, min_working_days: 5}", "{kind: publicity-period}", "min_working_days: required parameter"),
    ("{kind: publicity-period, min_working_days: 5}", "{kind: publicity-period, min_working_day: 5}",
     "unknown parameter for kind publicity-period"),
    ("{kind: scan-quality, paper_mm: [85.6, 54]}", "{kind: scan-quality, paper_mm: [85.6]}", "expected a list of 2 values"),
    ("{kind: identity}", "{kind: identity, name_patterns: [\"(unclosed\"]}", "not a valid regular expression"),
    ("{kind: blank-page}", "{kind: blank-page, strict: true}", "parameters: none"),
    ("  - id: photo\n", "  - id: Photo_1\n", "not a valid id"),
], ids=["type", "required", "unknown", "pair", "regex", "no-parameters", "item-id"])
def test_parameters_are_validated_with_file_and_line(tmp_path, old, new, message):
    pack = _copy(XJ, tmp_path / "pack")
    _edit(pack / "items.yaml", old, new)
    r = run_cli("rules", "validate", str(pack))
    assert r.returncode == 2 and message in r.stderr and re.search(r"items\.yaml:\d+:", r.stderr), r.stderr


def test_every_kind_declares_typed_parameters():
    from zccheck.pack.kinds import KINDS

    for kind in KINDS.values():
        assert kind.doc
        for name, param in kind.params.items():
            assert param.type and param.doc, (kind.name, name)
            assert not (param.required and param.default is not None), (kind.name, name)


# --- the 咸阳 2022 工程系列 pack -----------------------------------------------------------------------

def test_xianyang_pack_lists_every_material_of_the_notice():
    from zccheck.pack.loader import load_pack

    pack = load_pack("xianyang-2022-gongcheng")
    by_provider = {p.id: [i.id for i in pack.items if i.provider == p.id] for p in pack.providers}
    assert by_provider == {
        "applicant": ["photo", "education", "annual-assessment", "awards", "achievements", "work-summary", "credentials",
                      "continuing-education", "commitment", "appointment-letters", "employment-proof"],
        "employer": ["vacancy-proof", "publicity"], "hrss": ["recommendation-letter", "roster"]}
    assert [p.title for p in pack.providers] == ["申报人员", "用人单位", "人社部门"]
    assert pack.item("annual-assessment").years.required == (2018, 2019, 2020, 2021, 2022)
    assert pack.item("appointment-letters").years.required == (2018, 2019, 2020, 2021, 2022)
    assert pack.item("continuing-education").years is None  # one 学时成绩单, no certificate per year
    employment = pack.item("employment-proof").parts
    assert employment.mode == "any" and [p.id for p in employment.parts] == ["labor-contract", "work-certificate"]
    credentials = pack.item("credentials").parts
    assert credentials.mode == "all" and {"title-certificate", "review-form", "vocational-qualification"} <= {
        p.id for p in credentials.parts}
    assert "registration-record" in {p.id for p in pack.item("education").parts.parts}
    assert dict(pack.item("photo").limits) == {"formats": ("jpeg", "png"), "max_kb": 100, "max_files": 1,
                                               "suggest_px": (413, 626)}
    assert dict(pack.item("roster").limits) == {"formats": ("jpeg",), "max_kb": 600}
    # What the notice does not say, the pack does not say.
    assert pack.eligibility is None and pack.window_end is None
    assert [(s.name, s.titles) for s in pack.series] == [("工程", ())]
    kinds = {c.kind for i in pack.items for c in i.checks}
    assert not kinds & {"seal", "signature", "statement", "publicity-period"}


def _normal(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.skipif(not NOTICE.is_file(), reason="needs ../shared/notices beside the repository")
def test_xianyang_quotes_are_the_notices_words():
    notice = _normal(NOTICE.read_text(encoding="utf-8"))
    from zccheck.pack.loader import load_pack

    pack = load_pack("xianyang-2022-gongcheng")
    for item in pack.items:
        for piece in item.quote.split("……"):
            assert _normal(piece) in notice, (item.id, piece)
    for code, _clause, quote in pack.code_basis:
        assert _normal(quote) in notice, (code, quote)


@pytest.mark.parametrize("example, code, expected", [
    ("王五-工程-完整", 0, set()),
    ("赵六-工程-有缺陷", 1, {("ZC305", "photo"), ("ZC306", "photo"), ("ZC102", "education"),
                          ("ZC201", "annual-assessment"), ("ZC304", "achievements"), ("ZC305", "work-summary"),
                          ("ZC102", "credentials"), ("ZC101", "vacancy-proof"), ("ZC101", "recommendation-letter"),
                          ("ZC101", "roster")}),
])
def test_xianyang_examples_check_within_the_contract(example, code, expected, contract_schema):
    import jsonschema

    r = run_cli("check", "--rules", "xianyang-2022-gongcheng", str(REPO / "examples" / example), "--format", "json",
                "--no-cache")
    assert r.returncode == code, r.stderr
    doc = json.loads(r.stdout)
    jsonschema.validate(doc, contract_schema)
    assert doc["ruleset"]["id"] == "xianyang-2022-gongcheng"
    a = doc["applicants"][0]
    assert a["series"] == "工程" and a["title"] == "高级工程师"
    assert {(f["code"], f["item"]) for f in a["findings"]} == expected
    if example.startswith("赵六"):
        assert {i["id"]: i["status"] for i in a["items"]}["awards"] == "not-applicable"
        assert {i["id"]: i["status"] for i in a["items"]}["employment-proof"] == "ok"  # 工作证明 instead of 劳动合同


def test_xianyang_init_uses_the_packs_slots_profile_and_checklist(tmp_path):
    from zccheck.pack.loader import load_pack

    pack = load_pack("xianyang-2022-gongcheng")
    target = tmp_path / "新申报"
    r = run_cli("init", str(target), "--rules", "xianyang-2022-gongcheng", "--series", "工程", "--title", "高级工程师")
    assert r.returncode == 0, r.stderr
    assert sorted(p.name for p in target.iterdir() if p.is_dir()) == sorted(i.slot for i in pack.items)
    assert {p.name for p in target.iterdir() if p.is_file()} == {pack.files.profile_name, pack.files.checklist}
    profile = (target / pack.files.profile_name).read_text(encoding="utf-8")
    assert "系列: 工程" in profile and "申报职称: 高级工程师" in profile and "职业资格证书:" in profile
    checklist = (target / pack.files.checklist).read_text(encoding="utf-8")
    assert "## 用人单位" in checklist and "## 人社部门" in checklist and "不超过 100 KB" in checklist
    assert "任选其一：劳动合同、单位出具的工作证明" in checklist and "--rules xianyang-2022-gongcheng" in checklist
    from tests.gongcheng import build_gongcheng_applicant

    build_gongcheng_applicant(target)
    doc = check_doc(target, rules="xianyang-2022-gongcheng")
    assert doc["applicants"][0]["status"] == "pass", doc["applicants"][0]["findings"]


def test_a_fresh_template_is_not_filled_with_invalid_values(tmp_path):
    """init writes yes/no fields blank (职业资格证书:); blank is not filled in, never the value "None"."""
    target = tmp_path / "新申报"
    assert run_cli("init", str(target), "--rules", "xianyang-2022-gongcheng").returncode == 0
    doc = check_doc(target, rules="xianyang-2022-gongcheng")
    assert not findings(doc, code="ZC002"), findings(doc, code="ZC002")
    (target / "申报信息.yaml").write_text("姓名: 王五\n职业资格证书: 也许\n", encoding="utf-8")
    bad = findings(check_doc(target, rules="xianyang-2022-gongcheng"), code="ZC002")
    assert len(bad) == 1 and "也许" in bad[0]["message"]


@pytest.mark.parametrize("lang, words", [("zh", "没有申报资格条件"), ("en", "states no eligibility conditions")])
def test_eligibility_of_a_pack_without_eligibility_rules_says_so(tmp_path, lang, words):
    target = tmp_path / "a"
    assert run_cli("init", str(target), "--rules", "xianyang-2022-gongcheng").returncode == 0
    r = run_cli("eligibility", str(target), "--rules", "xianyang-2022-gongcheng", "--lang", lang)
    assert r.returncode == 0 and words in r.stdout and "xianyang-2022-gongcheng" in r.stdout, r.stdout + r.stderr
    r = run_cli("eligibility", "--rules", "xianyang-2022-gongcheng", "--lang", lang, "--format", "json")
    doc = json.loads(r.stdout)
    assert r.returncode == 0 and doc["status"] is None and words in doc["reason"]
    assert doc["pack"] == "xianyang-2022-gongcheng"


def test_init_writes_the_profile_and_checklist_the_pack_names(tmp_path):
    pack = _copy(XY, tmp_path / "pack")
    _edit(pack / "pack.yaml", "  profile_names: [申报信息.yaml, 申报信息.yml, profile.yaml, profile.yml]\n  checklist: 材料清单.md",
          "  profile_names: [个人信息.yaml]\n  checklist: 上传清单.md")
    target = tmp_path / "a"
    assert run_cli("init", str(target), "--rules", str(pack)).returncode == 0
    assert (target / "个人信息.yaml").is_file() and (target / "上传清单.md").is_file()
    doc = check_doc(target, rules=str(pack))
    assert "上传清单.md" in doc["applicants"][0]["files"]
    assert not findings(doc, code="ZC105")  # the checklist is the tool's, never an unrecognised material


def test_xianyang_explain_and_batch(tmp_path):
    r = run_cli("explain", "ZC305", "--rules", "xianyang-2022-gongcheng")
    assert r.returncode == 0 and "其他参评材料每张图片的大小不能超过600K" in r.stdout
    r = run_cli("explain", "photo", "--rules", "xianyang-2022-gongcheng")
    assert r.returncode == 0 and "不超过 100 KB" in r.stdout and "01-电子照片" in r.stdout
    for name in ("王五-工程-完整", "赵六-工程-有缺陷"):
        shutil.copytree(REPO / "examples" / name, tmp_path / "drive" / name)
    r = run_cli("batch", str(tmp_path / "drive"), "--rules", "xianyang-2022-gongcheng", "--format", "json", "--no-cache",
                "--jobs", "1")
    assert r.returncode == 1, r.stderr
    assert json.loads(r.stdout)["summary"] == {"applicants": 2, "pass": 1, "fail": 1, "error": 9, "warning": 0, "info": 1}


def test_rules_list_puts_the_default_pack_first():
    packs = json.loads(run_cli("rules", "list", "--format", "json").stdout)
    assert [p["id"] for p in packs][:1] == ["xj-2021-zrkx-syjs"] and "xianyang-2022-gongcheng" in [p["id"] for p in packs]
    xy = next(p for p in packs if p["id"] == "xianyang-2022-gongcheng")
    assert xy["submission_window"] is None and len(xy["items"]) == 15


# --- yearly deltas ------------------------------------------------------------------------------------

def test_a_delta_shifts_the_2021_notice_by_a_year():
    from zccheck.pack.loader import load_pack

    base, shifted = load_pack(str(XJ)), load_pack(str(SHIFT))
    assert shifted.id == "xj-2022-shift" and shifted.year == 2022 and shifted.issuer == base.issuer
    assert (str(shifted.window_start), str(shifted.window_end)) == ("2022-09-05", "2022-10-10")
    assert shifted.item("training-public").years.required == tuple(range(2015, 2022))
    assert shifted.item("training-professional").years.required == (2022,)
    assert shifted.item("annual-assessment").years.required == (2019, 2020, 2021)  # recent: 3, from the new year
    assert [c.kind for c in shifted.item("commitment").checks] == ["placeholder", "blank-page"]
    period = next(c for c in shifted.item("unit-publicity").checks if c.kind == "publicity-period")
    assert period.param("min_working_days") == 7
    assert "aid-approval" not in [i.id for i in shifted.items] and len(shifted.items) == len(base.items) - 1
    assert shifted.item("id-card") == base.item("id-card")  # untouched items are the parent's
    assert shifted.basis_of("ZC405")[1] == "材料申报时间：2022年9月5日-10月10日"
    assert shifted.basis_of("ZC403") == base.basis_of("ZC403")
    assert shifted.extends == (str(XJ.resolve()),) or Path(shifted.extends[0]).resolve() == XJ.resolve()


def test_rules_show_prints_each_merged_value_with_its_origin():
    r = run_cli("rules", "show", str(SHIFT), cwd=REPO)
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()

    def origin(pattern: str) -> str:
        line = next(x for x in lines if re.search(pattern, x))
        return line.rsplit("# ", 1)[1]

    child, parent = "tests/packs/xj-2022-shift", "rules/xj-2021-zrkx-syjs"
    assert origin(r"^  year: 2022") == f"{child}/pack.yaml:9"
    assert origin(r"^  issuer: 自治区科技厅") == f"{parent}/pack.yaml:7"
    assert origin(r"^  - id: training-public") == f"{child}/items.yaml:8"
    assert origin(r"^    years: \{from: 2015, to: 2021\}").startswith(f"{child}/items.yaml:")
    assert origin(r"^    provider: applicant").startswith(f"{parent}/items.yaml:")
    assert origin(r"min_working_days: 7").startswith(f"{child}/items.yaml:")
    assert "aid-approval" not in r.stdout and "kind: signature" not in r.stdout
    assert lines[0].startswith("# xj-2022-shift: merged from") and "rules/xj-2021-zrkx-syjs" in lines[0]
    table = run_cli("rules", "show", str(SHIFT), "--format", "table")
    assert table.returncode == 0 and "2015–2021" in table.stdout


def test_a_delta_is_checked_by_its_own_years(tmp_path):
    from tests.factories import build_applicant, make_pdf

    folder = build_applicant(tmp_path / "a", layout="flat", public_years=tuple(range(2015, 2022)),
                             assessment_years=(2019, 2020, 2021), replace={
                                 "training-professional": lambda f: make_pdf(f.with_name("2022专业科目.pdf"),
                                                                             "2022年度专业科目培训合格证书\n姓名：张三")})
    doc = check_doc(folder, rules=str(SHIFT))
    assert not findings(doc, category="year-missing") and not findings(doc, category="year-out-of-range")
    doc = check_doc(folder)  # the 2021 pack wants other years
    assert {f["item"] for f in findings(doc, code="ZC201")} == {"training-public", "annual-assessment",
                                                              "training-professional"}


@pytest.mark.parametrize("items, message", [
    ("items:\n  - {id: no-such-item, remove: true}\n", "nothing to remove"),
    ("items:\n  - {id: photo, remove: true, title: x}\n", "has only its id"),
    ("items:\n  - id: photo\n    checks:\n      - {kind: seal, remove: true}\n", "nothing to remove"),
    ("items:\n  - id: photo\n    colour: red\n", "unknown key 'colour'"),
], ids=["unknown-item", "remove-with-keys", "unknown-check", "unknown-key"])
def test_a_bad_delta_names_its_own_file(tmp_path, items, message):
    pack = tmp_path / "delta"
    pack.mkdir()
    (pack / "pack.yaml").write_text("extends: xj-2021-zrkx-syjs\nid: delta\nversion: \"1\"\n", encoding="utf-8")
    (pack / "items.yaml").write_text(items, encoding="utf-8")
    r = run_cli("rules", "validate", str(pack))
    assert r.returncode == 2 and message in r.stderr and str(pack / "items.yaml") in r.stderr, r.stderr


def test_packs_extending_each_other_in_a_circle_are_an_error(tmp_path):
    for name, other in (("a", "b"), ("b", "a")):
        (tmp_path / name).mkdir()
        (tmp_path / name / "pack.yaml").write_text(f"extends: {other}\nid: {name}\nversion: \"1\"\n", encoding="utf-8")
    r = run_cli("rules", "validate", str(tmp_path / "a"))
    assert r.returncode == 2 and "circle" in r.stderr


# --- rules new ------------------------------------------------------------------------------------------

def test_rules_new_scaffolds_a_commented_pack_that_passes_its_tests(tmp_path):
    target = tmp_path / "demo-2024"
    r = run_cli("rules", "new", str(target))
    assert r.returncode == 0, r.stderr
    assert {p.name for p in target.iterdir()} >= {"pack.yaml", "items.yaml", "profile.yaml", "content.yaml", "basis.yaml",
                                                   "README.md", "tests"}
    # Every key of pack.yaml the template writes carries a comment saying what it is (on its line or above).
    from zccheck.pack import schema as s
    from zccheck.pack.loader import SCHEMAS

    known = {p.rsplit(".", 1)[-1] for p in s.key_paths(SCHEMAS["pack.yaml"])}
    pack_lines = (target / "pack.yaml").read_text(encoding="utf-8").splitlines()
    keys = [i for i, x in enumerate(pack_lines) if (m := re.match(r"^\s*(?:- )?([a-z_]+):", x)) and m.group(1) in known]
    uncommented = [pack_lines[i] for i in keys if "#" not in pack_lines[i] and not pack_lines[i - 1].lstrip().startswith("#")]
    assert len(keys) >= 20 and not uncommented, uncommented
    assert run_cli("rules", "validate", str(target)).returncode == 0
    r = run_cli("rules", "test", str(target))
    assert r.returncode == 0 and "2 passed" in r.stdout, r.stdout
    assert run_cli("rules", "new", str(target)).returncode == 2  # never over a pack


@pytest.mark.parametrize("option", ["--from", "--extends"])
def test_rules_new_from_or_extending_a_pack(tmp_path, option):
    target = tmp_path / "next-year"
    r = run_cli("rules", "new", str(target), option, "xianyang-2022-gongcheng")
    assert r.returncode == 0, r.stderr
    pack_yaml = (target / "pack.yaml").read_text(encoding="utf-8")
    assert "id: next-year" in pack_yaml and (("extends: xianyang-2022-gongcheng" in pack_yaml) == (option == "--extends"))
    assert (target / "README.md").is_file() and (target / "tests" / "complete" / "expected.yaml").is_file()
    r = run_cli("rules", "test", str(target), "-k", "limits")
    assert r.returncode == 0 and "1 passed" in r.stdout, r.stdout


# --- the pack author's documentation -----------------------------------------------------------------

def test_rules_readme_documents_every_key_and_every_kind():
    from zccheck.pack import schema as s
    from zccheck.pack.kinds import KINDS
    from zccheck.pack.loader import SCHEMAS

    readme = (RULES / "README.md").read_text(encoding="utf-8")
    for name, check in SCHEMAS.items():
        assert f"## {name}" in readme
        for path in s.key_paths(check):
            leaf = re.escape(path.rsplit(".", 1)[-1])
            assert re.search(rf"`(?:[\w-]+\.)*{leaf}[`.]", readme), f"{name}: {path}"
    assert "`extends`" in readme
    for kind in KINDS.values():
        section = readme.split(f"### {kind.name}\n", 1)
        assert len(section) == 2, kind.name
        body = section[1].split("\n### ", 1)[0]
        assert "```yaml" in body and f"kind: {kind.name}" in body, kind.name
        for param in kind.params:
            assert f"`{param}`" in body, (kind.name, param)


# --- what a pack author's typo must not silently do ---------------------------------------------------

def test_sides_without_years_is_an_error_not_a_check_of_nothing(tmp_path):
    pack = _copy(XY, tmp_path / "pack")
    text = (pack / "items.yaml").read_text(encoding="utf-8")
    anchor = "  - id: work-summary\n"
    (pack / "items.yaml").write_text(text.replace(anchor, anchor + "    sides: 2\n", 1), encoding="utf-8")
    r = run_cli("rules", "validate", str(pack))
    assert r.returncode == 2 and "work-summary.sides" in r.stderr and "needs `years`" in r.stderr, r.stderr


def test_a_without_entry_that_matches_nothing_is_a_case_error(tmp_path):
    pack = _copy(XY, tmp_path / "pack")
    shutil.copytree(XY / "tests", pack / "tests")
    case = pack / "tests" / "typo"
    case.mkdir()
    (case / "make.yaml").write_text("like: complete\nwithout: [07-聘书/2021年聘书.jpg]\n", encoding="utf-8")
    (case / "expected.yaml").write_text("status: pass\n", encoding="utf-8")
    r = run_cli("rules", "test", str(pack), "-k", "typo")
    assert r.returncode == 2 and "without[07-聘书/2021年聘书.jpg]" in r.stdout + r.stderr, r.stdout + r.stderr


def test_explain_without_an_argument_lists_codes_and_the_packs_items():
    r = run_cli("explain", "--rules", "xianyang-2022-gongcheng")
    assert r.returncode == 0 and "ZC101" in r.stdout and "ZC411" in r.stdout and "appointment-letters" in r.stdout
    r = run_cli("explain", "nothing-like-this", "--rules", "xianyang-2022-gongcheng")
    assert r.returncode == 2 and "training-public" not in r.stderr


def test_year_findings_name_the_years_not_only_the_label(tmp_path):
    from tests.gongcheng import build_gongcheng_applicant

    root = build_gongcheng_applicant(tmp_path / "a")
    victim = next(p for p in sorted(root.rglob("*")) if p.is_file() and "2019" in p.name and "考核" in p.name)
    victim.unlink()
    doc = check_doc(root, rules="xianyang-2022-gongcheng")
    (missing,) = [f for f in findings(doc, code="ZC201") if 2019 in f["data"]["years"]]
    assert "近五年，即 2018–2022" in missing["message"] or re.search(r"近五年，即 \d{4}–\d{4}", missing["message"])
