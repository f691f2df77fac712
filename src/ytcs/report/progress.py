"""A spinner on stderr naming the stage a long run is in: shown only on a terminal, and only after a second,
so quick runs and scripts never see it."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from ytcs.vocab import pick

DELAY_SECONDS = 1.0
_STAGES = {
    "read": ("Đọc số liệu", "Reading the data"),
    "check": ("Kiểm tra số liệu", "Checking the data"),
    "aggregate": ("Cộng số liệu theo năm", "Combining the counts within each year"),
    "compute": ("Tính các chỉ số", "Computing the indicators"),
    "judge": ("Đánh giá các chỉ tiêu", "Judging the targets"),
    "chart": ("Vẽ biểu đồ", "Drawing the charts"),
    "write": ("Ghi tệp", "Writing the file"),
}


def stage_text(stage: str, lang: str = "vi") -> str:
    """'chart 3/20' → 'Vẽ biểu đồ 3/20…'; an unknown stage id is shown as it is."""
    name, _, rest = stage.partition(" ")
    label = pick(_STAGES[name], lang) if name in _STAGES else name
    return f"{label} {rest}…" if rest else f"{label}…"


def _ignore(_: str) -> None:
    """No progress shown."""


@contextmanager
def progress(enabled: bool, lang: str = "vi", delay: float = DELAY_SECONDS) -> Iterator[Callable[[str], None]]:
    """Yields the callback stages are announced to; when `enabled` (stderr is a terminal), a spinner naming
    the current stage appears on stderr once the run has taken `delay` seconds, and goes when it ends."""
    if not enabled:
        yield _ignore
        return
    from rich.console import Console

    status = Console(stderr=True).status(stage_text("read", lang), spinner="dots")
    lock = threading.Lock()
    state = {"shown": False, "done": False}

    def show() -> None:
        with lock:
            if not state["done"]:
                status.start()
                state["shown"] = True

    def announce(stage: str) -> None:
        status.update(stage_text(stage, lang))

    timer = threading.Timer(delay, show)
    timer.daemon = True
    timer.start()
    try:
        yield announce
    finally:
        timer.cancel()
        with lock:
            state["done"] = True
            if state["shown"]:
                status.stop()
