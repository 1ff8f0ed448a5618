"""The closed set of content-check kinds an item's `checks:` may name, as the rule-pack language knows
them: each kind's parameters — type, default, and whether the pack must give it — and whether it reads
the whole image of a scan. This is the pack's side of Vale's idea (rules are data on a handful of kinds)
and of yamllint's CONF/DEFAULT: the kinds themselves are code in zccheck/checks/<kind>.py, registered
in zccheck.checks.registry, and a test holds the two lists equal.

A parameter's value is, in order: the item's check entry, the pack's content.yaml section named after
the kind (`statement: {text: …}`), the default declared here. A required parameter that none of them
gives is an error when the pack loads (file, line, key), never a crash of `check`. rules/README.md
documents every kind and parameter; a test holds it to this file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from zccheck.pack import schema as s
from zccheck.pack.model import Item
from zccheck.pack.yaml_source import line_of

# The file kinds zccheck's scanner tells apart (zccheck.scan.filetype.sniff), as a pack may name them.
FILE_KINDS = ("pdf", "jpeg", "png", "gif", "bmp", "tiff", "webp", "heic", "doc", "docx", "wps", "xls", "xlsx",
              "ppt", "pptx", "rtf", "ofd", "odt", "zip", "rar", "7z", "text", "unknown")


@dataclass(frozen=True)
class Param:
    """One parameter of a check kind: how it is validated, what its type is called in messages and
    docs, its default (None: none — the kind then behaves as `doc` says), and whether it is required."""

    check: s.Check
    type: str
    doc: str
    default: Any = None
    required: bool = False
    # Required only when another parameter holds a value: identity's name_patterns when its `fields`
    # list name (a check of ID numbers only needs no pattern). (parameter, value).
    required_when: tuple[str, tuple[str, ...]] | None = None

    def is_required(self, merged: dict[str, Any]) -> bool:
        if self.required_when is None:
            return self.required
        other, values = self.required_when
        return any(v in (merged.get(other) or ()) for v in values)


@dataclass(frozen=True)
class KindSpec:
    name: str
    doc: str
    params: dict[str, Param] = field(default_factory=dict)
    # The kind reads the whole page of a scan (a red seal, say): a scan that may be this item's is decoded
    # whole, never judged from its top only (see scan.plan and ImageAnalyzer.inked_top).
    looks_at_whole_image: bool = False
    # The kind reads whether a scan shows a red seal: a scan that may be this item's is looked at for one; others
    # are not (the look decodes the page at twice the thumbnail's size: a tenth of an OCR worker's time).
    looks_for_seal: bool = False
    # The kind reads a document's words (a placeholder, a sentence, a period, a name): with --ocr, a scan
    # that may be this item's is recognised; one whose items read no words is not (see scan.plan).
    reads_text: bool = False

    def schema(self) -> s.Check:
        """The schema of the kind's content.yaml section (every parameter optional there)."""
        return s.mapping(optional={k: p.check for k, p in self.params.items()})

    def validate_params(self, params: dict[str, Any], file: str, line: int | None, path: str, node: Any = None) -> None:
        """`node`: the check entry as loaded (a LineDict), so that an error names the parameter's own line."""
        for key, value in params.items():
            if key not in self.params:
                raise s.PackError(file, line_of(node, key) or line, f"{path}.{key}",
                                  f"unknown parameter for kind {self.name} (parameters: {', '.join(self.params) or 'none'})")
            self.params[key].check(value, f"{path}.{key}", s.Ctx(file, node, key))

    def effective(self, params: dict[str, Any], pack_defaults: dict[str, Any] | None, file: str, line: int | None,
                  path: str) -> dict[str, Any]:
        """The parameters a check runs with: the item's, else content.yaml's, else the declared default.
        A required parameter given nowhere is a PackError naming the item's check entry."""
        merged: dict[str, Any] = {}
        for key, param in self.params.items():
            if key in params:
                merged[key] = params[key]
            elif pack_defaults and key in pack_defaults:
                merged[key] = pack_defaults[key]
            elif param.default is not None:
                merged[key] = param.default
        for key, param in self.params.items():
            if key not in merged and param.is_required(merged):
                when = (f" when {param.required_when[0]} lists {' or '.join(param.required_when[1])}"
                        if param.required_when else "")
                raise s.PackError(file, line, f"{path}.{key}",
                                  f"required parameter of kind {self.name} is missing{when} ({param.type}: {param.doc}); "
                                  f"give it in this check entry or as `{self.name}: {{{key}: …}}` in content.yaml")
        return merged


_REGEXES = s.list_of(s.regex)
_NUMBER_PAIR = s.list_of_n(s.positive(s.number), 2)

