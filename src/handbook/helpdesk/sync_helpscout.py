"""`handbook sync helpscout`: one mailbox's saved replies follow the handbook.

Documented endpoints (Help Scout Mailbox API 2.0): List Saved Replies, GET
/v2/mailboxes/{mailboxId}/saved-replies (`includeChatReplies=true` for chat-only ones; each
item id, name, preview); Get Saved Reply, GET …/saved-replies/{savedReplyId} (name, text,
chatText); Create Saved Reply, POST …/saved-replies; Update Saved Reply, PUT
…/saved-replies/{savedReplyId} (https://developer.helpscout.com/mailbox-api/endpoints/
mailboxes/saved_Replies/saved-replies-create and the pages beside it). Requests carry an
OAuth2 bearer token (https://developer.helpscout.com/mailbox-api/overview/authentication/).

A saved reply has no field for our key (name, text, chatText: nothing else is kept), so which
reply is a snippet's must be known some other way. Ways weighed:
- its name: the team's own "Refund approved" would be overwritten by the first sync of a
  handbook that ships a snippet of that title (rt17d 3), and a title edit loses the reply
  (rt17d 1); names are what people change;
- a hidden key in the reply's HTML (a comment or a data- attribute): the API documents
  `text` as the reply's text and nothing about what survives Help Scout's editor, so an
  agent's edit could drop it without a sign;
- every earlier title in git: needs the full history (CI clones one commit) and still can't
  tell a reply sync created from the team's reply of the same name;
- a file of ids that sync writes (sync_state.py, helpscout-sync.json): exact, survives any
  number of renames, and says which replies the handbook owns. Chosen.
So a snippet's reply is, in order: (1) the one sync recorded for it (or for one of its
`aliases`, a renamed snippet) in helpscout-sync.json, while its name is the one sync gave it
(recorded beside the id), the snippet's or the one it was imported with, else only with
--allow-takeover (the file edited by hand or merged wrongly retargets a snippet: rt17e 5);
(2) the one its
import recorded (`helpscout: {id: …, title: …}`), while the reply's name is still that one
or the snippet's title (language and channel suffixes aside; else a refused step naming the
reply and the fix), the first time while it is what the import read (its fingerprint,
fingerprints.py), else only with --allow-takeover (an id and a title may also be written by
hand: rt17d 8); (3) a reply of the snippet's title, or of a name import would
make its id or an alias from, is taken over only with --allow-name-takeover (not with
--allow-takeover, which the guide asks for after an import: rt17e 3): without it the step
is refused (nothing recorded it; it may be the team's own) and nothing is sent. Sync records
each reply it matched or created in helpscout-sync.json after --apply, so a title edit or a
rename, however often, updates the same reply; deleted, the file costs one run with
--allow-takeover (the plan says so). Saved replies that nothing matches are listed as
"unmatched": since sync never deletes, the plan names them for a person to delete or keep. A
name change is shown in the step's line with the name it replaces. guards.py refuses an
update that removes a Help Scout variable unless told.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any

import nh3

from . import fingerprints
from .http import SyncError, call, expect
from .plan import LEFT, Step, run
from .records import same_reply, split_title
from .sync_state import NAME, Record

MATCHED = "handbook:matched"  # how existing() found a reply: "" (its recorded id), "by name" ...


def headers(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _root(base_url: str, mailbox: int) -> str:
    return f"{base_url.rstrip('/')}/v2/mailboxes/{mailbox}/saved-replies"


def listed(base_url: str, mailbox: int, auth: dict[str, str]) -> list[dict[str, Any]]:
    """The mailbox's saved replies as listed (id, name, preview): a list, or the HAL shape
    `{"_embedded": {"savedReplies": [...]}}`."""
    url = _root(base_url, mailbox) + "?includeChatReplies=true"
    answer = call("GET", url, auth) or []
    if isinstance(answer, dict):
        embedded = answer.get("_embedded")
        answer = embedded.get("savedReplies", []) if isinstance(embedded, dict) else answer
    items = expect(answer, list, f"GET {url}")
    for item in items:
        expect(item, dict, f"GET {url} (a saved reply)")
        if type(item.get("id")) is not int:
            raise SyncError(f"GET {url}: a saved reply without a numeric id: {item!r:.80}")
    return items


def existing(base_url: str, mailbox: int, auth: dict[str, str],
             desired: Mapping[str, dict[str, Any]], ids: Mapping[str, int],
             imported: Mapping[str, str] | None = None,
             aliases: Mapping[str, list[str]] | None = None,
             synced: Mapping[str, Record] | None = None, allow_takeover: bool = False,
             read: Mapping[str, str] | None = None, allow_name_takeover: bool = False,
             ) -> tuple[dict[str, dict[str, Any]], list[dict[str, Any]], dict[str, str]]:
    """(key -> its saved reply, read in full; the replies no snippet matched; key -> why a
    reply is not taken over). A key is a snippet id, or `<id>.chat` for a pair's chat
    reply. Matched as the module says: by `synced` (key -> (reply id, the name sync gave
    it), helpscout-sync.json; a renamed snippet's through its `aliases`; a reply of another
    name only with `allow_takeover`), by the import's record (`ids`: key -> reply id, with
    `imported`, the name at import, and `read`, the fingerprint of what the import read),
    then, with `allow_name_takeover` only, by name or the name of its id or alias."""
    items = listed(base_url, mailbox, auth)
    by_id = {item["id"]: item for item in items}
    found: dict[str, dict[str, Any]] = {}
    how: dict[str, str] = {}
    refused: dict[str, str] = {}
    fetched: dict[int, dict[str, Any]] = {}

    def full(item: Mapping[str, Any]) -> dict[str, Any]:
        if item["id"] not in fetched:
            url = f"{_root(base_url, mailbox)}/{item['id']}"
            answer = expect(call("GET", url, auth) or {}, dict, f"GET {url}")
            fetched[item["id"]] = {**answer, "id": item["id"], "preview": item.get("preview")}
        return fetched[item["id"]]

    for key in desired:
        record = next((synced[k] for k in (key, *(aliases or {}).get(key, []))
                       if k in (synced or {}) and synced[k][0] in by_id), None)
        if record is None:
            continue
        item = by_id.pop(record[0])
        why = _moved(item, record[1], desired[key]["name"], (imported or {}).get(key))
        if why and not allow_takeover:
            refused[key] = why
        else:
            found[key], how[key] = item, ("by helpscout-sync.json, its name not the one sync "
                                          "gave it, taken over: --allow-takeover" if why else "")
    for key, reply_id in ids.items():
        item = by_id.get(reply_id)
        if key not in desired or key in found or item is None:
            continue
        fingerprint = (read or {}).get(key)
        unchanged = fingerprint is not None and fingerprint == fingerprints.of(
            "helpscout", full(item))
        why = "" if unchanged else _untrusted(item, key, desired[key]["name"],
                                              (imported or {}).get(key), allow_takeover,
                                              fingerprint)
        by_id.pop(reply_id)
        if why:
            refused[key] = why
        else:
            found[key], how[key] = item, ("by helpscout.id, taken over: the reply the import "
                                          "read, unchanged since" if unchanged else
                                          "by helpscout.id, taken over: --allow-takeover")
    rest = [k for k in desired if k not in found and k not in refused]
    for key, (item, way) in _by_name(desired, by_id, rest, aliases or {}).items():
        if allow_name_takeover:
            found[key], how[key] = item, f"{way}, taken over: --allow-name-takeover"
        else:
            refused[key] = _takeover(item, way)
    found = {key: {**full(item), MATCHED: how[key]} for key, item in found.items()}
    return found, list(by_id.values()), refused


def _by_name(desired: Mapping[str, dict[str, Any]], by_id: dict[int, dict[str, Any]],
             keys: list[str], aliases: Mapping[str, list[str]],
             ) -> dict[str, tuple[dict[str, Any], str]]:
    """snippet id -> (the reply of its name, or else of a name import would make its id or
    an alias from; how it matched), for `keys`; each reply found leaves `by_id`."""
    out: dict[str, tuple[dict[str, Any], str]] = {}
    for way, match in (
            ("by name", lambda k, i: str(i.get("name")).casefold()
             == desired[k]["name"].casefold()),
            ("by the name of its id or alias", lambda k, i: _slug(str(i.get("name"))) in {
                k, *aliases.get(k, [])})):
        for key in keys:
            item = next((i for i in by_id.values() if key not in out and match(key, i)), None)
            if item is not None:
                out[key] = (by_id.pop(item["id"]), way)
    return out


def _takeover(item: Mapping[str, Any], way: str) -> str:
    """Why a reply found only by its name is not taken over, and the fixes."""
    return (f"saved reply {item.get('id')}, '{item.get('name')}', matches {way} only: "
            f"neither an import nor an earlier sync ({NAME}) recorded it for this snippet, and "
            "it may be the team's own; not taken over. If it is this snippet's, import it "
            "(handbook import helpscout) or run with --allow-name-takeover (--allow-takeover "
            "takes only what an import recorded); else give the snippet another title")


def _moved(item: Mapping[str, Any], given: str | None, name: str,
           imported: str | None) -> str:
    """Why the saved reply helpscout-sync.json records for a snippet is not trusted as it
    is ('' when it is): its name is neither the one sync gave it (`given`; None in a record
    an earlier version wrote), the snippet's (`name`) nor the one it was imported with: the
    record was edited by hand or merged wrongly (the snippet pointed at another reply), or
    the reply renamed in Help Scout (rt17e 5)."""
    theirs = item.get("name")

    def norm(text: object) -> str:
        return " ".join(str(text).split()).casefold()

    if norm(theirs) in {norm(n) for n in (given, name) if n is not None} or (
            imported is not None and same_reply(theirs, imported)):
        return ""
    was = f"the one sync gave it ('{given}')" if given is not None else "recorded (an earlier "
    was += "" if given is not None else "version's record)"
    return (f"{NAME} records saved reply {item.get('id')}, '{theirs}', for this snippet, "
            f"but that name is not {was} nor the snippet's title: the record may have been "
            "edited by hand or merged wrongly, or the reply renamed in Help Scout; not taken "
            f"over. If the record is wrong, restore {NAME} from git; if the reply is this "
            "snippet's, run once with --allow-takeover (sync gives it the snippet's title)")


def _untrusted(item: Mapping[str, Any], key: str, name: str, imported: str | None,
               allow_takeover: bool = False, fingerprint: str | None = None) -> str:
    """Why the saved reply a snippet's helpscout.id names is not taken over ('' when it
    is): the id with the reply's name at import (`helpscout.title`) is the record import
    writes, trusted while the reply still has that name or the snippet's, and then only
    with `allow_takeover` (an id and a name may be typed by hand: rt17d 8); the caller asks
    this only when the reply is not what the import read (its fingerprint, which holds the
    name too: then it is trusted as it is). Sync records the reply in helpscout-sync.json
    after that. `fingerprint`: the one recorded, for the line."""
    theirs = item.get("name")
    if imported is not None and (same_reply(theirs, imported) or same_reply(theirs, name)):
        if allow_takeover:
            return ""
        named = f"helpscout.id names saved reply {item.get('id')}, '{theirs}', which "
        if fingerprint is not None:
            return (named + "has changed in Help Scout since the import (it is not what the "
                    "import read: its fingerprint): not taken over, the update would replace "
                    "the team's edit. Look at the reply in Help Scout, bring what is wanted "
                    "into the snippet, then run once with --allow-takeover")
        return (named + f"no earlier sync recorded ({NAME}) and no fingerprint of what an "
                "import read (an id and a title may be typed by hand): taken over only with "
                "--allow-takeover. If this snippet is that reply's, run once with "
                "--allow-takeover; else take the id out")
    why = ("no import recorded it for this snippet (helpscout.title is missing)"
           if imported is None else f"its name is not the one it was imported with "
           f"('{imported}')")
    return (f"helpscout.id names saved reply {item.get('id')}, '{theirs}': {why}; not taken "
            "over. If this snippet is that reply's, import it (handbook import helpscout); "
            "else take the id out")


def _slug(name: str) -> str:
    """The id import gives a saved reply of this name ("Order shipped (DE)" ->
    "order-shipped-de"; a "::" in it is text, as import reads Help Scout names)."""
    from .importer import _slug as slug

    title, _tags, _channel, language = split_title(name, categories=False)
    return slug(title, language)


def plan(desired: Mapping[str, dict[str, Any]], found: Mapping[str, dict[str, Any]],
         unmatched: list[dict[str, Any]] | None = None,
         refused: Mapping[str, str] | None = None,
         left: Mapping[str, tuple[str, int | None]] | None = None,
         synced: Mapping[str, Record] | None = None) -> list[Step]:
    """Steps that make the mailbox's replies match `desired` (snippet id -> body);
    `refused`: snippet id -> why the saved reply its id names is not taken over; `left`:
    key -> (name, the reply recorded for it or None) of the snippets that say `sync: false`
    (that reply is named as left, not unmatched); `synced`: helpscout-sync.json's records, to
    name the snippet an unmatched reply was before it was removed."""
    steps = [Step("left", key, name, ident, why=LEFT.format("helpscout:"))
             for key, (name, ident) in (left or {}).items()]
    kept = {ident for _name, ident in (left or {}).values()}
    unmatched = [item for item in unmatched or [] if item["id"] not in kept]
    owners = {ident: key for key, (ident, _n) in (synced or {}).items() if key not in desired}
    for key, body in desired.items():
        current = found.get(key)
        if key in (refused or {}):
            steps.append(Step("refused", key, body["name"], why=(refused or {})[key]))
            continue
        if current is None:
            steps.append(Step("create", key, body["name"], body=body))
            continue
        changed = [f for f in ("name", "text", "chatText")
                   if (current.get(f) or "") != body.get(f, "")]
        if "text" in changed and _is_preview(body.get("text", ""), current.get("preview")) \
                and not _is_preview(current.get("text") or "", current.get("preview")):
            steps.append(Step("refused", key, body["name"], current.get("id"), why=(
                "the snippet's text is this saved reply's list preview, not its text: "
                "sending it would cut the reply down; import the reply in full (GET "
                "…/saved-replies/{id}) or write the snippet's text")))
            continue
        matched = f" (matched {current[MATCHED]})" if current.get(MATCHED) else ""
        if "name" in changed:
            matched += f"; renames '{current.get('name')}'"
        steps.append(Step("update", key, body["name"], current.get("id"), body,
                          "changed: " + ", ".join(changed) + matched, was=current) if changed else
                     Step("unchanged", key, body["name"], current.get("id")))
    for item in unmatched:
        merged = _merged_into(str(item.get("name")), desired)
        owner = owners.get(item["id"])
        steps.append(Step("unmatched", "-", str(item.get("name")), item["id"], why=(
            f"its text is snippet '{merged}''s chat variant now (a pair merged at import), "
            "sent as that saved reply's chatText: delete this one in Help Scout when agents "
            "use it" if merged else f"it was snippet '{owner}''s ({NAME} records it), and "
            "that snippet is gone or not for this mailbox; sync never deletes: delete the "
            "reply in Help Scout if agents should no longer use it" if owner else "no snippet "
            "has this saved reply's id or name; if it was a snippet's before a rename or "
            "removal, delete it in Help Scout")))
    return steps


def _is_preview(text: str, preview: Any) -> bool:
    """Whether an export's HTML `text` says no more than the list's plain `preview` of the
    saved reply (whitespace and a closing ellipsis aside). A reply whose own text is no
    longer than its preview is not cut by it (the caller asks that too)."""
    if not isinstance(preview, str) or not preview.strip():
        return False
    plain = html.unescape(nh3.clean(text, tags=set()))

    def norm(value: str) -> str:
        return " ".join(value.split()).rstrip(".… ").casefold()

    return norm(plain) == norm(preview)


def _merged_into(name: str, desired: Mapping[str, dict[str, Any]]) -> str:
    """The snippet a "… (chat)" saved reply's text went into at import (same title and
    language, its body with a chatText), or ""."""
    title, _tags, channel, language = split_title(name, categories=False)
    if channel != "chat":
        return ""
    for key, body in desired.items():
        theirs = split_title(body["name"], categories=False)
        if body.get("chatText") and (theirs[0].casefold(), theirs[3]) == (title.casefold(),
                                                                         language):
            return key
    return ""


def apply(steps: list[Step], base_url: str, mailbox: int, auth: dict[str, str]) -> None:
    def send(step: Step) -> None:
        if step.action == "create":
            call("POST", _root(base_url, mailbox), auth, step.body)
        else:
            call("PUT", f"{_root(base_url, mailbox)}/{step.helpdesk_id}", auth, step.body)

    run(steps, send)


def recorded(steps: list[Step], synced: Mapping[str, Record],
             aliases: Mapping[str, list[str]], base_url: str, mailbox: int,
             auth: dict[str, str]) -> dict[str, Record]:
    """What helpscout-sync.json holds after --apply: each snippet's reply with the name sync
    gave it (the ones matched, also when guards.py refused the update: with the name it has;
    the ones created, found by name in the list among ids the plan did not name, since
    Create Saved Reply documents no answer body), and the earlier records of snippets the
    plan did not send to (removed ones: restored, they find their reply again; `sync: false`
    ones; ones refused before a reply was read); a renamed snippet's record moves from its
    old id to its new one."""
    ids: dict[str, Record] = {
        s.key: (s.helpdesk_id, s.title if s.action != "refused" else str(s.was.get("name")))
        for s in steps if s.helpdesk_id is not None and (
            s.action in ("update", "unchanged") or (s.action == "refused" and
                                                    s.was is not None))}
    created = {s.body["name"]: s.key for s in steps if s.action == "create"}
    if created:
        known = {s.helpdesk_id for s in steps}
        try:
            items = listed(base_url, mailbox, auth)
        except SyncError:  # the next run's plan names them: taken over with the flag
            items = []
        for item in items:
            key = created.pop(str(item.get("name")), None)
            if key is not None and item["id"] not in known:
                ids[key] = (item["id"], str(item.get("name")))
    sent = [s for s in steps if s.action != "left" and (s.action != "refused" or s.was)]
    named = {s.key for s in sent} | {a for s in sent for a in aliases.get(s.key, [])}
    taken = {ident for ident, _name in ids.values()}
    return {**{k: v for k, v in synced.items() if k not in named and v[0] not in taken},
            **ids}
