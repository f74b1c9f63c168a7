"""Content is data: a handbook written by a hostile author builds without running any of it.

The hostile inputs of issue 11 that are text (templates in titles, headings, bodies, snippets
and trees; markup in every field) build, and the site shows them as written. Those that are
rejected (calls that only start with a macro, a symlink out of the repository) stop the build
before anything is written. Either way: no file appears outside site/, no environment value or
outside file reaches site/, and in Chromium no dialog fires, no script fails and no request
leaves 127.0.0.1, on every page of the site.
"""

from __future__ import annotations

import functools
import html
import http.server
import os
import re
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from hb_browser import with_site_url
from sitebuild import build, copy_project

pytestmark = pytest.mark.browser

SECRET = "hb-secret-5f1d0c"  # in the build's environment and in a file outside the project
RUN = "__import__('os').mkdir('PWNED')"
JINJA = [  # each would create a folder PWNED (or loop for ever) if Jinja ran it
    "{{ lipsum.__globals__['os'].mkdir('PWNED') }}",
    "{{ cycler.__init__.__globals__.os.popen('mkdir PWNED').read() }}",
    "{% for i in range(10**9) %}{% for j in range(10**9) %}x{% endfor %}{% endfor %}",
    "{{ config.__class__.__init__.__globals__['os'].environ }}",
    "{% include '/etc/passwd' %}{% import 'x' as y %}{{ self.__init__.__globals__ }}",
    "{{ ticket.requester.first_name }} {{ env }} {{ page.__dict__ }}",
]
MARKUP = '"><img src=x onerror=alert(1)><script>alert(2)</script>'
OWNER = 'owner: "@acme/qa"\nreviewed: 2026-11-01\nreview_every: 90d\n'


