"""The command line: parses options and calls one function per command (zccheck.commands.*)."""

from __future__ import annotations

import functools
import inspect
import os
import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, List, Optional

import typer

from zccheck import __version__
from zccheck.config import ConfigError
from zccheck.pack.schema import PackError

if TYPE_CHECKING:
    from zccheck.commands.options import ReportOptions

app = typer.Typer(add_completion=False, pretty_exceptions_enable=False, no_args_is_help=True,
                  help="zccheck：职称申报材料检查 — checks professional-title application folders against the notice.")
rules_app = typer.Typer(help="规则包 / rule packs", no_args_is_help=True)
cache_app = typer.Typer(help="缓存 / the cache of what was read from files", no_args_is_help=True)
app.add_typer(rules_app, name="rules")
app.add_typer(cache_app, name="cache")


class Lang(str, Enum):
    zh = "zh"
    en = "en"


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


# Reporting options shared by `check` and `batch` (zccheck.commands.options merges them with the
# environment and .zccheck.yaml, so their defaults are None: "not given").
FormatOpt = typer.Option(None, "--format", "-f", show_default=False,
                         help="输出格式 / output format: table, json, sarif, junit, github, markdown "
                              "(默认 table；GITHUB_ACTIONS 下为 github) [env ZCCHECK_FORMAT]")
OutputOpt = typer.Option(None, "--output", "-o", show_default=False,
                         help="写入文件；FORMAT=FILE 另写一种格式，可重复 / write to FILE; FORMAT=FILE adds a format, repeatable")
ReportLangOpt = typer.Option(None, "--lang", show_default=False, help="输出语言 / output language: zh, en [env ZCCHECK_LANG]")
ReportRulesOpt = typer.Option(None, "--rules", show_default=False,
                              help="规则包名称或目录 / rule pack name or folder [env ZCCHECK_RULES]")
FailOnOpt = typer.Option(None, "--fail-on", show_default=False,
                         help="退出码 1 的门槛 / exit 1 at: error (默认), warning, never [env ZCCHECK_FAIL_ON]")
SelectOpt = typer.Option(None, "--select", show_default=False,
                         help="只报告这些代码、前缀或类别（逗号分隔，可重复）/ only these codes, prefixes, categories [env ZCCHECK_SELECT]")
IgnoreOpt = typer.Option(None, "--ignore", show_default=False,
                         help="不报告这些代码、前缀或类别 / leave out these codes, prefixes, categories [env ZCCHECK_IGNORE]")
ConfigOpt = typer.Option(None, "--config", show_default=False,
                         help="配置文件（默认向上查找 .zccheck.yaml）/ config file [env ZCCHECK_CONFIG]")
IsolatedOpt = typer.Option(False, "--isolated", help="不读取任何配置文件 / ignore all config files [env ZCCHECK_ISOLATED]")
BaselineOpt = typer.Option(None, "--baseline", show_default=False,
                           help="只对基线中没有的新问题报错 / fail only on findings not in this baseline [env ZCCHECK_BASELINE]")
WriteBaselineOpt = typer.Option(None, "--write-baseline", show_default=False,
                                help="把当前问题写入基线文件 / record today's findings as the baseline")
ReportColorOpt = typer.Option(None, "--color", show_default=False,
                              help="颜色 / colour: auto, always, never (NO_COLOR, FORCE_COLOR) [env ZCCHECK_COLOR]")
ShowPiiOpt = typer.Option(False, "--show-pii", help="显示完整身份证号 / show full ID numbers")

# The reporting options, declared once: parameter name → (type, option). `with_report_options` adds them
# to a command and hands them over as one ReportOptions.
_REPORT_OPTIONS: dict[str, tuple[Any, Any]] = {
    "fmt": (Optional[str], FormatOpt), "output": (Optional[List[str]], OutputOpt),
    "lang": (Optional[str], ReportLangOpt), "rules": (Optional[str], ReportRulesOpt),
    "fail_on": (Optional[str], FailOnOpt), "select": (Optional[List[str]], SelectOpt),
    "ignore": (Optional[List[str]], IgnoreOpt), "config": (Optional[str], ConfigOpt), "isolated": (bool, IsolatedOpt),
    "baseline": (Optional[str], BaselineOpt), "write_baseline": (Optional[str], WriteBaselineOpt),
    "color": (Optional[str], ReportColorOpt), "show_pii": (bool, ShowPiiOpt),
}


