"""QR codes for verification tokens, fast enough for a class of thirty.

reportlab's encoder (``reportlab.graphics.barcode.qrencoder``) lays out the
modules correctly but builds its bit stream bit by bit, computes Reed-Solomon
error correction with polynomial objects, and tries all eight mask patterns;
together that was most of a batch's time. Here its module layout is kept,
while the byte-mode codewords are computed directly with a table-driven
remainder (checked against reportlab's own in the tests), and one mask
pattern is used, which the standard allows and every reader decodes.
"""

from __future__ import annotations

import itertools
from functools import lru_cache

from reportlab.graphics.barcode import qrencoder

QrMatrix = tuple[tuple[bool, ...], ...]
MASK = 2

_EXP = [0] * 512
_LOG = [0] * 256
_value = 1
for _power in range(255):
    _EXP[_power] = _value
    _LOG[_value] = _power
    _value <<= 1
    if _value & 0x100:
        _value ^= 0x11D
for _power in range(255, 512):
    _EXP[_power] = _EXP[_power - 255]


@lru_cache(maxsize=128)
def qr_matrix(text: str) -> QrMatrix:
    """The QR code's modules (True = dark) for ``text``, byte mode, error level L."""
    data = text.encode("utf-8")
    level = qrencoder.QRErrorCorrectLevel.L
    version = smallest_version(len(data), level)
    code = qrencoder.QRCode(version, level)
    code.dataCache = codewords(version, level, data)
    code.makeImpl(False, MASK)
    return tuple(tuple(bool(m) for m in row) for row in code.modules)


def smallest_version(length: int, level: int) -> int:
    """The smallest QR version whose capacity holds ``length`` bytes."""
    for version in range(1, 41):
        if 4 + _count_bits(version) + 8 * length <= 8 * _capacity(version, level):
            return version
    raise ValueError("too much data for one QR code")


def codewords(version: int, level: int, data: bytes) -> list[int]:
    """Data and error-correction codewords, interleaved as the standard orders them."""
    blocks = qrencoder.QRRSBlock.getRSBlocks(version, level)
    padded = padded_data(version, _capacity(version, level), data)
    offset = 0
    data_blocks: list[list[int]] = []
    ec_blocks: list[list[int]] = []
    for block in blocks:
        chunk = padded[offset : offset + block.dataCount]
        offset += block.dataCount
        data_blocks.append(chunk)
        ec_blocks.append(rs_remainder(chunk, block.totalCount - block.dataCount))
    return [
        byte
        for group in itertools.chain(
            itertools.zip_longest(*data_blocks), itertools.zip_longest(*ec_blocks)
        )
        for byte in group
        if byte is not None
    ]


def padded_data(version: int, capacity: int, data: bytes) -> list[int]:
    """Mode, length, the bytes, terminator and pad bytes, as data codewords."""
    bits = "0100" + format(len(data), f"0{_count_bits(version)}b")
    bits += "".join(format(b, "08b") for b in data)
    bits += "0" * min(4, 8 * capacity - len(bits))
    bits += "0" * (-len(bits) % 8)
    words = [int(bits[i : i + 8], 2) for i in range(0, len(bits), 8)]
    pads = itertools.cycle((0xEC, 0x11))
    return words + [next(pads) for _ in range(capacity - len(words))]


def _capacity(version: int, level: int) -> int:
    return sum(b.dataCount for b in qrencoder.QRRSBlock.getRSBlocks(version, level))


def _count_bits(version: int) -> int:
    """Width of the byte-mode length field."""
    return 8 if version < 10 else 16


@lru_cache(maxsize=64)
def _generator_logs(degree: int) -> tuple[int, ...]:
    """Logs of the generator polynomial's coefficients (leading 1 left out)."""
    poly = [1]
    for i in range(degree):
        nxt = [0] * (len(poly) + 1)
        for j, coefficient in enumerate(poly):
            nxt[j] ^= coefficient
            if coefficient:
                nxt[j + 1] ^= _EXP[_LOG[coefficient] + i]
        poly = nxt
    return tuple(_LOG[c] for c in poly[1:])


def rs_remainder(data: list[int], degree: int) -> list[int]:
    """Reed-Solomon error correction bytes for one block (GF(256), polynomial 0x11D)."""
    generator = _generator_logs(degree)
    remainder = [0] * degree
    for byte in data:
        factor = byte ^ remainder[0]
        remainder = [*remainder[1:], 0]
        if factor:
            log = _LOG[factor]
            for i, g in enumerate(generator):
                remainder[i] ^= _EXP[log + g]
    return remainder
