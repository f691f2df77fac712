"""The one writer: files take the umask's mode, and a failed write leaves the old file and no temporary one."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from tests.support.cli import QN, QN_DATA, invoke
from tests.support.paths import PLANS
from ytcs.report.output import write_atomic, write_text


@pytest.fixture
def umask():
    def set_mask(mask: int) -> None:
        os.umask(mask)

    previous = os.umask(0o022)
    yield set_mask
    os.umask(previous)


@pytest.mark.parametrize(("mask", "mode"), [(0o022, 0o644), (0o027, 0o640), (0o002, 0o664)])
def test_written_files_take_the_umask_mode(tmp_path, umask, mask, mode):
    umask(mask)
    path = write_text(tmp_path / "out.json", "{}\n")
    assert stat.S_IMODE(path.stat().st_mode) == mode
    assert path.read_text() == "{}\n"


def test_cli_outputs_are_0644_under_umask_022(tmp_path, umask):
    umask(0o022)
    for fmt, name in (("json", "gap.json"), ("csv", "gap.csv"), ("xlsx", "gap.xlsx"), ("md", "gap.md")):
        target = tmp_path / name
        invoke(["gap", QN, "--data", QN_DATA, "--plans", str(PLANS), "--format", fmt, "-o", str(target)])
        assert stat.S_IMODE(target.stat().st_mode) == 0o644, fmt
    template = tmp_path / "template.xlsx"
    invoke(["template", QN, "--plans", str(PLANS), "-o", str(template)])
    assert stat.S_IMODE(template.stat().st_mode) == 0o644
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["gap.json", "gap.csv", "gap.xlsx", "gap.md", "template.xlsx"]
    )  # no temporary file left behind


def test_a_failing_writer_leaves_the_old_file_and_no_temporary_file(tmp_path):
    target = tmp_path / "report.csv"
    target.write_text("old\n")

    def fail(path: Path) -> None:
        path.write_text("half")
        raise OSError(28, "No space left on device")

    with pytest.raises(OSError):
        write_atomic(target, fail)
    assert target.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["report.csv"]


def test_large_chunks_are_written_whole_and_in_order(tmp_path, monkeypatch):
    """Chunks past a megabyte are handed to the disk as they come (posix_fadvise); the file is still every
    chunk, in order, and the advice covers each written range once."""
    from ytcs.report import output

    advised: list[tuple[int, int]] = []
    if hasattr(os, "posix_fadvise"):
        real = os.posix_fadvise

        def advise(fd: int, start: int, size: int, advice: int) -> None:
            advised.append((start, size))
            real(fd, start, size, advice)

        monkeypatch.setattr(os, "posix_fadvise", advise)
    chunks = [b"head\n", bytes(range(256)) * 5_000, b"x" * 10, memoryview(b"y" * (1 << 20)), b"tail\n"]
    output.deliver(tmp_path / "out.bin", chunks=iter(chunks))
    assert (tmp_path / "out.bin").read_bytes() == b"".join(chunks)
    if hasattr(os, "posix_fadvise"):
        assert advised == [(0, 5 + 1_280_000), (5 + 1_280_000, 10 + (1 << 20))]


@pytest.mark.skipif(not hasattr(os, "posix_fadvise"), reason="no posix_fadvise here (macOS, Windows)")
def test_refused_advice_does_not_fail_the_write(tmp_path, monkeypatch):
    """posix_fadvise is advice: a file system that refuses it (EINVAL, ESPIPE) still gets the whole file."""
    from ytcs.report import output

    def refuse(*_: int) -> None:
        raise OSError(22, "Invalid argument")

    monkeypatch.setattr(os, "posix_fadvise", refuse)
    chunks = [b"a" * (1 << 20), b"b" * (1 << 20)]
    output.deliver(tmp_path / "out.bin", chunks=iter(chunks))
    assert (tmp_path / "out.bin").read_bytes() == b"".join(chunks)
