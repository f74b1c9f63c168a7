"""Review periods and due dates: when a playbook, snippet or tree needs another look."""

from __future__ import annotations

import calendar
import os
import re
from dataclasses import dataclass
from datetime import date, timedelta

PERIOD_RE = re.compile(r"^\s*(\d+)\s*([dwmy])\s*\Z")
PERIOD_HINT = ("write a number and a unit, at most 5 years: d (days), w (weeks), m (months) or "
               "y (years), e.g. 90d")
# The longest review period, per unit: five years (two leap days included). Content nobody
# needs to look at for longer is not reviewed at all, and a period of 9999y would put the due
# date past what a date can hold (and 100000000d past what a timedelta can).
MAX_PERIOD = {"d": 1827, "w": 261, "m": 60, "y": 5}
# A review dated tomorrow is still accepted: an author's calendar day can be one ahead of the
# build machine's (UTC+14 against a UTC runner). Later than that, the date was mistyped or set
# ahead on purpose, and the review would never come due.
SKEW_DAYS = 1
FUTURE_HINT = "set 'reviewed' to the day the content was last reviewed, today at the latest"
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}\Z")
DATE_HINT = "write the date as YYYY-MM-DD, e.g. 2026-11-23"


def today() -> date:
    """Today, or HANDBOOK_TODAY (YYYY-MM-DD) so builds and tests can pin the date.

    Raises ValueError, with a message for the person who set it, when HANDBOOK_TODAY is not
    such a date."""
    pinned = os.environ.get("HANDBOOK_TODAY")
    if not pinned:
        return date.today()
    try:
        if not DATE_RE.match(pinned.strip()):
            raise ValueError
        return date.fromisoformat(pinned.strip())
    except ValueError:
        raise ValueError(f"HANDBOOK_TODAY='{pinned}' is not a date: set it as YYYY-MM-DD, "
                         "e.g. 2026-11-23, or unset it to use today's date") from None


def parse_period(text: str) -> tuple[int, str]:
    """(count, unit) of a period such as "90d"; ValueError saying what is wrong otherwise."""
    match = PERIOD_RE.match(str(text))
    if not match or int(match.group(1)) == 0:
        raise ValueError(f"'{text}' is not a review period")
    count, unit = int(match.group(1)), match.group(2)
    if count > MAX_PERIOD[unit]:
        raise ValueError(f"'{str(text).strip()}' is longer than 5 years")
    return count, unit


def in_the_future(reviewed: date, on: date) -> bool:
    """A review date later than `on` (today), beyond the day of clock skew allowed."""
    return (reviewed - on).days > SKEW_DAYS


def future_message(reviewed: date) -> str:
    return f"field 'reviewed': review date {reviewed.isoformat()} is in the future"


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