def with_report_options(command: Callable[..., None]) -> Callable[..., None]:
    """`command(..., report: ReportOptions)` as a Typer command that takes the reporting options: they
    follow the command's arguments, and arrive gathered in `report`."""
    signature = inspect.signature(command)
    own = [p for p in signature.parameters.values() if p.name != "report"]
    arguments = [p for p in own if isinstance(p.default, typer.models.ArgumentInfo)]
    options = [p for p in own if p not in arguments]
    shared = [inspect.Parameter(name, inspect.Parameter.POSITIONAL_OR_KEYWORD, default=default, annotation=annotation)
              for name, (annotation, default) in _REPORT_OPTIONS.items()]

    @functools.wraps(command)
    def run(**values: Any) -> None:
        from zccheck.commands.options import ReportOptions

        given = {name: values.pop(name) for name in _REPORT_OPTIONS}
        report = ReportOptions(
            fmt=given["fmt"], outputs=list(given["output"] or []), lang=given["lang"], rules=given["rules"],
            fail_on=given["fail_on"], select=list(given["select"] or []), ignore=list(given["ignore"] or []),
            config=given["config"], isolated=given["isolated"], color=given["color"], baseline=given["baseline"],
            write_baseline=given["write_baseline"], show_pii=given["show_pii"])
        command(report=report, **values)

    parameters = [*arguments, *shared, *options]
    run.__signature__ = signature.replace(parameters=parameters)  # type: ignore[attr-defined]
    run.__annotations__ = {p.name: p.annotation for p in parameters}
    return run


def _is_single_material(path: Path) -> bool:
    """A PDF or an image given where an applicant's folder or archive belongs (archives of any kind are
    applicants: a .rar gets its own finding with advice)."""
    from zccheck.scan.filetype import IMAGE_KINDS, sniff_file

    return path.is_file() and sniff_file(path) in IMAGE_KINDS | {"pdf"}


@app.command()
@with_report_options
def check(
    report: ReportOptions,
    path: Path = typer.Argument(..., help="申报人文件夹或 .zip / applicant folder or .zip"),
    series: Optional[str] = typer.Option(None, "--series", help="申报系列（覆盖申报信息）/ series, overrides the profile"),
    title: Optional[str] = typer.Option(None, "--title", help="申报职称（覆盖申报信息）/ title, overrides the profile"),
    ocr: bool = typer.Option(False, "--ocr/--no-ocr", envvar="ZCCHECK_OCR", help="识别扫描件文字（需 zccheck\\[ocr]）/ OCR scans (needs zccheck\\[ocr])"),
    no_cache: bool = typer.Option(False, "--no-cache", help="不用缓存 / do not use the cache"),
    jobs: Optional[int] = typer.Option(None, "--jobs", "-j", min=0, help="并行进程数（默认 CPU 数）/ worker processes"),
    timeout: float = typer.Option(10.0, "--timeout", min=0.1, help="单个文件读取时限（秒）/ per-file time limit, s"),
    html: Optional[str] = typer.Option(None, "--html", help="单个网页报告（无需服务器）/ one self-contained HTML page"),
    thumbnails: bool = typer.Option(False, "--thumbnails", help="网页报告中附每个文件的页面缩略图（含证件照片上的号码等未遮盖信息，按需开启）/ "
                                    "show each file's pages in the HTML report (pictures show what the text masks, "
                                    "e.g. an ID card's number: opt-in)"),
) -> None:
    """检查一个申报人的材料 / check one applicant's folder or .zip.

    退出码 / exit: 0 通过 / nothing at or above --fail-on; 1 有问题 / findings; 2 用法、配置或规则包错误 / usage, config, rule pack."""
    from zccheck.commands.check import run_check

    if not path.exists():
        raise typer.BadParameter(f"找不到 {path} / {path} does not exist", param_hint="PATH")
    if _is_single_material(path):
        raise typer.BadParameter(f"{path} 是单个材料文件；请检查整个申报人文件夹或 .zip / {path} is a single file: "
                                 "check the applicant's folder or .zip", param_hint="PATH")
    raise typer.Exit(run_check(path, report, series=series, title=title, ocr=ocr, use_cache=not no_cache,
                               jobs=jobs, timeout=timeout, html=html, thumbnails=thumbnails))


