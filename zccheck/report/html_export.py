"""--html FILE: one self-contained page (inline CSS, no script, no fonts or images to fetch) that opens
by double-click from a shared drive with no server: the totals, a summary table linking to one
section per applicant, and in each section the materials (✓ ✗ ？ –) and the findings.
Rendered from the report document (ID numbers already masked); every text is escaped.

With `pictures` (--thumbnails), each file is shown beside the item it was classified as — its first
page, and the page a finding names next to that finding — as inline JPEG data, so the page stays one
file that fetches nothing."""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any, Mapping, Sequence

from zccheck.pack.model import Pack
from zccheck.report.document import ApplicantDocument, ReportDocument
from zccheck.report.summary_rows import (
    ITEM_MARKS,
    SEVERITY_WORDS,
    labels,
    short_item_title,
    summary_rows,
)

_MARK_CLASS = {"✓": "ok", "✗": "bad", "？": "review", "–": "na"}
_TEXT = {
    "zh": {"heading": "职称申报材料检查报告", "ruleset": "规则", "generated": "生成工具", "total": "共 {n} 人",
           "passed": "通过", "failed": "未通过", "errors": "错误", "warnings": "提醒", "items": "材料",
           "files": "文件", "no_findings": "没有发现问题。", "eligibility": "申报资格", "back": "返回汇总",
           "skipped": "未检查的文件", "page": "第 {n} 页", "other_files": "其他文件（未归入任何材料）",
           "no_picture": "无法显示此页", "no_renderer": "PDF 页面需安装 zccheck[thumbnails] 才能显示"},
    "en": {"heading": "Professional-title application check", "ruleset": "rules", "generated": "made by",
           "total": "{n} applicants", "passed": "pass", "failed": "fail", "errors": "errors",
           "warnings": "warnings", "items": "materials", "files": "files", "no_findings": "No findings.",
           "eligibility": "eligibility", "back": "back to the summary", "skipped": "not checked", "page": "page {n}",
           "other_files": "other files (not classified as any material)", "no_picture": "this page cannot be shown",
           "no_renderer": "install zccheck[thumbnails] to see PDF pages"},
}

_CSS = """
:root { --ok:#1e7b34; --ok-bg:#e3f4e6; --bad:#b3261e; --bad-bg:#fde7e5; --review:#8a5a00; --review-bg:#fff3cd;
        --na:#777; --na-bg:#f0f0f0; --line:#d9dde3; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1200px; padding: 24px; color: #1f2328; background: #fff; line-height: 1.5;
       font-family: "Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", "WenQuanYi Micro Hei", "Source Han Sans SC",
       system-ui, sans-serif; font-size: 15px; }
h1 { font-size: 24px; margin: 0 0 4px; } h2 { font-size: 19px; margin: 0 0 6px; }
.meta { color: #57606a; font-size: 13px; margin-bottom: 16px; }
.totals { display: flex; gap: 12px; flex-wrap: wrap; margin: 12px 0 20px; }
.totals div { border: 1px solid var(--line); border-radius: 8px; padding: 8px 14px; min-width: 110px; }
.totals b { display: block; font-size: 22px; }
table { border-collapse: collapse; width: 100%; margin: 8px 0 16px; }
th, td { border: 1px solid var(--line); padding: 5px 8px; text-align: left; vertical-align: top; }
th { background: #f3f6fa; position: sticky; top: 0; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.mark { text-align: center; font-weight: bold; white-space: nowrap; }
.ok { color: var(--ok); background: var(--ok-bg); } .bad { color: var(--bad); background: var(--bad-bg); }
.review { color: var(--review); background: var(--review-bg); } .na { color: var(--na); background: var(--na-bg); }
section.applicant { border: 1px solid var(--line); border-left: 6px solid var(--ok); border-radius: 8px;
                    padding: 14px 18px; margin: 18px 0; }
section.applicant.fail { border-left-color: var(--bad); }
ul.findings { padding-left: 0; list-style: none; margin: 6px 0; }
ul.findings li { padding: 4px 8px; margin: 3px 0; border-radius: 4px; }
li.error { background: var(--bad-bg); } li.warning { background: var(--review-bg); } li.info { background: #eef2f7; }
.code { font-family: ui-monospace, Consolas, monospace; font-size: 12px; color: #57606a; margin-right: 6px; }
.files { font-size: 13px; color: #444; word-break: break-all; }
a { color: #0b57d0; }
.thumbs { display: flex; flex-wrap: wrap; gap: 6px; margin: 4px 0 8px; }
figure.thumb { margin: 0; border: 1px solid var(--line); border-radius: 4px; padding: 3px; background: #fafbfc;
               max-width: 170px; }
figure.thumb img { display: block; max-width: 160px; max-height: 230px; height: auto; }
figure.thumb figcaption { font-size: 11px; color: #57606a; word-break: break-all; }
.nopic { width: 120px; height: 80px; display: flex; align-items: center; justify-content: center; text-align: center;
         font-size: 11px; color: #777; background: var(--na-bg); }
.scroll { overflow-x: auto; }
@media (max-width: 600px) { body { padding: 10px; font-size: 14px; } #summary { min-width: 640px; }
                            figure.thumb img { max-width: 110px; } }
@media print { th { position: static; } section.applicant { break-inside: avoid; } }
"""


