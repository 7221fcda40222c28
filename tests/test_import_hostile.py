"""``tracker import`` of files no tracker wrote: each refused in one line, nothing stored."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from tests.cli import tracker_process
from tracker.formats import fit, minute_csv

FIT_HEADER = b"\x0e\x10\x00\x00\x00\x00\x00\x00.FIT\x00\x00"


def sparse(path: Path, head: bytes, size: int) -> Path:
    """A file of ``size`` bytes that takes no disk: ``head``, then a hole."""
    path.write_bytes(head)
    os.truncate(path, size)
    return path


def test_a_file_far_larger_than_any_export_is_refused_before_it_is_read(tmp_path: Path) -> None:
    huge_csv = sparse(
        tmp_path / "minutes.csv", b"time,steps,heart_rate_bpm\n", minute_csv.MAX_FILE_BYTES + 1
    )
    huge_fit = sparse(tmp_path / "run.fit", FIT_HEADER, fit.MAX_FILE_BYTES + 1)
    data = tmp_path / "data"
    for huge, words in ((huge_csv, "ten years of minutes"), (huge_fit, "a watch's FIT file")):
        done = tracker_process("import", "--data-dir", data, "--timezone", "UTC", huge)
        assert done.returncode == 1, done.stderr
        assert done.stderr.startswith(f"tracker: {huge}: is larger than {words} can be ("), (
            done.stderr
        )
    assert not (data / "tracker.db").exists()  # refused before a store was made


def test_a_device_name_with_line_ends_and_escapes_is_shown_on_one_plain_line(
    tmp_path: Path,
) -> None:
    from tests.test_store_gadgetbridge import BAND, build

    export = build(tmp_path / "Gadgetbridge")
    with sqlite3.connect(export) as db:  # a name no phone wrote: two lines, a colour, a blob
        evil = "Amazfit Bip\n\x1b[31mrood " + "x" * 100_000
        db.execute("UPDATE DEVICE SET NAME = ? WHERE _id = ?", (evil, BAND))
    db.close()
    data = tmp_path / "data"
    refused = tracker_process("import", "--data-dir", data, "--timezone", "UTC", export)
    assert refused.returncode == 1
    [line] = refused.stderr.splitlines()
    assert "\x1b" not in line and len(line) < 400, line[:400]
    assert "Amazfit Bip [31mrood xxx" in line
    shown = line.split("holds several devices: ", 1)[1].split(", ")[0]
    done = tracker_process(
        "import", "--data-dir", data, "--timezone", "UTC", "--device", shown, export
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"Gadgetbridge database from {shown}, ")
