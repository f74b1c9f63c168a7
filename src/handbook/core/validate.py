"""One validation path for the build and `handbook check`: load everything, then cross-check."""

from __future__ import annotations

import os
import re
from datetime import date
from pathlib import PurePosixPath
from urllib.parse import urlsplit

from ..render.snippet import plain_text, variant_problems
from . import foreign_syntax
from .cadence import timed_cadence
from .content import (
    Handbook,
    Page,
    PageFile,
    SnippetDoc,
    add_page,
    load_handbook,
    load_page_file,
    page_files,
    toc_options,
)
from .errors import did_you_mean
from .fan_out import jobs_for, run_in_chunks
from .helpdesk_checks import check_helpdesk_fields, check_titles
from .html_policy import inside_tags
from .inclusion import Level
from .link_anchors import check_link_anchors
from .links import broken_links, unbuilt_reason
from .macro_calls import BLOCK_MACROS, address_problem, placement_problem, signature_problem
from .markdown_policy import hidden_definitions, page_problems
from .markdown_scan import NotProse, code_spans
from .models import BRACKET_CLUMP_RE, PLACEHOLDER_NAME_RE, PLACEHOLDER_USE_RE
from .nav_lines import nav_entry_lines
from .problems import Report
from .rendered_check import MarkdownSettingsError, could_break_policy, rendered_problems
from .reply_gaps import leftovers
from .review import FUTURE_HINT, future_message, in_the_future
from .site_config import SiteConfig, config_path, setting_place
from .site_paths import GENERATED_PAGES, check_site_paths
from .trees import check_tree


def check(config: SiteConfig, on: date | None = None,
          jobs: int | None = 1) -> tuple[Handbook, Report]:
    """Loads the handbook and finds every problem. The pages are loaded and checked one by one,
    in `jobs` processes (fan_out.py; None: as many as pay off on this machine). The build
    runs inside MkDocs' own process, which may have threads (`mkdocs serve`): it uses one."""
    book, report = load_handbook(config, on=on, pages=False)
    _check_aliases(book, report)
    site_files = _site_files(book)
    _generated_unbuilt(book, report)
    _source_patterns(book, site_files, report)
    # The snippets are checked beside the pages: each on its own, in the same workers.
    items = page_files(book) + [("snippet", doc.path, ident)
                                for ident, doc in book.snippets.items()]
    every_page = config.link_levels.anchors == "warn"  # the anchors check needs every page's
    tree_targets = _tree_target_slugs(book)

    def load_and_check(item: PageFile) -> tuple[Page | None, list]:
        own = Report(config.root)
        if item[0] == "snippet":
            _check_snippet(book.snippets[item[2]], own)
            return None, own.problems
        page = load_page_file(config, item, own)
        if page is not None:
            _check_page(page, book, site_files, own)
            if every_page or getattr(page, "slug", None) in tree_targets:
                page.toc = toc_options(config)  # anchors worked out here, in parallel
                page.anchors  # noqa: B018
        return page, own.problems

    for page, problems in run_in_chunks(load_and_check, items, jobs_for(len(items), jobs)):
        add_page(book, page)
        report.problems.extend(problems)
    check_site_paths(book, report)
    _check_nav(book, site_files, report)
    check_link_anchors(book, report)
    check_titles(book.snippets, report)
    for tree in book.trees.values():
        check_tree(tree, book, report)
    _check_freshness(book, report)
    _check_cadence(book, report)
    return book, report


def _tree_target_slugs(book: Handbook) -> set[str]:
    """Slugs of the playbooks a tree outcome points into a section of: their anchors are
    needed by the tree check, and are cheaper made in the page workers than after them."""
    return {node.playbook.partition("#")[0] for tree in book.trees.values()
            for node in tree.model.nodes.values() if node.playbook and "#" in node.playbook}


def _check_page(page: Page, book: Handbook, site_files: set[str], report: Report) -> None:
    """What can be checked of one page on its own (with the snippet and tree ids known)."""
    _check_links(page, site_files, book, report)
    _check_calls(page, book, report)
    _check_markdown_cost(page, report)
    _check_html(page, book.config, report)
    _check_foreign_syntax(page, report)
    _check_hidden_definitions(page, report)
    if page.meta is not None:
        _check_theme_fields(page, book.config, report)


