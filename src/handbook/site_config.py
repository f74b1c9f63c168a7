"""What the checker needs from mkdocs.yml, read without starting MkDocs."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml


class _TolerantLoader(yaml.SafeLoader):
    """Reads mkdocs.yml even where it uses !ENV or !!python/name tags."""


_TolerantLoader.add_multi_constructor("", lambda loader, suffix, node: None)
_TolerantLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda lo, su, no: None)

DEFAULT_CADENCE = {
    "acknowledge": "within 5 minutes",
    "scope": "within 10 minutes",
    "update": "every 20 minutes",
    "long_update": "every 60 minutes",
}


@dataclass
class SiteConfig:
    root: Path
    docs_dir: Path
    playbooks_dir: Path
    site_url: str = ""
    cadence: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_CADENCE))

    @property
    def snippets_dir(self) -> Path:
        return self.playbooks_dir / "snippets"

    @property
    def trees_dir(self) -> Path:
        return self.playbooks_dir / "trees"


def plugin_options(plugins: Any, name: str = "handbook") -> dict[str, Any]:
    for entry in plugins or []:
        if isinstance(entry, dict) and name in entry:
            return entry[name] or {}
    return {}


def from_values(root: Path, docs_dir: str, playbooks_dir: str, site_url: str,
                extra: dict[str, Any] | None) -> SiteConfig:
    cadence = dict(DEFAULT_CADENCE)
    cadence.update({str(k): str(v) for k, v in ((extra or {}).get("outage_cadence") or {}).items()})
    return SiteConfig(root, root / docs_dir, root / playbooks_dir, site_url or "", cadence)


def read_site_config(root: Path) -> SiteConfig:
    path = root / "mkdocs.yml"
    data: dict[str, Any] = {}
    if path.is_file():
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_TolerantLoader) or {}
    options = plugin_options(data.get("plugins"))
    return from_values(root, data.get("docs_dir") or "docs",
                       options.get("playbooks_dir", "playbooks"),
                       data.get("site_url") or "", data.get("extra"))
