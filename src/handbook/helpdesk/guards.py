"""What `handbook sync` refuses to do unless told: remove a variable the helpdesk fills in
itself from a reply (it would become the placeholder's gap or fallback), widen who may
use a Zendesk macro, or make active a macro without our key that Zendesk lists as inactive
(a retired macro an import took in: List Macros returns inactive ones too, and an update
sends `active: true`), or one with our key (the team deactivated it in Zendesk, or sync did
when its snippet was removed: the two look the same). A refused step is shown in the plan
with the fix, and nothing is sent for it; allowed (--allow-activate), the line says
ACTIVATES.

Variables as each helpdesk writes them (as text.py reads them at import): Zendesk
placeholders are Liquid output tags, `{{ticket.url}}`, `{{dc.refund_policy}}`,
`{{ticket.requester.first_name | default: "x"}}` (https://support.zendesk.com/hc/en-us/
articles/203662156); Help Scout's are `{%customer.firstName,fallback=there%}`, the form its
saved replies hold (render/exports.py writes the same). A macro's `restriction` is
`{"type": "Group", "ids": [...]}` or `{"type": "User", "id": ...}`, and null is "everyone"
(https://developer.zendesk.com/api-reference/ticketing/business-rules/macros/).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from .plan import Step

VARIABLE_RES = {
    "zendesk": re.compile(r"\{\{-?\s*([A-Za-z_]\w*(?:\.\w+)+)"),
    "helpscout": re.compile(r"\{%-?\s*([A-Za-z_]\w*(?:\.\w+)+)"),
}
WRITTEN = {"zendesk": "{{{{{}}}}}", "helpscout": "{{%{}%}}"}
# The parts of an object that hold a reply's words: a macro's actions, a saved reply's texts.
TEXT_ACTIONS = ("comment_value", "comment_value_html", "subject")
TEXT_FIELDS = ("text", "chatText")


def texts(helpdesk: str, thing: Any) -> list[str]:
    """Every string of a reply's words in a macro (`{"macro": …}` or the macro itself: its
    text actions, whose `comment_value` may also be a list) or a saved reply."""
    if not isinstance(thing, dict):
        return []
    if helpdesk == "helpscout":
        return [v for f in TEXT_FIELDS if isinstance(v := thing.get(f), str)]
    macro = thing.get("macro", thing)
    actions = macro.get("actions") if isinstance(macro, dict) else None
    out: list[str] = []
    for action in actions if isinstance(actions, list) else []:
        if isinstance(action, dict) and action.get("field") in TEXT_ACTIONS:
            value = action.get("value")
            out += [v for v in (value if isinstance(value, list) else [value])
                    if isinstance(v, str)]
    return out


def variables(helpdesk: str, strings: Iterable[str]) -> set[str]:
    """The helpdesk variables written in `strings`: {"ticket.url", "dc.returns"}."""
    pattern = VARIABLE_RES[helpdesk]
    return {name for s in strings for name in pattern.findall(s)}


def lost_variables(helpdesk: str, was: Any, body: Any) -> list[str]:
    """The variables the helpdesk's object holds and `body` (the update) no longer does."""
    return sorted(variables(helpdesk, texts(helpdesk, was))
                  - variables(helpdesk, texts(helpdesk, body)))


def lost_logic(helpdesk: str, was: Any, body: Any) -> list[str]:
    """The Zendesk Liquid (tags, filters, outputs that are no variable: liquid.logic) the
    macro holds and the update no longer does, each as written; [] for Help Scout, whose
    variables hold no logic."""
    if helpdesk != "zendesk":
        return []
    from .liquid import logic

    def found(thing: Any) -> list[str]:
        return [piece for text in texts(helpdesk, thing) for piece in logic(text)]
    kept = set(found(body))
    return list(dict.fromkeys(piece for piece in found(was) if piece not in kept))


def _restriction(macro: Any) -> tuple[str, set[str]] | None:
    from .sync_zendesk import restriction_of

    found = restriction_of(macro.get("restriction") if isinstance(macro, dict) else None)
    return None if found is None else (found[0], set(found[1]))


def widening(was: Any, body: Any) -> str:
    """How an update widens who may use a macro ('' when it does not): its restriction
    removed, or other groups or another user let in."""
    before = _restriction(was)
    after = _restriction(body.get("macro") if isinstance(body, dict) else None)
    if before is None or after == before:
        return ""
    old = f"{before[0]} [{', '.join(sorted(before[1]))}]"
    if after is None:
        return f"restriction {old} -> everyone"
    if after[0] != before[0] or after[1] - before[1]:
        return f"restriction {old} -> {after[0]} [{', '.join(sorted(after[1]))}]"
    return ""  # fewer groups: narrower


