"""The closed set of content-check kinds an item's `checks:` may name, as the rule-pack language knows
them: each kind's parameters (validated when the pack loads, with file and line) and whether it reads
the whole image of a scan. This is the pack's side of Vale's idea (rules are data on a handful of kinds);
the kinds themselves are code in zccheck/checks/<kind>.py, registered in zccheck.checks.registry, and a
test holds the two lists equal.

Defaults of the parameters live in the pack's content.yaml (placeholder:, statement:, identity:, ...).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from zccheck.pack import schema as s
from zccheck.pack.model import Item


@dataclass(frozen=True)
class KindSpec:
    name: str
    params: dict[str, s.Check] = field(default_factory=dict)
    # The kind reads the whole page of a scan (a red seal, say): a scan that may be this item's is decoded
    # whole, never judged from its top only (see scan.plan and ImageAnalyzer.inked_top).
    looks_at_whole_image: bool = False

    def validate_params(self, params: dict[str, Any], file: str, line: int | None, path: str) -> None:
        for key, value in params.items():
            if key not in self.params:
                raise s.PackError(file, line, f"{path}.{key}",
                                  f"unknown parameter for kind {self.name} (parameters: {', '.join(self.params) or 'none'})")
            self.params[key](value, f"{path}.{key}", s.Ctx(file))


KINDS: dict[str, KindSpec] = {k.name: k for k in (
    KindSpec("placeholder", {"patterns": s.list_of(s.string), "max_per_file": s.integer}),
    KindSpec("statement", {"text": s.string, "threshold": s.number}),
    KindSpec("publicity-period", {"min_working_days": s.integer}),
    KindSpec("seal", looks_at_whole_image=True),
    KindSpec("signature"),
    KindSpec("identity", {"fields": s.list_of(s.one_of("name", "id_number", "series", "level")),
                          "name_patterns": s.list_of(s.string), "series_level_pattern": s.string,
                          "field_labels": s.list_of(s.string)}),
    KindSpec("photo-quality"),
    KindSpec("scan-quality", {"paper_mm": s.list_of(s.number), "min_dpi": s.number}),
    KindSpec("blank-page"),
)}


def needs_whole_look(item: Item) -> bool:
    """A seal to find, or a photo to recognise by its look: the item's scans are looked at whole."""
    return bool(item.match.looks_like) or any(KINDS[spec.kind].looks_at_whole_image for spec in item.checks)
