"""`handbook sync zendesk`: Zendesk's macros follow the handbook, by stable key.

Documented endpoints (https://developer.zendesk.com/api-reference/ticketing/business-rules/
macros/): List Macros, GET /api/v2/macros, with cursor pagination (`page[size]`, then
`links.next` while `meta.has_more`: https://developer.zendesk.com/api-reference/introduction/
pagination/); Create Macro, POST /api/v2/macros; Update Macro, PUT /api/v2/macros/{macro_id};
both take `{"macro": {...}}`. Authentication with an API token: basic auth of
`{email}/token:{api_token}` (https://developer.zendesk.com/api-reference/introduction/
security-and-auth/).

A macro is ours when its description holds `[handbook:<key>]` (render/exports.py). A macro
whose key is a renamed snippet's alias is updated in place; one whose snippet is gone is
deactivated, never deleted; so is every copy of it (an agent's clone carries the key too). A
macro without a key is touched only when the import recorded it for a snippet: its id
(`zendesk: {ids: {email: …}}`) with the title the macro had (`zendesk: {title: …}`), while
its title is still that one (categories, channel and language aside), and, since both may
be written by hand (rt17d 8), while it is what the import read (`zendesk: {fingerprints}`,
fingerprints.py), else only with --allow-takeover: that sync updates it in place and adds
the key to its description. Anything else, an id written without the
import's title or a macro renamed since, is a refused step naming the macro and the fix, and
nothing is sent for it; so is a macro holding one snippet's key that another snippet's ids
record (rt17d 9), for both. A macro's description is the team's but for sync's part, the
snippet's summary and the key (described()), which each sync keeps up to date. guards.py
refuses an update that widens who may use a macro,
removes a Zendesk placeholder from it or wakes a retired macro unless told; a rename outside
Handbook:: and a narrowed restriction are named in the step's line; kept_titles.py says
which title a macro imported keeps.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Mapping
from typing import Any

from ..render.exports import KEY_MARK_RE, macro_key
from . import fingerprints
from .http import SyncError, call, expect, same_site
from .plan import LEFT, Step, run
from .records import same_reply

FIELDS = ("title", "active", "description", "actions", "restriction")


def headers(email: str, token: str) -> dict[str, str]:
    pair = base64.b64encode(f"{email}/token:{token}".encode()).decode("ascii")
    return {"Authorization": f"Basic {pair}"}


def list_macros(base_url: str, auth: dict[str, str]) -> list[dict[str, Any]]:
    """Every macro in the account, following the cursor pages."""
    url: str | None = f"{base_url.rstrip('/')}/api/v2/macros?page[size]=100"
    macros: list[dict[str, Any]] = []
    seen: set[str] = set()
    while url and url not in seen:
        seen.add(url)
        what = f"GET {url}"
        page = expect(call("GET", url, auth) or {}, dict, what)
        items = expect(page.get("macros", []), list, what + " (macros)")
        macros += [expect(m, dict, what + " (a macro)") for m in items]
        links, meta = page.get("links"), page.get("meta")
        more = isinstance(meta, dict) and meta.get("has_more")
        url = links.get("next") if more and isinstance(links, dict) else None
        if url is not None and not isinstance(url, str):
            raise SyncError(f"{what}: links.next is not an address")
        if url is not None and not same_site(url, base_url):
            raise SyncError(f"{what}: links.next, {url[:80]}, is on another host: not "
                            "followed (the token goes only to the --url host)")
    return macros


def plan(desired: Mapping[str, dict[str, Any]], aliases: Mapping[str, str],
         existing: list[dict[str, Any]], sources: Mapping[str, int] | None = None,
         imported: Mapping[str, str] | None = None,
         allow_takeover: bool = False, read: Mapping[str, str] | None = None,
         left: Mapping[str, str] | None = None) -> list[Step]:
    """Steps that make `existing` (as listed) match `desired` (key -> {"macro": body}).
    `aliases` maps an old snippet id to its current id; `sources` a key to the id of the
    macro its snippet was imported from, `imported` to that macro's title at import
    (`zendesk.title`), `read` to its fingerprint at import (`zendesk.fingerprints`); such a
    macro is taken over while it is what the import read, else only with
    `allow_takeover`. `left`: key -> title of the variants whose snippet says `sync: false`
    (not in `desired`): their macros, keyed or recorded, are named and left as they are."""
    ours: dict[str, list[dict[str, Any]]] = {}
    by_id: dict[Any, dict[str, Any]] = {}
    for macro in existing:
        found = KEY_MARK_RE.findall(str(macro.get("description") or ""))
        if found:
            ours.setdefault(_current(found[-1], aliases), []).append(macro)
        else:
            by_id[macro.get("id")] = macro
    steps = _conflicts(ours, sources or {}, desired)
    for key, title in (left or {}).items():
        kept = ours.pop(key, []) or [by_id.get((sources or {}).get(key)) or {}]
        steps += [Step("left", key, title, macro.get("id"), why=LEFT.format("zendesk:"))
                  for macro in kept]
    taken = {s.key for s in steps}
    for key, body in desired.items():
        macros = ours.pop(key, [])
        if key in taken:
            continue
        title = body["macro"]["title"]
        source = by_id.get((sources or {}).get(key)) if not macros else None
        fingerprint = (read or {}).get(key)
        refusal = _untrusted(source, key, (imported or {}).get(key), allow_takeover,
                             fingerprint)
        if refusal:
            steps.append(Step("refused", key, title, source.get("id"), why=refusal))
        elif source is not None:
            by_id.pop(source.get("id"))
            body = composer_mode(described(body, source, key), source)
            how = ("the macro the import read (zendesk.fingerprints), unchanged since"
                   if fingerprint == fingerprints.of("zendesk", source) else
                   "(--allow-takeover): the macro zendesk.ids records, titled as "
                   f"zendesk.title says ('{(imported or {})[key]}')")
            steps.append(Step("update", key, title, source.get("id"), body, _why(
                f"taken over {how}; it gets the key; changed: "
                + ", ".join(changes(body["macro"], source)), body["macro"], source),
                was=source))
        elif not macros:
            steps.append(Step("create", key, title, body=body))
        for n, macro in enumerate(macros):
            copy = f" (a copy of macro {macros[0].get('id')}: same key)" if n else ""
            mine = composer_mode(described(body, macro, key), macro)
            if _same(mine["macro"], macro):
                steps.append(Step("unchanged", key, title, macro.get("id"), why=copy.strip()))
            else:
                steps.append(Step("update", key, title, macro.get("id"), mine, _why(
                    "changed: " + ", ".join(changes(mine["macro"], macro)) + copy,
                    mine["macro"], macro), was=macro))
    for key, macros in ours.items():
        for macro in macros:
            steps.append(_removed(key, macro))
    return steps


# How a plan line names a macro action that differs: the reply's words and its public flag
# by what they are, any other by its ticket field (status, set_tags, custom_fields_<id> ...).
ACTION_NAMES = {"comment_value": "text", "comment_value_html": "text", "subject": "subject",
                "comment_mode_is_public": "public or internal"}


def changes(body: Mapping[str, Any], macro: Mapping[str, Any]) -> list[str]:
    """What an update (`body`, the macro sent) changes in `macro` (as Zendesk has it), as a
    plan line names it: title, active, description, restriction, and each action whose
    value differs ("text", "public or internal", "status", "set_tags" …; "actions (their
    order)" when only the order differs)."""
    out: list[str] = []
    for field in FIELDS:
        if _norm(field, body) == _norm(field, macro):
            continue
        if field == "actions":
            mine, theirs = _actions_by_name(body), _actions_by_name(macro)
            named = [n for n in dict.fromkeys([*mine, *theirs]) if mine.get(n) != theirs.get(n)]
            out += named or ["actions (their order)"]
        elif field == "description" and team_text(body.get(field)):
            out.append("description (the snippet's summary; the team's text kept)")
        else:
            out.append(field)
    return out


