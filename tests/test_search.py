"""Search (Pagefind in Material's search box): what each page gives the index, the settings the
browser reads, the checks on synonyms and keywords, and what the real build writes."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from mkdocs.config.base import ValidationError
from sitebuild import TODAY, Build, copy_project

from handbook.adapter.search import Synonyms
from handbook.cli import main
from handbook.render import search_index as si

SNIPPET_BLOCK = ('<div class="hb-snippet" data-snippet="refund-ok" data-placeholders="{}">\n'
                 '<h1 class="hb-snippet__title" id="snippet-refund-ok">Refund ok</h1>\n'
                 '<p>Hi <var data-ph="first_name">First name</var>, done.</p></div>')
ARTICLE = ('<article class="md-content__inner md-typeset"><h1 id="refunds">Refunds</h1>'
           f'<p>Intro.</p>{SNIPPET_BLOCK}<div class="hb-tree" data-tree="t"><h3 id="t--a">'
           'Step</h3></div></article>')


def test_an_embedded_reply_or_tree_is_indexed_on_its_own_page_only() -> None:
    playbook = si.record_html(si.Record("playbooks/refunds/", "playbook", ARTICLE))
    assert '<div data-pagefind-ignore="all" class="hb-snippet"' in playbook
    assert '<div data-pagefind-ignore="all" class="hb-tree"' in playbook
    reply = si.record_html(si.Record("snippets/refund-ok/", "reply", ARTICLE,
                                     own_block="hb-snippet"))
    assert '<div class="hb-snippet" data-snippet="refund-ok"' in reply
    assert '<div data-pagefind-ignore="all" class="hb-tree"' in reply
    assert '<span data-pagefind-meta="kind:reply"></span>' in reply
    assert '<span data-pagefind-meta="kind:playbook"></span>' in playbook


def test_placeholders_read_as_brackets_and_keywords_join_the_title_section() -> None:
    html = si.record_html(si.Record("snippets/refund-ok/", "reply", ARTICLE, "de",
                                    ["chargeback <b>", "bank dispute"], "hb-snippet"))
    assert '<var data-ph="first_name">[First name]</var>' in html
    head, _, rest = html.partition("</h1>")
    assert "Refunds" in head and "chargeback" not in head
    assert rest.startswith('<p data-pagefind-weight="3">chargeback &lt;b&gt; · bank dispute</p>')
    assert '<html lang="de">' in html


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
    ]:
        with pytest.raises(ValidationError, match=re.escape(message)):
            option.run_validation(bad)


def _check(project: Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["check", str(project)], env={"HANDBOOK_TODAY": TODAY})
    return result.exit_code, result.output


def test_check_reports_bad_synonyms_and_keywords_with_file_and_line(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p")
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("        manager: [escalation, escalate]\n",
                            "        manager: []\n", 1)
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    (project / "playbooks/keyworded.md").write_text(
        "---\ntitle: Keyworded\nsummary: s\nowner: \"@acme/qa\"\nreviewed: 2026-11-01\n"
        "review_every: 90d\nkeywords: chargeback\n---\n\n# Keyworded\n\nText.\n",
        encoding="utf-8")
    code, output = _check(project)
    assert code != 0
    assert re.search(r"mkdocs\.yml:\d+:\d+: error: .*'manager' needs a list of words", output), \
        output
    assert re.search(r"playbooks/keyworded\.md:7:\d+: error: .*keywords", output), output
    assert "Traceback" not in output


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
    # Every page but the tag list and the generated snippet and tree lists.
    assert indexed == len(pages) - 2, (indexed, len(pages))
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
    pages = fragments(real_site.site)
    index = real_site.html("trees/index.html")
    for tree in ("upset-customer", "we-made-a-mistake", "outage-report"):
        assert f'href="{tree}/"' in index
        html = real_site.html(f"trees/{tree}/index.html")
        steps = re.findall(rf'id="({tree}--[a-z0-9-]+)"', html)
        assert len(steps) >= 5
        anchors = {a["id"] for a in pages[f"trees/{tree}/"]["anchors"]}
        assert set(steps) <= anchors
        assert pages[f"trees/{tree}/"]["meta"]["kind"] == "tree"
    # A tree shown on a playbook is indexed on its own page only.
    assert not any("--" in a["id"] for a in pages["playbooks/heard-service-recovery/"]["anchors"])


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
