"""What a reply should not still hold when it is sent: gaps agents type over (`[AMOUNT]`,
`XXXXX`) and other helpdesks' variable syntax that none of ours reads (`${Contact.Name}`,
`{!Contact.FirstName}`, `%ticket.subject%`). `handbook check` warns on each; `handbook
import` turns the gaps into required placeholders with the same patterns.

Zendesk's and Help Scout's own `{{…}}` / `{%…%}` are errors, not warnings (validate.py:
the helpdesk would run them).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .foreign_syntax import Foreign

# "[AMOUNT]", "[ AMOUNT ]", "[FIRST NAME]", "[£AMOUNT]", "[#ORDER]", "[Order Number]",
# "[Tracking URL]", "[customer's name]", "[注文番号]", "[...]", in any script: brackets around
# words `asks` reads as a request, not a link, a placeholder ([[name]]) or a reference label
# followed by "(", "[" or ":".
BRACKET_GAP_RE = re.compile(r"(?<![\[\\])\[[ \t]*(?:([£$€¥₹#]?)[ \t]*"
                            r"([^\W\d_][\w '\u2019./#&£$€¥₹-]{0,40}?)|(\.\.\.|…))[ \t]*\]"
                            r"(?![\[(\]])")
# "XXXX", "XXX", "xxxx", "XXXX-XXXX" (one gap), and amounts: "$XX.XX", "£xx.xx", "$XXX",
# "₹XX.XX", "CHF XX.XX", "XX,XX €", "XX.XX"; a count before its unit: "XX days", "XX USD";
# also "______" (a line to write on), "#ORDER#" and "????".
_MONEY = "$£€¥₹₽₩₺₪"
_UNITS = (r"(?:[A-Z]{3}\b|%|(?:business |working |calendar )?(?:days?|hours?|hrs?|weeks?|"
          r"months?|years?|minutes?|mins?|seconds?|items?|units?|times|d[ií]as|horas|semanas|"
          r"meses|jours|heures|semaines|mois|[Tt]agen?|[Ss]tunden|[Ww]ochen|[Mm]onaten?|"
          r"giorni|ore|dagen|dni|godzin[ay]?|tygodni|дн[ейяь]+|час[аов]*|недел[иья]+)(?!\w))")
X_GAP_RE = re.compile(
    rf"(?<![\w{_MONEY}])(?:[{_MONEY}]\s?(?:[xX]{{2,}}(?:[.,][xX]{{2}})?|[xX][.,][xX]{{2}})"
    # "CHF XX.XX" (a code needs the cents: "PIN XXXX" is a word and a gap)
    rf"|\b[A-Z]{{3}}\s\s?(?:[xX]{{2,}}[.,][xX]{{2}}|[xX][.,][xX]{{2}})"
    rf"|[A-Z]{{2}}\d{{2}}(?: X{{4}}){{2,}}(?: X{{1,4}})?"
    rf"|[xX]{{2,}}[.,][xX]{{2}}\s?[{_MONEY}]|X{{2,}}[.,]X{{2}}"
    rf"|(?P<count>[xX]{{2,}})(?=\s?{_UNITS})|X{{3,}}(?:[-/ ]X{{3,}})*"
    r"|x{4,}(?:[-/]x{4,})*|\uff38{2,}(?:[-/]\uff38{2,})*)(?![\w])|(?:\\?_){3,}"
    r"|#[A-Z][A-Z_]{1,30}#|(?<![\w?])\?{3,}(?![\w?])|(?<![\w*\\])(?:\\?\*){5,}(?![\w*])"
    r"|\uff38{2,}(?=[\u65e5\u6708\u5e74\u5186\u6642\u5206\u79d2\u4ef6\u500b\u540d\u9031]|\u30f6\u6708)"
    r"|(?<![\w:/.-])(?P<time>(?:XX|HH|hh):(?:XX|MM|mm))(?![\w:])"
    r"|(?<![\w/.-])(?P<date>(?:DD|MM)(?P<sep>[./-])(?:MM|DD)(?P=sep)(?:YYYY|YY)|YYYY-MM-DD)(?![\w/-]|\.\w)"
    r"|(?<![\w#&\\])(?P<hashes>(?:\\?#){4,})(?![\w#])"
    r"|(?<![\[\\])\[(?: {1,3}|(?:\\?_){2,20})\](?![\[(:])")
# "<<FIRST_NAME>>" (also as the HTML of a helpdesk export shows it), "<NAME>", "«ИМЯ»",
# "«имя»", and words in angle brackets that ask and name no HTML element: "<agent name>".
ANGLE_GAP_RE = re.compile(r"(?:<<|&lt;&lt;)\s*([^\W\d_][\w ]{0,40}?)\s*(?:>>|&gt;&gt;)"
                          r"|(?:(?<!<)<|&lt;)(?P<one>[A-Z][A-Z_]{2,30})(?:>(?!>)|&gt;)"
                          r"|«\s*(?P<quoted>[^\W\d_][\w ]{0,40}?)\s*»"
                          r"|(?:(?<!<)<|&lt;)(?P<low>[a-z]+(?: [a-z]+){1,3})(?:>(?!>)|&gt;)")
# "{FIRSTNAME}", "{first_name}", "{firstName}", "{Customer name}"; "%FIRSTNAME%",
# "%first_name%", "%%name%%", "$$AMOUNT$$": a name `asks` reads as a request, or written as
# a program's variable; "(NAME)", "(ORDER NUMBER)": capitals in parentheses that ask for a
# field ("(FAQ)", "(USA)" are text).
BRACE_GAP_RE = re.compile(r"(?<![{$!%#\\])\{[ \t]*([^\W\d_][\w '\u2019.-]{1,40}?)[ \t]*\}(?!\})")
PERCENT_GAP_RE = re.compile(r"(?<![\w%])%([^\W\d_][\w]{2,40})%(?![\w%])"
                            r"|(?<![\w%$])(?:%%|\$\$)(?P<doubled>[^\W\d_]\w{1,40})(?:%%|\$\$)"
                            r"(?![\w%$])"
                            r"|\((?P<paren>[A-Z][A-Z_]*(?: [A-Z][A-Z_]*){0,3})\)")
# Japanese and Chinese forms: full-width brackets (U+FF3B, U+FF3D) around a name, and the
# "XX" of Japanese templates, two or more maru (U+3007, U+25CB, U+25EF) before "sama";
# not the kanji zero of a year written in kanji digits.
WIDE_GAP_RE = re.compile(r"\uff3b\s*([^\uff3b\uff3d\n]{1,40}?)\s*\uff3d"
                         r"|(?P<kind>[\u3010\u3014\uff1c])\s*([^\u3010\u3011\u3014\u3015"
                         r"\uff1c\uff1e\n]{1,40}?)\s*[\u3011\u3015\uff1e]")
# In lenticular (U+3010/3011), tortoise-shell (U+3014/3015) and full-width angle (U+FF1C/
# FF1E) brackets only a field is a gap ("o-namae", "shimei": name); "juuyou" ("important")
# heads a line. Name, number, date, amount, address, phone, mail, code, ID, URL (ASCII or
# full-width).
_WIDE_FIELD_RE = re.compile("名|番号|日付|日時|金額|住所|電話|メール|コード|ID|URL|"
                            "[\uff29\uff49][\uff24\uff44]|\uff35\uff32\uff2c",
                            re.IGNORECASE)
_MARU = "\u3007\u25cb\u25ef"
_KANJI_DIGITS = ("\u3007\u4e00\u4e8c\u4e09\u56db\u4e94\u516d\u4e03\u516b\u4e5d"
                 "\u5341\u767e\u5343\u4e07")  # zero to nine, ten, hundred, thousand, 10^4
MARU_GAP_RE = re.compile(rf"(?<![{_KANJI_DIGITS}{_MARU}])[{_MARU}]{{2,}}"
                         rf"(?![{_KANJI_DIGITS}{_MARU}\u5e74])")
GAP_RES = (BRACKET_GAP_RE, WIDE_GAP_RE, ANGLE_GAP_RE, BRACE_GAP_RE, PERCENT_GAP_RE,
           X_GAP_RE, MARU_GAP_RE)
# The lowercase asks: "[insert date]", "[customer name]", "{tracking url}".
_ASK_RE = re.compile(r"^(?:insert|enter|add|type|fill in|your)\b|\b(?:name|number|date|"
                     r"amount|id|code|email|address|link|url|time|price|phone)\Z", re.IGNORECASE)
# The same asks in lower case in French, German, Spanish, Portuguese, Russian, Italian,
# Dutch and Polish, as whole words anywhere: "[nom du client]", "[Name des Kunden]", "[имя]",
# "[номер заказа]", "[numero d'ordine]", "[naam klant]", "[imię]".
_ASK_WORDS_RE = re.compile(
    r"(?<!\w)(?:nom|prénom|numéro|montant|adresse|client|cliente|kunde|kundin|vorname|"
    r"nachname|nummer|datum|betrag|bestellnummer|nombre|número|fecha|importe|nome|valor|"
    r"имя|фамилия|номер|дата|сумма|адрес|клиент\w*|заказ\w*|kunden|"
    r"numero|ordine|cognome|importo|indirizzo|naam|klant|bedrag|bestelnummer|adres|"
    r"imię|nazwisko|kwota|numer|zamówieni[ae]|klient\w*)(?!\w)", re.IGNORECASE)
_CAMEL_RE = re.compile(r"[a-z][A-Z]")
# Variables of other helpdesks and mailers: Zoho Desk ${…}, Salesforce {!…}, Kayako/
# Freshdesk-style %word.word%, Mailchimp *|FNAME|* (its "*" escaped by the HTML converter).
# Helpdesk code whose braces were spaced apart ("{ {ticket.id} }", "{ {n} }", "{ % if x % }",
# as import keeps braces it can't read as code): it is sent as text, never run; and a
# placeholder between spaced braces ("{ [[ticket_id]] }", as an earlier import wrote
# "&#123;&#123;ticket.id&#125;&#125;"), which the customer reads as "{ 12345 }".
SPACED_VARIABLE_RE = re.compile(r"\{ \{[^{}\n]{0,80}?\} \}|\{ %[^\n]{0,80}?% \}"
                                r"|\{ \[\[\w{1,60}\]\] \}")
FOREIGN_VARIABLE_RE = re.compile(r"\$\{[^{}\n]{1,60}\}|\{![^{}\n]{1,60}\}|"
                                 r"%[A-Za-z_]+\.[A-Za-z_.]+%|\\?\*\|[A-Z0-9_:]{2,40}\|\\?\*")


@dataclass
class Gap:
    """A gap in a text: where it is (`start`, `end`: offsets), as written, and what it asks
    the agent for (`label`; "" when it doesn't say, as XXXX)."""

    start: int
    end: int
    written: str
    label: str


def gaps(text: str) -> list[Gap]:
    """Every gap in `text` by offset, none overlapping another (the first found wins): the
    one definition `handbook check` warns on and `handbook import` makes placeholders of.
    Not inside helpdesk code with its braces spaced apart ("{ {ticket.id} }"), which is
    text as a whole (a warning of its own)."""
    found: list[Gap] = []
    code = [Gap(m.start(), m.end(), "", "") for m in SPACED_VARIABLE_RE.finditer(text)]
    for regex in GAP_RES:
        for match in regex.finditer(text):
            label = gap_label(match)
            if label is not None and not any(g.start < match.end() and match.start() < g.end
                                              for g in found + code):
                label = label or context_label(text, match.start(), match.end())
                found.append(Gap(match.start(), match.end(), match.group(0), label))
    return sorted(found, key=lambda gap: gap.start)


# Words before a gap that say nothing of it: "refunded on XXXX", "your code is XXXX".
_FILLER = frozenset((
    "a", "an", "the", "is", "are", "was", "be", "on", "at", "to", "of", "in", "for", "by", "with",
    "from", "your", "our", "my", "and", "or", "as", "it", "its", "this", "that", "de", "la", "le",
    "les", "du", "des", "der", "die", "das", "den", "und", "el", "los", "las", "y", "en", "и", "в",
    "на"))


def context_label(text: str, start: int, end: int | None = None) -> str:
    """A label for a gap that names nothing itself (XXXX, ___) at `start`:`end` of `text`,
    never empty and never a counter ("Fill in 2" tells the agent nothing), the first of:
    the words before it on its line, up to three before a colon ("Tracking number: XXXX" ->
    "Tracking number", "IBAN: DE00 XXXX" -> "IBAN"), else the last word that is no filler
    ("order XXXX-XXXX" -> "order", "your code is XXXX" -> "code"); the words after it that
    say what it is ("XXXX is your code" -> "code", "XXXX (order number)" -> "order
    number"); its own shape (an IBAN mask, "〇〇様": a name, groups of X: a number); the
    words before a colon ending the line above ("Your code:" / "XXXX"); else where it
    stands, "Fill in (before 'ships on Monday')" or "(after 'Thanks')"; "Fill in" only for
    a text that is nothing but the gap."""
    end = start if end is None else end
    line = text[:start].rsplit("\n", 1)[-1].rstrip()
    found = _words_before(line) or _words_after(text, end) or _shape(text, start, end)
    if found:
        return found
    above = text[:start].rsplit("\n", 1)[0].rstrip() if "\n" in text[:start] else ""
    above = above.rsplit("\n", 1)[-1].rstrip()
    if above.endswith(":"):
        found = _words_before(above)
    rest = text[end:].split("\n", 1)[0]
    after = " ".join(_WORD_RE.findall(re.split(_CLAUSE_END, rest)[0])[:3])
    clause = re.split(_CLAUSE_END, line)[-1]
    before = " ".join(_WORD_RE.findall(clause if _WORD_RE.search(clause) else line
                                       or above)[-3:])
    return (found or (f"Fill in (before '{after}')" if after else
                      f"Fill in (after '{before}')" if before else "Fill in"))


_WORD_RE = re.compile(r"[^\W\d_][^\W\d_'\u2019-]*")
_CLAUSE_END = r"[.,;!?()\[\]{}<>\"\u3001\u3002]"
# What follows a gap and says what it is: "XXXX is your code", "XXXX (order number)".
_SAYS_RE = re.compile(r"\s*(?:(?:is|was|will be|are)\s+(?:your|the|our)\s+"
                      r"|\((?:your |the )?(?=[^()\n]{2,40}\)))([^\W\d_][^.,;!?()\n]{1,40})")


def _words_before(line: str) -> str:
    clause = re.split(_CLAUSE_END, line)[-1]  # its own clause only
    words = _WORD_RE.findall(clause)
    if line.endswith(":"):
        return " ".join(w for w in words[-3:] if w.lower() not in _FILLER)
    for word in reversed(words[-4:]):
        if word.lower() not in _FILLER and len(word) > 1:
            return word
    return ""


def _words_after(text: str, end: int) -> str:
    said = _SAYS_RE.match(text, end)
    if not said:
        return ""
    words = [w for w in _WORD_RE.findall(said.group(1)) if w.lower() not in _FILLER]
    return " ".join(words[:3])


def _shape(text: str, start: int, end: int) -> str:
    written = text[start:end]
    if re.match(r"[A-Z]{2}\d{2} X", written):
        return "IBAN"
    if written[:1] in _MARU and text.startswith("様", end):
        return "Name"
    if re.fullmatch(r"(?:X{3,}|x{4,}|\uff38{2,})(?:[-/ ](?:X{3,}|x{4,}|\uff38{2,}))+", written):
        return "Number"
    return ""


def capitals(text: str) -> bool:
    """Capitals in any script ("AMOUNT", "FIRST NAME"): a gap; "[see below]" is text."""
    return text == text.upper() and text != text.lower()


def asks(words: str) -> bool:
    """Whether bracketed words ask the agent for something: capitals in any script
    ("AMOUNT", "ИМЯ"), a script without capitals ("注文番号", "اسم العميل"), each word
    capitalised ("Order Number", "Tracking URL"), a capitalised first word and a few
    lowercase ones ("Order number", "Имя клиента", "Customer's name"), or a lowercase ask
    ("insert date", "customer's name"); "[see below]" and "[brackets]" are text."""
    plain = re.sub(r"['\u2019.]", "", words)
    plain = " ".join(re.sub(r"[#&£$€¥₹]", " ", plain).split()) or plain  # "Order #"
    if _ASK_WORDS_RE.search(plain):
        return True
    letters = [c for c in plain if c.isalpha()]
    if capitals(plain) or (letters and all(c.lower() == c.upper() for c in letters)):
        return True
    parts = plain.replace("-", " ").replace("/", " ").split()
    if not parts or not all(p.isalpha() for p in parts):
        return bool(_ASK_RE.search(words))
    cased = [p[0].isupper() and (p[1:].islower() or p.isupper() or len(p) == 1)
             for p in parts]
    if all(cased) and len(parts) <= 4:
        return True
    sentence = parts[0][0].isupper() and parts[0][1:] == parts[0][1:].lower() and all(
        p.islower() or p.isdigit() for p in parts[1:]) and 2 <= len(parts) <= 6
    return sentence or bool(_ASK_RE.search(words))


def gap_label(match: re.Match[str]) -> str | None:
    """What a match of one of GAP_RES asks the agent for ("" when it doesn't say: XXXX), or
    None when it is text after all ("[see below]")."""
    if match.re is BRACKET_GAP_RE:
        words, text, start = match.group(2), match.string, match.start()
        if words is None:
            return ""  # "[...]"
        if text.startswith(":", match.end()) and (start == 0 or text[start - 1] == "\n"):
            return None  # a reference definition, "[label]: https://…"
        if not asks(words):
            return None
        return "Amount" if match.group(1) in "£$€¥₹" and match.group(1) and words.upper() in (
            "X", "XX") else words.strip(" £$€¥₹") or words.strip()
    if match.re is X_GAP_RE:
        found = match.group(0)
        if match.group("time") or match.group("date"):
            if _FORMAT_RE.search(match.string[:match.start()]):
                return None  # "send it in the format DD/MM/YYYY": the mask is the point
            return "Time" if match.group("time") else "Date"
        if (match.group("hashes") or found.startswith("[")) and _a_markdown_form(match):
            return None  # "##### Heading", "- [ ] task"
        if match.group("hashes") or found.startswith("["):
            return ""
        if found.lstrip("\\").startswith("*") and _alone_on_its_line(match):
            return None  # "*****" alone on a line: a Markdown rule
        if found.startswith("#"):
            return found.strip("#").replace("_", " ")
        unit = re.match(r"\s?([^\W\d_]+(?: days)?)",
                        match.string[match.end():match.end() + 20])
        if match.group("count") and unit and not unit.group(1).isupper():  # "XX days"
            return f"Number of {unit.group(1)}"
        if match.group("count") and match.string.startswith("%", match.end()):
            return "Percentage"
        code = (found[:3].isascii() and found[:3].isalpha() and found[:3].isupper()
                and found[:3] != "XXX")  # "CHF XX.XX", not full-width XXXX
        return "Amount" if (code or any(c in _MONEY for c in found) or "." in found
                            or "," in found or match.group("count")) else ""
    if match.re is MARU_GAP_RE:
        return ""
    if match.re is WIDE_GAP_RE:
        if match.group("kind"):
            words = match.group(3).strip()
            return words if _WIDE_FIELD_RE.search(words) else None
        words = match.group(1).strip()
        return words if asks(words) else None
    if match.re is ANGLE_GAP_RE and match.group(1) is None:
        words = match.group("one") or match.group("quoted") or match.group("low")
        if match.group("one") and words in _HTML_CAPITALS:
            return None  # "<DIV>": a tag written in capitals
        if match.group("low"):  # "<agent name>", not "<input name>"
            tag = words.split()[0].upper()
            return words if (tag not in _HTML_CAPITALS and tag not in _HTML_SHORT
                             and asks(words)) else None
        if match.group("quoted") and not capitals(words):
            return words if _ASK_WORDS_RE.search(words) else None  # "«имя»", not "«bonjour»"
        return words.replace("_", " ") if capitals(words) else None
    if match.re is PERCENT_GAP_RE and match.group("paren"):
        words = match.group("paren")
        return words.replace("_", " ") if len(words) >= 4 and _ASK_RE.search(
            words.replace("_", " ")) else None
    words = (match.group(1) or match.group("doubled")).strip() if match.re is \
        PERCENT_GAP_RE else match.group(1).strip()
    if match.re in (BRACE_GAP_RE, PERCENT_GAP_RE) and not (
            "_" in words or _CAMEL_RE.search(words) or asks(words.replace("_", " "))):
        return None
    return words.replace("_", " ")


# Tags of HTML (https://html.spec.whatwg.org/#elements-3) an author may write in capitals:
# "<NAME>" is a gap, "<TABLE>" is a tag.
_HTML_CAPITALS = frozenset((
    "ABBR", "ADDRESS", "ARTICLE", "ASIDE", "AUDIO", "BASE", "BODY", "BUTTON", "CANVAS", "CAPTION",
    "CITE", "CODE", "COL", "DATA", "DETAILS", "DIALOG", "DIV", "EMBED", "FOOTER", "FORM", "HEAD",
    "HEADER", "HTML", "IFRAME", "IMG", "INPUT", "KBD", "LABEL", "LEGEND", "LINK", "MAIN", "MARK",
    "MENU", "META", "METER", "NAV", "OBJECT", "OUTPUT", "PICTURE", "PRE", "RUBY", "SAMP", "SCRIPT",
    "SECTION", "SELECT", "SLOT", "SMALL", "SOURCE", "SPAN", "STRONG", "STYLE", "SUB", "SUMMARY",
    "SUP", "TABLE", "TBODY", "TEMPLATE", "TEXTAREA", "TFOOT", "THEAD", "TIME", "TITLE", "TRACK",
    "VIDEO", "WBR"))
# The other elements (and obsolete ones a helpdesk's HTML may hold), for tags in lower case:
# "<agent name>" is a gap, "<param name>" a tag.
_HTML_SHORT = frozenset(("A", "B", "I", "P", "Q", "S", "U", "BR", "HR", "LI", "OL", "UL", "DL",
                         "DT", "DD", "EM", "TD", "TH", "TR", "H1", "H2", "H3", "H4", "H5", "H6",
                         "DEL", "INS", "BDI", "BDO", "DFN", "MAP", "VAR", "AREA", "FONT",
                         "CENTER", "OPTION", "OPTGROUP", "FIELDSET", "FIGURE", "FIGCAPTION",
                         "PARAM", "FRAME", "FRAMESET", "APPLET", "KEYGEN"))


# Words just before a date or time mask that name it as a format to follow, not a gap.
_FORMAT_RE = re.compile(r"\b(?:format|formato|Format|formaat|формате?)\b[^.\n]{0,20}\Z",
                        re.IGNORECASE)


def _a_markdown_form(match: re.Match[str]) -> bool:
    """Whether hashes start a Markdown heading ("##### Heading") or "[ ]" a task list item
    ("- [ ] Call back")."""
    text = match.string
    before = text[text.rfind("\n", 0, match.start()) + 1:match.start()]
    if match.group(0).startswith("["):
        return bool(re.fullmatch(r"\s*(?:[-*+]|\d+[.)])\s+", before))
    return not before.strip() and text[match.end():match.end() + 1] in (" ", "\t", "\n", "")


def _alone_on_its_line(match: re.Match[str]) -> bool:
    text = match.string
    start = text.rfind("\n", 0, match.start()) + 1
    end = text.find("\n", match.end())
    return not (text[start:match.start()] + text[match.end():end if end >= 0 else None]).strip()


def leftovers(text: str) -> list[Foreign]:
    """Every gap and foreign variable in a reply's text (or subject, or fallback), by
    offset."""
    out = []
    for gap in gaps(text):
        named = gap.label and not gap.label.startswith("Fill in")  # not "Fill in (after …)"
        name = f"[[{_name(gap.label)}]]" if named else "[[name]]"
        out.append(Foreign(gap.start, f"holds '{gap.written}', a gap for the agent to type "
                           "over", f"make it a placeholder, {name}, declared with "
                           "'required: true'"))
    out += [Foreign(m.start(), f"holds '{m.group()}', another helpdesk's variable, which "
                     "would be sent as written", "write a placeholder, [[name]]: the exports "
                     "map it to each helpdesk's own variable")
            for m in FOREIGN_VARIABLE_RE.finditer(text)]
    out += [Foreign(m.start(), f"holds '{m.group()}', helpdesk code with its braces "
                     "spaced apart, which is sent as text", "write a placeholder, [[name]]: "
                     "the exports map it to each helpdesk's own variable")
            for m in SPACED_VARIABLE_RE.finditer(text)]
    return sorted(out, key=lambda item: item.offset)


def _name(label: str) -> str:
    from anyascii import anyascii  # "PRÉNOM" -> "prenom", as import names it

    name = anyascii(re.sub("['\u2019]", "", label)).lower()
    name = re.sub(r"[^a-z0-9]+", "_", name).strip("_")
    return name if name and name[0].isalpha() else "name"
