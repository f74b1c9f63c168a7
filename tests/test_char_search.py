"""char_search finds what str.find finds (issue 12's speed: it looks by one character)."""

from __future__ import annotations

import random

from handbook.core.char_search import TRIES, find, holds


def test_find_is_str_find_for_every_start_and_key() -> None:
    rng = random.Random(12)
    needles = ["](", "]:", "![", "[!", ":::", "{{<", "{{%", "{{"]
    for size in (0, 1, 2, 5, 40, 300):
        for _ in range(60):
            text = "".join(rng.choice("]:(![{<%x \n") for _ in range(size))
            for needle in needles:
                for key in range(len(needle)):
                    for start in range(0, size + 2, max(1, size // 7)):
                        assert find(text, needle, start, key) == text.find(needle, start), \
                            (text, needle, start, key)
                    assert holds(text, needle, key) == (needle in text)


def test_past_many_places_of_the_character_the_plain_search_takes_over() -> None:
    text = "]" * (TRIES * 3) + "](" + "](x"
    assert find(text, "](") == TRIES * 3
    assert find(text, "](", TRIES * 3 + 1) == TRIES * 3 + 2
    assert find("!" * (TRIES * 2), "![") == -1
