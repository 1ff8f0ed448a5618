"""The README's ready-to-copy CI setups, run as written: the GitHub Actions step, the GitLab CI
script and the nightly cron script, each on real applicant folders, with `zccheck` on PATH."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest
import yaml

from tests.ci_run import _ENV_DROP
from tests.factories import build_applicant

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
APPLICANT = "张三-申报材料"  # the folder name the recipes use


def recipes() -> dict[str, str]:
    """The fenced block after each `<!-- recipe: NAME -->` marker: README.md once merged, else notes/ci.md."""
    for doc in (REPO / "README.md", REPO / "notes" / "ci.md"):
        if doc.is_file() and "<!-- recipe: github -->" in (text := doc.read_text(encoding="utf-8")):
            return {m.group(1): m.group(2) for m in
                    re.finditer(r"<!-- recipe: (\w+) -->\s*```\w*\n(.*?)```", text, re.S)}
    pytest.skip("no CI recipes found in README.md or notes/ci.md")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("recipes")
    return {"good": build_applicant(root / "good" / APPLICANT),
            "bad": build_applicant(root / "bad" / APPLICANT, skip=("training-public:2019",))}


@pytest.fixture(scope="module")
def env(tmp_path_factory) -> dict[str, str]:
    """`zccheck` on PATH: a shim running this interpreter's zccheck, as `pip install zccheck` would."""
    bin_dir = tmp_path_factory.mktemp("bin")
    shim = bin_dir / "zccheck"
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m zccheck "$@"\n', encoding="utf-8")
    shim.chmod(0o755)
    clean = {k: v for k, v in os.environ.items() if k not in _ENV_DROP}
    clean["PATH"] = f"{bin_dir}{os.pathsep}{clean.get('PATH', '')}"
    return clean


def sh(command: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(["bash", "-c", command], cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


def workspace(tmp_path: Path, folder: Path) -> Path:
    shutil.copytree(folder, tmp_path / APPLICANT)
    return tmp_path


def test_github_actions_recipe(built, env, tmp_path):
    workflow = yaml.safe_load(recipes()["github"])
    steps = workflow["jobs"]["zccheck"]["steps"]
    run = next(s["run"] for s in steps if s.get("name") == "zccheck")
    upload = next(s for s in steps if s.get("uses", "").startswith("github/codeql-action/upload-sarif"))
    summary = tmp_path / "step_summary.md"
    cwd = workspace(tmp_path, built["bad"])
    r = sh(run, cwd, {**env, "GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary)})
    assert r.returncode == 1, r.stderr
    assert [line.split(" ", 1)[0] for line in r.stdout.splitlines()] == ["::error", "::warning", "::notice"]
    assert r.stdout.startswith(f"::error file={APPLICANT},title=ZC201 year-missing")
    sarif = json.loads((cwd / upload["with"]["sarif_file"]).read_text(encoding="utf-8"))
    schema = SHARED / "contract" / "sarif-schema-2.1.0.json"
    if schema.is_file():
        jsonschema.Draft4Validator(json.loads(schema.read_text(encoding="utf-8"))).validate(sarif)
    assert [x["ruleId"] for x in sarif["runs"][0]["results"]] == ["ZC201", "ZC408"]
    assert "`ZC201`" in summary.read_text(encoding="utf-8")


@pytest.mark.parametrize("which, expected", [("bad", 1), ("good", 0)])
def test_gitlab_ci_recipe(built, env, tmp_path, which, expected):
    job = yaml.safe_load(recipes()["gitlab"])["zccheck"]
    cwd = workspace(tmp_path, built[which])
    rc = 0
    for line in job["script"]:
        if line.startswith("pip install"):
            continue
        r = sh(line, cwd, env)
        rc = r.returncode
        assert rc in (0, 1), r.stderr
    assert rc == expected
    junit = ET.parse(cwd / job["artifacts"]["reports"]["junit"]).getroot()
    assert junit.tag == "testsuites" and junit.get("failures") == str(expected)
    for path in job["artifacts"]["paths"]:
        assert (cwd / path).is_file()
    assert "\x1b[" not in r.stdout and "ZC408" in r.stdout


def test_nightly_cron_recipe(built, env, tmp_path):
    script = tmp_path / "zccheck-nightly"
    script.write_text(recipes()["cron"], encoding="utf-8")
    crontab = re.search(r"crontab: (.+)", recipes()["cron"]).group(1).split()
    assert len(crontab) == 7 and crontab[6] == "/usr/local/bin/zccheck-nightly"  # 5 time fields, user, command
    share = tmp_path / "share"
    shutil.copytree(built["good"], share / "张三")
    shutil.copytree(built["bad"], share / "李四")
    out = tmp_path / "reports"
    r = subprocess.run(["sh", str(script)], env={**env, "SHARE": str(share), "OUT": str(out)},
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr + (out / "zccheck.log").read_text(encoding="utf-8")
    verdicts = {p.stem: json.loads(p.read_text(encoding="utf-8"))["applicants"][0]["status"] for p in out.glob("*.json")}
    assert verdicts == {"张三": "pass", "李四": "fail"}
    assert sorted(p.name for p in out.glob("*.md")) == ["张三.md", "李四.md"]
    assert "1 个错误" in (out / "zccheck.log").read_text(encoding="utf-8")
