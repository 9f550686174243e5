"""Adding a standard module to an existing VBA project ([MS-OVBA] 2.3).

A project is the `VBA` storage (one compressed stream per module, the compressed `dir` stream
that lists the project's information, references and modules, and `_VBA_PROJECT`) beside the
`PROJECT` text stream and the `PROJECTwm` name map. A new module needs its stream (the source
alone: its text offset is 0, no compiled cache) and an entry in each of the other three. Excel
compiles the source when it opens the workbook; xlwings' own project already ships without the
cache (`_VBA_PROJECT` holds only its 7-byte header).
"""

from __future__ import annotations

import io
import struct

import olefile

from .cfb import write_compound
from .compression import compress, decompress

# dir stream record ids ([MS-OVBA] 2.3.4.2)
_CODEPAGE, _VERSION, _MODULES, _TERMINATOR = 0x0003, 0x0009, 0x000F, 0x0010
_MODULE_NAME, _MODULE_NAME_UNICODE = 0x0019, 0x0047
_STREAM_NAME, _STREAM_NAME_UNICODE = 0x001A, 0x0032
_DOCSTRING, _DOCSTRING_UNICODE = 0x001C, 0x0048
_OFFSET, _HELP_CONTEXT, _COOKIE = 0x0031, 0x001E, 0x002C
_PROCEDURAL, _MODULE_END = 0x0021, 0x002B

Record = tuple[int, int, bytes]        # id, the 4-byte size field as written, data


class VbaProjectError(ValueError):
    """The bytes are not a VBA project this module can extend."""


def _records(data: bytes) -> list[Record]:
    """The dir stream's records; PROJECTVERSION's size field says 4 but 6 bytes follow."""
    out, i = [], 0
    while i + 6 <= len(data):
        rid, size = struct.unpack_from("<HI", data, i)
        length = 6 if rid == _VERSION else size
        out.append((rid, size, data[i + 6:i + 6 + length]))
        i += 6 + length
    if i != len(data) or not out or out[-1][0] != _TERMINATOR:
        raise VbaProjectError("the dir stream does not end with its terminator")
    return out


def _record(rid: int, data: bytes = b"") -> Record:
    return rid, len(data), data


def _module_records(name: str, encoding: str) -> list[Record]:
    """The MODULE record of a standard module whose source starts at offset 0."""
    mbcs, unicode = name.encode(encoding), name.encode("utf-16-le")
    return [
        _record(_MODULE_NAME, mbcs), _record(_MODULE_NAME_UNICODE, unicode),
        _record(_STREAM_NAME, mbcs), _record(_STREAM_NAME_UNICODE, unicode),
        _record(_DOCSTRING), _record(_DOCSTRING_UNICODE),
        _record(_OFFSET, struct.pack("<I", 0)), _record(_HELP_CONTEXT, struct.pack("<I", 0)),
        _record(_COOKIE, struct.pack("<H", 0xFFFF)),
        (_PROCEDURAL, 0, b""), (_MODULE_END, 0, b""),
    ]


def _streams(vba_bin: bytes) -> dict[tuple[str, ...], bytes]:
    """Every stream of a compound file, by path."""
    try:
        ole = olefile.OleFileIO(io.BytesIO(vba_bin))
    except OSError as exc:
        raise VbaProjectError(f"not a compound file: {exc}") from exc
    with ole:
        return {tuple(path): ole.openstream(path).read()
                for path in ole.listdir(streams=True, storages=False)}


def _encoding(records: list[Record]) -> str:
    codepage = next((d for rid, _, d in records if rid == _CODEPAGE), None)
    if codepage is None:
        raise VbaProjectError("the dir stream names no code page")
    return f"cp{struct.unpack('<H', codepage)[0]}"


def module_sources(vba_bin: bytes) -> dict[str, str]:
    """Each module's source text, by module name, in the order of the dir stream."""
    streams = _streams(vba_bin)
    records = _records(decompress(streams[("VBA", "dir")]))
    encoding = _encoding(records)
    out, name, stream = {}, "", ""
    for rid, _, data in records:
        if rid == _MODULE_NAME:
            name = data.decode(encoding)
        elif rid == _STREAM_NAME:
            stream = data.decode(encoding)
        elif rid == _OFFSET:
            offset = struct.unpack("<I", data)[0]
            out[name] = decompress(streams[("VBA", stream)][offset:]).decode(encoding)
    return out


def add_module(vba_bin: bytes, name: str, source: str) -> bytes:
    """`vba_bin` (a `vbaProject.bin`) with a standard module `name` holding `source` added.

    Args:
        vba_bin: the project to extend.
        name: the module name (ASCII letters, digits and underscores, at most 31).
        source: its text as VBA stores it, `Attribute VB_Name` line first, CRLF line ends.

    Raises:
        VbaProjectError: when `vba_bin` is not a VBA project or already has such a module.
    """
    if not (name.isascii() and name.replace("_", "a").isalnum() and 0 < len(name) <= 31):
        raise VbaProjectError(f"bad module name: {name!r}")
    streams = _streams(vba_bin)
    if ("VBA", "dir") not in streams or ("PROJECT",) not in streams:
        raise VbaProjectError("no VBA/dir or PROJECT stream")
    records = _records(decompress(streams[("VBA", "dir")]))
    encoding = _encoding(records)
    if ("VBA", name) in streams or name in module_sources(vba_bin):
        raise VbaProjectError(f"the project already has a module {name}")
    count_at = next(i for i, r in enumerate(records) if r[0] == _MODULES)
    count = struct.unpack("<H", records[count_at][2])[0]
    records[count_at] = _record(_MODULES, struct.pack("<H", count + 1))
    records[-1:-1] = _module_records(name, encoding)
    streams["VBA", "dir"] = compress(b"".join(
        struct.pack("<HI", rid, size) + data for rid, size, data in records))
    streams["VBA", name] = compress(source.encode(encoding))
    streams["PROJECT",] = _project_text(streams["PROJECT",], name, encoding)
    if ("PROJECTwm",) in streams:
        wm = streams["PROJECTwm",]
        if not wm.endswith(b"\0\0"):
            raise VbaProjectError("the PROJECTwm stream does not end with its terminator")
        entry = name.encode(encoding) + b"\0" + name.encode("utf-16-le") + b"\0\0"
        streams["PROJECTwm",] = wm[:-2] + entry + b"\0\0"
    return write_compound(streams)


def _project_text(project: bytes, name: str, encoding: str) -> bytes:
    """The PROJECT stream with `Module=name` after its last module line, and a workspace line."""
    lines = project.decode(encoding).split("\r\n")
    kinds = ("Document=", "Module=", "Class=", "BaseClass=", "Package=")
    last = max((i for i, line in enumerate(lines) if line.startswith(kinds)), default=None)
    if last is None:
        raise VbaProjectError("the PROJECT stream lists no module")
    lines.insert(last + 1, f"Module={name}")
    if "[Workspace]" in lines:
        at = lines.index("[Workspace]") + 1
        while at < len(lines) and lines[at]:
            at += 1
        lines.insert(at, f"{name}=0, 0, 0, 0, C")
    return "\r\n".join(lines).encode(encoding)
