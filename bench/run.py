"""Time `zccheck batch` on a synthetic drive (bench/make_drive.py), cold and warm, against two
baselines over the same files:

- read: reading every byte of every file once (the floor for anything that looks at content);
- poppler: `pdfinfo` + `pdftotext -l 1` on every PDF (what a shell script would do), run with as
  many parallel processes as zccheck has workers.

cold = a fresh, empty cache; warm = the same command again over the unchanged drive.
Peak memory is the largest sum of the resident set sizes of zccheck and its workers, sampled from
/proc every 20 ms (and, as a cross-check, the largest single process from getrusage).

    python bench/run.py 100 [300 1000] [--jobs 2] [--seed 1] [--scan-heavy] [--ocr] [--json bench/out/results.json]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_drive import OUT, make_drive  # noqa: E402

ZCCHECK = [sys.executable, "-m", "zccheck"]
REPO = Path(__file__).resolve().parents[1]


def snapshot_code() -> Path:
    """A private copy of zccheck/ and rules/ to run: the results cache keys on the code, so an edit to
    the working tree between the cold and the warm run (other people work in it) would make the warm
    run re-evaluate everything and measure nothing useful."""
    target = Path(tempfile.mkdtemp(prefix="zccheck-bench-code-"))
    for name in ("zccheck", "rules"):
        shutil.copytree(REPO / name, target / name, ignore=shutil.ignore_patterns("__pycache__"))
    return target


def _tree_rss(root_pid: int) -> int:
    """Resident bytes of a process and all its descendants, from /proc."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            ppid, pages = int(fields[1]), int(fields[21])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(entry))
        rss[int(entry)] = pages * os.sysconf("SC_PAGE_SIZE")
    total, stack = 0, [root_pid]
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        stack.extend(children.get(pid, []))
    return total


# Runs the command and reports the largest resident set of it and its descendants (getrusage of the
# waited-for children): measured in a wrapper so that the baselines' processes do not count.
_WRAPPER = ("import resource, subprocess, sys; code = subprocess.call(sys.argv[1:]); "
            "u = resource.getrusage(resource.RUSAGE_CHILDREN); "
            "sys.stderr.write(f'\\nBENCH-RUSAGE {u.ru_maxrss} {u.ru_utime + u.ru_stime}\\n'); sys.exit(code)")


