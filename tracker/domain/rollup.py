"""The minute rollup rule: how a minute's samples from several sources become one row.

- Steps: each source's steps in the minute are summed, and the minute counts the larger
  source, never the sum (a watch and a footpod worn together see the same steps).
- Heart rate: the mean of the minute's samples, leaving out samples whose sensor reports
  no skin contact (a strap lying on the table).

These functions are the rule as the daemon's live monitors apply it sample by sample; the
store applies the same rule in SQL over whole windows (``Store.minute_rows``), and a test
holds the two against each other.
"""

from __future__ import annotations

from collections.abc import Iterable


def minute_steps(steps_by_source: Iterable[int]) -> int:
    """The minute's steps: the larger source (0 without any)."""
    return max(steps_by_source, default=0)


def counts_for_heart_rate(contact: bool | None) -> bool:
    """Whether a heart-rate sample counts: not when the sensor says there is no contact
    (``None``, contact unknown, as from InfiniTime, counts)."""
    return contact is not False