def _q(text: str) -> str:
    """A YAML double-quoted scalar."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def hostile_files() -> dict[str, str]:
    body = "\n\n".join(f"Prose {j}" for j in JINJA)
    files = {
        "playbooks/hostile-title.md": (
            f"---\ntitle: {_q(JINJA[0])}\nsummary: {_q(JINJA[1] + MARKUP)}\n{OWNER}"
            f"subtitle: {_q(MARKUP)}\ndescription: {_q(MARKUP + JINJA[3])}\n---\n\n"
            f"{body}\n\n## {JINJA[1]}\n\n```\n{JINJA[2]}\n```\n\n"
            '{{ snippet("hostile-reply") }}\n\n{{ decision_tree("hostile-tree") }}\n'),
        "playbooks/jinja-title-unquoted.md": (
            f"---\ntitle: Refunds {JINJA[0]}\nsummary: s\n{OWNER}---\n\n"
            f"Body {JINJA[4]}\n"),
        "docs/hostile-heading.md": f"# {JINJA[0]}\n\n{JINJA[5]}\n",
        # A title from the first heading, in entities: Material's striptags decoded them.
        "docs/entity-title.md": "# &lt;/title&gt;&lt;script&gt;alert(4)&lt;/script&gt;\n\nText.\n",
        # Once a Jinja traceback (exit 100): StrictUndefined on the helpdesk's variable.
        "playbooks/helpdesk-title.md": (
            f"---\ntitle: {_q('Hi {{ticket.requester.first_name}}')}\nsummary: s\n{OWNER}"
            "---\n\nBody.\n"),
        "playbooks/snippets/hostile-reply.yml": (
            f"id: hostile-reply\ntitle: {_q(JINJA[0] + MARKUP)}\nsummary: {_q(JINJA[3])}\n"
            f"{OWNER}placeholders:\n  constructor:\n    label: {_q(MARKUP + JINJA[1])}\n"
            f"    fallback: {_q(MARKUP)}\n"
            # Replies hold no template code of any kind (check refuses it: the helpdesk
            # would run it), so only Jinja's comment form is here.
            "variants:\n  email: |\n"
            f"    Hi [[constructor]], {{# {MARKUP} #}} {MARKUP}\n"),
        "playbooks/trees/hostile-tree.yml": (
            f"id: hostile-tree\ntitle: {_q(JINJA[0])}\nsummary: {_q(MARKUP)}\n{OWNER}"
            "start: ask\nnodes:\n"
            f"  ask:\n    question: {_q(JINJA[1] + MARKUP)}\n    help: {_q(JINJA[4])}\n"
            f"    answers:\n      - label: {_q(MARKUP)}\n        next: constructor\n"
            f"      - label: {_q(JINJA[0])}\n        next: prototype\n"
            f"  constructor:\n    outcome: {_q(MARKUP)}\n    instruction: {_q(JINJA[3])}\n"
            "    snippet: hostile-reply\n"
            f"  prototype:\n    outcome: {_q(JINJA[0])}\n    instruction: {_q(MARKUP)}\n"
            "    playbook: hostile-title\n"),
    }
    return files


def _tree(project: Path) -> set[str]:
    return {p.relative_to(project).as_posix() for p in project.rglob("*")
            if "site" not in p.relative_to(project).parts[:1]}


def _run_build(project: Path, **env: str) -> object:
    old = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        return build(project)
    finally:
        for key, value in old.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    project = tmp_path_factory.mktemp("hostile") / "project"
    handler = functools.partial(http.server.SimpleHTTPRequestHandler,
                                directory=str(project / "site"))
    handler.log_message = lambda *a: None  # type: ignore[attr-defined]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    try:
        copy_project(project, {**hostile_files(), "mkdocs.yml": with_site_url(base)})
        before = _tree(project)
        result = _run_build(project, HANDBOOK_SECRET_TOKEN=SECRET)
        assert result.returncode == 0, result.output
        assert _tree(project) == before, "the build created files outside site/"
        assert not list(project.rglob("PWNED")) and not Path.cwd().joinpath("PWNED").exists()
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        yield project / "site", base
        server.shutdown()
    finally:
        server.server_close()


def test_no_environment_value_reaches_the_site(hostile_site) -> None:
    site, _base = hostile_site
    home = os.environ.get("HOME", "/root")
    for path in site.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert SECRET.encode() not in data, path
            assert f'"{home}"'.encode() not in data and b"PATH=" not in data, path


def test_templates_are_shown_as_written(hostile_site) -> None:
    site, _base = hostile_site
    def text(rel: str) -> str:  # what a reader sees (Markdown still makes __x__ bold)
        raw = (site / rel / "index.html").read_text(encoding="utf-8")
        return html.unescape(re.sub(r"<[^>]+>", "", raw))

    playbook = text("playbooks/hostile-title")
    for shown in ("Prose {{ lipsum.globals['os'].mkdir('PWNED') }}",
                  "{% for i in range(10**9) %}{% for j in range(10**9) %}x",
                  "Prose {{ ticket.requester.first_name }} {{ env }}",
                  "{{ lipsum.__globals__['os'].mkdir('PWNED') }} - Support Handbook"):
        assert shown in playbook, shown
    assert "Refunds {{ lipsum.__globals__['os'].mkdir('PWNED') }}" in text(
        "playbooks/jinja-title-unquoted")
    assert "Hi {{ticket.requester.first_name}} - Support Handbook" in text(
        "playbooks/helpdesk-title")
    reply = text("snippets/hostile-reply")
    assert "<script>alert(2)</script>" in reply and "lipsum.__globals__" in reply


def test_rejected_inputs_stop_the_build_before_anything_is_written(tmp_path: Path) -> None:
    outside = tmp_path / "outside-secret.txt"
    outside.write_text(f"TOKEN={SECRET}\n", encoding="utf-8")
    project = copy_project(tmp_path / "project", {
        "playbooks/bypass.md": (
            f"---\ntitle: Bypass\nsummary: s\n{OWNER}---\n\n"
            '{{ snippet("heard-hear").__class__.__mro__[1].__subclasses__() }}\n\n'
            '{{ snippet("heard-hear")("heard-hear") }}\n'),
    })
    (project / "docs" / "leak.md").symlink_to(outside)
    before = _tree(project)
    result = _run_build(project, HANDBOOK_SECRET_TOKEN=SECRET)
    assert result.returncode != 0
    assert "is not a plain macro call" in result.output and "Traceback" not in result.output
    assert SECRET not in result.output
    assert not (project / "site").exists() and _tree(project) == before


def test_no_dialog_error_or_outside_request_on_any_page(browser, hostile_site) -> None:
    site, base = hostile_site
    ctx = browser.new_context()
    events: list[str] = []
    origin = base.rstrip("/")

    def outside(url: str) -> bool:
        return urlsplit(url).scheme not in ("data", "blob", "about") and not (
            url == origin or url.startswith(origin + "/"))

    ctx.route(outside, lambda route: (events.append(f"request {route.request.url}"),
                                      route.abort()))
    ctx.on("websocket", lambda ws: events.append(f"websocket {ws.url}"))
    page = ctx.new_page()
    page.on("dialog", lambda d: (events.append(f"dialog {d.message} on {page.url}"), d.dismiss()))
    page.on("pageerror", lambda err: events.append(f"script error {err}"))
    every = sorted(p.relative_to(site).parent.as_posix() for p in site.rglob("index.html"))
    assert len(every) > 30
    # Every page the hostile files make or appear in (their titles are in every page's
    # navigation), and one page of each other kind: pages of one kind share their templates.
    hostile = {Path(rel).with_suffix("").name for rel in hostile_files()}
    pages, folders = [], set()
    for rel in every:
        folder = Path(rel).parent.as_posix()
        if Path(rel).name in hostile or folder not in folders:
            pages.append(rel)
            folders.add(folder)
    assert len(pages) >= len(hostile)
    try:
        for rel in pages:
            page.goto(base + ("" if rel == "." else rel + "/"), wait_until="load")
            page.wait_for_timeout(50)
            for button in page.locator("button.hb-tree__answer:visible").all()[:1]:
                button.click()
        page.goto(base + "snippets/hostile-reply/")
        page.locator("input[data-ph='constructor']").fill("Ann")
        page.get_by_role("button", name="Copy reply").first.click()
    finally:
        ctx.close()
    assert not events, events
