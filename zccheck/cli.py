"""The command line: parses options and calls one function per command (zccheck.commands.*)."""

from __future__ import annotations

import os
import sys
from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from zccheck import __version__
from zccheck.pack.schema import PackError

app = typer.Typer(add_completion=False, pretty_exceptions_enable=False, no_args_is_help=True,
                  help="zccheck：职称申报材料检查 — checks professional-title application folders against the notice.")
rules_app = typer.Typer(help="规则包 / rule packs", no_args_is_help=True)
cache_app = typer.Typer(help="缓存 / the cache of what was read from files", no_args_is_help=True)
app.add_typer(rules_app, name="rules")
app.add_typer(cache_app, name="cache")


class Lang(str, Enum):
    zh = "zh"
    en = "en"


class CheckFormat(str, Enum):
    table = "table"
    json = "json"


class ListFormat(str, Enum):
    table = "table"
    json = "json"


class ColorChoice(str, Enum):
    auto = "auto"
    always = "always"
    never = "never"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"zccheck {__version__}")
        raise typer.Exit(0)


@app.callback()
def root(version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="版本 / version")) -> None:
    """zccheck：职称申报材料检查。"""


LangOpt = typer.Option(Lang.zh, "--lang", envvar="ZCCHECK_LANG", help="输出语言 / output language")
RulesOpt = typer.Option(None, "--rules", envvar="ZCCHECK_RULES", help="规则包名称或目录 / rule pack name or folder")


@app.command()
def check(
    path: Path = typer.Argument(..., help="申报人文件夹或 .zip / applicant folder or .zip"),
    fmt: CheckFormat = typer.Option(CheckFormat.table, "--format", "-f", envvar="ZCCHECK_FORMAT", help="输出格式 / output format"),
    lang: Lang = LangOpt,
    rules: Optional[str] = RulesOpt,
    series: Optional[str] = typer.Option(None, "--series", help="申报系列（覆盖申报信息）/ series, overrides the profile"),
    title: Optional[str] = typer.Option(None, "--title", help="申报职称（覆盖申报信息）/ title, overrides the profile"),
    show_pii: bool = typer.Option(False, "--show-pii", help="显示完整身份证号 / show full ID numbers"),
    ocr: bool = typer.Option(False, "--ocr/--no-ocr", envvar="ZCCHECK_OCR", help="识别扫描件文字（需 zccheck[ocr]）/ OCR scans"),
    no_cache: bool = typer.Option(False, "--no-cache", help="不用缓存 / do not use the cache"),
    jobs: Optional[int] = typer.Option(None, "--jobs", "-j", min=0, help="并行进程数（默认 CPU 数）/ worker processes"),
    timeout: float = typer.Option(10.0, "--timeout", min=0.1, help="单个文件读取时限（秒）/ per-file time limit, s"),
    output: Optional[str] = typer.Option(None, "--output", "-o", help="写入文件 / write to a file"),
    color: ColorChoice = typer.Option(ColorChoice.auto, "--color", help="颜色 / colour"),
) -> None:
    """检查一个申报人的材料 / check one applicant's folder or .zip."""
    from zccheck.commands.check import run_check

    if not path.exists():
        raise typer.BadParameter(f"找不到 {path} / {path} does not exist", param_hint="PATH")
    raise typer.Exit(run_check(path, fmt=fmt.value, lang=lang.value, rules=rules, series=series, title=title,
                               show_pii=show_pii, ocr=ocr, use_cache=not no_cache, jobs=jobs, timeout=timeout,
                               output=output, color=color.value))


@app.command()
def init(
    folder: Path = typer.Argument(..., help="要建立的申报材料文件夹 / folder to create"),
    series: Optional[str] = typer.Option(None, "--series", help="申报系列 / series"),
    title: Optional[str] = typer.Option(None, "--title", help="申报职称 / title"),
    rules: Optional[str] = RulesOpt,
) -> None:
    """建立栏目文件夹、申报信息模板和材料清单 / create slot folders, a profile template and a checklist."""
    from zccheck.commands.init import run_init

    raise typer.Exit(run_init(folder, series=series, title=title, rules=rules))


