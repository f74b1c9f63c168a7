"""Search (Pagefind in Material's search box): what each page gives the index, the settings the
browser reads, the checks on synonyms and keywords, and what the real build writes."""

from __future__ import annotations

import gzip
import html as _html
import json
import re
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from mkdocs.config.base import ValidationError
from sitebuild import TODAY, Build, build, copy_project

from handbook.adapter.search import RequestUrl, SiteSearch, Synonyms
from handbook.cli import main
from handbook.core.request_link import page_problem, page_url
from handbook.render import search_index as si

SNIPPET_BLOCK = ('<div class="hb-snippet" data-snippet="refund-ok" data-placeholders="{}">\n'
                 '<h1 class="hb-snippet__title" id="snippet-refund-ok">Refund ok</h1>\n'
                 '<p>Hi <var data-ph="first_name">First name</var>, done.</p></div>')
ARTICLE = ('<article class="md-content__inner md-typeset"><h1 id="refunds">Refunds</h1>'
           f'<p>Intro.</p>{SNIPPET_BLOCK}<div class="hb-tree" data-tree="t"><h3 id="t--a">'
           'Step</h3></div></article>')


def test_an_embedded_reply_or_tree_is_indexed_on_its_own_page_only() -> None:
    playbook = si.record_html(si.Record("playbooks/refunds/", "playbook", ARTICLE))
    assert '<div data-pagefind-ignore="all" class="hb-snippet" data-snippet="refund-ok"' \
        in playbook
    assert '<div data-pagefind-ignore="all" class="hb-tree" data-tree="t">' in playbook
    reply = si.record_html(si.Record("snippets/refund-ok/", "reply", ARTICLE,
                                     own_block='data-snippet="refund-ok"'))
    assert '<div class="hb-snippet" data-snippet="refund-ok"' in reply
    assert '<div data-pagefind-ignore="all" class="hb-tree"' in reply
    assert '<span data-pagefind-meta="kind:reply"></span>' in reply
    assert '<span data-pagefind-meta="kind:playbook"></span>' in playbook


@pytest.mark.parametrize("classes", ["hb-snippet", "hb-snippet hb-snippet--collapsible",
                                     "hb-snippet hb-snippet--repeat",
                                     "hb-snippet--repeat hb-snippet x", "hb-tree wide"])
def test_an_embedded_block_is_ignored_whatever_its_other_classes(classes: str) -> None:
    article = f'<article><h1 id="p">P</h1><div class="{classes}" data-snippet="a"><p>x</p></div>' \
              '<div class="hb-snippet-like"><p>kept</p></div></article>'
    html = si.record_html(si.Record("playbooks/p/", "playbook", article))
    assert f'<div data-pagefind-ignore="all" class="{classes}" data-snippet="a">' in html
    assert '<div class="hb-snippet-like">' in html
    # On the reply's own page only its own block is indexed; another reply shown there is not.
    own = si.record_html(si.Record("snippets/a/", "reply", article + article.replace(
        'data-snippet="a"', 'data-snippet="b"'), own_block='data-snippet="a"'))
    assert f'<div class="{classes}" data-snippet="a">' in own
    assert f'<div data-pagefind-ignore="all" class="{classes}" data-snippet="b">' in own


def test_placeholders_read_as_brackets_and_keywords_are_hidden_before_the_title() -> None:
    html = si.record_html(si.Record("snippets/refund-ok/", "reply", ARTICLE, "de",
                                    ["chargeback <b>", " ", "bank dispute"], "hb-snippet"))
    assert '<var data-ph="first_name">[First name]</var>' in html
    # Before the title, weighted, and counted in words (the browser builds excerpts from the
    # words after them, so keywords are found but never shown).
    hidden = '<p data-pagefind-weight="3">chargeback &lt;b&gt; · bank dispute</p>'
    assert f'{hidden}<article' in html
    assert '<span data-pagefind-meta="hidden:5"></span>' in html
    assert '<html lang="de">' in html
    plain = si.record_html(si.Record("playbooks/p/", "playbook", ARTICLE))
    assert '<span data-pagefind-meta="hidden:0"></span>' in plain
    assert "data-pagefind-weight" not in plain


def test_letters_that_do_not_decompose_are_also_indexed_as_agents_type_them() -> None:
    article = ("<article><h1>Offices</h1><p>Łódź, København, Straße, Ørsted, İstanbul, "
               "Æbleskiver, œuvre, Đorđe, Zürich &amp; Łódź</p></article>")
    html = si.record_html(si.Record("playbooks/p/", "playbook", article))
    assert ('<p data-pagefind-weight="3">lodz · kobenhavn · strasse · orsted · istanbul · '
            "aebleskiver · oeuvre · dorde</p>") in html
    assert "Łódź, København" in html  # the text itself is kept as written
    assert si.fold("İSTANBUL Straße") == "istanbul strasse"


