"""Turns schema errors into one author-facing line each: what is wrong, where, and the fix."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from .macro_calls import MACROS
from .problems import Report
from .review import DATE_HINT, PERIOD_HINT
from .yamlio import Lines

M = TypeVar("M", bound=BaseModel)

EXAMPLES = {
    "title": "title: Refund requests",
    "summary": "summary: One sentence that says when to use this",
    "owner": 'owner: "@your-org/support-leads"',
    "reviewed": "reviewed: 2026-11-23",
    "review_every": "review_every: 90d",
    "id": "id: lowercase-words-with-hyphens",
    "variants": "variants: {email: ...}",
    "label": "label: First name",
    "fallback": "fallback: there",
    "start": "start: the id of the first node",
    "nodes": "nodes: a mapping of node ids to questions and outcomes",
    "next": "next: the id of another node",
    "search": "search: {exclude: true}",
}
FIELD_HINTS = {"reviewed": DATE_HINT, "review_every": PERIOD_HINT}


def dotted(loc: Iterable[Any]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def did_you_mean(word: str, choices: Iterable[str], cutoff: float = 0.6) -> str:
    import difflib  # only when there is a mistake to explain

    close = difflib.get_close_matches(str(word), sorted(choices), n=1, cutoff=cutoff)
    return f"did you mean '{close[0]}'?" if close else ""


def check_model(model: type[M], data: Any, lines: Lines, report: Report, path: Path,
                what: str, allowed_extra: frozenset[str] = frozenset()) -> M | None:
    """Validates `data` against `model`, adding one problem per error; None when invalid."""
    if not isinstance(data, dict):
        report.add(path, f"{what} must be a mapping of fields", line=lines.line(()),
                   hint=f"start with a field such as '{EXAMPLES['title']}'")
        return None
    for key_path, line in lines.duplicates:
        if what == "tree" and len(key_path) == 2 and key_path[0] == "nodes":
            report.add(path, f"node id '{key_path[1]}' is used twice", line=line,
                       hint="rename one of the nodes: YAML would silently keep only the last")
            continue
        report.add(path, f"field '{dotted(key_path)}' is given twice", line=line,
                   hint="keep one of them: YAML would silently use the last")
    # YAML refuses raw control characters; only an escape in a double-quoted text ("\x1b")
    # can make one, so text without a backslash needs no walk.
    if "\\" in lines.text or not lines.text:
        _control_characters(data, (), lines, report, path)
    # Fields of other tools are let through unchecked; ours and the theme's never are.
    # (Nor the names of the macros: mkdocs-macros lets front matter shadow them.)
    fields = {k: v for k, v in data.items()
              if k not in allowed_extra or k in model.model_fields or k in MACROS}
    try:
        return model.model_validate(fields)
    except ValidationError as exc:
        for err in exc.errors():
            _add_error(err, model, lines, report, path, allowed_extra, what)
        return None


# C0 controls but tab, line feed and carriage return; DEL; C1 controls. YAML lets them in
# through escapes in double-quoted text ("\x02"), and none belongs in a page or a reply.
_CONTROL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _control_characters(value: Any, loc: tuple[Any, ...], lines: Lines, report: Report,
                        path: Path, depth: int = 0) -> None:
    if depth > 50:  # a pathological nesting; the model rejects it anyway
        return
    if isinstance(value, str):
        found = _CONTROL_RE.search(value)
        if found:
            line, col = lines.at(loc)
            report.add(path, f"field '{dotted(loc)}' holds a control character "
                       f"(U+{ord(found.group()):04X})", line=line, col=col,
                       hint="delete it: such characters usually arrive by copy and paste")
    elif isinstance(value, dict):
        for key, item in value.items():
            if isinstance(key, str) and _CONTROL_RE.search(key):
                line, col = lines.at((*loc, key))
                report.add(path, f"a field name holds a control character "
                           f"(U+{ord(_CONTROL_RE.search(key).group()):04X})", line=line,
                           col=col, hint="delete it: such characters usually arrive by copy "
                           "and paste")
                continue
            _control_characters(item, (*loc, key), lines, report, path, depth + 1)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            _control_characters(item, (*loc, i), lines, report, path, depth + 1)


def _add_error(err: Any, model: type[BaseModel], lines: Lines, report: Report, path: Path,
               allowed_extra: frozenset[str], what: str = "") -> None:
    loc = tuple(p for p in err["loc"] if p not in ("[key]",))
    name = str(loc[-1]) if loc else ""
    line, col = lines.at(loc)
    kind = err["type"]
    if kind == "missing":
        line, col = lines.at(loc[:-1])
        report.add(path, f"missing required field '{dotted(loc)}'", line=line,
                   hint=f"add '{EXAMPLES.get(name, name + ': ...')}'")
        return
    if kind == "extra_forbidden":
        known = set(_fields_at(model, loc[:-1])) | (allowed_extra if len(loc) == 1 else set())
        # Only a close name is a typo; `cover` from another tool is not a misspelt `owner`.
        hint = did_you_mean(name, known, cutoff=0.75) or (
            f"known fields: {', '.join(sorted(known))}" + (
                "; to keep a field another tool uses, list it under extra_front_matter in "
                "the handbook plugin's options in mkdocs.yml" if what == "front matter" else ""))
        report.add(path, f"unknown field '{dotted(loc)}'", line=line, col=col, hint=hint)
        return
    if kind == "literal_error" and err["loc"][-1] == "[key]":
        report.add(path, f"unknown channel '{name}' in '{dotted(loc[:-1])}'", line=line, col=col,
                   hint="use email, chat or social")
        return
    if kind == "invalid_key" or (err["loc"] and err["loc"][-1] == "[key]"):
        # A key YAML read as a number, true/false or null (`5:`, `yes:`, `~:`); the line map
        # knows it by the text it was written as.
        if loc:
            line, col = lines.at((*loc[:-1], str(loc[-1])))
        where = f" in '{dotted(loc[:-1])}'" if loc[:-1] else ""
        report.add(path, f"'{name}'{where} is not a valid name", line=line, col=col,
                   hint="names are text such as 'title'; put quotes around it if it must be "
                   "a number or yes/no")
        return
    msg = str(err["msg"]).removeprefix("Value error, ")
    hint = FIELD_HINTS.get(name, "")
    if kind == "literal_error":
        expected = str(err.get("ctx", {}).get("expected", "")).replace("'", "")
        msg, hint = f"'{err.get('input')}' is not one of {expected}", ""
    if kind == "model_type" and name in EXAMPLES:
        hint = f"write it as '{EXAMPLES[name]}'"
    if kind in ("string_too_short", "too_short"):
        msg = "must not be empty"
    elif kind in ("string_too_long", "too_long"):
        limit = err.get("ctx", {}).get("max_length")
        msg = (f"is longer than {limit:,} characters" if kind == "string_too_long" else
               f"has more than {limit} entries")
        hint = "split it: no real reply or tree needs this much, and every page showing it " \
               "would carry it"
    elif kind.endswith("_type"):
        msg = f"must be {_TYPE_WORDS.get(kind, kind.removesuffix('_type'))}"
        read_as = _yaml_read_as(err.get("input"))
        if kind == "string_type" and read_as:
            hint = f"YAML read it as {read_as}: put the value in quotes to keep it as text"
    report.add(path, f"field '{dotted(loc)}': {msg}", line=line, col=col, hint=hint)


def _yaml_read_as(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    return ""


_TYPE_WORDS = {
    "string_type": "text",
    "list_type": "a list, e.g. [billing, outage]",
    "dict_type": "a mapping of names to values",
    "model_type": "a mapping of fields",
    "model_attributes_type": "a mapping of fields",
    "int_type": "a whole number",
    "bool_type": "true or false",
}


def _fields_at(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    """Field names of the (nested) model found at `loc`, for 'did you mean' hints."""
    current: Any = model
    for part in loc:
        if isinstance(part, int) or current is None:
            continue
        field = getattr(current, "model_fields", {}).get(part)
        if field is None:
            # A mapping of ids to models (nodes, placeholders): step into its value type.
            continue
        current = _model_in(field.annotation)
    return list(getattr(current, "model_fields", {}).keys())


def _model_in(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _model_in(arg)
        if found is not None:
            return found
    return None
