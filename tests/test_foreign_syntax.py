"""foreign_syntax's quick test of a page (issue 12's speed): it rules a page out exactly when
none of the strings its patterns need is in it, however many times their characters occur."""

from __future__ import annotations

from pathlib import Path

import pytest

from handbook.core.foreign_syntax import _may_hold, find

ROOT = Path(__file__).resolve().parent.parent
NEEDED = ("[!", ":::", "{{<", "{{%", "hint")
CRAFTED = ["", "[!", "x[!", "[ !", "!", ":::", "::", "a::::", ": : :", "{{<", "{{ <", "{ {<",
           "{{%", "{%", "hint", "hin", "!" * 100 + "[!", ":" * 2 + " :" * 40 + ":::",
           "%" * 50 + "{{%", "[" + "!" * 40, "<" * 40 + "{{<", "![img](a.png) and [!NOTE]",
           "Note: a: b: c:: d :::note"]
PAGES = sorted([*ROOT.glob("tests/corpus/*/playbooks/**/*.md"), *ROOT.glob("playbooks/**/*.md"),
                *ROOT.glob("docs/**/*.md")])


@pytest.mark.parametrize("body", CRAFTED + [
    p.read_text(encoding="utf-8", errors="replace") for p in PAGES if p.is_file()])
def test_a_page_is_ruled_out_only_without_what_the_patterns_need(body: str) -> None:
    assert _may_hold(body) == any(needle in body for needle in NEEDED)


def test_each_kind_is_still_found_past_many_of_its_characters() -> None:
    filler = "Wait! Note: 50% off. " * 40
    for text in ("> [!NOTE]\n> text\n", ":::tip\ntext\n:::\n", "{{< hint info >}}\n",
                 "{{% notice tip %}}\n", "{% hint style=\"info\" %}\ntext\n{% endhint %}\n"):
        assert find(filler + "\n\n" + text), text
