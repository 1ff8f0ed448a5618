"""Messages in the user's language: a finding's code picks the template, its args fill it."""

from __future__ import annotations

import string

from zccheck.codes import CODES
from zccheck.models import Finding
from zccheck.pack.model import Pack


class _Blank(dict):
    def __missing__(self, key: str) -> str:
        return ""


def item_title(pack: Pack, item_id: str | None, lang: str) -> str:
    if not item_id:
        return ""
    try:
        item = pack.item(item_id)
    except KeyError:
        return item_id
    return item.title_en if lang == "en" else item.title


def render_message(f: Finding, pack: Pack, lang: str) -> str:
    code = CODES[f.code]
    template = code.message_en if lang == "en" else code.message_zh
    args = dict(f.args)
    if lang == "en":
        # Args that carry Chinese prose have an English twin ending in _en.
        args.update({k[:-3]: v for k, v in args.items() if k.endswith("_en")})
    values = _Blank({k: ("" if v is None else v) for k, v in args.items()})
    values["item"] = item_title(pack, f.item, lang)
    values["file"] = f.file or (args.get("file") or "")
    values.setdefault("page", f.page or 1)
    text = string.Formatter().vformat(template, (), values)
    return text.strip()