def _check_nav(book: Handbook, site_files: set[str], report: Report) -> None:
    """Each page `nav:` names must be a file of the site: MkDocs warns (strict: fails) on one
    that is not, as it reads the nav (mkdocs/structure/nav.py, get_navigation). Addresses
    with a scheme or host, and absolute paths (only noted by MkDocs), are links. A file the
    build leaves out makes a dead entry (MkDocs only notes it); a page nav: leaves out fails
    the build under `validation.nav.omitted_files: warn`."""
    config = book.config
    path = config_path(config.root)
    if config.nav is None or path is None:
        return
    path, nav_line = setting_place(path, "nav")
    written = iter(nav_entry_lines(path))  # (entry, its line), in the order _nav_paths reads
    levels = config.link_levels
    named: set[str] = set()
    for target in _nav_paths(config.nav):
        line = next((n for entry, n in written if entry == target), nav_line)
        parts = urlsplit(target)
        if target.startswith("/") and levels.nav_absolute_links == "warn":
            report.add(path, f"nav: '{target}' is an absolute path, which MkDocs leaves as "
                       "it is (validation.nav.absolute_links: warn)", line=line,
                       hint="name the page by its path under docs/, without the leading /")
            continue
        if target.startswith("/") and levels.nav_absolute_links == "relative_to_docs":
            target = target.lstrip("/")
        # MkDocs looks a nav path up as PurePath(path).as_posix() (Files.get_file_from_path).
        uri = PurePosixPath(target).as_posix() if target else target
        named.add(uri)
        if uri in book.content.unbuilt:
            report.add(path, f"nav: '{target}' is "
                       f"{unbuilt_reason(book.content.unbuilt[uri])}: its entry is a dead link",
                       line=line, severity="warning",
                       hint="remove it from nav:, or change the pattern in mkdocs.yml")
            continue
        if (uri in site_files or parts.scheme or parts.netloc or target.startswith("/")
                or levels.nav_not_found != "warn"):
            continue
        report.add(path, f"nav: '{target}' is not a page or file of the site",
                   line=line, hint=did_you_mean(target, site_files) or "name a page by its path "
                   "under docs/, or playbooks/<name>.md for a playbook")
    if levels.omitted_files == "warn":
        _check_omitted(book, named, report)


def _check_omitted(book: Handbook, named: set[str], report: Report) -> None:
    """Pages MkDocs builds that `nav:` does not name, and no not_in_nav pattern matches:
    `validation.nav.omitted_files: warn` fails the strict build on them. Generated pages
    count as not_in_nav once nav: is written out (inclusion.py)."""
    inclusion = book.config.inclusion
    pages = [(path, f"playbooks/{slug}.md") for path, slug in book.content.playbooks]
    pages += book.content.pages
    for page_path, uri in pages:
        if uri in named or inclusion.level(uri) is not Level.INCLUDED:
            continue
        report.add(page_path, f"mkdocs.yml's nav: leaves out this page ({uri}); with "
                   "validation.nav.omitted_files: warn the strict build fails on it",
                   hint=f"add '{uri}' to nav:, or match it in not_in_nav: in mkdocs.yml")


def _nav_paths(data: object) -> list[str]:
    """Every path or address in a `nav:` value, read as MkDocs reads it (titles are keys)."""
    if isinstance(data, dict):
        return [p for value in data.values() for p in _nav_paths(value)]
    if isinstance(data, list):
        return [p for item in data for p in _nav_paths(item)]
    return [data] if isinstance(data, str) else []


def _check_aliases(book: Handbook, report: Report) -> None:
    for ident, doc in book.snippets.items():
        for i, alias in enumerate(doc.model.aliases):
            if alias in book.snippets:
                report.add(doc.path, f"alias '{alias}' of snippet '{ident}' collides with the id "
                           f"of another snippet", line=doc.lines.line(("aliases", i)),
                           hint="an alias must be a retired id; remove it or rename the other")
            elif alias in book.aliases:
                report.add(doc.path, f"alias '{alias}' of snippet '{ident}' is already an alias "
                           f"of '{book.aliases[alias]}'", line=doc.lines.line(("aliases", i)),
                           hint="keep it on one snippet")
            else:
                book.aliases[alias] = ident


