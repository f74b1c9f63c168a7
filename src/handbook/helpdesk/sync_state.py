"""The Help Scout saved replies `handbook sync helpscout --apply` created or updated, by
snippet: the file sync keeps, helpscout-sync.json beside mkdocs.yml, so that the next sync
finds a snippet's reply by its id whatever the snippet is called by then. Why a file:
sync_helpscout.py's docstring.

Shape: {"about": "...", "mailboxes": {"<mailbox id>": {"<snippet id>": {"id": <saved reply
id>, "name": "<the name sync last gave it>"}}}}; a bare id, as earlier versions wrote it, is
read as a record without a name. The name lets sync tell a record edited by hand or merged
wrongly (a snippet pointed at another reply) from its own: a reply whose name is neither
that one nor the snippet's is taken over only with --allow-takeover (sync_helpscout.py).
Sync writes it whole (a temporary file, then a rename: never half-written) and nothing else
writes it; it is commit-worthy like a lock file. A file that is not this shape is one line
naming it and the fix, never a traceback, and sync then sends nothing.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .http import SyncError

NAME = "helpscout-sync.json"
ABOUT = ("Written by `handbook sync helpscout --apply`: the saved reply of each snippet, by "
         "mailbox, so that a renamed snippet updates the same reply. Commit it; don't edit it.")


def path_of(root: Path) -> Path:
    return root / NAME


# What sync recorded of one snippet's saved reply: its id, and the name sync gave it (None
# in a record an earlier version wrote).
Record = tuple[int, str | None]


def read(root: Path, mailbox: int) -> dict[str, Record]:
    """snippet id -> (saved reply id, name) that sync recorded for `mailbox` ({} with no
    file)."""
    return {key: (value, None) if type(value) is int else (value["id"], value["name"])
            for key, value in _mailboxes(path_of(root)).get(str(mailbox), {}).items()}


def write(root: Path, mailbox: int, records: Mapping[str, Record]) -> None:
    """Records `records` (snippet id -> (saved reply id, name)) as `mailbox`'s, keeping the
    others."""
    path = path_of(root)
    mailboxes = _mailboxes(path)
    mailboxes[str(mailbox)] = {key: ident if name is None else {"id": ident, "name": name}
                               for key, (ident, name) in sorted(records.items())}
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(json.dumps({"about": ABOUT, "mailboxes": mailboxes}, indent=2,
                                    ensure_ascii=False) + "\n", encoding="utf-8")
    os.replace(temporary, path)


def _mailboxes(path: Path) -> dict[str, dict[str, Any]]:
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise SyncError(f"{path.name}: can't be read ({exc}): restore it from git (sync writes "
                        "it; deleted, each reply must be taken over again)") from None
    mailboxes = doc.get("mailboxes") if isinstance(doc, dict) else None
    if not isinstance(mailboxes, dict) or not all(
            isinstance(ids, dict) and all(map(_record, ids.values()))
            for ids in mailboxes.values()):
        raise SyncError(f"{path.name}: not the file sync writes ({{\"mailboxes\": {{mailbox: "
                        "{snippet: {\"id\": reply id, \"name\": its name}}}}): restore it "
                        "from git")
    return mailboxes


def _record(value: Any) -> bool:
    """Whether `value` is a record: {"id": int, "name": str}, or a bare id (earlier)."""
    return type(value) is int or (isinstance(value, dict) and set(value) == {"id", "name"}
                                  and type(value["id"]) is int
                                  and isinstance(value["name"], str))