@app.command()
@with_report_options
def batch(
    report: ReportOptions,
    root: Path = typer.Argument(..., help="放申报人文件夹或 .zip 的目录 / folder holding one folder or .zip per applicant"),
    depth: int = typer.Option(1, "--depth", min=1, max=2,
                              help="申报人所在层级：1 为 ROOT/申报人，2 为 ROOT/单位/申报人 / where applicants are"),
    xlsx: Optional[str] = typer.Option(None, "--xlsx", help="Excel 汇总（汇总、材料矩阵、问题清单）/ spreadsheet"),
    csv: Optional[str] = typer.Option(None, "--csv", help="CSV 汇总（UTF-8 BOM，Excel 可直接打开）/ summary CSV"),
    html: Optional[str] = typer.Option(None, "--html", help="单个网页报告（无需服务器）/ one self-contained HTML page"),
    shard: Optional[str] = typer.Option(None, "--shard", metavar="K/N",
                                        help="只检查第 K 份（共 N 份，稳定划分）/ check a deterministic 1/N share"),
    ocr: bool = typer.Option(False, "--ocr/--no-ocr", envvar="ZCCHECK_OCR", help="识别扫描件文字（需 zccheck\\[ocr]）/ OCR scans (needs zccheck\\[ocr])"),
    no_cache: bool = typer.Option(False, "--no-cache", help="不用缓存 / do not use the cache"),
    jobs: Optional[int] = typer.Option(None, "--jobs", "-j", min=0, help="并行进程数（默认 CPU 数）/ worker processes"),
    timeout: float = typer.Option(10.0, "--timeout", min=0.1, help="单个文件读取时限（秒）/ per-file time limit, s"),
    progress: str = typer.Option("auto", "--progress", help="进度条 / progress bar: auto (终端), always, never"),
    thumbnails: bool = typer.Option(False, "--thumbnails", help="网页报告中附每个文件的页面缩略图（含证件照片上的号码等未遮盖信息，按需开启）/ "
                                    "show each file's pages in the HTML report (pictures show what the text masks, "
                                    "e.g. an ID card's number: opt-in)"),
) -> None:
    """批量检查一个目录下的所有申报人 / check every applicant folder or .zip under ROOT.

    退出码 / exit: 0 通过 / nothing at or above --fail-on; 1 有问题 / findings; 2 用法、配置或规则包错误 / usage, config, rule pack."""
    from zccheck.commands.batch import run_batch

    if not root.is_dir():
        raise typer.BadParameter(f"找不到文件夹 {root} / {root} is not a folder", param_hint="ROOT")
    if progress not in ("auto", "always", "never"):
        raise typer.BadParameter("auto, always, never", param_hint="--progress")
    from zccheck.batch import parse_shard

    try:
        shard_kn = parse_shard(shard) if shard else None
    except ValueError as e:
        raise typer.BadParameter(str(e), param_hint="--shard") from None
    raise typer.Exit(run_batch(root, report, depth=depth, shard=shard_kn, ocr=ocr, use_cache=not no_cache, jobs=jobs,
                               timeout=timeout, xlsx=xlsx, csv=csv, html=html, progress=progress,
                               thumbnails=thumbnails))


