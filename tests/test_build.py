"""Build tests: build the real handbook (and a copy with fixtures) and assert on the output."""

from __future__ import annotations

import json
import re
from html import unescape as html_unescape
from html.parser import HTMLParser
from pathlib import Path

import jsonschema
import pytest
from helpdesk_schemas import HELPSCOUT_SAVED_REPLY_BODY, ZENDESK_MACRO_BODY
from sitebuild import TODAY, Build, build_copy

PLAYBOOKS = {
    "six-support-rules": "The six support rules",
    "heard-service-recovery": "H.E.A.R.D.",
    "blameless-mistakes": "lameless",
    "outage-communications": "utage",
}


def test_four_playbooks_with_review_header(real_site: Build) -> None:
    for slug, title in PLAYBOOKS.items():
        html = real_site.html(f"playbooks/{slug}/index.html")
        assert title in html
        assert "Owner: <strong>@acme/" in html
        assert re.search(r"Last reviewed: <time datetime=\"2026-\d\d-\d\d\">", html)
        assert re.search(r"Next review due: <time datetime=\"20\d\d-\d\d-\d\d\">", html)
        assert "Review overdue" not in html  # the shipped content is fresh on the pinned date


def test_edit_button_opens_the_file_in_playbooks(real_site: Build) -> None:
    html = real_site.html("playbooks/six-support-rules/index.html")
    assert "/edit/main/playbooks/six-support-rules.md" in html
    snippet = real_site.html("snippets/heard-hear/index.html")
    assert "/edit/main/playbooks/snippets/heard-hear.yml" in snippet


def test_home_page_lists_every_playbook_and_links_the_review_page(real_site: Build) -> None:
    html = real_site.html("index.html")
    listing = html[html.index('class="hb-playbook-list"'):]
    listing = listing[:listing.index("</ul>")]
    for playbook in (real_site.project / "playbooks").glob("*.md"):
        assert f'href="playbooks/{playbook.stem}/"' in listing
    assert "@acme/" not in listing  # owners and dates are on the review page
    assert 'href="review/"' in html


def test_review_page_lists_every_item_by_owner_with_its_dates(real_site: Build) -> None:
    html = real_site.html("review/index.html")
    project = real_site.project / "playbooks"
    items = [*project.glob("*.md"), *(project / "snippets").glob("*.yml"),
             *(project / "trees").glob("*.yml")]
    links = re.findall(r'<td><a href="([^"]+)"', html)
    assert len(links) == len(items)
    assert '<h2 id="acmesupport-leads">&#64;acme&#47;support&#45;leads' in html
    assert "today is " + TODAY in html


