"""The names of the upload-ready copy: one folder per slot (the pack's `slot`), files named
`NN-材料-年度.ext` — NN the slot's number, 材料 the slot's words without the number and the bracketed
note, 年度 only for a file classified with years, 正面/反面 when its name said which side.

A name is also evidence: `zccheck check OUT` reads parts, years and sides from it. So each name is
read back by the classifier before it is used, and the first that reads as the file was read wins:
材料 alone, with the parts' names (学历证书 / 学位证书), the parts' names alone, then the original
name behind the number. `zccheck check OUT` thus never finds a part or a year the source did not hold.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from zccheck.classify.classifier import classify, slot_items
from zccheck.content.mask import mask_text
from zccheck.models import ClassifiedFile, FileFacts
from zccheck.pack.model import Item, Pack

_NUMBER = re.compile(r"^\s*(\d+)\s*[-_.、．\s]*")
_BRACKETS = re.compile(r"[（(][^（）()]*[）)]|【[^【】]*】|\[[^\[\]]*\]")
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]')  # not allowed in a Windows file name


@dataclass(frozen=True)
class Slot:
    item: Item
    folder: str  # the slot folder's name
    number: str  # NN
    material: str  # 材料


def safe(name: str) -> str:
    """A file-name piece: ID numbers masked (x, not *, which Windows refuses), no path or unsafe characters."""
    cleaned = _UNSAFE.sub("_", mask_text(name).replace("*", "x")).strip(" .")
    return cleaned or "_"


def plain_title(title: str) -> str:
    """学历证书（毕业证书） → 学历证书; 公需科目培训证书（2014-2020） → 公需科目培训证书."""
    return _BRACKETS.sub("", title).strip(" -_") or title


def slots_of(pack: Pack) -> dict[str, Slot]:
    """Item id → its slot, in the pack's order."""
    slots = {}
    for index, item in enumerate(pack.items):
        found = _NUMBER.match(item.slot or "")
        number = found.group(1) if found else f"{index + 1:02d}"
        material = safe(plain_title(_NUMBER.sub("", item.slot or "")) or plain_title(item.title))
        folder = safe(item.slot) if item.slot else f"{number}-{material}"
        slots[item.id] = Slot(item, folder, number, material)
    return slots


def years_label(years: tuple[int, ...] | list[int]) -> str:
    """2014–2016 and 2018 → 2014-2016、2018 (what years_in_name reads back)."""
    runs: list[list[int]] = []
    for year in sorted(set(years)):
        if runs and year == runs[-1][-1] + 1:
            runs[-1].append(year)
        else:
            runs.append([year])
    return "、".join(str(r[0]) if len(r) == 1 else f"{r[0]}-{r[-1]}" for r in runs)


def _side_words(pack: Pack) -> dict[str, list[str]]:
    words = (pack.content.get("sides") or {}).get("words") or {}
    return {side: [str(w) for w in ws] for side, ws in words.items() if ws}


def side_of(name: str, pack: Pack) -> str | None:
    """Which side of a form a file name says (content.yaml sides.words), as year coverage reads it."""
    for side, words in _side_words(pack).items():
        if any(w in name for w in words):
            return side
    return None


def _parts_label(item: Item, parts: frozenset[str]) -> str:
    if item.parts is None or not parts:
        return ""
    return "、".join(safe(plain_title(p.title)) for p in item.parts.parts if p.id in parts)


def _stem(name: str) -> str:
    return name.rsplit(".", 1)[0] if "." in name else name


def _candidates(cf: ClassifiedFile, slot: Slot, pack: Pack) -> list[list[str]]:
    side = side_of(cf.facts.name, pack)
    tail = [x for x in (years_label(cf.cls.years), _side_words(pack)[side][0] if side else "") if x]
    parts = _parts_label(slot.item, cf.cls.parts)
    original = safe(_stem(cf.facts.name))
    candidates = [[slot.number, slot.material, *tail]]
    if parts:
        candidates += [[slot.number, slot.material, parts, *tail], [slot.number, parts, *tail]]
    return candidates + [[slot.number, slot.material, *tail, original], [slot.number, original]]


def _reads_the_same(cf: ClassifiedFile, path: str, pack: Pack) -> bool:
    again = classify(dataclasses.replace(cf.facts, path=path), pack, slot_items(path.split("/", 1)[0], pack))
    return (again.item == cf.cls.item and again.parts == cf.cls.parts and set(again.years) == set(cf.cls.years)
            and side_of(path.rsplit("/", 1)[-1], pack) == side_of(cf.facts.name, pack))


def file_stem(cf: ClassifiedFile, slot: Slot, pack: Pack) -> str:
    """The name (without extension) of a file in its slot: the first candidate that reads as the file did."""
    candidates = ["-".join(c) for c in _candidates(cf, slot, pack)]
    for stem in candidates:
        if _reads_the_same(cf, f"{slot.folder}/{stem}.x", pack):
            return stem
    return candidates[-1]


def merged_stem(slot: Slot, files: list[ClassifiedFile], pack: Pack) -> str:
    """The name of a slot's merged PDF: its years and, where the name must say them, its parts — the parts
    its files hold, read back from the name alone (a name that says none covers every part of an ID card)."""
    years = sorted({y for cf in files for y in cf.cls.years})
    parts = frozenset(p for cf in files for p in cf.cls.parts)
    label = years_label(years)
    tail = [label] if label else []
    candidates = [[slot.number, slot.material, *tail]]
    if parts:
        label_parts = _parts_label(slot.item, parts)
        candidates += [[slot.number, slot.material, label_parts, *tail], [slot.number, label_parts, *tail]]
    stems = ["-".join(pieces) for pieces in candidates]
    readings = []
    for stem in stems:
        facts = FileFacts(path=f"{slot.folder}/{stem}.pdf", size=0, sha256="", kind="pdf")
        readings.append(classify(facts, pack, slot_items(slot.folder, pack)))
    for exact in (True, False):
        for stem, again in zip(stems, readings):
            fits = again.parts == parts if exact else again.parts <= parts
            if again.item == slot.item.id and fits and set(again.years) == set(years):
                return stem
    return stems[0]


def numbered(stems: list[str]) -> list[str]:
    """The same stem twice or more: -2, -3 … on the later ones, in the order given."""
    seen: dict[str, int] = {}
    out = []
    for stem in stems:
        key = stem.lower()
        seen[key] = seen.get(key, 0) + 1
        out.append(stem if seen[key] == 1 else f"{stem}-{seen[key]}")
    return out


def unique_name(name: str, taken: set[str]) -> str:
    """`name`, or name-2, name-3 … when a file of that name is already in the folder (case-insensitively)."""
    stem, dot, ext = name.rpartition(".") if "." in name else (name, "", "")
    candidate, n = name, 1
    while candidate.lower() in taken:
        n += 1
        candidate = f"{stem}-{n}{dot}{ext}"
    taken.add(candidate.lower())
    return candidate
