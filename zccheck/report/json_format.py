"""--format json: the contract document, UTF-8, Chinese kept readable."""

from __future__ import annotations

import json
from typing import Any

from zccheck.report.document import ReportDocument


def render(doc: ReportDocument, **_: Any) -> str:
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
