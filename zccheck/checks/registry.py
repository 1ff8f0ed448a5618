"""The closed set of content-check kinds a rule pack may name (Vale's idea: rules are data on a
handful of kinds written once). Each kind is its own module with PARAMS and run()."""

from __future__ import annotations

from dataclasses import dataclass
from types import ModuleType
from typing import Any

from zccheck.checks import (
    blank_page, identity, photo_quality, placeholder, publicity_period, scan_quality, seal, signature, statement,
)
from zccheck.pack.schema import Ctx, PackError


@dataclass(frozen=True)
class CheckKind:
    name: str
    module: ModuleType

    def validate_params(self, params: dict[str, Any], file: str, line: int | None, path: str) -> None:
        schema = getattr(self.module, "PARAMS", {})
        for key, value in params.items():
            if key not in schema:
                raise PackError(file, line, f"{path}.{key}",
                                f"unknown parameter for kind {self.name} (parameters: {', '.join(schema) or 'none'})")
            schema[key](value, f"{path}.{key}", Ctx(file))

    def run(self, ctx):
        return self.module.run(ctx)

    @property
    def looks_at_whole_image(self) -> bool:
        return getattr(self.module, "LOOKS_AT_WHOLE_IMAGE", False)


CHECK_KINDS: dict[str, CheckKind] = {
    m.KIND: CheckKind(m.KIND, m)
    for m in (placeholder, statement, publicity_period, seal, signature, identity, photo_quality, scan_quality, blank_page)
}