def _check_snippet(doc: SnippetDoc, report: Report) -> None:
    snippet, lines = doc.model, doc.lines
    for name in snippet.placeholders:
        if not PLACEHOLDER_NAME_RE.match(name):
            report.add(doc.path, f"snippet '{snippet.id}': placeholder name '{name}' is not "
                       "valid", line=lines.line(("placeholders", name)),
                       hint="use lowercase letters, digits and underscores, e.g. first_name")
    used: set[str] = set()
    if not snippet.variants:
        report.add(doc.path, f"snippet '{snippet.id}' has no variants",
                   line=lines.line(("variants",)), hint="add at least 'email: |' with the text")
    for channel, text in snippet.variants.items():
        if not text.strip():
            report.add(doc.path, f"snippet '{snippet.id}': variant '{channel}' is empty",
                       line=lines.line(("variants", channel)),
                       hint="write the reply text, or remove the variant")
            continue
        used |= _check_placeholder_uses(doc, channel, text, report)
        _check_variant_links(doc, channel, text, report)
        _check_leftovers(doc, channel, text, report)
        _check_variant_definitions(doc, channel, text, report)
        _check_helpdesk_text(doc, ("variants", channel), text, report, block=True)
    used |= set(PLACEHOLDER_USE_RE.findall(snippet.subject or ""))  # filled in by exports
    for name, placeholder in snippet.placeholders.items():
        if placeholder.fallback is None:  # required: nothing of ours goes out in its place
            continue
        _check_helpdesk_text(doc, ("placeholders", name, "fallback"), placeholder.fallback,
                             report)
        if _MARKUP_RE.search(placeholder.fallback):
            report.add(doc.path, f"snippet '{snippet.id}': the fallback of placeholder "
                       f"'{name}' holds a link, which the exports send as written",
                       line=lines.line(("placeholders", name, "fallback")),
                       hint="a fallback is a few plain words; put links in the reply's text")
    for channel, text in snippet.variants.items():
        _check_filled_in(doc, channel, text, report)
    check_helpdesk_fields(doc, report)
    for name in snippet.placeholders:
        if name not in used:
            report.add(doc.path, f"snippet '{snippet.id}': placeholder '{name}' is declared but "
                       "never used", line=lines.line(("placeholders", name)), severity="warning",
                       hint=f"use [[{name}]] in a variant, or remove it")


def _check_variant_links(doc: SnippetDoc, channel: str, text: str, report: Report) -> None:
    """Links only to http(s), mailto:, tel: or relative addresses, and no images: what the
    snippet renderer refuses (the same code decides, see render_snippet.variant_problems)."""
    for offset, problem, hint in variant_problems(text):
        line = _variant_line(doc, channel, text, offset)
        report.add(doc.path, f"snippet '{doc.model.id}': variant '{channel}' {problem}",
                   line=line, hint=hint)


def _variant_line(doc: SnippetDoc, channel: str, text: str, offset: int) -> int:
    """The file line of `offset` in a variant's text (a block scalar starts on the line
    after its key)."""
    return (doc.lines.line(("variants", channel)) + text.count("\n", 0, offset)
            + (1 if "\n" in text else 0))


def _check_variant_definitions(doc: SnippetDoc, channel: str, text: str,
                               report: Report) -> None:
    """A line of a reply that Markdown takes for a link definition is missing from the
    snippet page, snippets.json and the exports: the reply agents copy is not the one
    written. An error (a page only warns)."""
    for offset, message, hint in hidden_definitions(text):
        line = _variant_line(doc, channel, text, offset)
        report.add(doc.path, f"snippet '{doc.model.id}': variant '{channel}': {message}",
                   line=line, hint=hint)


def _check_leftovers(doc: SnippetDoc, channel: str, text: str, report: Report) -> None:
    """Gaps agents type over and other helpdesks' variables: warnings (reply_gaps.py)."""
    for item in leftovers(text):
        line = _variant_line(doc, channel, text, item.offset)
        report.add(doc.path, f"snippet '{doc.model.id}': variant '{channel}' {item.message}",
                   line=line, severity="warning", hint=item.hint)


# Template code of the helpdesks the exports go to: Zendesk's {{ticket.…}} and {% … %},
# Help Scout's {%customer.…%}. In a reply it would run there when the reply is sent (Zendesk
# would fill in every comment of the ticket, internal notes included); in a fallback it breaks
# out of the variable the export wraps it in.
_HELPDESK_CODE_RE = re.compile(r"\{\{|\}\}|\{%|%\}")
# A link, reference definition or autolink: what a fallback can't carry (the exports put the
# fallback into the helpdesk's own variable as it is, where a helpdesk that reads Markdown
# would make it a link nothing checked). HTML in it is text everywhere, as in a reply.
_MARKUP_RE = re.compile(r"\]\(|\]:|<[A-Za-z][A-Za-z0-9+.-]*:")
# A placeholder inside a link's address or title: it can't be filled in there.
_PLACEHOLDER_IN_TARGET_RE = re.compile(r"\]\([^)\n]*\[\[")


