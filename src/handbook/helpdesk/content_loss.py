"""What customers see in a reply that an update would take out: links (by address), images,
tables and struck-through text (`<s>`, `<del>`, `<strike>`). The import converts a reply's
HTML to the snippet's light Markdown and reports each of these it could not carry
(html_text.py); the first sync after it would send that loss to the live macro or saved
reply, so guards.py refuses such an update unless --allow-content-loss.

A reply's words are HTML in a macro's `comment_value_html` action and a saved reply's `text`
and `chatText` (https://developer.zendesk.com/api-reference/ticketing/business-rules/macros/,
https://developer.helpscout.com/mailbox-api/endpoints/saved-replies/); plain
`comment_value` text has no elements, so nothing is counted in it.
"""

from __future__ import annotations

from collections import Counter
from html.parser import HTMLParser
from typing import Any

from .guards import texts

STRUCK = {"s", "del", "strike"}


class _Seen(HTMLParser):
    """The link addresses, image addresses, tables and struck-through pieces of HTML."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: Counter[str] = Counter()
        self.images: Counter[str] = Counter()
        self.tables = 0
        self.struck = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "a" and (found.get("href") or "").strip():
            self.links[(found.get("href") or "").strip()] += 1
        elif tag == "img":
            self.images[(found.get("src") or "").strip() or "(no address)"] += 1
        elif tag == "table":
            self.tables += 1
        elif tag in STRUCK:
            self.struck += 1


def _seen(helpdesk: str, thing: Any) -> _Seen:
    seen = _Seen()
    if helpdesk == "zendesk":  # only the HTML action: comment_value is plain text
        macro = thing.get("macro", thing) if isinstance(thing, dict) else None
        actions = macro.get("actions") if isinstance(macro, dict) else None
        thing = {"actions": [a for a in actions if isinstance(a, dict) and a.get(
            "field") == "comment_value_html"] if isinstance(actions, list) else []}
    for text in texts(helpdesk, thing):
        seen.feed(text)
    seen.close()
    return seen


def lost_content(helpdesk: str, was: Any, body: Any) -> list[str]:
    """What customers see in the helpdesk's object (`was`) that the update (`body`) no longer
    has, one phrase each: ["LINK https://track.example/{{ticket.id}}", "IMAGE /logo.png",
    "1 TABLE", "STRIKETHROUGH (2)"]; [] when nothing is lost. Links and images are compared
    by address, each as often as it appears."""
    before, after = _seen(helpdesk, was), _seen(helpdesk, body)
    lost = [f"LINK {href}" for href in (before.links - after.links).elements()]
    lost += [f"IMAGE {src}" for src in (before.images - after.images).elements()]
    if before.tables > after.tables:
        lost.append(f"{before.tables - after.tables} TABLE"
                    + ("S" if before.tables - after.tables > 1 else ""))
    if before.struck > after.struck:
        lost.append(f"STRIKETHROUGH ({before.struck - after.struck})")
    return lost


def refusal(helpdesk: str, lost: list[str]) -> str:
    """Why such an update is refused, with the fixes."""
    thing = "macro" if helpdesk == "zendesk" else "saved reply"
    link = ("put a link back in the snippet as [text](https://…) where it can be; "
            if any(piece.startswith("LINK ") for piece in lost) else "")
    return (f"would remove what customers see in the live {thing}: {', '.join(lost)}: "
            f"{link}to keep the {thing} as it is and "
            f"the snippet in the handbook, write sync: false in the snippet's {helpdesk}: "
            "block; to send the snippet as it is, run with --allow-content-loss")
