"""The structure holds, as CI runs it (the README's test command runs this file):

- the layers in pyproject.toml's import-linter contract (a lower layer never imports a higher one);
- ruff, with its complexity limit;
- mypy over zccheck/.

Each tool runs from the repository root with the configuration in pyproject.toml; a tool that is not
installed (`pip install ".[test]"` brings all three) is skipped, not failed.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _tool(name: str) -> str | None:
    beside = Path(sys.executable).parent / name  # the test's own virtual environment first
    return str(beside) if beside.is_file() else shutil.which(name)


@pytest.mark.parametrize("command", [
    ["lint-imports"],
    ["ruff", "check", "zccheck"],
    ["mypy", "zccheck"],
], ids=["layers", "ruff", "mypy"])
def test_tool_finds_nothing(command: list[str]) -> None:
    exe = _tool(command[0])
    if exe is None:
        pytest.skip(f"{command[0]} is not installed (pip install '.[test]')")
    result = subprocess.run([exe, *command[1:]], cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, f"{' '.join(command)} failed:\n{result.stdout[-6000:]}\n{result.stderr[-3000:]}"


def test_every_check_kind_a_pack_may_name_has_code_and_the_other_way_round() -> None:
    from zccheck.checks.registry import CHECK_KINDS
    from zccheck.pack.kinds import KINDS

    assert set(CHECK_KINDS) == set(KINDS)
    for name, kind in CHECK_KINDS.items():
        assert kind.module.KIND == name and callable(kind.module.run)
