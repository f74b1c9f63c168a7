"""mkdocs-macros module (`module_name: macros`): the handbook's macros live in the package."""

from handbook.adapter.macros_env import define_env, on_post_page_macros, on_pre_page_macros

__all__ = ["define_env", "on_post_page_macros", "on_pre_page_macros"]
