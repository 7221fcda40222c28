"""`tracker scan` in words a person reads: the emulated scan is offered in --help (the
no-adapter advice points to it), and the legend's star means a kind of device tracker
can record, not one it records (a neighbour's strap is never recorded)."""

from __future__ import annotations

import pytest

from tests.cli import tracker
from tracker.ble.emulated.world import IDENTITIES


def test_help_offers_the_emulated_scan() -> None:
    result = tracker("scan", "--help")
    assert result.returncode == 0
    assert "--emulated" in result.stdout and "without hardware" in result.stdout


@pytest.mark.slow
def test_the_legend_does_not_call_a_strangers_strap_recorded() -> None:
    result = tracker("scan", "--emulated", "--seconds", "0.3")
    assert result.returncode == 0, result.stderr
    legend = result.stdout.splitlines()[0]
    assert "recorded by tracker" not in legend
    assert "* = a kind of device tracker can record, once its entry is in your configuration" in (
        legend
    )
    stranger = IDENTITIES["stranger"]
    [row] = [ln for ln in result.stdout.splitlines() if stranger.address in ln and "dBm" in ln]
    assert row.startswith("*")  # its kind is supported; the legend no longer says more
