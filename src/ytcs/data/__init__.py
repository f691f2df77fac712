"""Data: a folder of count files → a checked DataSet (units, values, published history, findings).

The steps: `decode` (bytes → NFC text) → `csv_table` / `xlsx_table` (cells of one file) → `columns` and
`forms` (what the header says, cells → long-form values, with `numbers`' one rule for text numbers) →
`combine` (the files of a folder together) → `folder` (`read_data_folder`); `units` and `hierarchy` read
and walk units.csv; `checks` finds what is wrong but not fatal; `template` writes files to fill in.
"""

from ytcs.data.folder import DataSet, read_data_folder

__all__ = ["DataSet", "read_data_folder"]