def _check_helpdesk_text(doc: SnippetDoc, key: tuple[str, ...], text: str, report: Report,
                         block: bool = False) -> None:
    """Text the exports send to a helpdesk: no template code of the helpdesk's own, and (in
    a variant) no placeholder inside a link address."""
    where = (f"snippet '{doc.model.id}': variant '{key[-1]}'" if block else
             f"snippet '{doc.model.id}': the fallback of placeholder '{key[1]}'")
    for regex, message, hint in (
        (_HELPDESK_CODE_RE, "holds helpdesk template code ('{found}'): the helpdesk would run "
         "it when the reply is sent", "write a placeholder, [[name]], declared with a label "
         "and a fallback: the exports map known ones to the helpdesk's own variables"),
        (_PLACEHOLDER_IN_TARGET_RE, "has a placeholder inside a link address, where it can't "
         "be filled in", "put the placeholder in the link's text, or write the address out"),
    ):
        if regex is _PLACEHOLDER_IN_TARGET_RE and not block:
            continue
        for match in regex.finditer(text):
            # Block scalars start on the line after the key.
            line = (doc.lines.line(key) + text.count("\n", 0, match.start())
                    + (1 if block and "\n" in text else 0))
            report.add(doc.path, f"{where} {message.format(found=match.group())}", line=line,
                       hint=hint)
            break  # one line per field and kind is enough to find and fix them all


# A placeholder against a brace or a percent sign: the helpdesk's variable or the fallback
# put there completes template code ({[[open]]ticket.x}} -> {{ticket.x}}).
_PLACEHOLDER_EDGE_RE = re.compile(r"[{}%]\[\[|\]\][{}%]")


def _check_filled_in(doc: SnippetDoc, channel: str, text: str, report: Report) -> None:
    """The reply as the exports send it, fallbacks filled in: still no helpdesk template
    code (each part alone passing is not enough: '{' and '}' fallbacks join up)."""
    placeholders = doc.model.placeholders
    if _HELPDESK_CODE_RE.search(text) or any(
            _HELPDESK_CODE_RE.search(p.fallback or "") for p in placeholders.values()):
        return  # reported already, part by part
    # As the exports send it: light Markdown taken out ({**{** ... becomes {{ ...).
    text = plain_text(text)
    filled = PLACEHOLDER_USE_RE.sub(
        lambda m: placeholders[m.group(1)].fallback or "" if m.group(1) in placeholders else "",
        text)
    where = f"snippet '{doc.model.id}': variant '{channel}'"
    edge = _PLACEHOLDER_EDGE_RE.search(text)
    found = _HELPDESK_CODE_RE.search(filled)
    if edge or found:
        offset = edge.start() if edge else 0
        line = _variant_line(doc, channel, text, offset)
        report.add(doc.path, f"{where} makes helpdesk template code once its placeholders are "
                   f"filled in ('{edge.group() if edge else found.group()}')", line=line,
                   hint="keep '{', '}' and '%' away from placeholders and out of fallbacks "
                   "that sit next to each other")


PLACEHOLDER_HINT = "write a placeholder as [[name]], with two brackets on each side"


def _check_placeholder_uses(doc: SnippetDoc, channel: str, text: str,
                            report: Report) -> set[str]:
    """Names used as [[name]] in one variant. Every "[[" or "]]" must belong to exactly one
    well-formed use of a declared placeholder: anything else would reach the helpdesk
    exports and the copied reply as literal brackets."""
    snippet, used = doc.model, set()
    for match in BRACKET_CLUMP_RE.finditer(text):
        clump = match.group()
        if "[[" not in clump and "]]" not in clump:
            continue  # single brackets: a Markdown link, or just text
        line = _variant_line(doc, channel, text, match.start())
        where = f"snippet '{snippet.id}': variant '{channel}'"
        name = clump.strip("[] \t")
        if not _one_placeholder(clump, name):
            message, hint = _malformed_placeholder(_with_word(text, match), clump, name)
            report.add(doc.path, f"{where}: {message}", line=line, hint=hint)
            continue
        used.add(name)
        if name not in snippet.placeholders:
            hint = did_you_mean(name, snippet.placeholders) or (
                "declare it under 'placeholders:' with a label and a fallback")
            report.add(doc.path, f"{where} uses placeholder '[[{name}]]', which is not "
                       "declared", line=line, hint=hint)
    return used


def _one_placeholder(clump: str, name: str) -> bool:
    """Exactly "[[", a name, "]]": no third bracket on either side, nothing missing."""
    return (len(clump) > 4 and clump.startswith("[[") and clump.endswith("]]")
            and clump[2] != "[" and clump[-3] != "]" and bool(name))