@app.command()
def merge(
    reports: List[Path] = typer.Argument(..., help="各分片的 JSON 报告 / the shards' JSON reports"),
    fmt: str = typer.Option("json", "--format", "-f", help="输出格式 / output format"),
    output: Optional[str] = typer.Option(None, "--output", "-o", help="写入文件 / write to a file"),
    xlsx: Optional[str] = typer.Option(None, "--xlsx", help="Excel 汇总 / spreadsheet"),
    csv: Optional[str] = typer.Option(None, "--csv", help="CSV 汇总 / summary CSV"),
    html: Optional[str] = typer.Option(None, "--html", help="网页报告 / HTML page"),
    lang: Lang = LangOpt,
    fail_on: str = typer.Option("error", "--fail-on", help="退出码 1 的门槛 / exit 1 at: error, warning, never"),
    color: ColorChoice = typer.Option(ColorChoice.auto, "--color", help="颜色 / colour"),
) -> None:
    """合并 batch --shard 的 JSON 报告 / join the JSON reports of `batch --shard K/N` runs."""
    from zccheck.commands.merge import run_merge
    from zccheck.report.formats import FORMATS

    if fmt not in FORMATS:
        raise typer.BadParameter(", ".join(FORMATS), param_hint="--format")
    if fail_on not in ("error", "warning", "never"):
        raise typer.BadParameter("error, warning, never", param_hint="--fail-on")
    raise typer.Exit(run_merge(list(reports), fmt=fmt, output=output, lang=lang.value, fail_on=fail_on,
                               color=color.value, exports={"xlsx": xlsx, "csv": csv, "html": html}))


@app.command()
def init(
    folder: Path = typer.Argument(..., help="要建立的申报材料文件夹 / folder to create"),
    series: Optional[str] = typer.Option(None, "--series", help="申报系列 / series"),
    title: Optional[str] = typer.Option(None, "--title", help="申报职称 / title"),
    rules: Optional[str] = RulesOpt,
    profile: Optional[Path] = typer.Option(None, "--profile", help="申报信息文件，用于填写模板（复制为文件夹的申报信息）/ "
                                           "profile to fill the templates with (copied into the folder)"),
    publicity_start: Optional[str] = typer.Option(None, "--publicity-start", metavar="YYYY-MM-DD",
                                                  help="公示开始日期，按节假日推算结束日期 / publicity start; its end by the holiday calendar"),
) -> None:
    """建立栏目文件夹、申报信息模板、材料清单和通知附带的模板（按申报信息填写）/ create slot folders, a profile
    template, a checklist and the notice's templates, filled from the profile."""
    from zccheck.commands.init import run_init

    if profile is not None and not profile.exists():
        raise typer.BadParameter(f"找不到 {profile} / {profile} does not exist", param_hint="--profile")
    raise typer.Exit(run_init(folder, series=series, title=title, rules=rules, profile=profile,
                              publicity_start=_iso_date(publicity_start)))


def _iso_date(value: Optional[str]) -> Any:
    """--publicity-start as a date (None: not given)."""
    from zccheck.commands.template import parse_date

    try:
        return parse_date(value)
    except ValueError as e:
        raise typer.BadParameter(str(e), param_hint="--publicity-start") from None


@app.command()
def template(
    name: Optional[str] = typer.Argument(None, help="模板 id（见 --list）/ template id (see --list)"),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="写入的 .docx（默认为模板的文件名）/ the .docx to write"),
    profile: Optional[Path] = typer.Option(None, "--profile", help="申报信息文件或申报人文件夹 / profile file or applicant folder"),
    publicity_start: Optional[str] = typer.Option(None, "--publicity-start", metavar="YYYY-MM-DD",
                                                  help="公示开始日期，按节假日推算结束日期 / publicity start; its end by the holiday calendar"),
    list_: bool = typer.Option(False, "--list", help="列出规则包的模板 / list the pack's templates"),
    force: bool = typer.Option(False, "--force", help="覆盖已有文件 / overwrite the output file"),
    lang: Lang = LangOpt,
    rules: Optional[str] = RulesOpt,
) -> None:
    """按申报信息填写通知附带的模板（.docx）/ write one of the notice's templates, filled from the profile, as .docx."""
    from zccheck.commands.template import run_template, run_template_list

    if list_:
        raise typer.Exit(run_template_list(rules, lang.value))
    if name is None:
        raise typer.BadParameter("给出模板 id，或用 --list 查看 / give a template id, or --list", param_hint="NAME")
    if profile is not None and not profile.exists():
        raise typer.BadParameter(f"找不到 {profile} / {profile} does not exist", param_hint="--profile")
    raise typer.Exit(run_template(name, output=output, profile_path=profile, publicity_start=_iso_date(publicity_start),
                                  rules=rules, lang=lang.value, force=force))


