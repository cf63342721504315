import io
import json
from pathlib import Path

import pytest

from claimkb.errors import InputError
from claimkb.extract import extract
from claimkb.ingest import (
    MAX_DOCUMENT_BYTES,
    count_documents,
    expand_paths,
    iter_documents,
    read_document,
    read_jsonl,
    read_stdin,
)


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    p = tmp_path / name
    p.write_bytes(data)
    return p


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b"   \n\t\n", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        (b"\x7fELF\x02\x01\x01\x00\x00\x00", "binary"),
        ("Caf\u00e9 d\u00e9cor".encode("latin-1"), "not UTF-8"),
        (b"\xff\xfeA\x00\x00\xd8", "not valid utf-16"),  # BOM, then a lone surrogate
    ],
)
def test_bad_files_are_refused_with_the_reason(tmp_path, data, reason):
    p = write(tmp_path, "bad.txt", data)
    with pytest.raises(InputError) as exc:
        read_document(p)
    assert str(p) in str(exc.value)
    assert reason in str(exc.value)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_utf16_and_utf32_with_a_bom_are_decoded(tmp_path, encoding):
    text = "“The port reopened,” Jane Roe said."
    data = ("\ufeff" + text).encode(encoding) if encoding != "utf-16" else text.encode("utf-16")
    p = write(tmp_path, "wide.txt", data)
    assert read_document(p).text == text


def test_utf8_with_bom_reads_without_the_bom(tmp_path):
    p = write(tmp_path, "bom.txt", "\ufeffThe port reopened.".encode())
    assert read_document(p).text == "The port reopened."


