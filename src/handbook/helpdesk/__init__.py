"""Helpdesk round trip: reading Zendesk macros, Help Scout saved replies and plain CSV into
snippets (`handbook import`). Engine-free, like the core."""
