"""How well `zccheck check --ocr` sorts realistic folders of phone photos and scans.

Generates applicant folders with tests/photo_folders.py (one photo a page, device file names, flat),
runs `zccheck check FOLDER --ocr --format json --jobs N` on each (a subprocess, the real CLI), and
scores the JSON report against the generator's manifest:

- per-file classification: a file is correct when the report lists it under its true item
  (`applicants[0].items[*].files`); otherwise the report's verdict is shown (another item, or the
  finding that names the file: unclassified, misfiled, needs-review …);
- complete folders: pass = status pass, no error, no `unclassified` finding;
- remove-variants (one material dropped): ok = the expected `missing` / `incomplete` / `year-missing`
  finding for that item (and year / part) is there, exactly once, and no other finding is an error;
- seconds per folder (zccheck's wall time; OCR dominates a cold run).

TUNING vs HOLDOUT seeds. Seeds below 1000 are tuning seeds: look at their files, their OCR text and
their misclassifications as much as you like while changing the classifier. Seeds from 1000 up are
the holdout: `--holdout` runs seeds 1000 + seed-base + i; only their numbers should be looked at, so
that they still measure how the classifier does on folders it was not tuned on. (The generator draws
everything from the seed, so holdout folders use the same vocabulary but other combinations of
wordings, layouts, devices, names and dates.)

    python bench/photo_folders.py --folders 6 --seed-base 100              # tuning seeds 100–105
    python bench/photo_folders.py --folders 12 --seed-base 100 --holdout   # holdout seeds 1100–1111
    python bench/photo_folders.py --folders 2 --variants-per-folder 0      # complete folders only

Folders, manifests, reports and the summary go to bench/out/photo-folders/ (git-ignored). The OCR
cache is bench/out/photo-folders/cache (ZCCHECK_CACHE_DIR), kept between runs: the pictures are the
same for the same seed, so a re-run after a classifier change only re-classifies (OCR results are
keyed by the image bytes and the engine; use --cold to measure OCR time from scratch). A
remove-variant has the same pictures as its complete folder, so its OCR comes from the cache.

zccheck/ and rules/ are copied to a temporary folder when the run starts and that copy is what runs
(PYTHONPATH, cwd): other people edit the working tree, and one run should measure one version of the
code. The summary records a digest of that copy (`code_digest`) to tell runs of the same code apart.
`--code DIR` runs a copy frozen by hand instead (DIR/zccheck, DIR/rules). Either must first check the
bundled example (a tree caught in the middle of an edit is refused).
"""

from __future__ import annotations

import argparse
import collections
import hashlib
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
from tests.photo_folders import ASSESSMENT_YEARS, PUBLIC_YEARS, Manifest, make_photo_folder  # noqa: E402

OUT = REPO / "bench" / "out" / "photo-folders"
HOLDOUT_BASE = 1000
# The defects cycled through, one folder after another (a year or part is drawn from the seed).
VARIANT_KINDS = ["commitment", "training-public:YEAR", "annual-assessment:YEAR", "id-card:back", "unit-audit",
                 "work-summary", "title-proof", "education:degree", "photo", "unit-publicity",
                 "authority-recommendation", "training-professional", "achievements"]


def seeds_for(args) -> list[int]:
    base = HOLDOUT_BASE + args.seed_base if args.holdout else args.seed_base
    seeds = [base + i for i in range(args.folders)]
    if not args.holdout and seeds[-1] >= HOLDOUT_BASE:
        sys.exit(f"seeds ≥ {HOLDOUT_BASE} are the holdout: pass --holdout (and a seed-base below {HOLDOUT_BASE})")
    return seeds


def variants_for(seed: int, index: int, count: int) -> list[str]:
    rng = random.Random(f"bench-variants:{seed}")
    out = []
    for k in range(count):
        kind = VARIANT_KINDS[(index * count + k) % len(VARIANT_KINDS)]
        if kind == "training-public:YEAR":
            kind = f"training-public:{rng.choice(PUBLIC_YEARS)}"
        elif kind == "annual-assessment:YEAR":
            kind = f"annual-assessment:{rng.choice(ASSESSMENT_YEARS)}"
        if kind not in out:
            out.append(kind)
    return out


