"""The stored samples read back in time order, for ``tracker sync`` to resend."""

from __future__ import annotations

from collections.abc import Iterator

from tracker.domain import samples
from tracker.store.sqlite import Store

SAMPLE_TABLES = ("heart_rate", "steps", "battery", "connection")


def count_samples(store: Store, since_ms: int | None) -> int:
    """Stored samples of every kind from ``since_ms`` on."""
    lo = -(2**62) if since_ms is None else since_ms
    with store.lock:
        return sum(
            int(
                store.db.execute(f"SELECT count(*) FROM {t} WHERE time_ms >= ?", (lo,)).fetchone()[
                    0
                ]
            )
            for t in SAMPLE_TABLES
        )


def iter_samples(
    store: Store, table: str, since_ms: int | None, chunk: int
) -> Iterator[samples.Sample]:
    """Every stored sample of ``table`` from ``since_ms`` on, in (time, device) order,
    read ``chunk`` rows at a time."""
    columns = {
        "heart_rate": "device, time_ms, bpm, contact, energy_kj, rr_s",
        "steps": "device, time_ms, steps, cadence_spm",
        "battery": "device, time_ms, percent",
        "connection": "device, time_ms, state, detail",
    }[table]
    lo = -(2**62) if since_ms is None else since_ms
    last: tuple[int, str] = (lo - 1, "")
    while True:
        # Keyset pagination: no cursor stays open between batches (the daemon may write).
        with store.lock:
            rows = store.db.execute(
                f"SELECT {columns} FROM {table} WHERE (time_ms, device) > (?, ?) "
                "ORDER BY time_ms, device LIMIT ?",
                (last[0], last[1], chunk),
            ).fetchall()
        if not rows:
            return
        for r in rows:
            if table == "heart_rate":
                rr = tuple(float(x) for x in r[5].split(",")) if r[5] else ()
                contact = None if r[3] is None else bool(r[3])
                yield samples.HeartRateSample(r[0], r[1], r[2], contact, r[4], rr)
            elif table == "steps":
                yield samples.StepSample(r[0], r[1], r[2], r[3])
            elif table == "battery":
                yield samples.BatterySample(r[0], r[1], r[2])
            else:
                yield samples.ConnectionEvent(r[0], r[1], samples.ConnectionState(r[2]), r[3] or "")
        last = (rows[-1][1], rows[-1][0])
        if table == "connection":
            # Several states may share (time, device): finish that key before moving on.
            with store.lock:
                rest = store.db.execute(
                    f"SELECT {columns} FROM {table} WHERE time_ms = ? AND device = ?",
                    (last[0], last[1]),
                ).fetchall()
            seen = {(r[0], r[1], r[2]) for r in rows}
            for r in rest:
                if (r[0], r[1], r[2]) not in seen:
                    yield samples.ConnectionEvent(
                        r[0], r[1], samples.ConnectionState(r[2]), r[3] or ""
                    )
