"""XLSX workbooks, the parts around the cells: sheets and their visibility, number formats, shared strings.

A workbook is a zip of XML parts, read here with the standard library alone (zipfile, ElementTree over
expat, which refuses entity expansion bombs) so that every limit is ours:

- the file is at most 100 MB, read with its bytes counted (`ytcs.inputs.read_bounded`);
- before a part is parsed, its unpacked size is checked against what is left of 200 MB for the whole
  workbook, and against 100 times its packed size (a zip bomb), and the bytes actually unpacked are
  counted while it is parsed (a zip header can lie);
- nothing is sized from the sheet's declared dimension: cells are read as they come (see xlsx_table).

A cell's number format decides what its number means: a percentage (`0.0%`: 0.997 is shown 99,7%), a
date, or a plain number; `number_kind` tells them apart.
"""

from __future__ import annotations

import io
import posixpath
import re
import unicodedata
import xml.etree.ElementTree as ElementTree
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO, Literal

from ytcs.data.decode import ascii_digits
from ytcs.diagnostics import InputError, Location

MAX_WORKBOOK_BYTES = 100_000_000
MAX_UNPACKED_BYTES = 200_000_000
MAX_RATIO = 100

NumberKind = Literal["number", "percent", "date", "ambiguous"]

# Built-in number formats (ECMA-376 18.8.30): 9 and 10 are percentages; these are dates and times
# (27–36 and 50–58 are the East Asian locales' date formats).
_BUILTIN_PERCENT = frozenset({9, 10})
_BUILTIN_DATE = frozenset({*range(14, 23), *range(27, 37), *range(45, 48), *range(50, 59)})
# What a format shows literally: quoted text, escaped characters, padding and fill, [colours] and [conditions].
_LITERALS = re.compile(r'"[^"]*"|\\.|_.|\*.|\[[^\]]*\]')
_ELAPSED = re.compile(r"\[(?:h+|m+|s+)\]", re.IGNORECASE)
_DATE_LETTERS = re.compile(r"[dmyhs]", re.IGNORECASE)


def local(tag: str) -> str:
    """An XML tag without its namespace: the transitional and the strict OOXML namespaces read alike."""
    return tag.rpartition("}")[2]


def number_kind(code: str) -> NumberKind:
    """What a custom number format makes of a number: a percentage when every numeric section scales by
    100 (a `%` outside quotes), a date or time, a plain number, or ambiguous when its sections disagree."""
    if _ELAPSED.search(code):
        return "date"
    sections = [_LITERALS.sub("", section) for section in code.split(";")[:3]]
    if _DATE_LETTERS.search(sections[0]):
        return "date"
    percent = {"%" in section for section in sections if section.strip()}
    if len(percent) > 1:
        return "ambiguous"
    return "percent" if percent == {True} else "number"


def _builtin_kind(format_id: int) -> NumberKind:
    if format_id in _BUILTIN_PERCENT:
        return "percent"
    return "date" if format_id in _BUILTIN_DATE else "number"


class _Counted:
    """A part being unpacked, refused as soon as it gives more bytes than its zip header declared."""

    def __init__(self, handle: IO[bytes], declared: int, refuse: InputError) -> None:
        self.handle = handle
        self.left = declared
        self.refuse = refuse

    def read(self, size: int = -1) -> bytes:
        data = self.handle.read(size if size is not None and size >= 0 else 1 << 16)
        self.left -= len(data)
        if self.left < 0:
            raise self.refuse
        return data


@dataclass(frozen=True)
class SheetRef:
    """A sheet as the workbook lists it: name, visibility, and its part (None for a chart sheet)."""

    name: str
    state: str
    part: str | None