def _e(value: Any) -> str:
    return escape("" if value is None else str(value), quote=True)


def _mark(mark: str) -> str:
    return f'<td class="mark {_MARK_CLASS[mark]}">{mark}</td>'


def _figure(name: str, page: int, uri: str | None, why: str, w: dict[str, str]) -> str:
    caption = f"{_e(name)} · {_e(w['page'].format(n=page))}"
    if uri is None:
        label = w["no_renderer"] if why == "no-renderer" else w["no_picture"]
        return f'<figure class="thumb"><div class="nopic">{_e(label)}</div><figcaption>{caption}</figcaption></figure>'
    return (f'<figure class="thumb"><img src="{uri}" alt="{_e(name)} {_e(w["page"].format(n=page))}" loading="lazy">'
            f"<figcaption>{caption}</figcaption></figure>")


def _file_cell(names: list[str], pictures: Mapping[str, Any], w: dict[str, str]) -> str:
    """An item's files side by side, each as the picture of its first page captioned with its name (a file
    with nothing to draw, such as a Word file, by its name alone)."""
    cells = [("".join(_figure(name, page, uri, why, w) for page, uri, why in pictures[name] if page == 1)
              if name in pictures else "") or f"<div>{_e(name)}</div>" for name in names]
    return f'<div class="thumbs">{"".join(cells)}</div>'


def _thumbs(name: str, pictures: Mapping[str, Any], w: dict[str, str], pages: set[int] | None = None) -> str:
    """The pictures of file `name` (only `pages` when given) in a row; "" when it has none."""
    figures = [_figure(name, page, uri, why, w) for page, uri, why in pictures.get(name, ())
               if pages is None or page in pages]
    return f'<div class="thumbs">{"".join(figures)}</div>' if figures else ""


def render(doc: ReportDocument, pack: Pack | None = None, lang: str = "zh",
           pictures: Sequence[Mapping[str, Any]] | None = None, **_: Any) -> str:
    lang = "en" if lang == "en" else "zh"
    t, w = labels(lang), _TEXT[lang]
    s = doc["summary"]
    out: list[str] = [
        "<!DOCTYPE html>",
        f'<html lang="{"en" if lang == "en" else "zh-CN"}"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(w['heading'])} — {_e(w['total'].format(n=s['applicants']))}</title>",
        f"<style>{_CSS}</style></head><body>",
        f'<h1 id="top">{_e(w["heading"])}</h1>',
        f'<div class="meta">{_e(w["ruleset"])}: {_e(doc["ruleset"]["title"])} · {_e(w["generated"])}: '
        f'zccheck {_e(doc["tool"]["version"])}</div>',
        '<div class="totals">',
        f'<div>{_e(t["applicants"])}<b id="count-applicants">{s["applicants"]}</b></div>',
        f'<div class="ok">{_e(w["passed"])}<b id="count-pass">{s["pass"]}</b></div>',
        f'<div class="bad">{_e(w["failed"])}<b id="count-fail">{s["fail"]}</b></div>',
        f'<div>{_e(w["errors"])}<b id="count-error">{s["error"]}</b></div>',
        f'<div>{_e(w["warnings"])}<b id="count-warning">{s["warning"]}</b></div>',
        "</div>",
        '<div class="scroll"><table id="summary"><thead><tr>'
        + "".join(f"<th>{_e(h)}</th>" for h in (t["path"], t["name"], t["series"], t["title"], t["status"],
                                                 t["error"], t["warning"], t["missing"]))
        + "</tr></thead><tbody>",
    ]
    for i, row in enumerate(summary_rows(doc, pack, lang), start=1):
        out.append(f'<tr><td><a href="#a{i}">{_e(row.path)}</a></td><td>{_e(row.name)}</td><td>{_e(row.series)}</td>'
                   f"<td>{_e(row.title)}</td>{_mark(row.mark)}<td class=\"num\">{row.errors}</td>"
                   f'<td class="num">{row.warnings}</td><td>{_e(row.missing)}</td></tr>')
    out.append("</tbody></table></div>")
    skipped = doc.get("skipped") or []
    if skipped:
        out.append(f"<h2>{_e(w['skipped'])}</h2><ul>")
        out.extend(f"<li>{_e(x['path'])} — {_e(x['reason'])}</li>" for x in skipped)
        out.append("</ul>")
    for i, a in enumerate(doc["applicants"], start=1):
        out.extend(_applicant(i, a, pack, lang, pictures[i - 1] if pictures and i <= len(pictures) else {}))
    out.append("</body></html>")
    return "\n".join(out) + "\n"


