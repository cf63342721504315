"""Rows as CSV: every cell a spreadsheet would run as a formula is text."""

from __future__ import annotations

import csv
import io

import pytest

from claimkb.output import RowFormat, console, csv_text, printable, render_rows, spreadsheet_safe


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ("=HYPERLINK(1+2) is the total", "'=HYPERLINK(1+2) is the total"),
        ("+cmd", "'+cmd"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1) at work", "'@SUM(A1) at work"),
        ("\tindented", "'\tindented"),
        ("-5", "-5"),
        ("+1.5", "+1.5"),
        ("-.5e3", "-.5e3"),
        ("The mayor said = fine", "The mayor said = fine"),
        ("", ""),
        (-3, -3),
        (0.93, 0.93),
        (None, None),
    ],
)
def test_spreadsheet_safe(cell, written):
    assert spreadsheet_safe(cell) == written


def test_csv_text_keeps_the_columns_given_in_order_and_quotes_what_it_must():
    rows = [
        {"content": "=1+1, said Roe", "start": -1, "extra": "dropped"},
        {"content": 'a "quoted"\nline', "start": 7},
    ]
    text = csv_text(rows, ["start", "content"])
    assert list(csv.reader(io.StringIO(text))) == [
        ["start", "content"],
        ["-1", "'=1+1, said Roe"],
        ["7", 'a "quoted"\nline'],
    ]


def test_printable_shows_controls_one_for_one():
    text = "Ada\x1b[2JVance\x07 said\t\x9bso\nthen"
    shown = printable(text)
    assert len(shown) == len(text)
    assert shown == "Ada\ufffd[2JVance\ufffd said\t\ufffdso\nthen"


def test_printable_shows_bidi_overrides_but_keeps_right_to_left_text():
    assert printable("doc \u202eevil\u202c id") == "doc \ufffdevil\ufffd id"
    assert printable("\u2067isolated\u2069") == "\ufffdisolated\ufffd"
    assert printable("שלום and سلام") == "שלום and سلام"


def test_a_table_prints_stored_text_as_written():
    buf = io.StringIO()
    rows = [{"content": "The [/bold] fares [red]rise[/red] :fire:\x1b[2J"}]
    render_rows(rows, RowFormat.table, ["content"], console(file=buf, width=200), title="[/x]")
    shown = buf.getvalue()
    assert "The [/bold] fares [red]rise[/red] :fire:\ufffd[2J" in shown
    assert "[/x]" in shown
    assert "\x1b" not in shown


def test_a_console_message_shows_controls_too():
    buf = io.StringIO()
    console(file=buf, width=200).print("recorded review by Ada\x1b[31m", highlight=False)
    assert buf.getvalue() == "recorded review by Ada\ufffd[31m\n"


def test_a_long_title_is_shortened_not_echoed_whole():
    buf = io.StringIO()
    title = "matches for “" + "harbour " * 5000 + "”"
    render_rows([], RowFormat.table, ["content"], console(file=buf, width=200), title=title)
    assert buf.getvalue().startswith("matches for “harbour harbour")
    assert buf.getvalue().endswith("…: nothing found\n") and len(buf.getvalue()) < 200


def test_csv_has_a_column_for_a_field_the_first_row_lacks():
    buf = io.StringIO()
    rows = [{"review": "a", "claim": "x"}, {"review": "b", "claim": "y", "date": "2026-01-02"}]
    render_rows(rows, RowFormat.csv, ["review"], console(file=buf))
    assert list(csv.reader(io.StringIO(buf.getvalue()))) == [
        ["review", "claim", "date"],
        ["a", "x", ""],
        ["b", "y", "2026-01-02"],
    ]
