"""zccheck explain ZC101 | ITEM-ID: what a code checks, the notice's words, and how to fix it."""

from __future__ import annotations

import re

from zccheck.codes import CODES, Code
from zccheck.commands.init import condition_text, limits_text
from zccheck.commands.output import note, write_text
from zccheck.pack.loader import load_pack
from zccheck.pack.model import Pack

def how_to_fix(code: Code, lang: str) -> str:
    """Every message says what to do: its instruction sentences, with the placeholders shown as …"""
    template = re.sub(r"\{[a-z_]+\}", "…", code.message_en if lang == "en" else code.message_zh)
    if lang == "en":
        sentences = [s.strip() for s in re.split(r"(?<=\.)\s+", template) if s.strip()]
        return sentences[-1] if sentences else template
    sentences = [s for s in re.split(r"(?<=。)", template) if s.strip()]
    wanted = [s for s in sentences if "请" in s or "可" in s] or sentences[-1:]
    return "".join(wanted).strip()


def explain_code(code: Code, lang: str, pack: Pack) -> str:
    clause, quote = pack.basis_of(code.code)
    if lang == "en":
        basis = (f"Notice clause {clause}: “{quote}”" if clause
                 else "Notice clause: none — a rule of the upload system or of zccheck itself")
        return (f"{code.code} {code.title_en}\ncategory: {code.category}   default severity: {code.severity}\n\n"
                f"What it checks: {code.help_en}\n\n{basis}\n\nHow to fix: {how_to_fix(code, lang)}\n\n"
                f"Message: {code.message_en}\n")
    basis = f"通知{clause}：“{quote}”" if clause else "通知条款：无（申报系统或本工具的规则）"
    return (f"{code.code} {code.title_zh}\n类别：{code.category}   默认级别：{code.severity}\n\n"
            f"检查内容：{code.help_zh}\n\n依据：{basis}\n\n如何改正：{how_to_fix(code, lang)}\n\n"
            f"提示格式：{code.message_zh}\n")


def listing(pack: Pack, lang: str) -> str:
    """Every finding code and every item of the pack, one line each: what `explain` can explain."""
    en = lang == "en"
    lines = ["Finding codes (zccheck explain CODE):" if en else "检查代码（zccheck explain 代码）："]
    lines += [f"  {c.code}  {c.category:<18} {c.severity:<7} {c.title_en if en else c.title_zh}" for c in CODES.values()]
    lines.append(f"\nItems of {pack.id} (zccheck explain ITEM):" if en else f"\n{pack.id} 的材料（zccheck explain 材料id）：")
    lines += [f"  {item.id:<28} {item.title_en if en else item.title}" for item in pack.items]
    return "\n".join(lines) + "\n"


def run_explain(key: str | None, lang: str, rules: str | None) -> int:
    pack = load_pack(rules)
    if key is None or key.lower() in ("all", "list", "codes", "items"):
        write_text(listing(pack, lang), None)
        return 0
    code = CODES.get(key.upper())
    if code:
        text = explain_code(code, lang, pack)
        write_text(text, None)
        return 0
    try:
        item = pack.item(key)
    except KeyError:
        example = pack.items[0].id if pack.items else "…"
        note(f"未知的代码或材料：{key}。代码如 ZC101，材料如 {example}；zccheck explain 列出全部。"
             if lang == "zh" else f"Unknown code or item: {key}. Codes look like ZC101, items like {example}; "
             "zccheck explain lists them all.")
        return 2
    when = condition_text(pack, item.when) if item.when else None
    if lang == "en":
        lines = [f"{item.id}: {item.title_en} ({item.title})", f"Provided by: {pack.provider(item.provider).title_en}",
                 f"Notice clause {item.clause}: “{item.quote}”", f"Applies: {when or 'always'}"]
        if item.years:
            lines.append(f"Years: {item.years.label} ({', '.join(map(str, item.years.required))}), one each")
        if item.parts:
            lines.append(f"Parts ({'all of' if item.parts.mode == 'all' else 'any of'}): " + ", ".join(f"{p.id} ({p.title})" for p in item.parts.parts))
        if item.limits:
            lines.append("Upload limits: " + ", ".join(f"{k} {'/'.join(map(str, v)) if isinstance(v, tuple) else v}"
                                                      for k, v in item.limits))
        lines.append(f"How to fix: put the file(s) in the slot folder “{item.slot}/” or name them with a word such as "
                     f"{', '.join(item.match.names[:4])}.")
    else:
        lines = [f"{item.id}：{item.title}", f"提供者：{pack.provider(item.provider).title}",
                 f"通知{item.clause}：“{item.quote}”", f"适用：{when or '所有申报人'}"]
        if item.years:
            lines.append(f"年度：{item.years.label}（{'、'.join(map(str, item.years.required))}），每年一份")
        if item.parts:
            lines.append(f"组成（{'全部需要' if item.parts.mode == 'all' else '任一即可'}）：" + "、".join(p.title for p in item.parts.parts))
        if item.limits:
            lines.append("上传要求：" + limits_text(item))
        lines.append(f"如何改正：把文件放入栏目文件夹「{item.slot}/」，或在文件名中写明「{'」「'.join(item.match.names[:4])}」等。")
    if item.checks:
        lines.append(("Content checks: " if lang == "en" else "内容检查：") + ", ".join(c.kind for c in item.checks))
    write_text("\n".join(lines) + "\n", None)
    return 0
