"""Digits of other scripts (ytcs.data.decode): the table found by a scan of the plane is the Unicode one."""

from __future__ import annotations

import unicodedata

from ytcs.data import decode


def test_the_digit_table_is_every_decimal_digit_of_the_plane_beyond_ascii():
    # The definition, asked of unicodedata code point by code point (what the scan replaces).
    expected = {
        code: str(unicodedata.decimal(chr(code)))
        for code in range(0x80, 0x10000)
        if unicodedata.decimal(chr(code), None) is not None
    }
    assert decode._digit_table() == expected
    assert decode._digit_table()[0xFF11] == "1" and decode._digit_table()[0x0663] == "3"  # fullwidth 1, Arabic-Indic 3


def test_the_plane_is_every_code_point_from_0x80_but_the_surrogates_in_order():
    codes = [ord(char) for char in decode._plane()]
    assert codes == [*range(0x80, 0xD800), *range(0xE000, 0x10000)]


def test_digits_of_other_scripts_become_ascii_digits():
    assert decode.check_text("Xã Đức Phổ,１２,٣\n", "units.csv") == "Xã Đức Phổ,12,3\n"
    assert decode.ascii_digits("１２") == "12"
