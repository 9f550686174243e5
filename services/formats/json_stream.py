"""A JSON data file cut into its parts without building the document: each project of the
`项目` list, and each other value, as the span of bytes it takes in the file.

A data file of 10,000 projects is ~70 MB of text and ~300 MB once parsed; cut this way, only
one project's text is held at a time and each part is parsed on its own (by the standard
library's parser, so its messages stay the same). The cutter only tracks brackets and strings:
a part whose brackets balance is handed whole to the parser, which judges it; a mistake in the
frame around the parts (a missing comma between projects, a file that ends too soon) is a
mistake in the whole file. Bytes, not text: in UTF-8 no byte of a multi-byte character is one
of the ASCII characters looked for.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

CHUNK = 1 << 16
BOM = b"\xef\xbb\xbf"
PROJECTS = "项目"
_WS = re.compile(rb"[ \t\r\n]*")
_STOP = re.compile(rb'["\[\]{}]')
_STRING_STOP = re.compile(rb'["\\]')
_SCALAR_END = re.compile(rb"[,\]}\s]")
_CONTINUATION = re.compile(rb"[\x80-\xbf]")


class FrameError(Exception):
    """A mistake in the frame around the parts: `msg` is the standard parser's wording,
    `offset` the byte in the file."""

    def __init__(self, msg: str, offset: int) -> None:
        super().__init__(msg)
        self.msg, self.offset = msg, offset


@dataclass(frozen=True)
class Part:
    """One value of the document: `key` is its top-level key (`None` for the document itself
    when it is neither an object nor a list), `index` its place in the `项目` list (or None);
    `depth` how deep its brackets nest, counting the containers around it."""

    key: str | None
    index: int | None
    start: int
    end: int
    depth: int
    complete: bool = True          # False: the file ended inside it
    opens: bool = False            # not a value: the `项目` list (or a bare list) starts here


class _Window:
    """The file's bytes through a window that grows as the cutter reads on and is cut behind
    each finished part; positions are offsets in the file."""

    def __init__(self, f: BinaryIO, start: int) -> None:
        self.f, self.buf, self.base, self.eof = f, bytearray(), start, False
        f.seek(start)

    def more(self) -> bool:
        if self.eof:
            return False
        chunk = self.f.read(CHUNK)
        if not chunk:
            self.eof = True
            return False
        self.buf += chunk
        return True

    def byte(self, pos: int) -> int:
        """The byte at `pos` (-1 at the end of the file)."""
        while pos - self.base >= len(self.buf):
            if not self.more():
                return -1
        return self.buf[pos - self.base]

    def text(self, start: int, end: int) -> bytes:
        return bytes(self.buf[start - self.base:end - self.base])

    def drop(self, pos: int) -> None:
        del self.buf[:pos - self.base]
        self.base = pos

    def skip_space(self, pos: int) -> int:
        while True:
            m = _WS.match(self.buf, pos - self.base)
            end = m.end() if m else pos - self.base
            if end < len(self.buf) or not self.more():
                return self.base + end

    def string_end(self, pos: int) -> int:
        """The end of the string opening at `pos`."""
        j = pos - self.base + 1
        while True:
            m = _STRING_STOP.search(self.buf, j)
            if m is None:
                j = len(self.buf)
                if not self.more():
                    raise FrameError("Unterminated string starting at", pos)
                continue
            if self.buf[m.start()] == ord('"'):
                return self.base + m.end()
            j = m.start() + 2                 # a backslash escapes the next byte
            while j > len(self.buf):
                if not self.more():
                    raise FrameError("Unterminated string starting at", pos)

    def value_end(self, pos: int) -> tuple[int, int, bool]:
        """(end, deepest bracket nesting, complete) of the value starting at `pos`."""
        c = self.byte(pos)
        if c == ord('"'):
            return self.string_end(pos), 0, True
        if c not in (ord("["), ord("{")):
            j = pos - self.base
            while True:
                m = _SCALAR_END.search(self.buf, j)
                if m is not None:
                    return self.base + m.start(), 0, True
                j = len(self.buf)
                if not self.more():
                    return self.base + j, 0, True
        depth = deepest = 0
        j = pos - self.base
        while True:
            m = _STOP.search(self.buf, j)
            if m is None:
                j = len(self.buf)
                if not self.more():
                    return self.base + j, deepest, False
                continue
            ch = self.buf[m.start()]
            if ch == ord('"'):
                j = self.string_end(self.base + m.start()) - self.base
                continue
            j = m.end()
            if ch in (ord("["), ord("{")):
                depth += 1
                deepest = max(deepest, depth)
            else:
                depth -= 1
                if depth == 0:
                    return self.base + j, deepest, True


def parts(f: BinaryIO) -> Iterator[Part]:
    """The parts of the document in `f`, in file order.

    Raises:
        FrameError: the frame around the parts is not JSON.
    """
    f.seek(0)
    start = len(BOM) if f.read(len(BOM)) == BOM else 0
    w = _Window(f, start)
    pos = w.skip_space(start)
    c = w.byte(pos)
    if c == ord("["):
        pos = yield from _items(w, pos, None, 1)
    elif c == ord("{"):
        pos = yield from _members(w, pos)
    elif c == -1:
        raise FrameError("Expecting value", pos)
    else:
        end, deepest, complete = w.value_end(pos)
        yield Part(None, None, pos, end, deepest, complete)
        pos = end
    pos = w.skip_space(pos)
    if w.byte(pos) != -1:
        raise FrameError("Extra data", pos)


def _items(w: _Window, pos: int, key: str | None, above: int) -> Iterator[Part]:
    """The values of the list opening at `pos`; returns the position after it."""
    yield Part(key, None, pos, pos, above, opens=True)
    pos = w.skip_space(pos + 1)
    if w.byte(pos) == ord("]"):
        return pos + 1
    index = 0
    while True:
        if w.byte(pos) in (-1, ord("]"), ord(",")):
            raise FrameError("Expecting value", pos)
        end, deepest, complete = w.value_end(pos)
        yield Part(key, index, pos, end, above + deepest, complete)
        if not complete:
            raise FrameError("Expecting value", end)
        w.drop(end)
        index += 1
        closed, pos = _after_value(w, end, ord("]"))
        if closed:
            return pos


def _after_value(w: _Window, pos: int, close: int) -> tuple[bool, int]:
    """After a value of a list or an object: (True, the position after `close`) at its end,
    else (False, where the next value starts) past the comma."""
    pos = w.skip_space(pos)
    c = w.byte(pos)
    if c == close:
        return True, pos + 1
    if c != ord(","):
        raise FrameError("Expecting ',' delimiter", pos)
    return False, w.skip_space(pos + 1)


def _members(w: _Window, pos: int) -> Iterator[Part]:
    """The values of the top-level object opening at `pos`, the `项目` list item by item."""
    import json

    pos = w.skip_space(pos + 1)
    if w.byte(pos) == ord("}"):
        return pos + 1
    while True:
        if w.byte(pos) != ord('"'):
            raise FrameError("Expecting property name enclosed in double quotes", pos)
        end = w.string_end(pos)
        key = json.loads(w.text(pos, end).decode("utf-8"))
        pos = w.skip_space(end)
        if w.byte(pos) != ord(":"):
            raise FrameError("Expecting ':' delimiter", pos)
        pos = w.skip_space(pos + 1)
        if key == PROJECTS and w.byte(pos) == ord("["):
            pos = yield from _items(w, pos, key, 2)
        else:
            if w.byte(pos) in (-1, ord("}"), ord(",")):
                raise FrameError("Expecting value", pos)
            end, deepest, complete = w.value_end(pos)
            yield Part(key, None, pos, end, 1 + deepest, complete)
            if not complete:
                raise FrameError("Expecting ',' delimiter", end)
            pos = end
        w.drop(pos)
        closed, pos = _after_value(w, pos, ord("}"))
        if closed:
            return pos


def read_part(f: BinaryIO, part: Part) -> str:
    """The text of one part (the file is UTF-8: checked before it is cut)."""
    f.seek(part.start)
    return f.read(part.end - part.start).decode("utf-8")


def line_and_column(path: Path, offset: int) -> tuple[int, int]:
    """The line and column (characters, from 1, as the standard parser counts them) of the
    byte at `offset`: found only for a message, by reading the file up to it."""
    line, column, done = 1, 0, 0
    with open(path, "rb") as f:
        while done < offset:
            chunk = f.read(min(CHUNK, offset - done))
            if not chunk:
                break
            if done == 0 and chunk.startswith(BOM):
                chunk, done = chunk[len(BOM):], len(BOM)
            done += len(chunk)
            n = chunk.count(b"\n")
            if n:
                line += n
                chunk, column = chunk[chunk.rindex(b"\n") + 1:], 0
            column += len(chunk) - len(_CONTINUATION.findall(chunk))
    return line, column + 1
