"""CI output formats, exit codes, select/ignore, colour and `explain`, through the real command line.

One complete and one defective applicant (公需科目 2019 left out → ZC201 year-missing, data.years
[2019]) are built once; both also carry ZC408 (the publicity scan cannot be read without OCR)."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import unquote

import jsonschema
import pytest

from tests.ci_run import zc
from tests.factories import build_applicant

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SARIF_SCHEMA = SHARED / "contract" / "sarif-schema-2.1.0.json"
CONTRACT = SHARED / "contract" / "report-v1.schema.json"
NOTICE = SHARED / "seed" / "000_af08d2e06bf0ff54.txt"  # the 2021 notice as published
ITEMS = 16  # the pack's material items: one JUnit testcase each


@pytest.fixture(scope="module")
def folders(tmp_path_factory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("formats")
    return {"good": build_applicant(root / "张三-完整"),
            "bad": build_applicant(root / "张三-缺2019公需", skip=("training-public:2019",))}


@pytest.fixture(scope="module")
def sarif_validator():
    if not SARIF_SCHEMA.is_file():
        pytest.skip(f"SARIF schema not found at {SARIF_SCHEMA}")
    return jsonschema.Draft4Validator(json.loads(SARIF_SCHEMA.read_text(encoding="utf-8")))


@pytest.fixture(scope="module")
def contract_validator():
    if not CONTRACT.is_file():
        pytest.skip(f"contract schema not found at {CONTRACT}")
    schema = json.loads(CONTRACT.read_text(encoding="utf-8"))
    return jsonschema.validators.validator_for(schema)(schema)


@pytest.fixture(scope="module")
def bad_outputs(folders, tmp_path_factory) -> dict:
    """Every format from ONE run of the defective folder: JSON on stdout, the others in files."""
    out = tmp_path_factory.mktemp("outputs")
    r = zc("check", str(folders["bad"]), "--isolated", "--format", "json", "--output", f"sarif={out / 'r.sarif'}",
           "--output", f"junit={out / 'r.xml'}", "--output", f"github={out / 'r.txt'}",
           "--output", f"markdown={out / 'r.md'}", "--output", f"table={out / 'r.table'}", real=True)
    return {"run": r, "json": r.stdout, "sarif": (out / "r.sarif").read_text(encoding="utf-8"),
            "junit": (out / "r.xml").read_text(encoding="utf-8"), "github": (out / "r.txt").read_text(encoding="utf-8"),
            "markdown": (out / "r.md").read_text(encoding="utf-8"), "table": (out / "r.table").read_text(encoding="utf-8")}


# --- several formats in one run -------------------------------------------------------------------

def test_one_run_writes_every_requested_format_and_exits_1_for_an_error(bad_outputs):
    r = bad_outputs["run"]
    assert r.returncode == 1, r.stderr
    doc = json.loads(r.stdout)  # stdout is exactly one JSON document: nothing else was printed there
    assert [(f["code"], f["item"]) for f in doc["applicants"][0]["findings"]] == [
        ("ZC201", "training-public"), ("ZC408", "unit-publicity")]
    assert not any("\x1b[" in text for key, text in bad_outputs.items() if key != "run")


def test_json_is_the_contract(bad_outputs, contract_validator):
    doc = json.loads(bad_outputs["json"])
    contract_validator.validate(doc)
    ZC201 = doc["applicants"][0]["findings"][0]
    assert ZC201["data"] == {"years": [2019]} and ZC201["waived"] is False


# --- SARIF ----------------------------------------------------------------------------------------

def test_sarif_validates_against_sarif_2_1_0(bad_outputs, sarif_validator):
    sarif = json.loads(bad_outputs["sarif"])
    errors = sorted(sarif_validator.iter_errors(sarif), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:5]]
    assert sarif["version"] == "2.1.0"


def test_sarif_has_every_code_as_a_rule_with_its_help(bad_outputs):
    from zccheck.codes import CODES

    run = json.loads(bad_outputs["sarif"])["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == list(CODES)
    for rule in rules:
        assert rule["help"]["text"].startswith(CODES[rule["id"]].help_zh)
        assert rule["shortDescription"]["text"] == CODES[rule["id"]].title_zh
    assert [(res["ruleId"], rules[res["ruleIndex"]]["id"], res["level"]) for res in run["results"]] == [
        ("ZC201", "ZC201", "error"), ("ZC408", "ZC408", "warning")]


def test_sarif_locates_a_missing_year_at_the_applicant_folder_and_encodes_chinese_names(bad_outputs, folders):
    results = json.loads(bad_outputs["sarif"])["runs"][0]["results"]
    uris = [res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for res in results]
    assert all(re.fullmatch(r"[A-Za-z0-9%/:._~-]+", u) for u in uris), uris  # percent-encoded, no raw Chinese
    folder = folders["bad"].as_posix()
    assert unquote(uris[0]) == f"file://{folder}/"
    assert unquote(uris[1]) == f"file://{folder}/13-单位公示证明及公示结果/公示.jpg"


def test_sarif_relative_path_stays_relative(folders, sarif_validator):
    r = zc("check", folders["bad"].name, "--isolated", "--format", "sarif", cwd=folders["bad"].parent)
    assert r.returncode == 1
    sarif = json.loads(r.stdout)
    assert not list(sarif_validator.iter_errors(sarif))
    uri = sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert unquote(uri) == "张三-缺2019公需/"


def test_sarif_with_no_findings_is_still_one_whole_document(folders, sarif_validator):
    r = zc("check", str(folders["good"]), "--isolated", "--format", "sarif", "--select", "ZC1")
    assert r.returncode == 0, r.stderr
    sarif = json.loads(r.stdout)
    assert not list(sarif_validator.iter_errors(sarif))
    assert sarif["runs"][0]["results"] == []


# --- JUnit ----------------------------------------------------------------------------------------

def _junit(text: str) -> ET.Element:
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>')
    return ET.fromstring(text.encode("utf-8"))  # strict: raises on anything malformed


def test_junit_has_a_suite_per_applicant_a_case_per_item_and_fails_on_the_error(bad_outputs):
    root = _junit(bad_outputs["junit"])
    assert root.tag == "testsuites"
    suites = root.findall("testsuite")
    assert len(suites) == 1
    suite = suites[0]
    cases = suite.findall("testcase")
    assert len(cases) == ITEMS
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors"), suite.get("skipped")) == ("16", "1", "0", "3")
    failed = [c for c in cases if c.find("failure") is not None]
    assert [c.get("name").split()[0] for c in failed] == ["training-public"]
    assert failed[0].find("failure").get("type") == "ZC201"
    skipped = sorted(c.get("name").split()[0] for c in cases if c.find("skipped") is not None)
    assert skipped == ["aid-approval", "entrustment-letter", "transfer-proof"]
    publicity = next(c for c in cases if c.get("name").startswith("unit-publicity"))
    assert "ZC408" in publicity.find("system-out").text and publicity.find("failure") is None


def test_junit_for_a_complete_folder_has_no_failures_and_warning_threshold_makes_one(folders):
    r = zc("check", str(folders["good"]), "--isolated", "--format", "junit")
    assert r.returncode == 0
    assert _junit(r.stdout).get("failures") == "0"
    r = zc("check", str(folders["good"]), "--isolated", "--format", "junit", "--fail-on", "warning")
    assert r.returncode == 1
    root = _junit(r.stdout)
    assert root.get("failures") == "1"
    assert [c.get("name").split()[0] for c in root.iter("testcase") if c.find("failure") is not None] == ["unit-publicity"]


def test_junit_parses_with_junitparser_when_installed(bad_outputs, tmp_path):
    junitparser = pytest.importorskip("junitparser")
    path = tmp_path / "r.xml"
    path.write_text(bad_outputs["junit"], encoding="utf-8")
    xml = junitparser.JUnitXml.fromfile(str(path))
    suites = list(xml) if isinstance(xml, junitparser.JUnitXml) else [xml]
    assert [s.failures for s in suites] == [1]
    assert sum(1 for s in suites for _ in s) == ITEMS


# --- GitHub annotations ---------------------------------------------------------------------------

def test_github_annotations_one_per_finding_plus_a_summary(bad_outputs, folders):
    lines = bad_outputs["github"].splitlines()
    folder = folders["bad"].as_posix()
    assert lines[0].startswith(f"::error file={folder.replace(':', '%3A')},title=ZC201 year-missing (张三)::")
    assert lines[1].startswith(f"::warning file={folder}/13-单位公示证明及公示结果/公示.jpg,title=ZC408 needs-review")
    assert lines[2].startswith("::notice title=zccheck::") and len(lines) == 3


def test_github_format_is_chosen_under_github_actions(folders):
    r = zc("check", str(folders["bad"]), "--isolated", env={"GITHUB_ACTIONS": "true"})
    assert r.returncode == 1
    assert [line.split(" ", 1)[0] for line in r.stdout.splitlines()] == ["::error", "::warning", "::notice"]
    r = zc("check", str(folders["bad"]), "--isolated", "--format", "json", env={"GITHUB_ACTIONS": "true"})
    assert json.loads(r.stdout)["summary"]["error"] == 1


def test_github_escapes_commas_colons_and_newlines():
    from zccheck.report.github import _command

    assert _command("error", "a\nb%", file="x,y:z", title="t") == "::error file=x%2Cy%3Az,title=t::a%0Ab%25"


# --- Markdown -------------------------------------------------------------------------------------

def test_markdown_summary_and_finding_rows(bad_outputs):
    md = bad_outputs["markdown"]
    assert md.startswith("## zccheck 职称申报材料检查\n")
    assert "| 1 | 0 | 1 | 1 | 1 | 0 |" in md
    rows = [line for line in md.splitlines() if line.startswith("| ❌ error") or line.startswith("| ⚠️ warning")]
    assert [row.split("|")[2].strip() for row in rows] == ["`ZC201`", "`ZC408`"]
    assert "### ❌ 未通过" in md


def test_markdown_escapes_table_cells():
    from zccheck.report.markdown import cell

    assert cell("a|b\n<script>") == "a\\|b &lt;script&gt;"


def test_markdown_without_findings(folders):
    r = zc("check", str(folders["good"]), "--isolated", "--format", "markdown", "--ignore", "ZC408", "--lang", "en")
    assert r.returncode == 0
    assert "No findings." in r.stdout and "### ✅ pass" in r.stdout


# --- exit codes -----------------------------------------------------------------------------------

@pytest.mark.parametrize("folder, args, expected", [
    ("good", [], 0),
    ("bad", [], 1),
    ("bad", ["--fail-on", "never"], 0),
    ("good", ["--fail-on", "warning"], 1),
    ("bad", ["--select", "ZC4"], 0),
    ("bad", ["--format", "nonsense"], 2),
    ("bad", ["--fail-on", "sometimes"], 2),
    ("bad", ["--select", "ZC9"], 2),
    ("bad", ["--output", "pdf=x.pdf"], 2),
    ("bad", ["--rules", "no-such-pack"], 2),
    ("bad", ["--baseline", "no-such-baseline.json"], 2),
])
def test_exit_codes(folders, tmp_path, folder, args, expected):
    r = zc("check", str(folders[folder]), "--isolated", "--format", "json", *args, cwd=tmp_path, real=True)
    assert r.returncode == expected, r.stderr
    if expected != 2:
        json.loads(r.stdout)
    else:
        assert r.stdout == ""


def test_env_vars_mirror_the_options(folders):
    r = zc("check", str(folders["bad"]), "--isolated",
           env={"ZCCHECK_FORMAT": "json", "ZCCHECK_FAIL_ON": "never", "ZCCHECK_SELECT": "year-missing"})
    assert r.returncode == 0
    assert [f["code"] for f in json.loads(r.stdout)["applicants"][0]["findings"]] == ["ZC201"]
    r = zc("check", str(folders["bad"]), "--isolated", "--format", "json", env={"ZCCHECK_LANG": "en"})
    assert "lacks the year(s) 2019" in json.loads(r.stdout)["applicants"][0]["findings"][0]["message"]


# --- select / ignore ------------------------------------------------------------------------------

@pytest.mark.parametrize("args, codes", [
    (["--select", "ZC201"], ["ZC201"]),
    (["--select", "ZC2"], ["ZC201"]),
    (["--select", "needs-review"], ["ZC408"]),
    (["--select", "ZC2,ZC4"], ["ZC201", "ZC408"]),
    (["--ignore", "ZC4"], ["ZC201"]),
    (["--ignore", "year-missing", "--ignore", "ZC408"], []),
])
def test_select_and_ignore_by_code_prefix_or_category(folders, args, codes):
    r = zc("check", str(folders["bad"]), "--isolated", "--format", "json", "--fail-on", "never", *args)
    assert [f["code"] for f in json.loads(r.stdout)["applicants"][0]["findings"]] == codes


# --- streams and colour ---------------------------------------------------------------------------

def test_files_only_leave_stdout_empty_and_say_the_verdict_on_stderr(folders, tmp_path):
    r = zc("check", str(folders["bad"]), "--isolated", "--output", f"json={tmp_path / 'r.json'}")
    assert r.returncode == 1 and r.stdout == ""
    assert "1 个错误" in r.stderr and "退出码 1" in r.stderr
    assert json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["summary"]["fail"] == 1


@pytest.mark.parametrize("args, env, coloured", [
    ([], {}, False),  # piped: never
    (["--color", "always"], {}, True),
    (["--color", "always"], {"NO_COLOR": "1"}, True),  # an explicit flag wins over NO_COLOR
    ([], {"FORCE_COLOR": "1"}, True),
    (["--color", "never"], {"FORCE_COLOR": "1"}, False),
    ([], {"ZCCHECK_COLOR": "always", "NO_COLOR": "1"}, True),
])
def test_colour(folders, args, env, coloured):
    r = zc("check", str(folders["bad"]), "--isolated", *args, env=env)
    assert ("\x1b[" in r.stdout) is coloured


def test_a_file_never_gets_escape_codes(folders, tmp_path):
    target = tmp_path / "r.txt"
    r = zc("check", str(folders["bad"]), "--isolated", "--color", "always", "--output", str(target))
    assert r.returncode == 1 and r.stdout == ""
    text = target.read_text(encoding="utf-8")
    assert "ZC201" in text and "\x1b[" not in text


# --- codes and explanations -----------------------------------------------------------------------

def test_every_code_is_documented_in_both_languages_with_a_contract_category(contract_validator):
    from zccheck.codes import CODES

    categories = set(contract_validator.schema["$defs"]["category"]["enum"])
    for code in CODES.values():
        assert re.fullmatch(r"ZC\d{3}", code.code)
        assert code.category in categories and code.severity in ("error", "warning", "info")
        assert all(getattr(code, f).strip() for f in ("title_zh", "title_en", "message_zh", "message_en", "help_zh", "help_en"))


def test_every_quoted_clause_is_in_the_notice():
    from zccheck.pack.loader import load_pack

    if not NOTICE.is_file():
        pytest.skip(f"the notice's text not found at {NOTICE}")
    notice = re.sub(r"\s+", "", NOTICE.read_text(encoding="utf-8"))
    basis = load_pack().code_basis
    assert len(basis) >= 30
    for code, _, quote in basis:
        assert re.sub(r"\s+", "", quote) in notice, code


def test_explain_a_code_quotes_the_notice_and_says_how_to_fix():
    r = zc("explain", "ZC101")
    assert r.returncode == 0
    assert "漏传、错传、不传的一律视为没有相关资料" in r.stdout and "如何改正：" in r.stdout
    r = zc("explain", "zc404", "--lang", "en")
    assert "公示期不少于5个工作日" in r.stdout and "How to fix:" in r.stdout


def test_explain_an_item_and_an_unknown_key():
    r = zc("explain", "training-public")
    assert r.returncode == 0 and "2014" in r.stdout and "五（一）4" in r.stdout
    r = zc("explain", "ZC999")
    assert r.returncode == 2 and r.stdout == ""


def test_batch_paths_are_located_under_the_batch_root():
    from zccheck.report import github, sarif

    doc = {"tool": {"version": "0"}, "ruleset": {"id": "x"}, "summary": {"applicants": 1, "pass": 0, "fail": 1, "error": 1,
                                                                          "warning": 0, "info": 0},
           "applicants": [{"path": "李四", "name": None, "findings": [
               {"code": "ZC101", "category": "missing", "severity": "error", "item": "photo", "file": None,
                "message": "m", "data": {}, "waived": False}]}]}
    uri = json.loads(sarif.render(doc, root="申报/2021"))["runs"][0]["results"][0]["locations"][0]
    assert unquote(uri["physicalLocation"]["artifactLocation"]["uri"]) == "申报/2021/李四/"
    assert github.render(doc, root="申报/2021").startswith("::error file=申报/2021/李四,title=ZC101 missing::m")
    assert github.render(doc).startswith("::error file=李四,")
