"""Every check has its test module here (a new kind without tests fails), and every check module's
docstring — the user documentation — shows a passing and a failing example."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

import zccheck.checks
from zccheck.checks.registry import CHECK_KINDS
from zccheck.pack.kinds import KINDS

HERE = Path(__file__).parent
CHECKS = Path(zccheck.checks.__file__).parent
NOT_CHECKS = {"__init__", "context", "registry"}  # the package, what a check sees, the list of kinds
CHECK_MODULES = sorted(p.stem for p in CHECKS.glob("*.py") if p.stem not in NOT_CHECKS)


def test_the_registry_and_the_pack_language_name_the_same_kinds():
    assert set(CHECK_KINDS) == set(KINDS)


@pytest.mark.parametrize("kind", sorted(CHECK_KINDS))
def test_every_registered_kind_has_a_test_module(kind):
    module = CHECK_KINDS[kind].module.__name__.rsplit(".", 1)[-1]
    assert (HERE / f"test_{module}.py").is_file(), f"kind {kind!r} has no tests/checks/test_{module}.py"


@pytest.mark.parametrize("module", CHECK_MODULES)
def test_every_check_module_has_a_test_module(module):
    assert (HERE / f"test_{module}.py").is_file(), f"zccheck/checks/{module}.py has no tests/checks/test_{module}.py"


@pytest.mark.parametrize("module", CHECK_MODULES)
def test_every_check_module_documents_a_passing_and_a_failing_example(module):
    doc = importlib.import_module(f"zccheck.checks.{module}").__doc__ or ""
    assert "Passing" in doc and "Failing" in doc, f"zccheck/checks/{module}.py: its docstring shows no Passing/Failing example"
