"""Give memory freed by one build step back to the operating system before the next one starts.

CPython and glibc keep freed heap pages for reuse, so a process's resident size stays at the high
mark of its largest step, and the next step's own working set comes on top of it. The corpus-wide
steps (entity resolution above all) peak after the per-document ones, so returning the pages in
between lowers the build's peak. Only a large input is worth it (the trim walks the whole heap), and the cyclic
collector is not called: a full collection over spaCy's and Dagster's objects costs half a second
each time, and reference counting has freed the tables already. Where the C library has no
`malloc_trim` (not glibc) only Arrow's pool is asked.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import functools

TRIM_MIN_ROWS = 100_000  # inputs smaller than this leave too little behind to be worth a trim


@functools.cache
def _malloc_trim():
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        return libc.malloc_trim
    except (OSError, AttributeError):
        return None


def release_free_memory() -> None:
    """Hand the free pages of the C heap and of Arrow's memory pool back to the system."""
    try:
        import pyarrow as pa
        pa.default_memory_pool().release_unused()
    except (ImportError, AttributeError):
        pass
    trim = _malloc_trim()
    if trim is not None:
        trim(0)
