"""Decode rate of the GATT decoders against a bare ``struct.unpack`` of the same bytes.

Run from the repository root:

    .venv/bin/python bench/decode.py [--calls N] [--repeat R]

For each payload it times, in the same run and the same way (``timeit``, best of R runs
of N calls, per call in ns):

- ``struct.unpack(fmt, data)``: the bare unpack of the same bytes with the format known
  in advance (the floor: no flags, no checks, no result object);
- the typed decoder (``HeartRateMeasurement.from_bytes`` / ``RSCMeasurement.from_bytes``),
  which the collector calls for every notification;
- ``decode_to_json``: the registry path of ``tracker decode`` (UUID lookup + JSON dict);
- for reference, bumble's own ``HeartRateMeasurement.from_bytes`` on the HRM payloads
  (lenient: it does not reject cut-short or padded payloads).

The ratio decoder / struct.unpack is the figure DESIGN.md asks to keep "within a small
factor".
"""

from __future__ import annotations

import argparse
import platform
import struct
import sys
import timeit
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bumble.profiles.heart_rate_service import HeartRateService

from tracker.ble.decoders import decode_to_json
from tracker.ble.heart_rate import HeartRateMeasurement
from tracker.ble.rsc import RSCMeasurement

DEFAULT_CALLS = 100_000  # enough for a stable per-call figure (tens of ms per run)
DEFAULT_REPEAT = 5  # best-of-5 hides scheduler noise on a 2-core machine


@dataclass(frozen=True, slots=True)
class Case:
    name: str
    characteristic: str
    payload: bytes
    struct_format: str
    decoder: str  # the expression timed, over the names in _namespace()


CASES = (
    # A chest strap with contact detection and two RR intervals (Polar H10-like).
    Case(
        "HRM u8 + contact + 2 RR",
        "2a37",
        bytes([0x16, 72]) + struct.pack("<2H", 850, 870),
        "<BBHH",
        "HeartRateMeasurement.from_bytes(data)",
    ),
    # Every HRM field: u16 rate, contact, energy expended, four RR intervals.
    Case(
        "HRM u16 + energy + 4 RR",
        "2a37",
        bytes([0x1F]) + struct.pack("<HH4H", 72, 1234, 850, 860, 870, 880),
        "<BHH4H",
        "HeartRateMeasurement.from_bytes(data)",
    ),
    # InfiniTime: flags 0, one byte of rate.
    Case(
        "HRM flags 0 (InfiniTime)",
        "2a37",
        bytes([0x00, 72]),
        "<BB",
        "HeartRateMeasurement.from_bytes(data)",
    ),
    # A footpod with every field: stride length, total distance, running.
    Case(
        "RSC all fields",
        "2a53",
        bytes([0x07]) + struct.pack("<HBHI", 384, 170, 110, 123456),
        "<BHBHI",
        "RSCMeasurement.from_bytes(data)",
    ),
    Case(
        "RSC speed + cadence",
        "2a53",
        bytes([0x00]) + struct.pack("<HB", 320, 110),
        "<BHB",
        "RSCMeasurement.from_bytes(data)",
    ),
)


def per_call_ns(stmt: str, namespace: dict[str, object], calls: int, repeat: int) -> float:
    timer = timeit.Timer(stmt, globals=namespace)
    return min(timer.repeat(repeat=repeat, number=calls)) / calls * 1e9


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--calls", type=int, default=DEFAULT_CALLS)
    parser.add_argument("--repeat", type=int, default=DEFAULT_REPEAT)
    args = parser.parse_args()

    print(
        f"Python {platform.python_version()} on {platform.machine()}, "
        f"{args.calls} calls, best of {args.repeat}"
    )
    header = (
        f"{'payload':<26} {'bytes':>5} {'unpack ns':>10} {'decoder ns':>11} {'ratio':>6} "
        f"{'json ns':>8} {'ratio':>6} {'bumble ns':>10}"
    )
    print(header)
    print("-" * len(header))
    for case in CASES:
        namespace: dict[str, object] = {
            "data": case.payload,
            "fmt": case.struct_format,
            "unpack": struct.unpack,
            "HeartRateMeasurement": HeartRateMeasurement,
            "RSCMeasurement": RSCMeasurement,
            "decode_to_json": decode_to_json,
            "characteristic": case.characteristic,
            "bumble_hrm": HeartRateService.HeartRateMeasurement,
        }
        # Same bytes, same layout: checks that the floor unpacks what the decoder decodes.
        assert struct.calcsize(case.struct_format) == len(case.payload)
        bare = per_call_ns("unpack(fmt, data)", namespace, args.calls, args.repeat)
        typed = per_call_ns(case.decoder, namespace, args.calls, args.repeat)
        as_json = per_call_ns(
            "decode_to_json(characteristic, data)", namespace, args.calls, args.repeat
        )
        bumble = "-"
        if case.characteristic == "2a37":
            ns = per_call_ns("bumble_hrm.from_bytes(data)", namespace, args.calls, args.repeat)
            bumble = f"{ns:.0f}"
        print(
            f"{case.name:<26} {len(case.payload):>5} {bare:>10.0f} {typed:>11.0f} "
            f"{typed / bare:>5.1f}x {as_json:>8.0f} {as_json / bare:>5.1f}x {bumble:>10}"
        )


if __name__ == "__main__":
    main()
