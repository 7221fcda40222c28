"""What the person last entered, cheaply: part of the key of a rendered week, so that a
new check-in, exercise, exposure or mark shows on the week page at once."""

from __future__ import annotations

from tracker.store.sqlite import Store

# (table, what changes when a row is added, changed or removed there)
_PROBES = (
    ("checkin", "SELECT max(saved_ms), count(*) FROM checkin"),
    ("relaxation", "SELECT max(saved_ms), count(*) FROM relaxation"),
    ("exposure", "SELECT max(id), count(*) FROM exposure"),
    ("ladder_item", "SELECT max(id), count(*), total(done), max(done_ms) FROM ladder_item"),
    ("session_mark", "SELECT max(session_id), count(*) FROM session_mark"),
)


def entries_marker(store: Store) -> tuple[object, ...]:
    """A value that changes whenever an entry of the program's tables changes."""
    out: list[object] = []
    with store.lock:
        for table, query in _PROBES:
            if store.has_table(table):
                out.extend(store.db.execute(query).fetchone())
            else:
                out.append(None)
    return tuple(out)
