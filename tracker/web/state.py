"""What the web process keeps between requests: the configuration, one store connection
per worker thread, and rendered weeks keyed by the store's last change."""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path

from tracker.config import Config
from tracker.config.web import WebConfig
from tracker.domain.units import MS_PER_S, SECONDS_PER_MINUTE
from tracker.store.sqlite import Store
from tracker.store.web_tables import ensure_web_tables

# Rendered weeks kept in memory: a few weeks in two languages (a week is ~200 kB of HTML).
WEEK_CACHE_ENTRIES = 24


class StorePool:
    """One connection per thread: SQLite in WAL lets them read while the daemon writes,
    and a write waits on the busy timeout instead of failing."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self._local = threading.local()
        self._all: list[Store] = []
        self._lock = threading.Lock()

    def get(self) -> Store:
        store: Store | None = getattr(self._local, "store", None)
        if store is None:
            # tracker web checked the store once before listening; each thread need not.
            store = Store.open(self.data_dir, check=False)
            self._local.store = store
            with self._lock:
                self._all.append(store)
        return store

    def close(self) -> None:
        with self._lock:
            for store in self._all:
                store.close()
            self._all.clear()


class RenderedCache:
    """A small LRU of rendered fragments; a key names everything the fragment depends on."""

    def __init__(self, entries: int = WEEK_CACHE_ENTRIES) -> None:
        self._entries = entries
        self._data: OrderedDict[tuple[object, ...], object] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple[object, ...]) -> object | None:
        with self._lock:
            value = self._data.get(key)
            if value is not None:
                self._data.move_to_end(key)
            return value

    def put(self, key: tuple[object, ...], value: object) -> None:
        with self._lock:
            self._data[key] = value
            self._data.move_to_end(key)
            while len(self._data) > self._entries:
                self._data.popitem(last=False)


@dataclass(slots=True)
class WebState:
    config: Config
    web: WebConfig
    data_dir: Path
    stores: StorePool
    cache: RenderedCache = field(default_factory=RenderedCache)

    @property
    def idle_ms(self) -> int:
        return self.web.session_idle_minutes * SECONDS_PER_MINUTE * MS_PER_S

    @classmethod
    def open(cls, config: Config, data_dir: Path) -> WebState:
        stores = StorePool(data_dir)
        ensure_web_tables(stores.get())
        return cls(config, config.web or WebConfig(), data_dir, stores)
