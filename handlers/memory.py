"""Giving freed memory back to the system after a server's big one-off jobs: planning the
reminders and building the snapshot of the plans.

Each job allocates tens of megabytes for a while (rows, plans, index lists) and frees
them when done, but glibc keeps freed pages for reuse, in each worker thread's arena: a
server would hold on to them until it stopped (10 MB after the start-up plan on the large
dataset). Only a complement: what the server keeps is made small where it is kept.
"""

import ctypes
from collections.abc import Callable
from functools import cache


@cache
def _malloc_trim() -> Callable[[int], int] | None:
    try:
        return ctypes.CDLL(None).malloc_trim
    except AttributeError:
        return None  # not glibc (musl, macOS): nothing to ask


def return_freed_memory() -> None:
    """Ask the C library to hand back the whole free pages of every arena (a few ms)."""
    trim = _malloc_trim()
    if trim is not None:
        trim(0)
