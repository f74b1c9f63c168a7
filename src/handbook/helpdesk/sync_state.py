"""The Help Scout saved replies `handbook sync helpscout --apply` created or updated, by
snippet: the file sync keeps, helpscout-sync.json beside mkdocs.yml, so that the next sync
finds a snippet's reply by its id whatever the snippet is called by then. Why a file:
sync_helpscout.py's docstring.

Shape: {"about": "...", "mailboxes": {"<mailbox id>": {"<snippet id>": <saved reply id>}}}.
Sync writes it whole (a temporary file, then a rename: never half-written) and nothing else
writes it; it is commit-worthy like a lock file. A file that is not this shape is one line
naming it and the fix, never a traceback, and sync then sends nothing.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path

from .http import SyncError

NAME = "helpscout-sync.json"
ABOUT = ("Written by `handbook sync helpscout --apply`: the saved reply of each snippet, by "
         "mailbox, so that a renamed snippet updates the same reply. Commit it; don't edit it.")


def path_of(root: Path) -> Path:
    return root / NAME


def read(root: Path, mailbox: int) -> dict[str, int]:
    """snippet id -> saved reply id that sync recorded for `mailbox` ({} with no file)."""
    return _mailboxes(path_of(root)).get(str(mailbox), {})


def write(root: Path, mailbox: int, ids: Mapping[str, int]) -> None:
    """Records `ids` (snippet id -> saved reply id) as `mailbox`'s, keeping the others."""
    path = path_of(root)
    mailboxes = _mailboxes(path)
    mailboxes[str(mailbox)] = dict(sorted(ids.items()))
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(json.dumps({"about": ABOUT, "mailboxes": mailboxes}, indent=2,
                                    ensure_ascii=False) + "\n", encoding="utf-8")
    os.replace(temporary, path)


def _mailboxes(path: Path) -> dict[str, dict[str, int]]:
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise SyncError(f"{path.name}: can't be read ({exc}): restore it from git (sync writes "
                        "it; deleted, each reply must be taken over again)") from None
    mailboxes = doc.get("mailboxes") if isinstance(doc, dict) else None
    if not isinstance(mailboxes, dict) or not all(
            isinstance(ids, dict) and all(type(n) is int for n in ids.values())
            for ids in mailboxes.values()):
        raise SyncError(f"{path.name}: not the file sync writes ({{\"mailboxes\": {{mailbox: "
                        "{snippet: reply id}}}): restore it from git")
    return mailboxes
