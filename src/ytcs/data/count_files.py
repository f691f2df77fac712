"""Which files of a data folder hold counts, found once; and the fast road started on the CSV ones in the
background while units.csv is read (`ytcs.data.folder` takes each file's result in turn)."""

from __future__ import annotations

import contextlib
from collections.abc import Collection, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from ytcs.data.counts import Block
from ytcs.data.decode import is_unicode_text
from ytcs.data.fast_csv import fast_wide_block
from ytcs.data.mapping import MAPPING_FILE
from ytcs.diagnostics import Finding, InputError, Location, display_path

COUNT_SUFFIXES = (".csv", ".xlsx", ".json")
# Data files ytcs does not read: worth a word, since their counts would otherwise be silently missed.
UNREAD_DATA_SUFFIXES = (".xls", ".xlsm", ".xlsb", ".ods", ".tsv", ".txt", ".parquet")


def count_files(entries: list[Path], not_counts: Collection[Path], folder: Path) -> tuple[list[Path], list[Finding]]:
    """The count files among the entries, and a finding for each data file ytcs does not read."""
    found: list[Path] = []
    findings: list[Finding] = []
    for path in entries:
        if path in not_counts or path.name.casefold() == MAPPING_FILE:
            continue
        if path.suffix.casefold() in COUNT_SUFFIXES or (path.suffix.casefold() == ".txt" and is_unicode_text(path)):
            found.append(path)
        elif path.suffix.casefold() in UNREAD_DATA_SUFFIXES:
            findings.append(
                Finding(
                    "ignored-file",
                    f"{path.name} is ignored: only .csv and .xlsx files are read (and .txt saved by Excel as "
                    "'Unicode text'); save it as one of them",
                    Location(path.name),
                )
            )
    if not found:
        raise InputError(
            "no count files (*.csv, *.xlsx) beside units.csv; add at least one", Location(display_path(folder))
        )
    return found, findings


Fast = tuple[Block, list[Finding]] | None  # the fast road's block and findings, or None: the general road reads it


@dataclass
class CountFiles:
    """The folder's count files and the findings on files it ignores, found once, before units.csv is read
    (`failure`: why there are none, said after units.csv as before); and the fast road's result for each CSV
    file, started in the background meanwhile."""

    found: tuple[list[Path], list[Finding]]
    failure: InputError | OSError | None
    fast: dict[Path, Future[Fast]]

    def files(self) -> tuple[list[Path], list[Finding]]:
        if self.failure is not None:
            raise self.failure
        return self.found


@contextlib.contextmanager
def count_files_read_early(
    entries: list[Path], not_counts: Collection[Path], folder: Path, names: dict[str, tuple[str, ...]]
) -> Iterator[CountFiles]:
    """The count files, with the fast road started on the CSV ones in the background, file after file, while
    units.csv is read and checked (it needs only the variables' names): the file's reading and parsing (mostly
    outside the GIL) use the other core meanwhile. Nothing is said from here: each file's result, or error, is
    taken where the files are read in turn, so the messages and their order are the same."""
    pool = ThreadPoolExecutor(1, thread_name_prefix="ytcs-fast-read")
    try:
        try:
            found, failure = count_files(entries, not_counts, folder), None
        except (InputError, OSError) as error:
            found, failure = ([], []), error
        csv_files = [path for path in found[0] if path.suffix.casefold() not in (".xlsx", ".json")]
        yield CountFiles(
            found,
            failure,
            {path: pool.submit(fast_wide_block, path, path.name, display_path(path), names) for path in csv_files},
        )
    finally:
        pool.shutdown(wait=False, cancel_futures=True)
