"""Time `zccheck batch --ocr` on complete applicants in the slot layout whose every document is a scan of
a realistic page (one that names its applicant), and compare two versions of the code on the same drive.

bench/make_drive.py's pool copies the same few scans into every applicant: fine for reading bytes, but
those pages name nobody, and what OCR must read of a real certificate depends on what it says. Here each
applicant's documents come from tests/photo_folders.py (flatbed scans of the notice's materials, each naming
that applicant in its own layout and wording) and are filed the way a careful applicant files them: each in
its item's slot folder, named with its item, part and year (2016年度公需科目培训证书.jpg); a document of
several pages (a 考核登记表's two sides, a 任职资格文件 with its list) becomes one scanned PDF, its producer
taken in turn from Pillow (DCT), reportlab ([/ASCII85Decode /DCTDecode]), print-to-PDF ([/FlateDecode
/DCTDecode]) and a scanner writing four JPEG strips a page; a third of the one-page documents too.
`--more-producers`: JPEG 2000 pages, JPEG pages under an ICC profile (Acrobat, phone scanner apps) and
black-and-white JBIG2 pages (copiers' high compression) take their turns too (bench/make_drive.py's _recoded).

    python bench/slot_scans.py --applicants 4 --seed-base 300 [--more-producers] [--code DIR ...] [--rounds 2]

Each `--code DIR` (default: a snapshot of this working tree) runs in turn, cold (a fresh cache each run),
`--jobs 2`; the table gives wall seconds an applicant, peak memory of all processes, pages recognised, and
whether each version's findings (code, item, file) equal the first version's. Seeds below 1000 tune; pass
--holdout for seeds 1000 + seed-base + i and look only at the numbers.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

import yaml
from PIL import Image

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path[:0] = [str(REPO), str(BENCH)]
from make_drive import JPX_ICC_PRODUCERS, _flate_wrapped, _recoded, _reportlab_scan  # noqa: E402
from run import ZCCHECK, snapshot_code, timed  # noqa: E402

from tests.photo_folders import make_photo_folder  # noqa: E402

OUT = BENCH / "out" / "slot-scans"
PRODUCERS = ("pillow", "reportlab-a85", "flate-dct", "strips")
MORE_PRODUCERS = (*JPX_ICC_PRODUCERS, "jbig2")


def _slots() -> dict[str, dict]:
    data = yaml.safe_load((REPO / "rules" / "xj-2021-zrkx-syjs" / "items.yaml").read_text(encoding="utf-8"))
    return {item["id"]: item for item in data["items"]}


def _scanned_pdf(pages: list[Image.Image], producer: str) -> bytes:
    images = [p.convert("RGB") for p in pages]
    if producer in ("reportlab-a85", "strips"):
        return _reportlab_scan(images, 4 if producer == "strips" else 1)
    buffer = io.BytesIO()
    images[0].save(buffer, "PDF", resolution=200, save_all=True, append_images=images[1:])
    if producer in MORE_PRODUCERS:
        return _recoded(buffer.getvalue(), images, producer)
    return _flate_wrapped(buffer.getvalue()) if producer == "flate-dct" else buffer.getvalue()


def _name(item: dict, truth, n: int) -> str:
    """What a careful applicant names the document: its year, then its part's or item's title."""
    title = item["title"]
    if truth.item == "achievements":
        return f"业绩{n:02d}"
    if truth.part:
        part = next((p for p in item.get("parts", {}).get("list", []) if p["id"] == truth.part), None)
        title = part["title"] if part else title
    title = title.replace("（正、反面）", "").replace("2014–2020年度", "").replace("2021年度", "").replace("近三年", "")
    if not truth.year:
        return title
    return f"{truth.year}{title}" if title.startswith("年度") else f"{truth.year}年度{title}"


def make_applicant(root: Path, seed: int, producers: tuple[str, ...] = PRODUCERS) -> None:
    """One complete applicant at `root` in the slot layout, from photo-folder seed `seed` (scanner only)."""
    flat = root.parent / f".flat-{seed}"
    manifest = make_photo_folder(flat, seed, devices=("scanner",))
    items = _slots()
    root.mkdir(parents=True, exist_ok=True)
    shutil.copy(flat / "申报信息.yaml", root / "申报信息.yaml")
    docs: dict[str, list] = {}
    for truth in manifest.files:
        docs.setdefault(truth.doc, []).append(truth)
    turn = seed
    for n, pages in enumerate(docs.values(), 1):
        pages.sort(key=lambda t: t.page)
        item = items[pages[0].item]
        folder = root / item["slot"]
        folder.mkdir(exist_ok=True)
        stem = _name(item, pages[0], n)
        turn += 1
        if len(pages) > 1 or turn % 3 == 0:
            images = [Image.open(flat / t.name) for t in pages]
            (folder / f"{stem}.pdf").write_bytes(_scanned_pdf(images, producers[turn % len(producers)]))
        else:
            suffix = Path(pages[0].name).suffix.lower()
            target = folder / f"{stem}{suffix}"
            k = 2
            while target.exists():
                target, k = folder / f"{stem}（{k}）{suffix}", k + 1
            shutil.copy(flat / pages[0].name, target)
    shutil.rmtree(flat)


def make_slot_drive(applicants: int, seed_base: int, holdout: bool, more_producers: bool = False) -> Path:
    seeds = [(1000 if holdout else 0) + seed_base + i for i in range(applicants)]
    drive = OUT / f"drive-{'-'.join(map(str, seeds))}{'-more-producers' if more_producers else ''}"
    producers = PRODUCERS + MORE_PRODUCERS if more_producers else PRODUCERS
    if not (drive / ".complete").exists():
        shutil.rmtree(drive, ignore_errors=True)
        for seed in seeds:
            make_applicant(drive / f"申报人{seed}", seed, producers)
        (drive / ".complete").write_text("ok")
    return drive


def _findings(report: Path) -> list[tuple]:
    data = json.loads(report.read_text(encoding="utf-8"))
    out = []
    for applicant in data.get("applicants", []):
        out.append((applicant.get("path"), "status", applicant.get("status")))
        out.extend((applicant.get("path"), "item", item.get("id"), item.get("status")) for item in applicant.get("items", []))
        for f in applicant.get("findings", []):
            out.append((applicant.get("path"), f.get("code"), f.get("item"), f.get("file")))
    return sorted(map(tuple, (map(str, x) for x in out)))


def run_once(code: Path, drive: Path, jobs: int) -> tuple[dict, list[tuple], int]:
    cache = Path(tempfile.mkdtemp(prefix="zccheck-slot-cache-"))
    report = Path(tempfile.mkdtemp(prefix="zccheck-slot-report-")) / "report.json"
    env = dict(os.environ, ZCCHECK_CACHE_DIR=str(cache), PYTHONPATH=str(code))
    cmd = [*ZCCHECK, "batch", str(drive), "--format", "json", "--output", str(report), "--jobs", str(jobs),
           "--fail-on", "never", "--isolated", "--ocr"]
    try:
        result = timed(cmd, env, cwd=code)
        pages = sum(1 for _ in (cache / "ocr").rglob("*.json")) if (cache / "ocr").exists() else 0
        return result, _findings(report), pages
    finally:
        shutil.rmtree(cache, ignore_errors=True)
        shutil.rmtree(report.parent, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--applicants", type=int, default=4)
    parser.add_argument("--seed-base", type=int, default=300)
    parser.add_argument("--holdout", action="store_true")
    parser.add_argument("--more-producers", action="store_true",
                        help="JPEG 2000, ICC-profiled JPEG and JBIG2 pages too")
    parser.add_argument("--code", type=Path, action="append", help="a copy of the code (DIR/zccheck, DIR/rules)")
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    drive = make_slot_drive(args.applicants, args.seed_base, args.holdout, args.more_producers)
    snapshot = None if args.code else snapshot_code()
    codes = args.code or [snapshot]
    first: list[tuple] | None = None
    print(f"drive {drive}: {args.applicants} applicants, {sum(1 for p in drive.rglob('*') if p.is_file())} files")
    print("| code | round | s/applicant | CPU s/applicant | peak MB (all processes) | OCR results cached | findings as the first |")
    print("|---|---|---|---|---|---|---|")
    try:
        for r in range(args.rounds):
            for code in codes:
                result, findings, pages = run_once(code, drive, args.jobs)
                first = findings if first is None else first
                same = "yes" if findings == first else f"no ({len(set(findings) ^ set(first))} differ)"
                print(f"| {code} | {r + 1} | {result['seconds'] / args.applicants:.1f} "
                      f"| {result['cpu_seconds'] / args.applicants:.1f} | {result['peak_tree_mb']} "
                      f"| {pages} | {same} |", flush=True)
                if result["exit"] not in (0, 1):
                    print(result["stderr"])
    finally:
        if snapshot is not None:
            shutil.rmtree(snapshot, ignore_errors=True)


if __name__ == "__main__":
    main()
