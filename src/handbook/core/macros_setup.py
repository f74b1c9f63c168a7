"""The mkdocs-macros settings the handbook needs, checked the same way by the build and by
`handbook check`.

mkdocs-macros renders the `{{ snippet("id") }}` calls; the handbook's macros live in the
module `macros` (macros/__init__.py). Without the plugin every call shows as text; with
another module (mkdocs-macros' default is `main`) or `render_by_default: false`, calls are
undefined or left as text; with `on_error_fail: false` a failing call is published as an
error note instead of stopping the build; with markers of its own (`j2_*`), text the Jinja
guard leaves alone would be read as a template. Option names and defaults:
mkdocs_macros/plugin.py (MacrosPlugin.config_scheme).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

MODULE = "macros"
# What to write in mkdocs.yml: the shipped entry.
ENTRY = ("- macros: {module_name: macros, on_error_fail: true, on_undefined: strict}")


HANDBOOK_MISSING = ("the handbook plugin is not in plugins:, so no snippet, tree or generated page "
                    "can be built; add - handbook: {playbooks_dir: playbooks} (before or after "
                    "macros)")


HANDBOOK_OFF = ("the handbook plugin has enabled: false, so no snippet, tree or generated page "
                "can be built; remove enabled: false")


def handbook_missing(plugins: Any) -> str:
    """The one line for a handbook plugin MkDocs did not load, given mkdocs.yml's `plugins:`
    as written (read before MkDocs validates it: that pops `enabled`): switched off, or not
    listed."""
    return HANDBOOK_OFF if switched_off(plugins, "handbook") else HANDBOOK_MISSING


def switched_off(plugins: Any, plugin: str = "macros") -> bool:
    """Whether mkdocs.yml's `plugins:` value as written (a list, or a mapping) gives `plugin`
    `enabled: false`: MkDocs then leaves it out of the loaded plugins as if it were not
    listed (mkdocs/config/config_options.py, Plugins.load_plugin)."""
    if isinstance(plugins, dict):
        entries = list(plugins.items())
    elif isinstance(plugins, list):
        entries = [next(iter(e.items())) if isinstance(e, dict) and len(e) == 1 else (e, None)
                   for e in plugins]
    else:
        return False
    return any(name == plugin and isinstance(options, dict)
               and options.get("enabled") is False for name, options in entries)


def problems(options: Mapping[str, Any] | None, handbook_listed: bool = True,
             off: bool = False, handbook_off: bool = False) -> list[str]:
    """Why the macros plugin, with its resolved `options` (None: not in `plugins:`, or `off`:
    listed with enabled: false), can't render the handbook, or the handbook plugin is not
    `handbook_listed` (`handbook_off`: listed with enabled: false); [] when all is well.
    Each is one line naming the setting and the fix."""
    if not handbook_listed:
        return [HANDBOOK_OFF if handbook_off else HANDBOOK_MISSING]
    if options is None and off:
        return ["the macros plugin (mkdocs-macros) has enabled: false, so every "
                "{{ snippet(...) }} would show as text; remove enabled: false"]
    if options is None:
        return ["the macros plugin (mkdocs-macros) is not in plugins:, so every "
                f"{{{{ snippet(...) }}}} would show as text; add {ENTRY}"]
    out = []
    if options.get("module_name") != MODULE:
        out.append(f"the macros plugin's module_name is '{options.get('module_name')}', but "
                   f"the handbook's macros are in '{MODULE}'; set module_name: {MODULE}")
    if options.get("render_by_default") is False:
        out.append("the macros plugin's render_by_default: false leaves every "
                   "{{ snippet(...) }} as text; remove the option")
    if options.get("on_error_fail") is not True:
        out.append("the macros plugin's on_error_fail must be true, or a failing macro is "
                   "published as an error note; set on_error_fail: true")
    changed = sorted(k for k, v in options.items() if k.startswith("j2_") and v
                     and k != "j2_extensions")
    if changed:
        out.append(f"the macros plugin's {', '.join(changed)} must stay unset: the handbook "
                   "only keeps text out of Jinja with Jinja's own markers (remove the option)")
    return out
