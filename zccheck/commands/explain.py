"""zccheck explain ZC101 | ITEM-ID: what a code checks, the notice's words, and how to fix it."""

from __future__ import annotations

from zccheck.codes import CODES
from zccheck.commands.output import note, write_text
from zccheck.pack.loader import load_pack


def run_explain(key: str, lang: str, rules: str | None) -> int:
    pack = load_pack(rules)
    code = CODES.get(key.upper())
    if code:
        if lang == "en":
            text = (f"{code.code} {code.title_en}\ncategory: {code.category}   default severity: {code.severity}\n\n"
                    f"What it checks: {code.help_en}\n\nMessage: {code.message_en}\n")
        else:
            text = (f"{code.code} {code.title_zh}\n类别：{code.category}   默认级别：{code.severity}\n\n"
                    f"检查内容与依据：{code.help_zh}\n\n提示格式：{code.message_zh}\n")
        write_text(text, None)
        return 0
    try:
        item = pack.item(key)
    except KeyError:
        note(f"未知的代码或材料：{key}。代码如 ZC101，材料如 training-public。"
             if lang == "zh" else f"Unknown code or item: {key}. Codes look like ZC101, items like training-public.")
        return 2
    when = "；".join(f"{pack.field_def(k).label}={'/'.join(map(str, v))}" for k, v in item.when.clauses) if item.when else None
    if lang == "en":
        lines = [f"{item.id}: {item.title_en} ({item.title})", f"Provided by: {pack.provider(item.provider).title_en}",
                 f"Notice clause {item.clause}: “{item.quote}”", f"Applies: {when or 'always'}"]
        if item.years:
            lines.append(f"Years: {item.years.label} ({', '.join(map(str, item.years.required))}), one each")
        if item.parts:
            lines.append(f"Parts ({'all of' if item.parts.mode == 'all' else 'any of'}): " + ", ".join(f"{p.id} ({p.title})" for p in item.parts.parts))
        lines.append(f"How to fix: put the file(s) in the slot folder “{item.slot}/” or name them with a word such as "
                     f"{', '.join(item.match.names[:4])}.")
    else:
        lines = [f"{item.id}：{item.title}", f"提供者：{pack.provider(item.provider).title}",
                 f"通知{item.clause}：“{item.quote}”", f"适用：{when or '所有申报人'}"]
        if item.years:
            lines.append(f"年度：{item.years.label}（{'、'.join(map(str, item.years.required))}），每年一份")
        if item.parts:
            lines.append(f"组成（{'全部需要' if item.parts.mode == 'all' else '任一即可'}）：" + "、".join(p.title for p in item.parts.parts))
        lines.append(f"如何改正：把文件放入栏目文件夹「{item.slot}/」，或在文件名中写明「{'」「'.join(item.match.names[:4])}」等。")
    if item.checks:
        lines.append(("Content checks: " if lang == "en" else "内容检查：") + ", ".join(c.kind for c in item.checks))
    write_text("\n".join(lines) + "\n", None)
    return 0