def timed(cmd: list[str], env: dict | None = None, cwd: Path | None = None) -> dict:
    """Wall time, peak tree RSS and exit code of one command. `cwd`: run there — `python -m zccheck` imports
    zccheck from its working directory before PYTHONPATH, so a frozen copy of the code runs only from its own."""
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", _WRAPPER, *cmd], stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, env=env, cwd=cwd)
    peak = 0
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not stop.is_set():
            peak = max(peak, _tree_rss(proc.pid))
            stop.wait(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, err = proc.communicate()
    wall = time.perf_counter() - start
    stop.set()
    sampler.join()
    text = err.decode(errors="replace")
    maxrss_kb, cpu = next((line.split()[1:3] for line in text.splitlines() if line.startswith("BENCH-RUSAGE")),
                          ("0", "0"))
    return {"seconds": round(wall, 2), "peak_tree_mb": round(peak / 2**20, 1),
            "max_process_mb": round(int(maxrss_kb) / 1024, 1), "cpu_seconds": round(float(cpu), 1),
            "exit": proc.returncode, "stderr": text[-500:]}


def files_of(drive: Path) -> list[Path]:
    return sorted(p for p in drive.rglob("*") if p.is_file() and not p.name.startswith("."))


def read_baseline(files: list[Path]) -> float:
    start = time.perf_counter()
    for path in files:
        with open(path, "rb") as f:
            while f.read(1 << 20):
                pass
    return time.perf_counter() - start


def poppler_baseline(pdfs: list[Path], jobs: int) -> float:
    def one(path: Path) -> None:
        subprocess.run(["pdfinfo", str(path)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        subprocess.run(["pdftotext", "-l", "1", str(path), "-"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        list(pool.map(one, pdfs))
    return time.perf_counter() - start


def bench(n: int, seed: int, jobs: int, scan_heavy: bool = False, ocr: bool = False) -> dict:
    drive = make_drive(n, seed, scan_heavy=scan_heavy)
    stats = json.loads((drive / ".stats.json").read_text())
    files = files_of(drive)
    pdfs = [p for p in files if p.suffix == ".pdf"]
    read_s = read_baseline(files)  # also leaves the drive in the page cache for every run below
    poppler_s = poppler_baseline(pdfs, jobs) if shutil.which("pdftotext") else None
    cache_dir = Path(tempfile.mkdtemp(prefix="zccheck-bench-cache-"))
    code = snapshot_code()
    env = dict(os.environ, ZCCHECK_CACHE_DIR=str(cache_dir), PYTHONPATH=str(code))
    cmd = [*ZCCHECK, "batch", str(drive), "--format", "json", "--output", os.devnull, "--jobs", str(jobs),
           "--fail-on", "never", "--isolated", *(["--ocr"] if ocr else [])]
    try:
        cold = timed(cmd, env, cwd=code)
        warm = timed(cmd, env, cwd=code)
    finally:
        shutil.rmtree(cache_dir, ignore_errors=True)
        shutil.rmtree(code, ignore_errors=True)
    return {
        "drive": ("scan-heavy" if scan_heavy else "mixed") + (" --ocr" if ocr else ""),
        "applicants": n, "files": len(files), "pdfs": len(pdfs), "gigabytes": round(stats["bytes"] / 1e9, 2),
        "jobs": jobs, "read_all_s": round(read_s, 2), "poppler_s": round(poppler_s, 2) if poppler_s else None,
        "cold": cold, "warm": warm,
        "cold_applicants_per_s": round(n / cold["seconds"], 2), "cold_files_per_s": round(len(files) / cold["seconds"], 1),
        "cold_s_per_applicant": round(cold["seconds"] / n, 3),
        "warm_pct_of_cold": round(100 * warm["seconds"] / cold["seconds"], 1),
        "cold_vs_poppler": round(cold["seconds"] / poppler_s, 2) if poppler_s else None,
    }


def table(rows: list[dict]) -> str:
    head = ("| drive | N | files | GB | read all (s) | poppler (s) | cold (s) | applicants/s | files/s | s/applicant "
            "| warm (s) | warm/cold | cold/poppler | peak RSS, all processes (MB) | largest process (MB) |")
    out = [head, "|" + "---|" * (head.count("|") - 1)]
    for r in rows:
        out.append(f"| {r.get('drive', 'mixed')} | {r['applicants']} | {r['files']} | {r['gigabytes']} | {r['read_all_s']} | {r['poppler_s']} "
                   f"| {r['cold']['seconds']} | {r['cold_applicants_per_s']} | {r['cold_files_per_s']} "
                   f"| {r['cold_s_per_applicant']} | {r['warm']['seconds']} | {r['warm_pct_of_cold']} % "
                   f"| {r.get('cold_vs_poppler')}× "
                   f"| {max(r['cold']['peak_tree_mb'], r['warm']['peak_tree_mb'])} "
                   f"| {max(r['cold']['max_process_mb'], r['warm']['max_process_mb'])} |")
    return "\n".join(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", type=int, nargs="+")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", type=Path, default=OUT / "results.json")
    parser.add_argument("--scan-heavy", action="store_true",
                        help="also time the scan-heavy drive (scanned PDFs of several producers, make_drive.py)")
    parser.add_argument("--ocr", action="store_true",
                        help="batch --ocr (the `ocr` extra): every scan recognised whose item needs its words")
    args = parser.parse_args()
    rows = []
    for n, heavy in [(n, False) for n in args.sizes] + ([(n, True) for n in args.sizes] if args.scan_heavy else []):
        row = bench(n, args.seed, args.jobs, heavy, args.ocr)
        rows.append(row)
        print(json.dumps(row, ensure_ascii=False), file=sys.stderr, flush=True)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(rows, ensure_ascii=False, indent=2))
    print(table(rows))
    if len(rows) > 1:
        small, large = rows[0], rows[-1]
        ratio = large["cold_s_per_applicant"] / small["cold_s_per_applicant"]
        print(f"\nper-applicant time, N={large['applicants']} vs N={small['applicants']}: {ratio:.2f}×")


if __name__ == "__main__":
    main()
