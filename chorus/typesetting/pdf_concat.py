"""Append typst's PDFs, one after another, into one file on disk without holding them all.

typst lays out a whole document in memory, so a bundle of 10,000 signatories is typeset in
parts of a few hundred rows each (see bundle.py). This writer copies each part's objects to the
output file as the part arrives, renumbered, and remembers only their offsets and the part's
page tree node; `finish()` writes a root page tree over those nodes, the catalogue and the
cross-reference table. Memory stays that of one part, whatever the length of the bundle.

It reads what typst writes (classic cross-reference tables, direct stream lengths, no object
streams, no encryption) and refuses anything else with `UnsupportedPdf`, rather than guessing.
Each part's catalogue, document information and XMP metadata are left out; its pages and
everything they use are copied unchanged apart from object numbers.
"""

from __future__ import annotations

import re
from typing import BinaryIO


class UnsupportedPdf(ValueError):
    pass


_STARTXREF = re.compile(rb"startxref\s+(\d+)\s+%%EOF\s*$")
_SUBSECTION = re.compile(rb"(\d+)\s+(\d+)[ \t]*\r?\n")
_ENTRY = re.compile(rb"(\d{10}) (\d{5}) ([nf])")
_TRAILER = re.compile(rb"\s*trailer\s*")
_HEADER = re.compile(rb"\s*(\d+)\s+(\d+)\s+obj\b")
_REF = re.compile(rb"(\d+)\s+(\d+)\s+R(?![A-Za-z0-9_])")
# Every other token: names, dictionary brackets, hex strings, comments, keywords, numbers, space.
_TOKEN = re.compile(
    rb"/[^\s/<>\[\]()%{}]*|<<|>>|<[0-9A-Fa-f\s]*>|%[^\r\n]*|[A-Za-z]+|[+\-.0-9]+|\s+|[\[\]{}]"
)
_LENGTH = re.compile(rb"/Length\s+(\d+)(?!\s+\d+\s+R)")
_STREAM_START = re.compile(rb"stream\r?\n")
_ROOT = re.compile(rb"/Root\s+(\d+)\s+\d+\s+R")
_INFO = re.compile(rb"/Info\s+(\d+)\s+\d+\s+R")
_PAGES = re.compile(rb"/Pages\s+(\d+)\s+\d+\s+R")
_METADATA = re.compile(rb"/Metadata\s+(\d+)\s+\d+\s+R")
_COUNT = re.compile(rb"/Count\s+(\d+)")


def _string_end(data: bytes, start: int) -> int:
    """The index just after the literal string that opens at `start` (balanced parentheses,
    backslash escapes)."""
    depth = 0
    index = start
    while index < len(data):
        char = data[index]
        if char == 0x5C:  # backslash: the next byte is escaped
            index += 2
            continue
        if char == 0x28:
            depth += 1
        elif char == 0x29:
            depth -= 1
            if depth == 0:
                return index + 1
        index += 1
    raise UnsupportedPdf("unterminated string")


def _xref(data: bytes) -> tuple[dict[int, int], bytes]:
    """Object number → byte offset of every object in use, and the trailer dictionary."""
    match = _STARTXREF.search(data[-64:])
    if match is None:
        raise UnsupportedPdf("no startxref")
    position = int(match.group(1))
    if data[position : position + 4] != b"xref":
        raise UnsupportedPdf("cross-reference streams are not supported")
    position += 4
    while data[position : position + 1] in (b"\r", b"\n", b" "):
        position += 1
    offsets: dict[int, int] = {}
    while True:
        section = _SUBSECTION.match(data, position)
        if section is None:
            break
        first, count = int(section.group(1)), int(section.group(2))
        position = section.end()
        for number in range(first, first + count):
            entry = _ENTRY.match(data, position)
            if entry is None:
                raise UnsupportedPdf("bad cross-reference entry")
            if entry.group(3) == b"n":
                offsets[number] = int(entry.group(1))
            position += 20
    trailer = _TRAILER.match(data, position)
    if trailer is None:
        raise UnsupportedPdf("no trailer")
    return offsets, data[trailer.end() : trailer.end() + 1024]


