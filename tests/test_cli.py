"""The `handbook` command: check (formats, exit codes, path filter), new, owners, stale."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from sitebuild import ROOT, TODAY, copy_project

from handbook.cli import main

ENV = {"HANDBOOK_TODAY": TODAY}
PLAYBOOK = """---
title: {title}
summary: Used by the command-line tests.
owner: "{owner}"
reviewed: {reviewed}
review_every: {every}
---

## Section

Body text.
"""


def playbook(title: str = "Test page", owner: str = "@acme/support-leads",
             reviewed: str = "2026-11-01", every: str = "90d") -> str:
    return PLAYBOOK.format(title=title, owner=owner, reviewed=reviewed, every=every)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the shipped handbook, with its committed CODEOWNERS."""
    dest = copy_project(tmp_path / "handbook")
    (dest / ".github").mkdir()
    shutil.copy2(ROOT / ".github" / "CODEOWNERS", dest / ".github" / "CODEOWNERS")
    return dest


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args], env=ENV)


def write(project: Path, rel: str, text: str) -> Path:
    path = project / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# -- check -----------------------------------------------------------------------------------

def test_the_shipped_handbook_checks_clean_even_under_strict(project: Path) -> None:
    result = run("check", project, "--strict")
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert result.stderr.startswith("no problems in ")
    assert "Traceback" not in result.output


def test_errors_exit_1_with_sorted_lines_and_a_summary_on_stderr(project: Path) -> None:
    write(project, "playbooks/zz.md", playbook().replace("review_every: 90d", "review_every: 9x"))
    write(project, "playbooks/aa.md", playbook(reviewed="2026-13-01"))
    result = run("check", project)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines == sorted(lines)
    assert lines[0].startswith("playbooks/aa.md:5:1: error: field 'reviewed': ")
    assert any(line.startswith("playbooks/zz.md:6:1: error: field 'review_every': '9x' is not")
               for line in lines)
    summary = result.stderr.strip().splitlines()[-1]
    assert summary.startswith("2 errors, ") and summary.endswith(" files")


def test_warnings_pass_unless_strict(project: Path) -> None:
    write(project, "playbooks/old.md", playbook(reviewed="2026-01-05"))
    (project / ".github" / "CODEOWNERS").unlink()  # and a second kind of warning
    result = run("check", project)
    assert result.exit_code == 0, result.output
    assert ("playbooks/old.md:5:1: warning: review overdue since 2026-04-05 (232 days; owner "
            "@acme/support-leads)") in result.stdout
    assert ".github/CODEOWNERS:1:1: warning: CODEOWNERS is missing" in result.stdout
    assert "0 errors, 2 warnings" in result.stderr
    assert run("check", project, "--strict").exit_code == 1


def test_github_format_prints_workflow_annotations(project: Path) -> None:
    write(project, "playbooks/typo.md", playbook().replace("summary:", "sumary:"))
    result = run("check", project, "--format", "github")
    assert result.exit_code == 1
    assert ("::error file=playbooks/typo.md,line=3,col=1::unknown field 'sumary' "
            "(did you mean 'summary'?)") in result.stdout.splitlines()


def test_github_format_escapes_the_file_property_and_the_message(project: Path) -> None:
    # Unescaped, ',' ends the file property and ':' starts the message: the annotation
    # would land on a file named "playbooks/a".
    write(project, "playbooks/a,b:c%d.md", playbook().replace("summary:", "sumary:"))
    result = run("check", project, "--format", "github")
    assert ("::error file=playbooks/a%2Cb%3Ac%25d.md,line=3,col=1::unknown field 'sumary' "
            "(did you mean 'summary'?)") in result.stdout.splitlines()


def test_github_format_escapes_percent_and_line_breaks_in_the_message() -> None:
    from handbook.problems import Problem

    line = Problem("x.md", 2, 3, "error", "100% wrong\r\nhere", "a:b,c").github()
    assert line == "::error file=x.md,line=2,col=3::100%25 wrong%0D%0Ahere (a:b,c)"


