""".zccheck.yaml discovery and validation, per-path ignores, waivers and the baseline.

Today is 2026-11-27 on the project machine: active waivers here expire in 2099, expired ones in
2022; the pure policy functions get `today` injected for the boundary cases."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import jsonschema
import pytest

from tests.ci_run import zc
from tests.factories import build_applicant

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
CONTRACT = SHARED / "contract" / "report-v1.schema.json"

WAIVER_2019 = """\
waivers:
  - category: year-missing
    item: annual-assessment
    years: [2019]
    applicant: 张三
    files: "*考核*"
    reason: 2019年度考核表在人事档案中，已核实
    approved_by: 人事处
    expires: {expires}
"""


@pytest.fixture(scope="module")
def unit(tmp_path_factory) -> Path:
    """A unit's folder with one defective applicant: the 2019 annual assessment is missing."""
    root = tmp_path_factory.mktemp("unit")
    build_applicant(root / "dept" / "张三", skip=("annual-assessment:2019",))
    return root


@pytest.fixture()
def applicant(unit, tmp_path) -> Path:
    """A private copy of the defective applicant, so each test may write its own .zccheck.yaml."""
    target = tmp_path / "unit" / "dept" / "张三"
    shutil.copytree(unit / "dept" / "张三", target)
    return target


def doc_of(r) -> dict:
    return json.loads(r.stdout)


def codes(doc: dict, waived: bool | None = None) -> list[str]:
    return [f["code"] for f in doc["applicants"][0]["findings"] if waived is None or f["waived"] is waived]


def write_config(folder: Path, text: str) -> Path:
    path = folder / ".zccheck.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_defective_folder_fails_on_the_missing_year(applicant):
    r = zc("check", str(applicant), "--format", "json")
    assert r.returncode == 1
    f = doc_of(r)["applicants"][0]["findings"][0]
    assert (f["code"], f["category"], f["item"], f["data"]) == ("ZC201", "year-missing", "annual-assessment", {"years": [2019]})


# --- discovery ------------------------------------------------------------------------------------

def test_config_is_found_by_walking_up_from_the_checked_folder(applicant):
    write_config(applicant.parents[1], "ignore: [ZC408]\n")  # unit/.zccheck.yaml, two levels up
    assert codes(doc_of(zc("check", str(applicant), "--format", "json"))) == ["ZC201"]
    assert codes(doc_of(zc("check", str(applicant), "--format", "json", "--isolated"))) == ["ZC201", "ZC408"]


def test_nearest_config_wins_and_explicit_config_overrides(applicant, tmp_path):
    write_config(applicant.parents[1], "ignore: [ZC408]\n")
    write_config(applicant.parent, "fail_on: never\n")  # nearer: the unit-level one is not read
    r = zc("check", str(applicant), "--format", "json")
    assert r.returncode == 0 and codes(doc_of(r)) == ["ZC201", "ZC408"]
    other = tmp_path / "ci.yaml"
    other.write_text("select: [ZC4]\n", encoding="utf-8")
    r = zc("check", str(applicant), "--format", "json", "--config", str(other))
    assert r.returncode == 0 and codes(doc_of(r)) == ["ZC408"]
    r = zc("check", str(applicant), "--format", "json", env={"ZCCHECK_CONFIG": str(other)})
    assert codes(doc_of(r)) == ["ZC408"]


def test_command_line_beats_config(applicant):
    write_config(applicant.parent, "fail-on: warning\nlang: en\nselect: [ZC2]\n")  # hyphenated keys accepted
    r = zc("check", str(applicant), "--format", "json", "--select", "ZC4", "--fail-on", "never", "--lang", "zh")
    assert r.returncode == 0 and codes(doc_of(r)) == ["ZC408"]
    assert "扫描件" in doc_of(r)["applicants"][0]["findings"][0]["message"]


def test_config_rules_and_lang(applicant):
    write_config(applicant.parent, "rules: xj-2021-zrkx-syjs\nlang: en\n")
    doc = doc_of(zc("check", str(applicant), "--format", "json"))
    assert doc["ruleset"]["id"] == "xj-2021-zrkx-syjs"
    assert "lacks the year(s) 2019" in doc["applicants"][0]["findings"][0]["message"]