_WORD_AFTER_RE = re.compile(r"[^\s\[\]]{0,30}")
_WORD_BEFORE_RE = re.compile(r"[^\s\[\]]{0,30}$")


def _with_word(text: str, match: re.Match[str]) -> str:
    """The clump, with the word after a lone "[[" or before a lone "]]", for the message."""
    clump = match.group()
    if "]" not in clump:
        return clump + _WORD_AFTER_RE.match(text, match.end()).group()
    if "[" not in clump:
        before = _WORD_BEFORE_RE.search(text[max(0, match.start() - 30):match.start()])
        return (before.group() if before else "") + clump
    return clump


def _malformed_placeholder(shown: str, clump: str, name: str) -> tuple[str, str]:
    """(message, hint) for brackets that are not one placeholder."""
    shown = shown if len(shown) <= 40 else shown[:37] + "..."
    if "]" not in clump:
        return (f"'{shown}' opens a placeholder that is never closed",
                f"close it on the same line: {PLACEHOLDER_HINT}")
    if "[" not in clump:
        return (f"'{shown}' closes a placeholder that was never opened",
                f"open it on the same line: {PLACEHOLDER_HINT}")
    if not name:
        return f"'{shown}' is not a placeholder: it has no name", PLACEHOLDER_HINT
    fix = f"[[{name}]]" if PLACEHOLDER_NAME_RE.match(name) else "[[name]]"
    return (f"'{shown}' is not a placeholder",
            f"write it as {fix}, with exactly two brackets on each side")


def _check_html(page: Page, config: SiteConfig, report: Report) -> None:
    """Raw HTML, link and image targets and attribute lists (html_policy.py has the policy),
    read from the Markdown, and for a page that could hold any, also from the HTML the build
    will make of it (rendered_check.py): what the build's sanitizer would remove."""
    blanked = _calls_blanked(page)
    problems = page_problems(blanked, page.body_line, code_spans(page.body) if (
        blanked is page.body or _blanking_keeps_code(page)) else None)
    for line, col, message, hint in problems:
        report.add(page.path, message, line=line, col=col, hint=hint)
    # With problems found, the rendered reading would say the same things again, except for
    # `{…}` text attr_list reads and tags left open or closing nothing, which only the
    # rendering finds: those are reported too, so one run shows every kind.
    if not could_break_policy(page.body):
        return
    try:
        rendered = rendered_problems(page.body, config.markdown)
    except MarkdownSettingsError:
        return  # mkdocs.yml's own error, reported against it (cli: MkDocs' validation)
    except Exception as exc:  # an extension's own error: the build would stop on it too
        report.add(page.path, f"the page cannot be rendered to check its HTML "
                   f"({type(exc).__name__}: {' '.join(str(exc).split())[:200]})",
                   hint="check the Markdown extensions in mkdocs.yml, and this page's syntax")
        return
    seen: set[tuple[int, str]] = set()
    for found in rendered:
        if (found.offset, found.message) in seen or (
                problems and not found.vanishes and not found.unbalanced):
            continue
        seen.add((found.offset, found.message))
        line = page.body.count("\n", 0, found.offset) + page.body_line
        col = found.offset - (page.body.rfind("\n", 0, found.offset) + 1) + 1
        report.add(page.path, found.message, line=line, col=col, hint=found.hint)


def _calls_blanked(page: Page) -> str:
    """The body with each macro call's text replaced by as many letters (its newlines kept):
    the build has run the calls before Markdown and the sanitizer see the page, so the quotes
    in `<a href="{{ cadence("update") }}">` must not read as the end of the attribute. Where
    a call may stand is _check_calls' question."""
    if not page.calls:
        return page.body
    body, out, pos = page.body, [], 0
    for call in page.calls:
        out.append(body[pos:call.start])
        text = body[call.start:call.end]
        out.append(re.sub(r"[^\n]", "x", text) if "\n" in text else "x" * len(text))
        pos = call.end
    out.append(body[pos:])
    return "".join(out)


# What a call's text would need to hold for blanking it to change where code is: a backtick,
# a tilde, a backslash, or a line break (code_spans reads only these and the line structure).
_CODE_SYNTAX_RE = re.compile(r"[`~\\\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")


def _blanking_keeps_code(page: Page) -> bool:
    """Whether the page with its calls blanked (_calls_blanked) has its code where the page
    has it, so that code_spans of the page, worked out already, serves for both."""
    return not any(_CODE_SYNTAX_RE.search(page.body, call.start, call.end)
                   for call in page.calls)


