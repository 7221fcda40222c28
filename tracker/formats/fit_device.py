"""Device names for FIT sources: "Garmin Forerunner 255 (3412345678)".

The name is the maker, the product and the serial number. The creator (the device that
wrote the file) is described by ``file_id``, other devices by ``device_info`` messages with
their ``device_index``. A product is the file's own ``product_name`` where it has one
(Coros, Wahoo and Suunto write it), else the SDK profile's name for the maker's product
number (``garmin_product`` 3992 is "fr255" → "Forerunner 255"), else the number.
"""

from __future__ import annotations

import re

from garmin_fit_sdk import Profile

from tracker.formats.fit_values import CREATOR, Message, Messages, device_index

_MESG = Profile["mesg_num"]
FILE_ID, DEVICE_INFO = _MESG["FILE_ID"], _MESG["DEVICE_INFO"]
_MANUFACTURERS: dict[int, str] = Profile["types"]["manufacturer"]
# Which product list a maker's product numbers are in, from the profile's own sub-fields
# of file_id.product (garmin_product for Garmin and Dynastream, favero_product, ...).
_PRODUCT_LISTS: dict[int, dict[int, str]] = {
    reference["raw_value"]: Profile["types"][sub_field["type"]]
    for field in Profile["messages"][FILE_ID]["fields"].values()
    if field["name"] == "product"
    for sub_field in field["sub_fields"]
    for reference in sub_field["map"]
    if reference["name"] == "manufacturer"
}
_FIELDS = ("manufacturer", "product", "serial_number", "product_name")
# Real product names ("Forerunner 965 Music", "ELEMNT BOLT") are short; a damaged or odd
# file's text is cut here, as the name becomes part of the store's device id.
MAX_PRODUCT_NAME_CHARS = 40
# Words in profile product names that are abbreviations or written in capitals.
_WORDS = {"fr": "Forerunner", "hrm": "HRM", "hr": "HR", "lte": "LTE", "gps": "GPS", "ohr": "OHR"}
# "fr255" → fr, 255; "fenix6S" → fenix, 6S; "venusq2music" → venusq, 2, music.
_WORD = re.compile(r"\d+[a-z]{1,2}(?![a-z])|\d+|[a-z]+", re.IGNORECASE)


def device_names(messages: Messages) -> dict[int, str]:
    """A name for each device index the file describes ("" where it says nothing)."""
    described: dict[int, dict[str, object]] = {}
    file_id: dict[str, object] | None = None
    for num, message in messages:
        if num == FILE_ID and file_id is None:
            file_id = _known(message)
        elif num == DEVICE_INFO:
            known = described.setdefault(device_index(message), {})
            for field, value in _known(message).items():
                known.setdefault(field, value)
    if file_id is not None:
        described[CREATOR] = described.get(CREATOR, {}) | file_id
    return {device: _name(known) for device, known in described.items()}


def _known(message: Message) -> dict[str, object]:
    return {field: message[field] for field in _FIELDS if message.get(field) is not None}


def _name(known: dict[str, object]) -> str:
    maker_code = known.get("manufacturer")
    maker = ""
    if isinstance(maker_code, int) and maker_code in _MANUFACTURERS:
        maker = " ".join(word.capitalize() for word in _MANUFACTURERS[maker_code].split("_"))
    product = _product(maker_code, known.get("product"), known.get("product_name"))
    if maker and product.lower().startswith(maker.lower()):
        maker = ""  # "COROS PACE 2" already names its maker
    serial = known.get("serial_number")
    words = [w for w in (maker, product) if w]
    if isinstance(serial, int) and not isinstance(serial, bool):
        words.append(f"({serial})")
    return " ".join(words)


def _product(maker_code: object, number: object, product_name: object) -> str:
    if isinstance(product_name, str):
        spaced = " ".join(product_name.split())
        name = "".join(ch for ch in spaced if ch.isprintable())[:MAX_PRODUCT_NAME_CHARS].strip()
        if name:
            return name
    if not isinstance(number, int) or isinstance(number, bool):
        return ""
    names = _PRODUCT_LISTS.get(maker_code) if isinstance(maker_code, int) else None
    if names and number in names:
        return _readable(names[number])
    return str(number)


def _readable(profile_name: str) -> str:
    """A profile product name for people: "fr255_music" → "Forerunner 255 Music"."""
    words = []
    for word in _WORD.findall(profile_name):
        lower = word.lower()
        words.append(
            _WORDS.get(lower) or (word.upper() if word[0].isdigit() else word.capitalize())
        )
    return " ".join(words)
