"""The words of `zccheck bundle`, Chinese and English: refusals, what was done to a file and why, the
manifest's headers, the summary. Findings about a file (unreadable, misfiled, duplicate ...) are worded
by zccheck.report.messages like in every report; these are the bundle's own."""

from __future__ import annotations

from typing import Any

from zccheck.report.messages import fill

REVIEW_FOLDER = "待确认"  # OUT/待确认/: files a person must decide about (the same name in both languages)

_WORDS: dict[str, tuple[str, str]] = {
    # refusals (exit 2)
    "missing": ("找不到 {folder}。", "{folder} does not exist."),
    "not-applicant": ("{folder} 不是申报人文件夹或 .zip。", "{folder} is not an applicant folder or .zip."),
    "same": ("输出文件夹不能就是申报人文件夹 {folder}：zccheck bundle 从不改动申报人的材料。",
             "OUT cannot be the applicant folder {folder}: zccheck bundle never changes the applicant's files."),
    "out-in-folder": ("输出文件夹 {out} 在申报人文件夹 {folder} 里面：zccheck bundle 从不往申报人的材料里写东西，请换一个位置。",
                      "OUT {out} is inside the applicant folder {folder}: zccheck bundle never writes into it. "
                      "Choose another place."),
    "folder-in-out": ("申报人材料 {folder} 在输出文件夹 {out} 里面：生成时会替换 {out}，请换一个位置。",
                      "The applicant {folder} is inside OUT {out}, which the bundle replaces. Choose another place."),
    "out-is-file": ("{out} 是一个文件，不是文件夹。", "{out} is a file, not a folder."),
    "out-not-empty": ("{out} 已存在且不是空文件夹。要替换以前由 zccheck bundle 生成的文件夹，请加 --force。",
                      "{out} exists and is not empty. Add --force to replace a folder zccheck bundle made before."),
    "out-not-bundle": ("{out} 不是 zccheck bundle 生成的文件夹（里面没有 清单.csv），即使加 --force 也不会删除它。",
                       "{out} was not made by zccheck bundle (no 清单.csv in it): not replaced, even with --force."),
    "merge-missing": ("--merge 需要 img2pdf（把 JPG 原样放进 PDF，不重新压缩）。安装：pip install \"zccheck[bundle]\"",
                      "--merge needs img2pdf (it puts JPEG pages into the PDF without re-encoding them). "
                      "Install: pip install \"zccheck[bundle]\""),
    "write-failed": ("无法写入 {out}：{detail}", "cannot write {out}: {detail}"),
    # what became of a file (the manifest's reason column)
    "step-rotated": ("按照片的 EXIF 方向（{orientation}）转正", "turned upright by its EXIF orientation ({orientation})"),
    "step-converted": ("{source} 转为 {target}", "{source} converted to {target}"),
    "step-converted-size": ("{source} 转为 {target}（否则超过 {limit}）", "{source} converted to {target} (else over {limit})"),
    "step-quality": ("JPEG 质量 {quality}", "JPEG quality {quality}"),
    "step-scaled": ("缩小到 {width}×{height} 像素", "scaled down to {width}×{height} pixels"),
    "step-size": ("{before} → {after}", "{before} → {after}"),
    "step-limit": ("上限 {limit}", "limit {limit}"),
    "step-merged": ("合并为一个 PDF 的第 {pages} 页", "page {pages} of the slot's PDF"),
    "step-merged-pages": ("合并为一个 PDF 的第 {pages} 页", "pages {pages} of the slot's PDF"),
    "copied-as-is": ("原样复制", "copied byte for byte"),
    "profile": ("申报信息，供 zccheck check 使用", "the applicant profile, for zccheck check"),
    "skipped-junk": ("系统文件，不上传", "a system file: not uploaded"),
    "skipped-tool": ("zccheck 的文件，不是申报材料", "zccheck's own file, not a material"),
    "not-copied": ("未复制", "not copied"),
    "too-large-to-copy": ("文件过大，未复制到 待确认/", "too large: not copied to 待确认/"),
    # why a file went to 待确认 (beyond the findings of the check)
    "heic-no-lib": ("HEIC 照片需要 pillow-heif 才能转为 JPG（pip install pillow-heif）；或在手机上导出为 JPG。",
                    "A HEIC photo needs pillow-heif to be converted to JPEG (pip install pillow-heif); or export "
                    "it as JPEG on the phone."),
    "multi-frame": ("{kind} 文件有 {frames} 帧（页），无法原样转为一张图片：请逐页导出后放回。",
                    "The {kind} file holds {frames} frames (pages) and cannot become one picture: export each page."),
    "not-convertible": ("申报系统不收 {kind}，也无法自动转换。{advice}", "The system does not take {kind} and it cannot be "
                        "converted automatically. {advice}"),
    "cannot-shrink": ("压缩到 {limit} 以下会低于可读的最低分辨率（{width}×{height} 像素）：请裁掉空白后重新扫描。",
                      "Shrinking it under {limit} would go below a legible resolution ({width}×{height} pixels): "
                      "crop the margins and scan it again."),
    "pdf-no-shrink": ("PDF 只原样复制，不自动压缩。", "PDFs are only copied as they are, never recompressed."),
    "image-error": ("图片无法处理（{detail}）。", "The picture could not be processed ({detail})."),
    "not-merged-format": ("该栏目只收 {formats}，不合并为 PDF", "this slot takes {formats} only: not merged into a PDF"),
    "not-merged-photo": ("照片保持为图片，不合并", "the photo stays a picture: not merged"),
    "not-merged-size": ("合并后的 PDF 会超过 {limit}，不合并", "the merged PDF would be over {limit}: not merged"),
    "not-merged-error": ("无法合并（{detail}），保留单个文件", "could not be merged ({detail}): the files stay apart"),
    # the summary
    "done": ("已生成上传用文件夹 {out}：{files} 个文件放入 {slots} 个栏目。",
             "Wrote the upload-ready folder {out}: {files} files in {slots} slots."),
    "done-changes": ("其中 {changed} 个文件已转正、转换格式或重新压缩（见 清单.xlsx）。",
                     "{changed} of them were turned upright, converted or re-encoded (see 清单.xlsx)."),
    "done-merged": ("已合并为 {pdfs} 个 PDF。", "Merged into {pdfs} PDFs."),
    "done-review": ("{review} 个文件待确认：放在 {folder}/，原因见 清单.xlsx 和 清单.csv。",
                    "{review} files need a decision: they are in {folder}/, with the reasons in 清单.xlsx and 清单.csv."),
    "done-check": ("检查上传用文件夹：zccheck check{rules} {out}", "Check it: zccheck check{rules} {out}"),
}

