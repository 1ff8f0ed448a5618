"""A tiny declarative validator for rule-pack YAML: unknown keys and wrong types are errors that
name the file, the line and the key path (yamllint's CONF idea, in a few dozen lines)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any, Callable

from zccheck.pack.yaml_source import file_of, line_of


class PackError(Exception):
    def __init__(self, file: str, line: int | None, key: str, message: str):
        super().__init__(f"{file}:{line or '?'}: {key}: {message}" if key else f"{file}:{line or '?'}: {message}")
        self.file, self.line, self.key, self.message = file, line, key, message


Check = Callable[[Any, str, "Ctx"], None]


@dataclass
class Ctx:
    file: str
    parent: Any = None
    parent_key: Any = None

    def fail(self, path: str, message: str, node: Any = None) -> None:
        line = line_of(node) or line_of(self.parent, self.parent_key)
        file = file_of(node) if line_of(node) else file_of(self.parent, self.parent_key)
        raise PackError(file or self.file, line, path, message)


def _type_name(value: Any) -> str:
    return {dict: "mapping", list: "list", str: "string", int: "integer", bool: "boolean", float: "number"}.get(
        type(value) if not isinstance(value, dict) else dict, type(value).__name__)


def string(value: Any, path: str, ctx: Ctx) -> None:
    if not isinstance(value, str):
        ctx.fail(path, f"expected a string, got {_type_name(value)}")


def text(value: Any, path: str, ctx: Ctx) -> None:
    """A string with something in it: a label, a name, an id."""
    if not isinstance(value, str) or not value.strip():
        ctx.fail(path, f"expected a non-empty string, got {value!r}")


def integer(value: Any, path: str, ctx: Ctx) -> None:
    if not isinstance(value, int) or isinstance(value, bool):
        ctx.fail(path, f"expected an integer, got {_type_name(value)}")


def number(value: Any, path: str, ctx: Ctx) -> None:
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        ctx.fail(path, f"expected a number, got {_type_name(value)}")


def boolean(value: Any, path: str, ctx: Ctx) -> None:
    if not isinstance(value, bool):
        ctx.fail(path, f"expected true or false, got {_type_name(value)}")


def iso_date(value: Any, path: str, ctx: Ctx) -> None:
    try:
        dt.date.fromisoformat(str(value))
    except ValueError:
        ctx.fail(path, f"expected a date YYYY-MM-DD, got {value!r}")


def anything(value: Any, path: str, ctx: Ctx) -> None:
    return None


def regex(value: Any, path: str, ctx: Ctx) -> None:
    string(value, path, ctx)
    try:
        re.compile(value)
    except re.error as e:
        ctx.fail(path, f"not a valid regular expression: {e}")


def positive(inner: Check) -> Check:
    def check(value: Any, path: str, ctx: Ctx) -> None:
        inner(value, path, ctx)
        if value <= 0:
            ctx.fail(path, f"expected a number above 0, got {value!r}")
    return check


def at_least(minimum: int) -> Check:
    """An integer of at least minimum (`years: true` is a typo, not 1: booleans are refused)."""
    def check(value: Any, path: str, ctx: Ctx) -> None:
        integer(value, path, ctx)
        if value < minimum:
            ctx.fail(path, f"must be at least {minimum}, got {value}")
    return check


def non_empty(inner: Check) -> Check:
    """A list or mapping (as inner checks it) with at least one entry."""
    def check(value: Any, path: str, ctx: Ctx) -> None:
        inner(value, path, ctx)
        if not value:
            ctx.fail(path, "must not be empty")
    for attribute in ("inner", "keys", "values"):  # key_paths sees through the wrapper
        if hasattr(inner, attribute):
            setattr(check, attribute, getattr(inner, attribute))
    return check


def between(low: float, high: float) -> Check:
    def check(value: Any, path: str, ctx: Ctx) -> None:
        number(value, path, ctx)
        if not low <= value <= high:
            ctx.fail(path, f"expected a number from {low:g} to {high:g}, got {value!r}")
    return check


def list_of_n(inner: Check, n: int) -> Check:
    """A list of exactly n values ([width, height], [85.6, 54])."""
    def check(value: Any, path: str, ctx: Ctx) -> None:
        list_of(inner)(value, path, ctx)
        if len(value) != n:
            ctx.fail(path, f"expected a list of {n} values, got {len(value)}")
    return check


def one_of(*choices: str) -> Check:
    def check(value: Any, path: str, ctx: Ctx) -> None:
        if value not in choices:
            ctx.fail(path, f"expected one of {', '.join(choices)}, got {value!r}")
    return check


def list_of(inner: Check) -> Check:
    def check(value: Any, path: str, ctx: Ctx) -> None:
        if not isinstance(value, list):
            ctx.fail(path, f"expected a list, got {_type_name(value)}")
        for i, element in enumerate(value):
            inner(element, f"{path}[{i}]", Ctx(ctx.file, ctx.parent, ctx.parent_key))
    check.inner = inner  # type: ignore[attr-defined]
    return check


def string_or_list(value: Any, path: str, ctx: Ctx) -> None:
    if isinstance(value, list):
        list_of(string)(value, path, ctx)
    else:
        string(value, path, ctx)


def scalar_or_list(value: Any, path: str, ctx: Ctx) -> None:
    if isinstance(value, (dict,)):
        ctx.fail(path, "expected a value or a list of values, got a mapping", value)


def mapping(required: dict[str, Check] | None = None, optional: dict[str, Check] | None = None,
            values: Check | None = None) -> Check:
    """A mapping with known keys, or (values=...) a mapping from any string key to one schema."""
    required = required or {}
    optional = optional or {}

    def check(value: Any, path: str, ctx: Ctx) -> None:
        if not isinstance(value, dict):
            ctx.fail(path or "(top)", f"expected a mapping, got {_type_name(value)}")
        for key in required:
            if key not in value:
                ctx.fail(f"{path}.{key}".lstrip("."), "required key is missing", value)
        for key, element in value.items():
            sub = f"{path}.{key}".lstrip(".")
            inner = required.get(key) or optional.get(key) or values
            if inner is None:
                known = ", ".join(sorted([*required, *optional]))
                raise PackError(file_of(value, key) or ctx.file, line_of(value, key), sub,
                                f"unknown key {key!r} (known keys: {known})")
            inner(element, sub, Ctx(ctx.file, value, key))
    # What the mapping knows, for documentation and its test (rules/README.md names every key).
    check.keys = {**required, **optional}  # type: ignore[attr-defined]
    check.values = values  # type: ignore[attr-defined]
    return check


def key_paths(check: Check, prefix: str = "") -> list[str]:
    """Every key a schema knows, as dotted paths (lists are transparent): items.parts.list.match.names."""
    paths = []
    inner = getattr(check, "inner", None)
    if inner is not None:
        return key_paths(inner, prefix)
    for key, sub in (getattr(check, "keys", None) or {}).items():
        path = f"{prefix}.{key}" if prefix else key
        paths.append(path)
        paths.extend(key_paths(sub, path))
    return paths


def validate(data: Any, schema: Check, file: str) -> None:
    schema(data, "", Ctx(file))


def fail_at(data: Any, key_path: str, message: str, file: str) -> PackError:
    """The error for a rule that only holds across keys (a reference, an order), placed at key_path's line."""
    node, line, where = data, line_of(data), file_of(data)
    for token in key_path.replace("[", ".[").split("."):
        if not token:
            continue
        if token.startswith("[") and isinstance(node, list):
            try:
                node = node[int(token.strip("[]"))]
            except (ValueError, IndexError):
                break
        elif isinstance(node, dict) and token in node:
            line = line_of(node, token) or line
            where = file_of(node, token) or where
            node = node[token]
        else:
            break
        if line_of(node):
            line, where = line_of(node), file_of(node) or where
    return PackError(where or file, line, key_path, message)
