"""Windowed medians (tracker/analysis/medians.py): both ways give np.median's result over
each window, exactly, whatever the values and days."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.hypothesis_budget import examples
from tracker.analysis.medians import windowed_medians


def reference(
    values: npt.NDArray[np.float64], day: npt.NDArray[np.intp], n_days: int, window: int, least: int
) -> npt.NDArray[np.float64]:
    out = np.full(n_days, np.nan)
    for d in range(n_days):
        inside = values[(day > d - window) & (day <= d)]
        if inside.shape[0] >= least:
            out[d] = np.median(inside)
    return out


@st.composite
def minutes(draw: st.DrawFn) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.intp], int]:
    n_days = draw(st.integers(1, 20))
    count = draw(st.integers(0, 300))
    # Tenths of a bpm (few distinct values) or any float (nearly all distinct).
    tenths = draw(st.booleans())
    value = (
        st.integers(300, 2200).map(lambda v: v / 10)
        if tenths
        else st.floats(30, 220, allow_nan=False)
    )
    values = np.array(draw(st.lists(value, min_size=count, max_size=count)), np.float64)
    day = np.array(
        draw(st.lists(st.integers(0, n_days - 1), min_size=count, max_size=count)), np.intp
    )
    return values, day, n_days


@pytest.mark.parametrize("max_cells", [10**9, 0], ids=["counts", "partition"])
@settings(max_examples=examples(200), deadline=None)
@given(data=minutes(), window=st.integers(1, 15), least=st.integers(1, 5))
def test_windowed_medians_are_np_median(
    max_cells: int,
    data: tuple[npt.NDArray[np.float64], npt.NDArray[np.intp], int],
    window: int,
    least: int,
) -> None:
    values, day, n_days = data
    got = windowed_medians(values, day, n_days, window, least, max_cells=max_cells)
    want = reference(values, day, n_days, window, least)
    assert np.array_equal(got, want, equal_nan=True)
