"""Reading an input file safely: a regular file only, never more bytes than a limit, whatever it claims.

Plan files and data files arrive from people and scripts. A path may be a device (`/dev/zero` never
ends), a FIFO (blocks until someone writes), a symbolic link loop, or a sparse file whose size says
2 GB. Every input ytcs reads goes through `read_bounded`, which refuses what is not a regular file
before reading a byte, and counts the bytes it actually reads (a size from `stat` can understate: files
under /proc say 0), so memory and time stay bounded. Nothing here imports a third-party package.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from ytcs.diagnostics import InputError, Location

_CHUNK = 1 << 20


def _kind(mode: int) -> str:
    """What a non-regular file is, as a message names it."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _open_error(error: OSError, where: Location) -> InputError:
    if error.errno == errno.ELOOP:
        return InputError("is a symbolic link loop; point it at a real file", where)
    if error.errno in (errno.ENOENT, errno.ENOTDIR):
        return InputError("no such file", where)
    if error.errno in (errno.EACCES, errno.EPERM):
        return InputError("cannot be read (permission denied); check who may read it", where)
    return InputError(f"cannot be read ({os.strerror(error.errno or 0) or error})", where)


def megabytes(limit: int) -> str:
    """A byte limit as a message names it: 1 MB, 256 MB."""
    return f"{limit / 1_000_000:g} MB" if limit >= 1_000_000 else f"{limit:,} bytes"


def read_bounded(path: Path, limit: int, display: str, what: str = "input files") -> bytes:
    """The bytes of the regular file at `path`, at most `limit` of them; InputError (naming `display`) for
    anything else: a device, pipe, socket or folder, a symbolic link loop, a file that cannot be opened,
    or more than `limit` bytes (counted as read, not taken from `stat`)."""
    where = Location(display)
    try:
        # O_NONBLOCK: opening a FIFO must not wait for a writer; it is refused below anyway.
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except OSError as error:
        raise _open_error(error, where) from None
    too_large = f"is larger than {megabytes(limit)}; {what} over {megabytes(limit)} are refused"
    status = os.fstat(descriptor)
    problem = (
        None if stat.S_ISREG(status.st_mode) else f"is {_kind(status.st_mode)}, not a file; give the path of a file"
    )
    if problem is None and status.st_size > limit:
        problem = too_large  # a size can understate (files under /proc say 0), never overstate: refused unread
    if problem is not None:
        os.close(descriptor)
        raise InputError(problem, where)
    os.set_blocking(descriptor, True)
    with os.fdopen(descriptor, "rb", buffering=0) as handle:
        chunks: list[bytes] = []
        total = 0
        while total <= limit:
            try:
                chunk = handle.read(min(max(_CHUNK, status.st_size + 1), limit + 1 - total))  # a file: one read
            except OSError as error:
                raise _open_error(error, where) from None
            if not chunk:
                return b"".join(chunks)
            chunks.append(chunk)
            total += len(chunk)
    raise InputError(too_large, where)