class _Refs(HTMLParser):
    """Collects every URL the browser would fetch by itself (not plain links)."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag in ("script", "img", "iframe", "source", "audio", "video", "embed") and a.get("src"):
            self.urls.append(a["src"] or "")
        if tag == "link" and a.get("href") and a.get("rel") not in ("canonical", "alternate"):
            self.urls.append(a["href"] or "")
        if tag == "object" and a.get("data"):
            self.urls.append(a["data"] or "")
        for value in (a.get("style") or "", a.get("srcset") or ""):
            self.urls += re.findall(r"url\(([^)]+)\)|(https?://\S+)", value)


def _offsite(url: object) -> bool:
    text = " ".join(url) if isinstance(url, tuple) else str(url)
    return bool(re.search(r"(^|\s|['\"])(https?:)?//", text))


def test_no_asset_points_off_site(real_site: Build) -> None:
    bad = []
    for page in real_site.site.rglob("*.html"):
        parser = _Refs()
        parser.feed(page.read_text(encoding="utf-8"))
        bad += [(page.name, u) for u in parser.urls if _offsite(u)]
    for css in real_site.site.rglob("*.css"):
        text = css.read_text(encoding="utf-8")
        pattern = r"(?:url\(|@import\s+)['\"]?(https?:)?//[^)'\"]+"
        bad += [(css.name, u) for u in re.findall(pattern, text)]
    assert bad == []
    assert "fonts.googleapis" not in real_site.html("index.html")


def _title_key(title: str) -> str:
    return html_unescape(title).casefold().lstrip("\"'\u201c ")


def test_snippet_pages_library_and_tags(real_site: Build) -> None:
    folder = Path(__file__).parent.parent / "playbooks/snippets"
    ids = sorted(p.stem for p in folder.glob("*.yml"))
    assert len(ids) >= 15
    library = real_site.html("snippets/index.html")
    for ident in ids:
        page = real_site.html(f"snippets/{ident}/index.html")
        assert f'id="snippet-{ident}"' in page and "hb-snippet__text" in page
        assert f'href="{ident}/"' in library
    # One list by title, each reply once, with its channels.
    titles = re.findall(r'<li><a href="[^"]+/">([^<]+)</a>', library)
    assert len(titles) == len(ids) and titles == sorted(titles, key=_title_key)
    assert library.count('class="hb-channel">Email</span>') == len(ids)
    assert (real_site.site / "tags/index.html").is_file()






def test_exports_are_valid_and_mapped(real_site: Build) -> None:
    data = json.loads((real_site.site / "snippets.json").read_text())["snippets"]
    assert {s["id"] for s in data} >= {"outage-acknowledge", "billing-error-apology"}
    for s in data:
        assert s["url"] == f"/snippets/{s['id']}/"
        assert (real_site.site / s["url"].strip("/") / "index.html").is_file()
        assert s["variants"]["email"]["text"]
    # One documented request body per macro and per saved reply (test_exports.py).
    zendesk = [json.loads(p.read_text()) for p in (real_site.site / "exports/zendesk").iterdir()]
    assert len(zendesk) == sum(len(s["variants"]) for s in data)
    for body in zendesk:
        jsonschema.validate(body, ZENDESK_MACRO_BODY)
    values = " ".join(a["value"] for m in zendesk for a in m["macro"]["actions"]
                      if a["field"] == "comment_value_html")
    assert "{{ticket.requester.first_name}}" in values and "[[" not in values
    helpscout = [json.loads(p.read_text())
                 for p in (real_site.site / "exports/helpscout").iterdir()]
    assert len(helpscout) == len(data)
    for body in helpscout:
        jsonschema.validate(body, HELPSCOUT_SAVED_REPLY_BODY)
    text = " ".join(r.get("text", "") for r in helpscout)
    assert "{%customer.firstName,fallback=there%}" in text and "[[" not in text


# -- a copy of the handbook with fixtures ---------------------------------------------------

FIXTURE_PLAYBOOK = """---
title: Old habits
summary: A playbook nobody reviewed for a long time.
owner: "@acme/nobody"
reviewed: 2025-01-10
review_every: 90d
tags: [fixture]
---
# Old habits

