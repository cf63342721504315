"""Turn paths on disk into ``Document``s, refusing anything that is not text.

Reading is strict on purpose: a knowledge base that silently stores mojibake or
a PNG's bytes as "news" is worse than one that says no.  Each refusal is an
``InputError`` naming the file, and a directory walk reports it and goes on.
"""

from __future__ import annotations

import codecs
import gzip
import hashlib
import json
import re
import zlib
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import Any, BinaryIO
from urllib.parse import urlparse

from pyoxigraph import NamedNode

from claimkb.errors import InputError
from claimkb.model import Document

#: Above this a file is refused before it is read: spaCy parses a document in
#: one piece, and a single news article is never this long.
MAX_DOCUMENT_BYTES = 5_000_000
#: JSON Lines: a corpus in one file, one article an object a line, often gzipped
JSONL_SUFFIXES = (".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz")
TEXT_SUFFIXES = (".txt", ".text", ".md", ".html", ".htm", *JSONL_SUFFIXES)


def suffix_of(path: Path) -> str:
    """A file's kind by its name: ``.txt``, or ``.jsonl.gz`` for a gzipped corpus."""
    suffix = path.suffix.lower()
    return Path(path.stem).suffix.lower() + suffix if suffix == ".gz" else suffix


def is_jsonl(path: Path) -> bool:
    return suffix_of(path) in JSONL_SUFFIXES


HTML_SUFFIXES = (".html", ".htm")


def document_id(path: Path) -> str:
    """The file name without extension: the key the PolNeAR scorer joins on."""
    return path.stem


#: Byte-order marks we decode by (longest first: UTF-32 LE starts like UTF-16 LE).
_BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)


