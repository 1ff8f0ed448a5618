"""The merged documents of a pack as YAML, each value followed by where it comes from (file:line): what
`zccheck rules show PACK` prints, so the author of a yearly delta sees which values are this year's and
which are inherited."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

from zccheck.pack.merge import FILES, RawPack
from zccheck.pack.yaml_source import file_of, line_of

_PLAIN = re.compile(r"^[^\s\-?:,\[\]{}#&*!|>'\"%@`][^:#\n]*$")
_RESERVED = {"true", "false", "yes", "no", "on", "off", "null", "~", ""}


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, (int, float)):
        return str(value)
    text = str(value)
    if _PLAIN.match(text) and text.lower() not in _RESERVED and not re.fullmatch(r"[-+.\d:eE]+", text) \
            and text == text.strip() and not any(c in text for c in ",[]{}"):
        return text
    return json.dumps(text, ensure_ascii=False)


def _flow(value: Any) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(_flow(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_scalar(k)}: {_flow(v)}" for k, v in value.items()) + "}"
    return _scalar(value)


def _flat(value: Any) -> bool:
    """Printed on one line: scalars, and lists or mappings of scalars that are short — a mapping only
    when all its keys come from one file (else each key gets its own line and origin)."""
    if isinstance(value, dict) and len({file_of(value, k) for k in value}) > 1:
        return False
    if isinstance(value, (list, dict)):
        inner = value if isinstance(value, list) else list(value.values())
        return not any(isinstance(v, (list, dict)) for v in inner) and len(_flow(value)) <= 100
    return True


class _Writer:
    def __init__(self, base: Path):
        self.lines: list[tuple[str, str]] = []
        self.base = base

    def where(self, node: Any, key: Any = None) -> str:
        file, line = file_of(node, key), line_of(node, key)
        if not file:
            return ""
        shown = self.path(file)
        return f"{shown}:{line}" if line else shown

    def path(self, file: str | Path) -> str:
        """Relative to where the command runs when that is shorter, else as it is."""
        absolute = os.path.abspath(file)
        relative = os.path.relpath(absolute, self.base)
        return absolute if relative.startswith(".." + os.sep + "..") else relative

    def mapping(self, node: dict, indent: str, first_prefix: str | None = None) -> None:
        for i, (key, value) in enumerate(node.items()):
            lead = first_prefix if first_prefix is not None and i == 0 else indent
            origin = self.where(node, key)
            if _flat(value):
                self.lines.append((f"{lead}{_scalar(key)}: {_flow(value)}", origin))
            else:
                self.lines.append((f"{lead}{_scalar(key)}:", origin))
                self.value(value, indent + "  ")

    def value(self, value: Any, indent: str) -> None:
        if isinstance(value, dict):
            self.mapping(value, indent)
            return
        for element in value:
            if isinstance(element, dict) and element:
                self.mapping(element, indent + "  ", first_prefix=indent + "- ")
            else:
                self.lines.append((f"{indent}- {_flow(element)}", ""))

    def text(self) -> str:
        width = min(100, max((len(code) for code, _ in self.lines), default=0))
        out = []
        for code, origin in self.lines:
            pad = " " * max(1, width - _display_width(code) + 2)
            out.append(f"{code}{pad}# {origin}" if origin else code)
        return "\n".join(out) + "\n"


def _display_width(text: str) -> int:
    """Columns on a terminal: CJK characters take two."""
    return sum(2 if ord(c) >= 0x1100 and not 0xFE00 <= ord(c) <= 0xFE0F else 1 for c in text)


def render(raw: RawPack, base: Path | None = None) -> str:
    """Every document of the merged pack, each value with its origin."""
    writer = _Writer(base or Path.cwd())
    chain = " → ".join(writer.path(p) for p in raw.chain)
    writer.lines.append((f"# {raw.directory.name}: merged from {chain}" if len(raw.chain) > 1
                         else f"# {raw.directory.name}", ""))
    for name in FILES:
        doc = raw.doc(name)
        if doc is None:
            continue
        writer.lines.append(("", ""))
        writer.lines.append((f"# --- {name}", ""))
        if isinstance(doc, dict):
            writer.mapping(doc, "")
        else:
            writer.lines.append((_flow(doc), ""))
    return writer.text()
