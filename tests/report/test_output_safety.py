"""Outputs never destroy: not an input, not a device, not a temporary file left by a signal, and a failed
write is one line naming the file (issue 10, "Files destroyed")."""

from __future__ import annotations

import errno
import os
import shutil
import signal
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from tests.support.cli import QN, invoke
from tests.support.paths import DATA, PLANS, REPO
from ytcs.diagnostics import OutputError, UsageError
from ytcs.report.output import deliver, refuse_inputs, write_atomic, write_error, write_text


@pytest.fixture
def copies(tmp_path: Path) -> tuple[Path, Path]:
    """A copy of the plans (catalog included) and of the Quảng Ngãi data: tests may try to overwrite them."""
    plans, data = tmp_path / "plans", tmp_path / "data"
    shutil.copytree(PLANS, plans)
    shutil.copytree(DATA / "quang-ngai", data)
    return plans, data


def _snapshot(*folders: Path) -> dict[Path, bytes]:
    return {path: path.read_bytes() for folder in folders for path in sorted(folder.rglob("*")) if path.is_file()}


def _one_error(output: str) -> str:
    errors = [line for line in output.splitlines() if line.startswith("Error: ")]
    assert len(errors) == 1 and "Traceback" not in output, output
    return errors[0]


@pytest.mark.parametrize(
    ("command", "target"),
    [
        ("compute", "data/units.csv"),  # the very file
        ("compute", "hard-link"),  # a hard link to data/communes.csv
        ("gap", "symbolic-link"),  # a symbolic link to data/published.csv
        ("gap", "data/README.md"),  # any file of the data folder, read or not
        ("template", "plans/quang-ngai-2024-ct37.yaml"),  # the plan itself (`template PLAN -o PLAN`)
        ("template", "plans/catalog/variables.yaml"),  # a catalog file the plan was checked against
        ("template", "plans/bac-giang-2024-ct25.yaml"),  # another plan, read to look the plan id up
    ],
)
def test_an_output_that_is_an_input_is_a_usage_error(copies, tmp_path, command, target):
    plans, data = copies
    (data / "README.md").write_text("notes\n", encoding="utf-8")
    os.link(data / "communes.csv", tmp_path / "hard-link")
    (tmp_path / "symbolic-link").symlink_to(data / "published.csv")
    before = _snapshot(plans, data)
    args = [command, QN, "--plans", str(plans), "-o", str(tmp_path / target)]
    if command != "template":
        args[2:2] = ["--data", str(data), "--format", "json"]
    result = invoke(args, expect_exit=2)
    assert "this command reads that file" in _one_error(result.output)
    assert _snapshot(plans, data) == before
    assert (tmp_path / "symbolic-link").is_symlink()


def test_the_library_writer_refuses_a_protected_file_too(tmp_path):
    source = tmp_path / "counts.csv"
    source.write_text("unit,year\n", encoding="utf-8")
    (tmp_path / "alias.csv").symlink_to(source)
    with pytest.raises(UsageError, match="the same file as"):
        deliver(tmp_path / "alias.csv", text="x", protect=[source])
    with pytest.raises(UsageError, match="this command reads that file"):
        write_text(source, "x", protect=[source])
    refuse_inputs(tmp_path / "new.csv", [source])  # a new file is never an input
    assert source.read_text(encoding="utf-8") == "unit,year\n"


def test_a_symbolic_link_output_is_followed_and_stays_a_link(tmp_path):
    (tmp_path / "real.csv").write_text("old", encoding="utf-8")
    (tmp_path / "link.csv").symlink_to(tmp_path / "real.csv")
    write_text(tmp_path / "link.csv", "new")
    assert (tmp_path / "link.csv").is_symlink()
    assert (tmp_path / "real.csv").read_text(encoding="utf-8") == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.csv", "real.csv"]


