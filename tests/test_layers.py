"""The layers of the package, held apart: `handbook.core` (content model, loading, checks,
anchors, the macro registry) and `handbook.render` (snippet, tree and index HTML, generated
pages, exports) import nothing from MkDocs, Material or Jinja; all engine code is in
`handbook.adapter` (the plugin, the macros environment, incremental serve, the reading of
mkdocs.yml). A port to another engine replaces only the adapter."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import handbook.core
import handbook.render

ENGINES = ("mkdocs", "material", "jinja2", "mkdocs_macros", "properdocs")


def _modules(package) -> list[str]:
    return [f"{package.__name__}.{m.name}" for m in pkgutil.iter_modules(package.__path__)]


def _imported_after(modules: list[str]) -> set[str]:
    code = ("import sys\n" + "".join(f"import {name}\n" for name in modules)
            + "print('\\n'.join(sorted(sys.modules)))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    return set(out.split())


def test_core_render_and_cli_import_no_engine() -> None:
    modules = [*_modules(handbook.core), *_modules(handbook.render), "handbook.cli"]
    assert len(modules) > 25
    engines = {m.split(".")[0] for m in _imported_after(modules)} & set(ENGINES)
    assert engines == set(), engines


def test_the_core_imports_nothing_of_the_adapter() -> None:
    loaded = _imported_after(_modules(handbook.core) + _modules(handbook.render))
    assert not [m for m in loaded if m.startswith("handbook.adapter.")]


def test_only_the_adapter_names_an_engine_in_its_imports() -> None:
    """The source of every module outside the adapter: no engine import, even a lazy one
    inside a function (the test above sees only what importing runs)."""
    import re
    from pathlib import Path

    root = Path(handbook.core.__file__).parent.parent
    pattern = re.compile(rf"^\s*(?:from|import) ({'|'.join(ENGINES)})\b", re.M)
    for path in root.rglob("*.py"):
        if "adapter" in path.relative_to(root).parts:
            continue
        found = pattern.findall(path.read_text(encoding="utf-8"))
        assert not found, (path, found)