def snapshot_code(source: Path | None = None) -> tuple[Path, str, bool]:
    """A private copy of zccheck/ and rules/ (see the module docstring), or `source` as it is (a folder
    holding zccheck/ and rules/, frozen by hand); its digest; whether it is a copy to delete after."""
    target = source or Path(tempfile.mkdtemp(prefix="zccheck-photo-code-"))
    digest = hashlib.sha256()
    for name in ("zccheck", "rules"):
        if source is None:
            shutil.copytree(REPO / name, target / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        for path in sorted((target / name).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(path.relative_to(target).as_posix().encode() + b"\0" + path.read_bytes())
    return target, digest.hexdigest()[:16], source is None


def smoke_test(code: Path) -> str:
    """'' when the snapshot checks the bundled complete example; else what went wrong (a working tree
    caught in the middle of someone's edit)."""
    proc = subprocess.run([sys.executable, "-m", "zccheck", "check", str(REPO / "examples" / "张三-完整"), "--format",
                           "json", "--jobs", "0"], capture_output=True, text=True, cwd=code, check=False,
                          env=dict(os.environ, PYTHONPATH=str(code)), timeout=600)
    if proc.returncode not in (0, 1):
        return proc.stderr.strip()[-1500:]
    try:
        json.loads(proc.stdout)
    except json.JSONDecodeError:
        return "the JSON report does not parse"
    return ""


def run_zccheck(folder: Path, jobs: int, env: dict, timeout: float) -> tuple[dict | None, float, str]:
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "zccheck", "check", str(folder), "--ocr", "--format", "json",
                           "--jobs", str(jobs)], capture_output=True, text=True, env=env, timeout=timeout,
                          cwd=env.get("PYTHONPATH") or REPO, check=False)
    seconds = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        return None, seconds, f"exit {proc.returncode}: {proc.stderr.strip()[-2000:]}"
    try:
        return json.loads(proc.stdout), seconds, ""
    except json.JSONDecodeError as exc:
        return None, seconds, f"not JSON ({exc}): {proc.stdout[:300]!r} {proc.stderr[-500:]!r}"


def verdicts(report: dict) -> tuple[dict[str, list[str]], dict[str, list[dict]]]:
    """file → the items that list it; file → the findings that name it."""
    a = report["applicants"][0]
    listed: dict[str, list[str]] = collections.defaultdict(list)
    for item in a["items"]:
        for f in item["files"]:
            listed[f].append(item["id"])
    named: dict[str, list[dict]] = collections.defaultdict(list)
    for f in a["findings"]:
        if f.get("file"):
            named[f["file"]].append(f)
    return listed, named


def said(name: str, listed: dict, named: dict) -> str:
    """What zccheck said a file is, in one phrase."""
    if listed.get(name):
        return "+".join(listed[name])
    notes = [f"{f['category']}:{f['code']}" + (f"→{f['item']}" if f.get("item") else "") for f in named.get(name, [])]
    return "(" + (", ".join(notes) if notes else "not listed") + ")"


def score_files(manifest: Manifest, report: dict) -> list[dict]:
    listed, named = verdicts(report)
    rows = []
    for f in manifest.files:
        ok = f.item in listed.get(f.name, [])
        rows.append({"file": f.name, "true": f.item, "part": f.part, "year": f.year, "kind": f.kind, "page": f.page,
                     "pages": f.pages, "device": f.device, "said": said(f.name, listed, named), "ok": ok,
                     "findings": [{k: x.get(k) for k in ("code", "category", "severity", "item", "message")}
                                  for x in named.get(f.name, [])],
                     "truth_text": f.text})
    return rows


def _matches(finding: dict, expected: dict) -> bool:
    if finding["category"] != expected["category"] or finding.get("item") != expected["item"]:
        return False
    data = finding.get("data") or {}
    if "years" in expected and not set(expected["years"]) <= set(data.get("years") or []):
        return False
    return not ("parts" in expected and not set(expected["parts"]) <= set(data.get("parts") or []))


def judge_folder(manifest: Manifest, report: dict) -> dict:
    a = report["applicants"][0]
    findings = [f for f in a["findings"] if not f.get("waived")]
    errors = [f for f in findings if f["severity"] == "error"]
    unclassified = [f for f in findings if f["category"] == "unclassified"]
    brief = [f"{f['severity']} {f['code']} {f['category']} {f.get('item')} {f.get('file')}: {f['message'][:140]}"
             for f in findings if f["severity"] in ("error", "warning")]
    if not manifest.expected:
        ok = a["status"] == "pass" and not errors and not unclassified
        return {"ok": ok, "status": a["status"], "errors": len(errors), "unclassified": len(unclassified), "findings": brief}
    problems = []
    for exp in manifest.expected:
        hits = [f for f in findings if _matches(f, exp)]
        if len(hits) != 1:
            problems.append(f"expected exactly one {exp}, found {len(hits)}")
    others = [f for f in errors if not any(_matches(f, exp) for exp in manifest.expected)]
    if others:
        problems.append(f"{len(others)} other error(s)")
    return {"ok": not problems, "status": a["status"], "errors": len(errors), "unclassified": len(unclassified),
            "problems": problems, "findings": brief}


