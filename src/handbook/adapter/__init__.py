"""The MkDocs adapter: the plugin, the mkdocs-macros module's environment, incremental
serve, the staged site folder and the reading of mkdocs.yml. Engine-specific code lives
here and nowhere else.
"""
