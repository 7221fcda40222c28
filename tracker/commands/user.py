"""``tracker user``: the people who may use the hub page (add, list, remove, passwd)."""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import TYPE_CHECKING

from tracker.commands._common import (
    add_actions,
    add_store_options,
    data_dir,
    load,
    open_for_entries,
)
from tracker.domain.errors import UsageError

if TYPE_CHECKING:
    from tracker.store.sqlite import Store

ROLES = ("patient", "therapist", "admin")
# The command line is an actor in the audit trail too.
CLI_ACTOR = "cli"


def configure(p: argparse.ArgumentParser) -> None:
    kinds = add_actions(p, "user_action")
    add = kinds.add_parser("add", help="add a person (password from a prompt or stdin)")
    add.add_argument("name", help="the user name they log in with")
    add.add_argument(
        "--role", action="append", choices=ROLES, required=True,
        help="patient, therapist or admin; repeat for several",
    )  # fmt: skip
    _password_source(add)
    add_store_options(add)
    add.set_defaults(func=run_add)
    ls = kinds.add_parser("list", help="list the users and their roles")
    add_store_options(ls)
    ls.set_defaults(func=run_list)
    rm = kinds.add_parser("remove", help="remove a person; their sessions end at once")
    rm.add_argument("name")
    add_store_options(rm)
    rm.set_defaults(func=run_remove)
    pw = kinds.add_parser("passwd", help="set a new password; their sessions end")
    pw.add_argument("name")
    _password_source(pw)
    add_store_options(pw)
    pw.set_defaults(func=run_passwd)


def _password_source(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--password-stdin", action="store_true",
        help="read the password from the first line of standard input (for scripts)",
    )  # fmt: skip


def _read_password(args: argparse.Namespace) -> str:
    if args.password_stdin:
        line = sys.stdin.readline()
        return line.rstrip("\r\n")
    try:
        first = getpass.getpass("Password: ")
        again = getpass.getpass("Again: ")
    except EOFError:
        # Ctrl-D at the prompt, or no terminal and no --password-stdin.
        raise UsageError(
            "no password given (type it at the prompt, or use --password-stdin); "
            "nothing was changed"
        ) from None
    if again != first:
        raise UsageError("the two passwords differ; nothing was changed")
    return first


def _open(args: argparse.Namespace, *, adding: bool = False) -> Store:
    """The store of the hub's users; the first `user add` may make it in an empty
    directory (open_for_entries), the other actions need one."""
    from tracker.store.sqlite import Store
    from tracker.store.web_tables import ensure_web_tables

    directory = data_dir(args, load(args))
    store = open_for_entries(directory) if adding else Store.open(directory)
    try:
        ensure_web_tables(store)
    except BaseException:
        store.close()
        raise
    return store


def _now_ms() -> int:
    from tracker.domain.clock import wall_clock_ms

    return wall_clock_ms()


def run_add(args: argparse.Namespace) -> int:
    from tracker.app.users import add_user, check_name, check_password
    from tracker.domain.errors import StoreError

    name = check_name(args.name)
    password = _read_password(args)
    check_password(password)
    with _open(args, adding=True) as store:
        try:
            user = add_user(store, name, password, args.role, now_ms=_now_ms(), actor=CLI_ACTOR)
        except StoreError as exc:
            raise UsageError(str(exc)) from exc
    print(f"added {user.name} ({', '.join(sorted(user.roles))})")
    return 0


def run_list(args: argparse.Namespace) -> int:
    from tracker.store.users import list_users

    with _open(args) as store:
        for u in list_users(store):
            print(f"{u.name}\t{','.join(sorted(u.roles))}")
    return 0


def run_remove(args: argparse.Namespace) -> int:
    from tracker.app.users import remove_user

    with _open(args) as store:
        if not remove_user(store, args.name, now_ms=_now_ms(), actor=CLI_ACTOR):
            raise UsageError(f"there is no user called {args.name[:40]!r}")
    print(f"removed {args.name}")
    return 0


def run_passwd(args: argparse.Namespace) -> int:
    from tracker.app.users import change_password, check_password

    password = _read_password(args)
    check_password(password)
    with _open(args, adding=True) as store:
        if not change_password(store, args.name, password, now_ms=_now_ms(), actor=CLI_ACTOR):
            raise UsageError(f"there is no user called {args.name[:40]!r}")
    print(f"new password for {args.name}")
    return 0