def _object_at(data: bytes, offset: int, numbers: dict[int, int] | None) -> tuple[bytes, bytes | None]:
    """The object at `offset`, its references renumbered with `numbers` (None: as they are):
    (the value, the stream data or None). Strings are copied as they are, so text that looks
    like "3 0 R" stays text."""
    header = _HEADER.match(data, offset)
    if header is None:
        raise UnsupportedPdf("no object at offset")
    position = header.end()
    out: list[bytes] = []
    while position < len(data):
        if data[position] == 0x28:  # "("
            end = _string_end(data, position)
            out.append(data[position:end])
            position = end
            continue
        ref = _REF.match(data, position)
        if ref is not None:
            old = int(ref.group(1))
            if numbers is None:
                out.append(ref.group())
            elif old not in numbers:
                raise UnsupportedPdf(f"reference to an object that is not copied ({old})")
            else:
                out.append(b"%d 0 R" % numbers[old])
            position = ref.end()
            continue
        token = _TOKEN.match(data, position)
        if token is None:
            raise UnsupportedPdf(f"unexpected byte at {position}")
        word = token.group()
        if word == b"endobj":
            return b"".join(out).strip(), None
        if word == b"stream":
            value = b"".join(out).strip()
            length = _LENGTH.search(data, header.end(), position)
            start = _STREAM_START.match(data, position)
            if length is None or start is None:
                raise UnsupportedPdf("a stream without a direct length")
            return value, data[start.end() : start.end() + int(length.group(1))]
        out.append(word)
        position = token.end()
    raise UnsupportedPdf("unterminated object")


class PdfAppender:
    """Write the pages of several PDFs, in order, as one PDF to `output` (opened for binary
    writing). Call `append()` for each part, then `finish()` once."""

    CATALOG = 1
    ROOT_PAGES = 2

    def __init__(self, output: BinaryIO) -> None:
        self.output = output
        self.position = 0
        self.offsets: dict[int, int] = {}
        self.next_number = 3
        self.kids: list[int] = []
        self.pages = 0
        self._write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")

    def _write(self, chunk: bytes) -> None:
        self.output.write(chunk)
        self.position += len(chunk)

    def _object(self, number: int, value: bytes, stream: bytes | None = None) -> None:
        self.offsets[number] = self.position
        self._write(b"%d 0 obj\n" % number + value + b"\n")
        if stream is not None:
            self._write(b"stream\n" + stream + b"\nendstream\n")
        self._write(b"endobj\n")

    def append(self, pdf: bytes) -> int:
        """Copy the pages of one PDF (as typst writes it); returns how many it had."""
        offsets, trailer = _xref(pdf)
        root = _ROOT.search(trailer)
        if root is None or b"/Encrypt" in trailer:
            raise UnsupportedPdf("no catalogue, or encrypted")
        catalog, _ = _object_at(pdf, offsets[int(root.group(1))], None)
        pages = _PAGES.search(catalog)
        if pages is None:
            raise UnsupportedPdf("no page tree")
        left_out = {int(root.group(1))}
        for pattern, source in ((_INFO, trailer), (_METADATA, catalog)):
            found = pattern.search(source)
            if found is not None:
                left_out.add(int(found.group(1)))
        numbers: dict[int, int] = {}
        for old in sorted(offsets):
            if old not in left_out:
                numbers[old] = self.next_number
                self.next_number += 1
        pages_node = int(pages.group(1))
        count = 0
        for old, new in numbers.items():
            value, stream = _object_at(pdf, offsets[old], numbers)
            if old == pages_node:
                counted = _COUNT.search(value)
                if counted is None or not value.startswith(b"<<"):
                    raise UnsupportedPdf("a page tree without a count")
                count = int(counted.group(1))
                value = b"<</Parent %d 0 R" % self.ROOT_PAGES + value[2:]
            self._object(new, value, stream)
        self.kids.append(numbers[pages_node])
        self.pages += count
        return count

    def finish(self, *, title: str = "", language: str = "") -> None:
        """Write the page tree root, the catalogue, the document information and the
        cross-reference table."""
        if not self.kids:
            raise ValueError("a PDF needs at least one page")
        kids = b" ".join(b"%d 0 R" % kid for kid in self.kids)
        self._object(self.ROOT_PAGES, b"<</Type/Pages/Kids[%s]/Count %d>>" % (kids, self.pages))
        lang = b"/Lang" + _text_string(language) if language else b""
        self._object(self.CATALOG, b"<</Type/Catalog/Pages %d 0 R%s>>" % (self.ROOT_PAGES, lang))
        info = self.next_number
        self._object(info, b"<</Title" + _text_string(title) + b"/Producer" + _text_string("Chorus") + b">>")
        size = info + 1
        xref_at = self.position
        entries = [b"0000000000 65535 f\r\n"]
        entries += [b"%010d 00000 n\r\n" % self.offsets[number] for number in range(1, size)]
        self._write(b"xref\n0 %d\n" % size + b"".join(entries))
        self._write(b"trailer\n<</Size %d/Root %d 0 R/Info %d 0 R>>\n" % (size, self.CATALOG, info))
        self._write(b"startxref\n%d\n%%%%EOF\n" % xref_at)


def _text_string(text: str) -> bytes:
    """A PDF text string that holds any Unicode: UTF-16BE with its byte order mark, in hex."""
    return b"<" + ("\ufeff" + text).encode("utf-16-be").hex().upper().encode() + b">"