@app.command()
def eligibility(
    folder: Optional[Path] = typer.Argument(None, help="申报人文件夹（读取申报信息.yaml）/ applicant folder"),
    series: Optional[str] = typer.Option(None, "--series"),
    title: Optional[str] = typer.Option(None, "--title"),
    current_title: Optional[str] = typer.Option(None, "--current-title"),
    since: Optional[str] = typer.Option(None, "--since", help="现任职称取得时间 YYYY-MM"),
    education: Optional[str] = typer.Option(None, "--education"),
    degree: Optional[str] = typer.Option(None, "--degree"),
    graduated: Optional[str] = typer.Option(None, "--graduated", help="毕业时间 YYYY-MM"),
    lang: Lang = LangOpt,
    rules: Optional[str] = RulesOpt,
) -> None:
    """申报资格：是否符合学历和任职年限条件 / may this applicant apply for this title?"""
    from zccheck.commands.eligibility import run_eligibility

    if folder is not None and not folder.exists():
        raise typer.BadParameter(f"找不到 {folder} / {folder} does not exist", param_hint="FOLDER")
    overrides = {"series": series, "title": title, "current_title": current_title, "current_title_since": since,
                 "education": education, "degree": degree, "graduated": graduated}
    raise typer.Exit(run_eligibility(folder, overrides, lang.value, rules))


@app.command()
def explain(key: str = typer.Argument(..., help="代码（ZC101）或材料 id（training-public）"), lang: Lang = LangOpt,
            rules: Optional[str] = RulesOpt) -> None:
    """解释一个代码或一项材料 / explain a code or an item."""
    from zccheck.commands.explain import run_explain

    raise typer.Exit(run_explain(key, lang.value, rules))


@rules_app.command("list")
def rules_list(fmt: ListFormat = typer.Option(ListFormat.table, "--format", "-f")) -> None:
    """列出内置规则包 / list bundled rule packs."""
    from zccheck.commands.rules import run_list

    raise typer.Exit(run_list(fmt.value))


@rules_app.command("show")
def rules_show(pack: str = typer.Argument(..., help="规则包名称或目录"), fmt: ListFormat = typer.Option(ListFormat.table, "--format", "-f")) -> None:
    """显示规则包内容 / show a rule pack."""
    from zccheck.commands.rules import run_show

    raise typer.Exit(run_show(pack, fmt.value))


@rules_app.command("validate")
def rules_validate(directory: str = typer.Argument(..., help="规则包目录 / pack folder")) -> None:
    """校验规则包 / validate a rule pack folder."""
    from zccheck.commands.rules import run_validate

    raise typer.Exit(run_validate(directory))


@cache_app.command("clear")
def cache_clear() -> None:
    """清空缓存 / delete the cache."""
    from zccheck.scan.cache import FactsCache
    from zccheck.scan.ocr import OcrCache
    from zccheck.scan.cache import default_cache_dir

    removed = FactsCache().clear() + OcrCache(default_cache_dir() / "ocr").clear()
    typer.echo(f"已清除 {removed} 个缓存文件 / removed {removed} cache files: {default_cache_dir()}")


def main() -> None:
    """Exit 0: nothing at or above the threshold; 1: findings; 2: usage, configuration, rule pack or
    internal error — never 1 for a crash, so CI can tell a bad folder from a broken tool."""
    try:
        app(prog_name="zccheck")
    except SystemExit:
        raise
    except PackError as e:
        sys.stderr.write(f"规则包错误 / rule pack error: {e}\n")
        sys.exit(2)
    except KeyboardInterrupt:
        sys.stderr.write("已中止 / interrupted\n")
        sys.exit(130)
    except BrokenPipeError:
        sys.exit(0)
    except Exception as e:  # noqa: BLE001 — a crash is exit 2 with a short note, never a traceback wall
        if os.environ.get("ZCCHECK_DEBUG"):
            raise
        sys.stderr.write(f"zccheck 内部错误 / internal error: {type(e).__name__}: {str(e)[:300]}\n"
                         "设置 ZCCHECK_DEBUG=1 查看详情 / set ZCCHECK_DEBUG=1 for details\n")
        sys.exit(2)