def _applicant(index: int, a: ApplicantDocument, pack: Pack | None, lang: str, pictures: Mapping[str, Any]) -> list[str]:
    t, w = labels(lang), _TEXT[lang]
    c = a["counts"]
    who = " · ".join(_e(x) for x in (a.get("name"), a.get("series"), a.get("title")) if x)
    verdict = t[a["status"]]
    out = [f'<section class="applicant {a["status"]}" id="a{index}">',
           f"<h2>{'✓' if a['status'] == 'pass' else '✗'} {_e(a['path'])}</h2>",
           f'<div class="meta">{who}{" · " if who else ""}{_e(verdict)} · {_e(w["errors"])} {c["error"]} · '
           f'{_e(w["warnings"])} {c["warning"]} · <a href="#top">{_e(w["back"])}</a></div>']
    e = a.get("eligibility")
    if e:
        reason = e.get("reason") or e.get(f"reason_{lang}")  # reason_zh / reason_en: reports of earlier versions
        out.append(f"<p><b>{_e(w['eligibility'])}:</b> {_e(reason)}</p>")
    if a["items"]:
        out.append(f'<table class="items"><thead><tr><th></th><th>{_e(w["items"])}</th><th>{_e(w["files"])}</th>'
                   "</tr></thead><tbody>")
        for it in a["items"]:
            mark = ITEM_MARKS[it["status"]]
            title = short_item_title(it["id"], it["title"], pack, lang) if pack is not None else it["title"]
            # With pictures, each file's first page under its name; a finding shows the page it names.
            files = _file_cell(it["files"], pictures, w) if pictures else "<br>".join(_e(f) for f in it["files"])
            out.append(f'<tr>{_mark(mark)}<td title="{_e(it["title"])}">{_e(title)}</td>'
                       f'<td class="files">{files}</td></tr>')
        out.append("</tbody></table>")
    out.extend(_other_files(a, pictures, w))
    if a["findings"]:
        out.append('<ul class="findings">')
        words = SEVERITY_WORDS[lang]
        for f in a["findings"]:
            waived = f" ({_e(t['waived'])})" if f.get("waived") else ""
            shown = _thumbs(f["file"], pictures, w, {f["page"]}) if f["file"] and f["page"] else ""
            out.append(f'<li class="{_e(f["severity"])}"><span class="code">{_e(f["code"])} {_e(words[f["severity"]])}'
                       f"</span>{_e(f['message'])}{waived}{shown}</li>")
        out.append("</ul>")
    else:
        out.append(f"<p>{_e(w['no_findings'])}</p>")
    out.append("</section>")
    return out


def _other_files(a: ApplicantDocument, pictures: Mapping[str, Any], w: dict[str, str]) -> list[str]:
    """Files drawn but in no item (unrecognised, misplaced): shown too, so nothing the tool saw is hidden."""
    listed = {f for it in a["items"] for f in it["files"]}
    others = [name for name in pictures if name not in listed]
    if not others:
        return []
    return [f"<h3>{_e(w['other_files'])}</h3>", '<div class="thumbs">',
            *(_figure(name, page, uri, why, w) for name in others for page, uri, why in pictures[name] if page == 1),
            "</div>"]


def write(doc: ReportDocument, target: str | Path, pack: Pack | None = None, lang: str = "zh") -> None:
    Path(target).write_text(render(doc, pack=pack, lang=lang), encoding="utf-8")