def activating(was: Any, body: Any) -> str:
    """'' unless the update makes an inactive macro active: then "keyed" (it has our key:
    its snippet was removed and is back) or "keyless" (an import took in a retired macro)."""
    from ..render.exports import KEY_MARK_RE

    macro = body.get("macro") if isinstance(body, dict) else None
    if not isinstance(was, dict) or was.get("active", True) is not False or not isinstance(
            macro, dict) or macro.get("active") is False:
        return ""
    return "keyed" if KEY_MARK_RE.search(str(was.get("description") or "")) else "keyless"


def public_flag(macro: Any) -> bool | None:
    """A macro's `comment_mode_is_public` action (`macro`: the macro or `{"macro": …}`):
    False for an internal note (also as a spreadsheet writes it, "FALSE", "0", "no"), True
    for a public reply, None when the macro does not set it."""
    macro = macro.get("macro", macro) if isinstance(macro, dict) else None
    actions = macro.get("actions") if isinstance(macro, dict) else None
    for action in actions if isinstance(actions, list) else []:
        if isinstance(action, dict) and action.get("field") == "comment_mode_is_public":
            value = action.get("value")
            return not (value is False or str(value).strip().lower() in ("false", "0", "no"))
    return None


def publicizing(was: Any, body: Any) -> str:
    """'public' when the update makes a macro that adds an internal note post a public reply,
    'internal' for the reverse, '' otherwise."""
    before, after = public_flag(was), public_flag(body)
    if before is False and after is not False:
        return "public"
    return "internal" if after is False and before is not False else ""


def guard(steps: list[Step], helpdesk: str, placeholders: Callable[[str], Iterable[str]],
          allow_widen: bool = False, allow_variable_loss: bool = False,
          allow_activate: bool = False, allow_public: bool = False,
          mapped: Mapping[str, str] | None = None, allow_content_loss: bool = False) -> None:
    """Turns each update that loses variables or Liquid logic, links, images, tables or
    strikethrough (content_loss.py), widens a restriction,
    activates a retired macro or makes an internal note public into a refused step (unless
    allowed), in place; an allowed one says what it does in capitals, and so does one that
    makes a public reply an internal note.
    `placeholders(key)` names the placeholders of the step's snippet, and `mapped` the
    helpdesk's variables by placeholder (the eight and mkdocs.yml's), for the fix."""
    from .content_loss import lost_content, refusal
    from .liquid import shorten

    snippets = Counter(step.key.partition(".")[0] for step in steps)
    for step in steps:
        if step.action != "update" or step.was is None:
            continue
        refused: list[str] = []
        lost = lost_variables(helpdesk, step.was, step.body)
        if lost:
            shown = ", ".join(WRITTEN[helpdesk].format(v) for v in lost)
            if allow_variable_loss:
                step.why += f"; REMOVES {shown} (--allow-variable-loss)"
            else:
                refused.append(_lost(helpdesk, lost, shown, set(placeholders(step.key)),
                                     mapped or {}, _block(helpdesk)))
        logic = lost_logic(helpdesk, step.was, step.body)
        if logic:
            shown = ", ".join(f"'{shorten(piece, 60)}'" for piece in logic[:3]) + (
                f" and {len(logic) - 3} more" if len(logic) > 3 else "")
            if allow_variable_loss:
                step.why += f"; DROPS the Liquid {shown} (--allow-variable-loss)"
            else:
                refused.append(f"would drop Liquid the snippet can't hold ({shown}): the "
                               "macro chooses or computes text there; to keep the macro as it "
                               "is and the snippet in the handbook, write sync: false in the "
                               "snippet's zendesk: block; or run with --allow-variable-loss to "
                               "replace it with the snippet")
        gone = lost_content(helpdesk, step.was, step.body)
        if gone and allow_content_loss:
            step.why += f"; REMOVES {', '.join(gone)} (--allow-content-loss)"
        elif gone:
            refused.append(refusal(helpdesk, gone))
        wider = widening(step.was, step.body) if helpdesk == "zendesk" else ""
        retired = activating(step.was, step.body) if helpdesk == "zendesk" else ""
        if retired and not allow_activate:
            refused.append(_inactive(step, retired, snippets[step.key.partition(".")[0]] > 1))
        elif retired:
            step.why += "; ACTIVATES it (inactive in Zendesk; --allow-activate)"
        public = publicizing(step.was, step.body) if helpdesk == "zendesk" else ""
        if public == "public" and not allow_public:
            refused.append(f"would make an INTERNAL NOTE PUBLIC: macro {step.helpdesk_id} "
                           "adds an internal note (comment_mode_is_public: false) and the "
                           "snippet posts a public reply, so customers would read what agents "
                           "wrote for each other. If it is an internal note, write public: "
                           "false in the snippet's zendesk: block; if it is meant to be "
                           "public, run with --allow-public")
        elif public == "public":
            step.why += "; MAKES AN INTERNAL NOTE A PUBLIC REPLY (--allow-public)"
        elif public == "internal":
            step.why += "; MAKES IT AN INTERNAL NOTE (customers no longer get the reply)"
        if wider and not allow_widen:
            refused.append(f"widens who may use it ({wider}): give the snippet's zendesk: "
                           "block that restriction, or run with --allow-widen if it is meant")
        if refused:
            step.action, step.body = "refused", None
            step.why = "; ".join(refused)