def _calls_in_tags(page: Page) -> set[int]:
    """Offsets of the page's block macro calls that stand inside one of its HTML tags."""
    starts = [c.start for c in page.calls if c.name in BLOCK_MACROS]
    if not starts or "<" not in page.body[: starts[-1]]:
        return set()
    return inside_tags(page.body, starts, skip=NotProse(page.body).holds)


def _site_files(book: Handbook) -> set[str]:
    """Source paths of every page and file the site will have, as MkDocs names them (from
    the listing: a page whose front matter has an error is still a page of the site)."""
    files = {f"playbooks/{slug}.md" for _path, slug in book.content.playbooks}
    docs = str(book.config.docs_dir) + os.sep
    files |= {str(p)[len(docs):].replace(os.sep, "/") for p in book.content.docs
              if str(p).startswith(docs)}
    files |= {uri for _path, uri in book.content.assets}
    return files | set(generated_pages(book)) | book.content.unbuilt.keys()


def generated_pages(book: Handbook) -> list[str]:
    """Source paths of the pages the build generates: one per snippet and tree, and the
    indexes and review page."""
    return [*(f"{kind}/{ident}.md" for kind, items in (("snippets", book.snippets),
                                                      ("trees", book.trees)) for ident in items),
            *GENERATED_PAGES]


def _generated_unbuilt(book: Handbook, report: Report) -> None:
    """Generated pages mkdocs.yml's exclude_docs or draft_docs match: the library, every
    page that shows the reply or tree and the exports link to them, so those links would be
    dead. Adds them to book.content.unbuilt and reports one error, at the setting."""
    inclusion = book.config.inclusion
    left_out = {uri: level for uri in generated_pages(book)
                if not (level := inclusion.level(uri)).built(inclusion.serve)}
    if not left_out:
        return
    book.content.unbuilt.update(left_out)
    path = config_path(book.config.root)
    names = sorted(left_out)
    shown = ", ".join(names[:5]) + (f" and {len(names) - 5} more" if len(names) > 5 else "")
    key = "draft_docs" if Level.DRAFT in left_out.values() else "exclude_docs"
    where, line = setting_place(path, key) if path else (book.config.root / "mkdocs.yml", 1)
    report.add(where, f"{key} leaves out pages the handbook generates ({shown}); the library, "
               "the pages that use them, Copy link and the exports link to them", line=line,
               hint="narrow the pattern to the files you mean to leave out")


def _source_patterns(book: Handbook, site_files: set[str], report: Report) -> None:
    """exclude_docs or draft_docs patterns that name only snippet or tree sources (such as
    `playbooks/snippets/` or `*.yml`): MkDocs never sees those files, so nothing is left out
    and the pages stay published. One warning per pattern, at its line."""
    root = book.config.root
    sources = [p.relative_to(root).as_posix() for p in [*book.content.snippets,
                                                         *book.content.trees]
               if p.is_relative_to(root)]
    found = book.config.inclusion.source_only_patterns(sources, site_files)
    path = config_path(root)
    for key, pattern in found:
        where, line = setting_place(path, key) if path else (root / "mkdocs.yml", 1)
        lines = where.read_text(encoding="utf-8", errors="replace").splitlines() \
            if where.is_file() else []
        line = next((n for n in range(line, len(lines) + 1)
                     if lines[n - 1].strip() == pattern), line)
        report.add(where, f"{key} pattern '{pattern}' matches only snippet or tree sources, "
                   "which MkDocs never reads: it leaves nothing out, and their pages stay "
                   "published", line=line, severity="warning",
                   hint="remove the pattern; to retire a snippet or tree, delete its file: a "
                   "page the build generates can't be left out, the library links to it")


def _check_links(page: Page, site_files: set[str], book: Handbook, report: Report) -> None:
    """Relative links and images to files the site does not have: MkDocs' strict mode fails
    the build on them (links.py has its rule); to files it leaves out: dead links."""
    for broken in broken_links(page.body, page.src_uri, site_files, book.config.link_levels,
                               book.content.unbuilt):
        line = page.body.count("\n", 0, broken.offset) + page.body_line
        col = broken.offset - (page.body.rfind("\n", 0, broken.offset) + 1) + 1
        report.add(page.path, broken.message, line=line, col=col, hint=broken.hint,
                   severity=broken.severity)


