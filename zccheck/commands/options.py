"""The reporting options shared by `check` and `batch`: formats and outputs, language, rule pack,
fail-on, select / ignore, configuration file, baseline, colour. Precedence, highest first:
command line → environment (ZCCHECK_FORMAT, ...) → `.zccheck.yaml` → defaults.

How `batch` (or any command that ends in `finish`) uses it::

    from zccheck.commands.options import ReportOptions, resolve_report_options

    # report: the ReportOptions that cli.with_report_options gathered from the command line
    rules, settings = resolve_report_options(root, report)   # root: the folder being checked
    pack = load_pack(rules)
    ... check, with settings.lang ...
    return finish(results, pack, settings)

In cli.py, decorate the command with `@with_report_options`: it declares the options once (their
defaults are None so that the configuration can fill them in) and passes them as `report`. Usage
mistakes raise typer.BadParameter and configuration mistakes zccheck.config.ConfigError: both exit 2.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping, TypeVar

import typer

from zccheck.commands.reporting import ColorChoice, ReportSettings
from zccheck.config import FAIL_ON, is_selector, resolve_config
from zccheck.models import LANGS
from zccheck.report.formats import FORMAT_NAMES, FORMATS

COLORS: tuple[ColorChoice, ...] = ("auto", "always", "never")
# Environment variables that mirror the options (the command line wins over them).
ENV = {
    "fmt": "ZCCHECK_FORMAT", "lang": "ZCCHECK_LANG", "rules": "ZCCHECK_RULES", "fail_on": "ZCCHECK_FAIL_ON",
    "select": "ZCCHECK_SELECT", "ignore": "ZCCHECK_IGNORE", "config": "ZCCHECK_CONFIG",
    "isolated": "ZCCHECK_ISOLATED", "color": "ZCCHECK_COLOR", "baseline": "ZCCHECK_BASELINE",
}
_FORMAT_SPEC = re.compile(r"^([A-Za-z][A-Za-z0-9_-]*)=(.*)$")


@dataclass
class ReportOptions:
    """The raw values from the command line; None / empty means "not given"."""

    fmt: str | None = None
    outputs: list[str] = field(default_factory=list)  # FILE, or FORMAT=FILE (FILE "-" is stdout)
    lang: str | None = None
    rules: str | None = None
    fail_on: str | None = None
    select: list[str] = field(default_factory=list)  # each may be comma-separated
    ignore: list[str] = field(default_factory=list)
    config: str | None = None
    isolated: bool = False
    color: str | None = None
    baseline: str | None = None
    write_baseline: str | None = None
    show_pii: bool = False


def _split(values: list[str] | tuple[str, ...] | None) -> tuple[str, ...]:
    return tuple(v.strip() for value in values or () for v in str(value).split(",") if v.strip())


_Choice = TypeVar("_Choice", bound=str)


def _choice(name: str, value: str, choices: tuple[_Choice, ...]) -> _Choice:
    """`value` as the one of `choices` it is (typed as they are), else a usage error."""
    for choice in choices:
        if value == choice:
            return choice
    raise typer.BadParameter(f"{name}: {value!r} 不可用 / is not one of {', '.join(choices)}")


def _selectors(name: str, values: tuple[str, ...]) -> tuple[str, ...]:
    bad = [v for v in values if not is_selector(v)]
    if bad:
        raise typer.BadParameter(f"{name}: {', '.join(bad)} 不是代码、代码前缀或类别 / "
                               "not a code (ZC201), code prefix (ZC2) or category (year-missing)")
    return values


def parse_outputs(specs: list[str], main_format: str) -> tuple[str | None, list[tuple[str, str | None]]]:
    """`--output FILE` → where the main format goes; `--output FORMAT=FILE` → an extra output."""
    main_target: str | None = None
    extra: list[tuple[str, str | None]] = []
    for spec in specs:
        m = _FORMAT_SPEC.match(spec)
        if m and "/" not in m.group(1) and "." not in m.group(1):
            fmt, target = m.group(1).lower(), m.group(2)
            if fmt not in FORMATS:
                raise typer.BadParameter(f"--output {spec}: 未知格式 / unknown format {fmt!r} "
                                       f"(known: {', '.join(FORMATS)})")
            if not target:
                raise typer.BadParameter(f"--output {spec}: 缺少文件名 / missing file name (use {fmt}=- for stdout)")
            extra.append((fmt, None if target == "-" else target))
        else:
            if main_target is not None:
                raise typer.BadParameter(f"--output: 只能给一个不带格式的文件 / only one plain FILE "
                                       f"(for {main_format}); write FORMAT=FILE for the others")
            main_target = spec
    return main_target, extra


def resolve_report_options(start: Path, opts: ReportOptions,
                           environ: Mapping[str, str] | None = None) -> tuple[str | None, ReportSettings]:
    """(rule pack name or folder, ReportSettings) for a run that checks `start`."""
    env = os.environ if environ is None else environ

    def pick(key: str, cli_value):
        if cli_value not in (None, "", [], ()):
            return cli_value
        value = env.get(ENV[key])
        return value if value not in (None, "") else None

    isolated = opts.isolated or str(env.get(ENV["isolated"], "")).lower() in ("1", "true", "yes")
    config = resolve_config(start, pick("config", opts.config), isolated)

    explicit_format = pick("fmt", opts.fmt)
    if explicit_format is not None:
        explicit_format = _choice("--format", explicit_format, FORMAT_NAMES)
    in_actions = env.get("GITHUB_ACTIONS") == "true"
    main_format = explicit_format or ("github" if in_actions else "table")
    main_target, extra = parse_outputs(list(opts.outputs), main_format)
    outputs: list[tuple[str, str | None]] = []
    if explicit_format or main_target or in_actions or not extra:
        outputs.append((main_format, main_target))
    outputs.extend(extra)
    to_stdout = any(target in (None, "-") for _, target in outputs)

    lang = _choice("--lang", pick("lang", opts.lang) or config.lang or "zh", LANGS)
    fail_on = _choice("--fail-on", pick("fail_on", opts.fail_on) or config.fail_on or "error", FAIL_ON)
    color = _choice("--color", pick("color", opts.color) or "auto", COLORS)
    cli_select = _split(opts.select) or _split([env.get(ENV["select"], "")])
    select = _selectors("--select", cli_select) if cli_select else config.select
    ignore = config.ignore + _selectors("--ignore", _split(opts.ignore) or _split([env.get(ENV["ignore"], "")]))
    baseline = pick("baseline", opts.baseline)
    if baseline and not opts.write_baseline and not Path(baseline).is_file():
        raise typer.BadParameter(f"--baseline: 找不到 {baseline} / file not found (create it with --write-baseline)")
    rules = pick("rules", opts.rules) or config.rules

    settings = ReportSettings(
        outputs=outputs, lang=lang, show_pii=opts.show_pii, color=color, fail_on=fail_on,
        select=select, ignore=ignore, per_path_ignores=config.per_path_ignores, waivers=config.waivers,
        baseline=baseline, write_baseline=opts.write_baseline, config_path=config.path,
        summary_on_stderr=not to_stdout,
    )
    return rules, settings
