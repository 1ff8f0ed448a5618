"""A small shared drive as HR receives it: applicant folders, a .zip made on Chinese Windows (GBK names,
no UTF-8 flag), a hostile .zip, a .rar, and the loose files and OS junk that lie around."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from factories import build_applicant, zip_folder

APPLICANTS = ["孙七.rar", "张三", "李四", "王五", "赵六.zip", "钱八.zip"]  # sorted, as batch lists them
MiB = 1024**2


def hostile_zip(target: Path) -> Path:
    """What an attacker (or a broken tool) sends: a member escaping with '..', an absolute path, a zip bomb
    (64 MiB of zeros in a few dozen KiB, ratio ≈ 1000:1), and a zip inside a zip inside the zip."""
    innermost = io.BytesIO()
    with zipfile.ZipFile(innermost, "w") as z:
        z.writestr("深.txt", "too deep")
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as z:
        z.writestr("再套一层.zip", innermost.getvalue())
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("../evil.txt", "escape")
        z.writestr("/etc/evil.conf", "absolute")
        z.writestr("炸弹.pdf", b"\0" * (64 * MiB))
        z.writestr("套娃.zip", inner.getvalue())
        z.writestr("01-承诺书/承诺书.txt", "承诺书")
    return target


def make_drive(root: Path, scratch: Path) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    build_applicant(root / "张三")
    build_applicant(root / "李四", {"姓名": "李四"}, layout="flat", skip=("photo", "training-public:2016"))
    build_applicant(root / "王五", {"姓名": "王五"}, skip=("unit-audit",))
    build_applicant(scratch / "赵六", {"姓名": "赵六"})
    zip_folder(scratch / "赵六", root / "赵六.zip", encoding="gbk")
    hostile_zip(root / "钱八.zip")
    (root / "孙七.rar").write_bytes(b"Rar!\x1a\x07\x01\x00" + b"\x00" * 64)
    (root / "名单.xlsx").write_bytes(b"PK\x05\x06" + b"\x00" * 18)  # HR's own list: not an applicant
    (root / "Thumbs.db").write_bytes(b"\0" * 16)
    (root / ".隐藏").mkdir()
    (root / "$RECYCLE.BIN").mkdir()
    return root
