"""Bytes to text: the encodings and separators Vietnamese offices' files arrive in.

UTF-8 (with or without BOM), UTF-16 "Unicode text" from Excel, or Windows-1258; separated by `,`, `;`
or tab. All text is normalised to NFC so that names typed on different machines compare equal, and
digits typed in another script (fullwidth `１２３` from an East Asian keyboard, Arabic-Indic `١٢٣`) become
0–9, as NFKC would make them. Text with NUL bytes or other control characters is a damaged or binary
file, refused at its line.
"""

from __future__ import annotations

import array
import codecs
import functools
import re
import sys
import unicodedata
from pathlib import Path

from ytcs.diagnostics import InputError, Location, escape_invisible

_CONTROLS = "\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f-\\x9f"
_NOT_ASCII_CONTROLS = bytes(code for code in range(256) if code in (9, 10, 13) or 32 <= code < 127)


@functools.cache
def _digit_table() -> dict[int, str]:
    """Every decimal digit (category Nd) of the Basic Multilingual Plane outside ASCII → its ASCII digit.
    (Digits beyond it, such as mathematical bold 𝟏, stay as they are and are refused as no number.)
    Found by one C scan of the plane's text (`\\d` of `re` is category Nd), not by asking unicodedata about
    each of its 65,000 code points (14 ms in every run that reads a Vietnamese name)."""
    return {ord(char): str(unicodedata.decimal(char)) for char in re.findall(r"\d", _plane())}


def _plane() -> str:
    """The Basic Multilingual Plane outside ASCII as text, surrogates left out (no digit is one)."""
    codes = array.array("I", range(0x80, 0xD800))  # a C unsigned int: 4 bytes on every platform CPython runs on
    codes.extend(range(0xE000, 0x10000))
    return codes.tobytes().decode("utf-32-le" if sys.byteorder == "little" else "utf-32-be")


@functools.cache
def _unusual() -> re.Pattern[str]:
    """Control characters and digits of other scripts: one scan of a file's text finds both (a character
    class of a few hundred ranges is as fast as one range)."""
    zeros = sorted(code for code, digit in _digit_table().items() if digit == "0")
    return re.compile(f"[{_CONTROLS}{''.join(f'{chr(zero)}-{chr(zero + 9)}' for zero in zeros)}]")


def ascii_digits(text: str) -> str:
    """`text` with digits of other scripts (fullwidth '１２３', Arabic-Indic '١٢٣') as 0–9."""
    if text.isascii() or not any(char.isdecimal() and not char.isascii() for char in text):
        return text
    return text.translate(_digit_table())


def ascii_has_controls(data: bytes) -> bool:
    """Whether ASCII bytes hold a control character other than tab and line breaks: one C pass deletes
    every byte that is none, and looks at what is left."""
    return bool(data.translate(None, _NOT_ASCII_CONTROLS))


def check_text(text: str, display: str) -> str:
    """A decoded file's text, refused at the first line holding a NUL byte or another control character
    (a damaged or binary file), with digits of other scripts made 0–9."""
    if text.isascii():  # most national exports
        if not ascii_has_controls(text.encode("ascii")):
            return text
        found = re.compile(f"[{_CONTROLS}]").search(text)
    else:
        found = _unusual().search(text)
    if found is None:
        return text
    control = re.compile(f"[{_CONTROLS}]").search(text, found.start())
    if control is not None:
        char = control.group()
        what = "NUL bytes" if char == "\x00" else f"the control character {escape_invisible(char)}"
        raise InputError(
            f"holds {what}: a damaged or binary file, not CSV text; save it again as CSV UTF-8 from Excel",
            Location(display, text.count("\n", 0, control.start()) + 1),
        )
    return text.translate(_digit_table())


def _bomless_utf16(sample: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' when NUL bytes fall on one side of each pair only, as in UTF-16 text
    without a BOM; None otherwise (a NUL-padded or binary file, refused later at its line)."""
    odd, even, quarter = sample[1::2].count(0), sample[0::2].count(0), len(sample) // 4
    if odd > quarter and even <= quarter // 4:
        return "utf-16-le"
    if even > quarter and odd <= quarter // 4:
        return "utf-16-be"
    return None


def _encoding(data: bytes) -> tuple[str, int]:
    """The encoding of a file's bytes and the length of its byte-order mark."""
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8", len(codecs.BOM_UTF8)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16", 0
    sample = data[:4096]
    utf16 = _bomless_utf16(sample) if b"\x00" in sample else None
    if utf16 is not None:
        return utf16, 0
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return "cp1258", 0
    return "utf-8", 0


def decode(data: bytes, display: str) -> str:
    """Bytes → NFC text: UTF-8 (BOM or not), UTF-16 (BOM or not), else Windows-1258."""
    if data.startswith(b"PK\x03\x04"):
        raise InputError("this is an Excel workbook, not a CSV text file; rename it to .xlsx", Location(display))
    encoding, skip = _encoding(data)
    try:
        text = data[skip:].decode(encoding)
    except UnicodeDecodeError as error:
        raise InputError(
            f"byte {error.start + skip + 1} cannot be read as UTF-8, UTF-16 or Windows-1258 text; "
            "save the file as 'CSV UTF-8' from Excel",
            Location(display),
        ) from error
    text = text.lstrip("\ufeff")
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return text


def is_unicode_text(path: Path) -> bool:
    """Whether a .txt file is Excel's "Unicode text" save (UTF-16 with its BOM, cells separated by tabs),
    which is read as a CSV file is; other text files are not count files."""
    with path.open("rb") as handle:
        head = handle.read(4096)
    if not head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    return "\t" in head[: len(head) // 2 * 2].decode("utf-16", errors="replace")


def detect_separator(header_line: str) -> str:
    """The header line's most frequent separator outside quotes (tab, then ';', then ',' on a tie)."""
    unquoted = re.sub(r'"[^"]*"', "", header_line)
    counts = {sep: unquoted.count(sep) for sep in ("\t", ";", ",")}
    best = max(counts.values())
    if best == 0:
        return ","
    return next(sep for sep in ("\t", ";", ",") if counts[sep] == best)


def separator_name(separator: str) -> str:
    return {"\t": "tabs", ";": "';'", ",": "','"}[separator]
