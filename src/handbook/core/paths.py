"""Which entries under the content folders may be read at all.

The build publishes every file under docs/ and every playbook, snippet and tree, and MkDocs
walks docs/ following symlinks. So a symlink that leads out of the handbook's content folders
would publish whatever it points at (/proc/self/environ, a token under .git/), and a FIFO would
hang the build. `walk` finds such entries from directory entries alone: a symlink's target is
worked out as a path (realpath) and only looked at when it lies inside the content folders, so
nothing is read from a refused path. `handbook check`, the other `handbook` commands and the
build all list content through `walk`, so they agree on what is content.

No MkDocs imports: `handbook check` runs without MkDocs.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Refused:
    """An entry that is never read: where it is, what is wrong, and the fix."""

    path: Path
    message: str
    hint: str


@dataclass
class Listing:
    """What `walk` found: regular files and folders (by the path they were found at, as MkDocs
    would find them), and the entries it refused."""

    files: list[Path] = field(default_factory=list)
    folders: list[Path] = field(default_factory=list)
    refused: list[Refused] = field(default_factory=list)


_KINDS = (
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)


def kind_of(mode: int) -> str:
    """Plain words for a file that is neither a regular file nor a folder."""
    for test, words in _KINDS:
        if test(mode):
            return words
    return "not a regular file"


def within(real: str, roots: Sequence[str]) -> bool:
    """Whether the real path `real` is one of `roots` or lies under one of them."""
    return any(real == root or real.startswith(root.rstrip(os.sep) + os.sep) for root in roots)


def _shown(text: str) -> str:
    """A link's text for a message: control characters (a newline would forge a second
    problem line) shown as escapes."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


# File and folder names become page URLs, navigation titles and section names, which the
# theme prints as HTML and uses as link targets: `x<img onerror=…>.md` would run script on
# every page, `javascript:x.md` would make a javascript: link. Letters and digits of any
# script, and the punctuation file names commonly hold, are safe in all of those.
SAFE_NAME_RE = re.compile(r"^[\w .,+@()-]+\Z")


def _unsafe_name(path: Path, name: str) -> Refused:
    bad = sorted({c for c in name if not SAFE_NAME_RE.match(c)})
    shown = " ".join(repr(c) for c in bad[:5])
    return Refused(path, f"the name holds {shown}, which would break or hijack the page's "
                   "address and navigation title",
                   "rename it with letters, digits, spaces and . , + @ ( ) - _ only")


def walk(folder: Path, roots: Sequence[Path], where: str) -> Listing:
    """Every regular file and folder under `folder`, following symlinks only when they lead to
    a path inside `roots` (the content folders), and refusing everything else.

    `where` names the content folders in hints, e.g. "docs/ or playbooks/". Folders are
    walked with an explicit stack (no recursion limit on deep trees), and a symlinked folder
    that leads back to a folder it is inside is refused: MkDocs would walk it forever."""
    listing = Listing()
    real_roots = [os.path.realpath(root) for root in roots]
    stack = [(folder, (os.path.realpath(folder),))]
    while stack:
        path, ancestors = stack.pop()
        try:
            entries = sorted(os.scandir(path), key=lambda e: e.name)
        except OSError as exc:
            listing.refused.append(Refused(path, f"folder cannot be read ({exc.strerror})",
                                           "make it readable, or remove it"))
            continue
        found: list[tuple[Path, tuple[str, ...]]] = []
        for entry in entries:
            here = Path(entry.path)
            if not SAFE_NAME_RE.match(entry.name):
                listing.refused.append(_unsafe_name(here, entry.name))
                continue
            if entry.is_symlink():
                real = _followed(entry, ancestors, real_roots, where, listing)
                if real is not None:
                    found.append((here, (*ancestors, real)))
            elif entry.is_dir(follow_symlinks=False):
                found.append((here, (*ancestors, os.path.join(ancestors[-1], entry.name))))
            elif entry.is_file(follow_symlinks=False):
                listing.files.append(here)
            else:
                mode = entry.stat(follow_symlinks=False).st_mode
                listing.refused.append(Refused(
                    here, f"not a regular file or folder: {kind_of(mode)}",
                    "delete it: the handbook reads only regular files, and a FIFO would hang "
                    "the build"))
        listing.folders += [p for p, _ in found]
        stack += reversed(found)  # popped in name order
    listing.files.sort()
    listing.folders.sort()
    return listing


def _followed(entry: os.DirEntry, ancestors: tuple[str, ...], roots: Sequence[str], where: str,
              listing: Listing) -> str | None:
    """A symlink: records it as a file, returns its real path when it is a folder to walk,
    or refuses it. Its target is looked at (os.stat) only when it lies inside `roots`."""
    here = Path(entry.path)
    try:
        target = _shown(os.readlink(entry.path))
    except OSError:
        target = "?"
    real = os.path.realpath(entry.path)
    if not within(real, roots):
        listing.refused.append(Refused(
            here, f"symlink points outside the handbook's content folders ({target})",
            f"replace the link with a copy of what it points at, inside {where}"))
        return None
    try:
        mode = os.stat(entry.path).st_mode
    except OSError as exc:
        what = "a symlink loop" if exc.errno == errno.ELOOP else "nothing"
        listing.refused.append(Refused(here, f"symlink points to {what} ({target})",
                                       "point it at a file that exists, or delete it"))
        return None
    if stat.S_ISDIR(mode):
        if real in ancestors:
            listing.refused.append(Refused(
                here, f"symlink loop: it points to a folder it is inside ({target})",
                "delete the link: the build would walk through it forever"))
            return None
        return real
    if stat.S_ISREG(mode):
        listing.files.append(here)
        return None
    listing.refused.append(Refused(here, f"symlink points to {kind_of(mode)} ({target})",
                                   "delete it: the handbook reads only regular files"))
    return None


def content_roots(project: Path, folders: Sequence[Path]) -> tuple[list[Path], list[Refused]]:
    """The content folders that exist and lie inside the project, and a refusal for each one
    that leads out of it (a `docs` that is itself a symlink to / would make all of / content).
    """
    real_project = [os.path.realpath(project)]
    roots: list[Path] = []
    refused: list[Refused] = []
    for folder in folders:
        if not os.path.lexists(folder):
            continue
        if not within(os.path.realpath(folder), real_project):
            target = _shown(os.readlink(folder)) if os.path.islink(folder) else str(folder)
            refused.append(Refused(folder, f"the content folder is outside the project ({target})",
                                   "make it a real folder inside the project"))
        elif os.path.isdir(folder):
            roots.append(folder)
    return roots, refused
