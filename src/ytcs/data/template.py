"""Empty count files for analysts: exactly the variables a plan needs, with Vietnamese labels."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path

from ytcs.plans.models import Variable

AGGREGATION_VI = {
    "sum": "cộng dồn các tháng (sự kiện)",
    "mean": "trung bình các kỳ (dân số)",
    "last": "số cuối kỳ (số hiện có)",
}


def template_csv(variables: Sequence[Variable]) -> str:
    """Header row of ids (what ytcs reads), then a comment row (`#` in `unit`) of Vietnamese labels."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["unit", "year", "month", *(v.id for v in variables)])
    writer.writerow(["# Mã đơn vị", "Năm", "Tháng (để trống nếu số liệu năm)", *(v.label_vi for v in variables)])
    return buffer.getvalue()


def write_template_xlsx(path: Path, variables: Sequence[Variable]) -> None:
    """Sheet 'Số liệu' to fill in, sheet 'Ghi chú' explaining each column."""
    import pandas as pd

    data = pd.DataFrame(columns=["unit", "year", "month", *(v.id for v in variables)])
    notes = pd.DataFrame(
        {
            "Cột": [v.id for v in variables],
            "Tên chỉ số (tiếng Việt)": [v.label_vi for v in variables],
            "English": [v.label_en for v in variables],
            "Đơn vị": [v.unit or "" for v in variables],
            "Cách cộng trong năm": [AGGREGATION_VI[v.time_aggregation] for v in variables],
        }
    )
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        data.to_excel(writer, sheet_name="Số liệu", index=False)
        notes.to_excel(writer, sheet_name="Ghi chú", index=False)
