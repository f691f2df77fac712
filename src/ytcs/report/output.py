"""The one way ytcs writes a file: atomically, never over an input, never half-written, never left behind.

A temporary file beside the target is written, flushed to disk (fsync) and renamed over the target, so
an existing output is replaced only by a complete new one and a crash leaves the old one intact. The
new file gets the mode a plain `open()` would give it (0666 less the umask: 0644 under umask 022), so a
report saved to a shared folder stays readable by colleagues. Besides:

- an output that is a file the command reads (the same file, or a hard or symbolic link to it) is
  refused before anything is written (`refuse_inputs`, and `protect=` here);
- a target that is not a regular file (`/dev/null`, a FIFO, `/dev/stdout`) is written in place, never
  replaced; a symbolic link to a regular file is followed, so the link stays a link;
- the temporary file is removed whatever happens, also on SIGTERM, SIGHUP and SIGINT during the write
  (then the signal takes its course: the process ends as the signal says, status 128+n in a shell);
- a failed write (disk full, no permission, read-only disk) is one line naming the output file, and the
  half-written workbook a failed writer leaves behind is closed quietly (no "Exception ignored").
"""

from __future__ import annotations

import errno
import gc
import os
import secrets
import shutil
import signal
import stat
import sys
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from types import FrameType
from typing import BinaryIO

from ytcs.diagnostics import OutputError, UsageError, display_path

Writer = Callable[[Path], None]
SIGNALS = ("SIGTERM", "SIGHUP", "SIGINT")
_REASONS = {
    errno.ENOSPC: "the disk is full; free some space or choose another -o",
    errno.EDQUOT: "the disk quota is used up; free some space or choose another -o",
    errno.EACCES: "permission denied; choose a folder you may write to",
    errno.EPERM: "permission denied; choose a folder you may write to",
    errno.EROFS: "the disk is read-only; choose another -o",
    errno.ELOOP: "it is a symbolic link loop; choose another -o",
    errno.EISDIR: "it is a folder; give a file name",
    errno.ENAMETOOLONG: "the name is too long; choose a shorter one",
}


def _umask() -> int:
    """The process's umask (reading it means setting it: put straight back)."""
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _fsync(path: Path) -> None:
    with open(path, "rb+") as handle:
        os.fsync(handle.fileno())


def _identity(path: Path) -> tuple[int, int] | None:
    """The file a path leads to (device and inode, symbolic links followed), or None if it leads nowhere."""
    try:
        found = os.stat(path)
    except (OSError, ValueError):
        return None
    return found.st_dev, found.st_ino


def input_files(files: Iterable[Path] = (), folders: Iterable[Path] = ()) -> list[Path]:
    """The files a command reads: the given files, and every entry of each folder (not recursive)."""
    found = [Path(path) for path in files]
    for folder in folders:
        try:
            with os.scandir(folder) as entries:
                found += [Path(entry.path) for entry in entries]
        except OSError:
            continue  # a folder that cannot be listed is reported by the reader, not here
    return found


def refuse_inputs(output: Path | None, inputs: Iterable[Path]) -> None:
    """A usage error when `output` is one of `inputs`: the same file, or a hard or symbolic link to it."""
    target = _identity(output) if output is not None else None
    if target is None:
        return
    for path in inputs:
        if _identity(path) == target:
            shown = display_path(Path(path))
            same = "" if shown == display_path(Path(output or "")) else f" (the same file as {shown})"
            raise UsageError(
                f"{output}: this command reads that file{same}; writing to it would destroy the input: "
                "choose another -o"
            )


def write_error(path: Path, error: OSError) -> OutputError:
    """A failed write as one line naming the output file."""
    reason = _REASONS.get(error.errno or 0) or f"{error.strerror or error}; choose another -o"
    return OutputError(f"{path}: cannot write it: {reason}", error.errno)


@contextmanager
def _quiet_finalizers() -> Iterator[None]:
    """A writer that failed half-way (a workbook on a full disk) leaves objects whose finalizers fail again
    (zipfile's closing write): while the body runs, Python's "Exception ignored" report is silenced."""
    hook = sys.unraisablehook
    sys.unraisablehook = lambda _: None
    try:
        yield
    finally:
        sys.unraisablehook = hook


def _remove(paths: list[Path]) -> None:
    for path in paths:
        with suppress(OSError):
            os.unlink(path)


@contextmanager
def _removed_on_signal(pending: list[Path]) -> Iterator[None]:
    """While the body runs, SIGTERM, SIGHUP and SIGINT first remove the files in `pending`, then take their
    course (the default action ends the process by the signal). Signals ignored before stay ignored."""
    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread may set handlers; a library caller's thread keeps the finally below
        return
    previous: dict[int, object] = {}

    def restore() -> None:
        for number, handler in previous.items():
            signal.signal(number, handler)  # type: ignore[arg-type]

    def on_signal(number: int, _: FrameType | None) -> None:
        _remove(pending)
        restore()
        if previous[number] in (signal.SIG_DFL, signal.default_int_handler):
            signal.signal(number, signal.SIG_DFL)
        signal.raise_signal(number)
        raise SystemExit(128 + number)  # reached only when a handler of the caller's let the process live

    for name in SIGNALS:
        number = getattr(signal, name, None)
        if number is not None and signal.getsignal(number) not in (signal.SIG_IGN, None):
            previous[number] = signal.getsignal(number)
            signal.signal(number, on_signal)
    try:
        yield
    finally:
        restore()


def _temporary(folder: Path, name: str, pending: list[Path]) -> Path:
    """A new empty file in `folder`, named before it exists so that a signal can never orphan it."""
    path = folder / f".{name}.{secrets.token_hex(4)}.tmp"
    pending.append(path)
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    return path


