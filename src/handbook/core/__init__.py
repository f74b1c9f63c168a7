"""The core: the content model, loading, the checks, heading anchors and the macro registry.

Nothing here imports MkDocs, Material or Jinja (tests/test_layers.py holds it to that).
"""
