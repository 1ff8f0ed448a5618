"""A pack's YAML documents as read, and `extends:` — next year's notice as a delta of this year's.

A pack folder holds pack.yaml and any of the other files (FILES). When its pack.yaml says
`extends: other-pack` (a bundled pack's id, or a folder relative to this pack), the documents of the
other pack are read first (recursively) and this pack's are laid over them:

- mappings merge key by key (the child's value wins); `years:`, `when:` and `mode_when:` are replaced
  whole, since their keys are alternatives (`recent: 3` and `from/to` do not mix);
- a list of mappings that all have an identity key — `id` (items, parts, providers), `kind` (checks),
  `key` (profile fields), `name` (series, titles) — merges entry by entry on that key: an entry with a
  known key is merged into the parent's, an entry with `remove: true` removes it, a new key is appended;
- any other list (words, years, reminders) is replaced whole.

Every mapping remembers the file and line of each of its keys (LineDict.file/files/lines), so a
validation error names the file that holds the bad value, and `rules show` prints each value's origin.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from zccheck.pack.schema import PackError
from zccheck.pack.yaml_source import LineDict, YamlError, file_of, line_of, load_yaml_file, tag_file

# The documents of a pack: file name → whether every pack needs it (after merging with its parents).
FILES: dict[str, bool] = {
    "pack.yaml": True, "items.yaml": True, "profile.yaml": False, "content.yaml": False,
    "eligibility.yaml": False, "basis.yaml": False, "templates.yaml": False,
}
IDENTITY_KEYS = ("id", "kind", "key", "name")
REPLACED_WHOLE = frozenset({"years", "when", "mode_when"})
MAX_DEPTH = 8  # a chain of extends longer than this is a mistake (or a cycle written with paths)


@dataclass
class RawPack:
    """The merged documents of a pack (None: no such file anywhere in the chain), and the chain itself:
    the pack's own folder first, then the packs it extends."""

    directory: Path
    docs: dict[str, Any] = field(default_factory=dict)
    chain: list[Path] = field(default_factory=list)

    def doc(self, name: str) -> Any:
        return self.docs.get(name)


def _read_doc(path: Path) -> Any:
    try:
        data = load_yaml_file(path)
    except YamlError as e:
        raise PackError(e.file, e.line, "", e.message) from None
    return tag_file(data, str(path))


def read_raw(directory: Path, resolve: Callable[[str, Path], Path], seen: tuple[Path, ...] = ()) -> RawPack:
    """The documents of the pack in `directory`, merged over those of the pack it extends.
    `resolve(name, directory)` finds the folder of an extended pack."""
    here = directory.resolve()
    if here in seen:
        raise PackError(str(directory / "pack.yaml"), None, "extends",
                        "packs extend each other in a circle: " + " → ".join(p.name for p in (*seen, here)))
    if len(seen) >= MAX_DEPTH:
        raise PackError(str(directory / "pack.yaml"), None, "extends", f"more than {MAX_DEPTH} packs extend each other")
    own = {name: _read_doc(directory / name) for name in FILES if (directory / name).is_file()}
    if "pack.yaml" not in own:
        raise PackError(str(directory / "pack.yaml"), None, "", "file missing from the rule pack")
    meta = own["pack.yaml"]
    parent_name = meta.get("extends") if isinstance(meta, dict) else None
    if parent_name is None:
        return RawPack(directory, own, [directory])
    if not isinstance(parent_name, str) or not parent_name:
        raise PackError(str(directory / "pack.yaml"), line_of(meta, "extends"), "extends", "expected a pack id or folder")
    try:
        parent_dir = resolve(parent_name, directory)
    except PackError as e:
        raise PackError(str(directory / "pack.yaml"), line_of(meta, "extends"), "extends", e.message) from None
    parent = read_raw(parent_dir, resolve, (*seen, here))
    docs = dict(parent.docs)
    for name, doc in own.items():
        docs[name] = merge(docs[name], doc, name) if name in docs else _strip_removals(doc, name)
    docs["pack.yaml"].pop("extends", None)  # a fresh mapping (merge copies): the chain says what was extended
    for key in ("id", "version"):
        if not isinstance(meta, dict) or key not in meta:
            raise PackError(str(directory / "pack.yaml"), line_of(meta), key,
                            f"a pack that extends another needs its own {key}")
    return RawPack(directory, docs, [directory, *parent.chain])


