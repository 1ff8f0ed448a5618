"""Run the zccheck CLI for the CI-format, config and recipe tests: in a clean environment (no
GITHUB_ACTIONS, NO_COLOR, FORCE_COLOR or ZCCHECK_* leaking in from the machine running the tests)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

_ENV_DROP = ("GITHUB_ACTIONS", "NO_COLOR", "FORCE_COLOR", "ZCCHECK_FORMAT", "ZCCHECK_LANG", "ZCCHECK_RULES",
             "ZCCHECK_FAIL_ON", "ZCCHECK_SELECT", "ZCCHECK_IGNORE", "ZCCHECK_CONFIG", "ZCCHECK_ISOLATED",
             "ZCCHECK_COLOR", "ZCCHECK_BASELINE")


class Run:
    """What a run left behind: exit code, stdout, stderr (the shape of subprocess.CompletedProcess)."""

    def __init__(self, returncode: int, stdout: str, stderr: str):
        self.returncode, self.stdout, self.stderr = returncode, stdout, stderr


def zc(*args: str, cwd: Path | None = None, env: dict | None = None, real: bool = False) -> Run:
    """The CLI in a clean environment, no worker processes, no cache. `real=True` runs
    `python -m zccheck` in a subprocess (needed where zccheck.cli.main maps exceptions to exit 2);
    otherwise typer's CliRunner runs the same app in-process, which is much faster."""
    if args and args[0] == "check":
        args = (*args, "--no-cache", "-j", "0")
    if real:
        full = {k: v for k, v in os.environ.items() if k not in _ENV_DROP}
        full.update(env or {})
        p = subprocess.run([sys.executable, "-m", "zccheck", *args], capture_output=True, text=True, cwd=cwd,
                           env=full, timeout=120)
        return Run(p.returncode, p.stdout, p.stderr)
    from typer.testing import CliRunner

    from zccheck.cli import app

    old = Path.cwd()
    if cwd:
        os.chdir(cwd)
    try:
        result = CliRunner().invoke(app, list(args), env={**{k: None for k in _ENV_DROP}, **(env or {})},
                                    catch_exceptions=False)
    finally:
        os.chdir(old)
    return Run(result.exit_code, result.stdout, result.stderr)
