"""Watch the ``[import] watch`` folders and hand complete new files to the inbox child.

Change events come from inotify through ``watchfiles``; because network shares often send
none, the folders are also looked through every ``rescan_minutes``. A file is complete
once its size and modification time have stayed the same for ``settle_seconds`` (a copy
arrives in pieces), and a minute table or check-in list whose last line has no line end
once it has not changed for ``UNENDED_SETTLE_S`` (ten minutes); each complete (path, size,
time) is handed on once. The child records every file by its checksum, so after a restart
the same bytes are not imported again.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from tracker.config.imports import ImportConfig
from tracker.domain.clock import wait_event
from tracker.formats.unfinished import may_still_arrive

log = logging.getLogger("tracker.inbox")

# After a change event, look again no sooner than this (a copy sends many events).
EVENT_DEBOUNCE_S = 0.5
# After watchfiles stopped on an error of its own, watch again after this long.
EVENTS_RESTART_S = 1.0
# Longest wait between two looks while some file is still settling.
SETTLE_POLL_S = 1.0

Handler = Callable[[list[Path]], Awaitable[object]]
# Path, size, mtime and ctime in ns: the ctime changes too when a file the hub could not
# read is made readable (chmod), so it is tried again.
FileKey = tuple[str, int, int, int]


@dataclass(slots=True)
class _Seen:
    key: FileKey
    since: float  # monotonic time at which this (size, mtime) was first seen


@dataclass(slots=True)
class InboxWatcher:
    config: ImportConfig
    # Runs the child with the complete files, waited for before the next; None when they
    # were not imported (they are handed on again later).
    handle: Handler
    clock: Callable[[], float] = time.monotonic
    # Wall time in seconds, to compare with a file's modification time.
    wall_clock: Callable[[], float] = time.time
    _seen: dict[str, _Seen] = field(default_factory=dict)
    _handled: set[FileKey] = field(default_factory=set)
    _missing: set[str] = field(default_factory=set)
    _wake: asyncio.Event = field(default_factory=asyncio.Event)

    @property
    def folders(self) -> list[Path]:
        return [Path(f).expanduser() for f in self.config.watch]

    async def run(self) -> None:
        """Watch until cancelled."""
        events = asyncio.ensure_future(self._events())
        try:
            next_rescan = retry_at = 0.0
            while True:
                now = self.clock()
                ready, settling = self.look(now)
                if ready and now >= retry_at:
                    if await self.handle(ready) is None:
                        # Not imported (a full disk, a child that failed): the files are
                        # handed on again at the next rescan, not forgotten.
                        retry_at = self.clock() + self.config.rescan_minutes * 60
                    else:
                        self._handled.update(self._keys(ready))
                    continue  # the child took a while: look again at once
                if now >= next_rescan:
                    next_rescan = now + self.config.rescan_minutes * 60
                wait = next_rescan - now
                if ready:
                    wait = min(wait, retry_at - now)
                if settling:
                    wait = min(wait, SETTLE_POLL_S)
                self._wake.clear()
                await wait_event(self._wake, max(wait, EVENT_DEBOUNCE_S))
        finally:
            events.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await events

    def look(self, now: float) -> tuple[list[Path], bool]:
        """The complete files not handed on yet, and whether any file is still settling."""
        ready: list[Path] = []
        settling = False
        present: set[str] = set()
        for path in self._files():
            try:
                st = path.stat()
            except OSError:
                continue
            key: FileKey = (str(path), st.st_size, st.st_mtime_ns, st.st_ctime_ns)
            present.add(key[0])
            if key in self._handled:
                continue
            seen = self._seen.get(key[0])
            if seen is None or seen.key != key:
                self._seen[key[0]] = _Seen(key, now)
                settling = True
            elif now - seen.since >= self.config.settle_seconds and not self._unended(path):
                ready.append(path)
            else:
                settling = True
        for gone in set(self._seen) - present:
            del self._seen[gone]
        return ready, settling

    def _unended(self, path: Path) -> bool:
        """A table whose last line may still be arriving (formats.unfinished): it
        waits, a while longer than other files."""
        try:
            return may_still_arrive(path, self.wall_clock())
        except OSError:
            return False  # gone or unreadable: the import says so

    def _files(self) -> list[Path]:
        files: list[Path] = []
        for folder in self.folders:
            try:
                entries = sorted(folder.iterdir())
            except OSError as exc:
                if str(folder) not in self._missing:
                    self._missing.add(str(folder))
                    log.warning("watched folder %s cannot be read: %s", folder, exc.strerror or exc)
                continue
            if str(folder) in self._missing:
                self._missing.discard(str(folder))
                log.info("watched folder %s can be read again", folder)
            # Hidden files are often copies in progress, renamed when complete.
            files += [p for p in entries if p.is_file() and not p.name.startswith(".")]
        return files

    def _keys(self, paths: Sequence[Path]) -> list[FileKey]:
        keys = []
        for path in paths:
            seen = self._seen.get(str(path))
            if seen is not None:
                keys.append(seen.key)
        return keys

    async def _events(self) -> None:
        """Wake the loop on every change in the folders (inotify); ends with the watcher."""
        from watchfiles import awatch  # a compiled watcher: only when folders are watched

        said = ""  # the last stop logged: an error that repeats is logged once
        while True:
            folders = [str(f) for f in self.folders if f.is_dir()]
            if not folders:
                await asyncio.sleep(self.config.rescan_minutes * 60)
                continue
            try:
                async for _ in awatch(*folders, recursive=False, debounce=500):
                    self._wake.set()
            except Exception as raised:  # watchfiles ends in many ways, some in a group
                exc = _first_cause(raised)
                if isinstance(exc, OSError):
                    log.info("folder events unavailable (%s); looking every few minutes", exc)
                    await asyncio.sleep(self.config.rescan_minutes * 60)
                    continue
                # A name that is not UTF-8 ends watchfiles' events: look now (that change
                # is not lost) and watch again.
                if str(exc) != said:
                    said = str(exc)
                    log.info("folder events stopped (%s); watching again", exc)
                self._wake.set()
                await asyncio.sleep(EVENTS_RESTART_S)


def _first_cause(exc: BaseException) -> BaseException:
    """The error inside the exception groups that watchfiles' task group raises."""
    while isinstance(exc, BaseExceptionGroup) and exc.exceptions:
        exc = exc.exceptions[0]
    return exc