def _copy(mapping: LineDict) -> LineDict:
    out = LineDict(mapping)
    out.lines = dict(getattr(mapping, "lines", {}))
    out.line = getattr(mapping, "line", None)
    out.file = mapping.file
    out.files = dict(getattr(mapping, "files", {}))
    return out


def _take(out: LineDict, key: Any, source: LineDict, value: Any) -> None:
    """Set out[key] = value, remembering that the key's line and file are `source`'s."""
    out[key] = value
    if key in getattr(source, "lines", {}):
        out.lines[key] = source.lines[key]
    file = file_of(source, key)
    if file is not None:
        out.files[key] = file


def merge(base: Any, over: Any, path: str) -> Any:
    """`over` laid over `base` (see the module's docstring); neither is changed."""
    if isinstance(base, LineDict) and isinstance(over, dict):
        if over.get("remove") is True:
            raise PackError(file_of(over) or "?", line_of(over, "remove"), f"{path}.remove",
                            "`remove: true` removes an entry of a list (an item, a part, a check); to drop a key, "
                            "give it another value")
        out = _copy(base)
        for key, value in over.items():
            sub = f"{path}.{key}"
            merged = value if key in REPLACED_WHOLE or key not in base else merge(base[key], value, sub)
            _take(out, key, over if isinstance(over, LineDict) else out, merged)
        return out
    if isinstance(base, list) and isinstance(over, list):
        key = identity_key(base)
        if key is not None and all(isinstance(x, dict) for x in over):
            return _merge_keyed(base, over, key, path)
        return _strip_removals(over, path)
    return _strip_removals(over, path)


def identity_key(entries: list[Any]) -> str | None:
    """The key that names each entry of a list of mappings (id, kind, key, name), if every entry has one."""
    if not entries or not all(isinstance(x, dict) for x in entries):
        return None
    return next((k for k in IDENTITY_KEYS if all(k in x for x in entries)), None)


def _merge_keyed(base: list[Any], over: list[Any], key: str, path: str) -> list[Any]:
    out = list(base)
    for entry in over:
        name = entry.get(key)
        where = f"{path}[{key}={name}]"
        at = next((i for i, x in enumerate(out) if x.get(key) == name), None)
        if entry.get("remove") is True:
            if at is None:
                raise PackError(file_of(entry) or "?", line_of(entry, "remove"), where,
                                f"nothing to remove: the pack it extends has no entry with {key} {name!r}")
            extra = [k for k in entry if k not in (key, "remove")]
            if extra:
                raise PackError(file_of(entry) or "?", line_of(entry, extra[0]), where,
                                f"an entry with `remove: true` has only its {key}")
            del out[at]
        elif at is None:
            out.append(_strip_removals(entry, where))
        else:
            out[at] = merge(out[at], entry, where)
    return out


def _strip_removals(value: Any, path: str) -> Any:
    """A value with no parent to merge into: `remove: true` has nothing to remove there."""
    if isinstance(value, dict):
        if value.get("remove") is True:
            raise PackError(file_of(value) or "?", line_of(value, "remove"), f"{path}.remove",
                            "nothing to remove: the pack it extends has no such entry")
        for key, element in value.items():
            _strip_removals(element, f"{path}.{key}")
    elif isinstance(value, list):
        for i, element in enumerate(value):
            _strip_removals(element, f"{path}[{i}]")
    return value