def _actions_by_name(macro: Mapping[str, Any]) -> dict[str, list[Any]]:
    """A macro's action values by the name a plan line gives them (ACTION_NAMES)."""
    out: dict[str, list[Any]] = {}
    for action in _norm("actions", macro):
        field, value = action if isinstance(action, tuple) else ("(not an action)", action)
        out.setdefault(ACTION_NAMES.get(str(field), str(field)), []).append(value)
    return out


def described(body: dict[str, Any], macro: Mapping[str, Any], key: str) -> dict[str, Any]:
    """`body` with the description the macro gets: the team's own text kept, sync's part
    (the body's, render/exports.py: the snippet's summary and, on the line after it, the
    key) put in place of the part sync wrote before. Sync's part is the paragraph holding
    the key, from its start to the key's line; text before the key on that line, and every
    other paragraph, is the team's (a key typed in by hand, "Managers only. [handbook:x]",
    keeps "Managers only."). A keyless macro taken over gets sync's part at the end of its
    text, unless its text is the summary (the import read it into the summary: then the
    part replaces it, nothing is said twice); so does a paragraph before a key of its own
    (the form earlier syncs wrote) that is the summary."""
    theirs = str(macro.get("description") or "").replace("\r\n", "\n").strip()
    ours = body["macro"]["description"]
    if not theirs:
        return body
    paragraphs = re.split(r"\n[ \t]*\n", theirs)
    keyed = [n for n, p in enumerate(paragraphs) if KEY_MARK_RE.search(p)]
    if not keyed:
        kept = [] if _same_words(theirs, ours) else [theirs]
        return _with_description(body, "\n\n".join([*kept, ours]))
    at = keyed[-1]
    line = paragraphs[at].splitlines()
    mark = next(n for n, text in enumerate(line) if KEY_MARK_RE.search(text))
    before = line[mark][:KEY_MARK_RE.search(line[mark]).start()].strip()
    after = "\n".join(line[mark + 1:]).strip()
    head = paragraphs[:at]
    if not before and len(line) == 1 and head and _same_words(head[-1], ours):
        head = head[:-1]  # "<summary>\n\n[handbook:x]": the summary was sync's
    parts = [*head, *([before] if before else []), ours, *([after] if after else []),
             *paragraphs[at + 1:]]
    return _with_description(body, "\n\n".join(parts))