def test_missing_file(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_document(tmp_path / "nope.txt")


def test_oversized_file_is_refused_before_reading(tmp_path):
    p = tmp_path / "huge.txt"
    with p.open("wb") as fh:
        fh.truncate(MAX_DOCUMENT_BYTES + 1)
    with pytest.raises(InputError, match="byte limit"):
        read_document(p)


def test_document_id_is_the_stem_and_hash_is_of_bytes(tmp_path):
    p = write(tmp_path, "harbour-news.txt", b"The port reopened.")
    d = read_document(p)
    assert d.id == "harbour-news"
    assert len(d.sha256) == 64


def test_directory_walk_finds_text_files_sorted(tmp_path):
    (tmp_path / "b.txt").write_text("B happened.")
    (tmp_path / "a.md").write_text("A happened.")
    (tmp_path / "c.png").write_bytes(b"\x89PNG")
    assert [p.name for p in expand_paths([tmp_path])] == ["a.md", "b.txt"]


def test_a_file_named_twice_is_read_once(tmp_path):
    (tmp_path / "a.txt").write_text("A happened.")
    (tmp_path / "b.txt").write_text("B happened.")
    paths = [tmp_path, tmp_path / "a.txt", tmp_path / ".." / tmp_path.name / "b.txt"]
    assert [p.name for p in expand_paths(paths)] == ["a.txt", "b.txt"]


def test_bad_file_in_a_directory_does_not_stop_the_others(tmp_path):
    (tmp_path / "a.txt").write_text("A happened.")
    (tmp_path / "b.txt").write_bytes(b"")
    (tmp_path / "c.txt").write_text("C happened.")
    got = [(p.name, type(item).__name__) for p, item in iter_documents([tmp_path])]
    assert got == [("a.txt", "Document"), ("b.txt", "InputError"), ("c.txt", "Document")]


PAGE = """<!DOCTYPE html><html><head><title>Harbour reopens</title>
<meta property="og:url" content="https://example.org/harbour">
<meta name="date" content="2026-11-02"></head><body>
<nav>Home | News | Sport</nav><article><h1>Harbour reopens</h1>
<p>President Mara Castell said on Monday that the harbour would reopen to cargo ships.</p>
<p>"The damage is serious, but it is not permanent," the president said.</p>
</article><footer>Copyright 2026</footer></body></html>"""


def test_html_becomes_article_text_with_metadata(tmp_path):
    p = write(tmp_path, "harbour.html", PAGE.encode())
    d = read_document(p)
    assert "<p>" not in d.text and "Copyright" not in d.text and "Sport" not in d.text
    assert "President Mara Castell said on Monday" in d.text
    assert "\n\n" in d.text  # paragraphs stay paragraphs
    assert (d.headline, d.url, d.date_published) == (
        "Harbour reopens",
        "https://example.org/harbour",
        "2026-11-02",
    )


def test_html_statements_point_into_the_extracted_text(tmp_path):
    from claimkb.extract import extract

    d = read_document(write(tmp_path, "harbour.html", PAGE.encode()))
    found = [s for s in extract(d).statements if s.kind != "unattributed"]
    assert any(s.speaker and s.speaker.name == "Mara Castell" for s in found)
    for s in found:
        for frag in s.content:
            assert d.text[frag.start : frag.end] == frag.text


def test_html_without_an_article_is_refused(tmp_path):
    p = write(
        tmp_path,
        "empty.html",
        b"<html><head><script>var x = 1;</script></head><body></body></html>",
    )
    with pytest.raises(InputError, match="no article text"):
        read_document(p)


def test_a_fifo_is_refused_not_waited_on(tmp_path):
    import os

    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    with pytest.raises(InputError, match="not a regular file"):
        read_document(fifo)


def test_a_broken_symlink_is_a_missing_file(tmp_path):
    link = tmp_path / "gone.txt"
    link.symlink_to(tmp_path / "never-there.txt")
    with pytest.raises(InputError, match="no such file"):
        read_document(link)


def test_standard_input_over_the_limit_is_refused_without_reading_it_all():
    stream = io.BytesIO(b"The mayor said so. " * 100)
    with pytest.raises(InputError, match="standard input: over the 50-byte limit"):
        read_stdin(stream, limit=50)
    assert stream.tell() == 51  # one byte past the limit, not the whole stream


def test_standard_input_is_a_document_with_the_checks_of_a_file():
    doc = read_stdin(io.BytesIO("\ufeffCafé owners said so.\n".encode()))
    assert (doc.id, doc.text, doc.headline) == (
        "stdin",
        "Café owners said so.\n",
        "Café owners said so.",
    )


@pytest.mark.parametrize(
    ("text", "author"),
    [
        ("Levy must rise\n\nBy Nils Ambrose\n\nI believe the levy is too low.\n", "Nils Ambrose"),
        ("Levy must rise\nBy Ada Vance and Tom Oduya\nThe levy is low.\n", "Ada Vance; Tom Oduya"),
        ("Levy must rise\n\nBy Nils Ambrose, Staff Writer\n\nThe levy is low.\n", "Nils Ambrose"),
        ("Levy\n\nBY ADA VANCE | Harbour Gazette\n\nThe levy is low.\n", "ADA VANCE"),
        ("Levy vote\n\nBy Monday morning, the council had voted.\n", ""),
        ("By The Numbers\n\nThe levy is two crowns.\n", ""),
        ("By Any Means Necessary\n\nThe levy is two crowns.\n", ""),  # a headline
        (
            "Levy vote\n\nThe council voted.\n\nIt met.\n\nIt rose.\n\nBy Nils Ambrose\n",
            "",
        ),  # far down
    ],
)
def test_a_plain_text_byline_is_a_line_of_its_own_near_the_top(tmp_path, text, author):
    assert read_document(write(tmp_path, "levy.txt", text.encode())).author == author


def test_a_web_page_author_is_the_byline(tmp_path):
    page = PAGE.replace("</head>", '<meta name="author" content="Nils Ambrose"></head>')
    assert read_document(write(tmp_path, "harbour.html", page.encode())).author == "Nils Ambrose"


def test_lone_carriage_returns_end_lines_one_for_one(tmp_path):
    raw = "Bridge reopens\r\rThe mayor, Ada Vance, said the bridge was safe.\r"
    doc = read_document(write(tmp_path, "mac.txt", raw.encode()))
    assert doc.text == raw.replace("\r", "\n")
    assert doc.headline == "Bridge reopens"


def test_windows_line_ends_are_kept(tmp_path):
    raw = "Bridge reopens\r\n\r\nThe mayor said the bridge was safe.\r\n"
    assert read_document(write(tmp_path, "win.txt", raw.encode())).text == raw


def test_a_classic_mac_file_keeps_its_headline_out_of_the_first_sentence(tmp_path):
    raw = "Bridge reopens\r\rThe mayor, Ada Vance, said the bridge was safe.\r"
    found = extract(read_document(write(tmp_path, "mac.txt", raw.encode()))).statements
    said = [s for s in found if s.kind != "unattributed"]
    assert [
        (s.source.text if s.source else None, s.speaker.name if s.speaker else None) for s in said
    ] == [("The mayor, Ada Vance", "Ada Vance")]


def jsonl(tmp_path: Path, *lines: object, name: str = "feed.jsonl") -> Path:
    """A JSON Lines file: objects are dumped, strings written as they are."""
    text = "\n".join(x if isinstance(x, str) else json.dumps(x) for x in lines) + "\n"
    return write(tmp_path, name, text.encode("utf-8"))


def test_a_json_lines_file_is_one_document_a_line_with_its_metadata(tmp_path):
    article = {
        "id": "pier-1",
        "title": "Pier to reopen",
        "url": "https://news.example/pier",
        "date": "2026-03-02T09:30:00Z",
        "author": ["Ann Lee", "Bo Lind"],
        "text": "Harbour master Jane Roe said the pier will reopen in May.",
    }
    path = jsonl(tmp_path, article, "", {"text": "Tom Oduya said the toll stays."})
    first, second = read_jsonl(path)
    assert (first.id, first.text, first.headline) == ("pier-1", article["text"], "Pier to reopen")
    assert (first.url, first.date_published, first.author) == (
        article["url"],
        "2026-03-02",
        "Ann Lee; Bo Lind",
    )
    assert (first.path, second.path) == (f"{path}:1", f"{path}:3")
    assert second.id == "feed-3"  # no id: the file's name and the line's number
    assert first.sha256 != second.sha256
    assert count_documents([path]) == 3  # lines, blank ones too: a bar's estimate


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("{not json", "not valid JSON"),
        ('["a", "list"]', "not an object"),
        ('{"id": "x"}', "no article text"),
        ('{"text": "   "}', "no article text"),
        ('{"id": true, "text": "Roe said so."}', '"id" must be'),
        ('{"id": " ", "text": "Roe said so."}', '"id" is empty'),
        ("[" * 100_000, "nested too deep"),
    ],
)
def test_a_bad_line_is_refused_alone_naming_its_line(tmp_path, line, reason):
    path = jsonl(
        tmp_path, {"id": "a", "text": "Roe said so."}, line, {"id": "c", "text": "Lee agreed."}
    )
    items = list(read_jsonl(path))
    assert [i.id for i in items if not isinstance(i, InputError)] == ["a", "c"]
    (bad,) = [i for i in items if isinstance(i, InputError)]
    assert str(bad).startswith(f"{path}:2: ") and reason in str(bad)


