"""How an OCR worker's allocator hands freed memory back (glibc only; elsewhere nothing changes).

ONNX Runtime, with its arena off, allocates each tensor of a run with malloc and frees it after. glibc keeps
what was freed for later mallocs: its threshold for serving a block by its own mapping rises to the largest
block ever freed, so from the second page on a page's feature maps (tens of MB each) come from the heap,
stay there, and pages of other sizes fragment it. Measured on a folder of 33 phone photos in one process:
500 MB resident at the end against 156 MB with the engine loaded and idle. Two workers each holding that
is the whole of the OCR issue's 700 MB for all processes.

- `TUNABLES`: put in a worker's environment when it is started (glibc reads them only then): malloc asks
  the kernel for transparent huge pages, so a block mapped and unmapped each page costs one page fault a
  2 MB rather than one a 4 KB (measured: the mapping below alone made the folder 15 % slower; with huge
  pages it is as fast as keeping everything);
- `bound_mmap_threshold()`: a block of 4 MB or more is always its own mapping, returned when freed;
- `release_free_memory()`: the heap's free pages returned, once after the models are loaded (parsing them
  leaves 17 MB free in the heap) and by `release_above` after a page when the worker has grown past
  TRIM_ABOVE_BYTES (blocks under 4 MB stay in the heap, and pages of other sizes fragment it).
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import functools
import os
from typing import Any

TUNABLES = "glibc.malloc.hugetlb=1"
MMAP_THRESHOLD_BYTES = 4 * 1024 * 1024
_M_MMAP_THRESHOLD = -3  # mallopt's parameter number (malloc.h)
_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096
# An OCR worker's heap is trimmed after a page when the worker holds more than this: the engine and models
# are 156 MB, a page's text lines and the scan's pixels the rest (measured on a 4-applicant slot drive with
# --ocr --jobs 2: peak of all processes 804 → 711 MB, 3 % slower; a 33-photo folder 668 → 630 MB).
TRIM_ABOVE_BYTES = 240 * 1024 * 1024


def with_tunables(environment: dict[str, str]) -> dict[str, str]:
    """The environment for a worker: ours added to any GLIBC_TUNABLES the user set (theirs win)."""
    theirs = environment.get("GLIBC_TUNABLES", "")
    if "glibc.malloc.hugetlb" in theirs:
        return environment
    return {**environment, "GLIBC_TUNABLES": f"{theirs}:{TUNABLES}" if theirs else TUNABLES}


@functools.lru_cache(maxsize=1)
def _glibc() -> Any:
    """glibc, or None (musl, macOS, Windows: their allocators are left alone)."""
    with contextlib.suppress(Exception):
        name = ctypes.util.find_library("c")
        if name:
            libc = ctypes.CDLL(name)
            if hasattr(libc, "malloc_trim") and hasattr(libc, "mallopt"):
                return libc
    return None


def bound_mmap_threshold(threshold: int = MMAP_THRESHOLD_BYTES) -> bool:
    libc = _glibc()
    if libc is None:
        return False
    with contextlib.suppress(Exception):
        return bool(libc.mallopt(_M_MMAP_THRESHOLD, int(threshold)))
    return False


def release_free_memory() -> None:
    libc = _glibc()
    if libc is not None:
        with contextlib.suppress(Exception):
            libc.malloc_trim(0)


def resident_bytes() -> int:
    """This process's resident set (Linux; 0 where /proc is not there)."""
    try:
        with open("/proc/self/statm", "rb") as f:
            return int(f.read().split()[1]) * _PAGE
    except (OSError, ValueError, IndexError):
        return 0


def release_above(budget: int) -> None:
    """The heap's free pages returned when the process holds more than `budget` bytes (a trim costs the
    page faults of taking them again, so only when the heap has grown)."""
    if resident_bytes() > budget:
        release_free_memory()