@app.command()
def bundle(
    folder: Path = typer.Argument(..., help="申报人文件夹或 .zip（只读，从不改动）/ applicant folder or .zip (only read)"),
    out: Path = typer.Argument(..., help="要生成的上传用文件夹 / the upload-ready folder to write"),
    merge: bool = typer.Option(False, "--merge", help="每个栏目合并为一个 PDF（JPG 原样嵌入，需 img2pdf）/ "
                               "one PDF per slot, JPEG pages embedded as they are (needs img2pdf)"),
    force: bool = typer.Option(False, "--force", help="替换以前由 zccheck bundle 生成的 OUT（其他非空文件夹一律不动）/ "
                               "replace an OUT that zccheck bundle made before (any other non-empty folder is refused)"),
    ocr: bool = typer.Option(False, "--ocr/--no-ocr", envvar="ZCCHECK_OCR", help="识别扫描件文字（需 zccheck[ocr]）/ OCR scans"),
    no_cache: bool = typer.Option(False, "--no-cache", help="不用缓存 / do not use the cache"),
    jobs: Optional[int] = typer.Option(None, "--jobs", "-j", min=0, help="并行进程数（默认 CPU 数）/ worker processes"),
    timeout: float = typer.Option(10.0, "--timeout", min=0.1, help="单个文件读取时限（秒）/ per-file time limit, s"),
    lang: Lang = LangOpt,
    rules: Optional[str] = RulesOpt,
) -> None:
    """生成上传用副本：按栏目放好、重命名、转正并压缩图片，附清单 / write an upload-ready copy: slot folders,
    NN-材料-年度 names, pictures upright and within the limits, 待确认/ for what a person must decide, 清单.xlsx/.csv.

    OUT 不能在 FOLDER 里面（反之亦然）；OUT 已存在且非空时须加 --force。
    退出码 / exit: 0 已生成 / written; 1 已生成，有待确认的文件 / written, some files in 待确认/;
    2 拒绝（路径重叠、OUT 已存在、缺 img2pdf）或规则包错误 / refused, or a rule-pack error."""
    from zccheck.commands.bundle import run_bundle

    raise typer.Exit(run_bundle(folder, out, rules=rules, lang=lang.value, merge=merge, force=force, ocr=ocr,
                                use_cache=not no_cache, jobs=jobs, timeout=timeout))


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
    high_skill: Optional[bool] = typer.Option(None, "--high-skill/--no-high-skill", help="高技能人才贯通 / high-skill route"),
    fhj: Optional[bool] = typer.Option(None, "--fhj/--no-fhj", help="访惠聚驻村 / 访惠聚 tilt"),
    exceptional: Optional[bool] = typer.Option(None, "--exceptional/--no-exceptional",
                                               help="破格申报 / exceptional application for outstanding results"),
    fmt: ListFormat = typer.Option(ListFormat.table, "--format", "-f", help="输出格式 / output format"),
    lang: Lang = LangOpt,
    rules: Optional[str] = RulesOpt,
) -> None:
    """申报资格：是否符合学历和任职年限条件 / may this applicant apply for this title?

    退出码 / exit: 0 符合或需人工核查 / eligible or needs review; 1 不符合或信息有误 / ineligible or profile error."""
    from zccheck.commands.eligibility import run_eligibility

    if folder is not None and not folder.exists():
        raise typer.BadParameter(f"找不到 {folder} / {folder} does not exist", param_hint="FOLDER")
    overrides = {"series": series, "title": title, "current_title": current_title, "current_title_since": since,
                 "education": education, "degree": degree, "graduated": graduated,
                 "high_skill": None if high_skill is None else ("是" if high_skill else "否"),
                 "fhj": None if fhj is None else ("是" if fhj else "否"),
                 "exceptional": None if exceptional is None else ("是" if exceptional else "否")}
    raise typer.Exit(run_eligibility(folder, overrides, lang.value, rules, fmt.value))


