"""MkDocs' own validation of mkdocs.yml, remembered between runs of `handbook check`.

Validating the settings loads every plugin and theme (mkdocs_yml.mkdocs_problems): about 0.8 s
of CPU, as much as checking 2,000 pages, spent again on every run for the same answer. The
answer is kept in `.cache/handbook/` (git-ignored) under a key of everything it depends on:
the bytes of mkdocs.yml and every file it INHERITs, of its hooks, of the macros module and
of the modules that judge them; the settings as loaded (so `!ENV` values count); the
packages installed (their dist-info folders, by name and version); the Python version;
which entries the project folder holds; and whether each path a setting names exists (a
custom_dir made or removed). Any change there validates afresh. A folder that can't be
written only means no cache.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from pathlib import Path
from typing import Any

from ..core import macros_setup, site_config
from . import mkdocs_yml

CACHE_DIR = Path(".cache") / "handbook"
CACHE_FILE = "mkdocs-settings.json"
Problems = list[tuple[str, str, Path | None, int]]


def key(root: Path, data: dict[str, Any]) -> str | None:
    """The cache key for the project in `root` whose mkdocs.yml loads as `data`; None when
    there is no configuration file."""
    path = site_config.config_path(root)
    if path is None:
        return None
    digest = hashlib.sha256()
    for part in _files(path, data):
        digest.update(part.encode("utf-8", "surrogateescape"))
        try:
            digest.update(Path(part).read_bytes())
        except OSError:
            digest.update(b"\0missing")
    digest.update(json.dumps(data, sort_keys=True, default=_named).encode())
    digest.update(sys.version.encode())
    for folder in sorted({p for p in sys.path if p.endswith("-packages") and os.path.isdir(p)}):
        digest.update("\n".join(sorted(n for n in os.listdir(folder)
                                       if n.endswith((".dist-info", ".pth")))).encode())
    digest.update("\n".join(sorted(f"{e.name}/{e.is_dir()}" for e in os.scandir(root)
                                   if e.name != CACHE_DIR.parts[0]))
                  .encode("utf-8", "surrogateescape"))
    # Folders and files the settings name (theme.custom_dir: theme/overrides ...): whether
    # each is there, as MkDocs' validation asks.
    for value in sorted(_texts(data)):
        digest.update(f"{value}={os.path.lexists(root / value)}".encode(
            "utf-8", "surrogateescape"))
    return digest.hexdigest()


def _texts(value: Any) -> set[str]:
    """Every short text in the settings that could name a path."""
    if isinstance(value, str):
        return {value} if 0 < len(value) < 300 and "\n" not in value and "\0" not in value \
            else set()
    if isinstance(value, dict):
        return {t for v in value.values() for t in _texts(v)}
    if isinstance(value, list):
        return {t for v in value for t in _texts(v)}
    return set()


def _files(path: Path, data: dict[str, Any]) -> list[str]:
    """mkdocs.yml, the files it inherits, its hooks, the macros module, and the modules that
    judge them."""
    files = [str(path)]
    current = path
    for _ in range(20):
        parent = site_config.inherited_file(current)
        if parent is None:
            break
        current = parent
        files.append(str(current))
    hooks = data.get("hooks")
    files += [str(path.parent / h) for h in hooks if isinstance(h, str)] \
        if isinstance(hooks, list) else []
    module = macros_setup.MODULE  # the macros module check compiles
    files += [str(path.parent / module / "__init__.py"), str(path.parent / f"{module}.py")]
    files += [mkdocs_yml.__file__, macros_setup.__file__, site_config.__file__]
    # the handbook plugin's search options (request_playbook_url, synonyms), read as files
    files += [str(Path(mkdocs_yml.__file__).with_name("search.py")),
              str(Path(site_config.__file__).with_name("request_link.py")),
              str(Path(site_config.__file__).with_name("yamlio.py")),  # repeated keys
              str(Path(mkdocs_yml.__file__).parent.parent / "render" / "search_index.py")]
    return files


def _named(value: object) -> str:
    """A value JSON can't hold (a slug function built from a tag), by its kind: the file's
    bytes, also in the key, say how it was built."""
    return f"{type(value).__module__}.{type(value).__qualname__}"


def load(root: Path, cache_key: str | None) -> Problems | None:
    """The problems remembered under `cache_key`, or None."""
    if cache_key is None:
        return None
    try:
        stored = json.loads((root / CACHE_DIR / CACHE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(stored, dict) or stored.get("key") != cache_key:
        return None
    try:
        return [(str(s), str(m), None if p is None else root / p, int(n))
                for s, m, p, n in stored["problems"]]
    except (KeyError, TypeError, ValueError):
        return None


def save(root: Path, cache_key: str | None, problems: Problems) -> None:
    """Remembers `problems` under `cache_key`; quietly does nothing where it can't write."""
    if cache_key is None:
        return
    rows = [(s, m, None if p is None else os.path.relpath(p, root), n)
            for s, m, p, n in problems]
    folder = root / CACHE_DIR
    try:
        folder.mkdir(parents=True, exist_ok=True)
        temporary = folder / f".{CACHE_FILE}.{os.getpid()}"
        temporary.write_text(json.dumps({"key": cache_key, "problems": rows}), "utf-8")
        os.replace(temporary, folder / CACHE_FILE)
    except OSError:
        pass