def test_japanese_runs_are_split_after_sentence_marks_and_where_used_is_left_out() -> None:
    article = ("<article><h1>Reply</h1><p>お客様が依頼した場合、本人確認を行ってください。"
               "東京です。</p>"
               '<h2 id="where-it-is-used">Where it is used</h2><ul><li>zebraword</li></ul>'
               "</article>")
    reply = si.record_html(si.Record("snippets/r/", "reply", article))
    assert "場合、 本人確認を行ってください。 東京です。</p>" in reply
    assert "zebraword" not in reply and reply.endswith("</article></main></body></html>")
    page = si.record_html(si.Record("playbooks/r/", "playbook", article))
    assert "zebraword" in page


def test_article_and_urgent_links_are_read_from_the_built_page() -> None:
    page = ('<header>x</header><article><h1>Home</h1><h2 id="when-you-need-it-now">When you '
            'need it now</h2><ul><li><strong>Angry</strong>: walk the <a href="trees/upset/" '
            'onclick="x()">tree</a><script>alert(1)</script></li></ul><h2 id="next">Next</h2>'
            '<p>later</p></article><footer>f</footer>')
    assert si.article_of(page).startswith("<article><h1>Home")
    assert si.article_of("<p>no article</p>") is None
    links = si.section_links(page, "when-you-need-it-now")
    assert links == ('<ul><li><strong>Angry</strong>: walk the <a href="trees/upset/">tree</a>'
                     "</li></ul>")
    assert si.section_links(page, "missing") == ""


@pytest.mark.parametrize(("edit_uri", "expected"), [
    ("https://github.com/acme/handbook/edit/main/docs/",
     "https://github.com/acme/handbook/issues/new?template=request-a-playbook.md"),
    ("https://gitlab.com/acme/handbook/-/edit/main/docs/",
     "https://gitlab.com/acme/handbook/-/issues/new?issuable_template=request-a-playbook"),
    ("https://git.example.com/acme/handbook/edit/", ""),
    ("", ""),
    ("https://[bad/acme/handbook/edit/", ""),  # no URL: no link, and no traceback
    ("https://github.com:99999/acme/handbook/edit/", ""),
])
def test_request_a_playbook_link_follows_the_edit_link(edit_uri: str, expected: str) -> None:
    assert si.request_url(edit_uri) == expected


def test_the_issue_template_the_panel_links_to_exists() -> None:
    template = Path(__file__).parent.parent / ".github/ISSUE_TEMPLATE/request-a-playbook.md"
    assert template.read_text(encoding="utf-8").startswith("---\nname: Request a playbook\n")


def test_synonyms_are_checked_with_a_message_naming_the_entry() -> None:
    option = Synonyms()
    assert option.run_validation({"manager": ["escalation"], "vip": "premium"}) == {
        "manager": ["escalation"], "vip": ["premium"]}
    assert option.run_validation(None) == {}
    for bad, message in [
        (["manager"], "must be a mapping"),
        ({"manager": []}, "'manager' needs a list of words"),
        ({"manager": ["", "x"]}, "'manager' needs a list of words"),
        ({"manager": [3]}, "'manager' needs a list of words"),
        ({"Manager": ["manager"]}, "'Manager' lists itself"),
        ({" ": ["x"]}, "is not a word or phrase"),
        ({"!!!": ["!!!"]}, "'!!!' is not a word or phrase"),
        ({"refund": ["!!!"]}, "'refund' needs a list of words"),
        ({"manager": ["escalation"], "Manager ": ["boss"]}, "'Manager ' and 'manager' are "
                                                            "the same entry"),
        ({"threatens  to cancel": ["x"], "threatens to cancel": ["y"]}, "the same entry"),
        ({"refund": [f"w{i}" for i in range(11)]}, "lists 11 words; at most 10"),
        ({"x" * 81: ["y"]}, "at most 80 characters"),
        ({f"k{i}": ["w"] for i in range(501)}, "501 entries; at most 500"),
    ]:
        with pytest.raises(ValidationError, match=re.escape(message)):
            option.run_validation(bad)


@pytest.mark.parametrize("value", ["https://tracker.example.com/new?x=1",
                                   "http://intranet/requests", "request/", "help/request.html",
                                   "", None])
def test_a_request_url_is_a_full_http_url_or_a_path_in_the_site(value: str | None) -> None:
    assert RequestUrl().run_validation(value) == (value or "")