def ocr_text(path: Path, limit_lines: int) -> str:
    """The OCR text zccheck saw for an image: from its cache (same key), else by OCR now."""
    try:
        from zccheck.scan.cache import default_cache_dir
        from zccheck.scan.ocr import OcrCache, ocr_image

        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        cache = OcrCache(default_cache_dir() / "ocr")
        for page in (0, 1):
            hit = cache.get(OcrCache.make_key(digest, page))
            if hit is not None:
                return "\n".join(hit.lines[:limit_lines])
        from PIL import Image

        with Image.open(path) as image:
            return "\n".join(ocr_image(image).lines[:limit_lines])
    except Exception as exc:  # noqa: BLE001 - a diagnostic, never the bench's result
        return f"(no OCR text: {exc})"


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--folders", type=int, default=6, help="complete folders (one seed each)")
    ap.add_argument("--seed-base", type=int, default=100, help="first seed (tuning seeds < 1000)")
    ap.add_argument("--holdout", action="store_true", help=f"use holdout seeds {HOLDOUT_BASE} + seed-base + i")
    ap.add_argument("--variants-per-folder", type=int, default=2, help="remove-variants made of each folder")
    ap.add_argument("--jobs", type=int, default=2, help="zccheck --jobs")
    ap.add_argument("--cold", action="store_true", help="a fresh, empty OCR cache (measures OCR time)")
    ap.add_argument("--ocr-lines", type=int, default=6, help="OCR lines shown for each misclassified file")
    ap.add_argument("--timeout", type=float, default=1800)
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--code", type=Path, help="run this frozen copy (a folder with zccheck/ and rules/) instead of "
                                              "a fresh snapshot of the working tree")
    return ap.parse_args(argv)


def run_all(args: argparse.Namespace, seeds: list[int], env: dict) -> list[dict]:
    """Generate every folder and variant, check it, score it; prints one line each."""
    runs = []
    for index, seed in enumerate(seeds):
        for remove in [None, *variants_for(seed, index, args.variants_per_folder)]:
            label = "complete" if remove is None else "remove-" + remove.replace(":", "-")
            folder = args.out / f"{seed}" / label / "申报人"
            if folder.exists():
                shutil.rmtree(folder)
            t0 = time.perf_counter()
            manifest = make_photo_folder(folder, seed, remove=remove)
            gen_seconds = time.perf_counter() - t0
            manifest.write(folder.parent / "manifest.json")
            report, seconds, error = run_zccheck(folder, args.jobs, env, args.timeout)
            run = {"seed": seed, "variant": label, "remove": remove, "expected": manifest.expected,
                   "files": len(manifest.files), "generate_seconds": round(gen_seconds, 2), "seconds": round(seconds, 1)}
            if report is None:
                run.update(crashed=error, ok=False)
                print(f"seed {seed} {label}: zccheck FAILED: {error}", file=sys.stderr)
            else:
                (folder.parent / "report.json").write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
                rows = score_files(manifest, report)
                run.update(judge_folder(manifest, report), correct=sum(r["ok"] for r in rows), rows=rows)
            runs.append(run)
            acc = f"{run.get('correct', 0)}/{run['files']}"
            print(f"seed {seed:>5} {label:<34} files {acc:>7}  {'OK  ' if run['ok'] else 'FAIL'}  "
                  f"errors {run.get('errors', '-')}  unclassified {run.get('unclassified', '-')}  "
                  f"zccheck {seconds:6.1f} s  generate {gen_seconds:4.1f} s", flush=True)
    return runs


def _ratio_table(title: str, counts: dict[str, list[int]], only_misses: bool = False) -> None:
    print(f"{title:<32} {'correct':>9}")
    for key, (ok, n) in sorted(counts.items(), key=lambda kv: (kv[1][0] / kv[1][1], kv[0])):
        if not only_misses or ok < n:
            print(f"{key:<32} {ok:>4}/{n:<4}")
    print()