def _target(path: Path) -> tuple[Path, bool]:
    """Where to write: (the real regular file to replace, False) or (a device or FIFO to write into, True)."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        mode = None
    if mode is not None and stat.S_ISDIR(mode):
        raise UsageError(f"{path}: is a folder; give a file name")
    if mode is not None and not stat.S_ISREG(mode):
        return path, True
    real = Path(os.path.realpath(path))
    if not real.parent.is_dir():
        raise UsageError(
            f"{path}: the folder {display_path(real.parent)} does not exist; create it or choose another -o"
        )
    return real, False


def _write(path: Path, write: Writer, pending: list[Path]) -> None:
    target, in_place = _target(path)
    tmp = _temporary(Path(tempfile.gettempdir()) if in_place else target.parent, target.name, pending)
    write(tmp)
    if in_place:
        with open(tmp, "rb") as source, open(target, "wb") as sink:
            shutil.copyfileobj(source, sink)
        return
    os.chmod(tmp, 0o666 & ~_umask())
    _fsync(tmp)
    os.replace(tmp, target)


def write_atomic(path: Path, write: Writer, *, protect: Iterable[Path] = ()) -> Path:
    """Call `write(tmp)` on a temporary file beside `path`, make it durable, then rename it over `path`
    (or copy it into `path` when that is a device or FIFO). `protect`: files that must not be overwritten
    (the command's inputs). Raises UsageError naming `path` when it cannot be written."""
    path = Path(path)
    refuse_inputs(path, protect)
    pending: list[Path] = []
    failure: OutputError | None = None
    with _quiet_finalizers(), _removed_on_signal(pending):
        try:
            _write(path, write, pending)
        except BaseException as error:  # half-built objects (an open workbook) collected while silenced; only
            gc.collect()  # on failure: a full collection costs a national result's write tens of milliseconds
            if not isinstance(error, OSError):
                raise  # anything else (Ctrl-C too) goes on as it is
            failure = write_error(path, error)
        finally:
            _remove(pending)
    if failure is not None:
        raise failure
    return path


def _ignore(_: object) -> None:
    """Drops what a writer returns (the number of bytes written)."""


def write_text(path: Path, text: str, *, protect: Iterable[Path] = ()) -> Path:
    """UTF-8 text, atomically."""
    return write_atomic(path, lambda tmp: _ignore(tmp.write_text(text, encoding="utf-8")), protect=protect)


def write_bytes(path: Path, data: bytes, *, protect: Iterable[Path] = ()) -> Path:
    """Bytes, atomically."""
    return write_atomic(path, lambda tmp: _ignore(tmp.write_bytes(data)), protect=protect)


_WRITTEN_BACK = 1 << 20  # bytes after which the disk is told to write what came before (see `_chunk_writer`)


def _hand_to_disk(handle: BinaryIO, start: int) -> int:
    """Ask the kernel to write to disk now, without waiting, what was written from `start` (and to drop from
    the page cache what it already wrote): returns where the next such range starts."""
    end = handle.tell()
    if end - start < _WRITTEN_BACK or not hasattr(os, "posix_fadvise"):
        return start
    handle.flush()
    with suppress(OSError):  # advice only: a file system that refuses it is written all the same
        os.posix_fadvise(handle.fileno(), start, end - start, os.POSIX_FADV_DONTNEED)
    return end


def _chunk_writer(chunks: Iterable[bytes | memoryview]) -> Writer:
    """Writes the chunks one after another, handing each megabyte or so to the disk while the next chunks
    are made: the fsync before the rename then waits for the last ones only (a national CSV's fsync took
    9 ms; 1 ms so), and the file does not stay in memory as cache."""

    def write(path: Path) -> None:
        with open(path, "wb") as handle:
            start = 0
            for chunk in chunks:
                handle.write(chunk)
                start = _hand_to_disk(handle, start)

    return write


def _print_bytes(pieces: Iterable[bytes | memoryview]) -> None:
    """Bytes to standard output, piece by piece (through its text layer when it has no bytes layer)."""
    for piece in pieces:
        if hasattr(sys.stdout, "buffer"):
            sys.stdout.buffer.write(piece)
        else:
            sys.stdout.write(bytes(piece).decode())
    sys.stdout.flush()


def deliver(
    output: Path | None,
    *,
    text: str | None = None,
    data: bytes | None = None,
    writer: Writer | None = None,
    pager: Callable[[str], None] | None = None,
    protect: Iterable[Path] = (),
    chunks: Iterable[bytes | memoryview] | None = None,
) -> None:
    """Print `text` or `data`, or write them (or what `writer` writes, e.g. a workbook) to `output`.

    Printed text goes through `pager` when one is given (the CLI's, for a terminal). `protect`: the files
    the command read, which `output` must not be.
    """
    if chunks is not None:  # large outputs, written piece by piece
        if output is None:
            _print_bytes(chunks)
            return
        writer = _chunk_writer(chunks)
    if output is None:
        if writer is not None:
            raise UsageError("this format needs -o FILE (e.g. -o report.xlsx)")
        if pager is not None and text is not None:
            pager(text)
            return
        if data is not None:
            _print_bytes([data])
            return
        sys.stdout.write(text or "")
        sys.stdout.flush()
        return
    if writer is not None:
        write_atomic(output, writer, protect=protect)
    elif data is not None:
        write_bytes(output, data, protect=protect)
    else:
        write_text(output, text or "", protect=protect)
    print(f"wrote {output}", file=sys.stderr)
