"""Bytes to text: the encodings and separators Vietnamese offices' files arrive in.

UTF-8 (with or without BOM), UTF-16 "Unicode text" from Excel, or Windows-1258; separated by `,`, `;`
or tab. All text is normalised to NFC so that names typed on different machines compare equal.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

from ytcs.diagnostics import InputError, Location


def decode(data: bytes, display: str) -> str:
    """Bytes → NFC text: UTF-8 (BOM or not), UTF-16 with BOM, else Windows-1258."""
    if data.startswith(b"PK\x03\x04"):
        raise InputError("this is an Excel workbook, not a CSV text file; rename it to .xlsx", Location(display))
    try:
        if data.startswith(codecs.BOM_UTF8):
            text = data[len(codecs.BOM_UTF8) :].decode("utf-8")
        elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            text = data.decode("utf-16")
        elif b"\x00" in data[:4096]:
            sample = data[:4096]
            if sample[1::2].count(0) > len(sample) // 4:
                text = data.decode("utf-16-le")
            elif sample[0::2].count(0) > len(sample) // 4:
                text = data.decode("utf-16-be")
            else:
                raise InputError("this is not a text file; save it as CSV (UTF-8) or .xlsx", Location(display))
        else:
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError:
                text = data.decode("cp1258")
    except UnicodeDecodeError as error:
        raise InputError(
            f"byte {error.start + 1} cannot be read as UTF-8, UTF-16 or Windows-1258 text; "
            "save the file as 'CSV UTF-8' from Excel",
            Location(display),
        ) from error
    text = text.lstrip("\ufeff")
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return text


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
