"""The hub page's tables: people, their sessions, the audit trail, check-ins, week notes,
the forms already sent.

Created once when ``tracker web`` or ``tracker user`` opens the store; the functions of
:mod:`tracker.store.users`, :mod:`~tracker.store.web_sessions`, :mod:`~tracker.store.audit`,
:mod:`~tracker.store.checkins` and :mod:`~tracker.store.notes` assume they exist.
"""

from __future__ import annotations

from tracker.store.sqlite import Store
from tracker.store.tables import ensure_tables

SCHEMA = """
CREATE TABLE IF NOT EXISTS web_user (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE,
    password_hash TEXT NOT NULL,
    roles TEXT NOT NULL,
    language TEXT,
    created_ms INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS web_session (
    token_hash TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL,
    csrf_token TEXT NOT NULL,
    created_ms INTEGER NOT NULL,
    last_seen_ms INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS web_session_user ON web_session (user_id);
CREATE TABLE IF NOT EXISTS login_failure (
    key TEXT PRIMARY KEY, failures INTEGER NOT NULL, last_ms INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS audit_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    time_ms INTEGER NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL,
    detail TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS checkin (
    date TEXT PRIMARY KEY,
    pain INTEGER NOT NULL, worst_pain INTEGER NOT NULL, energy INTEGER NOT NULL,
    note TEXT NOT NULL, saved_ms INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS week_note (
    week TEXT PRIMARY KEY, text TEXT NOT NULL, author TEXT NOT NULL,
    saved_ms INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS web_form_once (
    token TEXT PRIMARY KEY, used_ms INTEGER NOT NULL);
"""

TABLES = (
    "web_user", "web_session", "login_failure", "audit_log", "checkin", "week_note",
    "web_form_once",
)  # fmt: skip


def ensure_web_tables(store: Store) -> bool:
    """Create the tables where missing; False on a read-only store that lacks them."""
    return ensure_tables(store, SCHEMA, TABLES, "the hub page's tables")