@app.command()
def explain(key: Optional[str] = typer.Argument(None, help="代码（ZC101）或材料 id；不给则列出全部 / a code or an item id; "
                                                             "none lists them all"),
            lang: Lang = LangOpt, rules: Optional[str] = RulesOpt) -> None:
    """解释一个代码或一项材料；不给参数列出全部 / explain a code or an item; with none, list them all."""
    from zccheck.commands.explain import run_explain

    raise typer.Exit(run_explain(key, lang.value, rules))


@rules_app.command("list")
def rules_list(fmt: ListFormat = typer.Option(ListFormat.table, "--format", "-f")) -> None:
    """列出内置规则包 / list bundled rule packs."""
    from zccheck.commands.rules import run_list

    raise typer.Exit(run_list(fmt.value))


@rules_app.command("show")
def rules_show(pack: str = typer.Argument(..., help="规则包名称或目录"),
               fmt: str = typer.Option("yaml", "--format", "-f",
                                       help="yaml（合并结果及每个值的出处 file:line）, table, json")) -> None:
    """显示规则包（合并后的值及出处）/ show a rule pack, merged, with each value's origin."""
    from zccheck.commands.rules import run_show

    if fmt not in ("yaml", "table", "json"):
        raise typer.BadParameter("yaml, table, json", param_hint="--format")
    raise typer.Exit(run_show(pack, fmt))


@rules_app.command("validate")
def rules_validate(directory: str = typer.Argument(..., help="规则包目录 / pack folder")) -> None:
    """校验规则包 / validate a rule pack folder."""
    from zccheck.commands.rules import run_validate

    raise typer.Exit(run_validate(directory))


@rules_app.command("test")
def rules_test(pack: str = typer.Argument(..., help="规则包名称或目录 / pack id or folder"),
               case: Optional[str] = typer.Option(None, "-k", help="只运行名称含此文字的用例 / only cases whose name contains this"),
               verbose: bool = typer.Option(False, "--verbose", "-v", help="显示每个用例的说明 / show each case's description")) -> None:
    """运行规则包的测试用例 / run the pack's tests/ cases (exit 1 when one fails)."""
    from zccheck.commands.rules import run_test

    raise typer.Exit(run_test(pack, case, verbose))


@rules_app.command("new")
def rules_new(name: str = typer.Argument(..., help="新规则包的目录（其名即 id）/ the new pack's folder (its name is the id)"),
              source: Optional[str] = typer.Option(None, "--from", help="复制此规则包 / copy this pack"),
              extends: Optional[str] = typer.Option(None, "--extends", help="在此规则包上修改（年度增量）/ a delta of this pack")) -> None:
    """建立新规则包（带注释、README 和测试用例）/ scaffold a rule pack with comments, README and tests."""
    from zccheck.commands.rules import run_new

    raise typer.Exit(run_new(name, source, extends))


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
    except ConfigError as e:
        sys.stderr.write(f"{e}\n")
        sys.exit(2)
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
        from zccheck.content.mask import mask_text  # the message may quote a path or text holding an ID

        sys.stderr.write(f"zccheck 内部错误 / internal error: {type(e).__name__}: {mask_text(str(e)[:300])}\n"
                         "设置 ZCCHECK_DEBUG=1 查看详情 / set ZCCHECK_DEBUG=1 for details\n")
        sys.exit(2)
