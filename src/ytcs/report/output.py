"""The one way ytcs writes a file: atomically, readable as the user's umask says, and never half-written.

A temporary file beside the target is written, flushed to disk (fsync) and renamed over the target, so
an existing output is replaced only by a complete new one and a crash leaves the old one intact. The
new file gets the mode a plain `open()` would give it (0666 less the umask: 0644 under umask 022), so a
report saved to a shared folder stays readable by colleagues. The temporary file is removed whatever
happens.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from ytcs.diagnostics import UsageError

Writer = Callable[[Path], None]


def _umask() -> int:
    """The process's umask (reading it means setting it: put straight back)."""
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _fsync(path: Path) -> None:
    with open(path, "rb+") as handle:
        os.fsync(handle.fileno())


def write_atomic(path: Path, write: Writer) -> Path:
    """Call `write(tmp)` on a temporary file beside `path`, make it durable, then rename it over `path`."""
    path = Path(path)
    if not path.parent.is_dir():
        raise UsageError(f"{path}: the folder {path.parent} does not exist; create it or choose another -o")
    handle, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(handle)
    tmp = Path(tmp_name)
    try:
        write(tmp)
        os.chmod(tmp, 0o666 & ~_umask())
        _fsync(tmp)
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()
    return path


def _ignore(_: object) -> None:
    """Drops what a writer returns (the number of bytes written)."""


def write_text(path: Path, text: str) -> Path:
    """UTF-8 text, atomically."""
    return write_atomic(path, lambda tmp: _ignore(tmp.write_text(text, encoding="utf-8")))


def write_bytes(path: Path, data: bytes) -> Path:
    """Bytes, atomically."""
    return write_atomic(path, lambda tmp: _ignore(tmp.write_bytes(data)))


def deliver(
    output: Path | None, *, text: str | None = None, data: bytes | None = None, writer: Writer | None = None
) -> None:
    """Print `text` or `data`, or write them (or what `writer` writes, e.g. a workbook) to `output`."""
    if output is None:
        if writer is not None:
            raise UsageError("--format xlsx needs -o FILE.xlsx")
        if data is not None:
            sys.stdout.buffer.write(data) if hasattr(sys.stdout, "buffer") else sys.stdout.write(data.decode())
        else:
            sys.stdout.write(text or "")
        sys.stdout.flush()
        return
    if writer is not None:
        write_atomic(output, writer)
    elif data is not None:
        write_bytes(output, data)
    else:
        write_text(output, text or "")
    print(f"wrote {output}", file=sys.stderr)