def test_github_paths_start_at_the_repository_root(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    project = copy_project(repo / "support" / "handbook")
    write(project, "playbooks/bad.md", "no front matter\n")
    result = run("check", project, "--format", "github")
    assert "::error file=support/handbook/playbooks/bad.md,line=1,col=1::" in result.stdout
    # CODEOWNERS lives at the repository root and names paths from there.
    assert "::warning file=.github/CODEOWNERS,line=1,col=1::CODEOWNERS is missing" in result.stdout
    assert "../../.github/CODEOWNERS:1:1: warning:" in run("check", project).stdout
    assert run("owners", "--project", project).exit_code == 0
    codeowners = (repo / ".github" / "CODEOWNERS").read_text(encoding="utf-8")
    assert "/support/handbook/playbooks/six-support-rules.md @acme/support-leads" in codeowners


def test_json_format_is_a_list_of_problems(project: Path) -> None:
    write(project, "playbooks/snippets/x.yml", "id: x\n")
    result = run("check", project, "--format", "json")
    assert result.exit_code == 1
    problems = json.loads(result.stdout)
    assert {p["path"] for p in problems} == {"playbooks/snippets/x.yml"}
    assert set(problems[0]) == {"path", "line", "col", "severity", "message", "hint"}
    assert any(p["message"] == "missing required field 'title'" for p in problems)


def test_json_format_prints_an_empty_list_when_clean(project: Path) -> None:
    result = run("check", project, "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == []


def test_a_path_inside_the_project_reports_only_problems_under_it(project: Path) -> None:
    write(project, "playbooks/one.md", "no front matter\n")
    write(project, "playbooks/snippets/two.yml", "id: two\n")
    only_file = run("check", project / "playbooks" / "one.md")
    assert only_file.exit_code == 1
    assert {line.split(":")[0] for line in only_file.stdout.splitlines()} == {"playbooks/one.md"}
    assert "in 1 file under playbooks/one.md" in only_file.stderr
    only_snippets = run("check", project / "playbooks" / "snippets")
    assert {line.split(":")[0] for line in only_snippets.stdout.splitlines()} == {
        "playbooks/snippets/two.yml"}
    clean = run("check", project / "playbooks" / "trees")
    assert clean.exit_code == 0 and "no problems in 3 files under playbooks/trees" in clean.stderr


def test_the_project_is_found_from_the_current_folder(project: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    write(project, "playbooks/bad.md", "no front matter\n")
    monkeypatch.chdir(project / "playbooks" / "snippets")
    result = run("check")
    assert result.exit_code == 1
    assert result.stdout.startswith("playbooks/bad.md:1:1: error: playbook has no front matter")


@pytest.mark.parametrize("args", [
    ["check", "--format", "xml"],
    ["check", "/no/such/folder"],
    ["new", "page", "x"],
    ["new", "playbook", "!!!"],
    ["stale", "--within", "soon"],
    ["frobnicate"],
])
def test_usage_errors_exit_2(args: list[str], project: Path) -> None:
    result = CliRunner().invoke(main, args, env=ENV)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output


def test_outside_a_handbook_says_what_to_do(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = run("check")
    assert result.exit_code == 2
    assert "no mkdocs.yml" in result.stderr and "pass the handbook's folder" in result.stderr


@pytest.mark.parametrize("command", [[], ["check"], ["new"], ["owners"], ["stale"]])
def test_every_command_has_help(command: list[str]) -> None:
    result = CliRunner().invoke(main, [*command, "--help"])
    assert result.exit_code == 0
    assert "Usage: " in result.output


# -- new -------------------------------------------------------------------------------------

@pytest.mark.parametrize(("kind", "rel"), [
    ("playbook", "playbooks/refund-requests.md"),
    ("snippet", "playbooks/snippets/refund-requests.yml"),
    ("tree", "playbooks/trees/refund-requests.yml"),
])
def test_new_writes_a_file_that_checks_clean(kind: str, rel: str, project: Path) -> None:
    result = run("new", kind, "Refund requests", "--project", project)
    assert result.exit_code == 0, result.output
    path = project / rel
    text = path.read_text(encoding="utf-8")
    assert f"reviewed: {TODAY}" in text
    assert 'title: "Refund requests"' in text
    # CODEOWNERS was kept in step, so even a strict check passes.
    check = run("check", project, "--strict")
    assert check.exit_code == 0, check.output
    assert f"/{rel} " in (project / ".github" / "CODEOWNERS").read_text(encoding="utf-8")


def test_new_refuses_to_overwrite(project: Path) -> None:
    path = project / "playbooks" / "six-support-rules.md"
    before = path.read_bytes()
    result = run("new", "playbook", "six-support-rules", "--project", project)
    assert result.exit_code == 1
    assert "already exists" in result.stderr and "choose another NAME" in result.stderr
    assert path.read_bytes() == before


def test_new_refuses_a_retired_snippet_id(project: Path) -> None:
    write(project, "playbooks/snippets/heard-hear.yml",
          (project / "playbooks/snippets/heard-hear.yml").read_text(encoding="utf-8")
          + "aliases: [old-hear]\n")
    result = run("new", "snippet", "old-hear", "--project", project)
    assert result.exit_code == 1
    assert "old id of snippet 'heard-hear'" in result.stderr


def test_new_tree_points_where_it_is_told(project: Path) -> None:
    result = run("new", "tree", "billing-dispute", "--project", project,
                 "--playbook", "six-support-rules#be-transparent", "--snippet", "heard-hear")
    assert result.exit_code == 0, result.output
    text = (project / "playbooks/trees/billing-dispute.yml").read_text(encoding="utf-8")
    assert 'playbook: "six-support-rules#be-transparent"' in text
    assert 'snippet: "heard-hear"' in text
    assert run("check", project / "playbooks/trees/billing-dispute.yml").exit_code == 0


def test_new_tree_rejects_a_missing_target_with_a_hint(project: Path) -> None:
    result = run("new", "tree", "x", "--project", project, "--playbook", "six-support-rule")
    assert result.exit_code == 1
    assert "did you mean 'six-support-rules'?" in result.stderr
    assert not (project / "playbooks/trees/x.yml").exists()


@pytest.mark.parametrize(("name", "kind"), [("snippets/x", "snippet"), ("trees/Some Tree", "tree"),
                                           ("snippets/deeper/x", "snippet")])
def test_new_refuses_a_playbook_where_only_snippets_or_trees_are_read(
        project: Path, name: str, kind: str) -> None:
    result = run("new", "playbook", name, "--project", project)
    assert result.exit_code == 2, result.output
    stem = name.split("/")[-1].lower().replace(" ", "-")
    assert (f"Error: NAME '{name}' would put a playbook in playbooks/{kind}s/, which holds only "
            f"{kind}s (.yml files), so it would never be published. Choose another NAME, or "
            f"run `handbook new {kind} {stem}`.") in result.stderr
    assert not list((project / "playbooks" / f"{kind}s").rglob("*.md"))  # nothing written


def test_new_takes_owner_and_period(project: Path) -> None:
    result = run("new", "snippet", "late-refund", "--owner", "@acme/billing",
                 "--review-every", "6m", "--project", project)
    assert result.exit_code == 0, result.output
    text = (project / "playbooks/snippets/late-refund.yml").read_text(encoding="utf-8")
    assert 'owner: "@acme/billing"' in text and "review_every: 6m" in text
    assert run("check", project, "--strict").exit_code == 0


TOO_LONG = ("is longer than 5 years (write a number and a unit, at most 5 years: d (days), "
            "w (weeks), m (months) or y (years), e.g. 90d)")


@pytest.mark.parametrize("period", ["9999y", "100000000d", "6y", "61m", "262w", "1828d"])
def test_new_refuses_a_review_period_over_5_years_and_writes_nothing(project: Path,
                                                                     period: str) -> None:
    result = run("new", "playbook", "forever", "--review-every", period, "--project", project)
    assert result.exit_code == 2, result.output
    assert f"Invalid value for '--review-every': '{period}' {TOO_LONG}" in result.stderr
    assert "Traceback" not in result.output
    assert not (project / "playbooks" / "forever.md").exists()


def test_new_takes_the_longest_period_and_check_agrees(project: Path) -> None:
    assert run("new", "tree", "slow", "--review-every", "5y", "--project", project).exit_code == 0
    assert run("check", project, "--strict").exit_code == 0
    write(project, "playbooks/slow.md", playbook(every="1828d"))
    assert (f"playbooks/slow.md:6:1: error: field 'review_every': '1828d' {TOO_LONG}"
            in run("check", project).stdout.splitlines())


def test_a_review_dated_tomorrow_is_accepted_the_day_after_is_not(project: Path) -> None:
    write(project, "playbooks/tomorrow.md", playbook(reviewed="2026-11-24"))
    assert run("check", project).exit_code == 0
    write(project, "playbooks/later.md", playbook(reviewed="2026-11-25"))
    result = run("check", project)
    assert result.exit_code == 1
    assert [line for line in result.stdout.splitlines() if ": error: " in line] == [
        "playbooks/later.md:5:1: error: field 'reviewed': review date 2026-11-25 is in the "
        "future (set 'reviewed' to the day the content was last reviewed, today at the latest)"]


# -- owners ----------------------------------------------------------------------------------

def test_the_committed_codeowners_is_up_to_date() -> None:
    result = CliRunner().invoke(main, ["owners", "--check", "--project", str(ROOT)])
    assert result.exit_code == 0, result.output


def test_owners_writes_the_section_and_keeps_other_lines(project: Path) -> None:
    owners = project / ".github" / "CODEOWNERS"
    owners.write_text("* @acme/maintainers\n", encoding="utf-8")
    warned = run("check", project)
    assert "CODEOWNERS has no section generated from front matter" in warned.stdout
    assert run("owners", "--check", "--project", project).exit_code == 1
    result = run("owners", "--project", project)
    assert result.exit_code == 0 and "Wrote" in result.stdout
    text = owners.read_text(encoding="utf-8")
    assert text.startswith("* @acme/maintainers\n")
    assert "/playbooks/outage-communications.md @acme/incident-comms" in text
    assert "/playbooks/snippets/heard-hear.yml @acme/support-leads" in text
    assert "/playbooks/trees/upset-customer.yml @acme/support-leads" in text
    assert run("owners", "--check", "--project", project).exit_code == 0
    assert "already up to date" in run("owners", "--project", project).stdout
    assert run("check", project, "--strict").exit_code == 0


def test_check_warns_when_an_owner_changes_or_a_file_goes(project: Path) -> None:
    page = project / "playbooks" / "blameless-mistakes.md"
    page.write_text(page.read_text(encoding="utf-8").replace(
        'owner: "@acme/support-ops"', 'owner: "@acme/people-team"'), encoding="utf-8")
    (project / "playbooks" / "snippets" / "feedback-changed.yml").unlink()
    write(project, "playbooks/new-page.md", playbook())
    text = (project / "playbooks" / "heard-service-recovery.md").read_text(encoding="utf-8")
    (project / "playbooks" / "heard-service-recovery.md").write_text(
        text.replace("feedback-changed", "feedback-request"), encoding="utf-8")
    result = run("check", project)
    out = result.stdout
    assert ("CODEOWNERS gives playbooks/blameless-mistakes.md to @acme/support-ops, but its "
            "front matter says @acme/people-team") in out
    assert "CODEOWNERS lists playbooks/snippets/feedback-changed.yml, which is not in the" in out
    assert "CODEOWNERS has no entry for playbooks/new-page.md (owner @acme/support-leads)" in out
    assert all(": warning: " in line for line in out.splitlines() if "CODEOWNERS" in line)
    assert "(run `handbook owners`, then commit .github/CODEOWNERS)" in out


def test_a_file_with_errors_keeps_its_codeowners_line(project: Path) -> None:
    page = project / "playbooks" / "blameless-mistakes.md"
    page.write_text(page.read_text(encoding="utf-8").replace("title:", "title: [", 1),
                    encoding="utf-8")
    result = run("owners", "--project", project)
    assert result.exit_code == 0 and "keeps the line it had" in result.stderr
    text = (project / ".github" / "CODEOWNERS").read_text(encoding="utf-8")
    assert "/playbooks/blameless-mistakes.md @acme/support-ops" in text
    assert "CODEOWNERS" not in run("check", project).stdout


def test_an_owner_github_cannot_use_is_a_warning(project: Path) -> None:
    write(project, "playbooks/named.md", playbook(owner="Jane Doe"))
    result = run("check", project)
    assert ("playbooks/named.md:4:1: warning: owner 'Jane Doe' is not a GitHub user, team or "
            "e-mail, so CODEOWNERS cannot ask them to review") in result.stdout
    run("owners", "--project", project)
    text = (project / ".github" / "CODEOWNERS").read_text(encoding="utf-8")
    assert "# /playbooks/named.md: no valid owner (Jane, Doe)" in text


# -- stale -----------------------------------------------------------------------------------

def test_stale_lists_overdue_and_due_soon_by_owner(project: Path) -> None:
    write(project, "playbooks/overdue.md", playbook("Overdue page", reviewed="2026-08-01"))
    write(project, "playbooks/soon.md", playbook("Soon page", owner="@acme/billing",
                                                 reviewed="2026-09-01"))
    write(project, "playbooks/later.md", playbook("Later page", reviewed="2026-11-20"))
    result = run("stale", "--project", project, "--within", "14d")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "today is 2026-11-23" in out
    billing = out.index("\n@acme/billing\n")
    leads = out.index("\n@acme/support-leads\n")
    assert billing < out.index("playbooks/soon.md") < leads  # grouped under its owner
    assert "2026-11-30  due in 7 days" in out
    assert leads < out.index("playbooks/overdue.md")
    assert "2026-10-30  overdue 24 days" in out
    assert "playbooks/later.md" not in out


def test_stale_within_0d_lists_only_overdue_and_json_has_dates(project: Path) -> None:
    write(project, "playbooks/overdue.md", playbook("Overdue page", reviewed="2026-08-01"))
    write(project, "playbooks/soon.md", playbook("Soon page", reviewed="2026-09-01"))
    rows = json.loads(run("stale", "--project", project, "--within", "0d", "--format", "json")
                      .stdout)
    assert [r["path"] for r in rows] == ["playbooks/overdue.md"]
    assert rows[0] | {"title": ""} == {
        "path": "playbooks/overdue.md", "kind": "playbook", "title": "",
        "owner": "@acme/support-leads", "reviewed": "2026-08-01", "due": "2026-10-30",
        "days_left": -24, "overdue": True}


@pytest.mark.parametrize("within", ["9999y", "100000000d", "99999999999999999999w"])
def test_stale_refuses_a_window_over_5_years(project: Path, within: str) -> None:
    result = run("stale", "--project", project, "--within", within)
    assert result.exit_code == 2, result.output
    assert f"Invalid value for '--within': '{within}' {TOO_LONG}" in result.stderr
    assert "Traceback" not in result.output


def test_stale_within_5y_lists_every_review(project: Path) -> None:
    result = run("stale", "--project", project, "--within", "5y", "--format", "json")
    assert result.exit_code == 0, result.output
    assert len(json.loads(result.stdout)) == 4 + 19 + 3  # playbooks, snippets, trees


def test_stale_says_when_nothing_is_due(project: Path) -> None:
    result = run("stale", "--project", project, "--within", "1d")
    assert result.exit_code == 0
    assert "Nothing is overdue or due for review by 2026-11-24." in result.stdout
