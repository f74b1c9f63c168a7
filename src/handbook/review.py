"""Review periods and due dates: when a playbook, snippet or tree needs another look."""

from __future__ import annotations

import calendar
import os
import re
from dataclasses import dataclass
from datetime import date, timedelta

PERIOD_RE = re.compile(r"^\s*(\d+)\s*([dwmy])\s*$")
PERIOD_HINT = "write a number and a unit: d (days), w (weeks), m (months) or y (years), e.g. 90d"
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
DATE_HINT = "write the date as YYYY-MM-DD, e.g. 2026-11-23"


def today() -> date:
    """Today, or HANDBOOK_TODAY (YYYY-MM-DD) so builds and tests can pin the date."""
    pinned = os.environ.get("HANDBOOK_TODAY")
    return date.fromisoformat(pinned) if pinned else date.today()


def parse_period(text: str) -> tuple[int, str]:
    match = PERIOD_RE.match(str(text))
    if not match or int(match.group(1)) == 0:
        raise ValueError(f"'{text}' is not a review period")
    return int(match.group(1)), match.group(2)


def add_period(start: date, period: str) -> date:
    count, unit = parse_period(period)
    if unit == "d":
        return start + timedelta(days=count)
    if unit == "w":
        return start + timedelta(weeks=count)
    months = count * (12 if unit == "y" else 1)
    year, month = divmod(start.month - 1 + months, 12)
    year += start.year
    day = min(start.day, calendar.monthrange(year, month + 1)[1])
    return date(year, month + 1, day)


@dataclass(frozen=True)
class Review:
    owner: str
    reviewed: date
    due: date
    today: date

    @property
    def overdue(self) -> bool:
        return self.today > self.due

    @property
    def days_left(self) -> int:
        return (self.due - self.today).days

    def as_meta(self) -> dict[str, object]:
        """The values the page template shows."""
        return {
            "owner": self.owner,
            "reviewed": self.reviewed.isoformat(),
            "due": self.due.isoformat(),
            "overdue": self.overdue,
            "days_overdue": max(0, -self.days_left),
        }
