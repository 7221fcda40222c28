"""The watched folders' job, as the daemon runs it in a child process: import the files
that stopped growing, announce the ones that cannot be read (once each), and judge the
days the new minutes changed (the nightly job, which repeats nothing already done)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from tracker.app.inbox import WAITING, import_watched
from tracker.config import Config
from tracker.daemon.child import InboxSummary
from tracker.daemon.nightly import run_nightly_job
from tracker.store import inbox
from tracker.store.sqlite import Store


def watched_files(config: Config) -> tuple[list[Path], list[str]]:
    """Every file in the watched folders (not in their subfolders, not hidden: a copy in
    progress is often a hidden temporary file that is renamed when done), and a line for
    each folder that cannot be read (a share not mounted, a folder the hub may not read)."""
    folders = config.imports.watch if config.imports is not None else ()
    files: list[Path] = []
    problems: list[str] = []
    for folder in folders:
        try:
            entries = sorted(Path(folder).expanduser().iterdir())
        except OSError as exc:
            problems.append(f"watched folder {folder} cannot be read: {exc.strerror or exc}")
            continue
        files += [p for p in entries if p.is_file() and not p.name.startswith(".")]
    return files, problems


def run_inbox_job(
    store: Store, config: Config, paths: Sequence[Path], *, now_ms: int
) -> InboxSummary:
    outcomes = import_watched(store, config, paths, now_ms=now_ms)
    imported = tuple(o.shown for o in outcomes if o.state == inbox.IMPORTED)
    failures = [o for o in outcomes if o.state == inbox.FAILED]
    failed = tuple((o.shown, o.reason) for o in failures)
    if failed and config.alerts is not None:
        from tracker.alerts.alerter import Alerter  # apprise and paho: only when configured
        from tracker.alerts.events import ImportFailed

        alerter = Alerter(store, config, clock=lambda: now_ms)
        for o in failures:
            alerter.raise_event(ImportFailed(Path(o.shown).name, o.reason, o.sha256))
    nightly = run_nightly_job(store, config, now_ms=now_ms) if imported else None
    same = tuple(o.shown for o in outcomes if o.state == "same")
    waiting = tuple(o.shown for o in outcomes if o.state == WAITING)
    return InboxSummary(imported, failed, same, nightly, waiting)
