"""ASCII85 (the PDF filter /ASCII85Decode) decoded in bulk.

reportlab, PostScript printer drivers and some scanner tools wrap each scanned page's JPEG in ASCII85. The
standard library's base64.a85decode converts one 5-character group at a time in Python: about 0.3 s a
megabyte, three quarters of a cold batch of a drive of such scans without OCR (a 100-applicant drive: 120 s
against poppler's 30). With numpy every group is converted at once, in 32-bit columns: about 10 ms a
megabyte. numpy is a dependency of zccheck; the standard library's decoder remains for a body numpy cannot
take (an invalid character, a group out of range), so errors and their messages stay the standard library's.
"""

from __future__ import annotations

import base64

_WHITESPACE = b" \t\n\r\x0b\x0c"


def a85decode(body: bytes) -> bytes:
    """The bytes an ASCII85 body (without <~ ~>) encodes; ValueError when it is not ASCII85."""
    compact = body.translate(None, _WHITESPACE)
    try:
        import numpy as np
    except ImportError:  # pragma: no cover - numpy is a dependency; kept for a broken environment
        return base64.a85decode(compact)
    if b"z" in compact:
        # 'z' stands for a group of four zero bytes and may stand only between groups: expanded where it
        # starts a group, it decodes the same; anywhere else the standard library says what is wrong.
        if any((i % 5) for i in _z_offsets(compact)):
            return base64.a85decode(compact)
        compact = compact.replace(b"z", b"!!!!!")
    pad = -len(compact) % 5
    if pad == 4:  # a final group of one character encodes nothing: invalid
        return base64.a85decode(compact)
    groups = np.frombuffer(compact + b"u" * pad, dtype=np.uint8).reshape(-1, 5) - np.uint8(33)
    if groups.size and int(groups.max()) > 84:  # a character below '!' wraps round above 84 too
        return base64.a85decode(compact)
    # In 32 bits: the last four digits of a group are below 85**4; the first times 85**4 plus them is a
    # group's value, which fits unless the group is out of range (the first digit over 82, or 82 and the
    # rest over 2**32 - 1 - 82 * 85**4).
    rest = groups[:, 1].astype(np.uint32)
    for k in (2, 3, 4):
        rest *= np.uint32(85)
        rest += groups[:, k]
    head = groups[:, 0]
    if head.size and int(head.max()) >= 82:
        top = head == 82
        if int(head.max()) > 82 or int(rest[top].max()) > 0xFFFFFFFF - 82 * 85**4:
            return base64.a85decode(compact)
    values = head.astype(np.uint32) * np.uint32(85**4) + rest
    out = values.astype(">u4").tobytes()
    return out[:len(out) - pad] if pad else out


def _z_offsets(compact: bytes) -> list[int]:
    """Where each 'z' would start in the body with the 'z's before it expanded to five characters."""
    offsets, shift, start = [], 0, 0
    while (i := compact.find(b"z", start)) != -1:
        offsets.append(i + shift)
        shift += 4
        start = i + 1
    return offsets
