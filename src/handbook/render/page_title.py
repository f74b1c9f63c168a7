"""Whether a rendered page body opens with its own title (an <h1>), so that the review header
goes right under it and no second title is added (overrides/partials/content.html).

Material adds the page title as an <h1> unless the content holds one anywhere
(material/templates/partials/content.html: `{% if "\\x3ch1" not in page.content %}`). The
handbook puts the review header under the title, so it asks more: is the body's first <h1>
the first thing it shows? Before it may stand only what shows no text and no picture:
comments, a rule, the table of contents [TOC] writes, wrapper <div>s and <p>s, empty anchors
and spans (`<a id="top"></a>`, a usual "back to top" target), line breaks and non-breaking
spaces.
"""

from __future__ import annotations

import re

_H1_RE = re.compile(r"<h1[\s>]")
# What shows nothing of its own, taken out before looking for text: comments, the [TOC]
# box (its links are the headings' text, not the body's), and tags that show nothing
# (their text aside).
_NOTHING_SHOWN_RE = re.compile(
    r'<!--.*?-->|<div class="toc">.*?</div>|</?(?:p|div|span|a)\b[^>]*>|<(?:hr|br)\b[^>]*>'
    r"|&(?:nbsp|#160|#[xX][aA]0);|\s|\u00a0", re.DOTALL)


def opens_with_h1(html: str) -> bool:
    """Whether `html` (a page body as Markdown made it) shows nothing before its first <h1>:
    `<p><a id="top"></a></p><h1>…` does, `<p>Intro</p><h1>…` and `<img …><h1>…` do not."""
    first = _H1_RE.search(html)
    return first is not None and not _NOTHING_SHOWN_RE.sub("", html[:first.start()])
