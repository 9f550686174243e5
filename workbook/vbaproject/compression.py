"""MS-OVBA compression ([MS-OVBA] 2.4.1): how every module and the dir stream are stored.

A compressed container is a signature byte 0x01 and chunks, each standing for up to 4096 bytes.
A chunk is a 2-byte header (size − 3 in bits 0–11, 0b011 in bits 12–14, bit 15 set when
compressed) and tokens in groups of eight behind a flag byte: a literal byte, or a 2-byte copy
token (offset, length) into what the chunk has produced so far, whose split between offset and
length bits grows with the position in the chunk.
"""

from __future__ import annotations

CHUNK = 4096
_MIN_MATCH = 3
_CANDIDATES = 64     # how many earlier places a match search tries; enough for source text


def _bit_count(position: int) -> int:
    """Offset bits of a copy token at `position` bytes into a chunk (at least 4)."""
    return max((position - 1).bit_length(), 4)


def _compress_chunk(chunk: bytes) -> bytes:
    """The tokens of one chunk: greedy longest matches found through 3-byte hash chains."""
    out = bytearray()
    seen: dict[bytes, list[int]] = {}
    pos, n = 0, len(chunk)
    while pos < n:
        flag_at = len(out)
        out.append(0)
        for bit in range(8):
            if pos >= n:
                break
            bits = _bit_count(pos)
            longest = min((0xFFFF >> bits) + _MIN_MATCH, n - pos)
            best_len, best_off = 0, 0
            if longest >= _MIN_MATCH:
                for cand in reversed(seen.get(chunk[pos:pos + _MIN_MATCH], [])[-_CANDIDATES:]):
                    length = 0
                    while length < longest and chunk[cand + length] == chunk[pos + length]:
                        length += 1
                    if length > best_len:
                        best_len, best_off = length, pos - cand
                        if length == longest:
                            break
            step = best_len if best_len >= _MIN_MATCH else 1
            if step > 1:
                token = ((best_off - 1) << (16 - bits)) | (best_len - _MIN_MATCH)
                out += token.to_bytes(2, "little")
                out[flag_at] |= 1 << bit
            else:
                out.append(chunk[pos])
            for p in range(pos, pos + step):
                seen.setdefault(chunk[p:p + _MIN_MATCH], []).append(p)
            pos += step
    return bytes(out)


def compress(data: bytes) -> bytes:
    """`data` as an MS-OVBA compressed container."""
    out = bytearray(b"\x01")
    for start in range(0, len(data), CHUNK):
        chunk = data[start:start + CHUNK]
        body = _compress_chunk(chunk)
        if len(body) <= CHUNK:
            out += (0xB000 | (len(body) - 1)).to_bytes(2, "little") + body
        elif len(chunk) == CHUNK:                   # incompressible: stored as it is
            out += (0x3000 | (CHUNK - 1)).to_bytes(2, "little") + chunk
        else:
            raise ValueError("a short incompressible last chunk cannot be stored")
    return bytes(out)


def decompress(data: bytes) -> bytes:
    """The bytes an MS-OVBA compressed container stands for.

    Raises:
        ValueError: when `data` is not such a container.
    """
    if not data or data[0] != 1:
        raise ValueError("not an MS-OVBA compressed container")
    out = bytearray()
    i = 1
    while i < len(data):
        header = int.from_bytes(data[i:i + 2], "little")
        if (header >> 12) & 0b111 != 0b011:
            raise ValueError(f"bad chunk signature at byte {i}")
        body = data[i + 2:i + (header & 0xFFF) + 3]
        i += (header & 0xFFF) + 3
        start = len(out)
        if not header & 0x8000:
            out += body
            continue
        j = 0
        while j < len(body):
            flags = body[j]
            j += 1
            for bit in range(8):
                if j >= len(body):
                    break
                if not flags >> bit & 1:
                    out.append(body[j])
                    j += 1
                    continue
                token = int.from_bytes(body[j:j + 2], "little")
                j += 2
                bits = _bit_count(len(out) - start)
                length = (token & (0xFFFF >> bits)) + _MIN_MATCH
                offset = (token >> (16 - bits)) + 1
                if offset > len(out) - start:
                    raise ValueError(f"copy token reaches before its chunk at byte {i}")
                for _ in range(length):
                    out.append(out[-offset])
    return bytes(out)
