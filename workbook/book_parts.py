"""Which part of a workbook's zip holds each sheet, found the way the reader finds it.

The size check must measure exactly the part python-calamine will read for a sheet, or a
workbook could show it a small decoy and hand the reader a giant. So the sheets are found by
the reader's own steps, not by a general XML library's:

- the workbook's folder is that of the `officeDocument` relationship in `_rels/.rels` (the
  last one; its target unescaped); usually `xl/`;
- its relationships (`<folder>_rels/workbook.xml.rels`) map each `Id` to a `Target`, both
  taken raw — entities are *not* decoded there — the last of an Id winning;
- each `<sheet>` of `<folder>workbook.xml` gives its `name` (unescaped) and the raw value of
  its last attribute named `id` in any namespace; the part is the target without its leading
  `/`, or the folder followed by the target;
- a part is looked up ignoring case, with `\\` read as `/` (a zip holding two names equal but
  for these is refused before: the reader would take the last).

Tags are found outside comments, CDATA and processing instructions; a document type
declaration is refused (entities could hide tags), and so is an attribute given twice (two
readers may take different ones). Attribute values are quoted either way.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Protocol

OFFICE_DOCUMENT = (b"http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
                   b"officeDocument")
SHEET_KINDS = ("worksheet", "chartsheet", "dialogsheet")

_HIDDEN = re.compile(rb"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<\?.*?\?>", re.S)
_ATTRIBUTE = re.compile(rb"""([^\s=]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_ENTITY = re.compile(r"&(#x[0-9A-Fa-f]+|#[0-9]+|amp|lt|gt|quot|apos);")
_NAMED = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}


class Declared(Exception):
    """The XML declares a document type, or repeats an attribute: refused."""


def tags(xml: bytes, local: str) -> list[dict[bytes, bytes]]:
    """The raw attributes of every start or empty tag whose local name is `local`.

    Raises:
        Declared: a document type declaration, or an attribute given twice in one tag.
    """
    if b"<!DOCTYPE" in xml:
        raise Declared
    if b"<!" in xml or xml.find(b"<?", 1) >= 0:
        xml = _HIDDEN.sub(b"", xml)
    out = []
    for attrs in _tag_pattern(local).findall(xml):
        pairs = [(k, a + b) for k, a, b in _ATTRIBUTE.findall(attrs)]    # one of a, b is ""
        found = dict(pairs)
        if len(found) != len(pairs):        # not well-formed: readers differ on which wins
            raise Declared
        out.append(found)
    return out


@lru_cache(maxsize=8)
def _tag_pattern(local: str) -> re.Pattern[bytes]:
    return re.compile(rb"<(?:[^\s/>:!?]+:)?" + local.encode()
                      + rb"""(?=[\s/>])((?:[^>"']++|"[^"]*+"|'[^']*+')*+)>""")


def unescape(raw: bytes) -> str:
    """An attribute value as the reader decodes it: UTF-8, then XML's entities."""
    def one(m: re.Match[str]) -> str:
        name = m.group(1)
        if name.startswith("#x"):
            return chr(int(name[2:], 16))
        if name.startswith("#"):
            return chr(int(name[1:]))
        return _NAMED[name]

    return _ENTITY.sub(one, raw.decode("utf-8", "replace"))


class Zip(Protocol):
    """An open zip: zipfile's ZipFile, or services.zipdir's quicker reader."""

    def read(self, name: str) -> bytes: ...
    def namelist(self) -> list[str]: ...


class BookParts:
    """A workbook's zip as the reader resolves it: its folder, its sheets, any part by name.

    Raises:
        Declared: a document type declaration in one of the parts read.
        ValueError, OverflowError: a character reference out of range (a damaged file).
    """

    def __init__(self, z: Zip) -> None:
        self.z, self.names = z, z.namelist()
        self._exact = set(self.names)
        self._by_key: dict[str, str] = {}
        self.folder: str | None = None          # None: no workbook the reader would open
        self.sheets: list[tuple[str, str]] = []   # (sheet name, part name), in order
        package = self.read(self.part("_rels/.rels"))
        targets = [a[b"Target"] for a in tags(package, "Relationship")
                   if a.get(b"Type") == OFFICE_DOCUMENT and b"Target" in a] if package else []
        if targets:
            document = unescape(targets[-1])
            self.folder = (document[:document.rfind("/") + 1].removeprefix("/")
                           if "/" in document else "")
            self.sheets = self._sheets(self.folder)

    def read(self, name: str) -> bytes | None:
        """The part of exactly this name, or None when the zip has none."""
        try:
            return self.z.read(name)
        except KeyError:
            return None

    def part(self, path: str) -> str:
        """The zip's name for `path`, looked up as the reader does."""
        if path in self._exact:         # (names equal but for case are refused beforehand)
            return path
        if not self._by_key:
            for name in self.names:
                self._by_key[name.replace("\\", "/").lower()] = name
        return self._by_key.get(path.lower(), path)

    def _sheets(self, folder: str) -> list[tuple[str, str]]:
        rels = self.read(self.part(f"{folder}_rels/workbook.xml.rels"))
        book = self.read(self.part(f"{folder}workbook.xml"))
        if rels is None or book is None:
            return []
        relations = {a[b"Id"]: (a.get(b"Target", b""), a.get(b"Type", b""))
                     for a in tags(rels, "Relationship") if b"Id" in a}
        out = []
        for attrs in tags(book, "sheet"):
            ids = [v for k, v in attrs.items() if k == b"id" or k.endswith(b":id")]
            if len(ids) > 1:
                raise Declared
            target, kind = relations.get(ids[0] if ids else b"", (b"", b""))
            if kind.decode("utf-8", "replace").rsplit("/", 1)[-1] not in SHEET_KINDS:
                continue
            path = target.decode("utf-8", "replace")
            path = path[1:] if path.startswith("/") else folder + path
            out.append((unescape(attrs.get(b"name", b"")), self.part(path)))
        return out
