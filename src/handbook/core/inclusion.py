"""Which files of the site MkDocs builds, and which it expects `nav:` to name.

mkdocs.yml's `exclude_docs`, `draft_docs` and `not_in_nav` are gitignore-style patterns
matched against each file's path under the docs folder (playbooks are `playbooks/<slug>.md`,
generated pages `snippets/<id>.md`...). MkDocs always excludes dotfiles and `/templates/`
too. An excluded or draft file is not built (`mkdocs serve` shows drafts); a page MkDocs
builds but `nav:` does not name is reported at `validation.nav.omitted_files` unless
`not_in_nav` matches it. Source: mkdocs/structure/files.py (set_exclusions, InclusionLevel).

The handbook adds one rule of its own: with `nav:` written out, the pages the build generates
(snippet and tree pages, their indexes, the review page) count as `not_in_nav`: they are
reached from the library and the pages that use them, and a team that writes `nav:` lists
only the ones it wants there.

No MkDocs imports: pathspec is the library MkDocs itself matches the patterns with; the
build hands its own compiled patterns over (plugin.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any

from pathspec.gitignore import GitIgnoreSpec

# MkDocs' _default_exclude (mkdocs/structure/files.py).
DEFAULT_EXCLUDE = (".*", "/templates/")


class Level(Enum):
    """MkDocs' InclusionLevel, without UNDEFINED (it resolves to INCLUDED)."""

    EXCLUDED = "excluded"  # not built
    DRAFT = "draft"  # not built by `mkdocs build`; shown by `mkdocs serve`
    NOT_IN_NAV = "not_in_nav"  # built; no warning when nav: leaves it out
    INCLUDED = "included"  # built; nav: should name it

    def built(self, serve: bool = False) -> bool:
        return self in (Level.NOT_IN_NAV, Level.INCLUDED) or (serve and self is Level.DRAFT)


@dataclass(frozen=True)
class Inclusion:
    """The three pattern settings, compiled; None where mkdocs.yml sets none."""

    exclude: GitIgnoreSpec | None = None
    draft: GitIgnoreSpec | None = None
    not_in_nav: GitIgnoreSpec | None = None
    # `mkdocs serve` builds drafts too.
    serve: bool = False

    def __post_init__(self) -> None:
        default = GitIgnoreSpec.from_lines(DEFAULT_EXCLUDE)
        object.__setattr__(self, "_exclude", default + self.exclude if self.exclude else default)

    def level(self, src_uri: str, generated: bool = False, nav_given: bool = False) -> Level:
        """How MkDocs includes the file at `src_uri` (a path under docs/, with /); a page the
        build `generated` is NOT_IN_NAV when mkdocs.yml writes out `nav:` (`nav_given`)."""
        if self._exclude.match_file(src_uri):  # type: ignore[attr-defined]
            return Level.EXCLUDED
        if self.draft is not None and self.draft.match_file(src_uri):
            return Level.DRAFT
        if (self.not_in_nav is not None and self.not_in_nav.match_file(src_uri)) or (
                generated and nav_given):
            return Level.NOT_IN_NAV
        return Level.INCLUDED

    def left_out_by(self, src_uri: str) -> str:
        """The setting and pattern that keep the file at `src_uri` out of the build, for
        messages: "exclude_docs pattern 'playbooks/old-*.md'", "draft_docs pattern ...", or
        MkDocs' own exclusion of dotfiles and templates/; "" for a file that is built."""
        if GitIgnoreSpec.from_lines(DEFAULT_EXCLUDE).match_file(src_uri):
            return "MkDocs' own exclusion of dotfiles and templates/"
        for key, spec in (("exclude_docs", self.exclude), ("draft_docs", self.draft)):
            decided = spec.check_file(src_uri) if spec is not None else None
            if decided is not None and decided.include and decided.index is not None:
                return f"mkdocs.yml's {key} pattern '{spec.patterns[decided.index].pattern}'"
        return ""

    def source_only_patterns(self, sources: list[str], site_files: set[str]
                             ) -> list[tuple[str, str]]:
        """(setting, pattern) for each exclude_docs or draft_docs pattern that decides for
        one of `sources` (the handbook's snippet and tree files, as paths from the project
        folder: `playbooks/snippets/refund.yml`) and for none of `site_files` (every path
        MkDocs has under docs/, built or not): MkDocs never sees those sources, so such a
        pattern leaves nothing out, and the pages stay published."""
        out = []
        for key, spec in (("exclude_docs", self.exclude), ("draft_docs", self.draft)):
            for pattern in spec.patterns if spec is not None else []:
                if not pattern.include:
                    continue  # a negation (!...) or a comment
                alone = GitIgnoreSpec.from_lines([pattern.pattern])
                if any(alone.match_files(sources)) and not any(alone.match_files(site_files)):
                    out.append((key, pattern.pattern))
        return out

    def built(self, src_uri: str) -> bool:
        """Whether the build (`mkdocs build`, or `mkdocs serve` when `serve`) writes the file
        at `src_uri` into the site."""
        return self.level(src_uri).built(self.serve)


def from_settings(data: dict[str, Any]) -> Inclusion:
    """The patterns as mkdocs.yml writes them (each setting one multi-line string). A value
    MkDocs would refuse counts as none here: MkDocs' own validation, which `handbook check`
    runs, reports it."""
    return Inclusion(*(_spec(data.get(key)) for key in ("exclude_docs", "draft_docs",
                                                         "not_in_nav")))


def _spec(value: Any) -> GitIgnoreSpec | None:
    if not isinstance(value, str):
        return None
    try:
        return GitIgnoreSpec.from_lines(value.splitlines())
    except ValueError:
        return None
