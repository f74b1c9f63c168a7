"""`handbook import`: small files in each format (written for these tests: HTML, dynamic
content, actions, an internal note, two languages, a channel pair, agent-typed gaps) become
snippets that pass `handbook check`, the report names what was not carried, nothing is
overwritten, and the exports carry the helpdesk's fields back out."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from sitebuild import copy_project

from handbook.cli import main
from handbook.core.models import Snippet
from handbook.core.yamlio import load
from handbook.helpdesk.records import split_title
from handbook.helpdesk.text import back, convert
from handbook.render.exports import helpscout_reply, zendesk_macro

FILES = Path(__file__).resolve().parent / "helpdesk_files"


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_project(tmp_path_factory.mktemp("import") / "project")


def run(*args: str) -> str:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    return result.output


def snippet(project: Path, ident: str) -> Snippet:
    data, _lines = load((project / "playbooks/snippets" / f"{ident}.yml").read_text("utf-8"))
    return Snippet.model_validate(data)


def written(output: str) -> list[str]:
    return [line.split("/")[-1].removesuffix(".yml") for line in output.splitlines()
            if line.startswith("wrote ")]


def check_lines(project: Path, idents: list[str]) -> list[str]:
    result = CliRunner().invoke(main, ["check", str(project / "playbooks/snippets")])
    return [line for line in result.output.splitlines()
            if any(f"snippets/{i}.yml" in line for i in idents)]


def test_zendesk_json_round_trip(project: Path) -> None:
    before = sorted(p.name for p in (project / "playbooks/snippets").iterdir())
    dry = run("import", "zendesk", str(FILES / "zendesk-macros.json"), "--dry-run",
              "-C", str(project))
    assert "would write playbooks/snippets/escalate-internal.yml" in dry
    assert sorted(p.name for p in (project / "playbooks/snippets").iterdir()) == before
    output = run("import", "zendesk", str(FILES / "zendesk-macros.json"), "-C", str(project))
    idents = written(output)
    # The channel pair is one snippet; the Russian macro one of its own.
    assert len(idents) == 3, output
    assert check_lines(project, idents) == []
    refund = snippet(project, next(i for i in idents if i.startswith("refund-approved")))
    assert set(refund.variants) == {"email", "chat"} and refund.tags == ["billing"]
    assert refund.placeholders["amount"].required
    assert refund.placeholders["fill_in_before_is_back"].required
    assert "**[[amount]]**" in refund.variants["email"]
    assert "[refunds](https://example.com/r)" in refund.variants["email"]
    macro = zendesk_macro(refund, "email")["macro"]
    actions = {a["field"]: a["value"] for a in macro["actions"]}
    assert actions["status"] == "solved" and actions["current_tags"] == "refund"
    assert "{{ticket.requester.first_name}}" in actions["comment_value_html"]
    assert "<strong>[Amount]</strong>" in actions["comment_value_html"]
    assert macro["restriction"] == {"type": "Group", "ids": [5]}
    note = snippet(project, "escalate-internal")
    assert note.zendesk.public is False
    assert zendesk_macro(note, "email")["macro"]["actions"][1] == {
        "field": "comment_mode_is_public", "value": False}
    russian = snippet(project, next(i for i in idents if i.endswith("-ru")))
    assert russian.language == "ru" and russian.subject == "Возврат"
    assert "Вернули [[" in russian.variants["email"]
    # The report, per macro: every action, variable and template it could not carry.
    assert "action 'notification_user'" in output
    assert "dynamic content '{{dc.escalation_note}}'" in output
    assert ("Liquid block '{% if ticket.priority == 'urgent' %}now{% endif %}' can't be held "
            "by a snippet") in output
    assert "'{{current_user.name}}' has no mapping" in output


def test_import_never_overwrites(project: Path, tmp_path: Path) -> None:
    target = project / "playbooks/snippets/password-reset.yml"
    target.write_text("mine\n", encoding="utf-8")
    output = run("import", "helpscout", str(FILES / "helpscout-saved-replies.json"),
                 "-C", str(project))
    assert target.read_text(encoding="utf-8") == "mine\n"
    assert "wrote playbooks/snippets/password-reset-2.yml" in output
    target.unlink()
    reset = snippet(project, "password-reset-2")
    assert reset.placeholders["first_name"].fallback == "there"
    assert reset.placeholders["agent_name"].required  # an empty fallback: the agent fills it
    assert "[this link](https://example.com/reset)" in reset.variants["email"]
    assert reset.variants["chat"].startswith("Hi [[first_name]]!")
    body = helpscout_reply(reset)
    assert body["chatText"].startswith("Hi {%customer.firstName,fallback=there%}!")
    assert '<a href="https://example.com/reset">this link</a>' in body["text"]
    assert "'Sale on' (id 12): not imported: the file holds only a preview" in output
    assert not (project / "playbooks/snippets/sale-on.yml").exists()
    assert check_lines(project, ["password-reset-2"]) == []


def test_a_list_of_previews_writes_no_snippet(tmp_path: Path) -> None:
    """rt17c 1: Help Scout's documented list shape (id, name, preview, chatPreview) holds no
    reply: a snippet of it, recording the id, would cut the saved reply down on sync."""
    project = fresh(tmp_path)
    before = sorted((project / "playbooks/snippets").iterdir())
    output = run("import", "helpscout", str(FILES / "rt17c/hs_list.json"), "-C", str(project))
    assert sorted((project / "playbooks/snippets").iterdir()) == before
    assert output.count("not imported: the file holds only a preview") == 2
    assert "export each reply in full" in output


def test_zendesk_csv_and_plain_csv(project: Path) -> None:
    output = run("import", "zendesk", str(FILES / "zendesk-macros.csv"), "-C", str(project))
    (late,) = written(output)
    order = snippet(project, late)
    assert set(order.variants) == {"email", "chat"} and order.tags == ["shipping"]
    assert order.placeholders["order_number"].required
    assert [a.field for a in order.zendesk.actions] == ["status", "current_tags", "follower"]
    output = run("import", "csv", str(FILES / "replies.csv"), "-C", str(project))
    idents = written(output)
    assert len(idents) == 2
    english, russian = (snippet(project, i) for i in idents)
    assert english.language == "en" and russian.language == "ru"
    assert english.tags == ["onboarding", "greetings"] and english.subject == "Welcome"
    assert english.placeholders["first_name"].required
    assert "column 'colour' is not one of" in output
    assert check_lines(project, [late, *idents]) == []


def test_unreadable_files_are_one_line(project: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    result = CliRunner().invoke(main, ["import", "zendesk", str(bad), "-C", str(project)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert f"{bad}: not JSON" in result.output


@pytest.mark.parametrize(("raw", "expected"), [
    ("Billing::Refunds::Approved (chat)", ("Approved", ["billing", "refunds"], "chat", None)),
    ("Возврат одобрен (RU)", ("Возврат одобрен", [], None, "ru")),
    ("Welcome [pt-BR] (email)", ("Welcome", [], "email", "pt-BR")),
    ("Plain", ("Plain", [], None, None)),
])
def test_titles_give_categories_channel_and_language(raw: str, expected: tuple) -> None:
    assert split_title(raw) == expected


def test_gaps_and_variables_become_placeholders() -> None:
    result = convert("Hi {%customer.firstName,fallback=there%}, [AMOUNT] on XXXX "
                     "[see below] {{ticket.id}}", html=False)
    assert result.markdown == ("Hi [[first_name]], [[amount]] on [[fill_in_after_on]] "
                               "[see below] [[ticket_id]]")
    assert result.placeholders["first_name"].fallback == "there"
    assert result.placeholders["fill_in_after_on"].label == "Fill in (after 'on')"
    assert all(result.placeholders[n].fallback is None
               for n in ("amount", "fill_in_after_on", "ticket_id"))
    assert result.dropped == []


def test_mapped_custom_fields_come_back_as_their_placeholders() -> None:
    tables = back({"order_number": "ticket.ticket_field_7"}, {"order_number": "conversation.no"})
    zendesk = convert("Order {{ticket.ticket_field_7}}.", html=False, tables=tables)
    assert zendesk.markdown == "Order [[order_number]]." and zendesk.dropped == []
    assert zendesk.placeholders["order_number"].label == "Order number"
    helpscout = convert("Order {%conversation.no,fallback=yours%}.", html=False, tables=tables)
    assert helpscout.markdown == "Order [[order_number]]."
    assert helpscout.placeholders["order_number"].fallback == "yours"


# -- the tester's report (rt17): inputs in helpdesk_files/rt17 -----------------------------
RT = FILES / "rt17"


def fresh(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "p")


def imported(project: Path, kind: str, name: str) -> tuple[str, dict[str, Snippet]]:
    before = {p.name for p in (project / "playbooks/snippets").iterdir()}
    output = run("import", kind, str(RT / name), "-C", str(project))
    new = sorted({p.name for p in (project / "playbooks/snippets").iterdir()} - before)
    snippets = {n.removesuffix(".yml"): snippet(project, n.removesuffix(".yml")) for n in new}
    assert check_lines(project, list(snippets)) == [] or all(
        ": warning:" in line for line in check_lines(project, list(snippets))), output
    return output, snippets


def test_ids_category_and_what_the_pair_drops_are_kept(tmp_path: Path) -> None:
    project = fresh(tmp_path)
    output, found = imported(project, "zendesk", "zd1.json")
    refund = found["refund-issued"]
    assert refund.zendesk.ids == {"email": 360001, "chat": 360002}
    assert refund.zendesk.category == "Billing::Refunds"
    title = zendesk_macro(refund, "chat")["macro"]["title"]
    assert title == "Billing::Refunds::Refund issued (chat)"
    # The halves agree on actions and restriction (else they are two snippets:
    # test_import_pairs); the chat macro's missing subject is said, not silently replaced.
    assert ("'Billing::Refunds::Refund issued (chat)' (id 360002) -> refund-issued: its "
            "subject (none) is not Zendesk macro") in output, output
    # Liquid default is the fallback; if/else a placeholder with the else text as fallback.
    assert refund.placeholders["first_name"].fallback == "there"
    note = found["tier-2-handoff"]
    assert "on-callnormal" not in note.variants["email"]
    assert note.placeholders["ticket_priority"].fallback is None  # the agent picks (rt17d 7)
    assert "else normal queue" in note.placeholders["ticket_priority"].label
    # Unmapped variables: the mkdocs.yml lines that keep them are printed.
    assert "      ticket_url: ticket.url" in output
    assert "      refund_policy: dc.refund_policy" in output
    # Non-Latin titles give readable ids; "(UK)" stays in the title; guesses are reported.
    assert "zaderzhka-zakaza-ru" in found and found["zaderzhka-zakaza-ru"].language == "ru"
    assert "read as the language 'ru' (Russian)" in output
    assert found["delayed-order-uk"].language is None
    assert found["delayed-order-uk"].title == "Delayed order (UK)"
    # Same full Zendesk title twice: the second is made unique and reported.
    titles = [(s.zendesk.category if s.zendesk else None, s.title.casefold())
              for s in found.values()]
    assert len(titles) == len(set(titles))
    # An invalid action is dropped, not the macro; an empty macro is skipped with a line.
    assert "action 'status' = 'new' left out" in output and "status-new" in found
    assert "'Empty body' (id 360012): not imported: it has no reply text" in output
    # A second import of the same file writes nothing.
    again = run("import", "zendesk", str(RT / "zd1.json"), "-C", str(project))
    assert written(again) == [] and "already imported as snippet 'refund-issued'" in again


@pytest.mark.parametrize(("kind", "name"), [
    ("helpscout", "hs1.json"), ("helpscout", "hs_sep.json"), ("zendesk", "c_deep.json"),
    ("zendesk", "c_ph_token.json"), ("zendesk", "c_field_inject.json"),
    ("zendesk", "c_yaml.json"), ("zendesk", "c_brace_fallback.json"),
    ("zendesk", "c_restr_bool.json"), ("zendesk", "c_status_int.json"),
    ("zendesk", "c_value_dict.json"), ("zendesk", "c_value_null.json"),
    ("csv", "plain.csv"), ("csv", "plain_semicolon.csv"), ("csv", "plain_utf16.csv"),
])
def test_odd_input_is_imported_or_reported_never_a_traceback(tmp_path: Path, kind: str,
                                                             name: str) -> None:
    output, found = imported(fresh(tmp_path), kind, name)
    for snip in found.values():
        for text in snip.variants.values():
            assert "hbimport" not in text or "hbimport0x and hbimport7x" in text
    if name == "c_field_inject.json":  # the hostile field is one report line, not an action
        (only,) = found.values()
        assert only.zendesk is None or all(a.field != "status" for a in only.zendesk.actions)
        assert "left out" in output
    if name == "c_yaml.json":
        assert {"yes", "off", "null", "404", "0x1f"} <= set(found)
    if name == "c_ph_token.json":
        (only,) = found.values()
        assert only.variants["email"].startswith("hbimport0x and hbimport7x and [[ticket_id]]")
    if name == "c_deep.json":
        assert "nested too deep" in output
    if name == "hs_sep.json":
        assert "U+2028" in output


def test_latin1_csv_is_one_line_with_the_fix(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["import", "csv", str(RT / "plain_latin1.csv"), "-C",
                                       str(fresh(tmp_path))])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "save it as UTF-8" in result.output


def test_html_is_kept_as_text_escaped_and_every_drop_reported(tmp_path: Path) -> None:
    project = fresh(tmp_path)
    output, found = imported(project, "helpscout", "hs1.json")
    rich = found["rich"].variants["email"]
    assert "**Heading**" in rich and "Plan | $10" in rich and "code block" in rich
    for line in ("image 'diagram' left out", "<hr> left out", "heading 'Heading' became",
                 "a table became 1 line(s)", "preformatted text became plain lines"):
        assert line in output
    # rt17e: the email half's own chatText and the "(chat)" half differ: both are kept
    assert "'Refund (chat)' (id 503) -> refund-2: not merged with Help Scout saved reply " \
        "'Refund (email)' (id 504): that reply's own chatText says something else" in output
    assert found["refund"].variants["chat"] == "chatText of email one"
    assert found["refund-2"].variants["chat"].startswith("Chat refund text")
    _out, coupon = imported(project, "helpscout", "coupon.json")
    body = helpscout_reply(coupon["coupon"])
    assert "<ol" not in body["text"] and "<ul" not in body["text"]
    assert "2024. Great year" in body["text"] and "- not a list" in body["text"]
    assert body["chatText"] == "Code 10*OFF*"  # escapes read back as written (defect 19)


def test_gap_forms_become_placeholders() -> None:
    result = convert("Pay $XX.XX or £xx.xx for [Order Number], <<FIRST_NAME>>, {FIRSTNAME}, "
                     "[#ORDER] and code XXXX-XXXX.", html=False)
    assert result.markdown == ("Pay [[amount]] or [[amount_2]] for [[order_number]], "
                               "[[first_name]], [[firstname]], [[order]] and code [[code]].")
    assert all(p.fallback is None for p in result.placeholders.values())


def test_one_page_of_a_list_is_named() -> None:
    from handbook.helpdesk.sources import read

    notes: list[str] = []
    page = ('{"macros": [{"id": 1, "title": "A", "actions": [{"field": "comment_value", '
            '"value": "x"}]}], "next_page": "https://x.zendesk.com/api/v2/macros?page=2", '
            '"count": 42}')
    assert len(read("zendesk", page, notes)) == 1
    assert notes and "holds 1 replies of 42" in notes[0] and "follow next_page" in notes[0]


# rt17b: Zendesk's usual name-fallback Liquid, each form (liq.json, the tester's macros).
LIQUID_FORMS = [m["actions"][0]["value"] for m in __import__("json").loads(
    (FILES / "rt17b/liq.json").read_text("utf-8"))] + [
    "Hi {% if ticket.requester.first_name == empty %}there{% else %}"
    "{{ticket.requester.first_name}}{% endif %}, thanks.",
    "Hi {%- unless ticket.requester.first_name -%}there{%- else -%}"
    "{{ ticket.requester.first_name }}{%- endunless -%}, thanks.",
    "Hi {% if ticket.requester.first_name != '' %}{{ticket.requester.first_name | strip}}"
    "{% else %}there{% endif %}, thanks."]


@pytest.mark.parametrize("text", LIQUID_FORMS)
def test_liquid_name_fallbacks_become_a_placeholder_with_the_fallback(text: str) -> None:
    out = convert(text, html=False)
    assert out.markdown == "Hi [[first_name]], thanks."
    assert out.placeholders["first_name"].fallback == "there"
    assert not any("| |" in line for line in out.dropped)


def test_liquid_filters_after_default_and_without_else() -> None:
    out = convert("Hi {{ticket.requester.first_name | default: 'there' | capitalize}}.",
                  html=False)
    assert out.placeholders["first_name"].fallback == "there"
    assert out.dropped == ["Liquid filter '| capitalize' on 'ticket.requester.first_name' was "
                           "taken out: a placeholder holds the value as it is"]
    bare = convert("Hi {% if ticket.requester.first_name %}{{ticket.requester.first_name}}"
                   "{% endif %}.", html=False)
    assert bare.markdown == "Hi [[first_name]]." and bare.placeholders["first_name"].fallback \
        is None


def test_liquid_it_cannot_carry_stays_visible_as_a_required_gap() -> None:
    out = convert("Hi {%- if ticket.organization.name -%}from {{ticket.organization.name}}"
                  "{%- endif -%}, {% unless ticket.status == 'solved' %}we're on it"
                  "{% endunless %}. {% case x %}{% when 'a' %}A{% endcase %}!", html=False)
    assert out.markdown == "Hi [[liquid_block]], [[liquid_block_2]]. [[liquid_block_3]]!"
    assert all(p.fallback is None for p in out.placeholders.values())
    assert out.placeholders["liquid_block_2"].label == "Fill in (depends on status)"
    assert any("unless ticket.status == 'solved'" in line for line in out.dropped)
    assert sum("can't be held by a snippet" in line for line in out.dropped) == 3


def test_two_if_else_blocks_on_one_variable_keep_their_own_texts() -> None:
    out = convert("<p>{% if ticket.org == 'VIP' %}Free shipping.{% else %}Sorry for the "
                  "wait.{% endif %}</p><p>{% if ticket.org == 'VIP' %}Call us.{% else %}Reply "
                  "to this email.{% endif %}</p>", html=True)
    assert out.markdown == "[[ticket_org]]\n\n[[ticket_org_2]]"
    assert out.placeholders["ticket_org"].label.endswith("else Sorry for the wait.")
    label = out.placeholders["ticket_org_2"].label
    assert "Call us." in label and label.endswith("else Reply to this email.")
    assert out.placeholders["ticket_org_2"].fallback is None
    assert any("the required placeholder [[ticket_org_2]], and the agent types 'Call us.' when "
               "ticket.org == 'VIP', else 'Reply to this email.'" in line for line in out.dropped)
    twice = convert("{{a.b | default: 'x'}} {{a.b | default: 'y'}}", html=False)
    assert twice.markdown == "[[a_b]] [[a_b_2]]" and twice.unmapped["a_b_2"] == "a.b"
    assert any("a.b is written with the fallback 'y' here and 'x' before" in line
               for line in twice.dropped)


def test_a_macro_listed_twice_is_written_once(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    macro = ('{"id": 8001, "title": "Dup listed", "active": true, "actions": [{"field": '
             '"comment_value_html", "value": "<p>one</p>"}]}')
    twice = tmp_path / "twice.json"
    twice.write_text(f'{{"macros": [{macro}, {macro}]}}', "utf-8")
    output = run("import", "zendesk", str(twice), "-C", str(project))
    assert written(output) == ["dup-listed"]
    assert "already imported as snippet 'dup-listed'" in output


# rt17b 4, 8, 10, 11: the tester's files in helpdesk_files/rt17b.
RT2 = FILES / "rt17b"


def test_language_versions_keep_their_marker_in_titles_exports_and_sync(tmp_path: Path,
                                                                         ) -> None:
    project = fresh(tmp_path)
    output = run("import", "zendesk", str(RT2 / "zd_a.json"), "-C", str(project))
    german, english = snippet(project, "voucher-issued-de"), snippet(project, "voucher-issued")
    assert (german.title, german.language) == ("Voucher issued (DE)", "de")
    assert (english.title, english.language) == ("Voucher issued", None)
    assert "(2)" not in output
    assert zendesk_macro(german, "email")["macro"]["title"] == "Billing::Voucher issued (DE)"
    assert zendesk_macro(english, "email")["macro"]["title"] == "Billing::Voucher issued"
    # Abbreviations are not languages: (ID), (SMS), (ACH) stay titles with no language.
    for ident, title in (("verify-identity-id", "Verify identity (ID)"),
                         ("order-confirmation-sms", "Order confirmation (SMS)"),
                         ("bank-transfer-refund-ach", "Bank transfer refund (ACH)")):
        assert (snippet(project, ident).title, snippet(project, ident).language) == (title,
                                                                                     None)
    # Help Scout: "Password reset (FR)" keeps its name, the pair's stays "Password reset".
    run("import", "helpscout", str(RT2 / "hs_a.json"), "-C", str(project))
    french = snippet(project, "password-reset-fr")
    assert helpscout_reply(french)["name"] == "Password reset (FR)"
    assert snippet(project, "password-reset").title == "Password reset"


def test_a_language_from_a_column_is_added_to_export_titles_only() -> None:
    reply = Snippet.model_validate({
        "id": "bienvenue", "title": "Bienvenue", "owner": "x", "reviewed": "2024-01-01",
        "review_every": "180d",
        "language": "fr", "variants": {"email": "Bonjour"}})
    assert helpscout_reply(reply)["name"] == "Bienvenue (FR)"
    assert split_title(zendesk_macro(reply, "email")["macro"]["title"])[3] == "fr"


@pytest.mark.parametrize(("raw", "language"), [
    ("Verify (ID)", None), ("Texts (SMS)", None), ("Refund (ACH)", None),
    ("Voucher (DE)", "de"), ("Hola (es)", "es"), ("Welcome (yue-HK)", "yue-HK")])
def test_only_clear_language_suffixes_are_languages(raw: str, language: str | None) -> None:
    assert split_title(raw)[3] == language


def test_pages_of_an_export_imported_in_one_run_merge_their_pairs(tmp_path: Path) -> None:
    project = fresh(tmp_path)
    output = run("import", "zendesk", str(RT2 / "pg1.json"), str(RT2 / "pg2.json"),
                 "-C", str(project))
    assert written(output) == ["parcel-delayed"]
    assert snippet(project, "parcel-delayed").zendesk.ids == {"email": 9001, "chat": 9002}
    assert "import them in one run" in output


def test_a_pair_half_imported_later_says_which_snippet_it_belongs_to(tmp_path: Path) -> None:
    project = fresh(tmp_path)
    run("import", "zendesk", str(RT2 / "pg1.json"), "-C", str(project))
    output = run("import", "zendesk", str(RT2 / "pg2.json"), "-C", str(project))
    assert "snippet 'parcel-delayed' has no chat variant" in output


def test_a_plain_csv_row_with_one_bad_field_is_kept(tmp_path: Path) -> None:
    project = fresh(tmp_path)
    output = run("import", "csv", str(RT2 / "plain.csv"), "-C", str(project))
    assert "not written" not in output
    assert snippet(project, "bad-lang-en").language == "en"
    assert "language 'english' was written as its code, 'en'" in output
    weird = snippet(project, "tags-weird")
    assert weird.tags == ["script", "etc", "a/b", "äöü"]
    assert "tag '../../etc' was written 'etc'" in output
    assert snippet(project, "bienvenue-fr").title == "Bienvenue"  # the column's language
    from handbook.helpdesk.records import language_code
    assert language_code("klingonish")[0] is None


def test_gap_labels_and_names_keep_what_was_written() -> None:
    result = convert("Hi [PRÉNOM], [\u0421\u0423\u041c\u041c\u0410] for [RMA], "
                     "[ORDER ID] and [TAX] [FIRST NAME].", html=False)
    assert result.markdown == ("Hi [[prenom]], [[summa]] for [[rma]], [[order_id]] and "
                               "[[tax]] [[first_name]].")
    labels = {n: p.label for n, p in result.placeholders.items()}
    assert labels == {"prenom": "Prénom", "summa": "\u0421\u0443\u043c\u043c\u0430", "rma": "RMA",
                      "order_id": "Order ID", "tax": "Tax", "first_name": "First name"}
    raw = convert("<p>Dear <<CUSTOMER_NAME>>, thanks.</p>", html=True)
    assert raw.markdown == "Dear [[customer_name]], thanks."
    assert raw.dropped == ["the gap 'Customer name' became [[customer_name]], a placeholder "
                           "the helpdesk fills in itself: check that is what the gap asked "
                           "for, or rename the placeholder"]


def test_what_a_pair_merge_and_a_refused_link_lose_is_reported(tmp_path: Path) -> None:
    project = fresh(tmp_path)
    output = run("import", "helpscout", str(RT2 / "hs_a.json"), "-C", str(project))
    reset = snippet(project, "password-reset")
    assert reset.placeholders["customer_email"].required
    assert ("'Password reset (chat)' (id 7003) -> password-reset: its [[customer_email]] has "
            "the fallback 'your email', the email variant's required") in output
    assert "the link to 'javascript:alert(1)' left out (its text kept)" in output


def test_liquid_outputs_are_gaps_and_fields_of_a_block_taken_out_are_not_placeholders(
        ) -> None:
    braces = convert("Type {{ and }} around a name: {{ticket.id}}.", html=False)
    # Zendesk reads "{{ and }}" as an output (of nothing): a gap, never "{ { and } }".
    assert braces.markdown == "Type [[fill_in]] around a name: [[ticket_id]]."
    assert braces.placeholders["fill_in"].fallback is None
    nested = convert("{% for x in list %}{% if x %}{{x.name}}{% endif %}{% endfor %} ok",
                     html=False)
    assert "x_name" not in nested.placeholders and "x_name" not in nested.unmapped
    assert list(nested.placeholders) == [n.strip("[]") for n in nested.markdown.split()[:1]]
