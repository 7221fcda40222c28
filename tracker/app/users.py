"""People of the hub page: add and remove them, check a password, keep them logged in.

Passwords are hashed with Argon2id (argon2-cffi) at OWASP's minimum for it (Password
Storage Cheat Sheet: m = 19 MiB, t = 2, p = 1), small enough for a Raspberry Pi. A wrong
password slows the next attempts down, per user name and per client address, with a
delay that doubles with each further failure (:func:`wait_ms`).
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from tracker.domain.errors import UsageError
from tracker.domain.units import MS_PER_S
from tracker.store import audit, login_failures, users, web_sessions
from tracker.store.sqlite import Store
from tracker.store.users import UserRow
from tracker.store.web_sessions import SessionRow
from tracker.store.web_tables import ensure_web_tables

ROLES: tuple[str, ...] = ("patient", "therapist", "admin")
# NIST SP 800-63B: at least 8 characters, and long passphrases allowed.
MIN_PASSWORD_CHARS = 8
MAX_PASSWORD_CHARS = 1024
MAX_NAME_CHARS = 40
NAME_RE = re.compile(r"^[\w.\-]+( [\w.\-]+)*$")

# OWASP Password Storage Cheat Sheet, Argon2id minimum: 19 MiB, 2 iterations, 1 lane.
ARGON2_MEMORY_KIB = 19 * 1024
ARGON2_TIME_COST = 2
ARGON2_PARALLELISM = 1
_HASHER = PasswordHasher(
    time_cost=ARGON2_TIME_COST, memory_cost=ARGON2_MEMORY_KIB, parallelism=ARGON2_PARALLELISM
)
# Checked against for an unknown name, so that it takes as long as a known one.
_DUMMY_HASH = _HASHER.hash(secrets.token_hex(16))

# The slow-down: a few typos are free; after that each failure doubles the wait before
# the next attempt is even checked, up to a quarter of an hour. A household's devices
# each have their own address, so a client gets more free tries than a name.
USER_FREE_FAILURES = 3
CLIENT_FREE_FAILURES = 10
FIRST_DELAY_MS = 1_000
MAX_DELAY_MS = 15 * 60 * 1_000
# A day after the last failure the count starts again.
FAILURE_MEMORY_MS = 24 * 3600 * 1_000

# A session's "last seen" is written at most this often: a page view is a read, not a
# write on every request while the daemon commits.
TOUCH_INTERVAL_MS = 60 * 1_000
SESSION_TOKEN_BYTES = 32  # 256 bits from secrets (OWASP: at least 64 bits of entropy)


def hash_password(password: str) -> str:
    check_password(password)
    return _HASHER.hash(password)


def check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_CHARS:
        raise UsageError(f"the password needs at least {MIN_PASSWORD_CHARS} characters")
    if len(password) > MAX_PASSWORD_CHARS:
        raise UsageError(f"the password may have at most {MAX_PASSWORD_CHARS} characters")


def check_name(name: str) -> str:
    name = name.strip()
    if not name or len(name) > MAX_NAME_CHARS or not NAME_RE.match(name):
        raise UsageError(
            f"a user name has 1 to {MAX_NAME_CHARS} letters, digits, '.', '-' or '_' "
            "(single spaces between words)"
        )
    return name


def check_roles(roles: list[str]) -> frozenset[str]:
    chosen = frozenset(roles)
    unknown = chosen - set(ROLES)
    if not chosen or unknown:
        raise UsageError(f"a role is one of {', '.join(ROLES)}")
    return chosen


def add_user(
    store: Store, name: str, password: str, roles: list[str], *, now_ms: int, actor: str
) -> UserRow:
    name = check_name(name)
    chosen = check_roles(roles)
    ensure_web_tables(store)
    return users.add_user(store, name, hash_password(password), chosen, now_ms=now_ms, actor=actor)


def anyone_may_log_in(store: Store) -> bool:
    """Whether the hub page has at least one user."""
    ensure_web_tables(store)
    return bool(users.list_users(store))


def remove_user(store: Store, name: str, *, now_ms: int, actor: str) -> bool:
    ensure_web_tables(store)
    return users.remove_user(store, name, now_ms=now_ms, actor=actor)


def change_password(store: Store, name: str, password: str, *, now_ms: int, actor: str) -> bool:
    """New password; the person's open sessions end (a leaked one is of no use)."""
    ensure_web_tables(store)
    return users.set_password_hash(
        store, name, hash_password(password), now_ms=now_ms, actor=actor, end_sessions=True
    )