def summarize(args: argparse.Namespace, seeds: list[int], runs: list[dict], cache: Path) -> dict:
    """Print the tables and return the JSON summary."""
    split = "holdout" if args.holdout else "tuning"
    scored = [r for r in runs if "rows" in r]
    complete = [r for r in scored if r["remove"] is None]
    variants = [r for r in scored if r["remove"] is not None]
    rows = [row for r in complete for row in r["rows"]]  # per-file accuracy on complete folders (no double counting)
    per_item: dict[str, list[int]] = collections.defaultdict(lambda: [0, 0])
    kinds: dict[str, list[int]] = collections.defaultdict(lambda: [0, 0])
    confusion: collections.Counter = collections.Counter()
    for row in rows:
        per_item[row["true"]][0] += row["ok"]
        per_item[row["true"]][1] += 1
        kind = row["kind"] + ("" if row["pages"] == 1 else f" p{row['page']}")
        kinds[kind][0] += row["ok"]
        kinds[kind][1] += 1
        if not row["ok"]:
            confusion[(row["true"], row["said"])] += 1
    correct = sum(r["ok"] for r in rows)
    print()
    print(f"{split} seeds {seeds[0]}–{seeds[-1]}: {len(complete)} complete folders, {len(variants)} remove-variants")
    if rows:
        print(f"per-file accuracy (complete folders): {correct}/{len(rows)} = {correct / len(rows):.1%}")
    print(f"complete folders passing cleanly: {sum(r['ok'] for r in complete)}/{len(complete)}")
    print(f"remove-variants with exactly the expected finding: {sum(r['ok'] for r in variants)}/{len(variants)}")
    if complete:
        print(f"seconds per folder: complete {sum(r['seconds'] for r in complete) / len(complete):.1f} "
              f"({'cold' if args.cold else 'OCR cache kept in ' + str(cache)}), remove-variants "
              f"{sum(r['seconds'] for r in variants) / max(len(variants), 1):.1f} (same pictures, cached OCR); "
              f"generation {sum(r['generate_seconds'] for r in scored) / len(scored):.1f}")
    print()
    _ratio_table("item", per_item)
    _ratio_table("document kind (page) with misses", kinds, only_misses=True)
    print("confusions (true item → what zccheck said), complete folders:")
    for (true, verdict), n in confusion.most_common():
        print(f"  {n:>3}  {true:<26} → {verdict}")
    print()
    for r in scored:
        if not r["ok"]:
            print(f"seed {r['seed']} {r['variant']}: {'; '.join(r.get('problems', [])) or 'status ' + r['status']}")
            for line in r["findings"]:
                if line.startswith("error") or " unclassified " in line:
                    print(f"    {line}")
    misses = [(r, row) for r in complete for row in r["rows"] if not row["ok"]]
    if misses and args.ocr_lines:
        print()
        print("misclassified files with the OCR text zccheck saw (first lines):")
        for r, row in misses:
            path = args.out / f"{r['seed']}" / r["variant"] / "申报人" / row["file"]
            row["ocr_head"] = ocr_text(path, args.ocr_lines)
            where = f"{row['kind']}" + ("" if row["pages"] == 1 else f" page {row['page']}/{row['pages']}")
            print(f"- seed {r['seed']} {row['file']}  true {row['true']} ({where}, {row['device']})  said {row['said']}")
            for line in row["ocr_head"].splitlines():
                print(f"      | {line}")
    return {"split": split, "seeds": seeds, "jobs": args.jobs, "cold": args.cold,
            "per_file_accuracy": (correct / len(rows)) if rows else None, "files": len(rows), "files_correct": correct,
            "complete_pass": sum(r["ok"] for r in complete), "complete": len(complete),
            "variants_ok": sum(r["ok"] for r in variants), "variants": len(variants),
            "seconds_per_complete_folder": (sum(r["seconds"] for r in complete) / len(complete)) if complete else None,
            "per_item": {k: {"correct": v[0], "files": v[1]} for k, v in per_item.items()},
            "confusion": [{"true": t, "said": s, "count": n} for (t, s), n in confusion.most_common()],
            "runs": runs}


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    args.out = args.out.resolve()  # zccheck runs in the code snapshot's folder
    seeds = seeds_for(args)
    args.out.mkdir(parents=True, exist_ok=True)
    cache = Path(tempfile.mkdtemp(prefix="zccheck-photo-cache-")) if args.cold else args.out / "cache"
    code, code_digest, is_copy = snapshot_code(args.code.resolve() if args.code else None)
    print(f"zccheck code snapshot {code_digest} in {code}", flush=True)
    problem = smoke_test(code)
    if problem:
        if is_copy:
            shutil.rmtree(code, ignore_errors=True)
        sys.exit(f"this zccheck code does not check the bundled example (an edit in progress?): {problem}")
    env = dict(os.environ, ZCCHECK_CACHE_DIR=str(cache), NO_COLOR="1", PYTHONPATH=str(code))
    env.pop("GITHUB_ACTIONS", None)
    os.environ["ZCCHECK_CACHE_DIR"] = str(cache)  # for ocr_text() in this process
    try:
        runs = run_all(args, seeds, env)
    finally:
        if is_copy:
            shutil.rmtree(code, ignore_errors=True)
    summary = summarize(args, seeds, runs, cache)
    summary["code_digest"] = code_digest
    target = args.out / f"summary-{summary['split']}-{seeds[0]}-{seeds[-1]}.json"
    target.write_text(json.dumps(summary, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"\nsummary: {target}")
    if args.cold:
        shutil.rmtree(cache, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
