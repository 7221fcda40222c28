"""The tables of the program's exercises: the fear ladder and its exposures, relaxation
exercises, the worksheets' answers and must/want marks on logged sessions.

Created where missing by every function that writes them; a read-only store that lacks
them simply holds none (nothing was ever entered there).
"""

from __future__ import annotations

from tracker.store.sqlite import Store
from tracker.store.tables import ensure_tables

SCHEMA = """
CREATE TABLE IF NOT EXISTS ladder_item (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE,
    fear INTEGER NOT NULL,
    done INTEGER NOT NULL DEFAULT 0,
    added_ms INTEGER NOT NULL,
    done_ms INTEGER);
CREATE TABLE IF NOT EXISTS exposure (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    item_id INTEGER NOT NULL,
    time TEXT NOT NULL,                -- ISO 8601 with its UTC offset
    time_ms INTEGER NOT NULL,
    expected_pain INTEGER NOT NULL, expected_fear INTEGER NOT NULL,
    pain INTEGER NOT NULL, fear INTEGER NOT NULL,
    saved_ms INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS exposure_item ON exposure (item_id);
CREATE TABLE IF NOT EXISTS relaxation (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    start TEXT NOT NULL,               -- ISO 8601 with its UTC offset
    start_ms INTEGER NOT NULL,
    minutes REAL,                      -- NULL while the exercise is running
    kind TEXT NOT NULL,
    saved_ms INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS relaxation_start ON relaxation (start_ms);
CREATE TABLE IF NOT EXISTS worksheet_answer (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    question TEXT NOT NULL, date TEXT NOT NULL, text TEXT NOT NULL,
    author TEXT NOT NULL, saved_ms INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS session_mark (
    session_id INTEGER PRIMARY KEY,    -- pacing_session.id
    kind TEXT NOT NULL);
"""

TABLES = ("ladder_item", "exposure", "relaxation", "worksheet_answer", "session_mark")


def ensure_program_tables(store: Store) -> bool:
    """Create the tables where missing; False on a read-only store that lacks them."""
    return ensure_tables(store, SCHEMA, TABLES, "the exercise tables")