# The manifest's columns and its action words.
HEADERS = {
    "zh": ["源文件", "材料", "目标文件", "处理", "原因或说明", "原大小（字节）", "新大小（字节）"],
    "en": ["source file", "material", "target file", "action", "reason", "bytes before", "bytes after"],
}
ACTIONS = {
    "zh": {"copied": "复制", "re-encoded": "重新压缩", "converted": "转换格式", "rotated": "旋转", "merged": "合并",
           "review": "待确认", "skipped": "未复制"},
    "en": {"copied": "copied", "re-encoded": "re-encoded", "converted": "converted", "rotated": "rotated",
           "merged": "merged", "review": "待确认 (to confirm)", "skipped": "skipped"},
}
SHEET = {"zh": "清单", "en": "Manifest"}
PROFILE_ITEM = {"zh": "申报信息", "en": "profile"}
KIND_NAMES = {"jpeg": "JPG", "png": "PNG", "bmp": "BMP", "tiff": "TIFF", "gif": "GIF", "webp": "WebP", "heic": "HEIC",
              "pdf": "PDF"}


def say(key: str, lang: str, **values: Any) -> str:
    zh, en = _WORDS[key]
    return fill(en if lang == "en" else zh, values)


def kind_name(kind: str) -> str:
    return KIND_NAMES.get(kind, kind.upper())


def kb(size: float) -> str:
    return f"{size / 1024:.0f} KB"
