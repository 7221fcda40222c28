"""The hub page's memory: large buffers go back to the system once freed.

glibc serves an allocation of 128 KiB or more from a mapping of its own and unmaps it when
it is freed, but it raises that threshold after the first such free (up to 32 MiB, its
"dynamic" threshold), and from then on keeps those buffers in its heap, resident for the
life of the process. In ``tracker web`` that was a login's Argon2 buffer (19 MiB) and the
minute arrays of a year behind the Log and Week pages: +20 MB after the first login and
+29 MB after the first Log page, never given back (bench/web_rss.py). Fixing the threshold
at its default turns the dynamic rise off (mallopt(3)).
"""

from __future__ import annotations

import ctypes

# glibc's soname on Linux; elsewhere (musl, macOS) there is nothing to tune.
GLIBC_SONAME = "libc.so.6"
# mallopt(3) parameter number of M_MMAP_THRESHOLD in glibc's <malloc.h>.
M_MMAP_THRESHOLD = -3
# glibc's own default: buffers from this size up are mapped apart and unmapped when freed.
MMAP_THRESHOLD_BYTES = 128 * 1024


def return_large_buffers() -> bool:
    """Fix glibc's mmap threshold at its default; False where there is no glibc."""
    try:
        libc = ctypes.CDLL(GLIBC_SONAME)
    except OSError:
        return False
    mallopt = getattr(libc, "mallopt", None)
    if mallopt is None:
        return False
    return bool(mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD_BYTES))