# --- validation: exit 2, naming file and line -----------------------------------------------------

@pytest.mark.parametrize("text, line, words", [
    ("ignore: [ZC408]\nfail_onn: warning\n", 2, "unknown key 'fail_onn'"),
    ("fail_on: sometimes\n", 1, "expected one of error, warning, never"),
    ("select: [ZC999]\n", 1, "neither a code"),
    ("waivers:\n  - code: ZC201\n    approved_by: 人事处\n    expires: 2099-01-01\n", 2, "reason: required key is missing"),
    ("waivers:\n  - code: ZC201\n    reason: x\n    approved_by: y\n    expires: 2099-02-30\n", 5, "expected a date"),
    ("waivers:\n  - code: ZC201\n    category: year-missing\n    reason: x\n    approved_by: y\n    expires: 2099-01-01\n",
     2, "exactly one of `code` or `category`"),
    ("waivers:\n  - code: ZC201\n    reason: x\n    approved_by: y\n    expires: 2099-01-01\n    owner: me\n", 6,
     "unknown key 'owner'"),
    ("waivers:\n  - code: ZC201\n    item: annual-assesment\n    reason: x\n    approved_by: y\n    expires: 2099-01-01\n",
     2, "not an item of the rule pack"),
    ("ignore: [ZC408\n", None, ""),  # YAML syntax error
])
def test_a_bad_config_is_an_error_naming_file_and_line(applicant, text, line, words):
    write_config(applicant.parent, text)
    r = zc("check", str(applicant), "--format", "json", real=True)
    assert r.returncode == 2 and r.stdout == ""
    assert ".zccheck.yaml:" in r.stderr and words in r.stderr
    if line:
        assert f".zccheck.yaml:{line}:" in r.stderr, r.stderr


# --- per-path ignores -----------------------------------------------------------------------------

def test_per_path_ignores(applicant):
    write_config(applicant.parent, 'per_path_ignores:\n  "*/公示.jpg": [needs-review]\n  "其他人": [ZC2]\n')
    assert codes(doc_of(zc("check", str(applicant), "--format", "json"))) == ["ZC201"]
    write_config(applicant.parent, 'per_path_ignores:\n  "张三": [ZC201]\n')  # the applicant folder itself
    r = zc("check", str(applicant), "--format", "json")
    assert r.returncode == 0 and codes(doc_of(r)) == ["ZC408"]


# --- waivers --------------------------------------------------------------------------------------

def test_an_active_waiver_keeps_the_finding_marked_waived_and_passes(applicant):
    write_config(applicant.parents[1], WAIVER_2019.format(expires="2099-06-30"))
    r = zc("check", str(applicant), "--format", "json")
    assert r.returncode == 0, r.stderr
    doc = doc_of(r)
    if CONTRACT.is_file():
        schema = json.loads(CONTRACT.read_text(encoding="utf-8"))
        jsonschema.validators.validator_for(schema)(schema).validate(doc)
    f = doc["applicants"][0]["findings"][0]
    assert (f["code"], f["waived"], f["data"]["years"]) == ("ZC201", True, [2019])
    assert f["data"]["waiver"]["reason"] == "2019年度考核表在人事档案中，已核实"
    assert f["data"]["waiver"]["approved_by"] == "人事处"
    assert doc["applicants"][0]["status"] == "pass" and doc["summary"]["error"] == 0
    assert doc["waivers"][0]["status"] == "applied" and doc["waivers"][0]["matched"] == 1


def test_waived_findings_in_sarif_junit_github_and_markdown(applicant):
    write_config(applicant.parents[1], WAIVER_2019.format(expires="2099-06-30"))
    sarif = json.loads(zc("check", str(applicant), "--format", "sarif").stdout)
    result = sarif["runs"][0]["results"][0]
    assert result["ruleId"] == "ZC201" and result["suppressions"][0]["status"] == "accepted"
    assert "人事档案" in result["suppressions"][0]["justification"]
    junit = zc("check", str(applicant), "--format", "junit").stdout
    assert 'failures="0"' in junit and "已豁免" in junit
    github = zc("check", str(applicant), "--format", "github").stdout
    assert "ZC201" not in github and "1 个已豁免" in github
    md = zc("check", str(applicant), "--format", "markdown").stdout
    assert "<summary>已豁免: 1</summary>" in md and "2019年度考核表在人事档案中" in md


