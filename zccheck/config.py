"""`.zccheck.yaml`: the project-level configuration that CI jobs and HR scripts share.

Found by walking up from the checked folder (yamllint's way) unless `--config FILE` names one or
`--isolated` ignores them all. Every key is validated with the rule pack's validators, so an unknown
or misspelt key is an error naming the file and the line (exit 2), never a silent default::

    rules: xj-2021-zrkx-syjs       # rule pack name, or a folder relative to this file
    lang: zh                       # zh | en
    fail_on: error                 # error | warning | never
    select: [ZC1, year-missing]    # codes, code prefixes or categories
    ignore: [ZC105]
    per_path_ignores:              # glob → codes/prefixes/categories
      "*/09-业绩印证材料/*": [ZC306]
    waivers:
      - category: year-missing     # or `code: ZC201`
        item: annual-assessment    # optional
        years: [2019]              # optional
        applicant: 张三            # optional: folder name or 姓名
        files: "*考核*"            # optional glob (or a list of globs)
        reason: 2019年度考核表在人事档案中，已核实
        approved_by: 人事处
        expires: 2022-06-30

Hyphenated spellings of the keys (`fail-on`, `per-path-ignores`, `approved-by`) are accepted too.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, get_args

from zccheck.codes import CATEGORIES, CODES
from zccheck.models import LANGS, Lang
from zccheck.pack import schema as s
from zccheck.pack.yaml_source import LineDict, YamlError, line_of, load_yaml_file

CONFIG_NAMES = (".zccheck.yaml", ".zccheck.yml")
# The lowest severity that makes the exit code 1 ("never": always 0).
FailOn = Literal["error", "warning", "never"]
FAIL_ON: tuple[FailOn, ...] = get_args(FailOn)
# Key aliases: the canonical key is what error messages and the docs use.
_ALIASES = {"rule_pack": "rules", "language": "lang"}


class ConfigError(Exception):
    """A configuration (or baseline) that cannot be used: zccheck.cli.main prints it on one line,
    `file:line: message`, and exits 2."""

    def __init__(self, file: str, line: int | None, message: str):
        text = f"{file}:{line or '?'}: {message}" if file else message
        super().__init__(f"配置错误 / configuration error: {text}")
        self.file, self.line, self.detail = file, line, message


@dataclass(frozen=True)
class Waiver:
    """One accepted exception: which findings it covers, why, who said so, and until when."""

    reason: str
    approved_by: str
    expires: dt.date
    code: str | None = None
    category: str | None = None
    item: str | None = None
    years: tuple[int, ...] = ()
    applicant: str | None = None
    files: tuple[str, ...] = ()
    source: str = ""  # file:line, for notes

    @property
    def target(self) -> str:
        return self.code or self.category or ""

    def describe(self) -> dict[str, Any]:
        out: dict[str, Any] = {"code": self.code, "category": self.category, "item": self.item,
                               "years": list(self.years), "applicant": self.applicant, "files": list(self.files),
                               "reason": self.reason, "approved_by": self.approved_by,
                               "expires": self.expires.isoformat(), "source": self.source}
        return {k: v for k, v in out.items() if v not in (None, [], "")}


@dataclass(frozen=True)
class Config:
    path: str | None = None  # None: no file (defaults)
    rules: str | None = None
    lang: Lang | None = None
    fail_on: FailOn | None = None
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    per_path_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    waivers: tuple[Waiver, ...] = ()


def is_selector(value: str) -> bool:
    """A code (ZC201), a code prefix (ZC2, ZC) or a category (year-missing)."""
    v = value.strip()
    if v in CATEGORIES:
        return True
    return bool(v) and v.upper().startswith("ZC") and any(code.startswith(v.upper()) for code in CODES)


def _selector(value: Any, path: str, ctx: s.Ctx) -> None:
    s.string(value, path, ctx)
    if not is_selector(value):
        ctx.fail(path, f"{value!r} is neither a code (ZC201), a code prefix (ZC2) nor a category (year-missing)")


def _selectors(value: Any, path: str, ctx: s.Ctx) -> None:
    if isinstance(value, str):
        _selector(value, path, ctx)
    else:
        s.list_of(_selector)(value, path, ctx)


def _code(value: Any, path: str, ctx: s.Ctx) -> None:
    s.string(value, path, ctx)
    if value.upper() not in CODES:
        ctx.fail(path, f"unknown code {value!r} (see zccheck explain ZC101)")


def _category(value: Any, path: str, ctx: s.Ctx) -> None:
    if value not in CATEGORIES:
        ctx.fail(path, f"unknown category {value!r} (known: {', '.join(CATEGORIES)})")


def _years(value: Any, path: str, ctx: s.Ctx) -> None:
    if isinstance(value, list):
        s.list_of(s.integer)(value, path, ctx)
    else:
        s.integer(value, path, ctx)


def _text(value: Any, path: str, ctx: s.Ctx) -> None:
    if not isinstance(value, (str, int)) or not str(value).strip():
        ctx.fail(path, "must not be empty")


_WAIVER = s.mapping(
    required={"reason": _text, "approved_by": _text, "expires": s.iso_date},
    optional={"code": _code, "category": _category, "item": s.string, "years": _years, "applicant": _text,
              "files": s.string_or_list},
)

SCHEMA = s.mapping(optional={
    "rules": s.string,
    "lang": s.one_of(*LANGS),
    "fail_on": s.one_of(*FAIL_ON),
    "select": _selectors,
    "ignore": _selectors,
    "per_path_ignores": s.mapping(values=_selectors),
    "waivers": s.list_of(_WAIVER),
})


def _normalise(value: Any, keep_keys: bool = False, top: bool = False) -> Any:
    """`fail-on` → `fail_on` (and the aliases), keeping line numbers for messages. The keys of
    `per_path_ignores` are globs and stay as written."""
    if isinstance(value, list):
        return [_normalise(v) for v in value]
    if not isinstance(value, dict):
        return value
    out = LineDict()
    out.lines, out.line = {}, getattr(value, "line", None)
    for key, element in value.items():
        new = key
        if isinstance(key, str) and not keep_keys:
            new = key.replace("-", "_")
            new = _ALIASES.get(new, new) if top else new
        out[new] = _normalise(element, keep_keys=top and new == "per_path_ignores")
        if isinstance(value, LineDict) and key in value.lines:
            out.lines[new] = value.lines[key]
    return out


def find_config(start: Path) -> Path | None:
    """The nearest `.zccheck.yaml` in `start` (a folder, or a file's folder) or any folder above it."""
    here = start.resolve()
    if not here.is_dir():
        here = here.parent
    for folder in (here, *here.parents):
        for name in CONFIG_NAMES:
            candidate = folder / name
            if candidate.is_file():
                return candidate
    return None


def _as_list(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    return (value,) if isinstance(value, str) else tuple(str(v) for v in value)


def load_config(path: Path, display: str | None = None) -> Config:
    display = display or str(path)
    try:
        raw = load_yaml_file(path, display)
    except YamlError as e:
        raise ConfigError(e.file, e.line, e.message) from None
    if raw is None:
        return Config(path=display)
    data = _normalise(raw, top=True)
    try:
        s.validate(data, SCHEMA, display)
    except s.PackError as e:
        raise ConfigError(e.file, e.line, f"{e.key}: {e.message}" if e.key else e.message) from None
    for i, w in enumerate(data.get("waivers") or ()):
        if ("code" in w) == ("category" in w):
            raise ConfigError(display, line_of(w), f"waivers[{i}]: give exactly one of `code` or `category`")
    rules = data.get("rules")
    if rules and (path.parent / rules / "pack.yaml").is_file():
        rules = str((path.parent / rules).resolve())  # a pack folder: relative to the config file
    waivers = tuple(
        Waiver(reason=str(w["reason"]).strip(), approved_by=str(w["approved_by"]).strip(),
               expires=dt.date.fromisoformat(str(w["expires"])),
               code=w["code"].upper() if w.get("code") else None, category=w.get("category"), item=w.get("item"),
               years=tuple(sorted(w["years"] if isinstance(w.get("years"), list) else
                                  ([w["years"]] if w.get("years") is not None else []))),
               applicant=str(w["applicant"]) if w.get("applicant") is not None else None,
               files=_as_list(w.get("files")), source=f"{display}:{line_of(w) or '?'}")
        for w in data.get("waivers") or ())
    return Config(path=display, rules=rules, lang=data.get("lang"), fail_on=data.get("fail_on"),
                  select=_as_list(data.get("select")), ignore=_as_list(data.get("ignore")),
                  per_path_ignores=tuple((str(k), _as_list(v)) for k, v in (data.get("per_path_ignores") or {}).items()),
                  waivers=waivers)


def check_against_pack(config_waivers: tuple[Waiver, ...], item_ids: set[str]) -> None:
    """Item ids in waivers must exist in the rule pack actually used (known only after loading it)."""
    for w in config_waivers:
        if w.item and w.item not in item_ids:
            file, _, line = w.source.rpartition(":")
            raise ConfigError(file, int(line) if line.isdigit() else None,
                              f"waiver item {w.item!r} is not an item of the rule pack (known: {', '.join(sorted(item_ids))})")


def resolve_config(start: Path, explicit: str | None = None, isolated: bool = False) -> Config:
    """The configuration for a run: `--isolated` → defaults; `--config FILE`; else the nearest file."""
    if isolated:
        return Config()
    if explicit:
        path = Path(explicit)
        if not path.is_file():
            raise ConfigError(explicit, None, "configuration file not found")
        return load_config(path, explicit)
    found = find_config(start)
    if found is None:
        return Config()
    try:
        display = str(found.relative_to(Path.cwd().resolve()))
    except ValueError:
        display = str(found)
    return load_config(found, display)
