"""Where reports go: stdout or a file; colour only on a terminal, never with NO_COLOR."""

from __future__ import annotations

import os
import sys
from pathlib import Path


def use_color(choice: str, stream=None) -> bool:
    stream = stream or sys.stdout
    if choice == "always":
        return True
    if choice == "never" or os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return bool(getattr(stream, "isatty", lambda: False)())


def write_text(text: str | bytes, target: str | None) -> None:
    if isinstance(text, bytes):  # a binary format (xlsx)
        if target and target != "-":
            Path(target).write_bytes(text)
        else:
            sys.stdout.flush()
            sys.stdout.buffer.write(text)
            sys.stdout.buffer.flush()
        return
    if target and target != "-":
        Path(target).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
        sys.stdout.flush()


def note(message: str, *, show_pii: bool = False) -> None:
    """Human notes go to stderr so machine formats on stdout stay one clean document. Log lines end up
    in CI logs: ID numbers in them are masked, like in every report, unless the user asked for them
    with --show-pii (callers that know the setting pass it)."""
    if not show_pii:
        from zccheck.content.mask import mask_text

        message = mask_text(message)
    sys.stderr.write(message.rstrip("\n") + "\n")