@dataclass
class Book:
    """An open workbook: its sheets, each cell style's number kind, shared strings and date system."""

    archive: zipfile.ZipFile
    display: str
    sheets: list[SheetRef] = field(default_factory=list)
    kinds: list[NumberKind] = field(default_factory=list)
    strings: list[str | None] = field(default_factory=list)
    date1904: bool = False
    budget: int = MAX_UNPACKED_BYTES

    def open(self, part: str) -> _Counted:
        """A part to parse, after checking its size against what is left of the budget and its packing."""
        info = self.archive.getinfo(part)
        too_big = InputError(
            f"unpacks to more than {MAX_UNPACKED_BYTES // 1_000_000} MB or more than {MAX_RATIO} times its "
            "packed size: a workbook this large or this compressed is refused; save the data as CSV",
            Location(self.display),
        )
        packed_ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > self.budget or (info.file_size > 1_000_000 and packed_ratio > MAX_RATIO):
            raise too_big
        self.budget -= info.file_size
        return _Counted(self.archive.open(info), info.file_size, too_big)

    def elements(self, part: str) -> Iterator[ElementTree.Element]:
        """The elements of a part as they end (children complete), streamed."""
        for _, element in ElementTree.iterparse(self.open(part), events=("end",)):
            yield element

    def relations(self, part: str) -> dict[str, tuple[str, str]]:
        """A part's relationships: id → (type, the target part's name in the zip)."""
        folder, name = posixpath.split(part)
        rels = posixpath.join(folder, "_rels", f"{name}.rels")
        if rels not in self.archive.namelist():
            return {}
        found: dict[str, tuple[str, str]] = {}
        for element in self.elements(rels):
            if local(element.tag) == "Relationship" and element.get("TargetMode") != "External":
                target = element.get("Target", "")
                path = target[1:] if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
                found[element.get("Id", "")] = (element.get("Type", ""), path)
        return found


def _relation_id(element: ElementTree.Element) -> str:
    """A sheet's `r:id`, whatever the relationships namespace is called."""
    return next((value for key, value in element.attrib.items() if key.startswith("{") and local(key) == "id"), "")


def _read_sheets(book: Book, workbook: str) -> None:
    relations = book.relations(workbook)
    for element in book.elements(workbook):
        name = local(element.tag)
        if name == "workbookPr":
            book.date1904 = element.get("date1904", "").lower() in ("1", "true")
        elif name == "sheet":
            kind, part = relations.get(_relation_id(element), ("", ""))
            is_worksheet = kind.endswith("/worksheet") and part in book.archive.namelist()
            book.sheets.append(
                SheetRef(element.get("name", ""), element.get("state", "visible"), part if is_worksheet else None)
            )
    for kind, part in relations.values():
        if kind.endswith("/styles"):
            _read_styles(book, part)
        elif kind.endswith("/sharedStrings"):
            _read_strings(book, part)


def _read_styles(book: Book, part: str) -> None:
    """Each cell style's number kind, from its number format (built-in or the workbook's own)."""
    custom: dict[int, str] = {}
    style_formats: list[int] = []
    in_cell_styles = False
    for event, element in ElementTree.iterparse(book.open(part), events=("start", "end")):
        name = local(element.tag)
        if name == "cellXfs":
            in_cell_styles = event == "start"
        elif event == "end" and name == "numFmt":
            custom[int(element.get("numFmtId", "0"))] = element.get("formatCode", "")
        elif event == "end" and name == "xf" and in_cell_styles:
            style_formats.append(int(element.get("numFmtId", "0")))
    book.kinds = [number_kind(custom[i]) if i in custom else _builtin_kind(i) for i in style_formats]


def _text_of(element: ElementTree.Element) -> str:
    """The text of a shared or inline string: its runs, without phonetic guides (rPh)."""
    parts: list[str] = []
    for child in element:
        name = local(child.tag)
        if name == "t":
            parts.append(child.text or "")
        elif name == "r":
            parts += [grand.text or "" for grand in child if local(grand.tag) == "t"]
    return "".join(parts)


def text_cell(text: str) -> str | None:
    """A text cell as the reader keeps it: NFC, digits of other scripts as 0–9; blank (None) when it holds
    only spaces."""
    if not text.strip():
        return None
    return ascii_digits(unicodedata.normalize("NFC", text))


def _read_strings(book: Book, part: str) -> None:
    """The shared strings, each made a text cell once (cells refer to them by index)."""
    for element in book.elements(part):
        if local(element.tag) == "si":
            book.strings.append(text_cell(_text_of(element)))
            element.clear()


def open_book(data: bytes, display: str) -> Book:
    """A workbook's bytes → its sheets, styles and strings; raises InputError when a part is too large.
    Other failures (a broken zip, broken XML) raise what zipfile and ElementTree raise."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    book = Book(archive, display)
    root = {kind: part for kind, part in book.relations("").values()}
    workbook = next((part for kind, part in root.items() if kind.endswith("/officeDocument")), "xl/workbook.xml")
    _read_sheets(book, workbook)
    return book
