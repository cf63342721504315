"""One way to print rows, shared by every command: ``--format table|json|jsonl|csv``.

JSON is a list of objects with every field (stable for scripts); CSV has a
header row; the table shows the columns that matter, shortening long text.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable
from enum import StrEnum
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

#: a cell a spreadsheet runs as a formula when it starts so (OWASP's "CSV injection")
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def spreadsheet_safe(value: Any) -> Any:
    """A text cell that would start a formula, behind a ``'``: statements quote
    whatever the web printed, and a quotation written as ``=HYPERLINK(…)`` must
    not run when a reporter opens the CSV in a spreadsheet.  Numbers stay as
    they are; JSON keeps every value untouched."""
    formula = isinstance(value, str) and value.startswith(_FORMULA_STARTS)
    return "'" + value if formula and not _NUMBER.fullmatch(value) else value


def csv_text(rows: Iterable[dict[str, Any]], columns: list[str]) -> str:
    """``rows`` as CSV with a header row, the given columns only, each cell
    ``spreadsheet_safe``."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows([spreadsheet_safe(row.get(c)) for c in columns] for row in rows)
    return buf.getvalue()


#: characters a terminal may act on rather than show: the C0 controls but tab
#: and newline, DEL, the C1 controls (U+009B starts an escape sequence too),
#: and the bidirectional embeddings, overrides and isolates, which can make a
#: line read otherwise than it is stored ("Trojan Source"); Arabic and Hebrew
#: text needs none of them to show right to left
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """``text`` with each control character shown as U+FFFD, one for one (so
    offsets into it hold): stored text is whatever a web page held, and an
    escape sequence in a quotation must not reach the reader's terminal."""
    return _CONTROLS.sub("\ufffd", text)


class _PrintableConsole(Console):
    """Every string printed goes through ``printable`` here, once, rather than
    at each message that happens to echo a name, a rating or a path back: a
    fact-checker's name typed with an escape sequence must not reach the
    terminal from a confirmation line either.  Scripts' JSON and CSV are
    written to the file directly and keep every character."""

    def print(self, *objects: Any, **options: Any) -> None:
        super().print(*(printable(o) if isinstance(o, str) else o for o in objects), **options)


def console(**options: Any) -> Console:
    """A console that prints text as written: rich markup (``[/bold]``, which
    news text can hold) and emoji codes (``:fire:``) are read only where a
    call asks for them with ``markup=True``, and control characters show as
    U+FFFD."""
    return _PrintableConsole(soft_wrap=True, markup=False, emoji=False, **options)


class RowFormat(StrEnum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"

    @property
    def structured(self) -> bool:
        """JSON of either shape: lists stay lists, ids stay whole."""
        return self in (RowFormat.json, RowFormat.jsonl)


#: characters of a table's title shown, at most
_TITLE_WIDTH = 100


def render_rows(
    rows: list[dict[str, Any]],
    fmt: RowFormat,
    columns: list[str],
    console: Console,
    title: str | None = None,
    widths: dict[str, int] | None = None,
) -> None:
    if fmt is RowFormat.json:
        console.file.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
        return
    if fmt is RowFormat.jsonl:  # a row a line, for tools that stream (jq -c, pandas lines=True)
        console.file.write("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))
        return
    if fmt is RowFormat.csv:
        # every key of every row, first seen first: a field the first row lacks
        # (an undated review) must not drop that column for all the others
        console.file.write(
            csv_text(rows, list(dict.fromkeys(k for r in rows for k in r)) or columns)
        )
        return
    if title and len(title) > _TITLE_WIDTH:  # a title echoes what was asked, which can be long
        title = title[: _TITLE_WIDTH - 1] + "…"
    if not rows:
        label = escape(f"{title}: ") if title else ""
        console.print(f"[dim]{label}nothing found[/dim]", markup=True)
        return
    table = Table(title=printable(title) if title else None, show_lines=False, expand=False)
    for col in columns:
        w = (widths or {}).get(col)
        # Long free text ("content") takes the slack; short columns never wrap.
        table.add_column(
            col,
            overflow="fold",
            max_width=w,
            ratio=1 if w and w >= 60 else None,
            no_wrap=bool(w and w <= 10),
        )
    for r in rows:
        table.add_row(*(_cell(r.get(c)) for c in columns))
    console.print(table)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.2f}"
    return printable(str(value))


def counted(n: int, noun: str) -> str:
    """ "1 finding", "2 findings": a count as a message says it."""
    return f"{n:,} {noun}" if n == 1 else f"{n:,} {noun}s"
