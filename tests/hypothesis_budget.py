"""How many examples a property or fuzz test tries.

Each test names its number for the full suite (CI runs ``pytest`` without ``-m``) through
:func:`examples`. The fast loop (``pytest -m "not slow"``) loads the ``quick`` profile
(tests/conftest.py), which tries a quarter of that: every property still runs, the
thorough search is the full suite's. ``--hypothesis-profile`` chooses explicitly.
"""

from __future__ import annotations

from hypothesis import settings

QUICK = "quick"
# Hypothesis's default, what a test without a number of its own tries in the full suite.
FULL_EXAMPLES = 100
# The quick profile's default: a quarter of it.
QUICK_EXAMPLES = 25
# Fewer than this would hardly search at all.
MIN_EXAMPLES = 10

settings.register_profile(QUICK, max_examples=QUICK_EXAMPLES)


def examples(full: int) -> int:
    """``full`` examples under the default profile, the same share of it as the loaded
    profile's default of hypothesis's (a quarter under ``quick``)."""
    return max(MIN_EXAMPLES, full * settings().max_examples // FULL_EXAMPLES)
