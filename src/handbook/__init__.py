"""The support handbook: playbooks, reply snippets and decision trees on MkDocs."""
