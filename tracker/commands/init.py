"""``tracker init``: create an empty store (the other commands never create one by accident)."""

from __future__ import annotations

import argparse

from tracker.commands._common import add_store_options, data_dir, load
from tracker.store.sqlite import DB_NAME, Store


def configure(p: argparse.ArgumentParser) -> None:
    add_store_options(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    where = data_dir(args, load(args)).expanduser()
    existed = (where / DB_NAME).exists()
    with Store.create(where):
        pass
    print(f"a store already exists in {where}" if existed else f"new store created in {where}")
    return 0