def composer_mode(body: dict[str, Any], macro: Mapping[str, Any]) -> dict[str, Any]:
    """`body` without its `comment_mode_is_public: true` action when the macro (as Zendesk
    has it) sets no comment mode: such a macro keeps the mode the agent's composer is in, and
    a forced public reply would switch an agent writing an internal note to a public one
    (issue 17, rt17f 5). An internal note (`public: false` in the snippet) is always sent."""
    from .guards import public_flag

    if public_flag(body) is not True or public_flag(macro) is not None:
        return body
    actions = [a for a in body["macro"]["actions"]
               if not (isinstance(a, dict) and a.get("field") == "comment_mode_is_public")]
    return {**body, "macro": {**body["macro"], "actions": actions}}


def team_text(description: Any) -> bool:
    """Whether a macro's description holds text besides sync's part (described())."""
    text = str(description or "")
    paragraphs = [p for p in re.split(r"\n[ \t]*\n", text.strip()) if p.strip()]
    keyed = [p for p in paragraphs if KEY_MARK_RE.search(p)]
    return len(paragraphs) > len(keyed) or any(
        KEY_MARK_RE.split(line)[0].strip() for p in keyed for line in p.splitlines()
        if KEY_MARK_RE.search(line)) or any(  # lines after the key's line are the team's
        KEY_MARK_RE.split(p)[-1].partition("\n")[2].strip() for p in keyed)


def _same_words(text: str, ours: str) -> bool:
    """Whether `text` says what sync's part says, its key aside (whitespace aside)."""
    return " ".join(text.split()) == " ".join(KEY_MARK_RE.sub("", ours).split())


def _with_description(body: dict[str, Any], description: str) -> dict[str, Any]:
    return {**body, "macro": {**body["macro"], "description": description}}


def _conflicts(ours: dict[str, list[dict[str, Any]]], sources: Mapping[str, int],
               desired: Mapping[str, dict[str, Any]]) -> list[Step]:
    """Refused steps for each macro that holds one snippet's key in its description while
    another snippet's zendesk.ids records it (an agent's clone of a handbook macro, imported
    as a snippet of its own): neither snippet takes it, and nothing is created for either
    (that would be a second macro of one title). The macro leaves `ours`; a snippet with
    another macro of its key keeps that one."""
    claims = {n: k for k, n in sources.items()}
    steps: list[Step] = []
    for key, macros in ours.items():
        for macro in [m for m in macros if claims.get(m.get("id"), key) != key]:
            other = claims[macro.get("id")]
            why = (f"macro {macro.get('id')}, '{macro.get('title')}', holds [handbook:{key}] "
                   f"in its description, and snippet {other}'s zendesk.ids records it: "
                   "neither takes it over, nothing is created. If it is "
                   f"{other}'s, take [handbook:{key}] out of its description in Zendesk; "
                   f"else take its id out of {other}'s zendesk: block")
            macros.remove(macro)
            for who, free in ((other, not ours.get(other)), (key, not macros)):
                if who in desired and free:
                    steps.append(Step("refused", who, desired[who]["macro"]["title"],
                                      macro.get("id"), why=why))
    return steps


