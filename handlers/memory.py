"""How a server's C library keeps memory: in few arenas, and giving freed memory back to
the system after the big one-off jobs (planning the reminders, building the snapshot of
the plans).

Each job allocates tens of megabytes for a while (rows, plans, growing tuples) and frees
them when done, but glibc keeps freed pages for reuse, in each worker thread's arena: a
server would hold on to them until it stopped (10 MB after the start-up plan on the large
dataset). Only a complement: what the server keeps is made small where it is kept.
"""

import ctypes
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache

# glibc's mallopt() parameter for the most arenas (malloc.h).
M_ARENA_MAX = -8
# Answers, planning and sweeps run in worker threads, each of which glibc would give an
# arena of its own (up to 8 per core), each keeping its freed pages; with the GIL they
# gain nothing from them. Two: 10 MB less on the large dataset after the questions.
ARENAS = 2


@cache
def _libc() -> ctypes.CDLL:
    return ctypes.CDLL(None)  # the C library the process runs on


def limit_arenas() -> None:
    """Keep to ARENAS arenas: called before the server starts any thread."""
    mallopt = getattr(_libc(), "mallopt", None)
    if mallopt is not None:  # not glibc (musl, macOS): nothing to set
        mallopt(M_ARENA_MAX, ARENAS)


@cache
def _malloc_trim() -> Callable[[int], int] | None:
    return getattr(_libc(), "malloc_trim", None)  # glibc's alone


# Held by the big one-off jobs: with the GIL, two at once take as long as one after the
# other, but hold both jobs' tens of megabytes at the same time, and the server keeps the
# higher peak in pieces (9 MB more on the large dataset when a question built the snapshot
# while the start-up plan ran). Re-entrant: a job may start another within it.
_BIG_JOB = threading.RLock()


@contextmanager
def one_big_job_at_a_time() -> Iterator[None]:
    """Around a big one-off job, run in a worker thread: it waits for any other to end,
    and gives back what it freed when it ends."""
    with _BIG_JOB:
        try:
            yield
        finally:
            return_freed_memory()


def return_freed_memory() -> None:
    """Ask the C library to hand back the whole free pages of every arena (a few ms)."""
    trim = _malloc_trim()
    if trim is not None:
        trim(0)