def test_a_json_line_over_the_limit_is_read_past_not_held(tmp_path):
    long_line = json.dumps({"text": "x" * 500})
    path = jsonl(tmp_path, long_line, {"id": "after", "text": "Roe said so."})
    items = list(read_jsonl(path, limit=100))
    assert str(items[0]) == f"{path}:1: line over the 100-byte limit"
    assert [i.id for i in items[1:]] == ["after"]


def test_a_json_lines_file_of_blank_lines_says_so(tmp_path):
    path = write(tmp_path, "empty.jsonl", b"\n  \n")
    assert [str(i) for i in read_jsonl(path)] == [f"{path}: no articles (every line is blank)"]


def test_a_web_page_in_a_json_line_is_read_as_one(tmp_path):
    html = (
        "<html><body><article><p>The council said the ferry would run daily.</p>"
        "</article></body></html>"
    )
    (doc,) = read_jsonl(jsonl(tmp_path, {"id": 7, "html": html, "date": "2026-02-30"}))
    assert doc.id == "7" and "<p>" not in doc.text and "ferry would run daily" in doc.text
    assert doc.date_published == ""  # not a day of any calendar


def test_directories_yield_json_lines_articles_in_turn(tmp_path):
    jsonl(tmp_path, {"id": "j1", "text": "Roe said so."}, {"id": "j2", "text": "Lee agreed."})
    write(tmp_path, "a.txt", b"Oduya said the toll stays.")
    ids = [item.id for _, item in iter_documents([tmp_path])]
    assert ids == ["a", "j1", "j2"]
    with pytest.raises(InputError, match="JSON Lines"):
        read_document(tmp_path / "feed.jsonl")


