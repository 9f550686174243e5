"""A writer of MS-CFB version 3 compound files ([MS-CFB]): the container of `vbaProject.bin`.

olefile reads compound files but can only overwrite a stream with one of the same size; adding
a module grows the dir stream and adds a stream, so the file is written anew. Layout: 512-byte
sectors — the FAT first, then the directory, the MiniFAT, the mini stream (where every stream
under 4096 bytes lives in 64-byte mini sectors) and the large streams. Each storage's children
form a red-black tree ordered by name length, then upper-cased name; times and CLSIDs are zero,
so the same streams always give the same bytes.
"""

from __future__ import annotations

import math
import struct
from collections.abc import Mapping
from dataclasses import dataclass, field

SECTOR, MINI_SECTOR, MINI_CUTOFF = 512, 64, 4096
FREE, END, FAT_SECT = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD
NO_STREAM = 0xFFFFFFFF
_STORAGE, _STREAM, _ROOT = 1, 2, 5
_RED, _BLACK = 0, 1
_HEADER_FAT_SLOTS = 109
_SIGNATURE = bytes.fromhex("D0CF11E0A1B11AE1")


@dataclass
class _Entry:
    name: str
    kind: int
    data: bytes = b""
    children: list[_Entry] = field(default_factory=list)
    sid: int = 0
    left: int = NO_STREAM
    right: int = NO_STREAM
    child: int = NO_STREAM
    color: int = _BLACK
    start: int = END


def _order(entry: _Entry) -> tuple[int, str]:
    """[MS-CFB] 2.6.4: shorter names first, then by upper-cased name."""
    return len(entry.name), entry.name.upper()


def _tree(entries: list[_Entry], depth: int, deepest: int) -> int:
    """Link sorted siblings as a balanced search tree; return its root's id.

    Splitting at the middle leaves every empty link at depth `deepest` or one above, so all
    nodes black except those at the deepest level (red) make a valid red-black tree.
    """
    if not entries:
        return NO_STREAM
    mid = len(entries) // 2
    node = entries[mid]
    node.color = _RED if depth == deepest and deepest > 0 else _BLACK
    node.left = _tree(entries[:mid], depth + 1, deepest)
    node.right = _tree(entries[mid + 1:], depth + 1, deepest)
    return node.sid


def _entries(streams: Mapping[tuple[str, ...], bytes]) -> list[_Entry]:
    """The directory entries, root first, with ids and tree links set."""
    root = _Entry("Root Entry", _ROOT)
    for path, data in sorted(streams.items()):
        parent = root
        for name in path[:-1]:
            found = next((c for c in parent.children if c.name.upper() == name.upper()), None)
            if found is None:
                found = _Entry(name, _STORAGE)
                parent.children.append(found)
            elif found.kind != _STORAGE:
                raise ValueError(f"{name} is both a stream and a storage")
            parent = found
        if len(path[-1]) > 31 or any(c.name.upper() == path[-1].upper() for c in parent.children):
            raise ValueError(f"bad or repeated stream name: {'/'.join(path)}")
        parent.children.append(_Entry(path[-1], _STREAM, data))
    flat, queue = [], [root]
    while queue:
        entry = queue.pop(0)
        entry.sid = len(flat)
        flat.append(entry)
        queue.extend(sorted(entry.children, key=_order))
    for entry in flat:
        kids = sorted(entry.children, key=_order)
        deepest = len(kids).bit_length() - 1
        entry.child = _tree(kids, 0, deepest)
    return flat


def _dir_entry(e: _Entry | None, size: int = 0) -> bytes:
    if e is None:
        return struct.pack("<64sHBBIII16sIQQIQ", b"", 0, 0, 0, NO_STREAM, NO_STREAM,
                           NO_STREAM, bytes(16), 0, 0, 0, 0, 0)
    name = e.name.encode("utf-16-le") + b"\0\0"
    return struct.pack("<64sHBBIII16sIQQIQ", name, len(name), e.kind, e.color, e.left,
                       e.right, e.child, bytes(16), 0, 0, 0,
                       e.start if e.kind != _STORAGE else 0, size)


def _chain(fat: list[int], first: int, count: int) -> None:
    for i in range(count):
        fat[first + i] = first + i + 1 if i < count - 1 else END


def write_compound(streams: Mapping[tuple[str, ...], bytes]) -> bytes:
    """A compound file holding `streams`, keyed by their path (storage names, stream name).

    Raises:
        ValueError: for a name longer than 31 characters, a name repeated in one storage (names
            compare upper-cased) or used for both a stream and a storage, or a file too large
            for a FAT listed in the header (about 7 MB).
    """
    entries = _entries(streams)
    small = [e for e in entries if e.kind == _STREAM and len(e.data) < MINI_CUTOFF]
    large = [e for e in entries if e.kind == _STREAM and len(e.data) >= MINI_CUTOFF]

    mini, minifat = bytearray(), []
    for e in small:
        count = math.ceil(len(e.data) / MINI_SECTOR)
        first = len(minifat)
        e.start = first if count else END
        minifat.extend([0] * count)
        _chain(minifat, first, count)
        mini += e.data.ljust(count * MINI_SECTOR, b"\0")

    sizes = [math.ceil(len(entries) / 4), math.ceil(len(minifat) * 4 / SECTOR),
             math.ceil(len(mini) / SECTOR)] + [math.ceil(len(e.data) / SECTOR) for e in large]
    fat_count = 1
    while fat_count * (SECTOR // 4) < fat_count + sum(sizes):
        fat_count += 1
    if fat_count > _HEADER_FAT_SLOTS:
        raise ValueError("compound file too large for this writer")
    fat = [FREE] * (fat_count * (SECTOR // 4))
    fat[:fat_count] = [FAT_SECT] * fat_count
    starts, at = [], fat_count
    for count in sizes:
        starts.append(at if count else END)
        if count:
            _chain(fat, at, count)
        at += count
    dir_start, minifat_start, mini_start = starts[:3]
    for e, start in zip(large, starts[3:], strict=True):
        e.start = start
    entries[0].start = mini_start

    directory = b"".join(
        _dir_entry(e, len(mini) if e.kind == _ROOT else len(e.data)) for e in entries)
    directory += _dir_entry(None) * (-len(entries) % 4)
    minifat_bytes = struct.pack(f"<{len(minifat)}I", *minifat)
    minifat_bytes += struct.pack("<I", FREE) * (-len(minifat) % (SECTOR // 4))

    difat = list(range(fat_count)) + [FREE] * (_HEADER_FAT_SLOTS - fat_count)
    header = struct.pack(
        "<8s16sHHHHH6sIIIIIIIII", _SIGNATURE, bytes(16), 0x3E, 3, 0xFFFE, 9, 6, bytes(6),
        0, fat_count, dir_start, 0, MINI_CUTOFF, minifat_start if minifat else END,
        sizes[1], END, 0) + struct.pack(f"<{_HEADER_FAT_SLOTS}I", *difat)
    body = [struct.pack(f"<{len(fat)}I", *fat), directory, minifat_bytes, bytes(mini)]
    body += [e.data for e in large]
    return header + b"".join(part.ljust(math.ceil(len(part) / SECTOR) * SECTOR, b"\0")
                             for part in body)