# Python-Markdown reads each nesting level of a list or quote with a recursive call (1,500
# levels in a 3 KB page ended the build in a RecursionError) and pairs link brackets in time
# that grows with their square (25,000 '[' in a paragraph ran for hours).
MAX_NESTING = 60
MAX_BRACKETS = 500
# A line opening more than MAX_NESTING lists or quotes at once, or indented that deep.
_NESTING_RE = re.compile(
    rf"^(?:[ \t]*(?:(?:[-*+]|\d{{1,9}}[.)])[ \t]+|>[ \t]*)){{{MAX_NESTING + 1}}}"
    rf"|^(?: {{4}}|\t){{{MAX_NESTING + 1}}}", re.MULTILINE)


_DEEP_RUNS = ("- - - - - -", "* * * * * *", "+ + + + + +", " " * 60, "1. 1. 1. 1.",
              "1) 1) 1) 1)")
_DEEP_QUOTES = ("> > > > > >", ">>>>>>")  # looked for only on a page holding a '>'


def _check_markdown_cost(page: Page, report: Report) -> None:
    """Text that would make Python-Markdown recurse too deep or run for hours."""
    body = page.body
    # Such a line runs markers or indentation together: looked for at C speed first.
    deep = "\t" in body or any(run in body for run in _DEEP_RUNS) or (
        ">" in body and any(run in body for run in _DEEP_QUOTES))  # one '>' found at C speed
    # Markdown expands tabs to four columns before it counts indentation.
    match = _NESTING_RE.search(body.expandtabs(4) if "\t" in body else body) if deep else None
    if match:
        line = body.count("\n", 0, match.start()) + page.body_line
        report.add(page.path, f"lists or quotes nested more than {MAX_NESTING} levels deep",
                   line=line, hint="nest less: Markdown would give up on this page")
    if body.count("[") > MAX_BRACKETS:
        for paragraph in re.finditer(r"(?:[^\n]|\n(?![ \t]*\n))+", body):
            if paragraph.group().count("[") > MAX_BRACKETS:
                start = paragraph.start() + len(paragraph.group()) - len(
                    paragraph.group().lstrip("\n"))
                line = body.count("\n", 0, start) + page.body_line
                report.add(page.path, f"more than {MAX_BRACKETS} '[' in one paragraph",
                           line=line, hint="split the paragraph, or write &#91; for a '[' "
                           "that is text: Markdown would take hours over it")
                break


def _check_hidden_definitions(page: Page, report: Report) -> None:
    """Lines Markdown takes for link definitions and leaves off the page: a warning."""
    for offset, message, hint in hidden_definitions(page.body):
        line = page.body.count("\n", 0, offset) + page.body_line
        col = offset - (page.body.rfind("\n", 0, offset) + 1) + 1
        report.add(page.path, message, line=line, col=col, hint=hint, severity="warning")


def _check_foreign_syntax(page: Page, report: Report) -> None:
    """Other tools' syntax, shown as plain text: a warning naming Material's equivalent."""
    for found in foreign_syntax.find(page.body):
        line = page.body.count("\n", 0, found.offset) + page.body_line
        col = found.offset - (page.body.rfind("\n", 0, found.offset) + 1) + 1
        report.add(page.path, found.message, line=line, col=col, hint=found.hint,
                   severity="warning")


# Block macros on one page: the real ones show a handful; thousands of calls in a small
# file would multiply into a page of hundreds of megabytes.
MAX_BLOCKS_PER_PAGE = 60


def _check_calls(page: Page, book: Handbook, report: Report) -> None:
    blocks = [c for c in page.calls if c.name in BLOCK_MACROS]
    if len(blocks) > MAX_BLOCKS_PER_PAGE:
        extra = blocks[MAX_BLOCKS_PER_PAGE]
        report.add(page.path, f"{len(blocks)} snippet, tree and index blocks on one page; at "
                   f"most {MAX_BLOCKS_PER_PAGE}", line=extra.line, col=extra.col,
                   hint="split the page, or link to the snippet and tree pages instead")
    in_tags = _calls_in_tags(page)
    for call in page.calls:
        problem = ((call.error, call.hint) if call.error else
                   signature_problem(call) or placement_problem(call, page.body)
                   or address_problem(call, page.body))
        if problem is None and call.start in in_tags:
            problem = (f"{call.name}() stands inside an HTML tag, where its block would "
                       "become part of the tag", "move the call out of the tag, onto a line "
                       "of its own")
        if problem:
            report.add(page.path, problem[0], line=call.line, col=call.col, hint=problem[1])
        else:
            _check_call_target(page, call, book, report)


