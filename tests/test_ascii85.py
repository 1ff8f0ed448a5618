"""zccheck.scan.ascii85 decodes exactly what the standard library decodes, and refuses what it refuses."""

from __future__ import annotations

import base64
import random

import pytest

from zccheck.scan.ascii85 import a85decode


@pytest.mark.parametrize("size", [0, 1, 2, 3, 4, 5, 7, 8, 63, 64, 1000, 65_537])
def test_decodes_what_the_standard_library_decodes(size):
    rng = random.Random(size)
    # runs of zero bytes make 'z' groups; wrapped lines put whitespace anywhere
    raw = bytes(rng.choice([0, 0, 0, 0, rng.randrange(256)]) for _ in range(size))
    raw += b"\xff" * 4  # the largest group, s8W-!: the edge of 32 bits
    for encoded in (base64.a85encode(raw, wrapcol=75), base64.a85encode(raw), base64.a85encode(raw, foldspaces=False)):
        assert a85decode(encoded) == raw
        assert a85decode(b" " + encoded.replace(b"!", b"!\n", 3) + b"\r\n") == raw


@pytest.mark.parametrize("bad", [b"abc{", b"!!z!!!", b"uuuuu", b"s8W-\"", b"!!!!!\x80"])
def test_refuses_what_the_standard_library_refuses(bad):
    with pytest.raises(ValueError) as ours:
        a85decode(bad)
    with pytest.raises(ValueError) as theirs:
        base64.a85decode(bad)
    assert str(ours.value) == str(theirs.value)
