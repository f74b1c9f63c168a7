"""The handbook plugin's `helpdesk_variables` option, validated by MkDocs like any other
(so `handbook check` and the strict build report a mistake in it alike); the rules are
core.helpdesk_fields.variable_tables."""

from __future__ import annotations

from typing import Any

from mkdocs.config import config_options as c

from ..core.helpdesk_fields import variable_tables


class HelpdeskVariables(c.BaseConfigOption[dict]):
    """{zendesk|helpscout: {placeholder: variable}}; default: none beyond the eight."""

    def __init__(self) -> None:
        super().__init__()
        self.default = {}

    def run_validation(self, value: Any) -> dict:
        try:
            return variable_tables(value)
        except ValueError as exc:
            raise c.ValidationError(str(exc)) from None
