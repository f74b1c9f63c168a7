"""mkdocs.yml's `validation:` block: read by `handbook check` as MkDocs reads it, and which
doubtful links then fail check, as they fail the strict build."""

from __future__ import annotations

import pytest
from mkdocs.config.defaults import MkDocsConfig

from handbook.core.link_levels import LinkLevels, from_mapping, from_mkdocs
from handbook.core.links import broken_links

CASES = [
    None,
    {},
    {"absolute_links": "warn", "unrecognized_links": "warn", "anchors": "warn",
     "omitted_files": "warn"},
    {"links": {"not_found": "info"}, "nav": {"not_found": "ignore"}},
    {"absolute_links": "relative_to_docs", "links": {"absolute_links": "warn"}},
    {"links": {"anchors": "warn", "unrecognized_links": "info"}, "unrecognized_links": "warn"},
    {"nav": {"omitted_files": "warn", "absolute_links": "relative_to_docs"}},
]


@pytest.mark.parametrize("validation", CASES)
def test_check_reads_validation_as_mkdocs_does(validation) -> None:
    config = MkDocsConfig()
    raw: dict = {"site_name": "x"}
    if validation is not None:
        raw["validation"] = {k: dict(v) if isinstance(v, dict) else v
                             for k, v in validation.items()}
    config.load_dict(raw)
    errors, _warnings = config.validate()
    assert not errors
    assert from_mapping(validation) == from_mkdocs(config.validation)


BODY = "[page](missing.md) [folder](nowhere/) [abs](/playbooks/x.md) [ok](x.md)\n"
FILES = {"playbooks/x.md"}


def messages(levels: LinkLevels) -> list[str]:
    return [b.message for b in broken_links(BODY, "playbooks/p.md", FILES, levels)]


def test_by_default_only_a_missing_file_fails() -> None:
    assert messages(LinkLevels()) == [
        "link 'missing.md' (that is playbooks/missing.md) is not a page or file of the site"]


def test_the_levels_decide_what_fails() -> None:
    assert messages(LinkLevels(not_found="info")) == []
    loud = messages(LinkLevels(absolute_links="warn", unrecognized_links="warn"))
    assert loud == [
        "link 'missing.md' (that is playbooks/missing.md) is not a page or file of the site",
        "link 'nowhere/' names no file of the site, so MkDocs can't tell which page it means "
        "(validation.links.unrecognized_links: warn)",
        "link '/playbooks/x.md' is an absolute path, which MkDocs leaves as it is "
        "(validation.links.absolute_links: warn)",
    ]
    from_docs = broken_links("[a](/playbooks/x.md) [b](/playbooks/y.md)", "playbooks/p.md",
                             FILES, LinkLevels(absolute_links="relative_to_docs"))
    assert [b.message for b in from_docs] == [
        "link '/playbooks/y.md' (that is playbooks/y.md) is not a page or file of the site"]
