"""The hub itself, for its administrator: wearables, the InfluxDB outbox, the users."""

from __future__ import annotations

from dataclasses import dataclass

from tracker.app.inbox_status import InboxStatus, inbox_status
from tracker.config import Config
from tracker.store.outbox_status import OutboxStatus, read_status
from tracker.store.sqlite import DeviceStatusRow, Store
from tracker.store.users import UserRow, list_users


@dataclass(frozen=True, slots=True)
class HubStatus:
    devices: tuple[DeviceStatusRow, ...]
    outbox: OutboxStatus | None  # None without [influxdb]
    users: tuple[UserRow, ...]
    imports: InboxStatus  # watched folders and the sources their files fill


def hub_status(store: Store, config: Config) -> HubStatus:
    influx = config.influxdb
    outbox = read_status(store, influx.describe()) if influx is not None else None
    return HubStatus(
        tuple(store.device_status()),
        outbox,
        tuple(list_users(store)),
        inbox_status(store, config),
    )
