"""Which bleak backend the collector talks through: the real adapter or an emulated radio.

The collector builds every scanner and client as
``BleakScanner(..., backend=transport.scanner_backend)`` and
``BleakClient(..., backend=transport.client_backend)`` (or passes ``backend=`` through
bleak-retry-connector's ``establish_connection``), so the code under test is the code
that runs against hardware. This module imports nothing heavy: no bumble, no D-Bus.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bleak.backends.client import BaseBleakClient
    from bleak.backends.scanner import BaseBleakScanner


@dataclass(frozen=True, slots=True)
class BleTransport:
    """The bleak backend classes to use; ``None`` means bleak's platform default."""

    # None = bleak picks the platform backend (BlueZ over D-Bus on the hub).
    scanner_backend: type[BaseBleakScanner] | None = None
    client_backend: type[BaseBleakClient] | None = None
    # Shown in logs and `tracker status`, e.g. "system" or "emulated".
    name: str = "system"

    @property
    def emulated(self) -> bool:
        return self.scanner_backend is not None or self.client_backend is not None


# The real adapter, as on the Raspberry Pi.
SYSTEM_TRANSPORT = BleTransport()
