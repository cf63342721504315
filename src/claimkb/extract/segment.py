"""Cut a document into blocks before any parsing.

Blank lines are the strongest layout signal news text has: a headline with no
full stop must never be glued onto the first sentence, and a photo credit must
never become the subject of "said".  Repeated paragraphs (copy-paste
duplication, truncated repeats) are found here, so that the extractor parses
each distinct block once and the statements it finds are reported once, with
every copy's offsets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from claimkb.ingest import BYLINE_LINES, byline_names

_BLANK = re.compile(r"\n[ \t\r\f\v]*\n\s*")
_TERMINAL = tuple(".!?:;…\"'”’»)]")
_CAPTION = re.compile(
    r"""^\s*(?:
        (?:photo|photograph|picture|image|video|file\ photo|illustration|credit|caption)s?
            (?:\s+(?:by|credit|courtesy))?\s*[:|—–-]
      | (?:photo|photograph|picture|image|video)s?\s+(?:by|courtesy\ of|credit)\s
      | (?:from\ open\ sources|source:\ open\ sources|courtesy\ of)\b
      | \(?(?:ap|afp|reuters|getty\ images|epa|shutterstock)\ ?(?:photo|images?)?\)?\s*$
    )""",
    re.IGNORECASE | re.VERBOSE,
)
_CREDIT_TAIL = re.compile(
    r"(?:/\s*(?:AP|AFP|Reuters|Getty Images|EPA)|\((?:AP|AFP|Reuters) Photo[^)]*\))\s*$"
)
#: A repeat shorter than this is a coincidence ("Read more."), not duplication.
MIN_REPEAT_CHARS = 40
#: Longest block handed to spaCy: its parser needs ~1 GB per 100k characters and
#: refuses texts over 1M, so a paragraph-less wall of text is cut at sentence
#: ends (else at spaces) into pieces no longer than this.
MAX_BLOCK_CHARS = 10_000
_SENTENCE_END = re.compile(r"[.!?…][\"'”’»)]*\s+")


@dataclass(frozen=True)
class Block:
    """A paragraph-like run of text.

    ``kind`` is ``body``, ``headline`` (short, no closing punctuation),
    ``caption`` (photo captions and credits: never a source of speakers) or
    ``byline`` ("By Jane Roe" near the top: who wrote the piece, not a name
    the story mentions).
    ``repeats`` is the index of an earlier block this one copies (wholly, or
    as a truncated prefix), else ``None``.
    """

    start: int
    end: int
    kind: str
    repeats: int | None = None


#: Markdown's marks at the start of a line: a heading's ``#``s, a quotation's
#: ``>``s, a list's ``*`` or ``+`` (not ``-``: news copy opens lines with dashes)
_LINE_MARKS = re.compile(
    r"^[ \t]{0,3}(?:#{1,6}(?=[ \t]|$)|(?:>[ \t]?)+|[*+](?=[ \t]))", re.MULTILINE
)


def parse_text(text: str, block: Block) -> str:
    """The characters of ``block`` that spaCy parses.

    A no-break space (web copy has them: ``Clinton\xa0was headed``, 140 in
    PolNeAR dev) is a token of its own to spaCy's tokenizer, which the parser
    then hangs somewhere and the tagger gives a role or none, cutting a content
    in two.  Read as a plain space, it is whitespace between tokens, as a
    reader sees it.  So are Markdown's line marks (a ``.md`` file is read as
    text): the small model reads the ``Bridge`` of ``# Bridge reopens`` as a
    person, whom ``the mayor`` then resolved to.  One character for one, so
    every token offset still points into the document, whose own characters
    are what statements quote."""
    piece = text[block.start : block.end].replace("\xa0", " ")
    return _LINE_MARKS.sub(lambda m: " " * len(m.group()), piece)


def _is_caption(text: str) -> bool:
    return bool(_CAPTION.match(text) or _CREDIT_TAIL.search(text))


def _is_headline(text: str, index: int) -> bool:
    words = text.split()
    if not words or len(words) > 25 or "\n" in text.strip():
        return False
    if text.rstrip().endswith(_TERMINAL):
        return False
    # The first block is the title; later short unpunctuated lines are subheads.
    return index == 0 or len(words) <= 12


def _lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split a block further where a short unpunctuated line sits on top of it.

    News text pasted from the web often has the headline, a byline or a dateline
    on its own line with a single newline after it.
    """
    out: list[tuple[int, int]] = []
    s = start
    while True:
        nl = text.find("\n", s, end)
        if nl == -1:
            break
        line = text[s:nl].strip()
        if line and not line.endswith(_TERMINAL) and len(line.split()) <= 12:
            out.append((s, nl))
            s = nl + 1
            continue
        break
    out.append((s, end))
    return out


def _cut(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """``[start, end)`` in pieces of at most MAX_BLOCK_CHARS, cut after a sentence if possible."""
    pieces = []
    while end - start > MAX_BLOCK_CHARS:
        limit = start + MAX_BLOCK_CHARS
        cut = None
        for m in _SENTENCE_END.finditer(text, start + MAX_BLOCK_CHARS // 2, limit):
            cut = m.end()
        if cut is None:
            space = text.rfind(" ", start + 1, limit)
            cut = space + 1 if space > start else limit
        pieces.append((start, cut))
        start = cut
    pieces.append((start, end))
    return pieces


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def split_blocks(text: str) -> list[Block]:
    """Blocks in document order, each trimmed of surrounding whitespace."""
    raw: list[tuple[int, int]] = []
    pos = 0
    for m in _BLANK.finditer(text):
        raw.append((pos, m.start()))
        pos = m.end()
    raw.append((pos, len(text)))

    blocks: list[Block] = []
    seen: dict[str, int] = {}
    for rs, re_ in raw:
        for ls, le in (piece for line in _lines(text, rs, re_) for piece in _cut(text, *line)):
            s, e = _trim(text, ls, le)
            if s >= e:
                continue
            chunk = text[s:e]
            if _is_caption(chunk):
                kind = "caption"
            elif 0 < len(blocks) < BYLINE_LINES and byline_names(chunk):
                kind = "byline"
            elif _is_headline(chunk, len(blocks)):
                kind = "headline"
            else:
                kind = "body"
            repeats = _find_repeat(chunk, blocks, text, seen)
            if repeats is None and len(chunk) >= MIN_REPEAT_CHARS:
                seen.setdefault(chunk, len(blocks))
            blocks.append(Block(s, e, kind, repeats))
    return blocks


def _find_repeat(chunk: str, blocks: list[Block], text: str, seen: dict[str, int]) -> int | None:
    if len(chunk) < MIN_REPEAT_CHARS:
        return None
    if chunk in seen:
        return seen[chunk]
    # A truncated repeat: this block is the beginning of an earlier one.
    for i, b in enumerate(blocks):
        if b.repeats is None and b.end - b.start > len(chunk) and text.startswith(chunk, b.start):
            return i
    return None
