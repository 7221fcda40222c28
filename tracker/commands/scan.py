"""``tracker scan``: list nearby BLE devices and the supported services they advertise,
with ready-to-paste ``[[devices]]`` entries for the allowlist.

Only advertisements are read; nothing is connected. ``--emulated`` scans the emulated
wearables instead of the Bluetooth adapter (for trying tracker without hardware).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from tracker.ble.const import NO_ADAPTER_ADVICE
from tracker.domain.errors import TrackerError, UsageError

if TYPE_CHECKING:
    from bleak.backends.device import BLEDevice
    from bleak.backends.scanner import AdvertisementData

    from tracker.ble.transport import BleTransport

# Five seconds hears devices that advertise every second or two (most straps and watches
# when not connected) several times over.
DEFAULT_SCAN_S = 5.0
# Beyond two minutes a scan finds nothing new; a longer value is a typo.
MAX_SCAN_S = 120.0

# The services the collector records, by the UUID bleak reports, with their names.
SUPPORTED_SERVICES: dict[str, str] = {
    "0000180d-0000-1000-8000-00805f9b34fb": "Heart Rate",
    "00001814-0000-1000-8000-00805f9b34fb": "Running Speed and Cadence",
    "00030000-78fc-48fe-8e23-433b3a1942d0": "InfiniTime Motion",
}
# Other services people recognise in a listing (shown, not recorded).
KNOWN_SERVICES: dict[str, str] = {
    "0000180f-0000-1000-8000-00805f9b34fb": "Battery",
    "0000180a-0000-1000-8000-00805f9b34fb": "Device Information",
    "fb005c80-02e7-f387-1cad-8acd2d8df0c8": "Polar PMD",
}

_SLUG_DROP = re.compile(r"[^a-z0-9]+")
PMD_SERVICE_UUID = "fb005c80-02e7-f387-1cad-8acd2d8df0c8"
# A 128-bit UUID rarely fits a legacy advertisement beside the name and Heart Rate, so the
# Polar models that have PMD are also known by their advertised names (H10, OH1, Verity
# Sense); an H7 or H9 has no PMD.
_POLAR_PMD_NAME = re.compile(r"Polar (H10|OH1|Sense) ")


class BluetoothUnavailable(TrackerError):
    """No usable Bluetooth adapter (exit 1)."""

    exit_code = 1


@dataclass(frozen=True, slots=True)
class ScanResult:
    address: str
    name: str | None
    rssi_dbm: int
    service_uuids: tuple[str, ...]

    @property
    def supported(self) -> tuple[str, ...]:
        """Names of the advertised services the collector records."""
        return tuple(SUPPORTED_SERVICES[u] for u in self.service_uuids if u in SUPPORTED_SERVICES)

    @property
    def offers_pmd(self) -> bool:
        """Whether it has Polar's PMD service (steps from its accelerometer)."""
        advertised = PMD_SERVICE_UUID in self.service_uuids
        return advertised or bool(_POLAR_PMD_NAME.match(self.name or ""))

    @property
    def other_services(self) -> tuple[str, ...]:
        return tuple(
            KNOWN_SERVICES.get(u, u) for u in self.service_uuids if u not in SUPPORTED_SERVICES
        )


