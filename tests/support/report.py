"""Reading an HTML report as a checker would: its headline counts, and every reference to something outside it."""

from __future__ import annotations

import re
from collections import Counter
from html.parser import HTMLParser

# Statuses a headline counts, worked out from the README's list (objectives are not targets).
HEADLINE_STATUSES = [
    "met", "achieved", "on track", "needs acceleration", "limited progress", "deterioration", "missed", "no data",
]  # fmt: skip
_URL = re.compile(r"url\(\s*['\"]?([^'\")]*)", re.IGNORECASE)


def area_counts(gap_rows: list[dict], area: str) -> Counter:
    """From `ytcs gap --all --format json` rows: each of the plan's targets once, for the plan's area (a target
    about one unit: for that unit), counted by status."""
    return Counter(row["status"] for row in gap_rows if row["indicator"] and row["unit"] == (row["scope"] or area))


class _References(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name in ("src", "href", "xlink:href", "srcset", "action", "data", "poster"):
                self.found.append(value)
            if name == "style":
                self.found += _URL.findall(value)
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.found += _URL.findall(data)


def references(html: str) -> list[str]:
    """Every src, href and CSS url() of the page."""
    parser = _References()
    parser.feed(html)
    return parser.found


def external(reference: str) -> bool:
    """Whether a reference leaves the file: a scheme and host, or a protocol-relative '//' address."""
    return "//" in reference or reference.lower().startswith(("http:", "https:", "ftp:"))
