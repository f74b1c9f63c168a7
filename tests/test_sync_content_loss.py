"""Issue 17, rt17f 1: the first sync after an import would send what the import could not
carry (a link, an image, a table, struck-through text) to the live macro or saved reply;
such an update is refused per step, naming what is lost, and sent only with
--allow-content-loss (in capitals), against the local stand-in."""

from __future__ import annotations

from pathlib import Path

from helpdesk_standin import StandIn
from test_sync_guards import imported, project, settle, stand_in, sync

from handbook.helpdesk.content_loss import lost_content

__all__ = ["project", "stand_in"]  # the fixtures, used by name


def _html(macro: dict) -> str:
    return next(a["value"] for a in macro["actions"] if a["field"] == "comment_value_html")


def test_zendesk_links_images_and_tables_are_not_removed_unasked(
        project: Path, stand_in: StandIn) -> None:
    guide = {"id": 7501, "title": "Returns::Guide", "active": True, "description": None,
             "restriction": None, "actions": [{"field": "comment_value_html", "value":
                                               '<p>See <a href="/hc/en-us/articles/360001">our'
                                               " returns guide</a> for details.</p>"}]}
    logo = {"id": 7504, "title": "Brand::Logo", "active": True, "description": None,
            "restriction": None, "actions": [{"field": "comment_value_html", "value":
                                              '<p>Thanks!</p><p><img src="/logo.png" '
                                              'alt="Logo"></p><table><tr><td>A</td><td>B</td>'
                                              "</tr></table>"}]}
    plain = {"id": 7507, "title": "Plain::Thanks", "active": True, "description": None,
             "restriction": None, "actions": [{"field": "comment_value_html",
                                               "value": "<p>Thanks.</p>"}]}
    for macro in (guide, logo, plain):
        stand_in.macros[macro["id"]] = dict(macro)
    imported(project, "zendesk", [guide, logo, plain])
    out = sync(project, stand_in, "zendesk", "--apply", code=1)
    line = next(ln for ln in out.splitlines() if "(id 7501)" in ln)
    assert line.startswith("refused ") and "LINK /hc/en-us/articles/360001" in line, line
    assert "to keep the macro as it is" in line and "--allow-content-loss" in line
    line = next(ln for ln in out.splitlines() if "(id 7504)" in ln)
    assert "IMAGE /logo.png, 1 TABLE: to keep the macro" in line, line  # no link to put back
    assert line.startswith("refused "), line
    assert _html(stand_in.macros[7501]) == _html(guide)
    assert _html(stand_in.macros[7504]) == _html(logo)
    out = sync(project, stand_in, "zendesk", "--apply", "--allow-content-loss")
    assert "REMOVES LINK /hc/en-us/articles/360001 (--allow-content-loss)" in out
    assert "<a " not in _html(stand_in.macros[7501])
    settle(project, stand_in, "zendesk")


def test_helpscout_links_and_strikethrough_are_not_removed_unasked(
        project: Path, stand_in: StandIn) -> None:
    reply = {"id": 9301, "name": "Status",
             "text": '<p>See <a href="/help/returns">returns</a>. Was <s>$10</s> now $8.</p>'}
    stand_in.replies = {9301: {k: v for k, v in reply.items() if k != "id"}}
    imported(project, "helpscout", [reply])
    out = sync(project, stand_in, "helpscout", "--apply", "--allow-takeover", code=1)
    line = next(ln for ln in out.splitlines() if "(id 9301)" in ln)
    assert line.startswith("refused ") and "live saved reply: LINK /help/returns, " \
        "STRIKETHROUGH (1)" in line, line
    assert stand_in.replies[9301]["text"] == reply["text"]


def test_what_is_kept_or_added_is_no_loss() -> None:
    was = {"text": '<a href="https://a.example/x">a</a> <a href="https://a.example/x">b</a>'}
    assert lost_content("helpscout", was, {"text": '<a href="https://a.example/x">a</a>'}) \
        == ["LINK https://a.example/x"]
    assert lost_content("helpscout", was, {"text": was["text"] + "<img src=y><table>"}) == []
    html = {"field": "comment_value_html", "value": "<s>old</s> new"}
    assert lost_content("zendesk", {"macro": {"actions": [html]}}, {"macro": {}}) \
        == ["STRIKETHROUGH (1)"]
    plain = {"field": "comment_value", "value": "<s>old</s> new"}  # plain text: no elements
    assert lost_content("zendesk", {"actions": [html, plain]}, {"actions": [html]}) == []
