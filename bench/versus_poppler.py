"""Cold `zccheck batch` against the poppler baseline, interleaved round by round on the same drive.

bench/run.py samples the memory of the whole process tree every 20 ms, which on 2 cores takes CPU from the
workers; and a shared machine's speed drifts over minutes. This script only times: each round runs
poppler's `pdfinfo` + `pdftotext -l 1` over every PDF (two at a time), then a cold `zccheck batch --jobs 2`
with an empty cache, and reports each ratio and their median.

    python bench/versus_poppler.py DRIVE [--rounds 3] [--code DIR]

`--code DIR`: run the zccheck of another checkout (a `git worktree` of an older commit), to compare code
under the same conditions.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import files_of, poppler_baseline  # noqa: E402

REPO = Path(__file__).resolve().parents[1]


def cold_batch(drive: Path, code: Path) -> float:
    cache = tempfile.mkdtemp(prefix="zccheck-versus-")
    start = time.perf_counter()
    # The working directory comes first on sys.path for `python -m`: it picks the checkout that runs.
    subprocess.run([sys.executable, "-m", "zccheck", "batch", str(drive), "--format", "json", "--output", os.devnull,
                    "--jobs", "2", "--isolated", "--fail-on", "never", "--progress", "never"], cwd=code,
                   env=dict(os.environ, ZCCHECK_CACHE_DIR=cache), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   check=False)
    seconds = time.perf_counter() - start
    shutil.rmtree(cache, ignore_errors=True)
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("drive", type=Path)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--code", type=Path, default=REPO)
    args = parser.parse_args()
    drive = args.drive.resolve()
    pdfs = [p for p in files_of(drive) if p.suffix == ".pdf"]
    ratios = []
    for i in range(args.rounds):
        poppler = poppler_baseline(pdfs, 2)
        cold = cold_batch(drive, args.code.resolve())
        ratios.append(cold / poppler)
        print(f"round {i + 1}: poppler {poppler:.1f} s, zccheck cold {cold:.1f} s, {cold / poppler:.2f}× poppler", flush=True)
    print(f"median: {statistics.median(ratios):.2f}× poppler")


if __name__ == "__main__":
    main()
