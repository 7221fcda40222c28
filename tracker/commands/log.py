"""``tracker log session``: record a session of an activity the sensors cannot see.

Walking sessions come from step bouts; cycling, swimming and the like are logged by hand
(the brochure's registration) and judged against the plan's agreed time like any other.
"""

from __future__ import annotations

import argparse
import math
from datetime import datetime, time

from tracker.commands._common import add_config, add_data_dir, load
from tracker.domain.errors import UsageError
from tracker.domain.units import MINUTES_PER_DAY

# A session logged with only a date is placed at noon: inside the day in every zone,
# whatever the DST change that night.
LOGGED_DAY_TIME = time(12, 0)


def configure(p: argparse.ArgumentParser) -> None:
    kinds = p.add_subparsers(dest="log_kind", metavar="KIND", parser_class=type(p))
    kinds.required = True
    session = kinds.add_parser("session", help="a session of the plan's activity, in minutes")
    add_data_dir(session)
    add_config(session)
    session.add_argument("--minutes", type=float, required=True, metavar="M", help="duration")
    session.add_argument("--date", metavar="YYYY-MM-DD", help="the day (default today)")
    session.add_argument("--activity", help="the activity (default: the plan's, else walking)")
    session.set_defaults(func=run_session)


def run_session(args: argparse.Namespace) -> int:
    from tracker.commands.plan import parse_date
    from tracker.pacing.sessions import SOURCE_LOGGED, Session, check_sessions
    from tracker.store.plans import load_plan, log_session
    from tracker.store.sqlite import Store

    config = load(args)
    minutes = float(args.minutes)
    if not math.isfinite(minutes) or not 0 < minutes <= MINUTES_PER_DAY:
        raise UsageError(f"--minutes must be more than 0 and at most 1440 (got {args.minutes:g})")
    tz = config.zone
    now = datetime.now(tz).astimezone(tz)
    day = now.date() if args.date is None else parse_date(args.date, "--date")
    if day > now.date():
        raise UsageError(f"--date {day.isoformat()} is in the future; log a session once done")
    start = now if day == now.date() else datetime.combine(day, LOGGED_DAY_TIME, now.tzinfo)
    with Store.open(args.data_dir) as store:
        plan = load_plan(store)
        activity = args.activity or (plan.activity if plan else "walking")
        if not activity.strip():
            raise UsageError("--activity needs a name, e.g. cycling")
        session = Session(start=start, minutes=minutes, source=SOURCE_LOGGED, activity=activity)
        log_session(store, session)
    message = f"logged {minutes:g} min {activity} on {day.isoformat()}"
    if plan is not None and plan.activity == activity:
        check = check_sessions(plan, [session], config.pacing, today=day)
        if check.sessions:
            c = check.sessions[0]
            message += f" (plan week {c.week}, agreed {c.quota:.1f} min: {c.verdict})"
    print(message)
    return 0
