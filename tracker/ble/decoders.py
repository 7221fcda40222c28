"""Registry: characteristic UUID → decoder giving the JSON-ready dict of ``tracker decode``.

Keys of the dicts (the ``decode`` contract):

- 2A37 Heart Rate Measurement: ``heart_rate_bpm``, ``sensor_contact`` (null when contact
  detection is not supported), ``energy_expended_kj`` (null if absent), ``rr_intervals_s``
  (raw / 1024, not rounded).
- 2A38 Body Sensor Location: ``body_sensor_location`` (spec name in lower case, null for a
  reserved code) and ``body_sensor_location_code``.
- 2A53 RSC Measurement: ``speed_mps``, ``cadence_spm``, ``stride_length_m`` (null if
  absent), ``total_distance_m`` (null if absent), ``running``.
- 2A19 Battery Level: ``battery_percent``.
- Device Information strings 2A29, 2A24, 2A25, 2A26, 2A27, 2A28: one key named after the
  characteristic (``manufacturer_name``, ``model_number``, ``serial_number``,
  ``firmware_revision``, ``hardware_revision``, ``software_revision``), a string.
- InfiniTime step count 00030001-…: ``steps`` (the watch's counter since its midnight).
- InfiniTime motion values 00030002-…: ``x``, ``y``, ``z``.

Every decoder raises :class:`~tracker.domain.errors.MalformedPayload` on bad bytes, nothing else.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from tracker.ble import battery, device_information, heart_rate, infinitime, rsc
from tracker.ble.uuids import normalize_uuid, short_label
from tracker.domain.errors import UnknownCharacteristic

JsonDict = dict[str, object]


@dataclass(frozen=True, slots=True)
class CharacteristicDecoder:
    uuid: str  # normal form: full 128-bit, lower case
    label: str  # how people write it, e.g. "2A37"
    name: str  # spec name, for help texts
    decode: Callable[[bytes | bytearray], JsonDict]


def _heart_rate_measurement(data: bytes | bytearray) -> JsonDict:
    m = heart_rate.HeartRateMeasurement.from_bytes(data)
    return {
        "heart_rate_bpm": m.heart_rate_bpm,
        "sensor_contact": m.sensor_contact,
        "energy_expended_kj": m.energy_expended_kj,
        "rr_intervals_s": list(m.rr_intervals_s),
    }


def _body_sensor_location(data: bytes | bytearray) -> JsonDict:
    code = heart_rate.decode_body_sensor_location(data)
    try:
        name: str | None = heart_rate.BodySensorLocation(code).name.lower()
    except ValueError:
        name = None  # 7-255 are reserved for future use
    return {"body_sensor_location": name, "body_sensor_location_code": code}


def _rsc_measurement(data: bytes | bytearray) -> JsonDict:
    m = rsc.RSCMeasurement.from_bytes(data)
    return {
        "speed_mps": m.speed_mps,
        "cadence_spm": m.cadence_spm,
        "stride_length_m": m.stride_length_m,
        "total_distance_m": m.total_distance_m,
        "running": m.running,
    }


def _battery_level(data: bytes | bytearray) -> JsonDict:
    return {"battery_percent": battery.decode_battery_level(data)}


def _step_count(data: bytes | bytearray) -> JsonDict:
    return {"steps": infinitime.decode_step_count(data)}


def _motion_values(data: bytes | bytearray) -> JsonDict:
    m = infinitime.MotionValues.from_bytes(data)
    return {"x": m.x, "y": m.y, "z": m.z}


def _device_information(entry: device_information.DeviceInformationString) -> CharacteristicDecoder:
    def decode(data: bytes | bytearray) -> JsonDict:
        return {entry.key: device_information.decode_string(entry.label, data)}

    return CharacteristicDecoder(entry.uuid, entry.label, entry.key.replace("_", " "), decode)


_ALL: tuple[CharacteristicDecoder, ...] = (
    CharacteristicDecoder(
        heart_rate.HEART_RATE_MEASUREMENT_UUID,
        heart_rate.HEART_RATE_MEASUREMENT_LABEL,
        "heart rate measurement",
        _heart_rate_measurement,
    ),
    CharacteristicDecoder(
        heart_rate.BODY_SENSOR_LOCATION_UUID,
        heart_rate.BODY_SENSOR_LOCATION_LABEL,
        "body sensor location",
        _body_sensor_location,
    ),
    CharacteristicDecoder(
        rsc.RSC_MEASUREMENT_UUID, rsc.RSC_MEASUREMENT_LABEL, "RSC measurement", _rsc_measurement
    ),
    CharacteristicDecoder(
        battery.BATTERY_LEVEL_UUID, battery.BATTERY_LEVEL_LABEL, "battery level", _battery_level
    ),
    *(_device_information(entry) for entry in device_information.DEVICE_INFORMATION_STRINGS),
    CharacteristicDecoder(
        infinitime.STEP_COUNT_UUID,
        infinitime.STEP_COUNT_LABEL,
        "InfiniTime step count",
        _step_count,
    ),
    CharacteristicDecoder(
        infinitime.MOTION_VALUES_UUID,
        infinitime.MOTION_VALUES_LABEL,
        "InfiniTime motion values",
        _motion_values,
    ),
)

DECODERS: Mapping[str, CharacteristicDecoder] = MappingProxyType({d.uuid: d for d in _ALL})


def decoder_for(characteristic: str) -> CharacteristicDecoder:
    """The decoder for a characteristic in any accepted spelling (see normalize_uuid)."""
    decoder = DECODERS.get(characteristic)  # bleak already reports the normal form
    if decoder is not None:
        return decoder
    normal = normalize_uuid(characteristic)
    try:
        return DECODERS[normal]
    except KeyError:
        known = ", ".join(d.label if len(d.label) == 4 else d.uuid for d in _ALL)
        raise UnknownCharacteristic(
            f"no decoder for characteristic {short_label(normal)} (known: {known})"
        ) from None


def decode_to_json(characteristic: str, payload: bytes | bytearray) -> JsonDict:
    """Decode ``payload`` of ``characteristic`` to the dict ``tracker decode`` prints.

    Raises UnknownCharacteristic (exit 2) for a characteristic without a decoder, UsageError
    (exit 2) for text that is no UUID, MalformedPayload (exit 1) for bad bytes.
    """
    return decoder_for(characteristic).decode(payload)


__all__ = [
    "DECODERS",
    "CharacteristicDecoder",
    "decode_to_json",
    "decoder_for",
    "normalize_uuid",
]
