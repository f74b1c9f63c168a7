"""Rendering of snippet, tree and index HTML and of the generated pages and exports:
plain Python-Markdown and templates of our own, no MkDocs, Material or Jinja.
"""
