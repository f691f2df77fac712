"""Small data folders written for a test: a units.csv and the count files it asks for."""

from __future__ import annotations

from pathlib import Path


def write_folder(folder: Path, units: str, files: dict[str, str | bytes]) -> Path:
    """`folder` with `units` as its units.csv and each file's text (UTF-8) or bytes as given."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "units.csv").write_text(units, encoding="utf-8")
    for name, content in files.items():
        if isinstance(content, bytes):
            (folder / name).write_bytes(content)
        else:
            (folder / name).write_text(content, encoding="utf-8")
    return folder
