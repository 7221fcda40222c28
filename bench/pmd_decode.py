"""Decode time of Polar PMD accelerometer frames, and the cost of step detection.

Run from the repository root:

    .venv/bin/python bench/pmd_decode.py [--calls N] [--repeat R]

Frames, each timed the same way (``timeit``, best of R runs of N calls, per call in µs):

- a real Verity Sense frame (compressed, 58 samples in two delta blocks of 8 and 10 bits,
  polar-ble-sdk issue #443) and a full compressed frame of the emulated H10 (36 samples);
- ``decode_acc_frame``: header checks, reference sample, every delta block, cumulative sum;
- the floor: a bare ``struct.unpack_from`` of the 10-byte header plus ``np.unpackbits`` of
  the same content bytes (no checks, no sign extension, no sums, no result object);
- for reference, a raw 16-bit frame of 36 samples against ``np.frombuffer(…, "<i2")``.

Step detection: the cost of one second of 52 Hz data fed through ``detect_steps`` the way
the collector feeds it (frame by frame, 36 or 71 samples a call) and in one piece, over ten
minutes of synthesised walking; and the collector's whole per-frame path (decode, to mG,
detect).
"""

from __future__ import annotations

import argparse
import platform
import struct
import sys
import timeit
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tracker.ble.emulated.walk_signal import Stretch, synthesize
from tracker.ble.pmd_data import decode_acc_frame, encode_acc_frame
from tracker.ble.step_detection import StepDetectorParams, StepDetectorState, detect_steps

DEFAULT_CALLS = 20_000  # a stable per-call figure at tens of µs a call
DEFAULT_REPEAT = 5  # best-of-5 hides scheduler noise on a 2-core machine
SAMPLE_RATE_HZ = 52
WALK_S = 600  # ten minutes of walking for the step-detection figures
WALK_STEPS = 1000
H10_FRAME_SAMPLES = 36
VERITY_FRAME_SAMPLES = 71  # a Verity Sense sends about 71 samples a frame at 52 Hz

# polar-ble-sdk issue #443: a Verity Sense's first ACC frame (227 bytes).
VERITY_FRAME = bytes.fromhex(
    "0200416FC41245930A81EE021FFE82FF080A10DA20D6A30BD9CBE7D6F6C4E6F1E1F3E0151AFE281BF8"
    "372C25201319110A2FED4FC07EF4E9BB6E800DC82FB03E14D1AFB07F16C4CC2087340354128BFF8D"
    "00C142FBE6D3DFB5E191532FBEF9ED43B03EFDDB9B903DF503605F7BFAD9DFAE000B2464704012CC"
    "CFBF04E4C533B038084180EFC212EC178146FDFE5BB001F3D1D76F81FFCD7B0FC20136607F43D35F3F"
    "3F78CB06484EFF000EFC820551AB55E34A2D1D0C5FBDE858734DBDEBA06751020CC47041CA267FA0"
    "028919FE3F5F74E72244203F1566B0524D055CA41FBEE96800"
)
HEADER = struct.Struct("<BQB")


def best_us(stmt: str, namespace: dict[str, object], calls: int, repeat: int) -> float:
    timer = timeit.Timer(stmt, globals=namespace)
    return min(timer.repeat(repeat=repeat, number=calls)) / calls * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--calls", type=int, default=DEFAULT_CALLS)
    parser.add_argument("--repeat", type=int, default=DEFAULT_REPEAT)
    args = parser.parse_args()
    print(f"Python {platform.python_version()}, numpy {np.__version__} on {platform.machine()}")
    print(f"{args.calls} calls, best of {args.repeat}\n")

    walk, truth = synthesize([Stretch(WALK_S, WALK_STEPS)], SAMPLE_RATE_HZ, seed=2)
    h10 = np.rint(walk[:H10_FRAME_SAMPLES]).astype(np.int64)
    frames = {
        "Verity Sense, compressed, 58 samples": VERITY_FRAME,
        "emulated H10, compressed, 36 samples": encode_acc_frame(1, h10),
        "emulated H10, raw 16-bit, 36 samples": encode_acc_frame(1, h10, compressed=False),
    }
    header = f"{'frame':<40} {'bytes':>5} {'floor µs':>9} {'decode µs':>10} {'ratio':>6}"
    print(header)
    print("-" * len(header))
    for name, data in frames.items():
        compressed = data[9] & 0x80
        floor = (
            "header(data, 0); unpackbits(frombuffer(data, uint8, offset=16), bitorder='little')"
            if compressed
            else "header(data, 0); frombuffer(data, '<i2', offset=10)"
        )
        namespace: dict[str, object] = {
            "data": data,
            "header": HEADER.unpack_from,
            "frombuffer": np.frombuffer,
            "unpackbits": np.unpackbits,
            "uint8": np.uint8,
            "decode": decode_acc_frame,
        }
        bare = best_us(floor, namespace, args.calls, args.repeat)
        typed = best_us("decode(data)", namespace, args.calls, args.repeat)
        print(f"{name:<40} {len(data):>5} {bare:>9.2f} {typed:>10.2f} {typed / bare:>5.1f}x")

    print(f"\nStep detection over {WALK_S} s of {SAMPLE_RATE_HZ} Hz walking ({truth} steps):")
    params = StepDetectorParams(SAMPLE_RATE_HZ)
    for per_call in (H10_FRAME_SAMPLES, VERITY_FRAME_SAMPLES, walk.shape[0]):
        chunks = [walk[i : i + per_call] for i in range(0, walk.shape[0], per_call)]

        def run(chunks: list[np.ndarray] = chunks) -> int:
            state = StepDetectorState.start(params)
            for chunk in chunks:
                state, _ = detect_steps(state, chunk)
            return state.steps

        seconds = min(timeit.repeat(run, number=1, repeat=args.repeat))
        label = "one piece" if per_call == walk.shape[0] else f"{per_call} samples a call"
        print(
            f"  {label:<22} {seconds / WALK_S * 1e6:8.1f} µs per second of data "
            f"({run()} steps counted)"
        )

    frames_h10 = [
        encode_acc_frame(i, np.rint(walk[i : i + H10_FRAME_SAMPLES]).astype(np.int64))
        for i in range(0, walk.shape[0], H10_FRAME_SAMPLES)
    ]

    def collector_path() -> int:
        state = StepDetectorState.start(params)
        for frame in frames_h10:
            state, _ = detect_steps(state, decode_acc_frame(frame).samples_mg(1.0))
        return state.steps

    seconds = min(timeit.repeat(collector_path, number=1, repeat=args.repeat))
    print(
        f"  decode + mG + detect   {seconds / WALK_S * 1e6:8.1f} µs per second of data "
        f"({seconds / len(frames_h10) * 1e6:.0f} µs a 36-sample frame)"
    )


if __name__ == "__main__":
    main()