def test_an_expired_waiver_stops_applying_and_says_so(applicant):
    write_config(applicant.parents[1], WAIVER_2019.format(expires="2022-06-30"))
    r = zc("check", str(applicant), "--format", "json")
    assert r.returncode == 1
    assert codes(doc_of(r), waived=False) == ["ZC201", "ZC408"]
    assert "豁免已过期（2022-06-30" in r.stderr and "1 个问题重新计入" in r.stderr
    assert doc_of(r)["waivers"][0]["status"] == "expired"


def test_a_waiver_that_matches_nothing_is_reported(applicant):
    write_config(applicant.parents[1], WAIVER_2019.format(expires="2099-06-30").replace("applicant: 张三", "applicant: 李四"))
    r = zc("check", str(applicant), "--format", "json", "--lang", "en")
    assert r.returncode == 1
    assert "waiver matches nothing" in r.stderr and ".zccheck.yaml:2, year-missing" in r.stderr
    assert doc_of(r)["waivers"][0]["status"] == "unused"
    sarif = json.loads(zc("check", str(applicant), "--format", "sarif").stdout)
    notes = sarif["runs"][0]["invocations"][0]["toolConfigurationNotifications"]
    assert [n["descriptor"]["id"] for n in notes] == ["waiver-unused"]


def test_a_waiver_for_one_year_never_hides_another(unit, tmp_path):
    folder = build_applicant(tmp_path / "张三", skip=("annual-assessment:2018", "annual-assessment:2019"))
    write_config(tmp_path, WAIVER_2019.format(expires="2099-06-30"))
    r = zc("check", str(folder), "--format", "json")
    assert r.returncode == 1
    findings = [(f["code"], f["data"]["years"], f["waived"]) for f in doc_of(r)["applicants"][0]["findings"]
                if f["code"] == "ZC201"]
    assert findings == [("ZC201", [2019], True), ("ZC201", [2018], False)]
    messages = [f["message"] for f in doc_of(r)["applicants"][0]["findings"] if f["code"] == "ZC201"]
    assert "缺少 2019 年度" in messages[0] and "缺少 2018 年度" in messages[1]


@pytest.mark.parametrize("field, value, applies", [
    ("code", "ZC201", True), ("code", "ZC202", False),
    ("item", "training-public", False), ("files", '"*公需*"', False), ("years", "[2018]", False),
    ("applicant", "张三", True),  # the 姓名 in the profile
])
def test_waiver_fields_must_all_match(applicant, field, value, applies):
    text = WAIVER_2019.format(expires="2099-06-30")
    if field == "code":
        text = text.replace("category: year-missing", f"code: {value}")
    else:
        text = "\n".join(f"    {field}: {value}" if line.startswith(f"    {field}:") else line
                         for line in text.splitlines()) + "\n"
    write_config(applicant.parents[1], text)
    r = zc("check", str(applicant), "--format", "json")
    assert (r.returncode == 0) is applies
    assert doc_of(r)["waivers"][0]["status"] == ("applied" if applies else "unused")


def test_waiver_by_folder_name_and_code(applicant):
    write_config(applicant.parents[1], "waivers:\n  - code: ZC408\n    applicant: 张三\n    reason: 已人工核对公示期\n"
                                       "    approved_by: 职称办\n    expires: 2099-12-31\n")
    r = zc("check", str(applicant), "--format", "json", "--fail-on", "warning")
    assert r.returncode == 1  # the ZC201 error still counts
    assert codes(doc_of(r), waived=True) == ["ZC408"]
    assert doc_of(r)["summary"]["warning"] == 0


