"""One way to print rows, shared by every command: ``--format table|json|csv``.

JSON is a list of objects with every field (stable for scripts); CSV has a
header row; the table shows the columns that matter, shortening long text.
"""

from __future__ import annotations

import csv
import io
import json
from enum import StrEnum
from typing import Any

from rich.console import Console
from rich.table import Table


class RowFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


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
    if fmt is RowFormat.csv:
        buf = io.StringIO()
        keys = list(rows[0]) if rows else columns
        writer = csv.DictWriter(buf, fieldnames=keys, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        console.file.write(buf.getvalue())
        return
    if not rows:
        console.print(f"[dim]{title + ': ' if title else ''}nothing found[/dim]")
        return
    table = Table(title=title, show_lines=False, expand=False)
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
    return str(value)


def counted(n: int, noun: str) -> str:
    """ "1 finding", "2 findings": a count as a message says it."""
    return f"{n:,} {noun}" if n == 1 else f"{n:,} {noun}s"