def _check_theme_fields(page: Page, config: SiteConfig, report: Report) -> None:
    """Front matter the theme turns into a file name or a CSS class must name one it has:
    a missing icon or template fails the build halfway through writing the site."""
    meta = page.meta
    assert meta is not None
    if config.theme_dirs and meta.icon and not _theme_file(config, f".icons/{meta.icon}.svg"):
        folder = meta.icon.rpartition("/")[0]
        names = [p.stem for d in config.theme_dirs for p in (d / ".icons" / folder).glob("*.svg")]
        hint = did_you_mean(meta.icon.rpartition("/")[2], names).replace("'", f"'{folder}/", 1)
        report.add(page.path, f"field 'icon': the theme has no icon '{meta.icon}'",
                   line=page.lines.line(("icon",)),
                   hint=hint or "pick one from Material's icon search, e.g. material/pencil")
    if meta.template and meta.template not in config.page_templates():
        known = " or ".join(sorted(config.page_templates()))
        report.add(page.path, f"field 'template': '{meta.template}' is not a page template "
                   "of this site", line=page.lines.line(("template",)),
                   hint=f"use {known}, or add the template to the theme's custom_dir")
    if meta.status and meta.status not in config.statuses:
        report.add(page.path, f"field 'status': '{meta.status}' is not a status the theme knows",
                   line=page.lines.line(("status",)),
                   hint=f"use {' or '.join(sorted(config.statuses))}, or name it under "
                   "extra.status in mkdocs.yml")


def _theme_file(config: SiteConfig, rel: str) -> bool:
    return any((folder / rel).is_file() for folder in config.theme_dirs)


def _check_call_target(page: Page, call, book: Handbook, report: Report) -> None:
    arg = str(call.args[0]) if call.args else ""
    known: dict[str, object] = {}
    what = ""
    if call.name == "snippet":
        known, what = book.snippets, "snippet"
    elif call.name == "decision_tree":
        known, what = book.trees, "decision tree"
    elif call.name == "cadence":
        known, what = book.config.cadence, "cadence"
    if what and arg not in known and not (what == "snippet" and arg in book.aliases):
        if what == "snippet":  # a retired id (an alias) is known too
            known = {**book.snippets, **book.aliases}
        hint = did_you_mean(arg, known) or _known(known)
        report.add(page.path, f"unknown {what} '{arg}' in {call.name}()", line=call.line,
                   col=call.col, hint=hint)
    elif call.name == "snippet" and arg in book.aliases:
        report.add(page.path, f"snippet '{arg}' was renamed to '{book.aliases[arg]}'",
                   line=call.line, col=call.col, severity="warning",
                   hint=f'write {{{{ snippet("{book.aliases[arg]}") }}}}')


def _known(names: dict[str, object], shown: int = 6) -> str:
    """A short list of the valid ids for a hint; a long one would bury the error line."""
    ids = sorted(names)
    if not ids:
        return "known: none yet"
    more = f" and {len(ids) - shown} more" if len(ids) > shown else ""
    return f"known: {', '.join(ids[:shown])}{more}"


def _check_cadence(book: Handbook, report: Report) -> None:
    """A cadence the checklist's incident mode counts down from must name a duration."""
    path = config_path(book.config.root)
    if path is None:
        return
    path, line = setting_place(path, "extra")
    for name, value in timed_cadence(book.config.cadence).items():
        if value is None and name in book.config.cadence:
            report.add(path, f"extra.outage_cadence.{name}: '{book.config.cadence[name]}' "
                       "names no duration, so the outage checklist can't count down to it",
                       line=line, severity="warning",
                       hint="write it with a number of minutes or hours, e.g. "
                       "'every 20 minutes' or '2 hours'")


def _check_freshness(book: Handbook, report: Report) -> None:
    items = [(p.path, p.meta, p.lines) for p in book.playbooks.values() if p.meta]
    items += [(s.path, s.model, s.lines) for s in book.snippets.values()]
    items += [(t.path, t.model, t.lines) for t in book.trees.values()]
    for path, item, lines in items:
        review = book.review(item)
        if in_the_future(review.reviewed, book.today):
            # The review would not come due for years: a typo, or a way to silence it.
            report.add(path, future_message(review.reviewed), line=lines.line(("reviewed",)),
                       hint=FUTURE_HINT)
        elif review.overdue:
            report.add(path, f"review overdue since {review.due.isoformat()} "
                       f"({-review.days_left} days; owner {review.owner})",
                       line=lines.line(("reviewed",)), severity="warning",
                       hint="review the content, then set 'reviewed' to today's date")
