"""``tracker decode CHARACTERISTIC HEX``: decode one GATT value and print it as JSON."""

from __future__ import annotations

import argparse
import json
import re

from tracker.domain.errors import UsageError

# Separators people paste between bytes: spaces, colons (nRF Connect, btmon), dashes,
# commas, underscores and dots; a 0x prefix may start the text or any group.
_SEPARATORS = re.compile(r"[\s:,._-]+")
_HEX_PREFIX = re.compile(r"^0x(?=.)", re.IGNORECASE | re.DOTALL)

_EPILOG = """\
characteristics: 2a37 heart rate measurement, 2a38 body sensor location, 2a53 RSC
measurement, 2a19 battery level, device information strings 2a29 2a24 2a25 2a26 2a27
2a28 (key named after the characteristic, e.g. manufacturer_name), InfiniTime step count
00030001-78fc-48fe-8e23-433b3a1942d0 (key steps) and motion values 00030002-... (x, y, z).
exit status: 0 decoded, 1 malformed payload, 2 unknown characteristic or bad HEX.
"""


def configure(p: argparse.ArgumentParser) -> None:
    p.description = "Decode one BLE characteristic value and print one JSON object."
    p.epilog = _EPILOG
    p.formatter_class = argparse.RawDescriptionHelpFormatter
    p.add_argument(
        "characteristic",
        metavar="CHARACTERISTIC",
        help="UUID: 16-bit form such as 2a37 or 0x2A37, or the full UUID",
    )
    p.add_argument(
        "hex", metavar="HEX", help="the value's bytes in hex, e.g. '00 48' or 10:48:00:04"
    )
    p.set_defaults(func=run)


def parse_hex(text: str) -> bytes:
    """Bytes from hex text; lenient on separators and 0x prefixes, strict on the digits."""
    groups = [_HEX_PREFIX.sub("", group) for group in _SEPARATORS.split(text.strip()) if group]
    digits = "".join(groups)
    bad = next((c for c in digits if c not in "0123456789abcdefABCDEF"), None)
    if bad is not None:
        raise UsageError(f"HEX {text!r} contains {bad!r}, which is not a hex digit")
    if len(digits) % 2:
        raise UsageError(
            f"HEX {text!r} has an odd number of hex digits ({len(digits)}); "
            "each byte takes two, e.g. 00 48"
        )
    return bytes.fromhex(digits)


def run(args: argparse.Namespace) -> int:
    from tracker.ble.decoders import decoder_for

    decoder = decoder_for(args.characteristic)  # before HEX: an unknown UUID is the first problem
    payload = parse_hex(args.hex)
    print(json.dumps(decoder.decode(payload)))
    return 0
