"""The outage cadence (`extra.outage_cadence` in mkdocs.yml) as durations: the checklist's
incident mode counts down to the next update from them, so a cadence the page can't read as a
duration is a warning in `handbook check`."""

from __future__ import annotations

import re

# The cadence entries the checklist's incident mode reads (docs/assets/handbook.js): how
# often to update, the slower rhythm of a long incident, when an incident counts as long,
# and when ticks are old enough to belong to a past incident.
TIMED = ("update", "long_update", "long_incident_after", "checklist_expires_after")
DEFAULT_TIMES = {"long_incident_after": "2 hours", "checklist_expires_after": "12 hours"}

_AMOUNT_RE = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?|an?|one)\s*(minutes?|mins?|hours?|hrs?|h)\b",
                        re.IGNORECASE)
_WORDS = {"a": 1.0, "an": 1.0, "one": 1.0}


def minutes(text: str) -> int | None:
    """The first duration in a cadence text, in whole minutes: "every 20 minutes" -> 20,
    "every hour" or "every 1 hour" -> 60, "2 hours" -> 120, "within 90 min" -> 90. None when
    the text names no duration in minutes or hours (or a zero one)."""
    text = re.sub(r"\bevery hour\b", "every 1 hour", text, flags=re.IGNORECASE)
    match = _AMOUNT_RE.search(text)
    if match is None:
        return None
    amount = _WORDS.get(match.group(1).lower()) or float(match.group(1))
    value = round(amount * (60 if match.group(2).lower().startswith("h") else 1))
    return value if value > 0 else None


def timed_cadence(cadence: dict[str, str]) -> dict[str, int | None]:
    """Minutes for each cadence entry the incident mode reads (defaults where unset)."""
    merged = {**DEFAULT_TIMES, **cadence}
    return {name: minutes(merged[name]) if name in merged else None for name in TIMED}
