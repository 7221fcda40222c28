"""PMD data frames (``…5C82``; notify)::

    measurement type u8 · timestamp u64 (ns since 2000-01-01T00:00:00Z, of the frame's
    last sample) · frame type u8 (bit 7: compressed) · content

Accelerometer content, three channels (x, y, z). Raw frame types 0, 1, 2: signed 8-, 16-
or 24-bit samples in mG. Compressed ("delta") frame types: a reference sample (16-bit
signed per channel), then blocks of ``delta width u8 · sample count u8 ·
ceil(width × count × 3 / 8) bytes``; the block's bits are read least significant bit
first, byte after byte, as ``count × 3`` signed ``width``-bit deltas (x, y, z, x, …), each
added to the previous sample. Compressed type 1 is in mG (times the stream's factor when
the sensor gave one), compressed type 0 in G times the factor (``AccData.kt``).

Sources and conventions: :mod:`tracker.ble.pmd`.
"""

from __future__ import annotations

import math
import struct
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

import numpy as np
import numpy.typing as npt

from tracker.ble.codec import UINT8_MAX, byte_count
from tracker.ble.pmd import (
    BITS_PER_BYTE,
    MEASUREMENT_TYPE_MASK,
    PMD_DATA_LABEL,
    POLAR_EPOCH_UNIX_NS,
    MeasurementType,
    type_name,
)
from tracker.domain.errors import MalformedPayload

# Frame type byte: bit 7 set = compressed (delta) frame, the rest is the frame type.
COMPRESSED_FRAME_BIT = 0x80
FRAME_TYPE_MASK = 0x7F

FRAME_HEADER = struct.Struct("<BQB")  # measurement type, timestamp, frame type
ACC_CHANNELS = 3
# Compressed ACC frames carry 16-bit reference samples (AccData.kt, TYPE_1_SAMPLE_SIZE).
ACC_COMPRESSED_RESOLUTION_BITS = 16
# Bytes per channel of the raw ACC frame types 0, 1 and 2.
ACC_RAW_SAMPLE_BYTES: Final = {0: 1, 1: 2, 2: 3}
ACC_COMPRESSED_FRAME_TYPES = (0, 1)
# A delta block header is its delta width (bits) and its sample count, one byte each.
DELTA_BLOCK_HEADER_BYTES = 2
# Polar's parser keeps samples in 32-bit ints: wider deltas cannot come from a sensor.
DELTA_WIDTH_MAX_BITS = 32
DELTA_BLOCK_MAX_SAMPLES = 0xFF
MG_PER_G = 1000.0


@dataclass(frozen=True, slots=True)
class FrameHeader:
    """The 10-byte header of every PMD data notification."""

    measurement_type: int
    timestamp_ns: int  # sensor time of the frame's last sample, ns since 2000-01-01
    frame_type: int  # 0..127, without the compressed bit
    compressed: bool

    @property
    def timestamp_unix_ns(self) -> int:
        return self.timestamp_ns + POLAR_EPOCH_UNIX_NS

    @classmethod
    def from_bytes(cls, data: bytes | bytearray) -> FrameHeader:
        if len(data) < FRAME_HEADER.size:
            raise MalformedPayload(
                PMD_DATA_LABEL,
                f"a frame needs a {FRAME_HEADER.size}-byte header, got {byte_count(len(data))}",
            )
        measurement, timestamp, frame_type = FRAME_HEADER.unpack_from(data)
        return cls(
            measurement & MEASUREMENT_TYPE_MASK,
            timestamp,
            frame_type & FRAME_TYPE_MASK,
            bool(frame_type & COMPRESSED_FRAME_BIT),
        )

    def __bytes__(self) -> bytes:
        frame_type = self.frame_type | (COMPRESSED_FRAME_BIT if self.compressed else 0)
        return FRAME_HEADER.pack(self.measurement_type, self.timestamp_ns, frame_type)


AccSamples = npt.NDArray[np.int64]


@dataclass(frozen=True, slots=True, eq=False)
class AccFrame:
    """An accelerometer frame: ``samples`` is (n, 3), x y z, in the frame's own units
    (see :meth:`samples_mg`). Compare with :func:`numpy.array_equal` on ``samples``."""

    header: FrameHeader
    samples: AccSamples

    def samples_mg(self, factor: float | None = None) -> npt.NDArray[np.float64]:
        """The samples in mG. ``factor``: what the start response gave (None: 1)."""
        scale = 1.0 if factor is None else float(factor)
        if self.header.compressed and self.header.frame_type == 0:
            scale *= MG_PER_G  # compressed type 0 counts G times the factor
        elif not self.header.compressed:
            scale = 1.0  # raw frames are mG whatever the factor
        return self.samples.astype(np.float64) * scale


