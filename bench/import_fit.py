"""``read_fit`` on a long activity against the FIT SDK's Decoder alone reading the same file.

Writes a 10-hour walk at one record a second (36,000 records with heart rate, cadence,
distance, speed, position and altitude, as a watch writes them; ``--hrv`` adds beat
messages) with the SDK's Encoder, then times, interleaved in one run, best of ``--repeat``:

- ``sdk``: ``Decoder(Stream.from_file(path)).read()`` with its default options: what
  reading the file with the SDK costs anyone;
- ``read_fit``: the whole import, minute table and beats included;
- ``sdk, same options``: the Decoder with the options ``read_fit`` gives it (numbers for
  enums and times, hr messages left alone), for reference: the difference to ``read_fit``
  is the cost of turning messages into minutes;

in-process and as whole processes (interpreter start and imports included), and prints
the ratios. The goal is read_fit / sdk <= 1.5 (DESIGN §7, imports).

Reproduce: ``PYTHONPATH=. .venv/bin/python bench/import_fit.py`` (``--hours``, ``--hrv``)

Measured on the 2-core build machine (Python 3.11.7, garmin-fit-sdk 21.218, other
sessions loading it), ``--repeat 5``, best of each:

| file | sdk | read_fit | ratio | sdk, same options | processes sdk / read_fit | ratio | peak RSS |
|---|---|---|---|---|---|---|---|
| 10 h, 1.0 MB | 1.10 s | 1.00 s | 0.91 | 0.91 s | 1.89 s / 1.36 s | 0.72 | 64 / 64 MB |
| 10 h + hrv, 1.3 MB | 1.60 s | 1.46 s | 0.91 | 1.26 s | 1.65 s / 1.69 s | 1.02 | 88 / 88 MB |
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC
from pathlib import Path

from garmin_fit_sdk import Decoder, Encoder, Profile, Stream

from tracker.formats.fit import read_fit

GOAL_RATIO = 1.5
MESG = Profile["mesg_num"]
START = 1_100_000_000  # FIT seconds: 2024-11-08


def write_walk(path: Path, hours: float, hrv: bool) -> int:
    seconds = int(hours * 3600)
    encoder = Encoder()
    device = {"manufacturer": "garmin", "product": 3992, "serial_number": 3412345678}
    encoder.write_mesg({"mesg_num": MESG["FILE_ID"], "type": "activity", **device})
    encoder.write_mesg({"mesg_num": MESG["DEVICE_INFO"], "timestamp": START, **device})
    encoder.write_mesg(
        {"mesg_num": MESG["EVENT"], "timestamp": START, "event": "timer", "event_type": "start"}
    )
    for i in range(seconds):
        encoder.write_mesg(
            {
                "mesg_num": MESG["RECORD"],
                "timestamp": START + i,
                "heart_rate": 95 + i % 30,
                "cadence": 55 + i % 7,
                "fractional_cadence": (i % 4) / 4,
                "distance": i * 1.3,
                "enhanced_speed": 1.3,
                "position_lat": 606_000_000 + 3 * i,
                "position_long": 52_000_000 + 2 * i,
                "enhanced_altitude": 40.0 + (i % 100) / 10,
            }
        )
        if hrv:
            encoder.write_mesg({"mesg_num": MESG["HRV"], "time": [0.6, 0.61, 0.59]})
    end = START + seconds
    encoder.write_mesg(
        {
            "mesg_num": MESG["SESSION"],
            "timestamp": end,
            "start_time": START,
            "total_elapsed_time": seconds,
            "total_timer_time": seconds,
            "sport": "walking",
            "total_cycles": seconds,
        }
    )
    encoder.write_mesg(
        {"mesg_num": MESG["ACTIVITY"], "timestamp": end, "local_timestamp": end + 3600}
    )
    path.write_bytes(encoder.close())
    return seconds


def sdk_read(path: Path) -> None:
    _, errors = Decoder(Stream.from_file(str(path))).read()
    assert not errors, errors


def sdk_read_same_options(path: Path) -> None:
    _, errors = Decoder(Stream.from_byte_array(bytearray(path.read_bytes()))).read(
        convert_datetimes_to_dates=False,
        convert_types_to_strings=False,
        merge_heart_rates=False,
        mesg_listener=lambda num, message: None,
    )
    assert not errors, errors


def best_of(repeat: int, fns: list[Callable[[], object]]) -> list[float]:
    """Best time of each function, the functions interleaved so they share the load."""
    best = [float("inf")] * len(fns)
    for _ in range(repeat):
        for i, fn in enumerate(fns):
            start = time.perf_counter()
            fn()
            best[i] = min(best[i], time.perf_counter() - start)
    return best


def run_process(code: str, path: Path) -> tuple[float, float]:
    """Wall time (s) and peak RSS (MB) of ``python -c code path``, start to exit."""
    start = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-c", code, str(path)])
    _, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode:
        raise SystemExit(f"{code!r} failed with {child.returncode}")
    return elapsed, usage.ru_maxrss / 1024  # ru_maxrss is in KiB on Linux


def best_processes(repeat: int, codes: list[str], path: Path) -> list[tuple[float, float]]:
    """Best wall time and largest peak RSS of each process, interleaved."""
    best = [(float("inf"), 0.0)] * len(codes)
    for _ in range(repeat):
        for i, code in enumerate(codes):
            elapsed, rss = run_process(code, path)
            best[i] = (min(best[i][0], elapsed), max(best[i][1], rss))
    return best


SDK_PROCESS = (
    "import sys\n"
    "from garmin_fit_sdk import Decoder, Stream\n"
    "_, errors = Decoder(Stream.from_file(sys.argv[1])).read()\n"
    "assert not errors\n"
)
READ_FIT_PROCESS = (
    "import sys\n"
    "from datetime import UTC\n"
    "from pathlib import Path\n"
    "from tracker.formats.fit import read_fit\n"
    "read_fit(Path(sys.argv[1]), UTC)\n"
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hours", type=float, default=10.0)
    parser.add_argument("--hrv", action="store_true", help="an hrv message after each record")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "walk.fit"
        records = write_walk(path, args.hours, args.hrv)
        [imported] = read_fit(path, UTC)  # warm-up, and a check that it reads
        print(
            f"{args.hours:g} h walk: {records} records, {path.stat().st_size / 1e6:.1f} MB,"
            f" {len(imported.table)} minutes, {len(imported.beats or [])} beats"
        )
        t_sdk, t_ours, t_same = best_of(
            args.repeat,
            [
                lambda: sdk_read(path),
                lambda: read_fit(path, UTC),
                lambda: sdk_read_same_options(path),
            ],
        )
        (p_sdk, rss_sdk), (p_ours, rss_ours) = best_processes(
            args.repeat, [SDK_PROCESS, READ_FIT_PROCESS], path
        )
    ratio, process_ratio = t_ours / t_sdk, p_ours / p_sdk
    print(f"in-process  sdk {t_sdk:6.2f} s  read_fit {t_ours:6.2f} s  ratio {ratio:.2f}")
    print(f"            sdk with read_fit's options {t_same:6.2f} s")
    print(f"processes   sdk {p_sdk:6.2f} s  read_fit {p_ours:6.2f} s  ratio {process_ratio:.2f}")
    print(f"peak RSS    sdk {rss_sdk:6.0f} MB read_fit {rss_ours:6.0f} MB")
    worst = max(ratio, process_ratio)
    print(f"goal read_fit / sdk <= {GOAL_RATIO}: {'met' if worst <= GOAL_RATIO else 'MISSED'}")
    return 0 if worst <= GOAL_RATIO else 1


if __name__ == "__main__":
    raise SystemExit(main())