# -- logging in --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LoggedIn:
    user: UserRow
    token: str  # for the cookie
    csrf_token: str


@dataclass(frozen=True, slots=True)
class Refused:
    """Wrong name or password (the page does not say which)."""


@dataclass(frozen=True, slots=True)
class SlowDown:
    wait_s: int  # try again after this long


LoginOutcome = LoggedIn | Refused | SlowDown


def wait_ms(failures: int, free: int) -> int:
    """The wait before the next attempt after ``failures`` failures in a row."""
    if failures < free:
        return 0
    return int(min(FIRST_DELAY_MS * 2 ** (failures - free), MAX_DELAY_MS))


def _keys(name: str, client: str) -> tuple[str, str]:
    return f"user:{name.strip().casefold()}", f"client:{client}"


def _remaining_wait_ms(
    seen: dict[str, login_failures.Failures], name: str, client: str, now_ms: int
) -> int:
    user_key, client_key = _keys(name, client)
    wait = 0
    for key, free in ((user_key, USER_FREE_FAILURES), (client_key, CLIENT_FREE_FAILURES)):
        f = seen.get(key)
        if f is None or now_ms - f.last_ms > FAILURE_MEMORY_MS:
            continue
        wait = max(wait, f.last_ms + wait_ms(f.count, free) - now_ms)
    return wait


def log_in(store: Store, name: str, password: str, *, client: str, now_ms: int) -> LoginOutcome:
    """Check the password (unless the slow-down is on) and start a session. The attempt
    counts as a failure before the password is checked (taken back when it is right), so
    that guesses sent all at once wait their turn as guesses one after another do."""
    wait = login_failures.claim_attempt(
        store,
        list(_keys(name, client)),
        now_ms,
        lambda seen: _remaining_wait_ms(seen, name, client, now_ms),
    )
    if wait > 0:
        audit.add(store, now_ms, name[:MAX_NAME_CHARS], "login_slowed", client)
        return SlowDown(-(-wait // MS_PER_S))
    user = users.find_user(store, name.strip()) if name.strip() else None
    if not _verify(user.password_hash if user else _DUMMY_HASH, password) or user is None:
        audit.add(store, now_ms, name[:MAX_NAME_CHARS], "login_failed", client)
        return Refused()
    login_failures.clear_failures(store, list(_keys(name, client)))
    if _HASHER.check_needs_rehash(user.password_hash):
        users.rehash_password(store, user.id, _HASHER.hash(password))
    token = secrets.token_urlsafe(SESSION_TOKEN_BYTES)
    csrf = secrets.token_urlsafe(SESSION_TOKEN_BYTES)
    web_sessions.create_session(store, token, user.id, csrf, now_ms)
    audit.add(store, now_ms, user.name, "login", client)
    return LoggedIn(user, token, csrf)


def _verify(hashed: str, password: str) -> bool:
    try:
        return _HASHER.verify(hashed, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def current_session(store: Store, token: str, *, now_ms: int, idle_ms: int) -> SessionRow | None:
    """The live session of ``token``: None when unknown, idle too long (then it is
    removed), or its user was removed."""
    session = web_sessions.find_session(store, token)
    if session is None:
        return None
    if now_ms - session.last_seen_ms > idle_ms:
        web_sessions.delete_session(store, session.token_hash)
        return None
    if now_ms - session.last_seen_ms >= TOUCH_INTERVAL_MS:
        web_sessions.touch_session(store, session.token_hash, now_ms)
    return session


def log_out(store: Store, session: SessionRow, *, now_ms: int) -> None:
    web_sessions.delete_session(store, session.token_hash)
    audit.add(store, now_ms, session.user.name, "logout", "")


def set_language(store: Store, user: UserRow, language: str) -> None:
    users.set_language(store, user.id, language)