@pytest.mark.parametrize("value", ["javascript:alert(document.domain)", "not a url",
                                   "/issues/new", "//evil.example.com/x", "data:text/html,x",
                                   "mailto:a@b.c", "https://", 42,
                                   # what the browser's new URL() rejects (rt16c item 5)
                                   "https://[bad", "https://e.example:99999/",
                                   "https://exa mple.com/", "http://a b/",
                                   "https://[::1/"])
def test_any_other_request_url_is_an_error_naming_the_setting(value: object) -> None:
    with pytest.raises(ValidationError, match=r"^request_playbook_url") as error:
        RequestUrl().run_validation(value)
    assert "\n" not in str(error.value) and "IPv6" not in str(error.value)


def test_a_request_path_must_be_a_page_of_the_site() -> None:
    pages = {"./", "request/", "playbooks/refunds/", "help/ask.html"}
    for value in ("request/", "request", "help/ask.html", "request/?x=1", "."):
        assert page_problem(value, pages) == "", value
    assert page_problem("https://x.example.com/new", pages) == ""
    for value in ("requests/", "..", "../request/", "help/"):
        problem = page_problem(value, pages)
        assert f"'{value}' is not a page of the site" in problem
        # the message does not offer the refused value (or any path) as the fix
        assert problem.count(value) == 1 and "e.g." not in problem, problem


def test_a_page_address_is_the_one_mkdocs_gives() -> None:
    assert page_url("index.html", True) == "./"
    assert page_url("request/index.html", True) == "request/"
    assert page_url("request.html", False) == "request.html"
    assert page_url("index.html", False) == "index.html"


def _check(project: Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["check", str(project)], env={"HANDBOOK_TODAY": TODAY})
    return result.exit_code, result.output


