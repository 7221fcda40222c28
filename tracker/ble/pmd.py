"""Polar Measurement Data (PMD) service (H10, OH1, Verity Sense): its UUIDs, measurement
types and what its two characteristics share. One module per characteristic, encoding
and decoding side by side after bumble's profiles: :mod:`tracker.ble.pmd_control` (the
control point) and :mod:`tracker.ble.pmd_data` (data frames). Strict: any bytes either
decode or raise :class:`~tracker.domain.errors.MalformedPayload`, nothing else.

Sources: Polar's "Polar Measurement Data Specification for 3rd Party" and the Polar BLE
SDK (``BlePMDClient.kt``, ``PmdControlPointResponse.kt``, ``PmdSetting.kt``,
``PmdDataFrame.kt``, ``model/AccData.kt`` and their unit tests), which these modules follow
byte for byte. Every multi-byte field is little-endian.
"""

from __future__ import annotations

import enum

PMD_SERVICE_UUID = "fb005c80-02e7-f387-1cad-8acd2d8df0c8"
PMD_CONTROL_POINT_UUID = "fb005c81-02e7-f387-1cad-8acd2d8df0c8"
PMD_DATA_UUID = "fb005c82-02e7-f387-1cad-8acd2d8df0c8"
PMD_CONTROL_POINT_LABEL = "PMD control point"
PMD_DATA_LABEL = "PMD data"

# Sensor time is nanoseconds since 2000-01-01T00:00:00Z (Polar's TimeSystemExplained.md).
POLAR_EPOCH_UNIX_NS = 946_684_800_000_000_000

# The low six bits of a measurement byte (a request's, a frame's) are its type.
MEASUREMENT_TYPE_MASK = 0x3F
BITS_PER_BYTE = 8


class MeasurementType(enum.IntEnum):
    """PMD measurement types (``PmdMeasurementType.kt``)."""

    ECG = 0
    PPG = 1
    ACC = 2
    PPI = 3
    GYRO = 5
    MAGNETOMETER = 6
    SKIN_TEMPERATURE = 7
    SDK_MODE = 9
    LOCATION = 10
    PRESSURE = 11
    TEMPERATURE = 12
    OFFLINE_RECORDING = 13
    OFFLINE_HR = 14


def type_name(code: int) -> str:
    """The specification's name of a measurement type (``ACC``), or ``type 4``."""
    try:
        return MeasurementType(code).name
    except ValueError:
        return f"type {code}"