def test_waiver_expiry_boundary_with_an_injected_today(pack):
    from zccheck.config import Waiver
    from zccheck.models import ApplicantResult, finding
    from zccheck.policy import apply_waivers

    result = ApplicantResult(path="x/张三", name="张三", series=None, title=None, items=(),
                             findings=(finding("ZC201", "annual-assessment", None, years="2019", data={"years": [2019]}),))
    w = Waiver(reason="r", approved_by="a", expires=dt.date(2022, 6, 30), category="year-missing", source="c:1")
    on_the_day, outcomes = apply_waivers([result], [w], pack, today=dt.date(2022, 6, 30))
    assert on_the_day[0].findings[0].waived and outcomes[0].status == "applied"
    day_after, outcomes = apply_waivers([result], [w], pack, today=dt.date(2022, 7, 1))
    assert not day_after[0].findings[0].waived and (outcomes[0].status, outcomes[0].matched) == ("expired", 1)
    assert day_after[0].status == "fail" and on_the_day[0].status == "pass"


# --- baseline -------------------------------------------------------------------------------------

def test_baseline_records_a_stable_identity_and_then_fails_only_on_new_findings(applicant, tmp_path):
    base = tmp_path / "baseline.json"
    r = zc("check", str(applicant), "--isolated", "--format", "json", "--write-baseline", str(base))
    assert r.returncode == 0, r.stderr
    saved = json.loads(base.read_text(encoding="utf-8"))
    assert [(e["applicant"], e["code"], e["item"], e["file"], e["years"], e["count"]) for e in saved["findings"]] == [
        ("张三", "ZC201", "annual-assessment", None, [2019], 1),
        ("张三", "ZC408", "unit-publicity", "公示.jpg", [], 1)]
    assert str(tmp_path) not in base.read_text(encoding="utf-8")  # no absolute paths, no pages
    assert "page" not in base.read_text(encoding="utf-8")

    # From another directory, through a relative path: the same identity.
    r = zc("check", "dept/张三", "--isolated", "--format", "json", "--baseline", str(base), cwd=applicant.parents[1])
    assert r.returncode == 0, r.stderr
    assert [(f["code"], f["waived"], f["data"]["baseline"]) for f in doc_of(r)["applicants"][0]["findings"]] == [
        ("ZC201", True, "unchanged"), ("ZC408", True, "unchanged")]
    assert doc_of(r)["baseline"] == {"file": "baseline.json", "new": 0, "unchanged": 2, "absent": 0}

    # A new defect: only it counts (and a 2018 gap is new even though 2019 was known).
    for pdf in applicant.glob("11-*/2018*"):
        pdf.unlink()
    shutil.rmtree(applicant / "10-个人业务工作总结")
    r = zc("check", str(applicant), "--isolated", "--format", "json", "--baseline", str(base))
    assert r.returncode == 1
    unwaived = [(f["code"], f["item"], f["data"].get("years")) for f in doc_of(r)["applicants"][0]["findings"]
                if not f["waived"]]
    assert unwaived == [("ZC101", "work-summary", None), ("ZC201", "annual-assessment", [2018])]
    assert "基线：新问题 2 个，已知 2 个，已改正 0 个" in r.stderr


def test_baseline_in_sarif_sets_baseline_state(applicant, tmp_path):
    base = tmp_path / "b.json"
    zc("check", str(applicant), "--isolated", "--format", "json", "--write-baseline", str(base))
    shutil.rmtree(applicant / "10-个人业务工作总结")
    results = json.loads(zc("check", str(applicant), "--isolated", "--format", "sarif", "--baseline", str(base)).stdout)
    states = [(x["ruleId"], x["baselineState"]) for x in results["runs"][0]["results"]]
    assert sorted(states) == [("ZC101", "new"), ("ZC201", "unchanged"), ("ZC408", "unchanged")]


def test_a_corrupt_baseline_is_a_configuration_error(applicant, tmp_path):
    base = tmp_path / "b.json"
    base.write_text('{"findings": 3}', encoding="utf-8")
    r = zc("check", str(applicant), "--isolated", "--format", "json", "--baseline", str(base), real=True)
    assert r.returncode == 2 and r.stdout == "" and "not a zccheck baseline" in r.stderr
