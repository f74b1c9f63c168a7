"""The core (content model, loading, checks, anchors, the macro registry) and the rendering of
snippet, tree and index HTML import nothing from MkDocs, Material or Jinja: a port to another
engine replaces only the adapter (plugin.py, macros_env.py, incremental.py, mkdocs_yml.py,
which reads mkdocs.yml with MkDocs' own loader for `handbook check`)."""

from __future__ import annotations

import subprocess
import sys

CORE = ["content", "validate", "models", "yamlio", "markdown_scan", "macro_calls", "errors",
        "problems", "review", "trees", "links", "paths", "site_paths", "site_config",
        "codeowners", "html_policy", "url_policy", "markdown_policy", "rendered_check",
        "foreign_syntax", "render_snippet", "render_tree", "pages", "exports", "html_util",
        "edit_links", "cli"]
ENGINES = ("mkdocs", "material", "jinja2", "mkdocs_macros", "properdocs")


def test_the_core_imports_no_engine() -> None:
    code = ("import sys\n" + "".join(f"import handbook.{name}\n" for name in CORE)
            + f"print(sorted({{m.split('.')[0] for m in sys.modules}} & set({ENGINES!r})))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.strip()
    assert out == "[]", out
