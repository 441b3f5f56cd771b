"""``If-Match`` as RFC 9110 §13.1.1 defines it.

``*`` matches any current representation; otherwise the header is a list of entity-tags, compared *strongly*:
a weak tag (``W/"…"``) never matches, whatever it names. A header that is not valid syntax matches nothing
(answered 412, as the precondition cannot be shown to hold).
"""

from __future__ import annotations

import re

ANY = "*"
# One list member: optional weak marker, then a quoted opaque tag (etagc excludes DQUOTE, so a comma inside
# the quotes belongs to the tag), then optional whitespace and the separator or the end.
_MEMBER = re.compile(r'[ \t]*(W/)?("[\x21\x23-\x7e\x80-\xff]*")[ \t]*(?:,|$)')
_EMPTY = re.compile(r"[ \t]*,")  # the list rule allows empty members ("a, , b")


def strong_tags(if_match: str) -> list[str] | None:
    """The strong entity-tags the header lists (quotes included), or None for ``*`` (any)."""
    if if_match.strip() == ANY:
        return None
    tags: list[str] = []
    position, end = 0, len(if_match)
    while position < end:
        if if_match[position:].strip() == "":
            break
        empty = _EMPTY.match(if_match, position)
        if empty:
            position = empty.end()
            continue
        member = _MEMBER.match(if_match, position)
        if member is None or member.end() == position:
            return []  # malformed: nothing in it can be trusted to match
        if member.group(1) is None:
            tags.append(member.group(2))
        position = member.end()
    return tags
