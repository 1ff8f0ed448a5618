"""One registry of output formats (zccheck.report.formats), text and binary alike: every name the
command line accepts — `--format`, `--output FORMAT=FILE`, `merge --format` — has a renderer, and
each renderer returns what its format says (text, or bytes for the workbook)."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer

from zccheck.commands.options import ReportOptions, parse_outputs, resolve_report_options
from zccheck.commands.reporting import ReportSettings, finish
from zccheck.models import ApplicantResult, ItemResult, finding
from zccheck.report.document import build_document
from zccheck.report.formats import FORMAT_NAMES, FORMATS, render


@pytest.fixture(scope="module")
def doc(pack):
    result = ApplicantResult(
        path="张三", name="张三", series="自然科学研究", title="副研究员",
        items=tuple(ItemResult(it.id, "ok", ()) for it in pack.items[1:])
        + (ItemResult(pack.items[0].id, "missing", ()),),
        findings=(finding("ZC101", pack.items[0].id, None, clause="二", hint=""),),
    )
    return build_document([result], pack, "zh")


def test_every_format_name_has_a_renderer():
    assert tuple(FORMATS) == FORMAT_NAMES
    for name, fmt in FORMATS.items():
        assert fmt.name == name and callable(fmt.render)


@pytest.mark.parametrize("name", FORMAT_NAMES)
def test_each_renderer_returns_what_its_format_says(name, doc, pack):
    out = render(name, doc, pack=pack, lang="en", color=False, fail_on="error", root=None)
    assert isinstance(out, bytes if FORMATS[name].binary else str)
    assert out, f"{name} rendered nothing"
    if FORMATS[name].binary:
        assert out[:2] == b"PK"  # a workbook is a zip


@pytest.mark.parametrize("name", FORMAT_NAMES)
def test_the_command_line_accepts_every_format(name, tmp_path):
    rules, settings = resolve_report_options(tmp_path, ReportOptions(fmt=name, isolated=True), environ={})
    assert settings.outputs == [(name, None)]
    assert parse_outputs([f"{name}=out.file"], "table") == (None, [(name, "out.file")])
    assert parse_outputs([f"{name.upper()}=-"], "table") == (None, [(name, None)])


def test_the_command_line_refuses_an_unknown_format(tmp_path):
    with pytest.raises(typer.BadParameter):
        resolve_report_options(tmp_path, ReportOptions(fmt="pdf", isolated=True), environ={})
    with pytest.raises(typer.BadParameter):
        parse_outputs(["pdf=out.pdf"], "table")


def test_one_run_writes_every_format_to_its_file(doc, pack, tmp_path: Path):
    result = ApplicantResult(path="张三", name="张三", series=None, title=None, items=(), findings=())
    targets = {name: tmp_path / f"report.{name}" for name in FORMAT_NAMES}
    code = finish([result], pack, ReportSettings(outputs=[(n, str(t)) for n, t in targets.items()]))
    assert code == 0
    for name, target in targets.items():
        data = target.read_bytes()
        assert data, name
        if not FORMATS[name].binary:
            data.decode("utf-8")
