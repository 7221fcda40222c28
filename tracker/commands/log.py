"""``tracker log session``: record a session of an activity the sensors cannot see.

Walking sessions come from step bouts; cycling, swimming and the like are logged by hand
(the brochure's registration) and judged against the plan's agreed time like any other.
"""

from __future__ import annotations

import argparse
import math
from datetime import datetime

from tracker.app.plans import log_plan_session, logged_start
from tracker.commands import log_relaxation
from tracker.commands._common import (
    add_actions,
    add_store_options,
    data_dir,
    load,
    open_for_entries,
    parse_date,
)
from tracker.commands.plan import VERDICT_WORDS
from tracker.domain.errors import UsageError
from tracker.domain.units import MINUTES_PER_DAY
from tracker.domain.weeks import EARLIEST_ENTRY_DATE
from tracker.pacing.plan import version_on
from tracker.pacing.sessions import SOURCE_LOGGED, Session, check_sessions
from tracker.store.plans import load_plans


def configure(p: argparse.ArgumentParser) -> None:
    kinds = add_actions(p, "log_kind", "KIND")
    session = kinds.add_parser("session", help="a session of the plan's activity, in minutes")
    add_store_options(session)
    session.add_argument("--minutes", type=float, required=True, metavar="M", help="duration")
    session.add_argument("--date", metavar="YYYY-MM-DD", help="the day (default today)")
    session.add_argument("--activity", help="the activity (default: the plan's, else walking)")
    session.add_argument(
        "--kind",
        choices=("must", "want"),
        help="a must activity (moeten) or one you want to do (mogen): the week shows the balance",
    )
    session.set_defaults(func=run_session)
    log_relaxation.add_parser(kinds)


def run_session(args: argparse.Namespace) -> int:
    config = load(args)
    minutes = float(args.minutes)
    if not math.isfinite(minutes) or not 0 < minutes <= MINUTES_PER_DAY:
        raise UsageError(f"--minutes must be more than 0 and at most 1440 (got {args.minutes:g})")
    tz = config.zone
    now = datetime.now(tz).astimezone(tz)
    day = now.date() if args.date is None else parse_date(args.date, "--date")
    if day > now.date():
        raise UsageError(f"--date {day.isoformat()} is in the future; log a session once done")
    if day < EARLIEST_ENTRY_DATE:
        raise UsageError(f"--date {day.isoformat()} is before 2000; check the year")
    start = logged_start(day, now)
    with open_for_entries(data_dir(args, config)) as store:
        versions = load_plans(store)
        plan = version_on(versions, day) or (versions[-1] if versions else None)
        activity = (args.activity or (plan.activity if plan else "walking")).strip()
        if not activity:
            raise UsageError("--activity needs a name, e.g. cycling")
        session = Session(start=start, minutes=minutes, source=SOURCE_LOGGED, activity=activity)
        why_not = log_plan_session(store, session, kind=getattr(args, "kind", None))
    message = f"logged {minutes:g} min {activity} on {day.isoformat()}"
    if why_not is not None:
        message += f"; it does not count for the plan: {why_not}"
    elif plan is not None:
        check = check_sessions(plan, [session], config.pacing, today=day)
        if check.sessions:
            c = check.sessions[0]
            message += (
                f" (plan week {c.week}, agreed {c.quota:.1f} min: {VERDICT_WORDS[c.verdict]})"
            )
    print(message)
    return 0