def configure(p: argparse.ArgumentParser) -> None:
    p.description = (
        "Listen for BLE advertisements and list nearby devices with the supported "
        "services they advertise (Heart Rate, Running Speed and Cadence, InfiniTime "
        "Motion). Prints a [[devices]] entry for each supported device, to paste into "
        "the configuration's allowlist. Nothing is connected."
    )
    p.add_argument(
        "--seconds",
        type=float,
        default=DEFAULT_SCAN_S,
        metavar="S",
        help=f"how long to listen (default {DEFAULT_SCAN_S:g})",
    )
    p.add_argument("--json", action="store_true", help="print one JSON array instead")
    p.add_argument(
        "--emulated",
        action="store_true",
        help="scan the emulated wearables of `tracker demo` instead of the Bluetooth "
        "adapter (to try tracker without hardware)",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if not 0 < args.seconds <= MAX_SCAN_S:
        raise UsageError(f"--seconds must be more than 0 and at most {MAX_SCAN_S:g}")
    found = asyncio.run(_scan_emulated(args.seconds) if args.emulated else _scan(args.seconds))
    results = sort_results(found)
    if args.json:
        json.dump(
            [as_json(r, i) for r, i in zip(results, device_ids(results), strict=True)],
            sys.stdout,
            indent=2,
        )
        sys.stdout.write("\n")
    else:
        sys.stdout.write(render_text(results, args.seconds))
    return 0


async def _scan(seconds: float, transport: BleTransport | None = None) -> list[ScanResult]:
    from bleak import BleakScanner
    from bleak.exc import BleakError

    backend = transport.scanner_backend if transport is not None else None
    try:
        if backend is None:
            seen = await BleakScanner.discover(timeout=seconds, return_adv=True)
        else:
            seen = await BleakScanner.discover(timeout=seconds, return_adv=True, backend=backend)
    except (BleakError, OSError, EOFError) as exc:
        # No adapter, no D-Bus socket (FileNotFoundError), bluetoothd not running, adapter
        # powered off: bleak and dbus-fast report these as BleakError or OSError.
        detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise BluetoothUnavailable(
            f"Bluetooth is not available ({detail}): {NO_ADAPTER_ADVICE}"
        ) from exc
    return [from_advertisement(device, adv) for device, adv in seen.values()]


async def _scan_emulated(seconds: float) -> list[ScanResult]:
    from tracker.ble.emulated.world import EmulatedWorld

    async with EmulatedWorld(start=datetime.now().astimezone(), stranger=True) as world:
        return await _scan(seconds, world.transport)


def from_advertisement(device: BLEDevice, adv: AdvertisementData) -> ScanResult:
    return ScanResult(
        address=device.address,
        name=adv.local_name or device.name,
        rssi_dbm=adv.rssi,
        service_uuids=tuple(u.lower() for u in adv.service_uuids),
    )


def sort_results(results: Iterable[ScanResult]) -> list[ScanResult]:
    """Supported devices first, then by signal strength (nearest first), then address."""
    return sorted(results, key=lambda r: (not r.supported, -r.rssi_dbm, r.address))


def device_ids(results: Sequence[ScanResult]) -> list[str]:
    """Allowlist ids from names (``polar-h10-0e1a2b3c``), unique within the listing."""
    ids: list[str] = []
    for result in results:
        base = _SLUG_DROP.sub("-", (result.name or "").lower()).strip("-")
        base = base or "device-" + result.address.replace(":", "").lower()[-6:]
        candidate, n = base, 2
        while candidate in ids:
            candidate, n = f"{base}-{n}", n + 1
        ids.append(candidate)
    return ids


def _toml_string(text: str) -> str:
    # A JSON string is a valid TOML basic string (same escapes, \uXXXX included).
    return json.dumps(text, ensure_ascii=False)


def toml_snippet(result: ScanResult, device_id: str) -> str:
    """A ``[[devices]]`` entry: the address identifies the unit (names repeat between
    units of the same model); the name is kept for people reading the config."""
    lines = [
        "[[devices]]",
        f"id = {_toml_string(device_id)}",
        f"address = {_toml_string(result.address)}",
    ]
    if result.name:
        lines.append(f"name = {_toml_string(result.name)}")
    if result.offers_pmd:
        lines.append("pmd_steps = true  # steps from its accelerometer (Polar PMD)")
    return "\n".join(lines) + "\n"


def as_json(result: ScanResult, device_id: str) -> dict[str, Any]:
    return {
        "address": result.address,
        "name": result.name,
        "rssi_dbm": result.rssi_dbm,
        "service_uuids": list(result.service_uuids),
        "supported_services": list(result.supported),
        "pmd": result.offers_pmd,
        "toml": toml_snippet(result, device_id) if result.supported else None,
    }


def render_text(results: Sequence[ScanResult], seconds: float) -> str:
    if not results:
        return (
            f"No BLE devices heard in {seconds:g} s. Wake the wearable (put the strap on, "
            "open the watch's heart-rate screen) and scan again, or scan longer "
            "with --seconds.\n"
        )
    supported = [r for r in results if r.supported]
    out = [
        f"{len(results)} device(s) heard in {seconds:g} s; * = a kind of device tracker can "
        "record, once its entry is in your configuration\n\n"
    ]
    for result in results:
        mark = "*" if result.supported else " "
        services = ", ".join([*result.supported, *result.other_services]) or "-"
        out.append(
            f"{mark} {result.address}  {result.name or '(no name)':<24} "
            f"{result.rssi_dbm:>4} dBm  {services}\n"
        )
    if supported:
        out.append("\nTo record a device, paste its entry into your configuration file:\n")
        for result, device_id in zip(results, device_ids(results), strict=True):
            if result.supported:
                out.append("\n" + toml_snippet(result, device_id))
    else:
        out.append(
            "\nNone of these advertises Heart Rate, Running Speed and Cadence or "
            "InfiniTime Motion.\n"
        )
    return "".join(out)
