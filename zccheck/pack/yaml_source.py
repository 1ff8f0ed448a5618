"""Safe YAML loading that remembers line numbers, so a bad key can be named with its line.

Profiles and packs come from users: only safe loading, a size cap, and a cap on aliases (an
alias bomb expands a few lines into billions of nodes when walked).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

MAX_YAML_BYTES = 2 * 1024 * 1024
MAX_ALIASES = 200
# Fewer than 200 aliases still expand to 10**11 nodes (ten anchors, each listing the previous ten
# times): PyYAML shares the nodes, but the first str() or walk of the value never ends. So the size
# of the document *as expanded* is capped too, counted once per node without expanding anything.
MAX_EXPANDED_NODES = 500_000


class YamlError(Exception):
    def __init__(self, file: str, line: int | None, message: str):
        super().__init__(f"{file}:{line or '?'}: {message}")
        self.file, self.line, self.message = file, line, message


class LineDict(dict):
    """A mapping that knows the line of each key (1-based) and, for rule packs, the file: a pack that
    `extends:` another is one mapping made of several files, and every value keeps where it came from."""

    lines: dict[Any, int]
    line: int | None  # of the mapping itself; None when built in code
    file: str | None = None  # of the mapping itself (tag_file); None when not known
    files: dict[Any, str]  # per key, where a merge took the key from another file than `file`


# libyaml parses in C (PyYAML's wheels carry it): the rule pack loads on every run, and a re-run of an
# unchanged drive is mostly that. The pure-Python parser is the fallback where libyaml is missing.
_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _LineLoader(_BaseLoader):  # type: ignore[misc, valid-type]
    def get_single_node(self):
        node = super().get_single_node()
        if node is not None:
            aliases = _alias_count(node, set())
            if aliases > MAX_ALIASES:
                raise yaml.YAMLError(f"too many aliases (more than {MAX_ALIASES})")
            if aliases and _expanded_size(node, {}) > MAX_EXPANDED_NODES:
                raise yaml.YAMLError(f"aliases expand to more than {MAX_EXPANDED_NODES} nodes (an alias bomb)")
        return node

    def construct_mapping(self, node, deep=False):
        mapping = LineDict(super().construct_mapping(node, deep=True))
        mapping.lines = {}
        for key_node, _ in node.value:
            try:
                key = self.construct_object(key_node, deep=True)
                mapping.lines[key] = key_node.start_mark.line + 1
            except TypeError:
                pass
        mapping.line = node.start_mark.line + 1
        mapping.files = {}
        return mapping


def _alias_count(node: yaml.Node, seen: set[int]) -> int:
    """How many times the composed document refers to a node it already holds (an alias), walking each
    node once."""
    if id(node) in seen:
        return 1
    seen.add(id(node))
    if isinstance(node, yaml.SequenceNode):
        return sum(_alias_count(child, seen) for child in node.value)
    if isinstance(node, yaml.MappingNode):
        return sum(_alias_count(k, seen) + _alias_count(v, seen) for k, v in node.value)
    return 0


def _expanded_size(node: yaml.Node, memo: dict[int, int]) -> int:
    """How many nodes `node` stands for once every alias is expanded (memoised: linear in the document)."""
    known = memo.get(id(node))
    if known is not None:
        return known
    size = 1
    if isinstance(node, yaml.SequenceNode):
        size += sum(_expanded_size(child, memo) for child in node.value)
    elif isinstance(node, yaml.MappingNode):
        size += sum(_expanded_size(k, memo) + _expanded_size(v, memo) for k, v in node.value)
    memo[id(node)] = min(size, MAX_EXPANDED_NODES + 1)
    return memo[id(node)]


_LineLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG,
    lambda loader, node: loader.construct_mapping(node),
)
# Dates stay strings: profile values like 2016-12 and pack dates are parsed where their meaning is known.
_LineLoader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:timestamp"]
    for k, v in _BaseLoader.yaml_implicit_resolvers.items()
}


class _PlainScalarLoader(_LineLoader):
    """For hand-written profiles: 2016.10 must stay "2016.10" (a float would make it October → January)."""


_PlainScalarLoader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag not in ("tag:yaml.org,2002:float", "tag:yaml.org,2002:int")]
    for k, v in _LineLoader.yaml_implicit_resolvers.items()
}


def load_yaml_text(text: str, file: str, plain_scalars: bool = False) -> Any:
    if len(text.encode("utf-8", "replace")) > MAX_YAML_BYTES:
        raise YamlError(file, None, f"file larger than {MAX_YAML_BYTES // 1024} KiB")
    try:
        loader = (_PlainScalarLoader if plain_scalars else _LineLoader)(text)
        try:
            return loader.get_single_data()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as e:
        line = e.problem_mark.line + 1 if e.problem_mark else None
        raise YamlError(file, line, str(e.problem or e)) from None
    except (yaml.YAMLError, RecursionError, ValueError, TypeError) as e:
        raise YamlError(file, None, str(e)[:300]) from None


def decode_text(raw: bytes) -> str:
    """Profiles are written by hand on Chinese Windows too: UTF-8 (with or without BOM), else GB18030."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    for encoding in ("utf-8", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return raw.decode("utf-8", "replace")


def load_yaml_file(path: Path, display: str | None = None, plain_scalars: bool = False) -> Any:
    display = display or str(path)
    try:
        if path.stat().st_size > MAX_YAML_BYTES:
            raise YamlError(display, None, f"file larger than {MAX_YAML_BYTES // 1024} KiB")
        raw = path.read_bytes()
    except OSError as e:
        raise YamlError(display, None, e.strerror or str(e)) from None
    return load_yaml_text(decode_text(raw), display, plain_scalars)


def tag_file(data: Any, file: str) -> Any:
    """Record `file` on every mapping of a loaded document (rule packs: errors and `rules show` name it)."""
    if isinstance(data, LineDict):
        data.file = file
        for value in data.values():
            tag_file(value, file)
    elif isinstance(data, list):
        for value in data:
            tag_file(value, file)
    return data


def file_of(mapping: Any, key: Any = None) -> str | None:
    """The file a mapping (or one of its keys) was read from, when known."""
    if isinstance(mapping, LineDict):
        files = getattr(mapping, "files", None) or {}
        if key is not None and key in files:
            return files[key]
        return mapping.file
    return None


def line_of(mapping: Any, key: Any = None) -> int | None:
    if isinstance(mapping, LineDict):
        if key is not None and key in mapping.lines:
            return mapping.lines[key]
        return mapping.line
    return None
