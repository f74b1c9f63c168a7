"""Looking for a short string in a page by one of its characters.

CPython finds one character with memchr, many times faster than a string of two or three
(str.find walks those with a skip table: some 7 us for an 8 KB page). A page holds a handful
of '!', ']' or '%', so looking for the string at each place of its rarest character is the
quicker way to rule it out; where that character is common the plain search takes over.
"""

from __future__ import annotations

# Places of the character tried before the plain search takes over.
TRIES = 32


def find(text: str, needle: str, start: int = 0, key: int = 0) -> int:
    """text.find(needle, start), found from the places of `needle[key]` (its rarest
    character); -1 when it is not there."""
    char = needle[key]
    at = text.find(char, start + key)
    for _ in range(TRIES):
        if at < 0:
            return -1
        if text.startswith(needle, at - key):
            return at - key
        at = text.find(char, at + 1)
    return text.find(needle, max(start, at - key)) if at >= 0 else -1


def holds(text: str, needle: str, key: int = 0) -> bool:
    """`needle in text` (see find)."""
    return find(text, needle, 0, key) >= 0
