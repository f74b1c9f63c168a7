"""What an import read of a helpdesk object, as a short hash written into the snippet, so
that sync can tell the macro or saved reply the import read (unchanged since: taken over
without --allow-takeover) from an id typed by hand or an object changed in the helpdesk
since the import (refused unless --allow-takeover, the line naming which).

`sha256:` and the first 16 hex digits of SHA-256 over the object's identity and content as
the API gives them, as JSON with sorted keys and no spaces (`json.dumps(..., sort_keys=True,
ensure_ascii=False, separators=(",", ":"))`, UTF-8): a Zendesk macro's id, title,
description, active, actions and restriction (List Macros and the macros JSON import reads
give the same object: https://developer.zendesk.com/api-reference/ticketing/business-rules/
macros/); a Help Scout saved reply's id, name, text and chatText (Get Saved Reply, the
shape import reads). A field the object lacks counts as null. Usage counts, positions and
timestamps are left out: they change without the reply changing. 64 bits tell a changed
object apart; the hash guards against mistakes and hand-typed records, not against someone
who can read the helpdesk's API (they could sync anyway).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any

FIELDS = {"zendesk": ("id", "title", "description", "active", "actions", "restriction"),
          "helpscout": ("id", "name", "text", "chatText")}


def of(helpdesk: str, thing: Mapping[str, Any]) -> str:
    """The fingerprint of a macro or saved reply as the API gives it: "sha256:1a2b…" (16 hex
    digits). `helpdesk`: "zendesk" or "helpscout"."""
    picked = {name: thing.get(name) for name in FIELDS[helpdesk]}
    text = json.dumps(picked, sort_keys=True, ensure_ascii=False, separators=(",", ":"),
                      default=str)
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
