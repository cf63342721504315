"""Pair quote marks into quoted spans.

Directional marks (“ ” « » „) pair by direction; straight double quotes and
TeX-style ``/'' pair by position (an opening mark follows space or start of
text).  A quote left open at the end of a paragraph is closed there: news style
reopens a multi-paragraph quote at the start of the next paragraph instead of
closing it.  Single quotes are left alone, since ’ is also the apostrophe.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_OPEN_ONLY = "“«„"
_CLOSE_ONLY = "”»"
_MARK = re.compile(r"``|''|[\"“”«»„]")
#: A "quote" longer than this is an unmatched mark, not a quotation.
MAX_QUOTE_CHARS = 3000


@dataclass(frozen=True)
class Quote:
    """``[start, end)`` includes the marks; ``inner`` excludes them."""

    start: int
    end: int
    inner_start: int
    inner_end: int
    closed: bool = True


def _opens(text: str, i: int, mark: str) -> bool:
    if mark in _OPEN_ONLY or mark == "``":
        return True
    before = text[i - 1] if i > 0 else "\n"
    after = text[i + len(mark)] if i + len(mark) < len(text) else " "
    if mark in _CLOSE_ONLY:
        # A closing mark that starts a line before a word is a typo for the
        # opening one (”Mr. Trump embodies …”): nothing before it to close.
        return before == "\n" and not after.isspace()
    # '' closes a TeX-style ``quote``, but some papers (The New York Times'
    # archive text among them) write '' for both marks: position decides.
    if before.isspace() or before in "([{—―–-/:":
        return not after.isspace()
    return False


def find_quotes(text: str, start: int = 0, end: int | None = None) -> list[Quote]:
    """Quoted spans inside ``text[start:end]`` (one paragraph), in order."""
    end = len(text) if end is None else end
    quotes: list[Quote] = []
    open_at: int | None = None
    open_len = 0
    for m in _MARK.finditer(text, start, end):
        i, mark = m.start(), m.group()
        if open_at is None:
            if _opens(text, i, mark):
                open_at, open_len = i, len(mark)
            continue
        # German style opens with „ and closes with “.
        if text[open_at] == "„" and mark in '“"':
            quotes.append(Quote(open_at, m.end(), open_at + open_len, i))
            open_at = None
            continue
        # Inside a quote: a second opener of a directional kind means the first
        # one was never closed; restart from here.
        if mark in _OPEN_ONLY or mark == "``":
            open_at, open_len = i, len(mark)
            continue
        if i - open_at > MAX_QUOTE_CHARS:
            open_at = i if _opens(text, i, mark) else None
            open_len = len(mark)
            continue
        quotes.append(Quote(open_at, m.end(), open_at + open_len, i))
        open_at = None
    if open_at is not None and end - open_at <= MAX_QUOTE_CHARS:
        stop = end
        while stop > open_at + open_len and text[stop - 1].isspace():
            stop -= 1
        if stop > open_at + open_len:
            quotes.append(Quote(open_at, stop, open_at + open_len, stop, closed=False))
    return quotes


#: what may stand between a quotation's last word and its closing mark
_CLOSE_AFTER = re.compile(r"[.,?!…]?(?:''|[\"”»])")


def balance_marks(text: str, start: int, end: int) -> tuple[int, int]:
    """``[start, end)`` widened to the marks of a quotation it holds only part
    of: a content that opens a quotation and stops at its last word
    (``called it “a disaster`` before ``.”``) takes the closing mark, and one
    that closes a quotation it came into after the opening mark takes that.
    Spans are trimmed of edge punctuation wherever they are found, which
    leaves a reader a mark with no partner; the scorer trims both edges, so
    scores do not move, and the span reads as the page printed it."""
    depth = unopened = 0
    for m in _MARK.finditer(text, start, end):
        if _opens(text, m.start(), m.group()):
            depth += 1
        elif depth:
            depth -= 1
        else:
            unopened += 1
    if unopened:
        for mark in ("``", "“", "«", "„", '"', "''"):
            i = start - len(mark)
            if i >= 0 and text.startswith(mark, i) and _opens(text, i, mark):
                start = i
                break
    if depth and (m := _CLOSE_AFTER.match(text, end)):
        mark = m.group().lstrip(".,?!…")
        if not _opens(text, m.end() - len(mark), mark):
            end = m.end()
    return start, end