def test_a_character_device_is_written_in_place_never_replaced(tmp_path):
    device = tmp_path / "null"
    try:  # a null device of our own (major 1, minor 3): never the real /dev/null
        os.mknod(device, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    except (PermissionError, OSError):
        pytest.skip("creating a device node needs root")
    invoke(["template", QN, "--plans", str(PLANS), "-o", str(device)])
    invoke(["template", QN, "--plans", str(PLANS), "-o", str(tmp_path / "null.xlsx")])
    assert stat.S_ISCHR(device.stat().st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["null", "null.xlsx"]


def test_a_fifo_is_written_in_place(tmp_path):
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    write_text(fifo, "unit,year\n")
    reader.join(timeout=10)
    assert received == [b"unit,year\n"]
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert [p.name for p in tmp_path.iterdir()] == ["pipe.csv"]


_SELF_SIGNAL = """
import os, signal, sys
from pathlib import Path
import openpyxl
from ytcs.report.output import write_atomic

def writer(path):
    workbook = openpyxl.Workbook()
    workbook.active.append(["unit", "year"])
    workbook.save(path)
    os.kill(os.getpid(), signal.{name})  # the signal arrives while the workbook is being written
    path.write_bytes(b"more")

write_atomic(Path(sys.argv[1]), writer)
print("survived")
"""


@pytest.mark.parametrize("name", ["SIGTERM", "SIGHUP", "SIGINT"])
def test_a_signal_during_a_write_leaves_no_temporary_file_and_the_old_output(tmp_path, name):
    target = tmp_path / "out.xlsx"
    target.write_bytes(b"old")
    done = subprocess.run(
        [sys.executable, "-c", _SELF_SIGNAL.format(name=name), str(target)],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=60,
        check=False,
    )
    number = getattr(signal, name)
    assert done.returncode == -number, (done.returncode, done.stderr)  # 128+n in a shell
    assert "survived" not in done.stdout
    assert [p.name for p in tmp_path.iterdir()] == ["out.xlsx"]
    assert target.read_bytes() == b"old"


def test_a_full_disk_is_one_line_naming_the_output(tmp_path):
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full")
    result = invoke(["template", QN, "--plans", str(PLANS), "-o", "/dev/full"], expect_exit=2)
    expected = "Error: /dev/full: cannot write it: the disk is full; free some space or choose another -o"
    assert _one_error(result.output) == expected


def test_a_failed_write_names_the_file_leaves_no_temporary_file_and_says_no_exception_ignored(tmp_path, capfd):
    target = tmp_path / "out.xlsx"
    target.write_bytes(b"old")

    class HalfWrittenWorkbook:
        """What a zip writer left open on a full disk: closing it fails again when it is collected."""

        def __del__(self) -> None:
            raise OSError(errno.ENOSPC, "No space left on device")

    def writer(path: Path) -> None:
        workbook = HalfWrittenWorkbook()
        path.write_bytes(b"half")
        raise OSError(errno.ENOSPC, "No space left on device", str(path))
        del workbook  # never reached: the workbook dies with the failed write's frame

    with pytest.raises(OutputError) as caught:
        write_atomic(target, writer)
    assert str(caught.value) == f"{target}: cannot write it: the disk is full; free some space or choose another -o"
    assert isinstance(caught.value, OSError) and caught.value.errno == errno.ENOSPC
    assert "Exception ignored" not in capfd.readouterr().err
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.xlsx"]


@pytest.mark.parametrize(
    ("code", "what"),
    [
        (errno.ENOSPC, "the disk is full; free some space or choose another -o"),
        (errno.EACCES, "permission denied; choose a folder you may write to"),
        (errno.EROFS, "the disk is read-only; choose another -o"),
        (errno.EIO, "Input/output error; choose another -o"),
    ],
)
def test_each_write_error_is_one_line_with_what_to_do(code, what):
    assert str(write_error(Path("out.csv"), OSError(code, os.strerror(code)))) == f"out.csv: cannot write it: {what}"


@pytest.fixture
def tiny_disk(tmp_path):
    """A 16 KB tmpfs (root only; skipped where mounting is not allowed)."""
    disk = tmp_path / "disk"
    disk.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=16k", "tmpfs", str(disk)], capture_output=True)
    if mounted.returncode != 0:
        pytest.skip("mounting a tmpfs is not allowed here")
    yield disk
    subprocess.run(["umount", str(disk)], check=True)


def test_a_real_full_disk_while_writing_xlsx(tiny_disk):
    command = ["compute", QN, "--data", str(DATA / "quang-ngai"), "--format", "xlsx", "-o", str(tiny_disk / "out.xlsx")]
    done = subprocess.run(
        [sys.executable, "-c", "from ytcs.cli import main; main()", *command],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
        check=False,
    )
    assert done.returncode == 2, done.stderr
    assert f"Error: {tiny_disk / 'out.xlsx'}: cannot write it: the disk is full" in done.stderr
    assert "Exception ignored" not in done.stderr and "Traceback" not in done.stderr
    assert list(tiny_disk.iterdir()) == []
