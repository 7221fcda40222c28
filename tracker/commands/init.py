"""``tracker init``: create an empty store (the other commands never create one by accident)."""

from __future__ import annotations

import argparse

from tracker.commands._common import add_data_dir
from tracker.store.sqlite import DB_NAME, Store


def configure(p: argparse.ArgumentParser) -> None:
    add_data_dir(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    existed = (args.data_dir / DB_NAME).exists()
    with Store.create(args.data_dir):
        pass
    where = args.data_dir.expanduser()
    print(f"a store already exists in {where}" if existed else f"new store created in {where}")
    return 0
