"""Write the cases of this corpus that are not plain UTF-8 text (run from anywhere; idempotent).

The other cases are hand-written text files; these need bytes a text editor would not keep:
UTF-16 and Windows-1258 encodings, and Excel workbooks.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import openpyxl

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))  # the repository root, when run as a script

from tests.support.vietnamese_text import encode_cp1258  # noqa: E402

UNITS = (
    "code,name,level,parent\n12,Tỉnh Lai Châu,province,\n106,Huyện Tam Đường,district,12\n"
    "03390,Thị trấn Tam Đường,commune,106\n03394,Xã Thèn Sin,commune,106\n"
)


def case(name: str) -> Path:
    folder = HERE / name
    folder.mkdir(exist_ok=True)
    (folder / "units.csv").write_text(UNITS, encoding="utf-8")
    return folder


def main() -> None:
    # Excel's "Unicode text": UTF-16 with BOM, tab-separated; row 3 holds a word in a number column.
    text = "Mã đơn vị\tNăm\tDân số\r\n03390\t2024\t8240\r\n03394\t2024\tabc\r\n"
    (case("utf16-bad-cell") / "counts.csv").write_bytes(text.encode("utf-16"))
    # Windows-1258 (Vietnamese ANSI) stores tones as combining marks: headers must come out NFC.
    text = "Mã đơn vị,Năm,Số bác sĩ\r\n03390,2024,10\r\n03394,2024,2 người\r\n"
    (case("cp1258-bad-cell") / "counts.csv").write_bytes(encode_cp1258(text))
    # A workbook saved under a .csv name.
    workbook = openpyxl.Workbook()
    workbook.active.append(["unit", "year", "population"])
    workbook.active.append(["03390", 2024, 8240])
    workbook.save(case("workbook-named-csv") / "counts.csv")
    # A workbook whose number column holds a date (Excel's auto-format turned '1/3' into 1 March).
    workbook = openpyxl.Workbook()
    workbook.active.append(["unit", "year", "infant_deaths"])
    workbook.active.append(["03390", 2024, 1])
    workbook.active.append(["03394", 2024, dt.datetime(2024, 3, 1)])
    workbook.save(case("xlsx-date-in-number-column") / "counts.xlsx")
    # A workbook whose text cell is not a number.
    workbook = openpyxl.Workbook()
    workbook.active.append(["Mã đơn vị", "Năm", "Dân số"])
    workbook.active.append(["03390", 2024, 8240])
    workbook.active.append(["03394", "2024", "4.260 người"])
    workbook.save(case("xlsx-text-not-a-number") / "counts.xlsx")


if __name__ == "__main__":
    main()