def test_a_web_page_in_its_declared_legacy_charset_is_read_in_it(tmp_path):
    page = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">'
        "</head><body><article><p>José Ramírez said the café would reopen “soon”.</p>"
        "</article></body></html>"
    )
    # browsers read a page labelled Latin-1 as windows-1252: its curly quotes too
    doc = read_document(write(tmp_path, "cafe.html", page.encode("cp1252")))
    assert "José Ramírez said the café would reopen “soon”." in doc.text


@pytest.mark.parametrize(
    ("name", "head", "reason"),
    [
        ("undeclared.html", "<html><head>", "not UTF-8"),
        ("unknown.html", '<html><head><meta charset="no-such-codec">', "not UTF-8"),
        ("plain.txt", '<p><meta charset="latin1">', "not UTF-8"),  # not a page: no charset
        ("wrong.html", '<html><head><meta charset="utf-16">', "declares charset utf-16"),
    ],
)
def test_legacy_bytes_are_refused_unless_a_page_declares_them(tmp_path, name, head, reason):
    data = (head + "<body><p>José said so.</p></body></html>").encode("latin-1")
    with pytest.raises(InputError, match=reason):
        read_document(write(tmp_path, name, data))


def test_a_document_id_that_comes_again_is_refused_naming_the_first(tmp_path):
    (tmp_path / "june").mkdir()
    (tmp_path / "july").mkdir()
    write(tmp_path / "june", "port.txt", b"Roe said the pier is shut.")
    write(tmp_path / "july", "port.md", b"Lee said the pier is open.")
    feed = jsonl(tmp_path, {"id": "port", "text": "Oduya said so."}, name="feed.jsonl")
    items = [item for _, item in iter_documents([tmp_path / "june", tmp_path / "july", feed])]
    assert items[0].id == "port" and items[0].text == "Roe said the pier is shut."
    first = tmp_path / "june" / "port.txt"
    assert [str(i) for i in items[1:]] == [
        f"{tmp_path / 'july' / 'port.md'}: {first} is document 'port' already; rename one of them",
        f"{feed}:1: {first} is document 'port' already; rename one of them",
    ]


def test_half_a_surrogate_pair_in_a_json_line_shows_as_a_replacement_character(tmp_path):
    line = '{"id": "a\\ud800", "title": "T\\udc00", "url": "https://x.example/\\ud800", '
    line += '"text": "\\ud800Roe said so."}'
    (doc,) = read_jsonl(jsonl(tmp_path, line))
    assert (doc.id, doc.headline, doc.text) == ("a\ufffd", "T\ufffd", "\ufffdRoe said so.")
    assert doc.url == ""  # not a URL an IRI can hold: left out, the article kept


def test_a_missing_json_lines_file_is_skipped_like_any_file(tmp_path):
    other = write(tmp_path, "b.txt", b"Oduya said the toll stays.")
    items = [item for _, item in iter_documents([tmp_path / "gone.jsonl", other])]
    assert str(items[0]) == f"{tmp_path / 'gone.jsonl'}: no such file"
    assert items[1].id == "b"


def test_a_gzipped_json_lines_corpus_is_read_as_one(tmp_path):
    import gzip

    lines = [json.dumps({"text": f"Roe said the pier {n} is shut."}) for n in range(400)]
    data = gzip.compress(("\n".join(lines) + "\n").encode("utf-8"))
    write(tmp_path, "feed.jsonl.gz", data)
    docs = [item for _, item in iter_documents([tmp_path])]  # found by a directory walk
    assert [d.id for d in docs[:2]] == ["feed-1", "feed-2"] and len(docs) == 400
    assert docs[-1].text == "Roe said the pier 399 is shut."
    cut = write(tmp_path, "cut.jsonl.gz", data[: len(data) // 2])
    items = list(read_jsonl(cut))
    assert all(not isinstance(i, InputError) for i in items[:-1]) and len(items) > 1
    assert str(items[-1]).startswith(f"{cut}: cannot read (Compressed file ended")
