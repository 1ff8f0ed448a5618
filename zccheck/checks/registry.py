"""The closed set of content-check kinds a rule pack may name (Vale's idea: rules are data on a
handful of kinds written once). Each kind is its own module with KIND and run(ctx); its parameters and
whether it reads whole images are the pack language's (zccheck.pack.kinds), and the two lists agree."""

from __future__ import annotations

from dataclasses import dataclass
from types import ModuleType
from typing import Iterable

from zccheck.checks import (
    blank_page, file_limits, identity, photo_quality, placeholder, publicity_period, scan_quality, seal, signature,
    statement,
)
from zccheck.checks.context import ItemContext
from zccheck.models import Finding
from zccheck.pack.kinds import KINDS


@dataclass(frozen=True)
class CheckKind:
    name: str
    module: ModuleType

    def run(self, ctx: ItemContext) -> Iterable[Finding]:
        findings: Iterable[Finding] = self.module.run(ctx)
        return findings


CHECK_KINDS: dict[str, CheckKind] = {
    m.KIND: CheckKind(m.KIND, m)
    for m in (placeholder, statement, publicity_period, seal, signature, identity, photo_quality, scan_quality, blank_page,
              file_limits)
}
if set(CHECK_KINDS) != set(KINDS):  # a kind the pack may name must have code, and the other way round
    raise ImportError(f"check kinds differ: code {sorted(CHECK_KINDS)}, pack language {sorted(KINDS)}")