def _signed(values: npt.NDArray[np.int64], width: int) -> npt.NDArray[np.int64]:
    """Two's complement sign extension of ``width``-bit unsigned values."""
    sign = 1 << (width - 1)
    result: npt.NDArray[np.int64] = (values ^ sign) - sign
    return result


# Bit weights 1, 2, 4, … of a delta of each width, built once.
_BIT_WEIGHTS = tuple(
    np.left_shift(np.int64(1), np.arange(width, dtype=np.int64))
    for width in range(DELTA_WIDTH_MAX_BITS + 1)
)


def _raw_samples(content: bytes, frame_type: int) -> AccSamples:
    width = ACC_RAW_SAMPLE_BYTES[frame_type]
    stride = width * ACC_CHANNELS
    if not content or len(content) % stride:
        raise MalformedPayload(
            PMD_DATA_LABEL,
            f"raw ACC frame type {frame_type} carries {stride}-byte samples, "
            f"but {byte_count(len(content))} follow the header",
        )
    values = _unsigned_le(content, width)
    return _signed(values, BITS_PER_BYTE * width).reshape(-1, ACC_CHANNELS)


def _delta_samples(content: bytes, channels: int, resolution_bits: int) -> AccSamples:
    """A compressed frame's content: the reference sample, then every delta block."""
    ref_bytes = math.ceil(resolution_bits / BITS_PER_BYTE)
    head = ref_bytes * channels
    if len(content) < head:
        raise MalformedPayload(
            PMD_DATA_LABEL,
            f"a compressed frame starts with a {head}-byte reference sample, "
            f"got {byte_count(len(content))}",
        )
    ref = _signed(_unsigned_le(content[:head], ref_bytes), resolution_bits).reshape(1, channels)
    blocks: list[npt.NDArray[np.int64]] = []
    offset = head
    size = len(content)
    while offset < size:
        if size - offset < DELTA_BLOCK_HEADER_BYTES:
            raise MalformedPayload(
                PMD_DATA_LABEL, f"a delta block at byte {offset} has no sample count"
            )
        width, count = content[offset], content[offset + 1]
        if not 1 <= width <= DELTA_WIDTH_MAX_BITS:
            raise MalformedPayload(
                PMD_DATA_LABEL,
                f"a delta block at byte {offset} has a width of {width} bits "
                f"(1..{DELTA_WIDTH_MAX_BITS})",
            )
        offset += DELTA_BLOCK_HEADER_BYTES
        bits = width * count * channels
        length = -(-bits // BITS_PER_BYTE)
        if offset + length > size:
            raise MalformedPayload(
                PMD_DATA_LABEL,
                f"a delta block of {count} samples × {width} bits needs {byte_count(length)}, "
                f"{byte_count(size - offset)} follow",
            )
        if count:
            block = np.frombuffer(content, dtype=np.uint8, count=length, offset=offset)
            flat = np.unpackbits(block, bitorder="little")[:bits].reshape(-1, width)
            blocks.append(_signed(flat.dot(_BIT_WEIGHTS[width]), width))
        offset += length
    if not blocks:
        return ref
    # The reference, then each delta added to the sample before it: one cumulative sum.
    blocks.insert(0, ref.reshape(-1))
    samples: AccSamples = np.cumsum(np.concatenate(blocks).reshape(-1, channels), axis=0)
    return samples


def _unsigned_le(data: bytes, width: int) -> npt.NDArray[np.int64]:
    """Consecutive ``width``-byte little-endian unsigned integers."""
    if width in _UNSIGNED_DTYPES:
        values: npt.NDArray[np.int64] = np.frombuffer(data, _UNSIGNED_DTYPES[width]).astype(
            np.int64
        )
        return values
    raw = np.frombuffer(data, dtype=np.uint8).reshape(-1, width).astype(np.int64)
    values = raw[:, 0]
    for i in range(1, width):
        values = values | raw[:, i] << (BITS_PER_BYTE * i)
    return values


_UNSIGNED_DTYPES: Final[dict[int, np.dtype[np.unsignedinteger]]] = {
    1: np.dtype("u1"),
    2: np.dtype("<u2"),
    4: np.dtype("<u4"),
}


def decode_acc_frame(data: bytes | bytearray) -> AccFrame:
    """Decode an accelerometer notification; raises MalformedPayload for anything else."""
    header = FrameHeader.from_bytes(data)
    if header.measurement_type != MeasurementType.ACC:
        raise MalformedPayload(
            PMD_DATA_LABEL,
            f"expected an accelerometer frame, got {type_name(header.measurement_type)}",
        )
    content = bytes(data[FRAME_HEADER.size :])
    if header.compressed:
        if header.frame_type not in ACC_COMPRESSED_FRAME_TYPES:
            raise MalformedPayload(
                PMD_DATA_LABEL, f"compressed ACC frame type {header.frame_type} is not known"
            )
        samples = _delta_samples(content, ACC_CHANNELS, ACC_COMPRESSED_RESOLUTION_BITS)
    else:
        if header.frame_type not in ACC_RAW_SAMPLE_BYTES:
            raise MalformedPayload(
                PMD_DATA_LABEL, f"raw ACC frame type {header.frame_type} is not known"
            )
        samples = _raw_samples(content, header.frame_type)
    return AccFrame(header, samples)


# -- encoding data frames (the emulated sensor, tests) -------------------------------------


def delta_width_bits(deltas: npt.NDArray[np.int64]) -> int:
    """The fewest bits that hold every value of ``deltas`` as two's complement (≥ 1)."""
    if deltas.size == 0:
        return 1
    low, high = int(deltas.min()), int(deltas.max())
    return max(1, (max(high, -low - 1)).bit_length() + 1)


def encode_acc_frame(
    timestamp_ns: int,
    samples: npt.ArrayLike,
    *,
    frame_type: int = 1,
    compressed: bool = True,
    block_samples: int = DELTA_BLOCK_MAX_SAMPLES,
    blocks: Sequence[tuple[int, int]] | None = None,
) -> bytes:
    """An ACC notification holding ``samples`` (n × 3 ints in the frame's units).

    Compressed: a reference sample, then the deltas in blocks of up to ``block_samples``,
    each as narrow as its largest delta allows; or, with ``blocks``, exactly these
    ``(sample count, width in bits)`` blocks (a sensor does not always pick the narrowest
    width). Raises ValueError for values that do not fit (a bug in the caller).
    """
    values = np.asarray(samples, dtype=np.int64).reshape(-1, ACC_CHANNELS)
    if values.shape[0] == 0:
        raise ValueError("a frame needs at least one sample")
    header = FrameHeader(MeasurementType.ACC, timestamp_ns, frame_type, compressed)
    if not compressed:
        width = ACC_RAW_SAMPLE_BYTES[frame_type]
        bits = BITS_PER_BYTE * width
        if values.min() < -(1 << (bits - 1)) or values.max() >= 1 << (bits - 1):
            raise ValueError(f"samples do not fit raw frame type {frame_type}")
        little = (values.reshape(-1, 1) >> (BITS_PER_BYTE * np.arange(width))) & UINT8_MAX
        return bytes(header) + little.astype(np.uint8).tobytes()
    if frame_type not in ACC_COMPRESSED_FRAME_TYPES:
        raise ValueError(f"compressed ACC frame type {frame_type} is not known")
    resolution = ACC_COMPRESSED_RESOLUTION_BITS
    if values.min() < -(1 << (resolution - 1)) or values.max() >= 1 << (resolution - 1):
        raise ValueError("samples do not fit the 16-bit reference sample")
    ref = (values[0].reshape(-1, 1) >> np.array([0, BITS_PER_BYTE])) & UINT8_MAX
    out = bytearray(bytes(header) + ref.astype(np.uint8).tobytes())
    deltas = np.diff(values, axis=0)
    for block, width in _delta_blocks(deltas, block_samples, blocks):
        unsigned = block.reshape(-1, 1) & ((1 << width) - 1)
        flat_bits = ((unsigned >> np.arange(width)) & 1).astype(np.uint8).reshape(-1)
        out += bytes((width, block.shape[0]))
        out += np.packbits(flat_bits, bitorder="little").tobytes()
    return bytes(out)


def _delta_blocks(
    deltas: npt.NDArray[np.int64],
    block_samples: int,
    blocks: Sequence[tuple[int, int]] | None,
) -> list[tuple[npt.NDArray[np.int64], int]]:
    """Cut the deltas into (block, width) pairs, checking that each width holds its block."""
    if blocks is None:
        if not 1 <= block_samples <= DELTA_BLOCK_MAX_SAMPLES:
            raise ValueError(f"block_samples must be 1..{DELTA_BLOCK_MAX_SAMPLES}")
        counts = [block_samples] * -(-deltas.shape[0] // block_samples)
        widths: list[int | None] = [None] * len(counts)
    else:
        counts = [count for count, _ in blocks]
        widths = [width for _, width in blocks]
        if sum(counts) != deltas.shape[0]:
            raise ValueError(
                f"blocks hold {sum(counts)} deltas, the samples have {deltas.shape[0]}"
            )
    out = []
    start = 0
    for count, chosen in zip(counts, widths, strict=True):
        block = deltas[start : start + count]
        start += count
        if not 0 <= block.shape[0] <= DELTA_BLOCK_MAX_SAMPLES:
            raise ValueError(f"a block holds at most {DELTA_BLOCK_MAX_SAMPLES} samples")
        needed = delta_width_bits(block)
        width = needed if chosen is None else chosen
        if not needed <= width <= DELTA_WIDTH_MAX_BITS:
            raise ValueError(f"deltas need {needed} bits, the block has {width}")
        out.append((block, width))
    return out
