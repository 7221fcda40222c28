"""``tracker import`` of a check-in list (date,pain,worst_pain,energy[,note]): a paper
diary typed into a spreadsheet. Every line is checked first; nothing is written unless the
whole file is good, and check-ins of days already stored are replaced (and counted)."""

from __future__ import annotations

import argparse
from datetime import datetime

from tracker.app.pain import check_checkin_file, store_checkin_file
from tracker.commands._common import data_dir
from tracker.config import Config
from tracker.domain.clock import wall_clock_ms
from tracker.domain.errors import UsageError
from tracker.domain.text import count
from tracker.domain.units import MS_PER_S
from tracker.store.sqlite import Store


def import_checkin_list(args: argparse.Namespace, config: Config) -> int:
    if getattr(args, "device", None) or getattr(args, "replace", False):
        raise UsageError("--device and --replace are for minutes, not for a check-in list")
    now_ms = wall_clock_ms()
    today = datetime.fromtimestamp(now_ms / MS_PER_S, config.zone).date()
    checked = check_checkin_file(args.file, today=today)
    with Store.create(data_dir(args, config), tz=config.zone) as store:
        done = store_checkin_file(store, checked, now_ms=now_ms)
    span = f"{done.first}" if done.first == done.last else f"{done.first} to {done.last}"
    line = f"check-in list, {span}: {count(len(done.checkins), 'check-in')}"
    if done.replaced:
        line += f", {done.replaced} replaced an earlier check-in of the same day"
    print(line)
    return 0
