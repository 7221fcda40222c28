"""A synthesised chest accelerometer: gravity, one acceleration wave per step, sensor noise.

What the emulated Polar strap streams and what the step-detection tests count. The truth
is exact: a stretch of ``steps`` steps holds exactly that many step waves, each inside
its own slot of the stretch, so a signal cut into stretches (the emulated world's ticks)
keeps every step whole and the count per stretch is known.

One step, over its duration ``w`` and with ``u = t / w`` running from -1/4 to 3/4::

    vertical        A (cos 2πu + 0.25 sin 4πu)   one peak (just after u = 0), one trough
    antero-posterior 0.3 A sin 4πu

Both are zero at the ends of the wave, so steps join continuously with each other and
with standing still, whatever the cadence. Axes: y is vertical (the strap upright reads
+1 G on y at rest), z antero-posterior, x lateral.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

GRAVITY_MG = 1000.0
# Peak vertical acceleration of a step at the chest: a few tenths of a G while walking.
STEP_AMPLITUDE_MG = 250.0
# Step to step variation of that amplitude (uniform, ±).
STEP_AMPLITUDE_JITTER = 0.1
# A step's wave lasts at most this long (about 110 steps/min); slower stepping leaves
# still stretches between the waves rather than stretching them.
STEP_WAVE_MAX_S = 0.55
SECOND_HARMONIC = 0.25  # relative amplitude of the sin 4πu term (an asymmetric wave)
ANTERO_POSTERIOR = 0.3  # relative amplitude of the forward-backward component
# Accelerometer noise, each axis, Gaussian (a still MEMS sensor reads a few mG).
SENSOR_NOISE_MG = 4.0
WAVE_START_U = -0.25  # the wave starts and ends at zero crossings of cos 2πu


@dataclass(frozen=True, slots=True)
class Stretch:
    """``duration_s`` of signal holding exactly ``steps`` steps (0: standing still)."""

    duration_s: float
    steps: int

    def __post_init__(self) -> None:
        if self.duration_s <= 0 or self.steps < 0:
            raise ValueError(f"impossible stretch {self}")
        if self.steps and self.duration_s / self.steps < STEP_WAVE_MAX_S / 2:
            raise ValueError(f"{self.steps} steps do not fit in {self.duration_s} s")


class WalkSynth:
    """Renders stretches one after the other at ``sample_rate_hz``; sample ``i`` of the
    whole signal is at ``i / sample_rate_hz`` seconds, whatever the stretches' sizes."""

    def __init__(
        self,
        sample_rate_hz: float,
        *,
        seed: int = 1,
        noise_mg: float = SENSOR_NOISE_MG,
        amplitude_mg: float = STEP_AMPLITUDE_MG,
    ) -> None:
        self.sample_rate_hz = sample_rate_hz
        self.noise_mg = noise_mg
        self.amplitude_mg = amplitude_mg
        self._rng = np.random.default_rng(seed)
        self._time_s = 0.0  # start of the next stretch
        self.samples_rendered = 0
        self.steps = 0  # steps rendered so far
        self.peak_times_s: list[float] = []

    def render(self, stretch: Stretch) -> npt.NDArray[np.float64]:
        """The stretch's samples, (n, 3) x y z in mG."""
        start = self._time_s
        end = start + stretch.duration_s
        # Samples whose time falls in [start, end).
        last = math.ceil(end * self.sample_rate_hz - 1e-9)
        idx = np.arange(self.samples_rendered, last)
        t = idx / self.sample_rate_hz
        self.samples_rendered = last
        self._time_s = end
        acc = np.zeros((idx.shape[0], 3))
        acc[:, 1] = GRAVITY_MG
        if stretch.steps:
            slot = stretch.duration_s / stretch.steps
            wave = min(slot, STEP_WAVE_MAX_S)
            for k in range(stretch.steps):
                begin = start + k * slot + (slot - wave) / 2
                u = (t - begin) / wave + WAVE_START_U
                inside = (u >= WAVE_START_U) & (u < WAVE_START_U + 1)
                a = self.amplitude_mg * (
                    1 + self._rng.uniform(-STEP_AMPLITUDE_JITTER, STEP_AMPLITUDE_JITTER)
                )
                ui = u[inside]
                acc[inside, 1] += a * (
                    np.cos(2 * np.pi * ui) + SECOND_HARMONIC * np.sin(4 * np.pi * ui)
                )
                acc[inside, 2] += a * ANTERO_POSTERIOR * np.sin(4 * np.pi * ui)
                self.peak_times_s.append(begin - WAVE_START_U * wave)
            self.steps += stretch.steps
        if self.noise_mg:
            acc += self._rng.normal(0.0, self.noise_mg, acc.shape)
        return acc


def synthesize(
    stretches: Sequence[Stretch], sample_rate_hz: float, *, seed: int = 1, **options: float
) -> tuple[npt.NDArray[np.float64], int]:
    """A whole recording: the samples (n, 3) in mG and its true step count."""
    synth = WalkSynth(sample_rate_hz, seed=seed, **options)
    parts = [synth.render(s) for s in stretches]
    return np.concatenate(parts), synth.steps