def decode(data: bytes, name: str, declared: str = "") -> str:
    """UTF-8, or UTF-16/32 announced by a byte-order mark, or the ``declared``
    encoding (a web page's ``<meta charset>``) when the bytes are not UTF-8;
    else a clear refusal.

    Guessing a legacy encoding (Latin-1, cp1252) would silently store mojibake
    in a fact-checking database, so those are refused with a hint instead.
    """
    if not data.strip():
        raise InputError(f"{name}: empty file")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                raise InputError(
                    f"{name}: starts with a {encoding} byte-order mark but is not valid {encoding}"
                ) from None
            text = text.lstrip("\ufeff")
            if not text.strip():
                raise InputError(f"{name}: only whitespace, no text")
            return text
    if b"\x00" in data[:8192]:
        raise InputError(f"{name}: binary file (contains NUL bytes), not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if declared:
            return _decode_declared(data, name, declared)
        raise InputError(
            f"{name}: not UTF-8 text (invalid byte at offset {exc.start}); convert it first, "
            "e.g. iconv -f latin1 -t utf-8"
        ) from None
    if not text.strip():
        raise InputError(f"{name}: only whitespace, no text")
    return text


def _regular_file_size(path: Path) -> int:
    """The size of a file we may read, or an ``InputError`` saying why not."""
    name = str(path)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise InputError(f"{name}: no such file") from None
    except OSError as exc:
        raise InputError(f"{name}: cannot read ({exc.strerror})") from None
    if path.is_dir():
        raise InputError(f"{name}: is a directory")
    if not path.is_file():
        # a FIFO, socket or device would block or never end
        raise InputError(f"{name}: not a regular file")
    return size


#: a page's declared encoding, among its first bytes (``<meta charset="…">`` or
#: ``<meta http-equiv="Content-Type" content="text/html; charset=…">``)
_META_CHARSET = re.compile(rb"<meta[^>]*?charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.I)
#: labels browsers read as windows-1252 (the WHATWG Encoding Standard): pages
#: that say Latin-1 are written in it, curly quotes at 0x93 and all
_AS_WINDOWS_1252 = frozenset(
    ["iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "us-ascii", "ascii", "cp819"]
)


def declared_charset(data: bytes) -> str:
    """The encoding a web page declares, as Python names it, or "" (none, or
    one Python does not know)."""
    m = _META_CHARSET.search(data[:4096])
    if not m:
        return ""
    label = m.group(1).decode("ascii").lower()
    label = "cp1252" if label in _AS_WINDOWS_1252 else label
    try:
        return codecs.lookup(label).name
    except LookupError:
        return ""


def _decode_declared(data: bytes, name: str, encoding: str) -> str:
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{name}: declares charset {encoding} but is not valid {encoding} "
            f"(invalid byte at offset {exc.start})"
        ) from None
    if not text.strip():
        raise InputError(f"{name}: only whitespace, no text")
    return text


def read_bytes(path: Path, limit: int = MAX_DOCUMENT_BYTES) -> bytes:
    """A regular file's bytes, or an ``InputError`` naming it and saying why not."""
    name = str(path)
    size = _regular_file_size(path)
    if size > limit:
        raise InputError(
            f"{name}: {size:,} bytes is over the {limit:,}-byte limit; split it into smaller files"
        )
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InputError(f"{name}: cannot read ({exc.strerror})") from None


def read_document(path: Path | str) -> Document:
    """One file as a Document, or an ``InputError`` saying why not."""
    path = Path(path)
    if is_jsonl(path):
        raise InputError(f"{path}: a JSON Lines file holds many articles; use read_jsonl")
    return _document(read_bytes(path), str(path), document_id(path), path.suffix)


def read_jsonl(
    path: Path | str, limit: int = MAX_DOCUMENT_BYTES
) -> Iterator[Document | InputError]:
    """Each article of a JSON Lines file, or the error that refused its line.

    A line is an object with the article's ``text`` (or a web page's
    ``html``) and, if known, its ``id``, ``title``, ``url``, ``date`` and
    ``author``; without an id the article is ``<file name>-<line number>``.
    Offsets point into ``text``.  The file is a corpus, so it has no size
    limit and is read a line at a time; each line has the article's limit.
    A bad line is refused alone, naming the file and line, and the others
    are read."""
    path = Path(path)
    try:
        _regular_file_size(path)
    except InputError as exc:
        yield exc
        return
    found = 0
    stem = path.name[: -len(suffix_of(path))]
    try:
        with _open_lines(path) as fh:
            for n, raw in enumerate(_lines(fh, limit), start=1):
                if raw is None:
                    yield InputError(f"{path}:{n}: line over the {limit:,}-byte limit")
                elif raw.strip():
                    found += 1
                    try:
                        yield _jsonl_document(raw, f"{path}:{n}", f"{stem}-{n}")
                    except InputError as exc:
                        yield exc
    except (OSError, EOFError, zlib.error) as exc:
        # a gzip that is not one or was cut short: the lines before it stand
        yield InputError(f"{path}: cannot read ({getattr(exc, 'strerror', None) or exc})")
        return
    if not found:
        yield InputError(f"{path}: no articles (every line is blank)")


def _open_lines(path: Path) -> BinaryIO:
    return gzip.open(path, "rb") if path.suffix.lower() == ".gz" else path.open("rb")  # type: ignore[return-value]


def _lines(fh: BinaryIO, limit: int) -> Iterator[bytes | None]:
    """A binary file's lines, each held only up to ``limit`` bytes: a longer
    one is read past and given as ``None``."""
    while raw := fh.readline(limit + 1):
        if len(raw) <= limit:
            yield raw
            continue
        while raw and not raw.endswith(b"\n"):
            raw = fh.readline(1 << 20)
        yield None


#: half a surrogate pair, which JSON can escape ("\ud800") and UTF-8 cannot hold
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _field(obj: dict, *names: str) -> object:
    """The first of ``names`` the object has, its text with any lone surrogate
    shown as U+FFFD (one character for one, so offsets into it hold)."""

    def clean(value: object) -> object:
        return _LONE_SURROGATE.sub("\ufffd", value) if isinstance(value, str) else value

    for name in names:
        if name in obj:
            value = obj[name]
            return [clean(v) for v in value] if isinstance(value, list) else clean(value)
    return None


def parse_json(text: str, what: str) -> Any:
    """``text`` parsed, or an ``InputError`` naming ``what`` and where it broke
    (the decoder recurses, so a text nested thousands deep is refused too)."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        at = (
            f"line {exc.lineno}, column {exc.colno}"
            if "\n" in text.strip()
            else (f"column {exc.colno}")
        )
        why = exc.msg.removesuffix(" at")  # "Invalid control character at"
        raise InputError(f"{what}: not valid JSON ({at}: {why})") from None
    except RecursionError:
        raise InputError(f"{what}: nested too deep to read") from None


def _jsonl_document(raw: bytes, where: str, default_id: str) -> Document:
    try:
        obj = parse_json(raw.decode("utf-8-sig"), where)
    except UnicodeDecodeError as exc:
        raise InputError(f"{where}: not UTF-8 text (invalid byte at offset {exc.start})") from None
    if not isinstance(obj, dict):
        raise InputError(f'{where}: not an object; a line is one article, {{"text": "…"}}')
    text, html = _field(obj, "text"), _field(obj, "html")
    body = text if isinstance(text, str) else html
    if not isinstance(body, str) or not body.strip():
        raise InputError(f'{where}: no article text (a "text" or "html" string)')
    doc_id = _field(obj, "id") if "id" in obj else default_id
    if isinstance(doc_id, int) and not isinstance(doc_id, bool):
        doc_id = str(doc_id)
    if not isinstance(doc_id, str):
        raise InputError(f'{where}: "id" must be a string or a whole number')
    if not doc_id.strip():
        raise InputError(f'{where}: "id" is empty; give the article an id, or leave "id" out')
    page = ".html" if body is html else ""
    doc = _document(body.encode("utf-8"), where, doc_id.strip(), page)
    doc.sha256 = hashlib.sha256(raw.strip()).hexdigest()  # the whole line: a new title counts
    title = _field(obj, "title", "headline")
    if isinstance(title, str) and title.strip():
        doc.headline = title.strip()
    doc.url = _optional(check_url, _field(obj, "url")) or doc.url
    published = _optional(check_date, _field(obj, "date", "date_published", "datePublished"))
    doc.date_published = published or doc.date_published
    author = _field(obj, "author")
    if isinstance(author, list) and all(isinstance(a, str) for a in author):
        author = "; ".join(a.strip() for a in author if a.strip())
    if isinstance(author, str) and author.strip():
        doc.author = author.strip()
    return doc


def check_url(url: str, what: str = "url") -> str:
    """An absolute http(s) URL that is also a valid IRI, or an ``InputError``."""
    url = url.strip()
    parts = urlparse(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise InputError(f"{what} must be an http(s) URL, not {url!r}")
    try:
        NamedNode(url)
    except ValueError:
        raise InputError(f"{what} is not a valid URL: {url!r}") from None
    return url


def check_date(text: str, what: str = "date") -> str:
    """An ISO date (a date-time is cut to its date), or an ``InputError``."""
    try:
        return date.fromisoformat(text.strip()[:10]).isoformat()
    except ValueError:
        raise InputError(f"{what} must be an ISO date like 2026-03-01, not {text!r}") from None


def _optional(check: Callable[[str], str], value: object) -> str:
    """``check(value)``, or "" where the value is missing or not one: an
    article's metadata is kept when it can be read, its text either way."""
    try:
        return check(value) if isinstance(value, str) else ""
    except InputError:
        return ""


#: The path that names standard input on the command line.
STDIN = "-"
STDIN_ID = "stdin"


def read_stdin(stream: BinaryIO, limit: int = MAX_DOCUMENT_BYTES) -> Document:
    """Standard input as one document named ``stdin``, checked as a file is.

    A pipe has no size to look at first, so at most ``limit`` bytes and one
    more are read: enough to refuse an endless stream without holding it."""
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise InputError(
            f"standard input: over the {limit:,}-byte limit; split it into smaller files"
        )
    return _document(data, "standard input", STDIN_ID, "")


#: a carriage return that ends a line alone (classic Mac text)
_LONE_CR = re.compile(r"\r(?!\n)")


def line_ends(text: str) -> str:
    """Lone carriage returns as newlines, one character for one (so offsets
    into the file's text hold): paragraphs are found by their blank lines, and
    a file of ``\r`` line ends would otherwise be one paragraph, its headline
    run into the first sentence and read as its subject."""
    return _LONE_CR.sub("\n", text)


def _document(data: bytes, name: str, doc_id: str, suffix: str) -> Document:
    page = suffix.lower() in HTML_SUFFIXES or _looks_like_html(data)
    text = line_ends(decode(data, name, declared_charset(data) if page else ""))
    doc = Document(
        id=doc_id,
        text=text,
        path=name,
        sha256=hashlib.sha256(data).hexdigest(),
        headline=_headline(text),
    )
    if suffix.lower() in HTML_SUFFIXES or _looks_like_html(text):
        _from_html(doc, name)
    else:
        doc.author = byline(text)
    return doc


_NAME = re.compile(r"[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){1,3}")
_BYLINE = re.compile(r"\s*(?:By|BY)\s+(.+?)\s*")
_BYLINE_PARTS = re.compile(r"\s*[,|;]\s*|\s+and\s+|\s+[-–—]\s+")
#: Words that make a byline's part a role or an outlet, not a writer:
#: "By Jane Roe, Staff Writer", "By Jane Roe | Associated Press".
_ROLE_WORDS = frozenset(
    [
        "writer",
        "writers",
        "correspondent",
        "reporter",
        "editor",
        "staff",
        "press",
        "bureau",
        "news",
        "contributor",
        "columnist",
        "times",
        "post",
        "journal",
        "herald",
        "tribune",
        "gazette",
        "reuters",
        "afp",
    ]
)
_NOT_NAMES = frozenset({"The", "A", "An", "This", "That"})
#: A byline stands among a text's first lines (headline, byline, dateline...).
BYLINE_LINES = 4


def byline(text: str) -> str:
    """The writers a plain text names on a line of its own near the top, else
    "".  The first line is the headline ("By Any Means Necessary"), never a
    byline."""
    for line in [x for x in text.splitlines() if x.strip()][1:BYLINE_LINES]:
        if names := byline_names(line):
            return names
    return ""


def byline_names(line: str) -> str:
    """The writers a byline line names ("By Jane Roe", "By Jane Roe and Tom
    Oduya, Staff Writers"), joined by "; " as a web page's are, else "".
    Every part of the line must be capitalised words, so a line that goes on
    ("By Monday morning, the council ...") is the story, not a byline; a role
    or an outlet after the names ends them."""
    m = _BYLINE.fullmatch(line)
    parts = _BYLINE_PARTS.split(m.group(1)) if m else []
    if not parts or not all(_NAME.fullmatch(p) for p in parts):
        return ""
    names = []
    for part in parts:
        words = part.split()
        if words[0] in _NOT_NAMES or _ROLE_WORDS & {w.lower() for w in words}:
            break
        names.append(part)
    return "; ".join(names)


def _looks_like_html(text: str | bytes) -> bool:
    """A page by its start, read as bytes (for its charset) or as text (a
    UTF-16 page's bytes do not show it)."""
    head = text.lstrip()[:200].lower()
    if isinstance(head, bytes):
        return head.startswith((b"<!doctype html", b"<html"))
    return head.startswith(("<!doctype html", "<html"))


def _from_html(doc: Document, name: str) -> None:
    """Replace a web page's markup with its article text (trafilatura), in place.

    Offsets then point into the extracted text, which is what the store keeps
    as the document's text; paragraphs are separated by blank lines so that
    segmentation sees them.
    """
    import trafilatura

    html = doc.text
    text = trafilatura.extract(html, output_format="txt", include_comments=False)
    if not text or not text.strip():
        raise InputError(f"{name}: HTML page with no article text that could be extracted")
    meta = trafilatura.extract_metadata(html)
    doc.text = "\n\n".join(line.strip() for line in text.splitlines() if line.strip()) + "\n"
    doc.headline = (meta.title if meta and meta.title else "") or _headline(doc.text)
    if meta:
        doc.url = _optional(check_url, meta.url)
        doc.date_published = _optional(check_date, meta.date)
    doc.author = (meta.author if meta and meta.author else "") or byline(doc.text)


def document_from_text(text: str, doc_id: str = STDIN_ID) -> Document:
    """A Document from a string (tests, the Python API)."""
    data = text.encode("utf-8")
    decode(data, doc_id)
    text = line_ends(text)
    return Document(
        id=doc_id,
        text=text,
        sha256=hashlib.sha256(data).hexdigest(),
        headline=_headline(text),
        author=byline(text),
    )


def _headline(text: str) -> str:
    first = text.strip().split("\n", 1)[0].strip()
    return first if len(first) <= 200 else ""


def expand_paths(
    paths: Iterable[Path | str], suffixes: tuple[str, ...] = TEXT_SUFFIXES
) -> Iterator[Path]:
    """Files named, and files with one of ``suffixes`` found under directories,
    in sorted order.

    A missing path is yielded as-is so that reading it raises a clear error
    instead of being silently skipped.  A file named twice (``corpus`` and
    ``corpus/a.txt``) is yielded once.
    """
    seen: set[Path] = set()
    for p in map(Path, paths):
        found = (
            sorted(f for f in p.rglob("*") if f.is_file() and suffix_of(f) in suffixes)
            if p.is_dir()
            else [p]
        )
        for f in found:
            key = f.resolve()
            if key not in seen:
                seen.add(key)
                yield f


def iter_documents(
    paths: Iterable[Path | str],
) -> Iterator[tuple[Path, Document | InputError]]:
    """Each input file with its Document, or the error that stopped it; a
    JSON Lines file gives each of its articles (and bad lines) in turn.

    A document is its id (a file's name, a line's ``id``): one that comes
    again from another file or line (``june/port.txt``, ``july/port.txt``)
    is refused, naming the first, where a store would have merged the two
    into one graph and an extraction written two records of one id."""
    taken: dict[str, str] = {}
    for path in expand_paths(paths):
        if is_jsonl(path):
            items: Iterable[Document | InputError] = read_jsonl(path)
        else:
            try:
                items = [read_document(path)]
            except InputError as exc:
                items = [exc]
        for item in items:
            if (
                not isinstance(item, InputError)
                and taken.setdefault(item.id, item.path) != item.path
            ):
                item = InputError(
                    f"{item.path}: {taken[item.id]} is document {item.id!r} already; "
                    "rename one of them"
                )
            yield path, item


def count_documents(files: Iterable[Path]) -> int:
    """How many documents ``files`` hold, for a progress bar: one a file, one
    a line of a JSON Lines file (counted in blocks, never a whole line held)."""
    total = 0
    for path in files:
        if not is_jsonl(path):
            total += 1
            continue
        try:
            with _open_lines(path) as fh:
                last = b"\n"
                while block := fh.read(1 << 20):
                    total += block.count(b"\n")
                    last = block[-1:]
                total += last != b"\n"
        except (OSError, EOFError, zlib.error):
            total += 1  # reading it will say why
    return total


_WS = re.compile(r"\s+")


def normalise_space(text: str) -> str:
    return _WS.sub(" ", text).strip()