KINDS: dict[str, KindSpec] = {k.name: k for k in (
    KindSpec("placeholder", "unfilled template marks (××, ×（高、中、初）, ××××年××月××日, 某某, ____) in a document's text", {
        "patterns": Param(_REGEXES, "list of regular expressions",
                          "what an unfilled mark of the notice's templates looks like; a named group names the kind of "
                          "mark (`rules new` writes a starting set into content.yaml)", required=True),
        "max_per_file": Param(s.positive(s.integer), "integer", "at most this many findings per file", default=3),
    }, reads_text=True),
    KindSpec("statement", "a wording the notice prescribes must be in the document (width, punctuation, whitespace "
                          "aside; OCR noise tolerated up to the threshold)", {
        "text": Param(s.string, "string", "the prescribed wording, verbatim from the notice", required=True),
        "threshold": Param(s.between(0.5, 1.0), "number 0.5–1", "similarity from which a sentence counts as the "
                           "prescribed one (1 = exact)", default=0.82),
    }, reads_text=True),
    KindSpec("publicity-period", "a publicity (公示) lasts at least N working days, official holidays and make-up "
                                 "workdays counted, and ends within the submission window", {
        "min_working_days": Param(s.positive(s.integer), "integer", "the notice's minimum number of working days",
                                  required=True),
        "keywords": Param(s.non_empty(s.list_of(s.text)), "list of strings",
                          "words that introduce the period in the document (公示时间, 公示期); the dates nearest "
                          "them are the period", required=True),
    }, reads_text=True),
    KindSpec("seal", "a document that must carry an official seal shows a red circular one (scans); a born-digital "
                     "PDF gets a warning", looks_at_whole_image=True,
             looks_for_seal=True),
    KindSpec("signature", "a document the applicant must sign is the scan of the signed paper, not a text-only PDF"),
    KindSpec("identity", "a document that names a person, ID number, series or level names the applicant's", {
        "fields": Param(s.list_of(s.one_of("name", "id_number", "series", "level")), "list of name, id_number, series, level",
                        "what to compare with the profile", default=["name", "id_number", "series", "level"]),
        "name_patterns": Param(_REGEXES, "list of regular expressions",
                               "where a document names its person (one group: the name), e.g. 现对…同志, 姓名：…",
                               required_when=("fields", ("name",))),
        "series_level_pattern": Param(s.regex, "regular expression",
                                      "where a document names the series and level applied for (two groups)",
                                      required_when=("fields", ("series", "level"))),
        "field_labels": Param(s.list_of(s.string), "list of strings",
                              "words that follow 姓名 in a form's header row and are labels, not names", default=[]),
    }, reads_text=True),
    KindSpec("photo-quality", "the ID photo has portrait proportions and enough pixels (pack.yaml files.photo_*)"),
    KindSpec("scan-quality", "a scan has enough resolution to be read, judged over the document's paper size", {
        "paper_mm": Param(_NUMBER_PAIR, "[short, long] in mm", "the document's paper size", default=[210, 297]),
        "min_dpi": Param(s.positive(s.number), "number", "the least effective resolution; without it pack.yaml "
                         "files.min_scan_dpi"),
    }),
    KindSpec("blank-page", "no page is blank (a PDF page that draws nothing, a uniform scan)"),
    KindSpec("file-limits", "what the upload system takes for this item: file formats, size per file, number of "
                            "files, a suggested pixel size. Usually written as the item's `limits:` (or the pack's "
                            "files.limits), which the loader turns into this check", {
        "formats": Param(s.list_of(s.one_of(*FILE_KINDS)), "list of file kinds (jpeg, png, pdf, …)",
                         "the formats this item's files may have; another is unsupported-format (ZC304)"),
        "max_kb": Param(s.positive(s.number), "number (KB, 1 KB = 1024 bytes)",
                        "the largest a file may be; a larger one is too-large (ZC305)"),
        "min_files": Param(s.positive(s.integer), "integer", "the fewest files the item needs (fewer: incomplete, ZC102)"),
        "max_files": Param(s.positive(s.integer), "integer",
                           "the most files the upload slot takes (more: needs-review, ZC407)"),
        "suggest_px": Param(_NUMBER_PAIR, "[width, height] in pixels",
                            "the pixel size the notice suggests; an image of another size gets an info note (ZC306)"),
    }),
)}

# Keys of an item's `limits:` and of pack.yaml `files.limits:` (the file-limits kind's parameters).
LIMIT_KIND = "file-limits"


def content_sections() -> dict[str, s.Check]:
    """content.yaml's kind sections: the defaults of each kind's parameters, validated as the kind declares."""
    return {name: kind.schema() for name, kind in KINDS.items() if kind.params}


def needs_text(item: Item) -> bool:
    """Whether a scan of the item must be read (OCR): a check of it reads words, or its years or parts are
    told by the words of the document."""
    return item.years is not None or item.parts is not None or checks_read_text(item)


def checks_read_text(item: Item) -> bool:
    """Whether a check of the item reads the document's words (a statement, a period, a name)."""
    return any(KINDS[spec.kind].reads_text for spec in item.checks)


def looks_for_seal(item: Item) -> bool:
    """Whether a check of the item reads whether its scans show a red seal."""
    return any(KINDS[spec.kind].looks_for_seal for spec in item.checks)


def needs_whole_look(item: Item) -> bool:
    """A seal to find, or a photo to recognise by its look: the item's scans are looked at whole."""
    return bool(item.match.looks_like) or any(KINDS[spec.kind].looks_at_whole_image for spec in item.checks)