def _lost(helpdesk: str, lost: list[str], shown: str, names: set[str],
          mapped: Mapping[str, str], block: str) -> str:
    """Why an update that removes helpdesk variables is refused, with a fix that can be
    followed: a variable a placeholder is mapped to already (one of the eight, or
    mkdocs.yml's) is kept by writing that placeholder in the snippet; another by mapping it
    (`helpdesk_variables`), under the snippet's placeholder of that name if it has one."""
    from .text import _name

    placed = {v: n for n, v in mapped.items()}
    it = "it" if len(lost) == 1 else "them"
    fixes = []
    known = [v for v in lost if v in placed]
    if known:
        fixes.append("write " + ", ".join(f"[[{placed[v]}]]" for v in known) + " in the "
                     "snippet where the reply should hold " + ("it" if len(known) == 1 else
                                                               "them")
                     + " (the exports write " + ", ".join(
                         f"[[{placed[v]}]] as {WRITTEN[helpdesk].format(v)}" for v in known)
                     + ")")
    other = [v for v in lost if v not in placed]
    if other:
        pairs = ", ".join(f"{_name(v) if _name(v) in names else '<placeholder>'}: {v}"
                          for v in other)
        fixes.append("map the placeholder in mkdocs.yml under the handbook plugin, "
                     f"helpdesk_variables: {{{helpdesk}: {{{pairs}}}}}")
    return (f"would remove {shown} (the helpdesk fills {it} in; the update puts the "
            f"placeholder's gap or fallback there): to keep {it}, " + "; ".join(fixes)
            + "; to remove on purpose, run with --allow-variable-loss; to leave the "
            + ("macro" if helpdesk == "zendesk" else "saved reply")
            + f" as it is and keep the snippet, write sync: false in the snippet's {block} "
            "block")


def _block(helpdesk: str) -> str:
    return "zendesk:" if helpdesk == "zendesk" else "helpscout:"


def _inactive(step: Step, retired: str, variant: bool = False) -> str:
    """Why an update that would make an inactive macro active is refused, with the fixes:
    the team retired it in Zendesk (with our key or not: a deactivation sync made when the
    snippet was removed looks the same), so only the flag brings it back. `variant`: the
    snippet has other macros (other channels), which deleting the snippet or sync: false
    would deactivate or leave behind too, so the fix is to remove this channel's variant."""
    macro = f"macro {step.helpdesk_id}, '{_title(step.was)}',"
    channel = step.key.partition(".")[2] or "email"
    remove = (f"remove the snippet's {channel} variant (not the snippet: deleting it would "
              "deactivate its other macros too)" if variant else "delete this snippet")
    if retired == "keyed":
        return (f"{macro} is inactive in Zendesk (deactivated there, or by sync when this "
                "snippet was removed) and the update would make it active for every agent "
                f"again: to bring it back, run with --allow-activate; if the team retired it, "
                f"{remove}")
    keep = "" if variant else (" (or, to keep the snippet in the handbook, write sync: false "
                               "in its zendesk: block)")
    return (f"{macro} is inactive in Zendesk (retired) and the update would make it active "
            f"for every agent again: if it is retired, {remove}{keep}; to bring it back, run "
            "with --allow-activate")


def _title(was: Any) -> str:
    return str(was.get("title")) if isinstance(was, dict) else "?"


def placeholder_names(snippets: Mapping[str, Any]) -> Callable[[str], set[str]]:
    """key ("<id>" or "<id>.<channel>") -> the names of its snippet's placeholders."""
    def names(key: str) -> set[str]:
        doc = snippets.get(key.partition(".")[0])
        return set(doc.model.placeholders) if doc is not None else set()
    return names
