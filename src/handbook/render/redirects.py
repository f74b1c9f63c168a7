"""Redirect pages left behind when a snippet is renamed: old links from tickets keep working."""

from __future__ import annotations

import json
from pathlib import Path

from .html_util import esc

TEMPLATE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>Moved: {title}</title>
<meta name="robots" content="noindex">
<link rel="canonical" href="{target}">
<meta http-equiv="refresh" content="0; url={target}">
<script>
var h = location.hash === "#snippet-{old}" ? "#snippet-{new}" : location.hash;
location.replace({target_js} + h);
</script>
</head><body>
<p>This snippet was renamed. Go to <a href="{target}">{title}</a>.</p>
</body></html>
"""


def write_redirect(site_dir: Path, dest_uri: str, target: str, old: str, new: str,
                   title: str) -> None:
    """Writes the redirect page at `dest_uri` (where the old snippet page was) pointing at
    `target`, the new page's URL relative to it. `old` and `new` are snippet ids (slugs)."""
    page = site_dir / dest_uri
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text(TEMPLATE.format(title=esc(title), target=esc(target),
                                    target_js=json.dumps(target), old=old, new=new),
                    encoding="utf-8")
