"""The parts of an ordinary small zip, read straight from its bytes.

Measuring a workbook before a reader opens it (:mod:`services.untrusted`) needs the zip's
directory and two or three of its parts. Python's :mod:`zipfile` builds a rich record for every
part and a file object for every read, which costs as much as the measuring itself on a
one-project form. An ordinary workbook — one disk, no zip64 records, no encryption, parts
stored or deflated, nothing before the first part — is read here from its bytes in a few
struct calls. Anything else raises :class:`Unusual`, and the caller reads the file with
:mod:`zipfile`, whose checks and messages then apply unchanged.
"""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path
from typing import NamedTuple

MAX_BYTES = 8 * 2**20       # a larger file is left to zipfile (its checks are the thorough ones)
MAX_OPEN_BYTES = 32 * 2**20     # a part streamed larger than this is left to zipfile too

_END = b"PK\x05\x06"                         # end of central directory record
_END_SIZE = 22
_ZIP64_LOCATOR = b"PK\x06\x07"
_END_RECORD = struct.Struct("<4s4H2LH")
_ENTRY = struct.Struct("<4s6H3L5H2L")        # central directory file header, 46 bytes
_ENTRY_SIG = b"PK\x01\x02"
_LOCAL = struct.Struct("<4s5H3L2H")          # local file header, 30 bytes
_LOCAL_SIG = b"PK\x03\x04"
_UTF8 = 0x800
_ODD_FLAGS = 0x1 | 0x20 | 0x40              # encrypted, patched, strongly encrypted
_STORED, _DEFLATED = 0, 8
_FULL16, _FULL32 = 0xFFFF, 0xFFFFFFFF       # a field moved to a zip64 record


class Unusual(Exception):
    """The zip is not one this reader handles: read it with zipfile instead."""


class Part(NamedTuple):
    """One part as its directory entry gives it (the names zipfile's ZipInfo uses)."""

    filename: str
    file_size: int
    compress_size: int
    method: int
    crc: int
    offset: int
    raw_name: bytes


class ZipDir:
    """A small zip held in memory: its directory, and any part unpacked on request."""

    def __init__(self, source: Path | bytes) -> None:
        data = source if isinstance(source, bytes) else Path(source).read_bytes()
        if len(data) > MAX_BYTES:
            raise Unusual
        self.data = data
        self.parts = _directory(data)
        self.by_name = {p.filename: p for p in self.parts}

    def __enter__(self) -> ZipDir:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.data = b""

    def infolist(self) -> list[Part]:
        return self.parts

    def namelist(self) -> list[str]:
        return [p.filename for p in self.parts]

    def getinfo(self, name: str) -> Part:
        return self.by_name[name]

    def open(self, name: str) -> io.BytesIO:
        """The part as a file (unpacked whole, so only a part of modest size)."""
        if self.by_name[name].file_size > MAX_OPEN_BYTES:
            raise Unusual
        return io.BytesIO(self.read(name))

    def read(self, name: str) -> bytes:
        """The part unpacked, checked against its directory entry (size, CRC).

        Raises:
            KeyError: no part of that name (as zipfile).
            Unusual: anything zipfile would look at more closely.
        """
        part = self.by_name[name]
        data = self.data
        if data[part.offset:part.offset + 4] != _LOCAL_SIG:
            raise Unusual
        (_sig, _need, flags, method, _time, _date, _crc, _csize, _usize, name_len,
         extra_len) = _LOCAL.unpack_from(data, part.offset)
        start = part.offset + _LOCAL.size
        if (method != part.method or flags & _ODD_FLAGS
                or data[start:start + name_len] != part.raw_name):
            raise Unusual
        start += name_len + extra_len
        packed = data[start:start + part.compress_size]
        if len(packed) != part.compress_size:
            raise Unusual
        if method == _STORED:
            out = packed
        else:
            inflater = zlib.decompressobj(-15)
            try:
                out = inflater.decompress(packed, part.file_size + 1)
            except zlib.error:
                raise Unusual from None
        if len(out) != part.file_size or zlib.crc32(out) != part.crc:
            raise Unusual
        return out


def _directory(data: bytes) -> list[Part]:
    """Every entry of the central directory, or :class:`Unusual`."""
    end = data.rfind(_END, max(0, len(data) - _END_SIZE - _FULL16))
    if end < 0 or len(data) < end + _END_SIZE:
        raise Unusual
    (_sig, disk, cd_disk, here, count, cd_size, cd_offset,
     comment_len) = _END_RECORD.unpack_from(data, end)
    if (disk or cd_disk or here != count or _FULL16 in (here, count)
            or _FULL32 in (cd_size, cd_offset) or end + _END_SIZE + comment_len != len(data)
            or data[max(0, end - 20):end - 16] == _ZIP64_LOCATOR
            or cd_offset + cd_size != end):     # nothing prepended, nothing between
        raise Unusual
    parts = []
    at = cd_offset
    for _ in range(count):
        if data[at:at + 4] != _ENTRY_SIG:
            raise Unusual
        (_sig, _made, _need, flags, method, _time, _date, crc, csize, usize, name_len, extra_len,
         comment_len, _disk, _internal, _external, offset) = _ENTRY.unpack_from(data, at)
        at += _ENTRY.size
        raw = data[at:at + name_len]
        at += name_len + extra_len + comment_len
        if (flags & _ODD_FLAGS or method not in (_STORED, _DEFLATED) or b"\x00" in raw
                or b"\\" in raw or _FULL32 in (csize, usize, offset) or len(raw) != name_len):
            raise Unusual       # (zipfile cuts a name at NUL, and turns \ into / on Windows)
        try:
            name = raw.decode("utf-8" if flags & _UTF8 else "cp437")
        except UnicodeDecodeError:
            raise Unusual from None
        parts.append(Part(name, usize, csize, method, crc, offset, raw))
    if at != end:
        raise Unusual
    return parts
