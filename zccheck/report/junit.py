"""--format junit: JUnit XML for CI test reports (GitLab `artifacts:reports:junit`, Jenkins, Azure).

One <testsuite> per applicant, one <testcase> per material item (classname = applicant path), plus
one testcase `(applicant)` when there are findings about no item (profile, stray files). A testcase
fails when it has unwaived findings at or above `fail_on` (error by default), so the report agrees
with the exit code; not-applicable items are <skipped>; other findings go to <system-out>.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Any

from zccheck.report.document import FindingDocument, ReportDocument

SEVERITY_RANK = {"error": 3, "warning": 2, "info": 1}
THRESHOLD = {"error": 3, "warning": 2, "never": 99}
GENERAL = "(applicant)"
# Characters XML 1.0 cannot hold at all (file names and OCR text can contain them).
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_LABEL = {"zh": {"na": "不适用", "waived": "已豁免", "known": "基线已知"},
          "en": {"na": "not applicable", "waived": "waived", "known": "known (baseline)"}}


def _line(f: FindingDocument, lang: str) -> str:
    where = f" [{f['file']}{' p.' + str(f['page']) if f.get('page') else ''}]" if f.get("file") else ""
    tag = ""
    if f.get("waived"):
        data = f.get("data") or {}
        tag = f" ({_LABEL[lang]['known'] if data.get('baseline') == 'unchanged' and not data.get('waiver') else _LABEL[lang]['waived']})"
    return f"{f['severity']} {f['code']} {f['category']}{where}: {f['message']}{tag}"


def _testcase(suite: ET.Element, classname: str, name: str, findings: list[FindingDocument], status: str | None,
              fail_at: int, lang: str) -> tuple[int, int]:
    case = ET.SubElement(suite, "testcase", {"classname": classname, "name": name, "time": "0"})
    failing = [f for f in findings if not f.get("waived") and SEVERITY_RANK[f["severity"]] >= fail_at]
    others = [f for f in findings if f not in failing]
    if failing:
        first = failing[0]
        failure = ET.SubElement(case, "failure", {
            "message": first["message"] if len(failing) == 1 else f"{len(failing)} × " + "; ".join(
                f["code"] for f in failing),
            "type": ",".join(dict.fromkeys(f["code"] for f in failing)),
        })
        failure.text = "\n".join(_line(f, lang) for f in failing)
    elif status == "not-applicable" and not findings:
        ET.SubElement(case, "skipped", {"message": _LABEL[lang]["na"]})
    if others:
        ET.SubElement(case, "system-out").text = "\n".join(_line(f, lang) for f in others)
    return (1 if failing else 0), (1 if status == "not-applicable" and not findings and not failing else 0)


def render(doc: ReportDocument, lang: str = "zh", fail_on: str = "error", **_: Any) -> str:
    fail_at = THRESHOLD.get(fail_on, 3)
    root = ET.Element("testsuites", {"name": "zccheck"})
    total = failures = skipped = 0
    for a in doc["applicants"]:
        suite = ET.SubElement(root, "testsuite", {"name": a["path"]})
        present = [(key, value) for key, value in (("name", a.get("name")), ("series", a.get("series")),
                                                    ("title", a.get("title")), ("status", a.get("status"))) if value]
        if present:
            props = ET.SubElement(suite, "properties")
            for key, value in present:
                ET.SubElement(props, "property", {"name": key, "value": str(value)})
        by_item: dict[str | None, list[FindingDocument]] = {}
        for f in a["findings"]:
            by_item.setdefault(f.get("item"), []).append(f)
        s_tests = s_fail = s_skip = 0
        for it in a["items"]:
            fl, sk = _testcase(suite, a["path"], f"{it['id']} {it['title']}", by_item.pop(it["id"], []), it["status"],
                               fail_at, lang)
            s_tests, s_fail, s_skip = s_tests + 1, s_fail + fl, s_skip + sk
        leftover = [f for fs in by_item.values() for f in fs]
        if leftover:
            fl, sk = _testcase(suite, a["path"], GENERAL, leftover, None, fail_at, lang)
            s_tests, s_fail, s_skip = s_tests + 1, s_fail + fl, s_skip + sk
        suite.set("tests", str(s_tests))
        suite.set("failures", str(s_fail))
        suite.set("errors", "0")
        suite.set("skipped", str(s_skip))
        suite.set("time", "0")
        total, failures, skipped = total + s_tests, failures + s_fail, skipped + s_skip
    root.set("tests", str(total))
    root.set("failures", str(failures))
    root.set("errors", "0")
    root.set("skipped", str(skipped))
    root.set("time", "0")
    ET.indent(root)
    text = _INVALID_XML.sub("\ufffd", ET.tostring(root, encoding="unicode"))
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + text + "\n"