def _untrusted(source: dict[str, Any] | None, key: str, imported: str | None,
               allow_takeover: bool = False, fingerprint: str | None = None) -> str:
    """Why the keyless macro a snippet's zendesk.ids names is not taken over ('' when it
    is, or when there is none). `ids` with the title the macro had (`zendesk.title`) is the
    record import writes, but an id and a title may be typed by hand (rt17d 8: both
    written by hand took a restricted macro over): the macro is taken over when it is still
    what the import read (`fingerprint`, fingerprints.py), else only with `allow_takeover`
    (no fingerprint, or the macro changed in Zendesk since the import, the line says
    which); never while the macro has another title (categories, channel and language
    aside; a snippet copying the macro's title is not enough)."""
    if source is None:
        return ""
    theirs = source.get("title")
    if not isinstance(theirs, str):
        return (f"zendesk.ids names macro {source.get('id')}, whose title in Zendesk's answer "
                f"is not text (a {type(theirs).__name__}): not taken over; look at the macro "
                "in Zendesk, or take the id out")
    if fingerprint is not None and fingerprint == fingerprints.of("zendesk", source):
        return ""  # what the import read, its title too (one too long to record, also)
    named = f"zendesk.ids names macro {source.get('id')}, '{theirs}', "
    fix = (f"if this snippet is that macro's, import it (handbook import zendesk) or put "
           f"[handbook:{key}] in the macro's description in Zendesk; else take the id out")
    if imported is None:
        return (named + "which has no [handbook:" + key + "] and no import recorded for this "
                "snippet (zendesk.title is missing): not taken over; " + fix)
    if not same_reply(theirs, imported):
        return (named + f"not the title it was imported with ('{imported}'): not taken over; "
                + fix)
    if allow_takeover:
        return ""
    if fingerprint is not None:
        return (named + "has changed in Zendesk since the import (it is not what the import "
                "read: zendesk.fingerprints): not taken over, the update would replace the "
                "team's edit. Look at the macro in Zendesk, bring what is wanted into the "
                "snippet, then run once with --allow-takeover")
    return (named + "which has no [handbook:" + key + "] and no fingerprint of what an import "
            "read (zendesk.fingerprints; ids and title may be typed by hand): taken over "
            "only with --allow-takeover. If this snippet is that macro's, run once with "
            "--allow-takeover: the macro then gets the key, its description is kept; else "
            "take the id out")


def _removed(key: str, macro: dict[str, Any]) -> Step:
    """A macro whose snippet is gone: deactivated (unchanged when it is already)."""
    if macro.get("active", True):
        body = {"macro": {**{f: macro[f] for f in FIELDS if f in macro and f != "restriction"},
                          "active": False}}
        return Step("deactivate", key, str(macro.get("title")), macro.get("id"), body,
                    "its snippet was removed")
    return Step("unchanged", key, str(macro.get("title")), macro.get("id"),
                why="inactive; its snippet was removed")



def _why(why: str, body: Mapping[str, Any], macro: Mapping[str, Any]) -> str:
    """`why`, plus what a reader of the plan must not miss: a restriction added, narrowed,
    lifted or changed (who sees the macro), and a title outside Handbook:: renamed."""
    was, will = _norm("restriction", macro), _norm("restriction", body)
    if was != will:
        what = "anyone" if will is None else f"{will[0]} [{', '.join(will[1])}]"
        old = "everyone" if was is None else f"{was[0]} [{', '.join(was[1])}]"
        narrower = will is not None and (was is None or (
            was[0] == will[0] and set(will[1]) < set(was[1])))
        why += (f"; NARROWS WHO SEES IT: restriction {old} -> {what}" if narrower else
                f"; WIDENS OR CHANGES WHO SEES IT: restriction {old} -> {what}")
    old = str(macro.get("title") or "")
    if old != body.get("title") and not old.startswith("Handbook::"):
        why += f"; RENAMES '{old}'"
    return why


def _current(key: str, aliases: Mapping[str, str]) -> str:
    ident, dot, channel = key.partition(".")
    ident = aliases.get(ident, ident)
    return macro_key(ident, channel) if dot else ident


def _norm(field: str, macro: Mapping[str, Any]) -> Any:
    value = macro.get(field)
    if field == "active":
        return value is not False
    if field == "description":
        return value or ""
    if field == "restriction":
        return restriction_of(value)
    if field == "actions":
        return [(a.get("field"), a.get("value")) if isinstance(a, dict) else a
                for a in (value if isinstance(value, list) else [])]
    return value


def restriction_of(value: Any) -> tuple[str, list[str]] | None:
    """A macro's `restriction` as (type, its ids sorted, as text): `{"type": "Group", "ids":
    [...]}` or `{"type": "User", "id": ...}`; None (everyone) for null or another shape."""
    if not isinstance(value, dict):
        return None
    ids = value.get("ids")
    if ids is None:
        ids = [] if value.get("id") is None else [value["id"]]
    return str(value.get("type")), sorted(str(i) for i in (ids if isinstance(ids, list)
                                                            else [ids]))


def _same(body: Mapping[str, Any], macro: Mapping[str, Any]) -> bool:
    return all(_norm(f, body) == _norm(f, macro) for f in FIELDS)


def apply(steps: list[Step], base_url: str, auth: dict[str, str]) -> None:
    """Sends each step's request, in order (plan.run: a failure names its step)."""
    root = f"{base_url.rstrip('/')}/api/v2/macros"

    def send(step: Step) -> None:
        if step.action == "create":
            answer = call("POST", root, auth, step.body)
            macro = answer.get("macro") if isinstance(answer, dict) else None
            step.helpdesk_id = macro.get("id") if isinstance(macro, dict) else None
        else:
            call("PUT", f"{root}/{step.helpdesk_id}", auth, step.body)

    run(steps, send)
