"""statement: a wording the notice prescribes must be in the document (after normalising width,
punctuation and whitespace; OCR noise tolerated up to a similarity threshold).

Passing: 本单位已对提供的申报材料逐一审核，真实、完整、有效，同意推荐。
Failing: 经审核，同意推荐。 (ZC403); only a scan nobody could read, or a text without the wording beside one
(ZC408: the wording may be on the scan — OCR or a person decides; with --ocr on, ZC407: OCR read nothing of it).
"""

from __future__ import annotations

from zccheck.checks.context import ItemContext
from zccheck.content.statement import find_statement
from zccheck.models import finding

KIND = "statement"


def run(ctx: ItemContext):
    required = ctx.param("text")
    threshold = ctx.param("threshold", 0.82)
    readable = [cf for cf in ctx.files if cf.facts.usable and cf.facts.has_text]
    scans = [cf for cf in ctx.files if cf.facts.usable and not cf.facts.has_text]
    matches = [(find_statement(cf.facts.text, required, threshold), cf) for cf in readable]
    if any(match.found for match, _ in matches):
        return
    if scans and ctx.ocr_enabled:
        # OCR ran and read nothing of it (a faint or JBIG2 page): a person decides, and a better scan would let OCR.
        yield finding("ZC407", ctx.item.id, scans[0].facts.path, problem="statement-scan-unread",
                      data={"problem": "statement-scan-unread"})
    elif scans:
        # The wording may well be on the scan nobody could read: OCR or a person decides, never a false error.
        yield finding("ZC408", ctx.item.id, scans[0].facts.path, problem="statement-on-scan")
    elif matches:
        best, cf = max(matches, key=lambda pair: pair[0].similarity)
        yield finding("ZC403", ctx.item.id, cf.facts.path, statement=required,
                      data={"similarity": round(best.similarity, 3)})