Prose with {{ not_a_macro }} and {% if stray %} and {#- odd -#} text.

```text
{{ not_a_macro }} {% for x in y %} {% endraw %}
```

{{ snippet("evil-old") }}
"""

EVIL_SNIPPET = """id: evil
title: Evil <img src=x onerror=alert(1)>
summary: <b>bold?</b>
tags: [fixture]
owner: "@acme/nobody"
reviewed: 2026-11-01
review_every: 90d
aliases: [evil-old]
placeholders:
  first_name: {label: "<i>Name</i>", fallback: "<script>alert(2)</script>"}
variants:
  email: |
    Hi [[first_name]], <script>alert(1)</script> & {# jinja #}
"""


# Bodies whose own title follows something that shows none of the body's text (issue 12,
# rt12b item 14, rt12c item 9): a [TOC] marker, a rule, a wrapper <div markdown>, an empty
# anchor or span, a non-breaking space.
TITLE_AFTER = """---
title: Title after {name}
summary: A body whose own title follows something else.
owner: "@acme/qa"
reviewed: 2026-11-01
review_every: 90d
---

{before}

# Own title

Intro.
"""
TITLE_AFTER_CASES = {"toc": "[TOC]", "rule": "---", "div": "<div markdown>\n\n# In div\n\n</div>",
                     # rt12c item 9: an empty anchor or span, a non-breaking space
                     "anchor": '<a id="top"></a>', "span": '<span id="x"></span>',
                     "nbsp": "&nbsp;"}
COMMENTED_TITLE = """---
title: Commented title
summary: A body that opens with an HTML comment, then its own title.
owner: "@acme/qa"
reviewed: 2026-11-01
review_every: 90d
---

<!-- kept for the next review -->

# Own title

Intro.
"""

LATE_HEADING = """---
title: Late heading
summary: A body that opens with prose and has a level-1 heading further down.
owner: "@acme/qa"
reviewed: 2026-11-01
review_every: 90d
---

Opening paragraph.

# A heading further down

More text, and a diagram that sits beside the playbook: ![The flow](img/flow.png)

## Refund *within* `30` days

Steps.
"""

ANCHORS_PAGE = """---
title: Anchors
summary: Headings whose ids are easy to get wrong.
owner: "@acme/qa"
reviewed: 2026-11-01
review_every: 90d
---

## The `ticket_id` field

Underlined heading
------------------

#No space after the hash

## Возврат денег

## 返金について

### `/assign <agent>`

## Refund *within* `30` days

## Steps

## Steps

## Custom { #my-id }

```text
## not a heading
```

    ## not a heading either

<!--
## nor this
-->

!!! note

    ## Inside a note

> ## Quoted step
"""
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082")
LABEL_TREE = """id: label-tree
title: Label tree
owner: "@acme/qa"
reviewed: 2026-11-01
review_every: 90d
start: ask
nodes:
  ask:
    question: Within the window?
    answers:
      - {label: "Yes", next: refund}
      - {label: "No", next: other}
  refund:
    outcome: Refund
    instruction: Refund it.
    playbook: late-heading#refund-within-30-days
  other:
    outcome: Explain
    instruction: Explain kindly.
    snippet: heard-hear
    tree: next-tree#second
"""
NEXT_TREE = """id: next-tree
title: Next <tree>
owner: "@acme/qa"
reviewed: 2026-11-01
review_every: 90d
start: first
nodes:
  first:
    question: First?
    answers:
      - {label: "Yes", next: second}
      - {label: "No", next: done}
  second:
    outcome: Second & last
    instruction: Go.
    tree: label-tree
  done:
    outcome: Done
    instruction: Stop.
    snippet: heard-hear
"""

# Reviewed long ago: overdue on 2026-11-29 wherever they are shown.
STALE_SNIPPET = """id: stale-reply
title: Stale reply
owner: "@acme/stale-owner"
reviewed: 2025-01-01
review_every: 90d
variants:
  email: Hello.
"""
STALE_TREE = (NEXT_TREE.replace("id: next-tree", "id: stale-tree")
              .replace("reviewed: 2026-11-01", "reviewed: 2025-01-01")
              .replace("tree: label-tree", "snippet: heard-hear"))
USES_STALE = """---
title: Uses stale
summary: Shows a stale reply and a stale tree.
owner: "@acme/qa"
reviewed: 2026-11-01
review_every: 90d
---

{{ snippet("stale-reply") }}

{{ snippet("heard-hear") }}

{{ decision_tree("stale-tree") }}
"""


EXAMPLES_PAGE = """---
title: Examples
---

# Examples

Show a call as code by indenting it:

    {{ snippet("no-such-snippet") }}

<!-- Retired: {{ snippet("retired-snippet") }} -->

!!! note

    {{ snippet("heard-hear") }}
"""


@pytest.fixture(scope="module")
def fixture_site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    result = build_copy(tmp_path_factory.mktemp("fixture") / "project", {
        "playbooks/old-habits.md": FIXTURE_PLAYBOOK,
        "playbooks/snippets/evil.yml": EVIL_SNIPPET,
        "playbooks/late-heading.md": LATE_HEADING,
        "playbooks/commented-title.md": COMMENTED_TITLE,
        **{f"playbooks/title-after-{name}.md": TITLE_AFTER.format(name=name, before=before)
           for name, before in TITLE_AFTER_CASES.items()},
        "docs/examples.md": EXAMPLES_PAGE,
        "playbooks/trees/label-tree.yml": LABEL_TREE,
        "playbooks/trees/next-tree.yml": NEXT_TREE,
        "playbooks/snippets/stale-reply.yml": STALE_SNIPPET,
        "playbooks/trees/stale-tree.yml": STALE_TREE,
        "playbooks/uses-stale.md": USES_STALE,
        "playbooks/img/flow.png": PNG,
        "playbooks/anchors.md": ANCHORS_PAGE,
    })
    assert result.returncode == 0, result.output
    return result


def test_overdue_banner_only_on_overdue_playbook(fixture_site: Build) -> None:
    old = fixture_site.html("playbooks/old-habits/index.html")
    assert "Review overdue" in old and "2025-04-10" in old
    fresh = fixture_site.html("playbooks/six-support-rules/index.html")
    assert "Review overdue" not in fresh


def test_review_header_sits_under_the_title_whatever_the_body_holds(
        fixture_site: Build) -> None:
    article = fixture_site.html("playbooks/late-heading/index.html")
    article = article[article.index('<article'):]
    title = article.index("<h1>Late heading</h1>")
    review = article.index('class="hb-review')
    assert title < review < article.index("Opening paragraph") < article.index(
        "A heading further down")
    normal = fixture_site.html("playbooks/old-habits/index.html")
    normal = normal[normal.index('<article'):]
    assert normal.index('id="old-habits"') < normal.index('class="hb-review') < normal.index(
        "Prose with")
    # A comment before the body's own title shows nothing: that title stays the only <h1>.
    commented = fixture_site.html("playbooks/commented-title/index.html")
    commented = commented[commented.index('<article'):commented.index('</article>')]
    assert commented.count("<h1") == 1
    assert commented.index('id="own-title"') < commented.index('class="hb-review') < \
        commented.index("Intro.")
    for name in TITLE_AFTER_CASES:  # one title, the body's first <h1>, then the header
        page = fixture_site.html(f"playbooks/title-after-{name}/index.html")
        page = page[page.index('<article'):page.index('</article>')]
        assert f"Title after {name}</h1>" not in page, name
        first = page.index("<h1")
        assert page.index("</h1>", first) < page.index('class="hb-review') < page.index(
            "Intro."), name


def test_check_and_the_build_agree_on_every_heading_anchor(fixture_site: Build) -> None:
    from handbook.adapter.mkdocs_yml import read_site_config
    from handbook.core.content import load_handbook

    book, _report = load_handbook(read_site_config(fixture_site.project))
    for slug in ("anchors", "six-support-rules", "heard-service-recovery", "blameless-mistakes",
                 "outage-communications"):
        html = fixture_site.html(f"playbooks/{slug}/index.html")
        article = html[html.index('<div class="md-content"'):html.index("</article>")]
        built = set(re.findall(r'<h[1-6] id="([^"]+)"', article))
        built -= {a for a in built if a.startswith(("snippet-", "hb"))} | {slug}
        built = {a for a in built if "--" not in a}  # the steps of embedded trees
        assert set(book.playbooks[slug].anchors) == built, slug
    assert {"the-ticket_id-field", "underlined-heading", "no-space-after-the-hash",
            "возврат-денег", "返金について", "assign", "refund-within-30-days", "steps",
            "steps_1", "my-id", "inside-a-note", "quoted-step"} == set(
                book.playbooks["anchors"].anchors)


def test_images_beside_a_playbook_are_published(fixture_site: Build) -> None:
    assert (fixture_site.site / "playbooks/img/flow.png").read_bytes() == PNG
    assert 'src="../img/flow.png"' in fixture_site.html("playbooks/late-heading/index.html")


def test_tree_links_show_the_heading_as_text_not_markdown(fixture_site: Build) -> None:
    html = fixture_site.html("trees/label-tree/index.html")
    assert ('href="../../playbooks/late-heading/#refund-within-30-days">Late heading '
            "\u203a Refund within 30 days</a>") in html


def test_an_overdue_snippet_or_tree_says_so_where_it_is_shown(fixture_site: Build) -> None:
    html = fixture_site.html("playbooks/uses-stale/index.html")
    assert html.count('class="hb-overdue-note"') == 2  # the stale reply and the stale tree
    assert ("This reply was due for review on 2025-04-01 (&#64;acme&#47;stale-owner)"
            in html or "This reply was due for review on 2025-04-01 (@acme/stale-owner)" in html)
    assert "This tree was due for review on 2025-04-01" in html
    fresh = html[html.index('data-snippet="heard-hear"'):]
    assert "hb-overdue-note" not in fresh[:fresh.index("</h")]
    # Its own page says it in the header, once.
    assert fixture_site.html("snippets/stale-reply/index.html").count("hb-overdue-note") == 0
    assert fixture_site.html("trees/stale-tree/index.html").count("hb-overdue-note") == 0
    library = fixture_site.html("snippets/index.html")
    library = library[library.index("<article"):]
    entry = library[library.index(">Stale reply</a>"):]
    assert "review overdue since 2025-04-01" in entry[:entry.index("</li>")]


def test_an_outcome_links_on_to_another_tree_and_step(fixture_site: Build) -> None:
    html = fixture_site.html("trees/label-tree/index.html")
    assert ('Go on with the tree: <a href="../next-tree/#next-tree--second">Next &lt;tree&gt; '
            "\u203a Second &amp; last</a>") in html
    back = fixture_site.html("trees/next-tree/index.html")
    assert 'Go on with the tree: <a href="../label-tree/">Label tree</a>' in back


def test_calls_in_indented_code_and_comments_are_text(fixture_site: Build) -> None:
    html = fixture_site.html("examples/index.html")
    example = html.index('{{ snippet("no-such-snippet") }}')
    assert html.rfind("<code", 0, example) > html.rfind("</code>", 0, example)
    assert '<!-- Retired: {{ snippet("retired-snippet") }} -->' in html
    assert html.count('class="hb-snippet"') == 1  # the one in the admonition


def test_jinja_like_text_is_kept_verbatim(fixture_site: Build) -> None:
    html = fixture_site.html("playbooks/old-habits/index.html")
    assert "{{ not_a_macro }}" in html
    assert "{% if stray %}" in html and "{#- odd -#}" in html
    assert "{% endraw %}" in html


def test_snippet_html_is_escaped_on_every_page_and_export(fixture_site: Build) -> None:
    for rel in ("snippets/evil/index.html", "playbooks/old-habits/index.html",
                "snippets/index.html"):
        html = fixture_site.html(rel)
        assert "<script>alert" not in html, rel
        assert "<img src=x" not in html, rel
    page = fixture_site.html("snippets/evil/index.html")
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; {# jinja #}" in page
    exported = (fixture_site.site / "snippets.json").read_text()
    assert "<script>alert(1)</script>" in exported  # JSON carries the text, not markup
    # Help Scout reads a saved reply's text as HTML: markup in a reply arrives as text.
    evil = json.loads((fixture_site.site / "exports/helpscout/evil.json").read_text())
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp;" in evil["text"]
    assert "fallback=&lt;script&gt;alert(2)&lt;/script&gt;%}" in evil["text"]
    assert "<script" not in evil["text"]


def test_renamed_snippet_leaves_a_redirect(fixture_site: Build) -> None:
    redirect = fixture_site.html("snippets/evil-old/index.html")
    assert 'http-equiv="refresh" content="0; url=../evil/"' in redirect
    assert 'rel="canonical" href="../evil/"' in redirect


# -- bad input fails the build with one clear line -------------------------------------------

GOOD_FRONT = ('title: T\nsummary: S\nowner: "@a"\nreviewed: 2026-11-01\nreview_every: 90d\n')
BAD_FRONT = [
    ("malformed", "title: [unclosed\n" + GOOD_FRONT[9:],
     "playbooks/bad.md:3:8: error: invalid YAML: did not find expected ',' or ']' "
     "while parsing a flow sequence that starts on line 2"),
    ("missing field", GOOD_FRONT.replace('owner: "@a"\n', ""),
     "playbooks/bad.md:2:1: error: missing required field 'owner'"),
    ("bad date", GOOD_FRONT.replace("2026-11-01", "01/11/2026"),
     "playbooks/bad.md:5:1: error: field 'reviewed': must be a date written as YYYY-MM-DD"),
    ("bad unit", GOOD_FRONT.replace("90d", "90x"),
     "playbooks/bad.md:6:1: error: field 'review_every': '90x' is not a review period"),
]


@pytest.mark.parametrize(("name", "front", "expected"), BAD_FRONT, ids=[b[0] for b in BAD_FRONT])
def test_bad_front_matter_fails_build_clearly(tmp_path: Path, name: str, front: str,
                                             expected: str) -> None:
    result = build_copy(tmp_path / "p", {"playbooks/bad.md": f"---\n{front}---\n\nBody.\n"})
    assert result.returncode != 0
    assert expected in result.output
    assert "Traceback" not in result.output
    assert not (result.site / "index.html").exists()