def test_check_reports_bad_synonyms_and_keywords_with_file_and_line(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p")
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("        manager: [escalation, escalate]\n",
                            "        manager: []\n", 1)
    # The same key written twice: YAML keeps the last one silently (rt16e item 4).
    config = config.replace("        angry: [upset]\n",
                            "        angry: [upset]\n        chargeback: [boss]\n", 1)
    repeat = config[:config.index("chargeback: [boss]")].count("\n") + 1
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    (project / "playbooks/keyworded.md").write_text(
        "---\ntitle: Keyworded\nsummary: s\nowner: \"@acme/qa\"\nreviewed: 2026-11-01\n"
        "review_every: 90d\nkeywords: chargeback\n---\n\n# Keyworded\n\nText.\n",
        encoding="utf-8")
    (project / "playbooks/bangs.md").write_text(  # no search finds "!!!" (rt16d item 6)
        "---\ntitle: Bangs\nsummary: s\nowner: \"@acme/qa\"\nreviewed: 2026-11-01\n"
        "review_every: 90d\nkeywords: [refundkw, \"!!!\"]\n---\n\n# Bangs\n\nText.\n",
        encoding="utf-8")
    code, output = _check(project)
    assert code != 0
    assert re.search(r"mkdocs\.yml:\d+:\d+: error: .*'manager' needs a list of words", output), \
        output
    # every synonym problem in one run
    assert f"'chargeback' is written twice (line {repeat} repeats it" in output, output
    assert re.search(r"playbooks/keyworded\.md:7:\d+: error: .*keywords", output), output
    assert re.search(r"playbooks/bangs\.md:7:\d+: error: .*'!!!' has no letter or digit",
                     output), output
    assert "Traceback" not in output


def _with_request_url(project: Path, value: str) -> int:
    """Sets the handbook plugin's request_playbook_url in `project`; returns its line."""
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("      playbooks_dir: playbooks\n", "      playbooks_dir: playbooks\n"
                            f"      request_playbook_url: '{value}'\n", 1)
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    return config[:config.index("request_playbook_url")].count("\n") + 1


def test_check_reports_a_request_url_that_is_no_http_url(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p")
    _with_request_url(project, "javascript:alert(1)")
    code, output = _check(project)
    assert code != 0
    assert re.search(r"mkdocs\.yml:\d+:\d+: error: .*request_playbook_url "
                     r"'javascript:alert\(1\)' is neither a full http\(s\) URL", output), output


@pytest.mark.parametrize(("value", "fine"), [("request/", False), ("..", False),
                                             ("snippets/", True),
                                             ("playbooks/cancellations/", True)])
def test_check_and_the_strict_build_agree_on_a_request_path(tmp_path: Path, value: str,
                                                            fine: bool) -> None:
    project = copy_project(tmp_path / "p")
    line = _with_request_url(project, value)
    code, output = _check(project)
    assert (code == 0) == fine, output
    if not fine:
        assert f"mkdocs.yml:{line}:1: error: request_playbook_url '{value}' is not a page" \
            in output, output
    if value == "request/":  # the strict build stops on it with the same words
        built = build(project)
        assert built.returncode != 0
        assert "request_playbook_url 'request/' is not a page of the site" in built.output


def test_a_url_browsers_reject_is_one_line_at_the_setting(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p")
    line = _with_request_url(project, 'https://[bad')
    code, output = _check(project)
    assert code != 0
    assert re.search(rf"mkdocs\.yml:{line}:1: error: .*request_playbook_url 'https://\[bad' is "
                     "not a URL browsers accept", output), output
    assert "IPv6" not in output and "Traceback" not in output


def test_keywords_are_accepted_on_playbooks_snippets_and_trees(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p")
    for rel in ("playbooks/six-support-rules.md", "playbooks/snippets/heard-hear.yml",
                "playbooks/trees/upset-customer.yml"):
        path = project / rel
        text = re.sub(r"(?m)^keywords:.*\n", "", path.read_text(encoding="utf-8"))
        path.write_text(text.replace("\nowner:", "\nkeywords: [quokka, wallaby]\nowner:", 1),
                        encoding="utf-8")
    code, output = _check(project)
    assert code == 0, output


# -- the real build --------------------------------------------------------------------------

def test_the_build_writes_a_pagefind_index_and_no_lunr_documents(real_site: Build) -> None:
    entry = json.loads(real_site.html("pagefind/pagefind-entry.json"))
    indexed = sum(lang["page_count"] for lang in entry["languages"].values())
    pages = [p for p in real_site.site.rglob("index.html")  # not redirects: no article
             if p.parent.name != "tags" and "md-content__inner" in p.read_text("utf-8")]
    steps = sum(len(re.findall(r'class="hb-tree__title" id="', p.read_text("utf-8")))
                for p in real_site.site.glob("trees/*/index.html"))
    # Every page but the tag list and the generated snippet and tree lists, and every step of
    # every tree (a record of its own).
    assert steps > 20
    assert indexed == len(pages) - 2 + steps, (indexed, len(pages), steps)
    assert list((real_site.site / "pagefind" / "index").iterdir())
    assert not (real_site.site / "pagefind" / "pagefind-ui.js").exists()
    lunr = json.loads(real_site.html("search/search_index.json"))
    assert lunr["docs"] == [] and lunr["config"]["lang"] == ["en"]
    assert "search: Pagefind indexed" in real_site.output


def test_every_page_names_the_handbook_search_worker(real_site: Build) -> None:
    for rel, worker in [("index.html", "assets/search-worker.js"),
                        ("playbooks/six-support-rules/index.html",
                         "../../assets/search-worker.js")]:
        config = re.search(r'<script id="__config" type="application/json">(.*?)</script>',
                           real_site.html(rel), re.S)
        assert config, rel
        assert json.loads(config.group(1))["search"] == worker
    assert (real_site.site / "assets/search-worker.js").is_file()


def test_the_browser_settings_carry_synonyms_urgent_links_and_the_request_link(
        real_site: Build) -> None:
    settings = json.loads(real_site.html("search/handbook.json"))
    assert settings["synonyms"]["manager"] == ["escalation", "escalate"]
    assert settings["synonyms"]["chargeback"] == ["dispute"]
    assert 'href="trees/upset-customer/"' in settings["now_html"]
    assert "<script" not in settings["now_html"]
    assert settings["request_url"] == ("https://github.com/your-org/support-handbook/issues/"
                                       "new?template=request-a-playbook.md")


def fragments(site: Path) -> dict[str, dict]:
    """Pagefind's record of each indexed page by URL: its text, title, kind and anchors (the
    fragment files are gzip'd JSON after a `pagefind_dcd` signature)."""
    out = {}
    for path in (site / "pagefind" / "fragment").iterdir():
        raw = gzip.decompress(path.read_bytes())
        data = json.loads(raw[raw.index(b"{"):])
        out[data["url"].lstrip("/")] = data
    return out


def test_every_tree_step_is_a_result_with_its_own_anchor(real_site: Build) -> None:
    """Each step of each tree is a record of its own: kind "step", titled by the step, at the
    tree page's address with the step's anchor; the tree page holds none of the steps."""
    pages = fragments(real_site.site)
    index = real_site.html("trees/index.html")
    steps = [page for page in pages.values() if page["meta"]["kind"] == "step"]
    for tree in ("upset-customer", "we-made-a-mistake", "outage-report"):
        assert f'href="{tree}/"' in index
        html = real_site.html(f"trees/{tree}/index.html")
        titles = dict(re.findall(rf'class="hb-tree__title" id="({tree}--[a-z0-9-]+)"[^>]*>([^<]*)',
                                 html))
        assert len(titles) >= 5
        mine = {page["meta"]["url"].split("#")[1]: page for page in steps
                if page["meta"]["url"].startswith(f"/trees/{tree}/#")}
        assert set(mine) == set(titles), (tree, set(mine) ^ set(titles))
        heading = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S).group(1)
        heading = heading.split('<a class="headerlink"')[0]
        name = " ".join(_html.unescape(re.sub(r"<[^>]*>", "", heading)).split())
        for anchor, page in mine.items():
            assert page["meta"]["title"] == _html.unescape(titles[anchor])
            assert page["meta"]["tree"] == name  # the result names its tree (rt16c item 2)
            assert page["content"].startswith(page["meta"]["title"])
        tree_page = pages[f"trees/{tree}/"]
        assert tree_page["meta"]["kind"] == "tree"
        assert not any("--" in a["id"] for a in tree_page["anchors"])
        assert not any(_html.unescape(t) in tree_page["content"] for t in titles.values()
                       if len(t) > 30)
    # A tree shown on a playbook is indexed on its own page only.
    assert not any("--" in a["id"] for a in pages["playbooks/heard-service-recovery/"]["anchors"])


def test_a_tree_page_leaves_its_steps_to_records_of_their_own() -> None:
    tree = ('<article><h1 id="t">Tree</h1><p>Summary.</p><div class="hb-tree" data-tree="t">'
            '<ol class="hb-tree__steps"><li class="hb-tree__step hb-tree__step--question" '
            'data-node="a"><h3 class="hb-tree__title" id="t--a" tabindex="-1">Is it ours?'
            '<a class="headerlink" href="#t--a">&para;</a></h3><ul class="hb-tree__answers">'
            '<li><a class="hb-tree__answer" href="#t--b">Yes</a></li><li><a href="#t--b">No'
            '</a></li></ul></li><li class="hb-tree__step hb-tree__step--outcome" data-node="b">'
            '<h3 class="hb-tree__title" id="t--b" tabindex="-1">Say sorry</h3>'
            '<p class="hb-tree__instruction">Apologize.</p>' + SNIPPET_BLOCK + '</li></ol></div>'
            '</article>')
    record = si.Record("trees/t/", "tree", tree, own_block='data-tree="t"')
    page = si.record_html(record)
    assert page.count('<li data-pagefind-ignore="all" class="hb-tree__step') == 2
    assert "<p>Summary.</p>" in page
    steps = si.step_records(record)
    assert [path for path, _ in steps] == ["--steps/t--a/index.html", "--steps/t--b/index.html"]
    first, second = (text for _, text in steps)
    assert '<span data-pagefind-meta="kind:step"></span>' in first
    assert '<span data-pagefind-meta="url:/trees/t/#t--a"></span>' in first
    assert '<span data-pagefind-meta="tree[data-tree]" data-tree="Tree"></span>' \
        '<h1>Is it ours?</h1>' in first
    assert "headerlink" not in first and ">Yes</a>" in first and "Say sorry" not in first
    # The outcome's reply is indexed on the reply's own page, not in the step.
    assert '<div data-pagefind-ignore="all" class="hb-snippet"' in second
    assert si.step_records(si.Record("playbooks/p/", "playbook", tree)) == []


def test_a_reply_is_indexed_once_on_its_own_page(real_site: Build) -> None:
    """The reply's text is indexed on the snippet's page only, so a phrase from it gives one
    result, not one per playbook that quotes it; its fields read as [Label]."""
    source = yaml.safe_load(
        (Path(__file__).parent.parent / "playbooks/snippets/heard-hear.yml").read_text("utf-8"))
    phrase = re.sub(r"\[\[[^\]]*\]\]", "", source["variants"]["email"]).split(".")[0][-40:]
    pages = fragments(real_site.site)
    reply = pages["snippets/heard-hear/"]
    assert reply["meta"]["kind"] == "reply" and len(reply["content"]) > 100
    label = next(iter(source["placeholders"].values()))["label"]
    assert f"[{label}]" in reply["content"]
    with_phrase = [url for url, page in pages.items() if phrase.strip() in page["content"]]
    assert with_phrase == ["snippets/heard-hear/"], with_phrase
    assert pages["playbooks/six-support-rules/"]["meta"]["kind"] == "playbook"
    assert pages["contributing/"]["meta"]["kind"] == "page"
    assert "tags/" not in pages and "snippets/" not in pages and "trees/" not in pages


def test_every_embedded_variant_is_left_out_of_the_pages_that_show_it(real_site: Build) -> None:
    """Every snippet or tree block the site renders, plain, collapsible or repeated, is indexed
    on its own page only: no other page holds its heading's anchor (a reply's is
    snippet-<id>, a tree step's <tree>--<step>)."""
    variants: set[str] = set()
    for path in real_site.site.rglob("*.html"):
        for match in re.finditer(r'<div class="([^"]*)" data-(?:snippet|tree)="',
                                 path.read_text(encoding="utf-8")):
            variants.add(match.group(1))
    assert {"hb-snippet", "hb-snippet hb-snippet--collapsible", "hb-snippet hb-snippet--repeat",
            "hb-tree"} <= variants, variants
    pages = fragments(real_site.site)
    for url, page in pages.items():
        ids = [a["id"] for a in page["anchors"]]
        if not url.startswith("snippets/"):
            assert not [i for i in ids if i.startswith("snippet-")], url
        if not url.startswith("trees/"):
            assert not [i for i in ids if "--" in i], url


def test_keywords_are_indexed_before_the_title_and_counted(real_site: Build) -> None:
    page = fragments(real_site.site)["playbooks/refunds-credits-goodwill/"]
    source = (Path(__file__).parent.parent / "playbooks/refunds-credits-goodwill.md").read_text(
        encoding="utf-8")
    keywords = yaml.safe_load(source.split("---")[1])["keywords"]
    words = page["content"].split()
    hidden = int(page["meta"]["hidden"])
    assert " ".join(words[:hidden]).rstrip(".") == " · ".join(keywords)
    assert " ".join(words[hidden:]).startswith(page["meta"]["title"])


def test_under_serve_the_settings_say_indexing_until_the_index_is_written(tmp_path: Path) -> None:
    """`mkdocs serve` reloads the page before Pagefind has written the index: the settings the
    browser reads say "indexing" until it has (the worker then waits for the new index before
    it answers that nothing matches)."""
    search = SiteSearch()
    search.start("serve")
    search.records["a/"] = si.Record("a/", "page", "<article><h1>A</h1><p>kumquat</p></article>")
    search.build_done(str(tmp_path), {"a/"}, {}, "")
    settings = tmp_path / si.SETTINGS_FILE
    assert json.loads(settings.read_text("utf-8"))["indexing"] is True
    thread = search._thread
    assert thread is not None
    thread.join(timeout=60)
    assert "indexing" not in json.loads(settings.read_text("utf-8"))
    assert (tmp_path / "pagefind" / "pagefind-entry.json").is_file()
    # A build (not serve) writes the index first, and never says "indexing".
    build = SiteSearch()
    build.start("build")
    build.records = dict(search.records)
    build.build_done(str(tmp_path / "b"), {"a/"}, {}, "")
    assert "indexing" not in json.loads((tmp_path / "b" / si.SETTINGS_FILE).read_text("utf-8"))


def test_under_serve_a_build_never_waits_for_the_index_of_the_one_before(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Pagefind takes 10 s at 2,000 pages: a rebuild saved meanwhile returns at once, and the
    newest records are indexed once the running index is done (edits in between are skipped)."""
    import threading

    release = threading.Event()
    indexed: list[list[str]] = []

    def slow_index(records: list[si.Record], site: Path) -> tuple[int, float]:
        release.wait(timeout=60)
        indexed.append([r.url for r in records])
        return len(records), 0.0

    monkeypatch.setattr(si, "write_index", slow_index)
    search = SiteSearch()
    search.start("serve")
    for n in range(3):
        search.records[f"p{n}/"] = si.Record(f"p{n}/", "page", "<article>x</article>")
        build = threading.Thread(target=search.build_done,
                                 args=(str(tmp_path), set(search.records), {}, ""), daemon=True)
        build.start()
        build.join(timeout=10)
        assert not build.is_alive(), "a build waited for the index of the one before"
        if n == 0:  # the first index is under way (its thread took the job) before more edits
            for _ in range(1000):
                if search._next is None:
                    break
                threading.Event().wait(0.01)
    thread = search._thread
    assert thread is not None
    release.set()
    thread.join(timeout=60)
    assert indexed == [["p0/"], ["p0/", "p1/", "p2/"]]
    assert "indexing" not in json.loads((tmp_path / si.SETTINGS_FILE).read_text("utf-8"))


def test_keywords_are_indexed_folded_as_every_query_is() -> None:
    """The browser folds every query ("Straße" is looked up as "strasse"): a keyword with a
    letter FOLD spells out is indexed folded too, as body words are."""
    hidden = si.hidden_words(["Straßekw", "Ørsted office", "Zürich", "plain"], "<p>Text.</p>")
    assert hidden[:4] == ["Straßekw", "Ørsted office", "Zürich", "plain"]
    assert {"strassekw", "orsted"} <= set(hidden)
    assert "office" not in hidden[4:] and "plain" not in hidden[4:]


def test_a_step_record_names_its_tree_whatever_the_title_holds() -> None:
    """The tree's title goes to the step's `tree` meta through an attribute: a comma or a
    colon in it stays text (Pagefind splits `data-pagefind-meta="k:v, k2:v2"` at commas)."""
    article = ('<article><h1 id="t">Refund, credit &amp; <em>goodwill</em>: url:/x/'
               '<a class="headerlink" href="#t">¶</a></h1>'
               '<div class="hb-tree" data-tree="t"><ol><li class="hb-tree__step" data-node="a">'
               '<h2 class="hb-tree__title" id="t--a">Route it</h2><p>Text.</p></li></ol></div>'
               '</article>')
    steps = si.step_records(si.Record("trees/t/", "tree", article, own_block='data-tree="t"'))
    assert len(steps) == 1
    assert 'data-pagefind-meta="tree[data-tree]" data-tree="Refund, credit &amp; goodwill: ' \
        'url:/x/"' in steps[0][1]


def test_synonyms_keywords_and_body_words_are_folded_alike() -> None:
    """One folding (NFKC, FOLD, accents, case) for synonym keys and words, keywords and body
    words, as the browser folds a query (rt16d items 2 and 5)."""
    data = si.settings({"Rückbuchung": ["Chargeback"], "straßenkw": ["marmotword"],
                        "\uff33\uff33\uff2f": ["saml"], "Zahlung  Zurück": ["ﬁnance"]}, "", "")
    assert data["synonyms"] == {"ruckbuchung": ["chargeback"], "strassenkw": ["marmotword"],
                                "sso": ["saml"], "zahlung zuruck": ["finance"]}
    assert "ours" in data["stop"] and "yours" in data["stop"] and "the" in data["stop"]
    hidden = si.hidden_words(["\uff33\uff21\uff2d\uff2ckw", "ﬁnancekw"], "<p>Plain text.</p>")
    assert {"samlkw", "financekw"} <= set(hidden[2:])
    assert "plain" not in hidden


@pytest.mark.parametrize(("entries", "message"), [
    ({"Zürich": ["office"], "zurich": ["refund"]}, "'zurich' and 'Zürich' are the same entry"),
    ({"how": ["marmotword"]}, "'how' is a word too common to search for"),
    ({"The": ["outage"]}, "'The' is a word too common to search for"),
])
def test_synonym_keys_that_clash_after_folding_or_never_apply_are_errors(
        entries: dict, message: str) -> None:
    with pytest.raises(ValidationError, match=re.escape(message)):
        Synonyms().run_validation(entries)


def test_every_synonym_problem_is_named_at_once_with_its_folded_key() -> None:
    """rt16e items 7 and 8: a word that is a stop word or a single letter floods every query
    ('boss: [the]' listed 63 results); the clash message printed a literal '{norm}'; and each
    run named only the first problem."""
    with pytest.raises(ValidationError) as raised:
        Synonyms().run_validation({"wi-fi": ["wireless"], "WI FI": ["network"],
                                   "boss": ["the"], "bigboss": ["a", "of"],
                                   "value one letter": ["x"], "refund": ["!!!"],
                                   "fine": ["the manager"]})
    message = str(raised.value)
    assert message.startswith("5 problems: "), message
    assert "search reads both as 'wi fi'" in message and "{norm}" not in message
    for flood in ("'boss' lists 'the'", "'bigboss' lists 'a', 'of'",
                  "'value one letter' lists 'x'"):
        assert flood in message, message
    assert "'refund' needs a list of words" in message and "'fine'" not in message


def test_a_synonym_word_of_two_letters_is_refused_but_not_in_syllabic_scripts() -> None:
    """rt16f item 4: 'bossman: [up]' and 'bigcheese: [co]' passed check and the strict build,
    and listed 53 and 61 results (a synonym is searched as a beginning); a two-character word
    of Chinese, Korean or Japanese is a whole word, and a phrase of short words is a phrase."""
    with pytest.raises(ValidationError) as raised:
        Synonyms().run_validation({"bossman": ["up"], "bigcheese": ["CO"], "refund": ["退款"],
                                   "money back": ["환불"], "wireless": ["wi fi"]})
    message = str(raised.value)
    assert message.startswith("2 problems: "), message
    assert "'bossman' lists 'up'" in message and "'bigcheese' lists 'CO'" in message
    assert "one or two letters" in message
    assert Synonyms().run_validation({"refund": ["退款"], "money back": ["환불"],
                                      "wireless": ["wi fi"], "gas": ["ガス"]})["gas"] == ["ガス"]


def test_the_same_key_written_twice_in_mkdocs_yml_is_found(tmp_path: Path) -> None:
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: x\nmarkdown_extensions:\n  - toc:\n      slugify: "
                      "!!python/object/apply:pymdownx.slugs.slugify {kwds: {case: lower}}\n"
                      "plugins:\n  - handbook:\n      synonyms:\n        manager: [escalation]\n"
                      "        boss: [escalation]\n        manager: [boss]\n",
                      encoding="utf-8")
    from handbook.adapter.search import repeated_keys

    assert repeated_keys(str(config)) == [
        "synonyms: 'manager' is written twice (line 10 repeats it; YAML keeps only the last): "
        "merge their words into one entry"]


def test_hindi_and_thai_synonym_keys_are_words_as_the_browser_reads_them() -> None:
    """rt16e item 5: Python's \\w leaves out spacing vowel signs (Devanagari ि, category Mc),
    so 'रिफंड' was stored as the phrase 'र फ ड'; the browser reads one word and drops every mark
    (\\p{M}): 'रफड'."""
    data = si.settings({"रिफंड": ["refund"], "ग्राहक": ["customer"], "คืนเงิน": ["refund"],
                        "ลูกค้า": ["customer"]}, "", "")
    assert data["synonyms"] == {"रफड": ["refund"], "गरहक": ["customer"],
                                "คนเงน": ["refund"], "ลกคา": ["customer"]}
    assert si.words("रिफंड, ग्राहक_1 ①") == ["रिफंड", "ग्राहक_1", "①"]
    assert si.fold("ガソリン") == "カソリン"  # the voicing mark is a mark: folded as queries are


def test_a_phrase_key_holding_a_stop_word_is_accepted() -> None:
    assert Synonyms().run_validation({"how do i refund": ["refund"]})



@pytest.mark.parametrize(("value", "message"), [
    ("/contributing/", "starts with '/': write the path from the site's root without the "
                       "leading / ('contributing/')"),
    ("#top", "names no page"), ("?x=1", "names no page"),
])
def test_a_request_path_from_slash_or_with_no_page_says_what_to_write(value: str,
                                                                      message: str) -> None:
    with pytest.raises(ValidationError, match=re.escape(f"request_playbook_url '{value}' "
                                                        f"{message}")):
        RequestUrl().run_validation(value)


def test_a_request_path_may_name_the_file_a_directory_url_is_served_from() -> None:
    pages = {"./", "contributing/", "help/ask.html"}
    for value in ("contributing/index.html", "index.html", "contributing/index.html#top"):
        assert page_problem(value, pages) == "", value
    assert "is not a page" in page_problem("help/index.html", pages)
    assert "is not a page" in page_problem("help/ask/index.html", pages)


def test_the_index_is_written_whole_by_pagefinds_command_line(tmp_path, monkeypatch) -> None:
    """write_index runs Pagefind's command line, which exits only after every file is written
    (its Python service could cut pagefind.js short: Pagefind issue #1271); the project's
    PAGEFIND_ variables and a pagefind.yml in the working folder change nothing."""
    monkeypatch.setenv("PAGEFIND_FORCE_LANGUAGE", "fr")
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pagefind.yml").write_text("force_language: de\n", encoding="utf-8")
    article = ('<article><h1 id="r">Refunds</h1><p>Refund the money.'
               '<a class="headerlink" href="#r">zqxhidden</a></p></article>')
    site = tmp_path / "site"
    records = [si.Record("playbooks/r/", "playbook", article),
               si.Record("playbooks/s/", "playbook", article.replace("Refund", "Credit"))]
    count, seconds = si.write_index(records, site)
    assert count == 2 and seconds > 0
    bundle = site / si.INDEX_DIR
    names = {p.name for p in bundle.iterdir()}
    assert "pagefind.js" in names and "pagefind-ui.js" not in names
    assert any(n.startswith("pagefind.en") for n in names), names
    assert not any(n.startswith(("pagefind.fr", "pagefind.de")) for n in names), names
    script = (bundle / "pagefind.js").read_text(encoding="utf-8")
    assert script.rstrip().endswith(("}", ";", ")")), script[-80:]  # not cut short
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert entry["languages"]["en"]["page_count"] == 2
    assert not (site / ".pagefind-new").exists()


def test_a_pagefind_failure_is_one_line(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(si.sys, "executable", str(tmp_path / "no-python"))
    with pytest.raises((RuntimeError, OSError)):
        si.write_index([si.Record("playbooks/r/", "playbook", "<article>x</article>")],
                       tmp_path / "site")
